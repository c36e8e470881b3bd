"""`cascade preview`: see items, drafts included, as they will look on the site."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.cli.common import fail_cleanly, get_config, now_option, resolve_now


@click.command()
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port on 127.0.0.1 (0: any free port).")
@click.option("--no-browser", is_flag=True, help="Do not open a web browser.")
@now_option
@click.pass_context
@fail_cleanly
def preview(ctx, path, port, no_browser, now):
    """Serve every item, drafts and scheduled ones included, as it will look on the site.

    Each item's page has a banner saying what state it is in (draft, scheduled,
    held back, would be published) and listing its findings, linked to the
    section they are in. Saving a file rebuilds the preview and the page in the
    browser reloads by itself. Nothing is published, logged or sent: site/, the
    dissemination log and the outbox are left alone. PATH narrows the preview
    to one file or folder and opens the browser at that item's page.

    \b
    Example:
      cascade preview content/briefings/safer-sleep.md
    """
    from pipeline.service.preview_server import run

    config = get_config(ctx)
    fixed = resolve_now(config, now) if now else None
    run(config, [path] if path else None, port,
        now=(lambda: fixed) if fixed else (lambda: resolve_now(config, None)),
        say=click.echo, open_browser=not no_browser)


COMMANDS = [preview]
