"""Read the inline Markdown of one unit of text: links, images, raw HTML, code, prose.

A unit is a paragraph, list item, heading or table row. Masks keep every string
the same length, so an offset into masked text is an offset into the source,
and each unit knows the file's line for any offset. Brackets and parentheses are
paired in one pass with a stack; HTML tag candidates are found by one linear
regex scan (what Python-Markdown passes through as raw HTML) and each distinct
one is read by Python's html.parser. No pattern here can backtrack
catastrophically (possessive quantifiers, anchored or literal starts).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser

# Inline patterns, used on one unit (paragraph, list item, heading or table row).
ESCAPE = re.compile(r"\\[\\`*_{}\[\]()>#+\-.!|]")    # Python-Markdown's escapable characters
BACKTICKS = re.compile(r"`++")
AUTOLINK = re.compile(r"<((?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp])://[^<>\s]*+)>"
                      r"|<([^<> !@]++@[^@<> ]++)>")
ANGLE_DESTINATION = re.compile(r"\]\([ \t]*+(<[^<>\n]*+>)")
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
INLINE_MARKUP = re.compile(r"[\\`<\[\]&*_~@|]|://|[Ww]{3}\.")
# Markup taken out of running text, each with a cheap test for whether it can occur.
PROSE_MARKUP = [(BARE_URL, re.compile(r"://|[Ww]{3}\.")), (EMAIL, re.compile("@")),
                (ENTITY, re.compile("&")), (EMPHASIS, re.compile(r"[*~_]")),
                (MARKERS, re.compile(r"(?m)^[ \t]*+[-*+:\d]"))]
MARKERS_HINT = re.compile(r"[ \t]*+[-*+:\d]")
# What Python-Markdown passes through as raw HTML; html.parser then reads each one.
TAG_CANDIDATE = re.compile(r"<(?:/?[A-Za-z]|[!?])[^<>]*+>")
SIMPLE_TAG = re.compile(r"^<(/?)([A-Za-z][A-Za-z0-9-]*+)[ \t\n]*+/?[ \t\n]*+>\Z")
TAG_NAME = re.compile(r"^</?([^\s/>]++)")


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
class Unit:
    """A stretch of running text with the markup blanked out, and where its lines are."""

    kind: str        # paragraph | item | heading | table
    text: str
    starts: tuple    # offset where each line begins
    lines: tuple     # the file's line number for each line

    def line_at(self, offset: int) -> int:
        return self.lines[bisect_right(self.starts, offset) - 1]


def spaces(match: re.Match) -> str:
    return " " * len(match.group())


class InlineReader:
    """Links, images, autolinks and HTML tags in one unit, and its prose.

    What it finds goes into `doc.links` and `doc.tags` (a checks_markdown.Doc).
    """

    def __init__(self, doc, refs: dict, unit: Unit, raw: str, tag_cache: dict):
        self.doc, self.refs, self.unit, self.raw = doc, refs, unit, raw
        self.tag_cache = tag_cache     # the same tag text is read once per body
        self.blanks: list[tuple[int, int]] = []

    def read(self) -> Unit:
        masked = mask_code(mask_escapes(self.raw))
        if "<" in masked:
            if "](" in masked:   # a <destination> of a link is not a tag
                masked = blank(masked, [(m.start(1), m.end()) for m in
                                        ANGLE_DESTINATION.finditer(masked)])
            masked = self.tags(self.autolinks(masked))
        if "]" in masked:
            self.links(masked)
        prose = blank(masked, self.blanks)
        for pattern, hint in PROSE_MARKUP:
            if hint.search(prose):
                prose = pattern.sub(spaces, prose)
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
                name = label(self.raw[after + 1: end - 1] or self.raw[start + 1: close])
                if name not in self.refs:
                    continue
                dest = self.refs[name]
            else:
                name = label(self.raw[start + 1: close])
                if name not in self.refs:
                    continue
                end, dest = close + 1, self.refs[name]
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
    if not INLINE_MARKUP.search(text):
        return " ".join(text.split())
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


def mask_escapes(text: str) -> str:
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


def label(text: str) -> str:
    """A reference label as Python-Markdown matches it: case and spacing ignored."""
    return " ".join(text.lower().split())
