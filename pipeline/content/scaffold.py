"""`cascade new`: start a briefing or procedure-change note that already passes the schema.

The placeholder texts here are also what `cascade import` leaves for the officer, and
what the `placeholder-text` check looks for: a `ready` item that still has one is
held back.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from pathlib import Path

from pipeline.settings.config import Config
from pipeline.exceptions import CascadeError

PLACEHOLDER_SUMMARY = "One or two sentences for listings, feeds and emails."
PLACEHOLDER_CHANGE = "Say what changed in the chapter and why, in plain English."
# `.example` is reserved (RFC 2606): no real procedures manual can live there.
PLACEHOLDER_CHAPTER_HOST = "procedures.example"


MAX_SLUG = 60


def slugify(title: str) -> str:
    """A title as an id of at most MAX_SLUG characters, cut between words, not inside one."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) <= MAX_SLUG:
        return slug
    cut = slug[:MAX_SLUG + 1].rfind("-")   # a hyphen just after the limit ends a whole word
    return slug[:cut] if cut > 0 else slug[:MAX_SLUG]  # one very long word: cut it


def section_placeholder(heading: str) -> str:
    """The text a briefing section starts with, e.g. 'Write the background here.'"""
    return f"Write the {heading.lower()} here."


def placeholder_texts(config: Config) -> frozenset[str]:
    """Every body line the scaffold and the importer write for the officer to replace."""
    return frozenset([PLACEHOLDER_CHANGE] +
                     [section_placeholder(h) for h in config["briefing_sections"]])


def _quoted(text: str) -> str:
    return '"' + " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def front_matter(config: Config, kind: str, slug: str, title: str, now: datetime,
                 summary: str = "") -> list[str]:
    """The front-matter lines between the two '---' lines, with comments saying what
    each key takes; `summary` replaces the placeholder summary when known."""
    today = now.astimezone(config.tz).date().isoformat()
    themes = ", ".join(config["themes"])
    audiences = ", ".join(config["audiences"])
    lines = [
        f"id: {slug}",
        f"title: {_quoted(title)}",
        f"date: {today}            # publish on or after this date (add T09:00 for a time)",
        "status: draft             # draft while writing; ready to publish",
        f"summary: {_quoted(summary) if summary else PLACEHOLDER_SUMMARY}",
        f"themes: []               # choose from: {themes}",
        f"audience: []             # choose from: {audiences}",
    ]
    if kind == "briefing":
        lines += [
            "# source:                 # the learning it comes from (optional)",
            "#   type: cspr            # cspr, rapid-review, national-panel, sar, dhr, "
            "multi-agency-audit, guidance, other",
            "#   title: \"Child Safeguarding Practice Review: Child A\"",
            "#   url: https://...",
            "# review_by: YYYY-MM-DD",
        ]
    else:
        lines += [
            "change_type: updated      # new, updated, refreshed or removed",
            f"chapter_url: https://{PLACEHOLDER_CHAPTER_HOST}/chapters/{slug}"
            "   # the chapter's address in the manual",
            f"update_cycle: {now.astimezone(config.tz):%Y-%m}        # the manual's update round",
            "# practitioner_action: One line on what practitioners should do.",
            "# driver: Working Together 2023",
        ]
    return lines


def new_item(config: Config, kind: str, title: str, now: datetime) -> Path:
    """Write the scaffold and return its path; never overwrite an existing file."""
    slug = slugify(title)
    if not slug:
        raise CascadeError(f"cannot make an id from the title {title!r}: use letters or digits")
    folder = config.content_dir / ("briefings" if kind == "briefing" else "procedures")
    path = folder / f"{slug}.md"
    if path.exists():
        raise CascadeError(f"{path.relative_to(config.root)} already exists; choose another "
                           "title or edit that file")
    lines = ["---", *front_matter(config, kind, slug, title, now), "---", ""]
    if kind == "briefing":
        for heading in config["briefing_sections"]:
            lines += [f"## {heading}", "", section_placeholder(heading), ""]
    else:
        lines += [PLACEHOLDER_CHANGE, ""]
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
