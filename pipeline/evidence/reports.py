"""Reports from the dissemination log, for managers and the website.

`report_blocks` turns the figures (see `pipeline.log_figures`) into a list of
headings, paragraphs, tables and charts, which the Markdown, CSV and HTML
writers render, so every format shows the same figures.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
from datetime import date, datetime, time, timedelta

from markupsafe import Markup

from pipeline.evidence import chain as dlog
from pipeline.evidence import compare, extract, journey, subscriber_figures
from pipeline.evidence import reach as honest
from pipeline.evidence import report_html
from pipeline.settings.config import Config
from pipeline.content.load import Item, load_content
from pipeline.exceptions import UsageError
from pipeline.evidence.figures import (Figures, Filters, Tally, item_titles, ordered,
                                       summarise)
from pipeline.evidence.report_html import (CHANNEL_COLOURS, DEFAULT_COLOUR, Bullets, Chart, Figure,
                                  Heading, Para, Table)
from pipeline.render import render
from pipeline.text import label, md_inline, plural
from pipeline.state import get_meta, open_state, set_meta

REACH_NOTE = ("People reached are counted once each: by email, the distinct recipients of "
              "the messages (a digest or newsletter carrying three items is one message, to "
              "one person); offline, the attendees of each session. Reach in the tables by "
              "channel, audience and month counts a person once for each item they were "
              "reached with. Reach is not recorded for publication on the website.")


def month_name(key: str) -> str:
    return datetime.strptime(key, "%Y-%m").strftime("%B %Y")


def period_text(fig: Figures) -> str:
    start = _day(fig.start) if fig.start else "from the first entry"
    return f"{start} to {_day(fig.end)}"


def report_blocks(fig: Figures, config: Config, level: int = 2, lists: bool = True) -> list:
    """The report as blocks: the one description every format is rendered from."""
    h = level
    glossary = config["glossary"]
    name = lambda slug: label(slug, glossary)  # noqa: E731 - a short local alias
    total = fig.total
    summary = [f"{total.acts:,} act{'s' if total.acts != 1 else ''} of dissemination, "
               f"{len(total.items):,} item{'s' if len(total.items) != 1 else ''}.",
               _people_line(fig)]
    if fig.withdrawn:
        summary.append(f"{fig.withdrawn:,} withdrawal{'s' if fig.withdrawn != 1 else ''} "
                       "from the website (not counted above).")
    blocks = [Heading(h, "Summary"), Bullets(summary), Para(REACH_NOTE)]
    columns = ["Acts", "Items", "Reach"]

    def tally_row(first: str, tally: Tally) -> list[str]:
        return [first, f"{tally.acts:,}", f"{len(tally.items):,}", tally.reach_text()]

    blocks += [Heading(h, "By channel"),
               Table("Acts, items and reach by channel", ["Channel", *columns],
                     [tally_row(name(c), t) for c, t in fig.channels.items()])]
    audiences = ordered(fig.audiences, config["audiences"])
    audience_table = Table("Acts, items and reach by audience", ["Audience", *columns],
                           [tally_row(name(a), fig.audiences[a]) for a in audiences])
    blocks += [Heading(h, "By audience"),
               Para("An act aimed at several audiences counts once for each of them, so "
                    "these rows can add up to more than the total."),
               Figure(Chart("Reach by audience", "bars", [name(a) for a in audiences],
                            {"Reach": [fig.audiences[a].reach for a in audiences]}),
                      audience_table)]
    months = list(fig.months)
    channels = list(fig.channels)
    blocks += [Heading(h, "By month"),
               Table("Acts, items and reach by month", ["Month", *columns],
                     [tally_row(month_name(m), fig.months[m]) for m in months])]
    for what, measure in (("Items", lambda t: len(t.items)), ("Reach", lambda t: t.reach)):
        series = {name(c): [measure(fig.month_channel.get((m, c), Tally())) for m in months]
                  for c in channels}
        table = Table(f"{what} per month by channel", ["Month", *series],
                      [[month_name(m), *(f"{series[s][i]:,}" for s in series)]
                       for i, m in enumerate(months)])
        chart = Chart(f"{what} per month by channel", "stacked", months, series,
                      [CHANNEL_COLOURS.get(c, DEFAULT_COLOUR) for c in channels])
        blocks.append(Figure(chart, table))
    blocks += [Heading(h, "By item"),
               Table("Acts, messages and people reached by item",
                     ["Item", "Type", "Acts", "Messages", "People", "Channels"],
                     [[fig.title(i), fig.item_types[i], f"{t.acts:,}", *_item_reach(fig, i, t),
                       ", ".join(name(c) for c in ordered(fig.item_channels[i],
                                                           dlog.CHANNELS))]
                      for i, t in sorted(fig.items.items(),
                                         key=lambda pair: (-pair[1].acts,
                                                           fig.title(pair[0]).casefold()))])]
    if lists:
        blocks += [Heading(h, "Published but never sent or cascaded offline")]
        blocks.append(Table("Items published on the website in the period with no email, "
                            "newsletter or offline dissemination by its end",
                            ["Item", "First published"],
                            [[fig.title(i), _day(d)] for i, d in fig.never_sent])
                      if fig.never_sent else Para("None: every item published in the period "
                                                  "was also sent or cascaded."))
        blocks += [Heading(h, "Briefings past their review date")]
        blocks.append(Table("Briefings whose review date had passed by the end of the period",
                            ["Briefing", "Review by"],
                            [[fig.title(i), _day(d)] for i, d in fig.review_due])
                      if fig.review_due else Para("None."))
    return blocks


def _people_line(fig: Figures) -> str:
    """People reached, each once: distinct email recipients and offline attendees."""
    r = fig.reach
    if not fig.total.reach_known:
        return "No people reached were recorded (publication on the website has no reach)."
    email = f"by email (distinct recipients of {plural(r.messages, 'message')})"
    offline = f"at {plural(r.sessions, 'offline session')}"
    people = plural(r.people, 'person', 'people')
    if not r.sessions:
        return f"{people} reached {email}."
    if not r.messages:
        return f"{people} reached {offline}."
    return f"{people} reached: {r.email_people:,} {email} and {r.attendees:,} {offline}."


def _item_reach(fig: Figures, item_id: str, tally: Tally) -> list[str]:
    """Messages and distinct people for one item ('-' where no reach was recorded)."""
    found = fig.item_reach.get(item_id)
    if found is None or not tally.reach_known:
        return ["-", "-"]
    return [f"{found.messages:,}", f"{found.people:,}"]


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def to_markdown(blocks: list, website: bool = False) -> str:
    """Markdown a manager can paste; for the website, with SVG charts and scrolling tables."""
    out = []
    table = _scrolling_table if website else _md_table
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f"{'#' * block.level} {md_inline(block.text)}\n")
        elif isinstance(block, Para):
            out.append(f"{md_inline(block.text)}\n")
        elif isinstance(block, Bullets):
            out.append("".join(f"- {md_inline(text)}\n" for text in block.items))
        elif isinstance(block, Table):
            out.append(table(block))
        elif isinstance(block, Figure) and website:
            out.append(render("reports/site-figure.md", title=block.chart.title,
                              drawing="" if block.chart.empty else report_html.svg(block.chart),
                              table=Markup(table(block.table))))
        elif isinstance(block, Figure):
            out.append(f"**{md_inline(block.chart.title)}**\n\n{table(block.table)}")
    return "\n".join(out)


def _scrolling_table(table: Table) -> str:
    """A table for the website that scrolls sideways in its own region (see the template)."""
    if not table.rows:
        return _md_table(table)
    return render("reports/site-table.md", caption=table.caption,
                  table=Markup(_md_table(table)))


def _md_table(table: Table) -> str:
    """A Markdown table; every cell goes through md_inline, so it is safe as HTML content."""
    if not table.rows:
        return "No entries.\n"
    align = ["---"] + ["---:" if table.numeric(i) else "---"
                       for i in range(1, len(table.headers))]
    lines = ["| " + " | ".join(md_inline(h) for h in table.headers) + " |",
             "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(md_inline(cell) for cell in row) + " |" for row in table.rows]
    return "\n".join(lines) + "\n"


CSV_COLUMNS = ["section", "month", "channel", "audience", "item_id", "item_type", "title",
               "acts", "items", "reach", "date"]


def to_csv(fig: Figures, people=None) -> str:
    """One row per figure, every dimension in its own column, ready for a pivot table.
    Subscriber figures (`people`), when there are any, are rows of section
    `subscribers`: the figure in `title`, the number of people in `reach`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)

    def row(section, tally=None, **cells):
        counts = [tally.acts, len(tally.items), tally.reach if tally.reach_known else ""] \
            if tally else ["", "", ""]
        values = [section, *(cells.get(c, "") for c in CSV_COLUMNS[1:7]), *counts,
                  cells.get("date", "")]
        writer.writerow([dlog.neutralise(v) if isinstance(v, str) else v for v in values])

    row("total", fig.total, date=f"{fig.start}/{fig.end}" if fig.start else str(fig.end))
    for channel, tally in fig.channels.items():
        row("channel", tally, channel=channel)
    for audience, tally in sorted(fig.audiences.items()):
        row("audience", tally, audience=audience)
    for month, tally in fig.months.items():
        row("month", tally, month=month)
    for (month, channel), tally in sorted(fig.month_channel.items()):
        row("month-channel", tally, month=month, channel=channel)
    for item_id, tally in sorted(fig.items.items()):
        row("item", tally, item_id=item_id, item_type=fig.item_types[item_id],
            title=fig.title(item_id))
    for item_id, day in fig.never_sent:
        row("never-sent", item_id=item_id, title=fig.title(item_id), date=day.isoformat())
    for item_id, day in fig.review_due:
        row("review-due", item_id=item_id, title=fig.title(item_id), date=day.isoformat())
    if fig.withdrawn:
        row("withdrawn", Tally(acts=fig.withdrawn))
    if people is not None and people.shown:
        period = f"{fig.start}/{fig.end}" if fig.start else str(fig.end)
        for figure, count in subscriber_figures.csv_rows(people):
            writer.writerow(["subscribers", *[""] * 5, figure, "", "", count, period])
    return buffer.getvalue()


def check_filters(config: Config, filters: Filters, rows: list, items: list[Item],
                  ledger: honest.Ledger | None = None) -> None:
    """Usage errors for filters that cannot match anything because of a typo."""
    problems = []
    if filters.since and filters.until and filters.since > filters.until:
        problems.append(f"--since {filters.since} is after --until {filters.until}")
    if filters.audience and filters.audience not in config["audiences"]:
        problems.append(f"--audience {filters.audience!r} is not in the configured audiences "
                        f"({', '.join(config['audiences'])})")
    if filters.item:
        known = {values[dlog.ITEM_ID] for _line, values in rows} | \
            {i.id for i in items if isinstance(i.id, str)} | \
            {i for carried in (ledger.issues.values() if ledger else []) for i in carried}
        if filters.item not in known:
            close = difflib.get_close_matches(filters.item, sorted(known), n=3)
            hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
            problems.append(f"--item {filters.item!r} is not in the log or the content{hint}")
    if problems:
        raise UsageError("\n  ".join(problems))


def log_report(config: Config, filters: Filters, fmt: str,
               now: datetime) -> tuple[str, str | None]:
    """The report in md, csv or html; and, if the log's chain is broken, where."""
    items = load_content(config)
    with open_state(config.state_db) as db:
        rows, problem = dlog.read_and_verify_records(config.log_file, db)
        ledger = honest.read_ledger(db, recipients=fmt != "csv-rows")
        check_filters(config, filters, rows, items, ledger)
        if fmt == "csv-rows":
            return extract.to_csv_rows(rows, filters, item_titles(items), config.tz,
                                       filters.until or now.astimezone(config.tz).date(),
                                       ledger), problem
        fig = summarise(rows, filters, items, config.tz, now, ledger)
        story = journey.journey(rows, db, filters.item, items, fig.titles, config.tz,
                                fig.end, ledger) if filters.item and fmt != "csv" else None
        # Subscriber figures are for the whole list, not one item, channel or audience.
        people = None if fig.filters.describe() else \
            subscriber_figures.read(db, fig.start, fig.end)
    name = config.log_file.name
    status = f"{name}: chain broken: {problem}" if problem else \
        f"{name}: {len(rows):,} entr{'y' if len(rows) == 1 else 'ies'}, chain intact"
    if fmt == "csv":
        return to_csv(fig, people), problem
    scope = f"Period: {period_text(fig)}" + (f" ({fig.filters.describe()})"
                                             if fig.filters.describe() else "") + "."
    warning = "Warning: these figures come from a log whose chain is broken; they cannot be " \
        "relied on until it is restored." if problem else ""
    intro = [p for p in (scope, f"Source: {status}.", warning) if p]
    blocks = report_blocks(fig, config)
    if people is not None and people.shown:
        blocks += subscriber_figures.blocks(people)
    if story is not None:
        blocks = journey.blocks(story) + blocks
    title = "Dissemination report"
    if fmt == "html":
        # The page for managers also sets the period beside earlier ones, by sector.
        blocks = compare.insert_after_summary(
            blocks, compare.comparison_blocks(fig, rows, items, config, now,
                                              ledger=ledger))
        return report_html.page(title, intro, blocks, config["partnership"]), problem
    return f"# {title}\n\n" + "".join(f"{md_inline(p)}\n\n" for p in intro) + \
        to_markdown(blocks), problem


def site_pages(config: Config, db, now: datetime, items: list[Item]) -> tuple[dict, list]:
    """The website's Dissemination page (when configured), and its navigation entry.

    It shows the 12 whole months before the current one, so it changes once a
    month: a run never changes it by logging its own acts. The page is kept in the
    state database with the log's head it was made from, so a run reads the whole
    log only when the log or the month has changed.
    """
    if not config["dissemination_page"]:
        return {}, []
    month = f"{now.astimezone(config.tz):%Y-%m}"
    versions = hashlib.sha256(repr(sorted((i.id, i.version) for i in items)).encode())
    key = f"{month}|{get_meta(db, 'log_head') or ''}|{config.fingerprint()}|" \
        f"{versions.hexdigest()}"
    if get_meta(db, "dissemination_page_key") == key and config.log_file.exists():
        return ({"dissemination.md": get_meta(db, "dissemination_page")},
                [{"Dissemination": "dissemination.md"}])
    files, nav = _dissemination_page(config, db, now, items)
    set_meta(db, "dissemination_page", files["dissemination.md"])
    set_meta(db, "dissemination_page_key", key)
    return files, nav


def _dissemination_page(config: Config, db, now: datetime,
                        items: list[Item]) -> tuple[dict, list]:
    tz = config.tz
    month_start = now.astimezone(tz).date().replace(day=1)
    end = month_start - timedelta(days=1)
    start = date(end.year - 1, end.month + 1, 1) if end.month < 12 else date(end.year, 1, 1)
    rows, problem = dlog.read_and_verify_records(config.log_file, db)
    intro = (f"Figures for the 12 months to {_day(end)}; updated monthly. They come from "
             "the partnership's dissemination log, which records each time learning was "
             "published, sent or talked through with practitioners. The log holds audiences "
             "and numbers of people, never names.")
    out = ["---\ntitle: Dissemination\ndescription: How the partnership's learning was "
           "shared, from its dissemination log.\n---\n\n# Dissemination\n\n",
           md_inline(intro), "\n\n"]
    if problem:
        out.append("The figures are not available at the moment: the log is being "
                   "checked.\n")
    else:
        fig = summarise(rows, Filters(since=start, until=end), items, tz,
                        datetime.combine(month_start, time(0), tz), honest.read_ledger(db))
        out.append(to_markdown(report_blocks(fig, config, lists=False), website=True))
        out.append(_head_section(rows, datetime.combine(month_start, time(0), tz)))
    return {"dissemination.md": "".join(out)}, [{"Dissemination": "dissemination.md"}]


def _head_section(rows: list, month_start: datetime) -> str:
    """Where the log stood when the month began (so the page changes monthly, not with
    every row), and where its newest entry is published after every update."""
    count = 0
    for _line, values in rows:
        try:
            if datetime.fromisoformat(values[dlog.RECORDED_AT]) >= month_start:
                break
        except ValueError:
            break
        count += 1
    stood = (f"When this month began the log held {count:,} entr"
             f"{'y' if count == 1 else 'ies'}; the newest, entry {count}, has the hash "
             f"`{rows[count - 1][1][dlog.ROW_HASH]}`. ") if count else ""
    return ("\n## Checking the log\n\n" + stood + "After every update of this site the "
            "number of entries and the hash of the newest are published in "
            "[log-head.json](log-head.json). Keep a copy: `cascade log verify --against` "
            "shows whether the log still holds that entry, so a log rewritten later cannot "
            "pass for the one published here.\n")
