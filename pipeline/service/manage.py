"""Manage a subscription without an account.

- GET/POST .../manage-request: enter an address; an active subscriber gets a manage
  link by email. The answer is the same page whatever the address's state, and only
  the form's own input is ever judged, so the page never says who is on the list; the
  link is sent while the answer goes back, so its timing does not say it either.
- GET .../manage?token=T shows, for the address the link was sent to: the choices
  form, change of address, download my data, unsubscribe, delete my data. Each is a
  POST (with the form's CSRF token); no GET changes anything.
- GET .../address?token=T (sent to a NEW address) shows a button; its POST moves
  the subscription to that address.

Links are signed and expire after 7 days; an expired one says how to get another.
"""

from __future__ import annotations

import sys
import threading

from pipeline.exceptions import CascadeError
from pipeline.mail import manage, subscribers, tokens
from pipeline.mail.mime import Outgoing
from pipeline.mail.transports.choose import open_transport
from pipeline.service import forms
from pipeline.service.http import Request, Response, Route, fragment
from pipeline.service.subscription import (INVALID, choice_errors, choices, current_choices,
                                           link_token, posted_choices, save_choices)
from pipeline.settings.kinds import EMAIL

ACTIONS = ("choices", "address", "download", "unsubscribe", "delete", "erase")
DOWNLOAD_NAME = "my-subscription-data.json"


def request_link(request: Request, db) -> Response:
    config = request.config
    if request.method != "POST":
        return Response(200, "Manage your subscription",
                        fragment("web/manage-request.html", csrf=request.csrf, email="",
                                 errors=[]))
    email = request.value("email").strip()
    problem = address_problem(email)
    if problem:
        return Response(400, "Error: Manage your subscription",
                        fragment("web/manage-request.html", csrf=request.csrf, email=email,
                                 errors=[("email", problem)]))
    sent = Response(200, "Check your email",
                    fragment("web/manage-sent.html", email=email, days=manage.LINK_DAYS))
    if forms.is_bot(request):
        return sent
    forms.limit(request.limits, ("address", email.lower()), forms.PER_ADDRESS,
                "for this email address")
    message = manage.request_link(config, db, request.key, email, request.now)
    if message is not None:
        # Sent beside the answer, not before it: the time a transport takes to accept
        # an email would otherwise tell who is subscribed.
        threading.Thread(target=deliver, args=(config, message), name="manage-link").start()
    return sent


def address_problem(email: str) -> str:
    if not email:
        return "Enter your email address."
    if len(email) > manage.MAX_EMAIL or not EMAIL.match(email):
        return "Enter an email address in the correct format, like name@example.org."
    return ""


def deliver(config, message: Outgoing) -> bool:
    """Send one email now; a failure is noted in the server's log (never the address)
    and the page stays the same."""
    try:
        with open_transport(config) as transport:
            result = transport.send(message, message.to[1])
    except (CascadeError, OSError) as exc:
        print(f"cascade serve: could not send an email: {type(exc).__name__}: {exc}",
              file=sys.stderr)
        return False
    return result.status == "sent"


def verified(request: Request, db, purpose: str, lookup) -> tuple[str, object]:
    """(token, record) for a link of this purpose, or a 403 page (expired: how to get
    a new one). `lookup(db, token)` finds the record and its address."""
    token = link_token(request)
    found = lookup(db, token)
    verdict = "invalid" if found is None else tokens.verify_expiring(
        request.key, token, purpose, found[0], found[1], request.now)
    if verdict == "expired":
        raise Response(403, "This link has expired",
                       fragment("web/link-expired.html", days=manage.LINK_DAYS,
                                again="manage-request"))
    if verdict != "ok":
        raise Response(403, "This link is not valid", INVALID)
    return token, found[2]


def _subscriber(db, token: str):
    ident = tokens.expiring_id(token, "manage")
    subscriber = subscribers.get(db, ident) if ident else None
    return None if subscriber is None else (subscriber.id, subscriber.email, subscriber)


def _change(db, token: str):
    change = manage.pending_change(db, token)
    return None if change is None else (change.signup_id, change.email, change)


def manage_page(request: Request, db) -> Response:
    token, subscriber = verified(request, db, "manage", _subscriber)
    action = request.value("action") if request.method == "POST" else ""
    if action and action not in ACTIONS:
        return page(request, db, token, subscriber, status=400)
    if action == "download":
        return Response(200, "Your data", manage.data_export(db, subscriber, request.now),
                        [("Content-Disposition", f'attachment; filename="{DOWNLOAD_NAME}"')],
                        content_type="application/json; charset=utf-8")
    if action == "delete":
        return Response(200, "Delete your data",
                        fragment("web/manage-delete.html", email=subscriber.email, token=token,
                                 csrf=request.csrf))
    if action == "erase":
        subscribers.erase(db, subscriber.id, request.now)
        return Response(200, "Your data has been deleted",
                        fragment("web/manage-deleted.html", email=subscriber.email,
                                 site_url=request.config.site_url))
    if subscriber.status != "active" or not action:
        return page(request, db, token, subscriber)
    if action == "unsubscribe":
        subscribers.set_status(db, subscriber.id, "unsubscribed", "manage page", request.now)
        return Response(200, "You have been unsubscribed",
                        fragment("web/unsubscribed.html", email=subscriber.email,
                                 contact=request.config["contact_email"]))
    if action == "address":
        return change_address(request, db, token, subscriber)
    chosen = posted_choices(request)
    errors = choice_errors(request.config, chosen)
    if errors:
        return page(request, db, token, subscriber, chosen=chosen, errors=errors, status=400)
    save_choices(db, subscriber.id, chosen, request.now)
    return page(request, db, token, subscribers.get(db, subscriber.id), saved=True)


def change_address(request: Request, db, token: str, subscriber) -> Response:
    new = request.value("email").strip()
    problem = address_problem(new)
    if not problem and new.lower() == subscriber.email.lower():
        problem = "Enter a different email address: we already use this one."
    if problem:
        return page(request, db, token, subscriber, errors=[("email", problem)], new=new,
                    status=400)
    forms.limit(request.limits, ("address", new.lower()), forms.PER_ADDRESS,
                "for this email address")
    message = manage.start_address_change(request.config, db, request.key, subscriber, new,
                                          request.now)
    if not deliver(request.config, message):
        return Response(503, "Sorry, we could not send the email",
                        "Nothing has changed. Please try again in a few minutes.")
    return Response(200, "Check your email",
                    fragment("web/address-sent.html", new=new, email=subscriber.email,
                             days=manage.LINK_DAYS))


def page(request: Request, db, token: str, subscriber, chosen=None, errors=(), saved=False,
         new="", status=200) -> Response:
    """The manage page: what is wrong goes in the error summary (title "Error: ...")."""
    if chosen is None:
        chosen = current_choices(db, subscriber)
    title = ("Error: " if errors else "") + "Manage your subscription"
    unsubscribe = tokens.make(request.key, "unsubscribe", subscriber.id, subscriber.email)
    return Response(status, title, fragment(
        "web/manage.html", email=subscriber.email, active=subscriber.status == "active",
        token=token, csrf=request.csrf, errors=list(errors), saved=saved, new=new,
        site_url=request.config.site_url, unsubscribe=unsubscribe,
        **choices(request.config, chosen, request.now)))


def confirm_address(request: Request, db) -> Response:
    token, change = verified(request, db, "address", _change)
    site_url = request.config.site_url
    if request.method != "POST":
        return Response(200, "Confirm your new email address",
                        fragment("web/address-confirm.html", new=change.email, token=token,
                                 csrf=request.csrf))
    if not tokens.use_once(db, token, request.now):
        raise Response(403, "This link is not valid", INVALID)
    outcome = manage.finish_address_change(db, change, request.now)
    titles = {"changed": "Your email address has changed",
              "taken": "This address already gets our emails",
              "gone": "There was nothing to change"}
    return Response(200, titles[outcome],
                    fragment("web/address-changed.html", outcome=outcome, new=change.email,
                             site_url=site_url))


ROUTES = {
    "manage-request": Route(request_link),
    "manage": Route(manage_page),
    "address": Route(confirm_address),
}
