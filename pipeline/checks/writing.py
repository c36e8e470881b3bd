"""Rules on the writing: reading time, sentence length, reading ease, abbreviations,
placeholder text left from a scaffold or an import.

Text is measured with the Markdown taken out (links read as their text; code,
web addresses, list markers and emphasis dropped). Syllables come from Pyphen's
English hyphenation dictionary, which ships inside the pyphen package,
so nothing is ever downloaded. (textstat 0.7.4 and later count English
syllables with NLTK's CMU dictionary and try to download it when it is
missing, so the Flesch formula is applied here to Pyphen's counts instead.)
Each function is one rule with one stable id; see CHECKS in pipeline/checks/rules.py.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Iterable
from urllib.parse import urlsplit

import pyphen

from pipeline.checks.body import Doc, Unit
from pipeline.content.load import Item
from pipeline.content.scaffold import (PLACEHOLDER_CHAPTER_HOST, PLACEHOLDER_SUMMARY,
                                       placeholder_texts)
from pipeline.findings import ERROR, WARNING, Finding

if TYPE_CHECKING:
    from pipeline.checks.context import CheckContext

WORD = re.compile(r"[^\W_]++(?:['’\-][^\W_]++|[.,]\d++)*+")
STOP = re.compile(r"[.!?]++[\"'’”)\]]*+(?=\s|$)")
# Full stops that do not end a sentence: after a short form, or before a lower-case word.
ABBREVIATION_STOP = re.compile(r"(?i)(?<![\w.])(?:e\.g|i\.e|eg|ie|cf|vs|approx|dr|mr|mrs|ms|"
                               r"prof|st|no|nos|fig|para|ref)\.[\"'’”)\]]*+(?=\s|$)")
STOP_HINT = re.compile(r"[.!?]")
LOWER_CASE_AFTER = re.compile(r"\s++[a-z]")
RUNNING_TEXT = ("paragraph", "item")
FLESCH_MIN_WORDS = 100      # below this the score says nothing about the text
FLESCH_MAX_WORDS = 10_000   # a long sample; enough for a stable average
# American hyphenation points follow syllables more closely than British ones
# (ba-by, ev-ery, rou-tine), so they give the better syllable count.
SYLLABLE_DICTIONARY = "en_US"
ABBREVIATION = re.compile(r"\b([A-Z]{2,})(?:s|['’]s)?\b")
ROMAN = re.compile(r"^M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\Z")
# Ordinary words written in capitals for emphasis are not abbreviations.
SHOUTED = frozenset({"OK", "NOT", "NO", "DO", "AND", "OR", "THE", "ALL", "NEVER", "ALWAYS",
                     "MUST", "ONLY", "AM", "PM"})
# File formats and sizes, which link-document-format asks for beside a document link.
FILE_WORDS = frozenset({"PDF", "KB", "MB", "GB", "ODT", "ODS", "ODP", "RTF", "CSV", "DOC",
                        "DOCX", "XLS", "XLSX", "PPT", "PPTX"})
WORDS_BEFORE = re.compile(r"[^\W\d_][\w'’-]*+[ \t\n]*+\($")
WORDS_AFTER = re.compile(r"[ \t\n]*+\(([^()]{2,200}+)\)")


@dataclass(frozen=True)
class Sentence:
    unit: Unit
    start: int       # offset of its first word in the unit's text
    words: int

    @property
    def line(self) -> int:
        return self.unit.line_at(self.start)

    def opening(self, count: int = 6) -> str:
        """Its first few words, to find it by."""
        return " ".join(m.group() for m in islice(WORD.finditer(self.unit.text, self.start),
                                                   count))


@dataclass(frozen=True)
class Measures:
    """Words per unit and the sentences of the running text, counted once per item."""

    words: tuple         # (unit, number of words) in document order
    sentences: tuple     # Sentence for each sentence of a paragraph or list item


def measure(doc: Doc) -> Measures:
    if "text" not in doc.memo:
        words, found = [], []
        for unit in doc.units:
            if unit.kind in RUNNING_TEXT:
                count, sentences = _sentences(unit)
                found += sentences
            else:
                count = len(WORD.findall(unit.text))
            words.append((unit, count))
        doc.memo["text"] = Measures(tuple(words), tuple(found))
    return doc.memo["text"]


def _sentences(unit: Unit) -> tuple[int, list[Sentence]]:
    """The unit's word count and sentences; every step is a regex pass over a slice."""
    text = unit.text
    if not STOP_HINT.search(text):   # one sentence, or none
        first = WORD.search(text)
        if first is None:
            return 0, []
        count = len(WORD.findall(text))
        return count, [Sentence(unit, first.start(), count)]
    ends = [m.end() for m in STOP.finditer(text) if not _false_stop(text, m)]
    found, total, begin = [], 0, 0
    for end in ends + [len(text)]:
        count = len(WORD.findall(text, begin, end))
        if count:
            found.append(Sentence(unit, WORD.search(text, begin, end).start(), count))
            total += count
        begin = end
    return total, found


def _false_stop(text: str, stop: re.Match) -> bool:
    """A full stop after a short form (e.g.) or before a lower-case word ends no sentence.

    Only the few characters around each stop are looked at, not the whole text."""
    if LOWER_CASE_AFTER.match(text, stop.end()):
        return True
    short = ABBREVIATION_STOP.search(text, max(0, stop.start() - 8), stop.end())
    return short is not None and short.end() == stop.end()


def reading_time(item: Item, context: CheckContext) -> Iterable[Finding]:
    """A 7-minute briefing must be readable in seven minutes (Brysbaert 2019: 238 wpm)."""
    if item.kind != "briefing":
        return
    reading = context.config["reading"]
    per_minute, minutes = reading["words_per_minute"], reading["max_minutes"]
    limit = int(per_minute * minutes)
    words = measure(context.doc(item)).words
    total = sum(count for _unit, count in words)
    if total <= limit:
        return
    seen = 0
    for unit, count in words:
        if seen + count > limit:   # the first word over the limit is in this unit
            over = next(islice(WORD.finditer(unit.text), limit - seen, None))
            line = unit.line_at(over.start())
            break
        seen += count
    yield Finding(item.rel, line, "reading-time",
                  f"takes about {math.ceil(total / per_minute)} minutes to read ({total:,} "
                  f"words at {per_minute:g} a minute); a briefing must take at most "
                  f"{minutes:g}, and this is where it runs over",
                  f"cut about {total - limit:,} words, or move detail into a linked document",
                  ERROR)


def sentence_length(item: Item, context: CheckContext) -> Iterable[Finding]:
    limit = context.config["reading"]["max_sentence_words"]
    for sentence in measure(context.doc(item)).sentences:
        if sentence.words > limit:
            yield Finding(item.rel, sentence.line, "sentence-long",
                          f'sentence has {sentence.words} words (at most {limit:g}): '
                          f'"{sentence.opening()} ..."',
                          "split it into shorter sentences; one idea per sentence",
                          WARNING, "3.1.5")


def flesch_reading_ease(doc: Doc) -> float | None:
    """Flesch reading ease of the running text (its first FLESCH_MAX_WORDS words)."""
    measures = measure(doc)
    words = sentences = 0
    for sentence in measures.sentences:
        if words >= FLESCH_MAX_WORDS:
            break
        words += sentence.words
        sentences += 1
    words = min(words, FLESCH_MAX_WORDS)
    if words < FLESCH_MIN_WORDS:
        return None
    syllables = counted = 0
    for unit, _starts in measures.words:
        if unit.kind not in RUNNING_TEXT:
            continue
        found = WORD.findall(unit.text)[: words - counted]
        syllables += sum(map(_syllables, found))
        counted += len(found)
        if counted >= words:
            break
    return 206.835 - 1.015 * words / sentences - 84.6 * syllables / words


@functools.lru_cache(maxsize=65536)
def _syllables(word: str) -> int:
    """Syllables in one word: Pyphen's hyphenation points plus one (words repeat a lot)."""
    return len(_dictionary().positions(word.lower()[:40])) + 1


@functools.lru_cache(maxsize=1)
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=SYLLABLE_DICTIONARY)


def reading_ease(item: Item, context: CheckContext) -> Iterable[Finding]:
    floor = context.config["reading"]["flesch_floor"]
    doc = context.doc(item)
    score = flesch_reading_ease(doc)
    if score is None or score >= floor:
        return
    line = measure(doc).sentences[0].line
    yield Finding(item.rel, line, "reading-ease",
                  f"Flesch reading ease is {score:.0f} (the floor is {floor:g}): "
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


def placeholder_text(item: Item, context: CheckContext) -> Iterable[Finding]:
    """The scaffold's and the importer's placeholders: an error in a ready item (they
    would be published), a warning in a draft, nothing once it is withdrawn."""
    if item.status not in ("ready", "draft"):
        return
    severity = ERROR if item.status == "ready" else WARNING
    summary = item.meta.get("summary")
    if isinstance(summary, str) and " ".join(summary.split()) == PLACEHOLDER_SUMMARY:
        yield Finding(item.rel, item.line_of("summary"), "placeholder-text",
                      "the summary is still the placeholder text",
                      "write one or two sentences saying what the item is about and why it "
                      "matters; they appear in listings, feeds and emails", severity)
    url = item.meta.get("chapter_url") if item.kind == "procedure" else None
    host = (urlsplit(url).hostname or "") if isinstance(url, str) else ""
    if host == PLACEHOLDER_CHAPTER_HOST or host.endswith(".example"):
        yield Finding(item.rel, item.line_of("chapter_url"), "placeholder-text",
                      f'chapter_url "{url}" is the example address',
                      "put the chapter's real address in the procedures manual", severity)
    placeholders = placeholder_texts(context.config)
    for number, line in enumerate(item.body.split("\n"), start=item.body_line):
        if line.strip() in placeholders:
            yield Finding(item.rel, number, "placeholder-text",
                          f'"{line.strip()}" is placeholder text',
                          "replace it with your own text", severity)
