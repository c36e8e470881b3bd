"""Limits that keep one page from breaking or stalling the site engine for everyone.

The engine's Markdown reader recurses into nested lists, quotes and emphasis (a
list nested 300 levels deep ends the whole build with RecursionError) and slows
sharply with the number of elements on a page (32,000 <kbd> tags took over two
minutes; 100,000 short paragraphs, minutes more). Real briefings use three or four
levels and under a hundred elements, with lines of a few hundred characters. The
limits are settings (`limits.*`), far above real content and far below where the
engine fails. Each rule reports once, at the line where its limit is passed. The
scans are linear, outside fenced code (which the engine does not read as Markdown).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from pipeline.checks.body import HR
from pipeline.content.load import Item
from pipeline.findings import ERROR, Finding

if TYPE_CHECKING:
    from pipeline.checks.context import CheckContext

FENCE = re.compile(r"^[ \t>]*+(`{3,}+|~{3,}+)")
# One container marker at a line's start: a quote, or a list item's bullet or number.
CONTAINER = re.compile(r"[ \t]*+(?:>|[-*+](?=[ \t]|\Z)|\d{1,9}[.)](?=[ \t]|\Z))")
DELIMITER = re.compile(r"(?<!\\)(?:\*++|_++)")
# What the engine makes an element of, besides each block: raw tags (opening ones),
# links and images, code spans, emphasis, entities, list items, table rows, headings.
ELEMENT = re.compile(r"<[A-Za-z!?]|\]\(|\]\[|`++|\*++|_++|&#?\w{1,32};"
                     r"|^[ \t>]*+(?:[-*+]|\d{1,9}[.)])[ \t]|^[ \t>]*+\||^#{1,6}[ \t]")


def _limit(context: CheckContext, name: str) -> int:
    return context.config["limits"][name]


def _outside_fences(item: Item) -> Iterable[tuple[int, str]]:
    """(line number, text) of the body's lines that are not fenced code."""
    fence = None
    for number, line in enumerate(item.body.split("\n"), start=item.body_line):
        match = FENCE.match(line)
        if fence:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            continue
        if match:
            fence = match.group(1)
            continue
        yield number, line


def _block_depth(line: str) -> int:
    """Quote and list markers opening the line, plus its indentation in steps of four."""
    indent = len(line) - len(line.lstrip(" \t"))
    depth = len(line[:indent].expandtabs(4)) // 4
    if HR.match(line):
        return depth            # - - - is a rule, not three lists
    pos = 0
    while (match := CONTAINER.match(line, pos)) and match.end() > pos:
        depth += 1
        pos = match.end()
    return depth


def nesting_too_deep(item: Item, context: CheckContext) -> Iterable[Finding]:
    """Lists, quotes and indentation on a line, and emphasis opened inside emphasis."""
    limit = _limit(context, "nesting_depth")
    block_found = emphasis_found = False
    opened: list[list] = []   # [character, levels] of the delimiter runs open in this paragraph
    depth = 0                 # their levels added up: *** opens two (strong and emphasis)
    for number, line in _outside_fences(item):
        if not line.strip():
            opened, depth = [], 0
            continue
        if not block_found and (depth := _block_depth(line)) > limit:
            block_found = True
            yield Finding(item.rel, number, "nesting-too-deep",
                          f"lists and quotes are nested {depth:,} levels deep here; the limit "
                          f"is {limit}", f"use at most {limit} levels: flatten the list or "
                          "the quotes", ERROR)
        if emphasis_found:
            continue
        for match in DELIMITER.finditer(line):
            before = line[match.start() - 1] if match.start() else " "
            after = line[match.end()] if match.end() < len(line) else " "
            char, levels = match.group()[0], max(1, len(match.group()) - 1)
            if not before.isspace() and opened and opened[-1][0] == char:
                closed = min(levels, opened[-1][1])
                depth -= closed
                opened[-1][1] -= closed
                if not opened[-1][1]:
                    opened.pop()
            elif not after.isspace():
                opened.append([char, levels])
                depth += levels
                if depth > limit:
                    emphasis_found = True
                    yield Finding(item.rel, number, "nesting-too-deep",
                                  f"emphasis (* or _) is opened more than {limit} times "
                                  f"inside itself here; the limit is {limit}",
                                  "close each * or _ before opening another, or write a "
                                  "literal one as \\* or \\_", ERROR)
                    break
        if block_found and emphasis_found:
            return


def elements_too_many(item: Item, context: CheckContext) -> Iterable[Finding]:
    """Blocks (paragraphs, items, rows, headings) and inline elements on the page."""
    limit = _limit(context, "elements")
    count, blank, passed_at = 0, True, 0
    for number, line in _outside_fences(item):
        if not line.strip():
            blank = True
            continue
        count += blank + len(ELEMENT.findall(line))
        blank = False
        if count > limit and not passed_at:
            passed_at = number
    if passed_at:
        yield Finding(item.rel, passed_at, "elements-too-many",
                      f"the page has {count:,} elements (paragraphs, list items, headings, "
                      f"table rows, links, emphasis, tags); the limit is {limit:,}, passed on "
                      "this line", "split it into shorter pages, or remove repeated markup",
                      ERROR)


def line_too_long(item: Item, context: CheckContext) -> Iterable[Finding]:
    """Any line of the file, front matter included."""
    limit = _limit(context, "line_length")
    for number, line in enumerate(item.source.split("\n"), start=1):
        if len(line) > limit:
            yield Finding(item.rel, number, "line-too-long",
                          f"the line is {len(line):,} characters long; the limit is {limit:,}",
                          "break the text into paragraphs (a blank line between them)", ERROR)
            return
