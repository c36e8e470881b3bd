"""Read an item's Markdown body once, into the parts the accessibility rules look at.

A line-based scanner with a fence mask, not a full Markdown parser: it finds
what the rules need (headings, links, images, tables, raw HTML, running text)
and remembers the real line of each in the file. Code (fenced, indented and
`inline`) and HTML comments are masked so no rule looks inside them. Masks keep
strings the same length, so an offset into masked text is an offset into the
source. The work is linear in the size of the file: brackets and parentheses are
paired in one pass with a stack, and the patterns here cannot backtrack
catastrophically (possessive quantifiers, anchored starts), so a 1 MB file with
very long lines is read in a fraction of a second.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser

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
TABLE_SEPARATOR = re.compile(r"^ {0,3}\|?[ \t]*+:?-++:?[ \t]*+(?:\|[ \t]*+:?-++:?[ \t]*+)*+\|?[ \t]*+$")
SNIPPET = re.compile(r"^[ \t]*+-++8<-++")
BOLD_LINE = re.compile(r"^(\*\*|__)(?=\S)(.+)(?<=\S)\1:?$")
ATTR_LIST = re.compile(r"[ \t]*+\{:?([^{}\n]*+)\}[ \t]*+$")

# Inline patterns, used on one unit (paragraph, list item, heading or table row).
ESCAPE = re.compile(r"\\[\\`*_{}\[\]()>#+\-.!|]")    # Python-Markdown's escapable characters
BACKTICKS = re.compile(r"`++")
AUTOLINK = re.compile(r"<((?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp])://[^<>\s]*+)>|<([^<> !@]++@[^@<> ]++)>")
BRACKETS = re.compile(r"[\[\]]")
PARENS = re.compile(r"[()]")
BARE_URL = re.compile(r"(?:\b[Hh][Tt][Tt][Pp][Ss]?://|\bwww\.)[^\s<>()\[\]]*+")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++")
ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{1,31});")
EMPHASIS = re.compile(r"[*~]++|(?<!\w)_++|_++(?!\w)")
MARKERS = re.compile(r"(?m)^[ \t]*+(?:[-*+]|\d{1,9}\.|:)(?=[ \t])")
INLINE_IMAGE = re.compile(r"!\[([^\[\]]*+)\]\([^()]*+\)")
INLINE_LINK = re.compile(r"\[([^\[\]]*+)\](?:\([^()]*+\)|\[[^\[\]]*+\])")
TAG = re.compile(r"</?[A-Za-z][^<>]*+>")
# What Python-Markdown passes through as raw HTML; html.parser then reads each one.
TAG_CANDIDATE = re.compile(r"<(?:/?[A-Za-z]|[!?])[^<>]*+>")
SIMPLE_TAG = re.compile(r"^<(/?)([A-Za-z][A-Za-z0-9-]*+)[ \t\n]*+/?[ \t\n]*+>$")
TAG_NAME = re.compile(r"^</?([^\s/>]++)")


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str        # visible text, markup removed
    anchor: str      # an id set with attr_list ({#id}), else ""


@dataclass(frozen=True)
class Link:
    line: int
    text: str        # visible text (an image inside counts by its alt text)
    dest: str        # destination as written, "" when there is none
    image: bool = False
    auto: bool = False   # an autolink: <https://...>


@dataclass(frozen=True)
class Tag:
    line: int
    name: str        # lower case; "!" for a declaration, "?" for a processing instruction
    attrs: tuple     # ((name, value), ...)
    closing: bool = False
    malformed: bool = False   # html.parser could not read it; a browser still might


@dataclass(frozen=True)
class Table:
    line: int                   # the first row
    header: tuple | None        # header cell texts; None when there is no separator line
    separator: int              # cells in the separator line (0 when there is none)
    rows: tuple = ()            # (line, cells) for each body row
    after_text: bool = False    # starts inside a paragraph (no blank line before it)


@dataclass(frozen=True)
class Unit:
    """A stretch of running text with the markup blanked out, and where its lines are."""

    kind: str        # paragraph | item | heading | table
    text: str
    starts: tuple    # offset where each line begins
    lines: tuple     # the file's line number for each line

    def line_at(self, offset: int) -> int:
        return self.lines[bisect_right(self.starts, offset) - 1]


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
    memo: dict = field(default_factory=dict)        # what rules measure once and share


def read_body(body: str, first_line: int) -> Doc:
    """Scan an item's body; `first_line` is the file's line number of its first line."""
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
                refs.setdefault(_label(match.group(1)), match.group(2).strip("<>"))
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
        first = block[0][1]
        if len(block) > 1 and SETEXT.match(block[1][1]) and _is_plain(first):
            self.heading(block[0][0], 1 if "=" in block[1][1] else 2, first)
            block = block[2:]
            if not block:
                return
        masked = [mask_code(_mask_escapes(text)) for _, text in block]
        if self.table(block, masked):
            return
        if len(block) == 1 and _is_plain(first) and BOLD_LINE.match(first.strip()):
            self.doc.bold_lines.append((block[0][0], first.strip()))
        unit, kind = [], "paragraph"
        for index, (number, text) in enumerate(block):
            heading = ATX.match(text)
            if heading or ABBR_DEF.match(text) or REF_DEF.match(text) or HR.match(text) \
                    or ADMONITION.match(text):
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

    def heading(self, number: int, level: int, text: str) -> None:
        anchor = ""
        if (match := ATTR_LIST.search(text)):
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
        raw = "\n".join(text for _, text in lines)
        starts, offset = [], 0
        for _, text in lines:
            starts.append(offset)
            offset += len(text) + 1
        unit = Unit(kind, "", tuple(starts), tuple(n for n, _ in lines))
        self.doc.units.append(_Inline(self.doc, self.refs, unit, raw, self.tag_cache).read())


class _Inline:
    """Links, images, autolinks and HTML tags in one unit, and its prose."""

    def __init__(self, doc: Doc, refs: dict, unit: Unit, raw: str, tag_cache: dict):
        self.doc, self.refs, self.unit, self.raw = doc, refs, unit, raw
        self.tag_cache = tag_cache     # the same tag text is read once per body
        self.blanks: list[tuple[int, int]] = []

    def read(self) -> Unit:
        masked = mask_code(_mask_escapes(self.raw))
        masked = self.autolinks(masked)
        if "<" in masked:
            masked = self.tags(masked)
        if "]" in masked:
            self.links(masked)
        prose = blank(masked, self.blanks)
        for pattern in (BARE_URL, EMAIL, ENTITY, EMPHASIS, MARKERS):
            prose = pattern.sub(lambda m: " " * len(m.group()), prose)
        if self.unit.kind == "table":
            prose = prose.replace("|", " ")
        return Unit(self.unit.kind, prose, self.unit.starts, self.unit.lines)

    def autolinks(self, masked: str) -> str:
        spans = []
        for match in AUTOLINK.finditer(masked):
            address = match.group(1) or match.group(2)
            self.doc.links.append(Link(self.unit.line_at(match.start()), address,
                                       match.group(1) or "mailto:" + address, auto=True))
            spans.append(match.span())
        return blank(masked, spans) if spans else masked

    def tags(self, masked: str) -> str:
        """Every HTML tag: candidates found by one linear scan, each read by html.parser."""
        spans, opened = [], None
        for match in TAG_CANDIDATE.finditer(masked):
            start = match.start()
            tag = self.tag_cache.get(match.group())
            if tag is None:
                tag = self.tag_cache[match.group()] = read_tag(match.group())
            self.doc.tags.append(Tag(self.unit.line_at(start), *tag))
            spans.append(match.span())
            if tag[0] in ("script", "style"):   # their content is code, not text
                if tag[2] and opened is not None:
                    spans.append((opened, start))
                opened = None if tag[2] else start
        return blank(masked, spans) if spans else masked

    def links(self, masked: str) -> None:
        brackets = pairs(masked, BRACKETS, "[")
        parens = dict(pairs(masked, PARENS, "("))
        closing = dict(brackets)
        consumed = set()
        size = len(masked)
        for start, close in brackets:
            if start in consumed:
                continue
            after = close + 1
            image = start > 0 and masked[start - 1] == "!"
            if after < size and masked[after] == "(" and after in parens:
                end = parens[after] + 1
                dest = destination(self.raw[after + 1: end - 1])
            elif after < size and masked[after] == "[" and after in closing:
                end = closing[after] + 1
                consumed.add(after)
                label = _label(self.raw[after + 1: end - 1] or self.raw[start + 1: close])
                if label not in self.refs:
                    continue
                dest = self.refs[label]
            else:
                label = _label(self.raw[start + 1: close])
                if label not in self.refs:
                    continue
                end, dest = close + 1, self.refs[label]
            begin = start - 1 if image else start
            self.doc.links.append(Link(self.unit.line_at(begin),
                                       plain(self.raw[start + 1: close]), dest, image))
            if image:
                self.blanks.append((begin, end))
            else:
                self.blanks += [(begin, start + 1), (close, end)]


class _TagReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.found: list = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, tuple((k, v or "") for k, v in attrs)))

    handle_startendtag = handle_starttag


def read_tag(text: str) -> tuple:
    """(name, attributes, closing, malformed) of one `<...>` candidate."""
    if text[1] in "!?":
        return text[1], (), False, False
    if (match := SIMPLE_TAG.match(text)):
        return match.group(2).lower(), (), bool(match.group(1)), False
    name = TAG_NAME.match(text).group(1).lower()
    if text[1] == "/":
        return name, (), True, False  # browsers ignore attributes on closing tags
    reader = _TagReader()
    reader.feed(text)
    reader.close()
    if not reader.found:
        return name, (), False, True
    return reader.found[0][0], reader.found[0][1], False, False


def pairs(text: str, pattern: re.Pattern, opener: str) -> list[tuple[int, int]]:
    """Matching (open, close) positions, innermost first, in one pass with a stack."""
    stack, found = [], []
    for match in pattern.finditer(text):
        if match.group() == opener:
            stack.append(match.start())
        elif stack:
            found.append((stack.pop(), match.start()))
    return found


def destination(inside: str) -> str:
    """The address part of `(address "title")`."""
    inside = inside.strip()
    if inside.startswith("<"):
        end = inside.find(">")
        return inside[1:end] if end > 0 else inside
    if inside[-1:] in ('"', "'"):
        start = inside.rfind(inside[-1], 0, len(inside) - 1)
        if start > 0 and inside[start - 1].isspace():
            inside = inside[:start].rstrip()
    return inside


def plain(text: str) -> str:
    """The visible text of a bit of inline Markdown: images by their alt text, no markup."""
    text = INLINE_IMAGE.sub(lambda m: m.group(1), text)
    text = INLINE_LINK.sub(lambda m: m.group(1), text)
    text = TAG.sub("", text).replace("`", "")
    text = ESCAPE.sub(lambda m: m.group()[1], text)
    text = EMPHASIS.sub("", text)
    return " ".join(html.unescape(text).split())


def mask_code(text: str) -> str:
    """Blank out `code spans` (a run of backticks up to the next run of the same length)."""
    if "`" not in text:
        return text
    runs = [m.span() for m in BACKTICKS.finditer(text)]
    by_length, rank = defaultdict(list), []
    for index, (start, end) in enumerate(runs):
        rank.append(len(by_length[end - start]))
        by_length[end - start].append(index)
    spans, index = [], 0
    while index < len(runs):
        start, end = runs[index]
        same = by_length[end - start]
        if rank[index] + 1 < len(same):
            closing = same[rank[index] + 1]
            spans.append((start, runs[closing][1]))
            index = closing + 1
        else:
            index += 1
    return blank(text, spans)


def _mask_escapes(text: str) -> str:
    return ESCAPE.sub("  ", text) if "\\" in text else text


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace each span with spaces, keeping line breaks and the text's length."""
    if not spans:
        return text
    out, pos = [], 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if end <= start:
            continue
        out.append(text[pos:start])
        piece = text[start:end]
        out.append(" " * len(piece) if "\n" not in piece else
                   "\n".join(" " * len(p) for p in piece.split("\n")))
        pos = end
    out.append(text[pos:])
    return "".join(out)


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


def _label(text: str) -> str:
    return " ".join(text.lower().split())
