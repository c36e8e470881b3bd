"""HTTP requests and responses for the public pages, read strictly.

A request that is not what a browser or mail client sends (bad percent-encoding,
text that is not UTF-8, a field twice, a nested or file-carrying multipart body, a
GET with a body) is refused with 400 rather than guessed at. Bodies are capped here
and, before they are read, in the server (see serve.py).
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.errors import MessageError
from email.parser import BytesParser
from email.policy import HTTP
from http.cookies import CookieError, SimpleCookie
from typing import Callable
from urllib.parse import parse_qs

from markupsafe import Markup

from pipeline.render import render
from pipeline.settings.config import Config

MAX_BODY = 8 * 1024
MAX_FIELDS = 200           # far more than any form has boxes
# Fields that may appear once: a second copy is a forged or broken request.
SINGLE = ("token", "List-Unsubscribe", "frequency", "csrf", "email", "name", "website",
          "useful", "comment", "shared_on", "sector", "people", "format", "item", "answer",
          "action", "kind")
BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
CSS = ("body{margin:0;font-family:Arial,Helvetica,sans-serif;font-size:1.1875rem;"
       "line-height:1.5;color:#0b0c0c;background:#fff}header{background:#1d70b8;color:#fff;"
       "padding:1rem}header a{color:#fff}main{max-width:40rem;margin:0 auto;padding:1rem}"
       "a{color:#1d70b8;text-decoration:underline}"
       "button{font:inherit;font-weight:bold;color:#fff;background:#00703c;border:0;"
       "padding:.5rem 1rem;box-shadow:0 2px 0 #002d18;cursor:pointer;margin:0 .5rem .5rem 0}"
       "button.secondary{color:#0b0c0c;background:#f3f2f1;box-shadow:0 2px 0 #929191}"
       "button.warning{background:#d4351c;box-shadow:0 2px 0 #55150b}"
       "button:focus,a:focus,input:focus,textarea:focus,select:focus{outline:3px solid #fd0;"
       "outline-offset:0;box-shadow:inset 0 0 0 2px #0b0c0c}"
       "fieldset{border:0;padding:0;margin:0 0 1.5rem}"
       "legend{font-weight:bold;font-size:1.3rem}label{display:block;margin:.25rem 0}"
       "input[type=email],input[type=text]{font:inherit;width:100%;max-width:30rem;"
       "box-sizing:border-box;padding:.3rem;border:2px solid #0b0c0c}"
       ".hint{color:#505a5f;margin:0 0 .5rem}"
       ".error-summary{border:5px solid #d4351c;padding:1rem;margin-bottom:1.5rem}"
       ".error-summary a{color:#d4351c;font-weight:bold}"
       ".field-error{border-left:5px solid #d4351c;padding-left:1rem}"
       ".error-message{color:#d4351c;font-weight:bold;margin:0}"
       ".error{border-left:5px solid #d4351c;padding-left:1rem}.org{margin:0;font-weight:bold}"
       ".trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}"
       "textarea,select,input[type=date]{font:inherit;box-sizing:border-box;padding:.3rem;"
       "border:2px solid #0b0c0c;max-width:100%}textarea{width:100%}"
       "footer{max-width:40rem;margin:2rem auto 0;padding:1rem;border-top:1px solid #b1b4b6}")
CSS_HASH = base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()
SECURITY_HEADERS = [
    ("Content-Security-Policy", f"default-src 'none'; style-src 'sha256-{CSS_HASH}'; "
                                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),
    ("Cache-Control", "no-store"),
]
REASONS = {200: "OK", 202: "Accepted", 400: "Bad Request", 401: "Unauthorized",
           403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
           413: "Content Too Large", 415: "Unsupported Media Type",
           429: "Too Many Requests", 500: "Internal Server Error",
           503: "Service Unavailable"}


class Response(Exception):
    """A finished answer, raised or returned from anywhere in a request.

    `body` is plain text (shown as one paragraph of the page), Markup from a web/
    template, or bytes sent as they are with `content_type` (a data download, JSON).
    """

    def __init__(self, status: int, title: str, body="", extra_headers=(),
                 content_type: str = ""):
        super().__init__(title)
        self.status, self.title, self.body = status, title, body
        self.extra_headers = list(extra_headers)
        self.content_type = content_type


@dataclass(frozen=True)
class Route:
    """A page: `handler(request, db) -> Response`, behind `guard` (see web.py)."""

    handler: Callable
    guard: str = "csrf"
    page: Callable | None = None     # for guard "page": the page a post belongs to


def fragment(template: str, **context) -> Markup:
    """A page's body from its web/ template (escaped there), ready to go into the page."""
    return Markup(render(template, **context))


def bad_request() -> Response:
    return Response(400, "Bad request", "The request was not understood.")


@dataclass
class Request:
    """One request, read: the handlers see only this."""

    config: Config
    method: str
    path: str
    query: dict
    form: dict
    headers: dict               # lower-case names
    client: str
    now: datetime
    cookies: dict = field(default_factory=dict)
    raw_body: bytes = b""
    csrf: str = ""              # the form token for this browser (see forms.py)
    key: bytes | None = None    # the signing key, once the state database is open
    limits: object = None       # the app's forms.Limits

    def value(self, name: str, default: str = "") -> str:
        """A single field from the form, else the query string."""
        return (self.form.get(name) or self.query.get(name) or [default])[0]

    def values(self, name: str) -> list[str]:
        return self.form.get(name, [])


def read_request(config: Config, environ, now: datetime, *, raw: bool = False) -> Request:
    """The request as a Request; `raw` keeps the body as bytes (a JSON callback)."""
    method = environ.get("REQUEST_METHOD", "GET")
    if method != "POST" and _has_body(environ):
        raise bad_request()
    query = fields(wire_bytes(environ.get("QUERY_STRING", "")))
    headers = {key[5:].replace("_", "-").lower(): value for key, value in environ.items()
               if key.startswith("HTTP_")}
    form, body = {}, b""
    if method == "POST":
        body = _read_body(environ)
        if not raw:
            form = _read_form(environ, body)
    return Request(config, method, environ.get("PATH_INFO", ""), query, form, headers,
                   environ.get("REMOTE_ADDR", ""), now, _cookies(headers.get("cookie", "")),
                   body)


def _cookies(header: str) -> dict:
    jar = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return {}
    return {name: morsel.value for name, morsel in jar.items()}


def _has_body(environ) -> bool:
    return environ.get("CONTENT_LENGTH", "") not in ("", "0") or \
        "HTTP_TRANSFER_ENCODING" in environ


def wire_bytes(text: str) -> bytes:
    """A WSGI string back as the bytes that came over the wire (PEP 3333: latin-1)."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        raise bad_request() from None


def _read_body(environ) -> bytes:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise bad_request() from None
    if length < 0:
        raise bad_request()
    if length > MAX_BODY:
        raise Response(413, "Request too large", "The request was too large.")
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    if len(body) != length:
        raise bad_request()
    return body


def _read_form(environ, body: bytes) -> dict:
    kind = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if kind not in ("", "application/x-www-form-urlencoded", "multipart/form-data"):
        raise Response(415, "Unsupported request", "Send the form as it is.")
    if kind == "multipart/form-data":
        return _multipart(wire_bytes(environ["CONTENT_TYPE"]), body)
    return fields(body)


def fields(raw: bytes) -> dict:
    """Form fields from URL-encoded bytes, strictly: anything a browser would not send is
    a bad request rather than a guess."""
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        raise bad_request() from None
    if BAD_ESCAPE.search(text):
        raise bad_request()
    try:
        parsed = parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="strict",
                          max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError):
        raise bad_request() from None
    return _once(parsed)


def _multipart(content_type: bytes, body: bytes) -> dict:
    """Form fields from a flat multipart/form-data body of text fields (RFC 7578)."""
    header = b"Content-Type: " + content_type + b"\r\n\r\n"
    form: dict = {}
    try:
        message = BytesParser(policy=HTTP).parsebytes(header + body)
        if not message.is_multipart() or message.defects:
            raise bad_request()
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if part.is_multipart() or part.defects or part.get_filename() is not None \
                    or part.get_content_disposition() != "form-data" or not name:
                raise bad_request()
            payload = part.get_payload(decode=True)
            form.setdefault(str(name), []).append(
                payload.decode(part.get_content_charset() or "utf-8"))
    except (MessageError, UnicodeError, LookupError, ValueError, TypeError):
        raise bad_request() from None
    if sum(len(values) for values in form.values()) > MAX_FIELDS:
        raise bad_request()
    return _once(form)


def _once(parsed: dict) -> dict:
    if any(len(parsed.get(name, ())) > 1 for name in SINGLE):
        raise bad_request()
    return parsed
