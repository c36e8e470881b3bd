"""`cascade newsletter ...` and `cascade subscribers ...`: the mail stage's commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.cli.common import fail_cleanly, get_config, now_option, resolve_now
from pipeline.mail import bounces, officer
from pipeline.mail import subscribers as people
from pipeline.text import long_date, plural


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
    from pipeline.mail import newsletter as issues   # on use: it loads the site stage
    snapshot, paths = issues.preview(config, resolve_now(config, now), folder)
    count = snapshot["count"]
    click.echo(f"{snapshot['heading']} ({snapshot['issue_id']}): {plural(count, 'item')}. "
               f"{snapshot['intro']}")
    for path in paths:
        click.echo(f"  wrote {config.shown(path)}")


@newsletter.command("send")
@now_option
@click.pass_context
@fail_cleanly
def newsletter_send(ctx, now):
    """Send the issue that is due to every active subscriber (or finish an interrupted send).

    Each subscriber gets the issue once, even if a send is interrupted and run again.
    The issue's web page ("view in browser") is put on the site before it is sent.

    \b
    Example:
      cascade newsletter send
    """
    config = get_config(ctx)
    from pipeline import publish   # on use: it loads every stage
    report = publish.send_newsletter(config, resolve_now(config, now))
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
    click.echo(f"{report.issue_id} ({report.heading}, {plural(report.items, 'item')}): "
               f"{sent} sent, "
               f"{failed} failed, {counts.get('cancelled', 0)} cancelled, {waiting} waiting.")
    if report.rows:
        click.echo(f"Logged {plural(len(report.rows), 'row')} in {config.data['log_file']}.")
    if waiting:
        click.echo("Some messages could not be sent yet; run cascade newsletter send again "
                   "later to send them.")
        sys.exit(1)
    if failed and not sent:
        click.echo("Nobody received this issue, so it is not marked sent; see why with "
                   "cascade status, then run cascade newsletter send again.")
        sys.exit(1)


@click.group()
def subscribers():
    """Manage who gets topic alerts, digests and the newsletter.

    Practitioners also sign up, change their choices and leave by themselves on
    the pages of cascade serve (see cascade serve --help); these commands are
    the officer's.

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
        parts.append(f"{plural(len(report.problems), 'row problem')} (those rows were "
                     "skipped)")
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
    click.echo(f"{plural(len(found), 'subscriber')}.")


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
    removed = people.remove(config, email, resolve_now(config, None))
    click.echo(f"Removed {removed.email} and their delivery history.")


@subscribers.command("update")
@click.argument("email")
@click.option("--audiences", default=None, metavar="A;B", help="Audiences, separated by ';'.")
@click.option("--themes", default=None, metavar="T;U",
              help="Themes, separated by ';'; \"\" for every theme.")
@click.option("--frequency", default=None, metavar="F",
              help=f"{', '.join(people.FREQUENCIES)} (any case).")
@now_option
@click.pass_context
@fail_cleanly
def subscribers_update(ctx, email, audiences, themes, frequency, now):
    """Change one subscriber's audiences, themes or frequency.

    What you leave out stays as it is. Audiences and themes must be in the settings.

    \b
    Example:
      cascade subscribers update a.practitioner@example.org --frequency weekly --themes "neglect;safer-sleep"
    """
    config = get_config(ctx)
    changed = officer.update(config, email, resolve_now(config, now), audiences, themes,
                             frequency)
    click.echo(f"Updated {changed.email}: {changed.frequency}; audiences "
               f"{';'.join(changed.audiences)}; themes {';'.join(changed.themes) or 'all themes'}.")


@subscribers.command("export")
@click.option("--email", default=None, help="Only this subscriber (a subject access request).")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the CSV here instead of to standard output.")
@click.pass_context
@fail_cleanly
def subscribers_export(ctx, email, output):
    """Export what is held about subscribers as CSV, for a data-protection request.

    \b
    Example:
      cascade subscribers export --email a.practitioner@example.org --output request.csv
    """
    config = get_config(ctx)
    text = officer.export_csv(config, email)
    if output is None:
        click.echo(text, nl=False)
        return
    output.write_text(text, encoding="utf-8")
    rows = text.count("\n") - 1
    click.echo(f"Wrote {plural(rows, 'subscriber')} to {output}.")


@subscribers.command("stats")
@now_option
@click.pass_context
@fail_cleanly
def subscribers_stats(ctx, now):
    """Subscriber figures: counts by status, frequency, audience and theme; no addresses.

    Also the last twelve months' sign-ups, unsubscribes and suppressions.

    \b
    Example:
      cascade subscribers stats
    """
    config = get_config(ctx)
    found = officer.stats(config, resolve_now(config, now))
    click.echo(f"{plural(found.total, 'subscriber')}: " + ", ".join(
        f"{n} {status}" for status, n in found.by_status.items()) + ".")
    for title, counts in (("By frequency (active)", found.by_frequency),
                          ("By audience (active)", found.by_audience),
                          ("By theme (active)", found.by_theme)):
        click.echo(f"{title}:")
        for name, n in sorted(counts.items(), key=lambda p: (-p[1], p[0])) or [("none", 0)]:
            click.echo(f"  {name}: {n}")
    click.echo(f"Since {found.since.day} {found.since:%B %Y}:")
    for event, n in found.events.items():
        click.echo(f"  {event}: {n}")


@subscribers.command("bounces")
@click.argument("mailbox", type=click.Path(exists=True, path_type=Path))
@now_option
@click.pass_context
@fail_cleanly
def subscribers_bounces(ctx, mailbox, now):
    """Read delivery status notifications (bounces) from a Maildir folder or an mbox file.

    A permanent failure suppresses the address; temporary ones are counted and
    suppress it after mail.soft_bounce_limit. Each report is read once, so run it
    as often as you like. Other messages in the mailbox are left alone.

    \b
    Example:
      cascade subscribers bounces /var/mail/learning-bounces
    """
    config = get_config(ctx)
    found = bounces.read_bounces(config, mailbox, resolve_now(config, now))
    for problem in found.unreadable:
        click.echo(f"{mailbox}: could not read message {problem}", err=True)
    click.echo(f"Bounces: {plural(found.reports, 'new report')} ({found.already_read} read "
               f"before, {plural(found.not_reports, 'other message')}); "
               f"{plural(found.suppressed, 'address', 'addresses')} suppressed, "
               f"{plural(found.counted, 'temporary failure')} counted, "
               f"{found.unknown} not on the list.")


COMMANDS: list = [newsletter, subscribers]
