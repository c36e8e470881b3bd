"""Render HTML from the Jinja2 templates in pipeline/templates/, autoescaped.

Every HTML page and email body Cascade writes comes from a template here, so a
value is escaped unless a template marks it safe on purpose (already-sanitised
Markdown output, for example). Templates are loaded once per process.

Folders: `mail/` (email bodies), `web/` (the subscription pages), `reports/`
(standalone reports, charts and report snippets in site pages), `site/` (HTML
the site generator puts into Markdown pages, and the Atom feeds).
"""

from __future__ import annotations

import functools

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from pipeline.text import md_inline


def oneline(text) -> str:
    """Front-matter text on one line: runs of whitespace (newlines too) become one space."""
    return " ".join(str(text if text is not None else "").split())


def markdown_text(text) -> Markup:
    """Text made safe inside generated Markdown (see text.md_inline). Its output has
    `&`, `<` and `>` escaped, so it is safe as element content; quotes are left alone,
    so never use it inside an attribute."""
    return Markup(md_inline(text))


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("pipeline", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,   # a misspelt variable is an error, not an empty string
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,           # compiled once per process: no stat per message
    )
    env.filters["oneline"] = oneline
    env.filters["md"] = markdown_text
    return env


def render(name: str, /, **context) -> str:
    """The template `name` (e.g. "web/page.html") filled in with `context` (which may
    itself have a `name`)."""
    return environment().get_template(name).render(**context)
