"""Atom feeds (RFC 4287) for briefings and procedure changes.

Written by Cascade rather than the theme so they stay the same whichever
engine builds the pages. Entries are ordered and dated from content only, so
an unchanged site gives byte-identical feeds.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit
import re
from xml.sax.saxutils import escape as _escape
from xml.sax.saxutils import quoteattr as _quoteattr

from pipeline.content.load import Item
from pipeline.site.pages import Site
from pipeline.text import long_date


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escape(text: str) -> str:
    """XML text, with the control characters XML 1.0 forbids removed."""
    return _escape(_NOT_XML.sub("", str(text)))


def quoteattr(text: str) -> str:
    return _quoteattr(_NOT_XML.sub("", str(text)))


def _iso(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


def _tag(site_url: str, item: Item, kind: str) -> str:
    """A permanent entry id: it never changes when the page moves or is updated."""
    host = urlsplit(site_url).hostname
    return f"tag:{host},{item.meta['date']:%Y-%m-%d}:{kind}/{item.id}"


def _updated(item: Item) -> datetime:
    return item.meta.get("updated") or item.meta["date"]


def feed(site: Site, kind: str) -> str:
    items = site.briefings if kind == "briefing" else site.procedures
    base = site.config.site_url
    folder = "briefings" if kind == "briefing" else "procedures"
    title = f"{site.config['site_name']}: " + \
        ("7-minute briefings" if kind == "briefing" else "procedure changes")
    newest = max((_updated(i) for i in items), default=None)
    host = urlsplit(base).hostname
    out = ['<?xml version="1.0" encoding="utf-8"?>\n',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n',
           f"  <id>tag:{host},2024:{folder}</id>\n",
           f"  <title>{escape(title)}</title>\n",
           f"  <link rel=\"self\" href={quoteattr(f'{base}feeds/{folder}.xml')}/>\n",
           f"  <link rel=\"alternate\" type=\"text/html\" "
           f"href={quoteattr(f'{base}{folder}/index.html')}/>\n",
           f"  <updated>{_iso(newest) if newest else '2024-01-01T00:00:00+00:00'}</updated>\n",
           f"  <author><name>{escape(site.config['partnership'])}</name></author>\n"]
    for item in sorted(items, key=lambda i: (_updated(i), i.id), reverse=True):
        summary = item.meta["summary"]
        if item.meta.get("updated") and item.meta.get("change_note"):
            summary += f" Updated {long_date(item.meta['updated'], site.tz)}: " \
                       f"{item.meta['change_note']}"
        out += ["  <entry>\n",
                f"    <id>{escape(_tag(base, item, kind))}</id>\n",
                f"    <title>{escape(' '.join(item.title.split()))}</title>\n",
                f"    <link rel=\"alternate\" type=\"text/html\" "
                f"href={quoteattr(f'{base}{folder}/{item.id}.html')}/>\n",
                f"    <published>{_iso(item.meta['date'])}</published>\n",
                f"    <updated>{_iso(_updated(item))}</updated>\n",
                f"    <summary type=\"text\">{escape(' '.join(summary.split()))}</summary>\n"]
        out += [f"    <category term={quoteattr(t)}/>\n" for t in item.meta["themes"]]
        out.append("  </entry>\n")
    out.append("</feed>\n")
    return "".join(out)
