"""Read an item's Markdown body once, into the parts the accessibility rules look at.

A line-based scanner with a fence mask, not a full Markdown parser: it finds
what the rules need (headings, links, images, tables, raw HTML, running text)
and remembers the real line of each in the file. Code (fenced, indented and
`inline`) and HTML comments are masked so no rule looks inside them. This module
splits the body into blocks and units; checks_inline reads the inline Markdown
of each unit. The work is linear in the size of the file, so a 1 MB file with
very long lines is read in a fraction of a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.checks.inline import (INLINE_MARKUP, MARKERS, MARKERS_HINT, InlineReader, Link,
                                    Tag, Unit, label, mask_code, mask_escapes, plain, spaces)

__all__ = ["Doc", "Heading", "Link", "Table", "Tag", "Unit", "read_body"]

# One line each, tried in the order Python-Markdown's block processors use.
FENCE = re.compile(r"^ {0,3}(`{3,}+|~{3,}+)(.*)$")
QUOTE = re.compile(r"^(?: {0,3}> ?)++")
ATX = re.compile(r"^(#{1,6})(?!#)(.*)$")
SETEXT = re.compile(r"^ {0,3}(?:=++|-++)[ \t]*+$")
HR = re.compile(r"^ {0,3}(?:(?:-[ \t]*+){3,}|(?:_[ \t]*+){3,}|(?:\*[ \t]*+){3,})$")
LIST_ITEM = re.compile(r"^[ \t]*+(?:[-*+]|\d{1,9}\.)[ \t]++")
ADMONITION = re.compile(r"^[ \t]*+(?:!!!|\?\?\?\+?)[ \t]")
REF_DEF = re.compile(r"^ {0,3}\[([^\[\]]++)\]:[ \t]*+(\S*+)")
ABBR_DEF = re.compile(r"^ {0,3}\*\[([^\[\]]++)\]:[ \t]*+(.*)$")
TABLE_SEPARATOR = re.compile(r"^ {0,3}\|?[ \t]*+:?-++:?[ \t]*+(?:\|[ \t]*+:?-++:?[ \t]*+)*+"
                             r"\|?[ \t]*+$")
SNIPPET = re.compile(r"^[ \t]*+-++8<-++")
STRUCTURE_LEADS = frozenset("*[-_!?")   # first characters of definitions, rules, admonitions
BOLD_LINE = re.compile(r"^(\*\*|__)(?=\S)(.+)(?<=\S)\1:?$")
ATTR_LIST = re.compile(r"[ \t]*+\{:?([^{}\n]*+)\}[ \t]*+$")
# What the site engine may read as an attribute list ({: ...} or {...}, anywhere on a line:
# after a block, a heading, a link, emphasis or code). Only a heading's own anchor is kept.
ATTR_CANDIDATE = re.compile(r"\{:?[ ]*+[^}\n ][^}\n]*+\}")
HEADING_ANCHOR = re.compile(r"\{:?[ ]*+#[A-Za-z0-9][\w-]*+[ ]*+\}[ \t]*+\Z")


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str        # visible text, markup removed
    anchor: str      # an id set with attr_list ({#id}), else ""


@dataclass(frozen=True)
class Table:
    line: int                   # the first row
    header: tuple | None        # header cell texts; None when there is no separator line
    separator: int              # cells in the separator line (0 when there is none)
    rows: tuple = ()            # (line, cells) for each body row
    after_text: bool = False    # starts inside a paragraph (no blank line before it)


@dataclass
class Doc:
    headings: list = field(default_factory=list)
    links: list = field(default_factory=list)       # links, images and autolinks
    tags: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    bold_lines: list = field(default_factory=list)  # (line, text)
    units: list = field(default_factory=list)
    abbreviations: dict = field(default_factory=dict)   # from *[ABBR]: definitions
    snippets: list = field(default_factory=list)    # lines that include another file
    attr_lists: list = field(default_factory=list)  # (line, text): {...} but a heading's {#id}
    memo: dict = field(default_factory=dict)        # what rules measure once and share


def read_body(body: str, first_line: int) -> Doc:
    """Scan an item's body; `first_line` is the file's line number of its first line.

    ``` and ~~~ fences are code, as the site build always makes them.
    """
    doc = Doc()
    lines = body.split("\n")
    # Snippet includes are expanded before anything else, even inside code blocks.
    doc.snippets = [n for n, text in enumerate(lines, start=first_line) if SNIPPET.match(text)]
    blocks = _blocks(lines, first_line)
    refs = {}
    for block in blocks:
        for _, text in block:
            if (match := ABBR_DEF.match(text)):
                doc.abbreviations[match.group(1).strip()] = match.group(2).strip()
            elif (match := REF_DEF.match(text)):
                refs.setdefault(label(match.group(1)), match.group(2).strip("<>"))
    reader = _Reader(doc, refs)
    for block in blocks:
        reader.block(block)
    doc.links.sort(key=lambda link: link.line)
    return doc


def _blocks(lines: list[str], first_line: int) -> list[list[tuple[int, str]]]:
    """Blocks of consecutive non-blank lines outside code, blockquote markers removed."""
    blocks, current = [], []
    fence = None             # (character, length) inside a fenced block
    in_comment = False
    container = False        # the last block was a list or admonition: indented text continues it
    for number, line in enumerate(lines, start=first_line):
        text = QUOTE.sub("", line) if ">" in line[:8] else line
        if fence:
            stripped = text.strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= fence[1] \
                    and len(text) - len(text.lstrip(" ")) < 4:
                fence = None
            continue
        match = FENCE.match(text)
        if match and not (match.group(1)[0] == "`" and "`" in match.group(2)):
            if current:
                blocks.append(current)
                current = []
            fence = (match.group(1)[0], len(match.group(1)))
            continue
        if in_comment or "<!--" in text:
            text, in_comment = _blank_comments(text, in_comment)
        if not text.strip():
            if current:
                blocks.append(current)
                current = []
            continue
        indented = text.startswith(("    ", "\t"))
        if not current:
            if indented and not container:
                continue     # an indented code block
            if not indented:
                container = bool(LIST_ITEM.match(text) or ADMONITION.match(text))
        current.append((number, text))
    if current:
        blocks.append(current)
    return blocks


def _blank_comments(text: str, in_comment: bool) -> tuple[str, bool]:
    out, pos = [], 0
    while True:
        if in_comment:
            end = text.find("-->", pos)
            if end < 0:
                out.append(" " * (len(text) - pos))
                return "".join(out), True
            out.append(" " * (end + 3 - pos))
            pos, in_comment = end + 3, False
        else:
            start = text.find("<!--", pos)
            if start < 0:
                out.append(text[pos:])
                return "".join(out), False
            out.append(text[pos:start])
            pos, in_comment = start, True


class _Reader:
    """Turns blocks into the Doc's headings, tables and units."""

    def __init__(self, doc: Doc, refs: dict):
        self.doc, self.refs = doc, refs
        self.tag_cache: dict = {}

    def block(self, block: list[tuple[int, str]]) -> None:
        self.attr_lists(block)
        first = block[0][1]
        if len(block) > 1 and SETEXT.match(block[1][1]) and _is_plain(first):
            self.heading(block[0][0], 1 if "=" in block[1][1] else 2, first)
            block = block[2:]
            if not block:
                return
        masked = [mask_code(mask_escapes(text)) for _, text in block]
        if self.table(block, masked):
            return
        if len(block) == 1 and _is_plain(first) and BOLD_LINE.match(first.strip()):
            self.doc.bold_lines.append((block[0][0], first.strip()))
        unit, kind = [], "paragraph"
        for index, (number, text) in enumerate(block):
            lead = text.lstrip()[:1]
            heading = ATX.match(text) if lead == "#" else None
            if heading or lead in STRUCTURE_LEADS and (
                    ABBR_DEF.match(text) or REF_DEF.match(text) or HR.match(text)
                    or ADMONITION.match(text)):
                self.unit(kind, unit)
                unit = []
                if heading:
                    self.heading(number, len(heading.group(1)),
                                 heading.group(2).strip().rstrip("#"))
                continue
            if LIST_ITEM.match(text):
                self.unit(kind, unit)
                unit, kind = [], "item"
            elif not unit:
                kind = "paragraph"
            if index and masked[index].lstrip().startswith("|") and index + 1 < len(block) \
                    and _is_separator(masked[index + 1]):
                self.doc.tables.append(Table(number, None, 0, after_text=True))
            unit.append((number, text))
        self.unit(kind, unit)

    def attr_lists(self, block: list[tuple[int, str]]) -> None:
        for number, text in block:
            if "{" not in text:
                continue
            masked = mask_code(mask_escapes(text))
            heading = ATX.match(masked)
            for match in ATTR_CANDIDATE.finditer(masked):
                if heading and HEADING_ANCHOR.match(masked, match.start()):
                    continue
                self.doc.attr_lists.append((number, text[match.start():match.end()]))

    def heading(self, number: int, level: int, text: str) -> None:
        anchor = ""
        if "{" in text and (match := ATTR_LIST.search(text)):
            ids = re.findall(r"#([\w-]+)", match.group(1))
            anchor = ids[-1] if ids else ""
            text = text[: match.start()]
        self.doc.headings.append(Heading(number, level, plain(text), anchor))
        self.unit("heading", [(number, text)])

    def table(self, block: list, masked: list) -> bool:
        """A pipe table (header, separator, rows), or pipe rows with no header row."""
        doc = self.doc
        if _is_separator(masked[0]):
            doc.tables.append(Table(block[0][0], None, 0))
        elif len(block) > 1 and "|" in masked[0] and _is_separator(masked[1]):
            header = tuple(plain(cell) for cell in _cells(block[0][1], masked[0]))
            rows = tuple((number, len(_cells(text, mask)))
                         for (number, text), mask in zip(block[2:], masked[2:]))
            doc.tables.append(Table(block[0][0], header, len(_cells(block[1][1], masked[1])),
                                    rows))
            block = block[:1] + block[2:]
        elif len(block) > 1 and all(m.lstrip().startswith("|") for m in masked[:2]):
            doc.tables.append(Table(block[0][0], None, 0))
        else:
            return False
        for number, text in block:
            self.unit("table", [(number, text)])
        return True

    def unit(self, kind: str, lines: list[tuple[int, str]]) -> None:
        if not lines:
            return
        if len(lines) == 1:
            raw, starts, numbers = lines[0][1], (0,), (lines[0][0],)
        else:
            raw = "\n".join(text for _, text in lines)
            offsets, offset = [], 0
            for _, text in lines:
                offsets.append(offset)
                offset += len(text) + 1
            starts, numbers = tuple(offsets), tuple(n for n, _ in lines)
        unit = Unit(kind, raw, starts, numbers)
        if INLINE_MARKUP.search(raw):
            unit = InlineReader(self.doc, self.refs, unit, raw, self.tag_cache).read()
        elif MARKERS_HINT.match(raw) or "\n" in raw:
            unit = Unit(kind, MARKERS.sub(spaces, raw), starts, numbers)
        self.doc.units.append(unit)


def _cells(text: str, masked: str) -> list[str]:
    """A table row's cells, split on the pipes outside code, as Python-Markdown does."""
    stripped = masked.strip()
    left = len(masked) - len(masked.lstrip())
    right = left + len(stripped)
    if stripped.startswith("|"):
        left += 1
    if stripped.endswith("|") and right > left:
        right -= 1
    cells, start = [], left
    while (bar := masked.find("|", start, right)) >= 0:
        cells.append(text[start:bar])
        start = bar + 1
    cells.append(text[start:right])
    return cells


def _is_separator(masked: str) -> bool:
    return "|" in masked and bool(TABLE_SEPARATOR.match(masked))


def _is_plain(text: str) -> bool:
    """A line of ordinary paragraph text (not a heading, list item, rule or definition)."""
    return not (ATX.match(text) or LIST_ITEM.match(text) or HR.match(text)
                or REF_DEF.match(text) or ABBR_DEF.match(text) or ADMONITION.match(text)
                or text.startswith(("    ", "\t")) or text.lstrip().startswith("|"))
