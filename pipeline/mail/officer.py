"""What the officer does with the subscriber list: change one, export for a data-protection
request, and count (by audience, theme, frequency and status; never who).
"""

from __future__ import annotations

import csv
import difflib
import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pipeline.evidence.chain import neutralise
from pipeline.exceptions import CascadeError, UsageError
from pipeline.mail.schema import atomic, join, split
from pipeline.mail.subscribers import FREQUENCIES, STATUSES, Subscriber
from pipeline.evidence import subscriber_figures
from pipeline.settings.config import Config
from pipeline.state import open_state

EXPORT_COLUMNS = ("email", "name", "audiences", "themes", "frequency", "status", "status_note",
                  "created_at", "changed_at")
EVENTS = ("imported", "signed-up", "confirmed", "unsubscribed", "suppressed", "erased")


def frequency(value: str) -> str:
    """A frequency as typed (any case) -> its canonical name; UsageError otherwise."""
    wanted = value.strip().lower()
    if wanted not in FREQUENCIES:
        raise UsageError(f"--frequency: expected {', '.join(FREQUENCIES)}, got {value!r}")
    return wanted


def vocabulary(values: str, known: list[str], option: str) -> list[str]:
    """'health; police' -> ['health', 'police'], each checked against the settings."""
    chosen = list(dict.fromkeys(v.strip().lower() for v in values.replace(",", ";").split(";")
                                if v.strip()))
    for value in chosen:
        if value not in known:
            close = difflib.get_close_matches(value, known, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise UsageError(f"{option}: {value!r} is not in the settings{hint}; known: "
                             f"{', '.join(known)}")
    return chosen


def update(config: Config, email: str, now: datetime, audiences: str | None = None,
           themes: str | None = None, frequency_value: str | None = None) -> Subscriber:
    """Change one subscriber's audiences, themes or frequency; the rest stays."""
    if audiences is None and themes is None and frequency_value is None:
        raise UsageError("nothing to change: give --audiences, --themes or --frequency")
    changes = {}
    if audiences is not None:
        chosen = vocabulary(audiences, config["audiences"], "--audiences")
        if not chosen:
            raise UsageError("--audiences: expected at least one audience, got nothing")
        changes["audiences"] = join(chosen)
    if themes is not None:       # "" = every theme
        changes["themes"] = join(vocabulary(themes, config["themes"], "--themes"))
    if frequency_value is not None:
        changes["frequency"] = frequency(frequency_value)
    with open_state(config.state_db) as db:
        row = _find(db, email)
        with atomic(db):
            db.execute("UPDATE subscribers SET audiences = COALESCE(?, audiences), "
                       "themes = COALESCE(?, themes), frequency = COALESCE(?, frequency), "
                       "changed_at = ? WHERE id = ?",
                       (changes.get("audiences"), changes.get("themes"),
                        changes.get("frequency"), now.isoformat(timespec="seconds"), row["id"]))
        return Subscriber.from_row(db.execute("SELECT * FROM subscribers WHERE id = ?",
                                              (row["id"],)).fetchone())


def export_csv(config: Config, email: str | None = None) -> str:
    """Everything held about every subscriber (or one), as CSV, for a data-protection request."""
    with open_state(config.state_db) as db:
        if email:
            rows = [_find(db, email)]
        else:
            rows = db.execute("SELECT * FROM subscribers ORDER BY email").fetchall()
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        for row in rows:
            writer.writerow([neutralise(row[c]) for c in EXPORT_COLUMNS])
        return out.getvalue()


@dataclass
class Stats:
    total: int
    by_status: Counter
    by_frequency: Counter            # active subscribers only
    by_audience: Counter             # active subscribers only
    by_theme: Counter                # active subscribers only; "" = every theme
    events: dict[str, int]           # over the period, by event
    since: date


def stats(config: Config, now: datetime, days: int = 365) -> Stats:
    """Counts for managers: never an address."""
    since = (now - timedelta(days=days)).date()
    with open_state(config.state_db) as db:
        rows = db.execute("SELECT audiences, themes, frequency, status FROM subscribers")
        by_status, by_frequency, by_audience, by_theme = Counter(), Counter(), Counter(), Counter()
        total = 0
        for row in rows:
            total += 1
            by_status[row["status"]] += 1
            if row["status"] != "active":
                continue
            by_frequency[row["frequency"]] += 1
            by_audience.update(split(row["audiences"]))
            by_theme.update(split(row["themes"]) or ["every theme"])
        counted = subscriber_figures.counts(db, since)
        events = {event: counted.get(event, 0) for event in EVENTS}
    for status in STATUSES:
        by_status.setdefault(status, 0)
    return Stats(total, by_status, by_frequency, by_audience, by_theme, events, since)


def _find(db, email: str):
    row = db.execute("SELECT * FROM subscribers WHERE email = ?", (email.strip(),)).fetchone()
    if row is None:
        raise CascadeError(f"{email} is not on the subscriber list; see: cascade subscribers "
                           "list")
    return row
