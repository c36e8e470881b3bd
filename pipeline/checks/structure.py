"""Rules on a page's structure: images, headings, tables, raw HTML and scripts.

Each function is one rule with one stable id; see CHECKS in pipeline/checks/rules.py.
"""

from __future__ import annotations

import html
import posixpath
import re
from typing import TYPE_CHECKING, Iterable
from urllib.parse import urlsplit

from pipeline.checks.inline import TAG_CANDIDATE, read_tag
from pipeline.content.load import Item
from pipeline.findings import ERROR, WARNING, Finding, short
from pipeline.text import plural

if TYPE_CHECKING:
    from pipeline.checks.context import CheckContext

ALLOWED_TAGS = frozenset({"abbr", "kbd", "sup", "sub", "br"})
TAG_HINTS = {
    "img": "use a Markdown image with alt text: ![What the image shows](picture.png)",
    "a": "use a Markdown link: [Where it goes](https://...)",
    "b": "use **bold** instead", "strong": "use **bold** instead",
    "i": "use *italic* instead", "em": "use *italic* instead",
    "table": "use a Markdown table with a header row",
    "iframe": "link to the page or video instead of embedding it",
    "u": "remove it: underlined text looks like a link",
    **{f"h{level}": "use a Markdown heading (## Heading) instead" for level in range(1, 7)},
}
ALLOWED_TEXT = "<abbr>, <kbd>, <sup>, <sub> and <br>"
# data: images are harmless; any other data: address can carry a page with a script.
SCRIPT_URL = re.compile(r"^(?:javascript:|vbscript:|data:(?!image/(?:png|jpe?g|gif|webp)[;,]))",
                        re.I)
INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
IMAGE_FILE = re.compile(r"^[\w ().,-]{0,100}\.(?:png|jpe?g|gif|svg|webp|bmp|tiff?|avif|heic)\Z",
                        re.I)
CAMERA_NAME = re.compile(r"^(?:img|dsc|dscn|dcim|pxl|screenshot|image|photo|pic|picture)"
                         r"[\s_-]*\d", re.I)
GENERIC_ALT = frozenset({
    "image", "picture", "photo", "photograph", "pic", "img", "graphic", "icon", "figure",
    "diagram", "chart", "screenshot", "logo", "banner", "alt", "alt text", "placeholder",
    "untitled", "image of", "picture of", "photo of",
})
FRONT_TEXT_KEYS = ("title", "summary", "change_note", "practitioner_action", "driver")


def image_alt_missing(item: Item, context: CheckContext) -> Iterable[Finding]:
    for link in context.doc(item).links:
        if link.image and not link.text:
            yield Finding(item.rel, link.line, "img-alt-missing",
                          f'image "{short(link.dest)}" has no alt text',
                          "describe what the image shows between the brackets: "
                          "![A health visitor talking with a parent](photo.jpg)",
                          ERROR, "1.1.1")


def image_alt_poor(item: Item, context: CheckContext) -> Iterable[Finding]:
    for link in context.doc(item).links:
        if not link.image or not link.text:
            continue
        words = re.sub(r"[^\w\s]", " ", link.text[:100].lower()).split()
        if words and words[0] in ("a", "an", "the"):
            words = words[1:]
        name = posixpath.basename(urlsplit(link.dest).path)
        if " ".join(words) in GENERIC_ALT or IMAGE_FILE.match(link.text) \
                or CAMERA_NAME.match(link.text) or link.text == name:
            yield Finding(item.rel, link.line, "img-alt-poor",
                          f'alt text "{short(link.text)}" does not say what the image shows',
                          "describe the image's content or purpose, not its file name or type",
                          WARNING, "1.1.1")


def heading_h1(item: Item, context: CheckContext) -> Iterable[Finding]:
    for heading in context.doc(item).headings:
        if heading.level == 1:
            yield Finding(item.rel, heading.line, "heading-h1",
                          f'level-1 heading "{short(heading.text)}": the page title is '
                          "already the level-1 heading",
                          f"make it a section heading: ## {short(heading.text) or 'Heading'}",
                          ERROR, "1.3.1")


def heading_skip(item: Item, context: CheckContext) -> Iterable[Finding]:
    previous = 1  # the page title
    for heading in context.doc(item).headings:
        if heading.level > previous + 1:
            after = "the page title (level 1)" if previous == 1 else \
                f"a level-{previous} heading"
            yield Finding(item.rel, heading.line, "heading-skip",
                          f'level-{heading.level} heading "{short(heading.text)}" skips a '
                          f"level: it comes after {after}",
                          f"use {'#' * (previous + 1)} here, or add the missing "
                          f"level-{previous + 1} heading above it", ERROR, "1.3.1")
        previous = heading.level


def heading_empty(item: Item, context: CheckContext) -> Iterable[Finding]:
    for heading in context.doc(item).headings:
        if not heading.text:
            yield Finding(item.rel, heading.line, "heading-empty",
                          f"level-{heading.level} heading has no text",
                          "write the heading's text after the #s, or remove the line",
                          ERROR, "2.4.6")


def table_header_missing(item: Item, context: CheckContext) -> Iterable[Finding]:
    for table in context.doc(item).tables:
        if table.after_text:
            continue
        if table.header is None:
            yield Finding(item.rel, table.line, "table-header-missing",
                          "table has no header row",
                          "make the first row the column headings and put a line like "
                          "| --- | --- | under it", ERROR, "1.3.1")
        elif not any(table.header):
            yield Finding(item.rel, table.line, "table-header-missing",
                          "table's header row is empty",
                          "write a heading for each column in the first row", ERROR, "1.3.1")


def table_cells_mismatch(item: Item, context: CheckContext) -> Iterable[Finding]:
    for table in context.doc(item).tables:
        if table.header is None:
            continue
        wanted = len(table.header)
        fix = "give every row as many cells as the header row (use | | for an empty cell)"
        if table.separator != wanted:
            yield Finding(item.rel, table.line + 1, "table-cells-mismatch",
                          f"the line under the header has {table.separator} cells; the "
                          f"header has {wanted}", fix, ERROR, "1.3.1")
        for line, cells in table.rows:
            if cells != wanted:
                yield Finding(item.rel, line, "table-cells-mismatch",
                              f"table row has {plural(cells, 'cell')}; the "
                              f"header has {wanted}", fix, ERROR, "1.3.1")


def table_blank_line(item: Item, context: CheckContext) -> Iterable[Finding]:
    for table in context.doc(item).tables:
        if table.after_text:
            yield Finding(item.rel, table.line, "table-blank-line",
                          "table follows the text above without a blank line, so it is "
                          "shown as plain text", "put a blank line before the table",
                          ERROR, "1.3.1")


def bold_as_heading(item: Item, context: CheckContext) -> Iterable[Finding]:
    for line, text in context.doc(item).bold_lines:
        inner = text.strip("*_:")
        if inner.rstrip().endswith((".", "!", "?")):
            continue  # an emphasised sentence, not a heading
        yield Finding(item.rel, line, "bold-as-heading",
                      f'bold line "{short(text)}" looks like a heading',
                      f"if it starts a section, make it a heading (### {short(inner)}) so "
                      "screen reader users can find it", WARNING, "1.3.1")


def html_not_allowed(item: Item, context: CheckContext) -> Iterable[Finding]:
    for tag in context.doc(item).tags:
        if tag.malformed:
            yield Finding(item.rel, tag.line, "html-not-allowed",
                          f"raw HTML <{short(tag.name, 20)} ...> cannot be read safely",
                          "check the tag's quotes (a quoted value cannot hold < or >), or "
                          "use Markdown instead", ERROR)
            continue
        if tag.closing or tag.name in ALLOWED_TAGS or tag.name == "script":
            continue
        shown = {"!": "<!...>", "?": "<?...?>"}.get(tag.name, f"<{short(tag.name, 20)}>")
        yield Finding(item.rel, tag.line, "html-not-allowed",
                      f"raw HTML {shown} is not allowed",
                      TAG_HINTS.get(tag.name, f"use Markdown instead; only {ALLOWED_TEXT} "
                                              "may be written as HTML"), ERROR)


def html_script(item: Item, context: CheckContext) -> Iterable[Finding]:
    for tag in context.doc(item).tags:
        if tag.name == "script" and not tag.closing:
            yield Finding(item.rel, tag.line, "html-script", "<script> is not allowed",
                          "remove it: published pages and emails cannot run scripts", ERROR)


def html_event_handler(item: Item, context: CheckContext) -> Iterable[Finding]:
    for tag in context.doc(item).tags:
        for name, _value in tag.attrs:
            if name.lower().startswith("on"):
                yield Finding(item.rel, tag.line, "html-event-handler",
                              f"event handler {name}= on <{tag.name}> is not allowed",
                              f"remove the {name} attribute: pages cannot run scripts", ERROR)


def is_script_url(value) -> bool:
    """javascript:, vbscript: or data: however it is disguised (entities, spaces, case)."""
    if not isinstance(value, str) or ":" not in value and "&" not in value:
        return False
    return bool(SCRIPT_URL.match(INVISIBLE.sub("", html.unescape(value.replace("\\", "")))))


def url_javascript(item: Item, context: CheckContext) -> Iterable[Finding]:
    doc = context.doc(item)
    found = [(link.line, link.dest) for link in doc.links if is_script_url(link.dest)]
    found += [(tag.line, value) for tag in doc.tags for _name, value in tag.attrs
              if is_script_url(value)]
    for key, value in _front_strings(item.meta, ""):
        if is_script_url(value) or re.search(r"(?i)javascript\s*:", value):
            found.append((item.line_of(key.split(".")[0]), value))
    for line, value in sorted(found):
        yield Finding(item.rel, line, "url-javascript",
                      f'address "{short(value, 40)}" runs a script, which is not allowed',
                      "link to a web page (https://...) instead", ERROR)


def _front_strings(value, key: str):
    """(key, text) for every string in the front matter, nested ones included."""
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, inner in value.items():
            yield from _front_strings(inner, f"{key}.{name}" if key else str(name))
    elif isinstance(value, list):
        for inner in value:
            yield from _front_strings(inner, key)


TAG_START = re.compile(r"<[A-Za-z/!?]")


def front_matter_markup(item: Item, context: CheckContext) -> Iterable[Finding]:
    """Titles and summaries are shown as plain text: any HTML in them is a mistake."""
    values = [(key, item.meta.get(key)) for key in FRONT_TEXT_KEYS]
    source = item.meta.get("source")
    if isinstance(source, dict):
        values.append(("source", source.get("title")))
    for key, value in values:
        if not isinstance(value, str) or "<" not in value:
            continue
        tag = TAG_CANDIDATE.search(value)
        if tag:
            name = read_tag(tag.group())[0]
            yield Finding(item.rel, item.line_of(key), "html-not-allowed",
                          f"{key} contains HTML <{short(name, 20)}>, which would show as text",
                          "write plain text, without tags", ERROR)
        elif TAG_START.search(value):
            # An unfinished tag (`<img src=x onerror=...`) is still markup to a browser.
            yield Finding(item.rel, item.line_of(key), "html-not-allowed",
                          f"{key} contains '<' followed by a letter, '/' or '!': the start of "
                          "HTML", "write plain text; use 'less than' or put a space after '<'",
                          ERROR)


def snippet_not_allowed(item: Item, context: CheckContext) -> Iterable[Finding]:
    for line in context.doc(item).snippets:
        yield Finding(item.rel, line, "snippet-not-allowed",
                      "'--8<--' would copy another file into the page",
                      "remove the line and write the text itself", ERROR)


def attr_list_not_allowed(item: Item, context: CheckContext) -> Iterable[Finding]:
    """An attribute list sets any attribute on the element before it (an event handler,
    a link's address): the site engine would publish it. Only a heading's {#anchor} stays."""
    for line, text in context.doc(item).attr_lists:
        yield Finding(item.rel, line, "attr-list-not-allowed",
                      f'attribute list "{short(text, 40)}" is not allowed',
                      "remove it; to show braces as text write \\{ and \\}; a heading may "
                      "end with its own anchor, e.g. ## Contacts {#contacts}", ERROR)


UNBALANCED_LIMIT = 200   # the site engine's link parser slows quadratically beyond this


def brackets_unbalanced(item: Item, context: CheckContext) -> Iterable[Finding]:
    """Hundreds of '[' without a ']' stall the site engine for minutes: hold them back."""
    extra = item.body.count("[") - item.body.count("]")
    if extra > UNBALANCED_LIMIT:
        yield Finding(item.rel, item.body_line, "brackets-unbalanced",
                      f"the text has {extra:,} more '[' than ']'",
                      "close each [ with a ], or write the brackets as \\[ and \\]", ERROR)
