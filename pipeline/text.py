"""Small text helpers shared by the page, feed and email writers."""

from __future__ import annotations

import html
import re
from datetime import datetime
from urllib.parse import quote

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!~])")


def md_inline(text: str) -> str:
    """Front-matter text made safe inside generated Markdown: no HTML, no markup."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(str(text).split()), quote=False))


# What stays as it is in an address written into generated Markdown: RFC 3986's
# unreserved and reserved characters, and '%' so an encoded address is not encoded
# twice; not the parentheses that end a Markdown link. Everything else (spaces, tabs,
# line breaks, <, >, quotes, backslashes, non-ASCII) is percent-encoded, so an address
# can neither end its link nor start a raw HTML block on the next line.
_URL_SAFE = "-._~:/?#[]@!$&'*+,;=%"


def md_url(url: str) -> str:
    """An address made safe as a link destination in generated Markdown."""
    return quote(str(url), safe=_URL_SAFE)


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """'1 row', '2 rows', '0 rows'; `nouns` for an irregular plural ('1 entry', '2 entries')."""
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


def label(slug: str, glossary: dict | None = None) -> str:
    """'dsl-network' -> 'DSL network', 'safer-sleep' -> 'Safer sleep'."""
    words = [w.upper() if w.upper() in (glossary or {}) else w for w in slug.split("-")]
    text = ""
    for index, word in enumerate(words):
        joiner = "-" if index and words[index - 1] in _HYPHENATED_PREFIXES else " "
        text += (joiner if index else "") + word
    return text[:1].upper() + text[1:]


_HYPHENATED_PREFIXES = {"non", "pre", "post", "anti", "multi", "self", "cross", "co"}


def long_date(when: datetime, tz) -> str:
    local = when.astimezone(tz)
    return f"{local.day} {local:%B %Y}"


def cycle_label(cycle: str) -> str:
    """'2024-12' -> 'December 2024'."""
    year, month = cycle.split("-")
    return f"{datetime(int(year), int(month), 1):%B} {year}"


_MARKERS = re.compile(r"(?m)^[ \t]*(?:#{1,6}|[-*+]|\d+[.)]|>)[ \t]")


def word_count(markdown: str) -> int:
    """Words a reader reads: whitespace-separated tokens, less list and heading markers."""
    return len(markdown.split()) - len(_MARKERS.findall(markdown))


def reading_minutes(body: str, words_per_minute: float) -> int:
    return max(1, -(-word_count(body) // int(words_per_minute)))
