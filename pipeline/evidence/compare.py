"""The report's period beside the previous period of the same length and the same period a
year before, in total and by sector (the log's audience column).

A manager asks "is this more or less than last quarter, and than this time last
year?": the figures sit side by side with the change. Sectors are the configured
audiences, in their configured order and named through the glossary, so a sector
with nothing in any period still shows, as a zero.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from pipeline.evidence.figures import Figures, Tally, ordered, summarise
from pipeline.evidence.report_html import Heading, Para, Table
from pipeline.text import label

COLUMNS = ["This period", "Previous period", "Change", "A year before", "Change"]


def earlier(start: date, end: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """The previous period of the same length, and the same dates a year before."""
    days = (end - start).days + 1
    previous = (start - timedelta(days=days), start - timedelta(days=1))
    return previous, (_year_before(start), _year_before(end))


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:            # 29 February
        return day.replace(year=day.year - 1, day=28)


def change(now: int, before: int) -> str:
    """'+12 (+25%)', '-3 (-10%)', 'no change', or '+5 (none before)'."""
    if now == before:
        return "no change"
    if not before:
        return f"{now - before:+,} (none before)"
    return f"{now - before:+,} ({(now - before) * 100 / before:+.0f}%)"


def comparison_blocks(fig: Figures, records: list, items: list, config, now,
                      level: int = 2, ledger=None) -> list:
    """The two sections, or a note saying how to get them when the period has no start."""
    if fig.start is None:
        return [Heading(level, "Compared with earlier periods"),
                Para("Give the period a first day (--since) to compare it with the previous "
                     "period of the same length and with the same period a year before.")]
    previous, year_ago = earlier(fig.start, fig.end)
    others = [summarise(records, replace(fig.filters, since=a, until=b), items, config.tz, now,
                        ledger) for a, b in (previous, year_ago)]
    glossary = config["glossary"]

    def row(name: str, measure) -> list:
        this, before, ago = (measure(f) for f in (fig, *others))
        return [name, f"{this:,}", f"{before:,}", change(this, before), f"{ago:,}",
                change(this, ago)]

    blocks = [Heading(level, "Compared with earlier periods"),
              Para(f"This period is {_span(fig.start, fig.end)}; the previous period of the "
                   f"same length is {_span(*previous)}; the same period a year before is "
                   f"{_span(*year_ago)}."),
              Table("This period, the previous period and the same period a year before",
                    ["Figure", *COLUMNS],
                    [row("Acts of dissemination", lambda f: f.total.acts),
                     row("Items", lambda f: len(f.total.items)),
                     # Distinct people, as in the summary (see evidence/reach.py).
                     row("People reached", lambda f: f.reach.people)])]
    sectors = ordered(set(config["audiences"]).union(*(f.audiences for f in (fig, *others))),
                      config["audiences"])
    blocks += [Heading(level, "By sector"),
               Para("Sectors are the audiences an act was aimed at; an act for several "
                    "sectors counts once for each of them.")]
    for what, measure in (("People reached", lambda t: t.reach),
                          ("Acts of dissemination", lambda t: t.acts)):
        blocks.append(Table(f"{what} by sector, compared with earlier periods",
                            ["Sector", *COLUMNS],
                            [row(label(s, glossary),
                                 lambda f, s=s: measure(f.audiences.get(s, Tally())))
                             for s in sectors]))
    return blocks


def _span(start: date, end: date) -> str:
    return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"


def insert_after_summary(blocks: list, extra: list) -> list:
    """The report's blocks with `extra` placed after its Summary section."""
    at = next((i for i, b in enumerate(blocks) if isinstance(b, Heading) and i and
               b.level == blocks[0].level and b.text != "Summary"), len(blocks))
    return blocks[:at] + extra + blocks[at:]
