"""Rules on the writing: reading time, sentence length, reading ease, abbreviations.

Text is measured with the Markdown taken out (links read as their text; code,
web addresses, list markers and emphasis dropped). Syllables come from Pyphen's
British English hyphenation dictionary, which ships inside the pyphen package,
so nothing is ever downloaded. (textstat 0.7.4 and later count English
syllables with NLTK's CMU dictionary and try to download it when it is
missing, so the Flesch formula is applied here to Pyphen's counts instead.)
Each function is one rule with one stable id; see CHECKS in pipeline/checks.py.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Iterable

import pyphen

from pipeline.checks_markdown import Unit
from pipeline.content import Item
from pipeline.findings import ERROR, WARNING, Finding

if TYPE_CHECKING:
    from pipeline.checks import CheckContext

WORD = re.compile(r"[^\W_]++(?:['’\-][^\W_]++|[.,]\d++)*+")
STOP = re.compile(r"[.!?]++[\"'’”)\]]*+(?=\s|$)")
# Words that end in a full stop without ending the sentence.
NOT_AN_END = frozenset({"e.g", "i.e", "eg", "ie", "cf", "vs", "approx", "dr", "mr", "mrs",
                        "ms", "prof", "st", "no", "nos", "fig", "para", "ref"})
RUNNING_TEXT = ("paragraph", "item")
FLESCH_MIN_WORDS = 100      # below this the score says nothing about the text
FLESCH_MAX_WORDS = 10_000   # a long sample; enough for a stable average
ABBREVIATION = re.compile(r"\b([A-Z]{2,})(?:s|['’]s)?\b")
ROMAN = re.compile(r"^M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
# Ordinary words written in capitals for emphasis are not abbreviations.
SHOUTED = frozenset({"OK", "NOT", "NO", "DO", "AND", "OR", "THE", "ALL", "NEVER", "ALWAYS",
                     "MUST", "ONLY", "AM", "PM"})
# File formats and sizes, which link-document-format asks for beside a document link.
FILE_WORDS = frozenset({"PDF", "KB", "MB", "GB", "ODT", "ODS", "ODP", "RTF", "CSV", "DOC",
                        "DOCX", "XLS", "XLSX", "PPT", "PPTX"})
WORDS_BEFORE = re.compile(r"[^\W\d_][\w'’-]*+[ \t\n]*+\($")
WORDS_AFTER = re.compile(r"[ \t\n]*+\(([^()]{2,200}+)\)")


def _words(unit: Unit) -> int:
    return sum(1 for _ in WORD.finditer(unit.text))


def reading_time(item: Item, context: CheckContext) -> Iterable[Finding]:
    """A 7-minute briefing must be readable in seven minutes (Brysbaert 2019: 238 wpm)."""
    if item.kind != "briefing":
        return
    reading = context.config["reading"]
    per_minute, minutes = reading["words_per_minute"], reading["max_minutes"]
    limit = int(per_minute * minutes)
    units = context.doc(item).units
    total = sum(_words(unit) for unit in units)
    if total <= limit:
        return
    line, seen = item.body_line, 0
    for unit in units:
        count = _words(unit)
        if seen + count > limit:
            for number, match in enumerate(WORD.finditer(unit.text), start=seen + 1):
                if number > limit:
                    line = unit.line_at(match.start())
                    break
            break
        seen += count
    yield Finding(item.rel, line, "reading-time",
                  f"takes about {math.ceil(total / per_minute)} minutes to read ({total:,} "
                  f"words at {per_minute:g} a minute); a briefing must take at most "
                  f"{minutes:g}, and this is where it runs over",
                  f"cut about {total - limit:,} words, or move detail into a linked document",
                  ERROR)


def sentences(unit: Unit) -> Iterable[tuple[int, int, str]]:
    """(line, words, opening words) for each sentence of a paragraph or list item."""
    text, start = unit.text, 0
    for stop in STOP.finditer(text):
        before = text[max(start, stop.start() - 12): stop.start()].split()
        following = text[stop.end(): stop.end() + 40].lstrip()[:1]
        if stop.group().startswith(".") and before and before[-1].lower() in NOT_AN_END:
            continue
        if following.islower():
            continue  # "approx. five", "etc. and"
        yield from _sentence(unit, start, stop.end())
        start = stop.end()
    yield from _sentence(unit, start, len(text))


def _sentence(unit: Unit, start: int, end: int):
    words = list(WORD.finditer(unit.text, start, end))
    if words:
        opening = " ".join(w.group() for w in words[:6])
        yield unit.line_at(words[0].start()), len(words), opening


def sentence_length(item: Item, context: CheckContext) -> Iterable[Finding]:
    limit = context.config["reading"]["max_sentence_words"]
    for unit in context.doc(item).units:
        if unit.kind not in RUNNING_TEXT:
            continue
        for line, count, opening in sentences(unit):
            if count > limit:
                yield Finding(item.rel, line, "sentence-long",
                              f'sentence has {count} words (at most {limit:g}): '
                              f'"{opening} ..."',
                              "split it into shorter sentences; one idea per sentence",
                              WARNING, "3.1.5")


def flesch_reading_ease(units: list[Unit]) -> tuple[float, int] | None:
    """Flesch reading ease of running text and the words it was measured on."""
    dictionary = pyphen.Pyphen(lang="en_GB")
    syllables_of: dict[str, int] = {}
    words = syllables = count = 0
    for unit in units:
        for _line, _words_in, _opening in sentences(unit):
            count += 1
        for match in WORD.finditer(unit.text):
            word = match.group().lower()[:40]
            if word not in syllables_of:
                syllables_of[word] = len(dictionary.positions(word)) + 1
            syllables += syllables_of[word]
            words += 1
        if words >= FLESCH_MAX_WORDS:
            break
    if words < FLESCH_MIN_WORDS or not count:
        return None
    return 206.835 - 1.015 * words / count - 84.6 * syllables / words, words


def reading_ease(item: Item, context: CheckContext) -> Iterable[Finding]:
    floor = context.config["reading"]["flesch_floor"]
    units = [u for u in context.doc(item).units if u.kind in RUNNING_TEXT]
    measured = flesch_reading_ease(units)
    if measured is None or measured[0] >= floor:
        return
    yield Finding(item.rel, units[0].lines[0], "reading-ease",
                  f"Flesch reading ease is {measured[0]:.0f} (the floor is {floor:g}): "
                  "the text is hard to read",
                  "use shorter sentences and everyday words", WARNING, "3.1.5")


def _expanded(text: str, start: int, end: int) -> bool:
    """`Full Words (ABBR)` or `ABBR (Full Words)` at this use (plural -s included)."""
    if WORDS_BEFORE.search(text, max(0, start - 80), start) and text[end: end + 1] == ")":
        return True
    after = WORDS_AFTER.match(text, end)
    return bool(after and re.search(r"[a-z]", after.group(1)))


def abbreviation_unexplained(item: Item, context: CheckContext) -> Iterable[Finding]:
    doc = context.doc(item)
    known = set(context.config["glossary"]) | set(doc.abbreviations) | SHOUTED | FILE_WORDS
    for unit in doc.units:
        for match in ABBREVIATION.finditer(unit.text):
            abbreviation = match.group(1)
            if abbreviation in known or ROMAN.match(abbreviation):
                continue
            known.add(abbreviation)  # only the first use needs explaining
            if _expanded(unit.text, match.start(), match.end()):
                continue
            yield Finding(item.rel, unit.line_at(match.start()), "abbr-unexplained",
                          f'abbreviation "{abbreviation}" is not explained where it is '
                          "first used",
                          f'write it out the first time, e.g. "Full name ({abbreviation})", '
                          "or add it to the glossary in cascade.yml", WARNING, "3.1.4")
