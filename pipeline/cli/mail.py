"""`cascade newsletter ...` and `cascade subscribers ...`: the mail stage's commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.cli.common import fail_cleanly, get_config, now_option, resolve_now
from pipeline.mail import newsletter as issues
from pipeline.mail import subscribers as people
from pipeline.text import long_date


@click.group()
def newsletter():
    """Preview or send the newsletter issue that is due (schedule: newsletter.cron).

    \b
    Example:
      cascade newsletter preview && cascade newsletter send
    """


@newsletter.command("preview")
@click.option("--output", "output", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder for the preview files (default: newsletter.preview_dir, "
              "newsletter-preview/).")
@now_option
@click.pass_context
@fail_cleanly
def newsletter_preview(ctx, output, now):
    """Write the next issue as HTML, plain text and its website page; send nothing.

    The links to unsubscribe and change preferences are placeholders in a preview.

    \b
    Example:
      cascade newsletter preview --now 2026-10-28T09:00
    """
    config = get_config(ctx)
    folder = output or config.root / config["newsletter"]["preview_dir"]
    snapshot, paths = issues.preview(config, resolve_now(config, now), folder)
    count = snapshot["count"]
    click.echo(f"{snapshot['heading']} ({snapshot['issue_id']}): {count} "
               f"item{'s' if count != 1 else ''}. {snapshot['intro']}")
    for path in paths:
        click.echo(f"  wrote {config.shown(path)}")


@newsletter.command("send")
@now_option
@click.pass_context
@fail_cleanly
def newsletter_send(ctx, now):
    """Send the issue that is due to every active subscriber (or finish an interrupted send).

    Each subscriber gets the issue once, even if a send is interrupted and run again.

    \b
    Example:
      cascade newsletter send
    """
    config = get_config(ctx)
    report = issues.send(config, resolve_now(config, now))
    following = ""
    if report.next_due is not None:
        when = report.next_due.astimezone(config.tz)
        following = f" The next issue is due {long_date(when, config.tz)} {when:%H:%M}."
    if report.state == "already-sent":
        click.echo(f"{report.issue_id} was already sent ({report.sent_at}); nothing to do."
                   + following)
        return
    if report.state == "empty":
        click.echo(f"{report.issue_id}: nothing new was published in its period, so no issue "
                   "was sent." + following)
        return
    counts = report.counts
    sent, failed = counts.get("sent", 0), counts.get("failed", 0)
    waiting = counts.get("pending", 0) + counts.get("sending", 0)
    click.echo(f"{report.issue_id} ({report.heading}, {report.items} items): {sent} sent, "
               f"{failed} failed, {counts.get('cancelled', 0)} cancelled, {waiting} waiting.")
    if report.rows:
        click.echo(f"Logged {len(report.rows)} row in {config.data['log_file']}.")
    if waiting:
        click.echo("Some messages could not be sent yet; run cascade newsletter send again "
                   "later to send them.")
        sys.exit(1)


@click.group()
def subscribers():
    """Manage who gets topic alerts, digests and the newsletter.

    \b
    Example:
      cascade subscribers import subscribers.csv
    """


@subscribers.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@now_option
@click.pass_context
@fail_cleanly
def subscribers_import(ctx, csv_file, now):
    """Add subscribers from a CSV file: email, name, audiences, themes, frequency.

    Audiences and themes are separated by ';' (no themes: every theme). Frequency
    is immediate (the default), weekly or newsletter-only. Importing the same file
    again changes nothing; addresses that unsubscribed are not signed up again.
    Bad rows are reported by line and skipped (exit status 1); the others go in.

    \b
    Example:
      cascade subscribers import samples/subscribers.csv
    """
    config = get_config(ctx)
    report = people.import_csv(config, csv_file, resolve_now(config, now))
    for problem in report.problems:
        click.echo(problem.format())
    parts = [f"{report.added} added", f"{report.unchanged} already subscribed (unchanged)"]
    if report.not_resubscribed:
        parts.append(f"{report.not_resubscribed} unsubscribed or suppressed earlier (not "
                     "signed up again)")
    if report.problems:
        parts.append(f"{len(report.problems)} row problem"
                     f"{'s' if len(report.problems) != 1 else ''} (those rows were skipped)")
    click.echo("Subscribers: " + "; ".join(parts) + ".")
    sys.exit(1 if report.problems else 0)


@subscribers.command("list")
@click.option("--status", type=click.Choice(people.STATUSES), default=None,
              help="Only subscribers with this status.")
@click.pass_context
@fail_cleanly
def subscribers_list(ctx, status):
    """List subscribers: address, frequency, status, audiences, themes.

    \b
    Example:
      cascade subscribers list --status suppressed
    """
    config = get_config(ctx)
    found = people.listing(config, status)
    for s in found:
        click.echo(f"{s.email}\t{s.frequency}\t{s.status}\t{';'.join(s.audiences)}\t"
                   f"{';'.join(s.themes) or 'all themes'}")
    click.echo(f"{len(found)} subscriber{'s' if len(found) != 1 else ''}.")


@subscribers.command("remove")
@click.argument("email")
@click.pass_context
@fail_cleanly
def subscribers_remove(ctx, email):
    """Erase a subscriber and their delivery history.

    To stop mail but keep the record that they asked, use the unsubscribe link instead.

    \b
    Example:
      cascade subscribers remove a.practitioner@example.org
    """
    config = get_config(ctx)
    removed = people.remove(config, email)
    click.echo(f"Removed {removed.email} and their delivery history.")


COMMANDS: list = [newsletter, subscribers]
