"""`cascade preview`: every item, drafts included, as it will look on the site.

The pages are the ones `cascade build` makes, built by the same site engine, but into
a scratch folder with its own state database: a preview never writes site/, the
dissemination log, the ledger or the outbox. What only the preview shows (the banner
with the item's state and findings, the reload script) is added as a page is served,
so the built pages stay exactly as the site will have them.
"""

from __future__ import annotations

import contextlib
import html.parser
import os
import re
import tempfile
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Iterator

from pipeline import publish
from pipeline.checks.cache import run_checks_cached
from pipeline.content.load import FOLDERS, Item, load_content
from pipeline.exceptions import ConfigError
from pipeline.mail import tokens
from pipeline.render import render
from pipeline.settings.config import Config
from pipeline.site import build, pages
from pipeline.state import open_state
from pipeline.text import long_date



@dataclass
class Preview:
    """One preview build: which built page shows which item, and when it was made."""

    now: datetime
    items: list[Item]                                   # the items previewed
    pages: dict[str, Item] = field(default_factory=dict)   # "briefings/x.html" -> item


@contextlib.contextmanager
def scratch_folder(config: Config) -> Iterator[Path]:
    """A folder for one preview's builds, removed afterwards. It is in the project's state
    folder, not the system's: the engine reads the glossary snippet only from inside the
    folder Cascade runs in."""
    state_folder = config.state_db.parent
    state_folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="preview-", dir=state_folder) as folder:
        yield Path(folder)


def scratch_config(config: Config, folder: Path) -> Config:
    """The project's settings with everything a build writes moved into `folder`."""
    data = dict(config.data, site_dir=str(folder / "site"),
                state_db=str(folder / "state" / "state.db"),
                log_file=str(folder / "log.csv"))
    data["mail"] = dict(config.data["mail"], maildir=str(folder / "outbox"))
    return replace(config, data=data)


def build_preview(config: Config, scratch: Config, now: datetime,
                  paths: list[Path] | None = None, engine=None) -> Preview:
    """Load and check the content, then build the previewed items and the listings into
    the scratch site. Raises BuildError (the last good build stays) if the engine fails.
    `engine`: a build.EngineInProcess kept between builds, so each save is quick."""
    items = load_content(scratch)
    with open_state(scratch.state_db) as db:
        run_checks_cached(items, scratch, db)
        feedback_key = _feedback_key(scratch, db)
    if paths:
        # realpath, unlike Path.resolve, does not raise on a symlink loop in content/.
        wanted = [Path(os.path.realpath(p)) for p in paths]
        items = [i for i in items if _within(Path(os.path.realpath(config.root / i.rel)),
                                             wanted)]
    preview = Preview(now=now, items=items)
    listed, plain = [], {}
    for item in items:
        name = page_name(item)
        if f"{name}.html" in preview.pages:
            continue   # a second file with the same id: held back, its finding says so
        if _renders(scratch, item):
            listed.append(item)
        else:
            plain[f"{name}.md"] = pages.plain_page(item.title or Path(item.rel).stem,
                                                   item.body)
        preview.pages[f"{name}.html"] = item
    # No briefing PDFs: making them would slow every save; the page is the preview.
    publish.build_site(scratch, listed, plain, first_built=now.astimezone(config.tz).date(),
                       engine=engine or build.EngineInProcess(), now=now, pdfs=False,
                       feedback_key=feedback_key)
    return preview


def _feedback_key(scratch: Config, db) -> bytes | None:
    """A key for the feedback forms, so ready pages show them as the site will (drafts
    never do); None, and no forms, when the settings give no key to sign with."""
    if not scratch["subscribe_url"]:
        return None
    try:
        return tokens.signing_key(scratch, db)
    except ConfigError:
        return None


def _within(path: Path, wanted: list[Path]) -> bool:
    return any(path == w or path.is_relative_to(w) for w in wanted)


def page_name(item: Item) -> str:
    """Where the item's page is, without the suffix: its id, else its file's name."""
    return f"{FOLDERS[item.kind]}/{item.id or Path(item.rel).stem}"


def _renders(config: Config, item: Item) -> bool:
    """Whether the item's usual page can be made: a held-back file's front matter may
    lack a date or hold a number where text belongs."""
    if not item.id or not item.meta:
        return False
    maker = pages.briefing_page if item.kind == "briefing" else pages.procedure_page
    try:
        maker(pages.make_site(config, [item]), item)
    except (KeyError, TypeError, AttributeError, ValueError):
        return False
    return True


def state_text(item: Item, now: datetime, config: Config) -> str:
    """What the banner says about the item's state."""
    state = item.state(now)
    if state == "held-back":
        return "Held back: it has errors to fix, and would not be published as it is."
    if state == "draft" and item.held_back:
        return ("Draft, with errors to fix: it will not be published until they are fixed "
                "and its status is ready.")
    if state == "draft":
        return "Draft: it will not be published until its status is ready."
    if state == "scheduled":
        when = item.meta["date"].astimezone(config.tz)
        return f"Scheduled for {long_date(when, config.tz)} {when:%H:%M}: it goes live then."
    if state == "withdrawn":
        return ("Withdrawn: this page is not on the site; if it was published, its address "
                "shows a withdrawal notice instead.")
    return "Would be published: it is ready and its date has come."


# A heading line in the Markdown source: `## Background`, `## Background {#bg}`.
_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*(?:\{[^}]*\})?[ \t]*\Z")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")


def source_headings(item: Item) -> list[tuple[int, str]]:
    """(line, heading text) for each heading of the body, outside fenced code."""
    found, fenced = [], False
    for number, line in enumerate(item.body.split("\n"), start=item.body_line):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and (match := _HEADING.match(line)):
            found.append((number, _norm(match.group(2))))
    return found


class _Headings(html.parser.HTMLParser):
    """(id, text) of each heading with an id in a built page."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self._open: tuple[str, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        ident = dict(attrs).get("id")
        if re.fullmatch(r"h[1-6]", tag) and ident:
            self._open, self._text = (tag, ident), []

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            self.found.append((self._open[1], _norm("".join(self._text))))
            self._open = None

    def handle_data(self, data):
        if self._open:
            self._text.append(data)


def _norm(text: str) -> str:
    text = re.sub(r"[*_`\[\]]|\]\([^)]*\)", "", text)
    return " ".join(text.split()).casefold()


def anchors(item: Item, page_html: str) -> dict[int, str]:
    """Source line -> the id of the heading that line sits under on the built page."""
    parser = _Headings()
    parser.feed(page_html)
    built = list(parser.found)
    lines: dict[int, str] = {}
    for line, text in source_headings(item):
        match = next((i for i, (_id, shown) in enumerate(built) if shown == text), None)
        if match is not None:
            lines[line] = built[match][0]
            del built[: match + 1]   # headings appear in source order
    return lines


def banner(item: Item, page_html: str, now: datetime, config: Config) -> str:
    """The preview banner for an item's page: its state and its findings, each linked to
    the section of the page it is in where that section has an anchor."""
    places = anchors(item, page_html)
    findings = []
    for finding in sorted(item.findings, key=lambda f: (f.line, f.rule)):
        above = [line for line in places if line <= finding.line]
        findings.append({"finding": finding,
                         "anchor": places[max(above)] if above else ""})
    return render("preview/banner.html", item=item, state=item.state(now),
                  state_text=state_text(item, now, config), findings=findings)


# Where the preview's additions go in a page the engine built (patterns, not markup).
_ARTICLE = re.compile(r"<article\b[^>]*>", re.IGNORECASE)
_BODY_END = re.compile(r"</body\s*>", re.IGNORECASE)


def decorate(page_html: str, item: Item | None, version: int, now: datetime,
             config: Config) -> str:
    """A built page as the preview serves it: the banner at the top of an item's
    article, and the script that reloads the page when the preview is rebuilt."""
    if item is not None:
        top = _ARTICLE.search(page_html)
        if top:
            at = top.end()
            page_html = page_html[:at] + banner(item, page_html, now, config) + page_html[at:]
    script = render("preview/reload.html", version=version)
    ends = list(_BODY_END.finditer(page_html))
    end = ends[-1].start() if ends else len(page_html)
    return page_html[:end] + script + page_html[end:]
