"""The Impact section of the annual appendix: what came back from practice in the year.

Website views (counts per page per day from `cascade log views`), team cascades
(the log's delivered-offline rows, with the accepted team returns, which are
marked self-reported), answers to "Was this useful?", answers to the follow-up
email "Has this briefing changed your practice?", and the items that reached the
most people. Nothing here names anyone.

"Was this useful?" counts every answer that was not rejected: answers still
waiting for a decision are counted with the accepted ones, because the officer
rejects spam and abuse, not opinions, and a backlog should not hide what
practitioners said; the section says how many were still waiting.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from pipeline.content.load import FOLDERS
from pipeline.evidence import chain as dlog
from pipeline.evidence.figures import Figures, ordered
from pipeline.evidence.report_html import Bullets, Chart, Figure, Heading, Para, Table
from pipeline.text import label, plural

ANSWERS = [("yes", "Yes"), ("not-yet", "Not yet"), ("not-relevant", "Not relevant to my role")]
TOP_ITEMS = 10
VIEWS_COLOUR = "#1d4ed8"
ANSWERS_COLOUR = "#047857"


@dataclass
class Impact:
    views: Counter = field(default_factory=Counter)          # "YYYY-MM" -> views
    page_views: Counter = field(default_factory=Counter)     # page -> views
    sessions: Counter = field(default_factory=Counter)       # sector -> offline acts
    people: Counter = field(default_factory=Counter)         # sector -> people reached
    offline: list = field(default_factory=lambda: [0, 0])    # acts, people
    self_reported: list = field(default_factory=lambda: [0, 0])
    item_offline: Counter = field(default_factory=Counter)   # item -> people
    useful: Counter = field(default_factory=Counter)         # (item, yes|no) -> answers
    pending: int = 0
    practice: Counter = field(default_factory=Counter)       # (item, answer) -> answers

    def total(self, counter: Counter, answer: str) -> int:
        return sum(n for (_item, a), n in counter.items() if a == answer)


def gather(db, rows: list, start: date, end: date, tz) -> Impact:
    """The year's figures from the state database and the log's rows (line, values)."""
    impact = Impact()
    for day, page, views in db.execute("SELECT day, page, views FROM page_views "
                                       "WHERE day BETWEEN ? AND ?",
                                       (start.isoformat(), end.isoformat())):
        impact.views[day[:7]] += views
        impact.page_views[page] += views
    for _line, values in rows:
        if len(values) != len(dlog.COLUMNS) or values[dlog.ACTION] != dlog.OFFLINE:
            continue
        day = _local_day(values[dlog.OCCURRED_AT], tz)
        if day is None or not start <= day <= end:
            continue
        reach = int(values[dlog.REACH]) if values[dlog.REACH].isdigit() else 0
        impact.offline[0] += 1
        impact.offline[1] += reach
        if values[dlog.DISSEMINATED_BY] == dlog.SELF_REPORTED:
            impact.self_reported[0] += 1
            impact.self_reported[1] += reach
        impact.item_offline[values[dlog.ITEM_ID]] += reach
        for sector in filter(None, values[dlog.AUDIENCE].split(";")):
            impact.sessions[sector] += 1
            impact.people[sector] += reach
    for item_id, useful, status, received in db.execute(
            "SELECT item_id, useful, status, received_at FROM feedback "
            "WHERE kind = 'useful' AND status != 'rejected'"):
        day = _local_day(received, tz)
        if day is not None and start <= day <= end and useful in ("yes", "no"):
            impact.useful[(item_id, useful)] += 1
            impact.pending += status == "pending"
    for item_id, answer, answered in db.execute(
            "SELECT item_id, answer, answered_at FROM followup_answers"):
        day = _local_day(answered, tz)
        if day is not None and start <= day <= end:
            impact.practice[(item_id, answer)] += 1
    return impact


def _local_day(stamp: str, tz) -> date | None:
    try:
        when = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return None
    return (when if when.tzinfo else when.replace(tzinfo=tz)).astimezone(tz).date()


def impact_blocks(impact: Impact, fig: Figures, months: list, label_text: str,
                  audiences: list, glossary: dict, level: int = 2) -> list:
    """The section as report blocks, so Markdown, HTML and Word show the same figures."""
    name = lambda slug: label(slug, glossary)  # noqa: E731 - a short local alias
    h = level + 1
    blocks = [Heading(level, f"Impact in {label_text}"),
              Para("What came back from practice in the year. Nothing here names anyone: "
                   "views are counts per page per day from the website's server logs, and "
                   "feedback, team returns and follow-up answers carry no names.")]
    total_views = sum(impact.views.values())
    blocks += [Heading(h, "Website views")]
    if total_views:
        blocks.append(Para(f"{plural(total_views, 'page view')} of the website in the year "
                           "(visits by known bots are not counted)."))
        monthly = [impact.views.get(m, 0) for m in months]
        blocks.append(Figure(
            Chart("Website views by month", "bars", [_month(m) for m in months],
                  {"Views": monthly}, [VIEWS_COLOUR]),
            Table("Website views by month", ["Month", "Views"],
                  [[_month(m), f"{v:,}"] for m, v in zip(months, monthly)])))
    else:
        blocks.append(Para("No website views were counted in the year (views are read from "
                           "the web server's access logs with cascade log views)."))
    sessions, people = impact.offline
    own_sessions, own_people = impact.self_reported
    blocks += [Heading(h, "Team cascades"),
               Bullets([f"{plural(sessions, 'session')} of learning cascaded to teams, "
                        f"reaching {plural(people, 'person', 'people')}.",
                        f"Of these, {plural(own_sessions, 'session')} "
                        f"({plural(own_people, 'person', 'people')}) "
                        f"{'was' if own_sessions == 1 else 'were'} reported by "
                        "practitioners through the website's team return form and accepted."]),
               Para("Team briefings, training sessions and network meetings recorded in the "
                    "dissemination log. A session for several sectors counts once for each "
                    "of them below.")]
    sectors = ordered(impact.sessions, audiences)
    blocks.append(Table("Team cascades by sector", ["Sector", "Sessions", "People"],
                        [[name(s), f"{impact.sessions[s]:,}", f"{impact.people[s]:,}"]
                         for s in sectors]))
    yes, no = impact.total(impact.useful, "yes"), impact.total(impact.useful, "no")
    waiting = (f" Of these, {plural(impact.pending, 'answer')} "
               f"{'was' if impact.pending == 1 else 'were'} still waiting for a decision."
               if impact.pending else "")
    blocks += [Heading(h, "Was this useful?"),
               Para(f"Answers to \"Was this useful?\" at the foot of the website's pages: "
                    f"{yes:,} yes, {no:,} no. Answers waiting for a decision are counted; "
                    f"rejected ones (spam) are not.{waiting}"),
               Table("Answers to \"Was this useful?\"", ["Answer", "Answers"],
                     [["Yes", f"{yes:,}"], ["No", f"{no:,}"]])]
    counts = [impact.total(impact.practice, key) for key, _ in ANSWERS]
    blocks += [Heading(h, "Practice change"),
               Para(f"Answers to the follow-up email \"Has this briefing changed your "
                    f"practice?\", sent some weeks after an alert: {sum(counts):,} in all.")]
    blocks.append(Figure(
        Chart("Answers on practice change", "bars",
              [text for _, text in ANSWERS], {"Answers": counts}, [ANSWERS_COLOUR]),
        Table("Answers to \"Has this briefing changed your practice?\"",
              ["Answer", "Answers"],
              [[text, f"{n:,}"] for (_, text), n in zip(ANSWERS, counts)])))
    blocks += [Heading(h, "Reach by item"),
               Para(f"The briefings and procedure changes that reached the most people in "
                    f"the year (up to {TOP_ITEMS}), with what came back from each."),
               Table("Reach and response by item",
                     ["Item", "People reached", "In team cascades", "Views",
                      "Useful (yes / no)", "Practice changed (yes / not yet)"],
                     _item_rows(impact, fig))]
    return blocks


def _item_rows(impact: Impact, fig: Figures) -> list:
    chosen = {i for i, kind in fig.item_types.items() if kind in FOLDERS}
    chosen |= {i for i, _ in impact.useful} | {i for i, _ in impact.practice}
    chosen |= {i for i, kind in fig.item_types.items() if i in impact.item_offline}

    def views(item_id: str) -> int:
        return sum(impact.page_views.get(f"{folder}/{item_id}/", 0)
                   for folder in FOLDERS.values())

    def reach(item_id: str) -> int:
        counted = fig.item_reach.get(item_id)     # distinct people, as the log report
        return counted.people if counted else 0

    top = sorted(chosen, key=lambda i: (-reach(i), -views(i), fig.title(i).casefold()))
    return [[fig.title(i), f"{reach(i):,}", f"{impact.item_offline.get(i, 0):,}",
             f"{views(i):,}",
             f"{impact.useful.get((i, 'yes'), 0):,} / {impact.useful.get((i, 'no'), 0):,}",
             f"{impact.practice.get((i, 'yes'), 0):,} / "
             f"{impact.practice.get((i, 'not-yet'), 0):,}"]
            for i in top[:TOP_ITEMS]]


def _month(key: str) -> str:
    return datetime.strptime(key, "%Y-%m").strftime("%B %Y")


def year_months(start: date, end: date) -> list:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months
