"""Render HTML from the Jinja2 templates in pipeline/templates/, autoescaped.

Every HTML page and email body Cascade writes comes from a template here, so a
value is escaped unless a template marks it safe on purpose (already-sanitised
Markdown output, for example). Templates are loaded once per process.
"""

from __future__ import annotations

import functools

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@functools.cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("pipeline", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,   # a misspelt variable is an error, not an empty string
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(name: str, **context) -> str:
    """The template `name` (e.g. "web/confirm.html") filled in with `context`."""
    return environment().get_template(name).render(**context)
