"""Turn the small, sanitised HTML that mammoth makes from a Word file into Markdown.

Only what a briefing needs: paragraphs, headings, bullet and numbered lists (nested
four spaces, as Python-Markdown wants), tables with a header row, links, images,
bold, italic, superscript and subscript. Text is escaped so that nothing in it can
become markup: `<` is written `&lt;` (Python-Markdown has no backslash escape for
it), and the characters that start Markdown constructs are backslash-escaped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Callable

VOID = {"br", "img"}
BLOCKS = {"p", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Backslash escapes Python-Markdown understands, for characters that start markup.
ESCAPE = re.compile(r"([\\`*_{}\[\]|])")
ENTITY = re.compile(r"&(?=#?\w+;)")
NUMBERED = re.compile(r"^(\d+)[.)](?:\s|\Z)")
BREAK = "  \n"     # a hard line break
LINE_START_ENTITY = {"=": "&#61;", ":": "&#58;", "~": "&#126;"}
SAFE_URL = re.compile(r"^(?:https?://|mailto:)", re.I)


@dataclass
class Node:
    tag: str
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)   # Node or str


@dataclass
class Heading:
    level: int
    text: str        # plain text, for matching
    markdown: str    # the inline Markdown of the heading's text


def parse(html: str) -> Node:
    """A tree of the HTML: tags as Nodes, text as str (entities decoded)."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


class Converter:
    """Blocks of Markdown from the tree; `image` gives (alt, src) for a picture's src."""

    def __init__(self, image: Callable[[str, str], tuple[str, str] | None]):
        self.image = image

    def blocks(self, root: Node) -> list:
        """Top-level Heading objects and Markdown blocks (str), in document order."""
        out, loose = [], []
        for child in root.children:
            if isinstance(child, Node) and child.tag in BLOCKS:
                if loose:
                    out += self._paragraph(loose)
                    loose = []
                out += self._block(child)
            else:
                loose.append(child)
        if loose:
            out += self._paragraph(loose)
        return out

    def _block(self, node: Node) -> list:
        if node.tag in HEADINGS:
            text = self.inline(node.children, breaks=False)
            plain = " ".join(_text(node).split())
            return [Heading(HEADINGS[node.tag], plain, text)] if plain else []
        if node.tag == "p":
            return self._paragraph(node.children)
        if node.tag in ("ul", "ol"):
            lines = self._list(node)
            return ["\n".join(lines)] if lines else []
        if node.tag == "table":
            table = self._table(node)
            return [table] if table else []
        return self.blocks(node)

    def _paragraph(self, children: list) -> list:
        if _contents_line(children):
            return []   # the page has its own table of contents
        text = self.inline(children).strip()
        return [BREAK.join(_lines(text))] if text else []

    def inline(self, children: list, breaks: bool = True) -> str:
        """Inline Markdown; <br> is a hard line break when `breaks`, else a space."""
        parts = []
        for child in children:
            if isinstance(child, str):
                parts.append(escape(re.sub(r"\s+", " ", child)))
                continue
            tag = child.tag
            if tag == "br":
                parts.append(BREAK if breaks else " ")
            elif tag == "img":
                found = self.image(child.attrs.get("src", ""), child.attrs.get("alt", ""))
                if found:
                    alt, src = found
                    parts.append(f"![{escape(' '.join(alt.split()))}]({src})")
            elif tag in ("strong", "b", "em", "i"):
                mark = "**" if tag in ("strong", "b") else "*"
                parts.append(_wrap(self.inline(child.children, breaks), mark))
            elif tag in ("sup", "sub"):
                inner = self.inline(child.children, breaks).strip()
                parts.append(f"<{tag}>{inner}</{tag}>" if inner else "")
            elif tag == "a":
                parts.append(self._link(child, breaks))
            elif tag in ("ul", "ol", "table", "p") and not breaks:
                parts.append(" " + self.inline(child.children, breaks) + " ")
            else:
                parts.append(self.inline(child.children, breaks))
        # One space between words; a hard break keeps its two.
        return BREAK.join(re.sub(r" {2,}", " ", part) for part in "".join(parts).split(BREAK))

    def _link(self, node: Node, breaks: bool) -> str:
        text = self.inline(node.children, breaks)
        href = node.attrs.get("href", "").strip()
        if not SAFE_URL.match(href) or not text.strip():
            return text  # a bookmark or footnote inside the document, or a stripped address
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        return f"{lead}[{text.strip()}]({_url(href)}){trail}"

    def _list(self, node: Node, depth: int = 0) -> list[str]:
        lines, number = [], 0
        indent = "    " * depth
        for item in node.children:
            if not isinstance(item, Node) or item.tag != "li":
                continue
            number += 1
            marker = f"{number}. " if node.tag == "ol" else "- "
            inline, nested = [], []
            for child in item.children:
                if isinstance(child, Node) and child.tag in ("ul", "ol"):
                    nested += self._list(child, depth + 1)
                elif isinstance(child, Node) and child.tag == "p":
                    inline += [" "] + child.children + [" "]
                else:
                    inline.append(child)
            text_lines = _lines(self.inline(inline))
            text = ("  \n" + indent + "    ").join(text_lines)
            lines += (indent + marker + text).split("\n")
            lines += nested
        return lines

    def _table(self, node: Node) -> str:
        rows = []
        for row in _rows(node):
            cells = []
            for cell in row.children:
                if isinstance(cell, Node) and cell.tag in ("td", "th"):
                    text = self.inline(cell.children, breaks=False)
                    cells.append(" ".join(text.split()))
            if cells:
                rows.append(cells)
        if not rows:
            return ""
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        # Word tables rarely mark a header row: the first row is read as the header.
        lines = [_row(rows[0]), _row(["---"] * width)] + [_row(r) for r in rows[1:]]
        return "\n".join(lines)


def _contents_line(children: list) -> bool:
    """A line of Word's table of contents: nothing but a link to a heading's bookmark."""
    links = [c for c in children if not (isinstance(c, str) and not c.strip())]
    return bool(links) and all(isinstance(c, Node) and c.tag == "a" and
                               c.attrs.get("href", "").startswith("#_Toc") for c in links)


def _rows(node: Node):
    for child in node.children:
        if isinstance(child, Node):
            if child.tag == "tr":
                yield child
            elif child.tag in ("thead", "tbody", "tfoot"):
                yield from _rows(child)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(c if c else " " for c in cells) + " |"


def _text(node) -> str:
    if isinstance(node, str):
        return node
    if node.tag == "br":
        return " "
    return "".join(_text(c) for c in node.children)


def escape(text: str) -> str:
    """Text that reads as itself in Markdown: no markup, no HTML, no entities."""
    text = ESCAPE.sub(r"\\\1", text)
    text = ENTITY.sub("&amp;", text)
    return text.replace("<", "&lt;")


def _guard(line: str) -> str:
    """Escape what would make a line a heading, quote, list item, definition or rule."""
    line = line.strip()
    if not line:
        return line
    if line[0] in "#>+-" or line.startswith("!!!"):
        return "\\" + line
    if line[0] in LINE_START_ENTITY:
        return LINE_START_ENTITY[line[0]] + line[1:]
    number = NUMBERED.match(line)
    return line[:number.end(1)] + "\\" + line[number.end(1):] if number else line


def _lines(text: str) -> list[str]:
    """The lines of an inline text split at its hard breaks, each guarded."""
    return [_guard(line) for line in text.strip().split(BREAK)]


def _wrap(text: str, mark: str) -> str:
    """**text** with the surrounding spaces moved outside the marks (else no emphasis)."""
    if not text.strip():
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    return f"{lead}{mark}{text.strip()}{mark}{trail}"


def _url(href: str) -> str:
    """The address with the characters that would end a Markdown link encoded."""
    return (href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
            .replace("<", "%3C").replace(">", "%3E"))
