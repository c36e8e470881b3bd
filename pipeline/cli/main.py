"""The `cascade` command line: parse options, call one library function, report.

A CascadeError becomes a clean message and the design's exit status (0 done,
1 content or check failures, 2 usage or configuration error). Each command
group lives in its own module and joins the group here.
"""

from __future__ import annotations

from pathlib import Path

import click

from pipeline import __version__
from pipeline.cli import content as content_commands
from pipeline.cli import feedback as feedback_commands
from pipeline.cli import log as log_commands
from pipeline.cli import mail as mail_commands
from pipeline.cli import preview as preview_commands
from pipeline.cli import serve as serve_commands
from pipeline.cli import settings as settings_commands


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cascade")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Settings file (default: cascade.yml in this folder, "
              "else embedded defaults).")
@click.pass_context
def cli(ctx, config_path):
    """Cascade: check, publish and disseminate 7-minute briefings and procedure changes.

    \b
    Example:
      cascade check && cascade run
    """
    ctx.ensure_object(dict)
    ctx.obj["config_path"] = config_path


for _command in (*content_commands.COMMANDS, *feedback_commands.COMMANDS,
                 *log_commands.COMMANDS,
                 *mail_commands.COMMANDS, *preview_commands.COMMANDS,
                 *serve_commands.COMMANDS, *settings_commands.COMMANDS):
    cli.add_command(_command)


def main():
    cli(prog_name="cascade")
