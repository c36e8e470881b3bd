"""The unsubscribe and preferences pages: a small WSGI app (served by waitress).

- GET  .../unsubscribe?token=T  shows a confirmation page with a button. Mail
  scanners follow links in email, so a GET never unsubscribes anyone.
- POST .../unsubscribe?token=T  with `List-Unsubscribe=One-Click` (RFC 8058, sent
  by mail clients, or by the page's button) unsubscribes.
- GET/POST .../preferences?token=T  shows and changes audiences, themes, frequency.

A token that was not signed with our key for that purpose and subscriber is
refused with 403. Bodies are capped (here and, before they are read, in the
server: see serve.py); a request that is not what a browser or mail client
sends (bad percent-encoding, text that is not UTF-8, a field twice, a nested
or file-carrying multipart body, a GET with a body) is refused with 400. Every
response carries security headers and no page is cached or sends a Referer
(the token is in the address).
"""

from __future__ import annotations

import base64
import hashlib
import re
import sys
import traceback
from datetime import datetime
from email.errors import MessageError
from email.parser import BytesParser
from email.policy import HTTP
from urllib.parse import parse_qs, urlsplit

from markupsafe import Markup

from pipeline import crontab as schedule
from pipeline.settings.config import Config
from pipeline.mail import subscribers, tokens
from pipeline.render import render
from pipeline.text import label
from pipeline.state import open_state

MAX_BODY = 8 * 1024
MAX_FIELDS = 200           # far more than the preferences form has boxes
SINGLE = ("token", "List-Unsubscribe", "frequency")   # fields that may appear once
BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
CSS = ("body{margin:0;font-family:Arial,Helvetica,sans-serif;font-size:1.1875rem;"
       "line-height:1.5;color:#0b0c0c;background:#fff}header{background:#1d70b8;color:#fff;"
       "padding:1rem}main{max-width:40rem;margin:0 auto;padding:1rem}a{color:#1d70b8}"
       "button{font:inherit;font-weight:bold;color:#fff;background:#00703c;border:0;"
       "padding:.5rem 1rem;box-shadow:0 2px 0 #002d18;cursor:pointer}"
       "button:focus,a:focus,input:focus{outline:3px solid #fd0;outline-offset:0;"
       "box-shadow:inset 0 0 0 2px #0b0c0c}fieldset{border:0;padding:0;margin:0 0 1.5rem}"
       "legend{font-weight:bold;font-size:1.3rem}label{display:block;margin:.25rem 0}"
       ".error{border-left:5px solid #d4351c;padding-left:1rem}.org{margin:0;font-weight:bold}")
CSS_HASH = base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()
SECURITY_HEADERS = [
    ("Content-Security-Policy", f"default-src 'none'; style-src 'sha256-{CSS_HASH}'; "
                                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cache-Control", "no-store"),
]
REASONS = {200: "OK", 400: "Bad Request", 403: "Forbidden", 404: "Not Found",
           405: "Method Not Allowed", 413: "Content Too Large", 415: "Unsupported Media Type",
           500: "Internal Server Error"}
INVALID = ("This link is not valid. It may have been copied incompletely or changed. Use the "
           "link in your most recent email, or contact us.")


class Response(Exception):
    """A finished page, raised from anywhere in a request. `body` is plain text (shown
    as one paragraph) or Markup from a web/ template (see `_fragment`)."""

    def __init__(self, status: int, title: str, body: str, extra_headers=()):
        super().__init__(title)
        self.status, self.title, self.body = status, title, body
        self.extra_headers = list(extra_headers)


def make_app(config: Config):
    """The WSGI application for `cascade serve` (or any WSGI server)."""
    prefix = urlsplit(tokens.base_url(config)).path or "/"

    def app(environ, start_response):
        try:
            response = _route(config, prefix, environ)
        except Response as finished:
            response = finished
        except Exception:  # a bug: say so plainly, keep the details in the server's log
            traceback.print_exc(file=environ.get("wsgi.errors", sys.stderr))
            response = Response(500, "Sorry, something went wrong", "Please try again later.")
        page = _page(config, response.title, response.body).encode("utf-8")
        headers = [("Content-Type", "text/html; charset=utf-8"),
                   ("Content-Length", str(len(page))), *SECURITY_HEADERS,
                   *response.extra_headers]
        start_response(f"{response.status} {REASONS[response.status]}", headers)
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [page]

    return app


def _route(config: Config, prefix: str, environ) -> Response:
    path = environ.get("PATH_INFO", "")
    pages = {prefix + "unsubscribe": _unsubscribe, prefix + "preferences": _preferences}
    handler = pages.get(path)
    if handler is None:
        raise Response(404, "Page not found", "There is no page at this address.")
    method = environ.get("REQUEST_METHOD", "GET")
    if method not in ("GET", "HEAD", "POST"):
        raise Response(405, "Method not allowed", "Use the link or the button.",
                       [("Allow", "GET, HEAD, POST")])
    if method != "POST" and _has_body(environ):
        raise _bad_request()
    query = _fields(_wire_bytes(environ.get("QUERY_STRING", "")))
    form = _read_form(environ) if method == "POST" else {}
    tokens_sent = query.get("token", []) + form.get("token", [])
    if len(set(tokens_sent)) > 1:       # the page's form repeats the address's token
        raise _bad_request()
    token = tokens_sent[0] if tokens_sent else ""
    purpose = "unsubscribe" if handler is _unsubscribe else "preferences"
    now = datetime.now(config.tz)
    with open_state(config.state_db) as db:
        subscriber = _verified(config, db, token, purpose)
        return handler(config, db, subscriber, method, form, token, now)


def _verified(config: Config, db, token: str, purpose: str):
    key = tokens.web_key(config, db)
    subscriber_id = tokens.parse(token, purpose)
    subscriber = subscribers.get(db, subscriber_id) if subscriber_id and key else None
    if subscriber is None or not tokens.verify(key, token, purpose, subscriber.id,
                                               subscriber.email):
        raise Response(403, "This link is not valid", INVALID)
    return subscriber


def _bad_request() -> Response:
    return Response(400, "Bad request", "The request was not understood.")


def _has_body(environ) -> bool:
    return environ.get("CONTENT_LENGTH", "") not in ("", "0") or \
        "HTTP_TRANSFER_ENCODING" in environ


def _wire_bytes(text: str) -> bytes:
    """A WSGI string back as the bytes that came over the wire (PEP 3333: latin-1)."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        raise _bad_request() from None


def _read_form(environ) -> dict:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise _bad_request() from None
    if length < 0:
        raise _bad_request()
    if length > MAX_BODY:
        raise Response(413, "Request too large", "The request was too large.")
    kind = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if kind not in ("", "application/x-www-form-urlencoded", "multipart/form-data"):
        raise Response(415, "Unsupported request", "Send the form as it is.")
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    if len(body) != length:
        raise _bad_request()
    if kind == "multipart/form-data":
        return _multipart(_wire_bytes(environ["CONTENT_TYPE"]), body)
    return _fields(body)


def _fields(raw: bytes) -> dict:
    """Form fields from URL-encoded bytes, strictly: anything a browser would not send is
    a bad request rather than a guess."""
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        raise _bad_request() from None
    if BAD_ESCAPE.search(text):
        raise _bad_request()
    try:
        fields = parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="strict",
                          max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise _bad_request() from None
    return _once(fields)


def _multipart(content_type: bytes, body: bytes) -> dict:
    """Form fields from a flat multipart/form-data body of text fields (RFC 7578)."""
    header = b"Content-Type: " + content_type + b"\r\n\r\n"
    form: dict = {}
    try:
        message = BytesParser(policy=HTTP).parsebytes(header + body)
        if not message.is_multipart() or message.defects:
            raise _bad_request()
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if part.is_multipart() or part.defects or part.get_filename() is not None \
                    or part.get_content_disposition() != "form-data" or not name:
                raise _bad_request()
            payload = part.get_payload(decode=True)
            form.setdefault(str(name), []).append(
                payload.decode(part.get_content_charset() or "utf-8"))
    except (MessageError, UnicodeError, LookupError, ValueError, TypeError):
        raise _bad_request() from None
    return _once(form)


def _once(fields: dict) -> dict:
    if any(len(fields.get(name, ())) > 1 for name in SINGLE):
        raise _bad_request()
    return fields


def _unsubscribe(config, db, subscriber, method, form, token, now) -> Response:
    email = subscriber.email
    if method == "POST":
        if (form.get("List-Unsubscribe") or [""])[0] != "One-Click":
            raise Response(400, "Bad request", "Use the Unsubscribe button.")
        if subscriber.status == "active":
            subscribers.set_status(db, subscriber.id, "unsubscribed", "unsubscribe link", now)
        return Response(200, "You have been unsubscribed",
                        _fragment("web/unsubscribed.html", email=email,
                                  contact=config["contact_email"]))
    if subscriber.status != "active":
        return Response(200, "You are already unsubscribed",
                        _fragment("web/not-subscribed.html", email=email, start_again=False))
    preferences = tokens.make(tokens.web_key(config, db), "preferences", subscriber.id,
                              subscriber.email)
    return Response(200, "Unsubscribe from our emails",
                    _fragment("web/unsubscribe.html", partnership=config["partnership"],
                              email=email, token=token, preferences=preferences))


def _preferences(config, db, subscriber, method, form, token, now) -> Response:
    if subscriber.status != "active":
        return Response(200, "You are unsubscribed",
                        _fragment("web/not-subscribed.html", email=subscriber.email,
                                  start_again=True, contact=config["contact_email"]))
    chosen = {"audiences": list(subscriber.audiences), "themes": list(subscriber.themes),
              "frequency": subscriber.frequency}
    if method != "POST":
        return Response(200, "Choose what you get", _form(config, token, chosen, now))
    chosen = {"audiences": form.get("audiences", []), "themes": form.get("themes", []),
              "frequency": (form.get("frequency") or [""])[0]}
    errors = []
    if not chosen["audiences"]:
        errors.append("Choose at least one group you work with.")
    if any(a not in config["audiences"] for a in chosen["audiences"]) or \
            any(t not in config["themes"] for t in chosen["themes"]):
        errors.append("Choose groups and topics from the lists.")
    if chosen["frequency"] not in subscribers.FREQUENCIES:
        errors.append("Choose how often you want email.")
    if errors:
        return Response(400, "Choose what you get",
                        _form(config, token, chosen, now, errors=errors))
    subscribers.set_preferences(db, subscriber.id, chosen["audiences"], chosen["themes"],
                                chosen["frequency"], now)
    return Response(200, "Your choices were saved",
                    _form(config, token, chosen, now, saved=True))


FREQUENCY_LABELS = {"immediate": "Each alert as soon as it is published",
                    "weekly": "A weekly digest of alerts",
                    "newsletter-only": "Only the newsletter"}


def _form(config: Config, token: str, chosen: dict, now: datetime, errors=(),
          saved=False) -> Markup:
    glossary = config["glossary"]

    def boxes(values, picked):
        return [(v, label(v, glossary), v in picked) for v in values]

    labels = dict(FREQUENCY_LABELS)
    often = schedule.how_often(config["newsletter"]["cron"], config.tz, now)
    if often:   # said only when the schedule is regular: never something untrue
        labels["newsletter-only"] += f" ({often})"
    return _fragment("web/preferences.html", token=token, errors=errors, saved=saved,
                     audiences=boxes(config["audiences"], chosen["audiences"]),
                     themes=boxes(config["themes"], chosen["themes"]),
                     frequencies=[(f, labels[f], chosen["frequency"] == f)
                                  for f in subscribers.FREQUENCIES])


def _fragment(template: str, **context) -> Markup:
    """A page's body from its web/ template (escaped there), ready to go into the page."""
    return Markup(render(template, **context))


def _page(config: Config, title: str, body) -> str:
    text = None if isinstance(body, Markup) else str(body)
    # CSS is a constant whose hash the Content-Security-Policy names: it goes in as it is.
    return render("web/page.html", title=title, partnership=config["partnership"],
                  css=Markup(CSS), body=body, paragraph=text)
