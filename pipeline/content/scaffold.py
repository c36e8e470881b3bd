"""`cascade new`: start a briefing or procedure-change note that already passes the schema."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from pathlib import Path

from pipeline.settings.config import Config
from pipeline.exceptions import CascadeError


def slugify(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:60].rstrip("-")


def _quoted(text: str) -> str:
    return '"' + " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


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
    today = now.astimezone(config.tz).date().isoformat()
    themes = ", ".join(config["themes"])
    audiences = ", ".join(config["audiences"])
    front = [
        "---",
        f"id: {slug}",
        f"title: {_quoted(title)}",
        f"date: {today}            # publish on or after this date (add T09:00 for a time)",
        "status: draft             # draft while writing; ready to publish",
        "summary: One or two sentences for listings, feeds and emails.",
        f"themes: []               # choose from: {themes}",
        f"audience: []             # choose from: {audiences}",
    ]
    if kind == "briefing":
        front += [
            "# source:                 # the learning it comes from (optional)",
            "#   type: cspr            # cspr, rapid-review, national-panel, sar, dhr, "
            "multi-agency-audit, guidance, other",
            "#   title: \"Child Safeguarding Practice Review: Child A\"",
            "#   url: https://...",
            "# review_by: YYYY-MM-DD",
            "---",
            "",
        ]
        for heading in config["briefing_sections"]:
            front += [f"## {heading}", "", f"Write the {heading.lower()} here.", ""]
    else:
        front += [
            "change_type: updated      # new, updated, refreshed or removed",
            "chapter_url: https://procedures.example.org.uk/chapters/" + slug,
            f"update_cycle: {now.astimezone(config.tz):%Y-%m}        # the manual's update round",
            "# practitioner_action: One line on what practitioners should do.",
            "# driver: Working Together 2023",
            "---",
            "",
            "Say what changed in the chapter and why, in plain English.",
            "",
        ]
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(front), encoding="utf-8")
    return path
