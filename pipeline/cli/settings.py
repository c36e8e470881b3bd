"""`cascade settings`: every setting with its default and meaning."""

from __future__ import annotations

import click

from pipeline.settings.docs import annotated_yaml, markdown_table


@click.command("settings")
@click.option("--format", "output", type=click.Choice(["yaml", "markdown"]), default="yaml",
              show_default=True, help="yaml: a complete cascade.yml with every default; "
              "markdown: the table in the README.")
def settings(output):
    """Print every setting with its default and what it does.

    Every key of cascade.yml is optional; a key you leave out keeps its default.
    Secrets (CASCADE_SMTP_PASSWORD, CASCADE_NOTIFY_API_KEY, CASCADE_SIGNING_KEY)
    come only from the environment.

    \b
    Example:
      cascade settings > cascade.yml
    """
    click.echo(annotated_yaml() if output == "yaml" else markdown_table(), nl=False)


COMMANDS = [settings]
