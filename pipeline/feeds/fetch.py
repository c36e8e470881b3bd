"""Fetch an external feed politely and turn its bytes into clean entries.

Polite: connect and read timeouts, a size cap read in chunks, a User-Agent
that says who is asking, conditional GET (ETag / Last-Modified), and the
server's Retry-After. Clean: entry HTML passes through nh3 with a small
allowlist, so nothing from a feed can run script on the partnership's site.
"""

from __future__ import annotations

import hashlib
import html
import io
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import nh3

from pipeline import __version__

TIMEOUT = (10, 30)                  # seconds to connect, seconds between bytes
MAX_BYTES = 2 * 1024 * 1024         # a feed is small; anything bigger is a mistake or abuse
CHUNK = 64 * 1024
MAX_TITLE = 300
ALLOWED_TAGS = {"p", "br", "a", "ul", "ol", "li", "strong", "em", "b", "i", "blockquote",
                "abbr", "code"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES = {"http", "https", "mailto"}


class FeedError(Exception):
    """This feed could not be fetched or read this time; the message says why."""


@dataclass(frozen=True)
class Response:
    status: int                              # 200, 304, or the HTTP error status
    reason: str = ""
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    retry_after: datetime | None = None      # when the server asked us to come back


@dataclass(frozen=True)
class Entry:
    """One feed entry, as stored: plain-text title, http(s) link, sanitised summary."""

    key: str              # guid:..., link:... or hash:... (how duplicates are recognised)
    title: str
    link: str
    summary_html: str
    published: str        # ISO 8601 with offset, or ""
    updated: str

    @property
    def id(self) -> str:
        return "nu-" + hashlib.sha256(self.key.encode("utf-8")).hexdigest()[:12]

    @property
    def content_hash(self) -> str:
        text = "\x1f".join([self.title, self.link, self.summary_html])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Parsed:
    entries: list[Entry]
    warning: str = ""


def user_agent(site_url: str) -> str:
    return f"Cascade/{__version__} (+{site_url})"


def fetch(url: str, *, agent: str, now: datetime, etag: str = "", last_modified: str = "",
          timeout=TIMEOUT, max_bytes: int = MAX_BYTES) -> Response:
    """GET the feed, conditionally; FeedError for network failures and oversized bodies."""
    import requests   # here, not at the top: every cascade command imports this module
    headers = {"User-Agent": agent,
               "Accept": "application/atom+xml, application/rss+xml, application/xml;q=0.9, "
                         "*/*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with requests.get(url, headers=headers, timeout=timeout, stream=True) as response:
            status, reason = response.status_code, response.reason or ""
            if status == 304:
                return Response(304, reason, etag=response.headers.get("ETag", etag),
                                last_modified=response.headers.get("Last-Modified",
                                                                   last_modified))
            if status != 200:
                return Response(status, reason, retry_after=retry_after(
                    response.headers.get("Retry-After"), now))
            body = _read_capped(response, max_bytes)
            return Response(200, reason, body, response.headers.get("ETag", ""),
                            response.headers.get("Last-Modified", ""))
    except requests.Timeout:
        raise FeedError(f"no answer within {timeout[0]} s to connect / {timeout[1]} s to "
                        "read") from None
    except requests.ConnectionError as exc:
        raise FeedError(f"cannot connect ({_reason(exc)})") from None
    except requests.RequestException as exc:
        raise FeedError(f"the request failed ({_reason(exc)})") from None


def _read_capped(response, max_bytes: int) -> bytes:
    limit = f"{max_bytes / 1024 / 1024:g} MB"
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FeedError(f"the response is {int(declared):,} bytes; the limit is {limit}")
    body = bytearray()
    for chunk in response.iter_content(CHUNK):
        body += chunk
        if len(body) > max_bytes:
            raise FeedError(f"the response is larger than {limit}; the rest was not read")
    return bytes(body)


def _reason(exc: Exception) -> str:
    text = str(exc)
    match = re.search(r"\] ([^'\"]+)", text)   # urllib3 buries the OS reason in its message
    return (match.group(1) if match else text)[:160]


def retry_after(value: str | None, now: datetime) -> datetime | None:
    """Retry-After as a time: a number of seconds, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return now + timedelta(seconds=int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def parse_feed(body: bytes) -> Parsed:
    """Entries from Atom or RSS bytes; FeedError when nothing usable is there."""
    import feedparser   # here, not at the top: every cascade command imports this module
    # A stream, never a string: feedparser would take a string for a URL or file name.
    document = feedparser.parse(io.BytesIO(body), sanitize_html=True,
                                resolve_relative_uris=False)
    problem = ""
    if document.bozo:
        problem = _first_line(document.get("bozo_exception")) or "not well-formed"
    if not document.entries:
        if problem:
            raise FeedError(f"not a readable feed: {problem}")
        if not document.version:
            raise FeedError("not an Atom or RSS feed")
    entries, seen = [], set()
    for raw in document.entries:
        entry = _entry(raw)
        if entry is not None and entry.key not in seen:
            seen.add(entry.key)
            entries.append(entry)
    count = f"{len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"
    warning = f"the feed is malformed ({problem}); {count} could be read" if problem else ""
    return Parsed(entries, warning)


def _entry(raw) -> Entry | None:
    title = plain_text(raw.get("title", ""))[:MAX_TITLE]
    link = raw.get("link", "")
    link = link if _is_web(link) else ""
    summary = sanitise(_summary(raw))
    if not (title or link or summary):
        return None
    guid = (raw.get("id") or "").strip()
    if guid:
        key = f"guid:{guid}"
    elif link:
        key = f"link:{link}"
    else:
        key = "hash:" + hashlib.sha256(f"{title}\x1f{summary}".encode()).hexdigest()
    return Entry(key, title or "(untitled)", link, summary, _date(raw, "published"),
                 _date(raw, "updated"))


def _summary(raw) -> str:
    detail = raw.get("summary_detail")
    value = raw.get("summary")
    if not value and raw.get("content"):
        detail = raw["content"][0]
        value = detail.get("value", "")
    if detail and detail.get("type") == "text/plain":
        return html.escape(value or "")
    return value or ""


def sanitise(fragment: str) -> str:
    """Entry HTML reduced to a few harmless tags: no script, no handlers, no javascript:."""
    clean = nh3.clean(fragment or "", tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                      url_schemes=URL_SCHEMES, link_rel="noopener noreferrer external")
    return " ".join(clean.split())   # one line: it sits in generated Markdown and emails


def plain_text(fragment: str) -> str:
    text = html.unescape(nh3.clean(fragment or "", tags=set()))
    return " ".join(text.split())


def _is_web(url: str) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _date(raw, key: str) -> str:
    parsed = dict.get(raw, f"{key}_parsed")   # not feedparser's published-for-updated fallback
    if not parsed:
        return ""
    return datetime(*parsed[:6], tzinfo=timezone.utc).isoformat(timespec="seconds")


def _first_line(exc) -> str:
    text = str(exc or "").strip()
    return text.splitlines()[0][:160] if text else ""
