"""What a setting's value may be: each kind is a test and the words for `expected X`.

A kind answers `ok(value, data)`; `data` is the whole merged settings, for the
few kinds that depend on another setting (a crontab line is read in `timezone`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipeline.crontab import CrontabError, parse as parse_crontab

# An address mail can go to or come from: plain ASCII (SMTP without SMTPUTF8) and nothing
# a header would read as syntax; the same rule as subscribers' addresses. Used with
# match() or fullmatch(); \Z, unlike $, refuses a trailing newline.
EMAIL = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+\Z")
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*\Z")     # \Z: "x\n" is not a slug
# Names the site itself gives pages in a folder of items (briefings/index.md, the
# listing; themes/index.md): an item or a theme with one of them would replace that page.
RESERVED_NAMES = frozenset({"index"})
HOURS = re.compile(r"([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)")


@dataclass(frozen=True)
class Kind:
    expected: str                          # "a positive number", for `key: expected X, got Y`
    test: Callable[[object, dict], bool]

    def ok(self, value, data: dict) -> bool:
        return bool(self.test(value, data))


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_email(value) -> bool:
    return isinstance(value, str) and EMAIL.fullmatch(value) is not None


def parse_quiet_hours(value) -> tuple[time, time] | None:
    """'01:00-03:00' -> (01:00, 03:00); None when it is not a valid range."""
    match = HOURS.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return None
    start = time(int(match.group(1)), int(match.group(2)))
    end = time(int(match.group(3)), int(match.group(4)))
    return (start, end) if start < end else None


def is_cron(value, timezone) -> bool:
    """A crontab line (five fields, or a nickname such as @weekly) that the schedules can
    use, in that time zone."""
    try:
        ZoneInfo(timezone)
        parse_crontab(value)
    except (CrontabError, ValueError, TypeError, ZoneInfoNotFoundError):
        return False
    return True


def parse_date(value) -> date | None:
    """A YYYY-MM-DD setting (YAML may already have read it as a date); None if it is not one."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _zone(value) -> bool:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        return False
    return True


def whole(low: int, high: int | None = None, expected: str | None = None) -> Kind:
    words = expected or f"a whole number >= {low}"
    return Kind(words, lambda v, d: is_whole(v) and v >= low and (high is None or v <= high))


def choice(*options: str) -> Kind:
    words = ", ".join(options[:-1]) + f" or {options[-1]}"
    return Kind(words, lambda v, d: v in options)


def cron(example: str) -> Kind:
    return Kind(f"a crontab line of five fields, e.g. '{example}'",
                lambda v, d: is_cron(v, _zone_or_london(d.get("timezone"))))


def _zone_or_london(value) -> str:
    """The configured zone, or London while `timezone` itself is wrong (reported once)."""
    return value if isinstance(value, str) and _zone(value) else "Europe/London"


TEXT = Kind("a non-empty string", lambda v, d: isinstance(v, str) and v.strip())
ANY_TEXT = Kind("a string", lambda v, d: isinstance(v, str))
NOTIFY_ID = Kind("a string (a Notify id)", lambda v, d: isinstance(v, str))
HOST = Kind("a host name", lambda v, d: isinstance(v, str) and v.strip())
LISTEN_HOST = Kind("a host name or address", lambda v, d: isinstance(v, str) and v.strip()
                   and not any(c.isspace() for c in v))
# Whole addresses, no whitespace anywhere: site_url goes into every page and email.
URL = Kind("an http(s) URL", lambda v, d: isinstance(v, str)
           and re.fullmatch(r"https?://[^/\s]+\S*", v))
SITE_URL = Kind("an http(s) URL ending in /", lambda v, d: isinstance(v, str)
                and re.fullmatch(r"https?://[^/\s]+/\S*", v))
URL_DIR_OR_EMPTY = Kind('an http(s) URL ending in /, or ""', lambda v, d: v == "" or (
    isinstance(v, str) and re.fullmatch(r"https?://[^/\s]+/(\S*/)?", v)))
EMAIL_ADDRESS = Kind("an email address", lambda v, d: is_email(v))
EMAIL_OR_EMPTY = Kind("an email address", lambda v, d: v == "" or is_email(v))
OFFICER_EMAIL = Kind('an email address, or "" for contact_email',
                     lambda v, d: v == "" or is_email(v))
TIMEZONE = Kind("an IANA time zone such as Europe/London",
                lambda v, d: isinstance(v, str) and v.strip() and _zone(v))
BOOLEAN = Kind("true or false", lambda v, d: isinstance(v, bool))
NUMBER = Kind("a number", lambda v, d: is_number(v))
POSITIVE = Kind("a positive number", lambda v, d: is_number(v) and v > 0)
SECONDS = Kind("a positive number of seconds", lambda v, d: is_number(v) and v > 0)
SECONDS_OR_ZERO = Kind("a number of seconds >= 0", lambda v, d: is_number(v) and v >= 0)
POSITIVE_WHOLE = Kind("a positive whole number", lambda v, d: is_whole(v) and v > 0)
MINUTES = whole(1, 1440, "a whole number of minutes from 1 to 1440")
PORT = whole(0, 65535, "a port number from 0 to 65535 (0 = any free port)")
SLUGS = Kind("a non-empty list of slugs ([a-z0-9-]+)", lambda v, d: isinstance(v, list) and v
             and all(isinstance(s, str) and SLUG.fullmatch(s) for s in v))
HEADINGS = Kind("a non-empty list of headings", lambda v, d: isinstance(v, list) and v
                and all(isinstance(s, str) and s.strip() for s in v))
GLOSSARY = Kind("a mapping of ABBREVIATION: expansion", lambda v, d: isinstance(v, dict)
                and all(isinstance(k, str) and isinstance(x, str) for k, x in v.items()))
SENTENCES = Kind("a list of sentences", lambda v, d: isinstance(v, list)
                 and all(isinstance(s, str) and s.strip() for s in v))
DATE_OR_EMPTY = Kind('a date such as 2025-09-23, or ""',
                     lambda v, d: v == "" or parse_date(v) is not None)
QUIET_HOURS = Kind("HH:MM-HH:MM with the start before the end, e.g. '01:00-03:00'",
                   lambda v, d: parse_quiet_hours(v) is not None)
EVERYONE = Kind('one of the audiences, or "" for none',
                lambda v, d: v == "" or (isinstance(v, str) and isinstance(d.get("audiences"), list)
                                         and v in d["audiences"]))
FEEDS = Kind("a list of {name, url}", lambda v, d: isinstance(v, list))   # entries: see config
