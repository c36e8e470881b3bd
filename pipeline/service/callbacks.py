"""Callbacks from mail providers: GOV.UK Notify's delivery receipts.

POST .../notify-callback with Notify's JSON and `Authorization: Bearer <token>`.
With no CASCADE_NOTIFY_CALLBACK_TOKEN in the environment the address does not exist
(404); a missing or wrong token gets 401; a body that is not Notify's JSON 400; one
over the size cap 413 (before it is read). Answers are JSON and name no one.
"""

from __future__ import annotations

import json

from pipeline.mail import notify_status
from pipeline.service.http import Request, Response, Route

JSON = "application/json"


def _json(status: int, title: str, data: dict, headers=()) -> Response:
    return Response(status, title, json.dumps(data).encode("utf-8") + b"\n", headers,
                    content_type=JSON)


def notify_callback(request: Request, db) -> Response:
    secret = notify_status.callback_token()
    if not secret:
        raise Response(404, "Page not found", "There is no page at this address.")
    if request.method != "POST":
        raise _json(405, "Method not allowed", {"error": "POST a delivery receipt"},
                    [("Allow", "POST")])
    if not notify_status.authorised(request.headers.get("authorization", ""), secret):
        raise _json(401, "Unauthorized", {"error": "a valid bearer token is needed"},
                    [("WWW-Authenticate", 'Bearer realm="notify-callback"')])
    try:
        callback = notify_status.parse(request.raw_body)
    except ValueError as exc:
        raise _json(400, "Bad request", {"error": str(exc)}) from None
    outcome = notify_status.apply(request.config, db, callback, request.now)
    return _json(200, "OK", {"result": outcome})


ROUTES = {"notify-callback": Route(notify_callback, guard="raw")}
