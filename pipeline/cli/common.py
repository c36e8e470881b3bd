"""What every command shares: the clean failure, --now, the settings."""

from __future__ import annotations

import functools
import sys
from datetime import datetime
from pathlib import Path

import click

from pipeline.content.load import YEARS, parse_when
from pipeline.exceptions import CascadeError, ConfigError
from pipeline.settings.config import Config, load_config
from pipeline.state import shown


def fail_cleanly(command):
    """Turn a CascadeError into a message on stderr and its exit status."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except ConfigError as exc:
            click.echo("Configuration error:", err=True)
            for problem in exc.problems:
                click.echo(f"  {problem}", err=True)
            sys.exit(exc.exit_code)
        except CascadeError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            if not exc.filename:
                raise
            # A file the machine would not let Cascade use: the user's to fix, no traceback.
            click.echo(f"Error: {shown(Path(exc.filename))}: {exc.strerror or exc}. Check that it "
                       "is there, is what Cascade expects (a file or a folder), and that the "
                       "account that runs Cascade can read and write it; then run again.",
                       err=True)
            sys.exit(2)
    return wrapper


def now_option(command):
    return click.option(
        "--now", "now", metavar="ISO-DATETIME", default=None,
        help="Act as if it were this time (Europe/London unless it has an offset).",
    )(command)


def resolve_now(config: Config, value: str | None) -> datetime:
    if value is None:
        return datetime.now(config.tz)
    when = parse_when(value, config.tz)
    if when is None:
        raise click.BadParameter(f"{value!r} is not an ISO 8601 date-time in the years "
                                 f"{YEARS[0]} to {YEARS[1]}, e.g. 2025-03-04T09:00",
                                 param_hint="--now")
    return when


def get_config(ctx: click.Context) -> Config:
    return load_config(ctx.obj.get("config_path"))
