"""The public pages of `cascade serve`: a small WSGI app (served by waitress).

Each page module lists its routes; this module reads the request, applies the guard
its route names, opens the state database and renders what the handler returns:

- `csrf`: a form `cascade serve` rendered (sign-up, manage, preferences);
- `page`: a form on the static site (feedback), checked against its page;
- `link`: a signed link that must work from a mail client (RFC 8058 one-click);
- `raw`: a JSON callback that authenticates itself (GOV.UK Notify).

No GET changes anything (mail scanners follow links); every response carries
security headers and no page is cached or sends a Referer (tokens are in addresses).
"""

from __future__ import annotations

import sys
import threading
import traceback
from contextlib import contextmanager
from datetime import datetime
from urllib.parse import urlsplit

from markupsafe import Markup

from pipeline.mail import tokens
from pipeline.render import render
from pipeline.service import (callbacks, feedback, followup, forms, manage, signup,
                              subscription)
from pipeline.service.http import (CSS, REASONS, SECURITY_HEADERS, Response,
                                   read_request)
from pipeline.settings.config import Config
from pipeline.state import open_state

PAGES = (subscription, signup, manage, callbacks, feedback, followup)


def make_app(config: Config):
    """The WSGI application for `cascade serve` (or any WSGI server). The signing key is
    read once, here: without one a real transport needs, the app is not made."""
    with open_state(config.state_db) as db:
        key = tokens.signing_key(config, db)
    prefix = urlsplit(tokens.base_url(config)).path or "/"
    routes = {prefix + name: route for module in PAGES for name, route in module.ROUTES.items()}
    limits = forms.Limits()
    trusted = {forms.origin(config.site_url), forms.origin(tokens.base_url(config))}
    state = StatePerThread(config.state_db)

    def app(environ, start_response):
        extra = []
        try:
            response = _route(config, key, routes, limits, trusted, prefix, environ, extra, state)
        except Response as finished:
            response = finished
        except Exception:  # a bug: say so plainly, keep the details in the server's log
            traceback.print_exc(file=environ.get("wsgi.errors", sys.stderr))
            response = Response(500, "Sorry, something went wrong", "Please try again later.")
        if isinstance(response.body, bytes):
            page, kind = response.body, response.content_type
        else:
            page = _page(config, response.title, response.body).encode("utf-8")
            kind = "text/html; charset=utf-8"
        headers = [("Content-Type", kind), ("Content-Length", str(len(page))),
                   *SECURITY_HEADERS, *extra, *response.extra_headers]
        start_response(f"{response.status} {REASONS[response.status]}", headers)
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [page]

    return app


class StatePerThread:
    """Each server thread keeps one state connection, opened by open_state on its first
    request: opening SQLite (the schema, the write-ahead log's index) costs more than a
    page's own work, and closing the last connection checkpoints the log. A request
    that fails with anything but a finished Response closes its thread's connection
    (open_state reports a database problem as it always does); the next one reopens."""

    def __init__(self, path):
        self.path, self.local = path, threading.local()

    @contextmanager
    def __call__(self):
        held = getattr(self.local, "held", None)
        if held is None:
            opened = open_state(self.path, kept=True)
            held = self.local.held = (opened, opened.__enter__())
        opened, db = held
        try:
            yield db
        except Response:
            raise
        except BaseException as exc:
            self.local.held = None
            if not opened.__exit__(type(exc), exc, exc.__traceback__):
                raise


def _route(config, key, routes, limits, trusted, prefix, environ, extra, state) -> Response:
    route = routes.get(environ.get("PATH_INFO", ""))
    if route is None:
        raise Response(404, "Page not found", "There is no page at this address.")
    method = environ.get("REQUEST_METHOD", "GET")
    if method not in ("GET", "HEAD", "POST"):
        raise Response(405, "Method not allowed", "Use the link or the button.",
                       [("Allow", "GET, HEAD, POST")])
    request = read_request(config, environ, datetime.now(config.tz), raw=route.guard == "raw")
    request.key, request.limits = key, limits
    per_hour = config["serve"]["posts_per_client_per_hour"]
    if method == "POST" and route.guard in ("csrf", "page") and per_hour:
        forms.limit(limits, ("client", request.client), ((per_hour, 3600),),
                    "from your network")
    with state() as db:
        if route.guard == "csrf":
            secret, new = forms.browser_secret(request)
            if method == "POST":
                forms.check_not_cross_site(request, trusted)
                forms.check_csrf(request, request.key)
            if new:   # Secure when the browser came over https (to us or to a proxy)
                secure = "https" in (environ.get("wsgi.url_scheme"),
                                     environ.get("HTTP_X_FORWARDED_PROTO"))
                extra.append(forms.cookie_header(secret, prefix, secure))
            request.csrf = forms.csrf_token(request.key, secret)
        elif route.guard == "page" and method == "POST":
            forms.check_not_cross_site(request, trusted)
            forms.check_page_token(request, request.key, route.page(request))
        return route.handler(request, db)


def _page(config: Config, title: str, body) -> str:
    text = None if isinstance(body, Markup) else str(body)
    # CSS is a constant whose hash the Content-Security-Policy names: it goes in as it is.
    return render("web/page.html", title=title, partnership=config["partnership"],
                  css=Markup(CSS), body=body, paragraph=text, site_url=config.site_url,
                  privacy_url=config.site_url + "privacy.html",
                  accessibility_url=config.site_url + "accessibility.html")
