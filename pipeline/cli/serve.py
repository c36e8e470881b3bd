"""`cascade serve`, `cascade status` and `cascade feeds poll`: the long-running service."""

from __future__ import annotations

import json
import sys

import click

from pipeline.cli.common import fail_cleanly, get_config, now_option, resolve_now
from pipeline.text import plural


@click.command()
@now_option
@click.pass_context
@fail_cleanly
def serve(ctx, now):
    """Run the service: scheduled publishing, the content watcher, feeds, subscription pages.

    Runs until stopped (SIGTERM or Ctrl-C), finishing the job in flight first.
    One JSON line on stderr for every job start, end, error and missed run.
    With --now the service's clock starts at that time and runs on at real
    speed (for trying out a schedule). Only one may run per project.

    The pages listen on serve.host:serve.port; put them behind the web server at
    mail.subscription_url (else subscribe_url). With subscribe_url set, every
    page of the website links to subscribe: a reader chooses audiences, themes
    and how often, and is subscribed only after confirming the emailed link
    (confirm: it works for 7 days, once). The other pages: manage-request
    (a reader asks for a link to manage their subscription), manage (change
    choices or address, unsubscribe, download or delete their data), address
    (confirm a new address), preferences, unsubscribe, followup (confirm an
    answer to "Has this briefing changed your practice?"), followup-stop (no
    more follow-up questions), feedback (the two forms at the foot of each
    briefing and procedure page; see cascade feedback), and notify-callback (GOV.UK Notify delivery
    receipts, with the token in CASCADE_NOTIFY_CALLBACK_TOKEN).

    \b
    Example:
      cascade serve
      cascade serve --now 2027-01-12T08:59:50
    """
    from pipeline.service.scheduler import Clock
    from pipeline.service.serve import serve as run_service

    config = get_config(ctx)
    clock = Clock(config.tz) if now is None else \
        Clock.starting_at(resolve_now(config, now), config.tz)
    run_service(config, clock)


@click.command()
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json for monitoring tools.")
@now_option
@click.pass_context
@fail_cleanly
def status(ctx, output, now):
    """Show the next scheduled runs, how each job last ended, feed health, held-back items.

    Also the subscriber figures of the last 30 days (counts only, never who).

    Works whether or not cascade serve is running. Exit status 1 when an item
    is held back (as cascade check).

    \b
    Example:
      cascade status --format json
    """
    from pipeline.service.status import gather, render_text

    config = get_config(ctx)
    report = gather(config, resolve_now(config, now))
    if output == "json":
        click.echo(json.dumps(report, indent=2))
    else:
        click.echo(render_text(report, config))
    sys.exit(1 if report["held_back"] else 0)


@click.group()
def feeds():
    """External feeds (national publications) shown as National updates.

    \b
    Example:
      cascade feeds poll
    """


@feeds.command("poll")
@now_option
@click.pass_context
@fail_cleanly
def feeds_poll(ctx, now):
    """Poll each configured feed once and store new or edited entries.

    A feed that is failing waits (backing off, or as long as the server's
    Retry-After asks) and says until when. Exit status 1 when a feed failed or
    is waiting after failures. The next cascade run puts new entries on the site.

    \b
    Example:
      cascade feeds poll
    """
    from pipeline.feeds.national import poll

    config = get_config(ctx)
    results = poll(config, resolve_now(config, now))
    if not results:
        click.echo("No feeds configured (add them under feeds: in cascade.yml).")
        return
    for result in results:
        click.echo(f"{result.name}: {result.message}")
    new, edited = sum(r.new for r in results), sum(r.edited for r in results)
    failed = sum(1 for r in results if r.failed)
    click.echo(f"{plural(len(results), 'feed')}: {new} new, "
               f"{edited} edited entr{'y' if edited == 1 else 'ies'}"
               + (f"; {failed} failing" if failed else ""))
    sys.exit(1 if failed else 0)


COMMANDS: list = [serve, status, feeds]
