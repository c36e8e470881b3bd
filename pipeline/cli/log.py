"""`cascade log ...` and `cascade report ...`: the dissemination log's commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.evidence import annual
from pipeline.evidence import offline
from pipeline.evidence import reports
from pipeline.evidence import views
from pipeline.evidence import chain as dlog
from pipeline.cli.common import fail_cleanly, get_config, now_option, resolve_now
from pipeline.exceptions import UsageError
from pipeline.text import plural

DAY = click.DateTime(formats=["%Y-%m-%d"])
ADD_OPTIONS = {"item_id": "--item", "item_type": "--item-type", "channel": "--channel",
               "audience": "--audience", "reach": "--reach", "disseminated_by": "--by",
               "occurred_at": "--when", "notes": "--notes"}


@click.group("log")
def log_group():
    """Record offline dissemination, check the log's hash chain, summarise the log.

    \b
    Example:
      cascade log verify && cascade log report --since 2026-04-01 --format html --output q1.html
    """


@log_group.command("add")
@click.option("--item", "item_id", required=True, metavar="ID",
              help="The briefing or procedure change (its id), or a newsletter issue id.")
@click.option("--channel", required=True, metavar="CHANNEL",
              help=f"One of: {', '.join(dlog.CHANNELS)}.")
@click.option("--audience", required=True, metavar="A[,A]",
              help="Audience group(s) reached, from the configured audiences.")
@click.option("--reach", default="", metavar="N", help="People reached; leave out if unknown.")
@click.option("--by", "by", required=True, metavar="ROLE",
              help="The role or team that did it (never a person's name or email).")
@click.option("--when", "when", required=True, metavar="ISO-DATE[TIME]",
              help="When it happened (Europe/London unless it has an offset).")
@click.option("--notes", default="", help="Free text, e.g. the meeting's name.")
@click.option("--item-type", type=click.Choice(dlog.ITEM_TYPES), default=None,
              help="Normally worked out from the item id.")
@now_option
@click.pass_context
@fail_cleanly
def log_add(ctx, item_id, channel, audience, reach, by, when, notes, item_type, now):
    """Record dissemination that happened outside Cascade (action: delivered-offline).

    A team briefing, a training session, a DSL network meeting or a social media
    post. Every value is checked first; if any is wrong, nothing is written.

    \b
    Example:
      cascade log add --item safer-sleep-sudi --channel team-briefing \\
        --audience health,early-years --reach 25 --by "Health visiting team lead" \\
        --when 2026-11-20T14:00 --notes "Locality team meeting"
    """
    config = get_config(ctx)
    values = {"item_id": item_id, "channel": channel, "audience": audience, "reach": reach,
              "disseminated_by": by, "occurred_at": when, "notes": notes}
    written = offline.add_entry(config, values, resolve_now(config, now), item_type,
                                option_names=ADD_OPTIONS)
    if not written:
        click.echo(f"Nothing recorded: {config.log_file.name} already has this act (same "
                   "item, channel, audience and time).")
        return
    row = written[0]
    reach_text = f", reach {row['reach']}" if row["reach"] else ""
    click.echo(f"Recorded entry {row['entry_id']} in {config.log_file.name}: {row['item_id']}, "
               f"{row['channel']}, {row['audience']}{reach_text}, {row['occurred_at']}.")


@log_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@now_option
@click.pass_context
@fail_cleanly
def log_import(ctx, file, now):
    """Import offline dissemination from a CSV file; rows already in the log are skipped.

    Columns: item_id, channel, audience, reach, disseminated_by, occurred_at, notes.
    Invalid rows are reported by line and skipped (exit status 1); every valid row
    is imported. Importing the same file again adds nothing.

    \b
    Example:
      cascade log import team-briefings-2026-q3.csv
    """
    config = get_config(ctx)
    result = offline.import_entries(config, file, resolve_now(config, now))
    for finding in result.findings:
        click.echo(finding.format())
    skipped = len({f.line for f in result.findings})
    click.echo(f"Imported {plural(len(result.written), 'entry', 'entries')} into "
               f"{config.log_file.name}; {result.duplicates} already recorded; "
               f"{plural(skipped, 'invalid row')} skipped.")
    sys.exit(1 if result.findings else 0)


@log_group.command("verify")
@click.option("--against", metavar="URL-or-FILE", default=None,
              help="A log-head.json the site published (its address, or a saved copy): "
              "the log must still hold the entry it names.")
@click.pass_context
@fail_cleanly
def log_verify(ctx, against):
    """Check the hash chain and each row's MAC; name the first row edited, deleted,
    inserted, moved or added by hand.

    The MACs are checked with CASCADE_LOG_KEY. Exit status 1 if the log is broken,
    with how to recover; 2 if the log is keyed and the key is not set.

    \b
    Example:
      cascade log verify --against https://learning.example-scp.org.uk/log-head.json
    """
    click.echo(dlog.verify(get_config(ctx), against))


@log_group.command("start-new")
@now_option
@click.pass_context
@fail_cleanly
def log_start_new(ctx, now):
    """Keep a broken log as evidence and start a new one.

    Renames the log and its MAC file to dissemination_log.broken-TIME.csv (and
    .csv.mac) and forgets the old log's newest entry, so the next run or `log add`
    writes entry 1 of a new log. Refused when the log is intact.

    \b
    Example:
      cascade log verify || cascade log start-new
    """
    config = get_config(ctx)
    click.echo(dlog.start_new(config, resolve_now(config, now)))


@log_group.command("views")
@click.argument("access_logs", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
@fail_cleanly
def log_views(ctx, access_logs):
    """Count website views per page per day from web-server access logs.

    Reads the combined log format, plain or gzip-rotated (access.log.2.gz). Keeps
    only counts: no IP address or user agent. Bots and anything but a successful
    page view are left out. Reading the same file again, or after it was rotated,
    adds only the lines not counted before.

    \b
    Example:
      cascade log views /var/log/nginx/access.log /var/log/nginx/access.log.*.gz
    """
    found = views.read_access_logs(get_config(ctx), list(access_logs))
    click.echo(f"Read {plural(found.files, 'file')}: {plural(found.lines, 'new line')} "
               f"({found.already_read} counted before); {plural(found.views, 'page view')} "
               "counted.")
    if found.left_out:
        click.echo("Left out: " + ", ".join(f"{reason} {n}" for reason, n
                                             in sorted(found.left_out.items())) + ".")


@log_group.command("report")
@click.option("--since", type=DAY, default=None, metavar="DATE", help="First day (YYYY-MM-DD).")
@click.option("--until", type=DAY, default=None, metavar="DATE",
              help="Last day (YYYY-MM-DD); default today.")
@click.option("--item", default=None, metavar="ID",
              help="Only this item, with its learning journey: published, updated, "
              "alerts, newsletter, views by month, team cascades, useful, practice change.")
@click.option("--channel", type=click.Choice(dlog.CHANNELS), default=None,
              help="Only this channel.")
@click.option("--audience", default=None, metavar="A", help="Only acts reaching this audience.")
@click.option("--format", "fmt", type=click.Choice(["md", "csv", "csv-rows", "html"]),
              default="md", show_default=True,
              help="Markdown to paste, CSV of the figures for a spreadsheet, CSV with one "
              "row per act for pivot tables (csv-rows), or an HTML page with charts.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="FILE", help="Write to FILE instead of the screen.")
@now_option
@click.pass_context
@fail_cleanly
def log_report(ctx, since, until, item, channel, audience, fmt, output, now):
    """Totals by channel, audience, month and item; gaps; briefings due for review.

    People reached are counted once each (distinct email recipients, from the delivery
    ledger, and offline attendees), with the messages it took. Exit status 1 (with the
    figures) if the log's chain is broken.

    \b
    Example:
      cascade log report --since 2026-04-01 --until 2026-06-30 --format html --output q1.html
      cascade log report --item safer-sleep-sudi
      cascade log report --format csv-rows --output acts.csv
    """
    config = get_config(ctx)
    filters = reports.Filters(since=since.date() if since else None,
                              until=until.date() if until else None,
                              item=item, channel=channel, audience=audience)
    text, problem = reports.log_report(config, filters, fmt, resolve_now(config, now))
    _emit(text, output, f"dissemination report ({fmt})")
    if problem:
        click.echo(f"Warning: {config.log_file.name}: chain broken: {problem}. Run: cascade "
                   "log verify", err=True)
        sys.exit(1)


@click.group("report")
def report_group():
    """Reports for the partnership.

    \b
    Example:
      cascade report annual 2024-25 --output appendix-2024-25.md
    """


@report_group.command("annual")
@click.argument("year", metavar="YEAR")
@click.option("--format", "fmt", type=click.Choice(annual.FORMATS), default="md",
              show_default=True, help="Markdown to paste, an HTML page, or a Word document "
              "(docx needs --output).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="FILE", help="Write to FILE instead of the screen.")
@now_option
@click.pass_context
@fail_cleanly
def report_annual(ctx, year, fmt, output, now):
    """The annual-report appendix for YEAR (April to March, e.g. 2024-25).

    Procedure changes by update cycle, briefings with their source reviews, the
    year's dissemination figures, and its impact: website views, team cascades,
    "Was this useful?" answers, practice change from follow-up emails, and the
    items that reached the most people.

    \b
    Example:
      cascade report annual 2024-25 --format docx --output appendix-2024-25.docx
    """
    if fmt == "docx" and output is None:
        raise UsageError("--format docx writes a Word file, not text for the screen: add "
                         f"--output FILE (e.g. --output appendix-{year}.docx)")
    config = get_config(ctx)
    text, warnings = annual.annual_appendix(config, year, resolve_now(config, now), fmt)
    _emit(text, output, f"annual report appendix {year} ({fmt})" if fmt != "md"
          else f"annual report appendix {year}")
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)
    sys.exit(1 if warnings else 0)


def _emit(text: str | bytes, output: Path | None, what: str) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        if isinstance(text, bytes):
            output.write_bytes(text)
        else:
            output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{output}: cannot write the {what} ({exc.strerror})") \
            from None
    click.echo(f"Wrote {output}: {what}.")


COMMANDS: list = [log_group, report_group]
