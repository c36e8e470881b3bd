"""The learning journey of one item: from publication, through alerts, the newsletter,
website views and team cascades, to what practitioners said it changed.

It covers the item's whole life up to the end of the report's period (a journey
that began before the period still shows where it began). Reach is counted as in
`reach`: distinct people, messages apart. "Useful" counts every answer to "Was this
useful?" that was not rejected, as the annual Impact section does: the officer rejects
spam and abuse, not opinions, so answers still waiting are counted, and the figure says
how many were waiting. Practice change counts the answers to the follow-up email. No
figure here names anyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pipeline.content.load import Item
from pipeline.evidence import chain as dlog
from pipeline.evidence import reach as honest
from pipeline.evidence.figures import LocalDays, first_published
from pipeline.evidence.report_html import Heading, Para, Table
from pipeline.text import plural

ANSWERS = (("yes", "Yes"), ("not-yet", "Not yet"), ("not-relevant", "Not relevant"))


@dataclass
class Journey:
    item_id: str
    title: str
    published: date | None = None
    before_log: bool = False             # published before the log began
    updated: list = field(default_factory=list)
    reach: honest.ItemReach = field(default_factory=honest.ItemReach)
    views: dict = field(default_factory=dict)      # "YYYY-MM" -> views
    useful: dict = field(default_factory=dict)     # yes | no -> answers not rejected
    useful_waiting: int = 0
    practice: dict = field(default_factory=dict)   # yes | not-yet | not-relevant -> answers


def journey(records: list, db, item_id: str, items: list[Item], titles: dict, tz,
            end: date, ledger: honest.Ledger) -> Journey:
    """The journey of `item_id` up to the end of `end` (a local date)."""
    item = next((i for i in items if i.id == item_id), None)
    found = Journey(item_id, titles.get(item_id, item_id))
    local = LocalDays(tz)
    records = [(line, values) for line, values in records if len(values) == len(dlog.COLUMNS)]
    mine = []
    for _line, values in records:   # only the item's own rows need their date worked out
        carried = values[dlog.ITEM_ID] == item_id or (
            honest.is_mail(values) and item_id in honest.row_items(values, ledger))
        day = _day(local, values) if carried else None
        if day is None or day > end:
            continue
        if values[dlog.CHANNEL] == "website" and values[dlog.ACTION] == "updated":
            found.updated.append(day)
        elif values[dlog.ACTION] in ("sent", dlog.OFFLINE):
            mine.append(values)
    found.published = first_published(records, item, item_id, tz)
    if found.published is not None and found.published > end:
        found.published = None
    if records and item is not None and found.published is not None:
        found.before_log = found.published < (_day(local, records[0][1]) or found.published)
    _total, per_item = honest.count(mine, ledger)
    found.reach = per_item.get(item_id, honest.ItemReach())
    _from_state(found, db, end)
    return found


def _day(local: LocalDays, values: list[str]) -> date | None:
    try:
        return local.resolve(values[dlog.OCCURRED_AT])[0]
    except (ValueError, IndexError, TypeError):
        return None


def _from_state(found: Journey, db, end: date) -> None:
    """Views, feedback and follow-up answers: counts kept in the state database."""
    last = end.isoformat()
    pages = (f"briefings/{found.item_id}/", f"procedures/{found.item_id}/")
    for row in db.execute("SELECT substr(day, 1, 7) AS month, SUM(views) AS n FROM page_views "
                          "WHERE page IN (?, ?) AND day <= ? GROUP BY month ORDER BY month",
                          (*pages, last)):
        found.views[row["month"]] = row["n"]
    for row in db.execute("SELECT useful, status, COUNT(*) AS n FROM feedback WHERE "
                          "kind = 'useful' AND item_id = ? AND substr(received_at, 1, 10) <= ? "
                          "GROUP BY useful, status", (found.item_id, last)):
        if row["status"] != "rejected":
            found.useful[row["useful"]] = found.useful.get(row["useful"], 0) + row["n"]
        if row["status"] == "pending":
            found.useful_waiting += row["n"]
    for row in db.execute("SELECT answer, COUNT(*) AS n FROM followup_answers WHERE "
                          "item_id = ? AND substr(answered_at, 1, 10) <= ? GROUP BY answer",
                          (found.item_id, last)):
        found.practice[row["answer"]] = row["n"]


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def blocks(found: Journey, level: int = 2) -> list:
    """The journey as report blocks (Markdown, HTML): one table of steps, one of views."""
    r = found.reach
    published = "not published" if found.published is None else _long(found.published) + \
        (" (before the log began: the item's own date)" if found.before_log else "")
    updated = "never" if not found.updated else \
        f"{plural(len(found.updated), 'time')}, last {_long(max(found.updated))}"
    cascades = f"{plural(r.sessions, 'session')}, {plural(r.attendees, 'person', 'people')}"
    if r.self_reported_sessions:
        cascades += (f" (of which self-reported: {plural(r.self_reported_sessions, 'session')}, "
                     f"{plural(r.self_reported_attendees, 'person', 'people')})")
    useful = f"yes {found.useful.get('yes', 0):,}, no {found.useful.get('no', 0):,}"
    if found.useful_waiting:
        useful += f" (of these, {found.useful_waiting:,} still waiting for a decision)"
    steps = [
        ["Published", published],
        ["Updated", updated],
        ["Alerts and digests", f"{plural(r.alert_messages, 'message')}, "
                               f"{plural(r.alert_people, 'person', 'people')}"],
        ["Newsletter", f"{plural(r.newsletter_people, 'person', 'people')}"],
        ["By email in all", f"{plural(r.messages, 'message')}, "
                            f"{plural(r.email_people, 'person', 'people')} (each once)"],
        ["Website views", f"{sum(found.views.values()):,}"],
        ["Team cascades", cascades],
        ["Useful", useful],
        ["Practice change", ", ".join(f"{text.lower() if i else text} "
                                      f"{found.practice.get(key, 0):,}"
                                      for i, (key, text) in enumerate(ANSWERS))],
    ]
    views = [[_month(m), f"{n:,}"] for m, n in found.views.items()]
    return [Heading(level, f"Learning journey: {found.title}"),
            Para("From publication to practice: people are counted once each by email; "
                 "team cascades add the people at each session."),
            Table(f"The journey of {found.title}", ["Step", "Figure"], steps),
            Heading(level + 1, "Website views by month"),
            Table(f"Website views of {found.title} by month", ["Month", "Views"], views)
            if views else Para("No views counted (see cascade log views).")]


def _month(key: str) -> str:
    year, month = key.split("-")
    return f"{date(int(year), int(month), 1):%B %Y}"
