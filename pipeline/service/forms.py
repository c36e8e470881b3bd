"""What every public form shares: CSRF tokens, the cross-site check, rate limits, the
honeypot and GOV.UK-style error summaries.

- Forms that `cascade serve` renders carry a signed double-submit token: a random
  value in a cookie and, in the form, an HMAC of it under the signing key. Another
  site can neither read the cookie nor make the HMAC.
- Forms on the static site (feedback) are made when the site is built, before any
  cookie exists: they carry a token bound to their page, and the service refuses a
  post that the browser marks as coming from another site.
- Limits count in memory, per process: one `cascade serve` runs per project.
"""

from __future__ import annotations

import hmac
import math
import re
import secrets
import threading
import time
from collections import deque
from urllib.parse import urlsplit

from pipeline.evidence import feedback
from pipeline.service.http import Request, Response
from pipeline.signing import sign
from pipeline.text import plural

COOKIE = "cascade_form"
COOKIE_VALUE = re.compile(r"[A-Za-z0-9_-]{43}\Z")
HONEYPOT = "website"        # a field people never see or fill in; bots fill in everything
PER_ADDRESS = ((4, 60), (40, 3600))       # emails asked for one address: as GOV.UK
EXPIRED = ("This form has expired or was sent from another website. Go back, reload the page "
           "and send it again.")


def browser_secret(request: Request) -> tuple[str, bool]:
    """This browser's form secret from its cookie, or a new one (True: set the cookie)."""
    value = request.cookies.get(COOKIE, "")
    if COOKIE_VALUE.match(value):
        return value, False
    return secrets.token_urlsafe(32), True


def csrf_token(key: bytes, secret: str) -> str:
    return sign(key, "csrf", secret)


def cookie_header(secret: str, path: str, secure: bool) -> tuple[str, str]:
    flags = "; Secure" if secure else ""
    return ("Set-Cookie", f"{COOKIE}={secret}; Path={path}; HttpOnly; SameSite=Lax{flags}")


def check_csrf(request: Request, key: bytes) -> None:
    sent = request.value("csrf")
    secret = request.cookies.get(COOKIE, "")
    if not (sent and COOKIE_VALUE.match(secret)
            and hmac.compare_digest(sent, csrf_token(key, secret))):
        raise Response(403, "This form has expired", EXPIRED)


def check_page_token(request: Request, key: bytes, page: str) -> None:
    if not hmac.compare_digest(request.value("csrf"), feedback.page_token(key, page)):
        raise Response(403, "This form has expired", EXPIRED)


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def check_not_cross_site(request: Request, trusted: set[str]) -> None:
    """Refuse a post a browser says came from another site, unless from a trusted
    origin (the static site). Browsers that predate Sec-Fetch-Site still send Origin."""
    fetch_site = request.headers.get("sec-fetch-site")
    sent_from = request.headers.get("origin", "").lower()
    if fetch_site in ("same-origin", "same-site", "none"):
        return
    if fetch_site == "cross-site" or (sent_from and sent_from != "null"):
        if sent_from not in trusted:
            raise Response(403, "This form has expired", EXPIRED)


def is_bot(request: Request) -> bool:
    """The honeypot was filled in: answer as if all went well, and do nothing."""
    return bool(request.value(HONEYPOT).strip())


class Limits:
    """Sliding-window counters: `take` records a request, or says how long to wait."""

    def __init__(self, clock=time.monotonic):
        self._hits: dict[tuple, deque] = {}
        self._lock = threading.Lock()
        self._clock = clock
        self._taken = 0

    def take(self, key: tuple, windows) -> int:
        """0 if allowed (and counted); else the seconds until it would be."""
        now = self._clock()
        longest = max(seconds for _, seconds in windows)
        with self._lock:
            self._taken += 1
            if self._taken % 1000 == 0:
                self._forget(now, longest)
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - longest:
                hits.popleft()
            wait = 0.0
            for count, seconds in windows:
                recent = [t for t in hits if t > now - seconds]
                if len(recent) >= count:
                    wait = max(wait, recent[-count] + seconds - now)
            if wait > 0:
                return max(1, math.ceil(wait))
            hits.append(now)
            return 0

    def _forget(self, now: float, longest: float) -> None:
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] <= now - longest]:
            del self._hits[key]


def limit(limits: Limits, key: tuple, windows, what: str) -> None:
    """Raise a 429 with Retry-After when `key` is over its limits."""
    wait = limits.take(key, windows)
    if wait:
        minutes = max(1, math.ceil(wait / 60))
        raise Response(429, "Too many requests",
                       f"There have been too many requests {what}. Try again in "
                       f"{plural(minutes, 'minute')}.",
                       [("Retry-After", str(wait))])

