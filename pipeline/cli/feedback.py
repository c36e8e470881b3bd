"""`cascade feedback ...`: the queue of returns from the website's feedback forms."""

from __future__ import annotations

import sys

import click

from pipeline.cli.common import fail_cleanly, get_config, now_option, resolve_now
from pipeline.evidence import feedback as queue
from pipeline.state import open_state
from pipeline.text import plural


@click.group("feedback")
def feedback_group():
    """Review what readers sent with the forms at the foot of each page.

    "Was this useful?" answers and "I shared this with my team" returns wait as
    pending until you accept or reject them. An accepted team return becomes a
    delivered-offline row in the log, marked self-reported; a rejected one never
    reaches the log.

    \b
    Example:
      cascade feedback list && cascade feedback accept 12 13
    """


@feedback_group.command("list")
@click.option("--status", type=click.Choice([*queue.STATUSES, "all"]), default="pending",
              show_default=True, help="Which returns to list.")
@click.pass_context
@fail_cleanly
def list_returns(ctx, status):
    """List returns, pending ones unless --status says otherwise.

    One line each: id, received, item, kind and the answer. Comments are shown as
    plain text on one line, with control characters taken out.

    \b
    Example:
      cascade feedback list --status accepted
    """
    config = get_config(ctx)
    with open_state(config.state_db) as db:
        rows = queue.returns(db, None if status == "all" else status)
    if not rows:
        click.echo(f"No {'' if status == 'all' else status + ' '}feedback.")
        return
    for row in rows:
        line = "\t".join([str(row["id"]), row["received_at"][:16].replace("T", " "),
                          queue.terminal_safe(row["item_id"]), row["kind"],
                          queue.answer_text(row)])
        if status == "all":
            line += f"\t{row['status']}"
        click.echo(line)
    click.echo(plural(len(rows), f"{'' if status == 'all' else status + ' '}return"),
               err=True)


def _decide(ctx, ids, decision: str, now) -> None:
    config = get_config(ctx)
    results = queue.decide(config, list(ids), decision, resolve_now(config, now))
    for result in results:
        if result.done:
            click.echo(result.message[:1].upper() + result.message[1:] + ".")
        else:
            click.echo(f"Error: {result.message}", err=True)
    worst = max((r.exit_code for r in results if not r.done), default=0)
    if worst:
        sys.exit(worst)


@feedback_group.command("accept")
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@now_option
@click.pass_context
@fail_cleanly
def accept(ctx, ids, now):
    """Accept returns; a team return becomes a log row.

    A team return becomes a delivered-offline row in the log (self-reported,
    reach = the number of people, audience = the sector, channel from the format);
    a "useful" answer is counted in reports but writes no log row. Each id is
    reported; running it again never writes a second row.

    \b
    Example:
      cascade feedback accept 12 13
    """
    _decide(ctx, ids, "accepted", now)


@feedback_group.command("reject")
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@now_option
@click.pass_context
@fail_cleanly
def reject(ctx, ids, now):
    """Reject returns: spam, or not a real session.

    They stay in the state database as rejected and never reach the log.

    \b
    Example:
      cascade feedback reject 14
    """
    _decide(ctx, ids, "rejected", now)


COMMANDS: list = [feedback_group]
