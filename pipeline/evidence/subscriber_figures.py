"""Subscriber figures for reports and `cascade status`: counts per day from the state
database (sign-ups, confirmations, unsubscribes, suppressions, erasures) and how many
are active now. Figures, not people: nothing here reads an address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipeline.evidence.report_html import Heading, Para, Table

# (event as counted by mail.subscribers.count_event, what a report calls it)
EVENTS = (
    ("signed-up", "New sign-ups"),
    ("confirmed", "Sign-ups confirmed"),
    ("imported", "Added by the officer"),
    ("unsubscribed", "Unsubscribed"),
    ("suppressed", "Suppressed (email could not be delivered)"),
    ("erased", "Deleted their data"),
)


@dataclass(frozen=True)
class SubscriberFigures:
    start: date | None         # None: from the first day counted
    end: date
    events: dict               # event -> count in the period
    active: int                # active subscribers now

    @property
    def shown(self) -> bool:
        """A partnership that sends no email has no subscriber figures to report."""
        return bool(self.active or any(self.events.values()))


def counts(db, start: date | None, end: date | None = None) -> dict:
    """Each event's count from `start` to `end` (inclusive; None: no bound)."""
    events = dict.fromkeys((event for event, _ in EVENTS), 0)
    for row in db.execute("SELECT event, SUM(count) AS n FROM subscriber_figures "
                          "WHERE day >= ? AND day <= ? GROUP BY event",
                          ((start or date.min).isoformat(), (end or date.max).isoformat())):
        events[row["event"]] = row["n"]
    return events


def read(db, start: date | None, end: date) -> SubscriberFigures:
    """The counts of each event from `start` to `end` (inclusive) and the active now."""
    events = counts(db, start, end)
    active = db.execute("SELECT COUNT(*) FROM subscribers WHERE status = 'active'").fetchone()[0]
    return SubscriberFigures(start, end, events, active)


def blocks(figures: SubscriberFigures, level: int = 2) -> list:
    """The report's Subscribers section."""
    rows = [[name, f"{figures.events[event]:,}"] for event, name in EVENTS]
    rows.append(["Active subscribers now", f"{figures.active:,}"])
    return [Heading(level, "Subscribers"),
            Para("People who get email from the service, counted; no one is named. An "
                 "unsubscribe, suppression or erasure is counted on the day it happened."),
            Table("Subscriber figures in the period", ["Figure", "Count"], rows)]


def csv_rows(figures: SubscriberFigures) -> list[tuple[str, int]]:
    """(figure, number of people) for the CSV report: each event, then 'active-now'.
    The CSV puts them in rows of section `subscribers`: the figure in `title`, the
    number of people in `reach`."""
    return [*((event, figures.events[event]) for event, _ in EVENTS),
            ("active-now", figures.active)]
