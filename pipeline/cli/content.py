"""`cascade new`, `import`, `check`, `build` and `run`: the content commands."""

from __future__ import annotations

import json
from pathlib import Path
import sys

import click

from pipeline.exceptions import CascadeError
from pipeline.cli.common import fail_cleanly, get_config, now_option, resolve_now
from pipeline.content.scaffold import new_item
from pipeline.settings.config import Config
from pipeline.text import plural


@click.group()
def new():
    """Scaffold new content with front matter and the sections to fill in.

    \b
    Example:
      cascade new briefing "Safer sleep for babies"
    """


@new.command("briefing")
@click.argument("title")
@now_option
@click.pass_context
@fail_cleanly
def new_briefing(ctx, title, now):
    """Scaffold a 7-minute briefing with its front matter and seven sections.

    \b
    Example:
      cascade new briefing "Invisible men: injuries to non-mobile babies"
    """
    config = get_config(ctx)
    path = new_item(config, "briefing", title, resolve_now(config, now))
    click.echo(f"Created {path.relative_to(config.root)} (status: draft). Fill in the "
               "sections, then run: cascade check " + str(path.relative_to(config.root)))


@new.command("procedure")
@click.argument("title")
@now_option
@click.pass_context
@fail_cleanly
def new_procedure(ctx, title, now):
    """Scaffold a procedure-change note.

    \b
    Example:
      cascade new procedure "Information Sharing"
    """
    config = get_config(ctx)
    path = new_item(config, "procedure", title, resolve_now(config, now))
    click.echo(f"Created {path.relative_to(config.root)} (status: draft). Fill it in, then "
               "run: cascade check " + str(path.relative_to(config.root)))


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--kind", type=click.Choice(["briefing", "procedure"]), default="briefing",
              show_default=True, help="What the documents are.")
@click.option("--force", is_flag=True,
              help="Replace a draft even if it was edited after it was imported (the edits "
                   "are lost).")
@now_option
@click.pass_context
@fail_cleanly
def import_word(ctx, files, kind, force, now):
    """Turn Word (.docx) files into draft briefings or procedure notes, then check them.

    Each document becomes content/briefings/<id>.md (procedures/ with --kind
    procedure), status: draft, with its pictures in the folder <id>/ beside it.
    Headings are matched to the briefing's sections; what does not match is kept
    and reported. Importing the same document again replaces the draft only if it
    has not been edited since. Exit status 1 when a file could not be imported or
    a draft has an error.

    \b
    Example:
      cascade import "Safer sleep briefing.docx" "Neglect toolkit.docx"
    """
    config = get_config(ctx)
    from pipeline import publish   # on use: it loads every stage
    results, outcome = publish.import_word(config, list(files), kind,
                                           resolve_now(config, now), force)
    for result in results:
        _report_import(result, config)
    _print_findings(outcome, config)
    if outcome.items:
        click.echo(outcome.summary())
    failed = sum(1 for r in results if r.error)
    if failed:
        click.echo(f"Not imported: {plural(failed, 'file')} (see the errors above).", err=True)
    sys.exit(1 if failed or outcome.held_back or outcome.drafts_with_errors else 0)


def _report_import(result, config: Config) -> None:
    if result.error:
        click.echo(f"Error: {result.error}", err=True)
        return
    rel = result.path.relative_to(config.root).as_posix()
    done = {"created": "Imported", "replaced": "Imported again",
            "unchanged": "Already imported"}[result.action]
    line = f"{done}: {result.source.name} as {rel} (status: draft)"
    if result.pictures:
        line += f", with {plural(result.pictures, 'picture')} in {rel[:-3]}/"
        if result.without_alt:
            line += f", {result.without_alt} without alt text"
    click.echo(line)
    for note in sorted(result.notes, key=lambda n: n.line):
        click.echo(f"  {rel}:{note.line}: note: {note.message}")
    keys = ", ".join(f"{key} (line {line})" for key, line in result.to_fill)
    text = f"  Fill in: {keys}"
    if result.to_check:
        text += "; check: " + ", ".join(f"{key} (line {line})" for key, line in result.to_check)
    click.echo(text + f"; if they apply: {', '.join(result.optional)}")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "output", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json for tools and editors.")
@now_option
@click.pass_context
@fail_cleanly
def check(ctx, paths, output, now):
    """Run every check; print path:line: rule-id: message - fix: hint.

    Exit status 1 when any item has an error (a draft's too: fix it before it is ready).

    \b
    Example:
      cascade check content/briefings/safer-sleep.md
    """
    config = get_config(ctx)
    from pipeline import publish   # on use: it loads every stage
    outcome = publish.check(config, resolve_now(config, now), list(paths) or None)
    if output == "json":
        click.echo(json.dumps(_as_json(outcome, config), indent=2))
    else:
        _print_findings(outcome, config)
        click.echo(outcome.summary())
    sys.exit(1 if outcome.held_back or outcome.drafts_with_errors else 0)


@click.command()
@now_option
@click.pass_context
@fail_cleanly
def build(ctx, now):
    """Build site/ from the published, due items (sends and logs nothing).

    \b
    Example:
      cascade build --now 2027-01-12T09:00
    """
    config = get_config(ctx)
    from pipeline import publish   # on use: it loads every stage
    outcome = publish.run(config, resolve_now(config, now), log_acts=False)
    _print_findings(outcome, config, errors_only=True)
    _report_pass(outcome, config)
    sys.exit(1 if outcome.held_back else 0)


@click.command()
@click.option("--rebuild-state", "rebuild_state", is_flag=True, default=False,
              help="The state database was lost (deleted, emptied or garbled) and there is "
              "no backup: rebuild the log's anchor and the published items from the log, say "
              "what cannot be rebuilt, then run.")
@now_option
@click.pass_context
@fail_cleanly
def run(ctx, rebuild_state, now):
    """One full pass: check, build the site, log what was published, updated or withdrawn.

    Items with errors are held back and named; everything else goes ahead.
    Running it again with nothing changed does nothing. If the state database
    is missing or empty while the log has entries, the run stops (exit 2) until
    it is restored from a backup or rebuilt with --rebuild-state.

    \b
    Example:
      cascade run
      cascade run --rebuild-state
    """
    config = get_config(ctx)
    try:
        from pipeline import publish   # on use: it loads every stage
        outcome = publish.run(config, resolve_now(config, now), rebuild_state=rebuild_state)
    except CascadeError as exc:
        if getattr(exc, "outcome", None) is not None:   # published, then sending stopped
            _report_pass(exc.outcome, config)
        raise
    for line in outcome.rebuilt:
        click.echo(line)
    _print_findings(outcome, config, errors_only=True)
    _report_pass(outcome, config)
    sys.exit(1 if outcome.held_back else 0)


def _print_findings(outcome, config: Config, errors_only: bool = False) -> None:
    for item in outcome.items:
        findings = [f for f in item.findings if not errors_only or f.severity == "error"]
        if findings:
            click.echo(f"{item.rel}")
            for finding in sorted(findings, key=lambda f: (f.line, f.rule)):
                click.echo(f"  {finding.format()}")
    for item in outcome.items:
        if item.state(outcome.now) == "scheduled":
            when = item.meta["date"].astimezone(config.tz)
            click.echo(f"Scheduled: {item.rel} ({item.id}) goes live "
                       f"{when.day} {when:%B %Y %H:%M}")


def _report_pass(outcome, config: Config) -> None:
    for item in outcome.held_back:
        kept = " (its last published version stays on the site)" if item in outcome.kept else ""
        errors = sum(1 for f in item.findings if f.severity == "error")
        click.echo(f"Held back: {item.rel}: {plural(errors, 'error')}{kept}")
    for item in outcome.drafts_with_errors:
        errors = sum(1 for f in item.findings if f.severity == "error")
        click.echo(f"Draft: {item.rel}: {plural(errors, 'error')} to fix before it can be "
                   "published")
    published = len(outcome.public)
    if not outcome.built and not outcome.rows and not outcome.followups:
        click.echo(f"Nothing to do: the site is up to date ({plural(published, 'item')} "
                   "published).")
    else:
        if outcome.built:
            click.echo(f"Built {config.data['site_dir']}/: {plural(outcome.pages, 'page')}, "
                       f"{plural(published, 'item')} published"
                       f"{' (incremental)' if outcome.build_mode == 'incremental' else ''}.")
        if outcome.rows:
            click.echo(f"Logged {plural(len(outcome.rows), 'row')} in {config.data['log_file']}: "
                       f"{outcome.actions()}.")
        if outcome.followups:   # questions, not dissemination: they are not logged
            click.echo(f"Sent {plural(outcome.followups, 'follow-up question')}.")
    click.echo(outcome.summary())


def _as_json(outcome, config: Config) -> dict:
    items = []
    for item in outcome.items:
        items.append({"path": item.rel, "id": item.id or None, "kind": item.kind,
                      "state": item.state(outcome.now),
                      "findings": [f.as_dict() for f in item.findings]})
    counts = outcome.counts()
    return {"items": items, "summary": {"items": len(outcome.items), **dict(counts)},
            "text": outcome.summary()}


COMMANDS = [new, import_word, check, build, run]
