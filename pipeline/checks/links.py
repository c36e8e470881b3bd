"""Rules on links: text that makes sense out of context, targets that exist, documents.

Web addresses are never fetched: only links to other content on this site
(relative .md links, #anchors) are followed, against the items of this run.
Each function is one rule with one stable id; see CHECKS in pipeline/checks/rules.py.
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re
from typing import TYPE_CHECKING, Iterable
from urllib.parse import unquote, urlsplit

from markdown.extensions.toc import slugify, unique

from pipeline.checks.body import Doc
from pipeline.content.load import KINDS, Item
from pipeline.findings import ERROR, WARNING, Finding, short

if TYPE_CHECKING:
    from pipeline.checks.context import CheckContext

VAGUE_TEXT = frozenset({
    "click here", "here", "click", "click this link", "read more", "more", "link",
    "this link", "more info", "more information", "find out more", "learn more", "this page",
    "this", "go",
})
URL_TEXT = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)\S*\Z", re.I)
CONTENT_FOLDERS = tuple(KINDS)
# The format word(s) a reader would recognise for each kind of document.
DOCUMENTS = {
    ".pdf": ("PDF", ("pdf",)),
    ".doc": ("Word", ("word", "doc")),
    ".docx": ("Word", ("word", "docx")),
    ".odt": ("ODT", ("odt", "opendocument")),
    ".rtf": ("RTF", ("rtf",)),
    ".xls": ("Excel", ("excel", "xls", "spreadsheet")),
    ".xlsx": ("Excel", ("excel", "xlsx", "spreadsheet")),
    ".ods": ("ODS", ("ods", "opendocument", "spreadsheet")),
    ".ppt": ("PowerPoint", ("powerpoint", "ppt")),
    ".pptx": ("PowerPoint", ("powerpoint", "pptx")),
}
SIZE = re.compile(r"\b\d{1,6}(?:[.,]\d{1,3})?\s?(?:bytes?|[KMG]i?B|kb|mb|gb)\b", re.I)


def link_text_empty(item: Item, context: CheckContext) -> Iterable[Finding]:
    for link in context.doc(item).links:
        if not link.image and not link.auto and not link.text:
            yield Finding(item.rel, link.line, "link-text-empty",
                          f'link to "{short(link.dest)}" has no text',
                          "put words saying where the link goes between the brackets: "
                          "[Safer sleep protocol](...)", ERROR, "2.4.4")


def link_text_vague(item: Item, context: CheckContext) -> Iterable[Finding]:
    for link in context.doc(item).links:
        words = " ".join(re.sub(r"[^\w\s]", " ", link.text.lower()).split())
        if not link.image and words in VAGUE_TEXT:
            yield Finding(item.rel, link.line, "link-text-vague",
                          f'link text "{short(link.text)}" does not say where the link goes',
                          "use words that make sense on their own, e.g. "
                          "[Read the safer sleep protocol](...)", ERROR, "2.4.4")


def link_text_url(item: Item, context: CheckContext) -> Iterable[Finding]:
    for link in context.doc(item).links:
        if link.image or not (link.auto and "://" in link.dest or URL_TEXT.match(link.text)):
            continue
        yield Finding(item.rel, link.line, "link-text-url",
                      f'link text is a web address ("{short(link.text, 40)}")',
                      f"say where the link goes: [Name of the page]({short(link.dest, 40)})",
                      ERROR, "2.4.4")


def _resolve(item: Item, context: CheckContext, dest: str):
    """(site page, fragment) for a link within the site; None for a web address."""
    dest = html.unescape(dest).strip()
    parts = urlsplit(dest)
    if parts.scheme or parts.netloc or dest.startswith(("/", "\\")):
        return None
    path = unquote(parts.path)
    if not path:
        return context.page(item), unquote(parts.fragment)
    here = posixpath.dirname(context.page(item))
    return posixpath.normpath(posixpath.join(here, path)), unquote(parts.fragment)


def _target_item(context: CheckContext, page: str) -> Item | None:
    folder, _, name = page.partition("/")
    item = context.items.get(name[:-3]) if folder in CONTENT_FOLDERS else None
    return item if item is not None and context.page(item) == page else None


def link_target_missing(item: Item, context: CheckContext) -> Iterable[Finding]:
    for link in context.doc(item).links:
        target = None if link.auto else _resolve(item, context, link.dest)
        if target is None or not target[0].endswith(".md"):
            continue
        page = target[0]
        folder, _, name = page.partition("/")
        here = posixpath.dirname(context.page(item))
        if page.startswith("../"):
            message = f'link to "{short(link.dest)}" points outside the website'
            fix = "link to another briefing as ../briefings/ID.md, or use a full https:// address"
        elif folder in CONTENT_FOLDERS and name != "index.md" and "/" not in name:
            if _target_item(context, page) is not None:
                continue
            wanted = name[:-3]
            other = context.items.get(wanted)
            if other is not None:
                message = f'link to "{short(link.dest)}": "{wanted}" is a {other.kind}, ' \
                          f"not in {folder}/"
                fix = f"link to {posixpath.relpath(context.page(other), here)}"
            else:
                message = f'link to "{short(link.dest)}": there is no briefing or ' \
                          f'procedure change with id "{wanted}"'
                close = difflib.get_close_matches(wanted, sorted(context.ids), n=1)
                fix = f'did you mean "{close[0]}"?' if close else \
                    "check the id in the front matter of the file you mean"
        else:
            continue  # another page of the site (indexes, the accessibility statement)
        yield Finding(item.rel, link.line, "link-target-missing", message, fix, ERROR)


def page_anchors(item: Item, doc: Doc) -> list[str]:
    """The ids the site engine gives the item page's headings, title first, in order."""
    used: set[str] = set()
    anchors = [unique(slugify(str(item.title), "-"), used)]
    anchors += [h.anchor for h in doc.headings if h.anchor]
    used.update(anchors)
    for heading in doc.headings:
        if not heading.anchor:
            anchors.append(unique(slugify(heading.text, "-"), used))
    if item.kind == "briefing" and item.meta.get("updated") and item.meta.get("change_note"):
        anchors.append(unique("page-history", used))
    return anchors


def link_anchor_missing(item: Item, context: CheckContext) -> Iterable[Finding]:
    for link in context.doc(item).links:
        target = None if link.auto else _resolve(item, context, link.dest)
        if target is None or ("#" not in link.dest):
            continue
        page, fragment = target
        other = item if page == context.page(item) else _target_item(context, page)
        if other is None:
            continue  # a missing page is link-target-missing's business
        doc = context.doc(other)   # a contents list links to one page many times
        if "anchors" not in doc.memo:
            doc.memo["anchors"] = page_anchors(other, doc)
        anchors = doc.memo["anchors"]
        if fragment in anchors:
            continue
        where = "on this page" if other is item else f'in "{other.id}"'
        close = difflib.get_close_matches(fragment, anchors, n=1)
        fix = f'did you mean "#{close[0]}"?' if close else \
            "link to one of: " + ", ".join(f"#{a}" for a in anchors[:6])
        yield Finding(item.rel, link.line, "link-anchor-missing",
                      f'link to "{short(link.dest)}": no heading {where} has the anchor '
                      f'"#{short(fragment, 40)}"', fix, ERROR)


def link_document_format(item: Item, context: CheckContext) -> Iterable[Finding]:
    for link in context.doc(item).links:
        if link.image:
            continue
        path = urlsplit(html.unescape(link.dest)).path.lower()
        extension = posixpath.splitext(path)[1]
        if extension not in DOCUMENTS:
            continue
        name, words = DOCUMENTS[extension]
        has_format = re.search(rf"\b(?:{'|'.join(words)})\b", link.text, re.I)
        has_size = SIZE.search(link.text)
        if has_format and has_size:
            continue
        missing = "format and size" if not has_format and not has_size else \
            "size" if has_format else "format"
        yield Finding(item.rel, link.line, "link-document-format",
                      f"link to a {name} file does not say its {missing}",
                      f"add them to the link text, e.g. [{short(link.text, 30) or 'Title'} "
                      f"({name}, 1.2 MB)](...)", WARNING)
