"""Settings of the long-running service: `cascade serve`, its schedules and external feeds.

Merged into the main settings by pipeline.config; validated the same way, every
problem as `key: expected X, got Y`.
"""

from __future__ import annotations

import re
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pipeline.crontab import trigger
from pipeline.settings.wording import describe, is_number  # the same wording as every setting

DEFAULTS: dict = {
    # The subscription pages (unsubscribe, preferences) and /healthz. Keep the host
    # 127.0.0.1 behind a reverse proxy; port 0 picks a free port (it is logged).
    "serve": {"host": "127.0.0.1", "port": 8025},
    "schedules": {
        "reconcile_minutes": 5,            # full pass (= cascade run); also a rescan by hash
        "feed_poll_minutes": 60,           # poll the external feeds
        "review_reminder_cron": "0 8 * * 1",  # Monday 08:00: briefings past review_by
        # No job starts in these hours (Europe/London). The clocks change at 01:00 GMT:
        # in March 01:00-02:00 never happens and in October it happens twice, so a job
        # timed then could be skipped or run twice. A job due then runs at the end.
        "quiet_hours": "01:00-03:00",
        # A timed job (a scheduled publication, the newsletter) that could not start
        # within this many seconds of its time - the service was down - is logged as
        # missed; the next reconcile still publishes everything that is due.
        "misfire_grace_seconds": 3600,
        # Editors save through temporary files and renames: wait for this much quiet
        # after the last file event, then run one reconcile.
        "watch_debounce_seconds": 2,
    },
    # External feeds (Atom or RSS) whose new entries become "National updates" on the
    # site and in the newsletter. None by default, so a fresh project needs no network.
    # Examples (GOV.UK organisation feeds):
    #   feeds:
    #     - name: Child Safeguarding Practice Review Panel
    #       url: https://www.gov.uk/government/organisations/child-safeguarding-practice-review-panel.atom
    #     - name: Department for Education
    #       url: https://www.gov.uk/government/organisations/department-for-education.atom
    "feeds": [],
    # Who gets the weekly review-date reminder; "" = contact_email.
    "officer_email": "",
}

FEED_KEYS = ("name", "url")
# An address mail can go to or come from: plain ASCII (SMTP without SMTPUTF8) and nothing
# a header would read as syntax; the same rule as subscribers' addresses.
EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
HOURS = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$")


def validate(data: dict) -> list[str]:
    """Return every problem as `key: expected X, got Y`."""

    problems = []

    def expect(key, ok, expected, value):
        if not ok:
            problems.append(f"{key}: expected {expected}, got {describe(value)}")

    serve, schedules = data["serve"], data["schedules"]
    expect("serve.host", isinstance(serve["host"], str) and serve["host"].strip()
           and not any(c.isspace() for c in serve["host"]), "a host name or address",
           serve["host"])
    port = serve["port"]
    expect("serve.port", _whole(port) and 0 <= port <= 65535,
           "a port number from 0 to 65535 (0 = any free port)", port)
    for key in ("reconcile_minutes", "feed_poll_minutes"):
        value = schedules[key]
        expect(f"schedules.{key}", _whole(value) and 1 <= value <= 1440,
               "a whole number of minutes from 1 to 1440", value)
    for key in ("misfire_grace_seconds", "watch_debounce_seconds"):
        value = schedules[key]
        expect(f"schedules.{key}", is_number(value) and value > 0, "a positive number of seconds",
               value)
    expect("schedules.review_reminder_cron",
           is_cron(schedules["review_reminder_cron"], data.get("timezone") or "Europe/London"),
           "a crontab line of five fields, e.g. '0 8 * * 1'", schedules["review_reminder_cron"])
    expect("schedules.quiet_hours", parse_quiet_hours(schedules["quiet_hours"]) is not None,
           "HH:MM-HH:MM with the start before the end, e.g. '01:00-03:00'",
           schedules["quiet_hours"])
    email = data["officer_email"]
    expect("officer_email", email == "" or (isinstance(email, str) and EMAIL.match(email)),
           "an email address, or \"\" for contact_email", email)
    problems += _validate_feeds(data["feeds"])
    return problems


def _validate_feeds(feeds) -> list[str]:
    if not isinstance(feeds, list):
        return [f"feeds: expected a list of {{name, url}}, got {describe(feeds)}"]
    problems, names = [], set()
    for number, feed in enumerate(feeds):
        key = f"feeds[{number}]"
        if not isinstance(feed, dict):
            problems.append(f"{key}: expected a mapping with name and url, got {describe(feed)}")
            continue
        for unknown in sorted(set(feed) - set(FEED_KEYS)):
            problems.append(f"{key}.{unknown}: unknown setting (known: name, url)")
        name, url = feed.get("name"), feed.get("url")
        if not (isinstance(name, str) and name.strip() and "\n" not in name):
            problems.append(f"{key}.name: expected a one-line name, got {describe(name)}")
        elif name in names:
            problems.append(f"{key}.name: expected a name no other feed has, got {name!r}")
        else:
            names.add(name)
        if not (isinstance(url, str) and re.match(r"^https?://[^/\s]+\S*$", url)):
            problems.append(f"{key}.url: expected an http(s) URL, got {describe(url)}")
    return problems


def parse_quiet_hours(value) -> tuple[time, time] | None:
    """'01:00-03:00' -> (01:00, 03:00); None when it is not a valid range."""
    match = HOURS.match(value) if isinstance(value, str) else None
    if not match:
        return None
    start = time(int(match.group(1)), int(match.group(2)))
    end = time(int(match.group(3)), int(match.group(4)))
    return (start, end) if start < end else None


def is_cron(value, timezone) -> bool:
    """A crontab line of five fields that the schedules can use, in that time zone."""
    if not isinstance(value, str) or len(value.split()) != 5:
        return False
    try:
        trigger(value, ZoneInfo(timezone))
    except (ValueError, TypeError, IndexError, ZoneInfoNotFoundError):
        return False
    return True


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
