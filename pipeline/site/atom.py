"""Atom feeds (RFC 4287) for briefings and procedure changes.

Written by Cascade rather than the theme so they stay the same whichever
engine builds the pages. Entries are ordered and dated from content only, so
an unchanged site gives byte-identical feeds.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit
import re

from pipeline.content.load import Item
from pipeline.render import render
from pipeline.site.pages import Site
from pipeline.text import long_date


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text without the control characters XML 1.0 forbids (the template escapes it)."""
    return _NOT_XML.sub("", str(text))


def _iso(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


def _tag(site_url: str, item: Item, kind: str) -> str:
    """A permanent entry id: it never changes when the page moves or is updated."""
    host = urlsplit(site_url).hostname
    return f"tag:{host},{item.meta['date']:%Y-%m-%d}:{kind}/{item.id}"


def _updated(item: Item) -> datetime:
    return item.meta.get("updated") or item.meta["date"]


def feed(site: Site, kind: str, now: datetime) -> str:
    """The feed of one kind. An empty feed is dated by the newest item of the other kind
    (the site's last change), else by the pass (`now`): never by a fixed date."""
    items = site.briefings if kind == "briefing" else site.procedures
    base = site.config.site_url
    folder = "briefings" if kind == "briefing" else "procedures"
    title = f"{site.config['site_name']}: " + \
        ("7-minute briefings" if kind == "briefing" else "procedure changes")
    newest = max((_updated(i) for i in items or site.briefings + site.procedures),
                 default=now)
    host = urlsplit(base).hostname
    entries = []
    for item in sorted(items, key=lambda i: (_updated(i), i.id), reverse=True):
        summary = item.meta["summary"]
        if item.meta.get("updated") and item.meta.get("change_note"):
            summary += f" Updated {long_date(item.meta['updated'], site.tz)}: " \
                       f"{item.meta['change_note']}"
        entries.append({"id": xml_text(_tag(base, item, kind)),
                        "title": xml_text(" ".join(item.title.split())),
                        "link": xml_text(f"{base}{folder}/{item.id}.html"),
                        "published": _iso(item.meta["date"]), "updated": _iso(_updated(item)),
                        "summary": xml_text(" ".join(summary.split())),
                        "themes": [xml_text(t) for t in item.meta["themes"]]})
    return render("site/atom.xml", id=xml_text(f"tag:{host},2024:{folder}"),
                  title=xml_text(title), self_url=xml_text(f"{base}feeds/{folder}.xml"),
                  index_url=xml_text(f"{base}{folder}/index.html"),
                  updated=_iso(newest),
                  author=xml_text(site.config["partnership"]), entries=entries)
