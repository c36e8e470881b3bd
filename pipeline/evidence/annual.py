"""The annual-report appendix: a year's procedure changes, briefings and dissemination figures.

The partnership's year runs from 1 April to 31 March (Europe/London). Procedure
changes are grouped by update cycle, newest first, as "Updated chapters -
December 2024" and "New chapters - December 2024" with one line per chapter:
the shape of the procedures appendix in the partnership's annual reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from pipeline.evidence import chain as dlog
from pipeline.evidence import impact, reach, report_html
from pipeline.settings.config import Config
from pipeline.content.load import SOURCE_LABELS, Item, load_content
from pipeline.exceptions import UsageError
from pipeline.evidence.report_html import Bullets, Figure, Heading, Para
from pipeline.evidence.reports import Filters, period_text, report_blocks, summarise, to_markdown
from pipeline.text import cycle_label, long_date, md_inline
from pipeline.state import open_state

YEAR = re.compile(r"^(\d{4})-(\d{2})\Z")
# Refreshed chapters are listed with the updated ones, as the procedures manual does.
GROUPS = [("Updated chapters", ("updated", "refreshed")), ("New chapters", ("new",)),
          ("Removed chapters", ("removed",))]


@dataclass(frozen=True)
class Year:
    label: str                # 2024-25
    start: date               # 1 April
    end: date                 # 31 March

    def contains(self, when: datetime, tz) -> bool:
        return self.start <= when.astimezone(tz).date() <= self.end


def parse_year(text: str) -> Year:
    """'2024-25' -> 1 April 2024 to 31 March 2025; anything else is a usage error."""
    match = YEAR.match(text.strip())
    if not match or (int(match.group(1)) + 1) % 100 != int(match.group(2)):
        raise UsageError(f"YEAR {text!r} is not a financial year such as 2024-25 "
                                 "(the first year in full, then the next year's last two "
                                 "digits)")
    first = int(match.group(1))
    return Year(f"{first}-{match.group(2)}", date(first, 4, 1), date(first + 1, 3, 31))


def _published(item: Item, year: Year, now: datetime, tz) -> bool:
    when = item.meta.get("date")
    return item.status == "ready" and isinstance(when, datetime) and when <= now \
        and year.contains(when, tz)


FORMATS = ("md", "html", "docx")


def annual_appendix(config: Config, year_text: str, now: datetime,
                    fmt: str = "md") -> tuple[str | bytes, list[str]]:
    """The appendix in Markdown, HTML or Word (bytes), and warnings (files skipped, a
    broken log) for stderr."""
    year = parse_year(year_text)
    title, blocks, warnings = appendix_blocks(config, year, now)
    if fmt == "html":
        return report_html.page(title, [], blocks, config["partnership"]), warnings
    if fmt == "docx":
        from pipeline.evidence import word   # python-docx and Pillow: only for a Word file
        return word.document(title, [], blocks, config["partnership"]), warnings
    return f"# {md_inline(title)}\n\n" + to_markdown(blocks), warnings


def appendix_blocks(config: Config, year: Year, now: datetime) -> tuple[str, list, list]:
    """The title, the report blocks every format is rendered from, and warnings."""
    tz, warnings = config.tz, []
    items = load_content(config)
    usable = []
    for item in items:
        when = item.meta.get("date")
        if not item.held_back:
            usable.append(item)
        elif not isinstance(when, datetime) or year.contains(when, tz):
            # It may belong to the year; an item dated in another year is not mentioned.
            warnings.append(f"{item.rel}: left out: it has errors (run: cascade check "
                            f"{item.rel})")
    chosen = [i for i in usable if _published(i, year, now, tz)]
    blocks = procedure_changes(year, [i for i in chosen if i.kind == "procedure"]) + \
        briefings(year, [i for i in chosen if i.kind == "briefing"], tz)
    until = min(year.end, now.astimezone(tz).date())
    with open_state(config.state_db) as db:
        rows, problem = dlog.read_and_verify_records(config.log_file, db)
        fig = summarise(rows, Filters(since=year.start, until=until), items, tz, now,
                        reach.read_ledger(db))   # people once each, as the log report
        found = impact.gather(db, rows, year.start, until, tz)
    if problem:
        warnings.append(f"{config.log_file.name}: chain broken: {problem}; the dissemination "
                        "figures cannot be relied on until it is restored (cascade log verify)")
    note = "" if until == year.end else " The year is not over yet."
    blocks += [Heading(2, f"Dissemination in {year.label}"),
               Para(f"Figures from the dissemination log, {period_text(fig)}.{note}")]
    keep = {"Summary", "By channel", "By audience", "By month"}
    blocks += _sections(report_blocks(fig, config, level=3, lists=False), keep)
    blocks += impact.impact_blocks(found, fig, impact.year_months(year.start, until),
                                   year.label, config["audiences"], config["glossary"])
    return f"Learning and improvement {year.label}", blocks, warnings


def procedure_changes(year: Year, procedures: list[Item]) -> list:
    blocks = [Heading(2, f"Changes to local multi-agency safeguarding procedures in "
                         f"{year.label}")]
    cycles = sorted({i.meta["update_cycle"] for i in procedures}, reverse=True)
    for cycle in cycles:
        for heading, change_types in GROUPS:
            group = sorted((i for i in procedures if i.meta["update_cycle"] == cycle
                            and i.meta["change_type"] in change_types),
                           key=lambda i: " ".join(str(i.title).split()).casefold())
            if group:
                blocks += [Heading(3, f"{heading} - {cycle_label(cycle)}"),
                           Bullets([f"{i.title} - {i.meta['summary']}" for i in group])]
    if not cycles:
        blocks.append(Para("No procedure changes were published in the year."))
    return blocks


def briefings(year: Year, items: list[Item], tz) -> list:
    lines = []
    for item in sorted(items, key=lambda i: (i.meta["date"], i.id), reverse=True):
        line = f"{item.title} ({long_date(item.meta['date'], tz)})"
        source = item.meta.get("source")
        if isinstance(source, dict) and source.get("title"):
            line += (f" - learning from: {source['title']} "
                     f"({SOURCE_LABELS.get(source.get('type'), 'Other')})")
        lines.append(line)
    return [Heading(2, f"7-minute briefings published in {year.label}"),
            Bullets(lines) if lines else Para("No briefings were published in the year.")]


def _sections(blocks: list, keep: set) -> list:
    """The blocks under the headings named in `keep`, without the month-by-channel grids."""
    chosen, on = [], False
    for block in blocks:
        if isinstance(block, Heading):
            on = block.text in keep
        if on and not (isinstance(block, Figure) and block.chart.kind == "stacked"):
            chosen.append(block)
    return chosen
