"""Which of a document's headings are the briefing's sections, however they are worded.

"1. Background", "BACKGROUND:" and "What should you do?" (for "What you should do")
all match: headings are compared without numbering, case or punctuation, by their
words (in any order) and by their letters, and each section is given to at most
one heading, the best match first.
"""

from __future__ import annotations

import difflib
import re

THRESHOLD = 0.64     # "Further reading" and "Questions for reflection" in, "Introduction" out
NUMBERING = re.compile(r"^\s*(?:(?:section|part|step)\s+)?(?:\d+(?:\.\d+)*|[ivx]+|[a-z])"
                       r"\s*(?:[.):]|\s[-\u2013\u2014])\s*", re.I)
LEADING_NUMBER = re.compile(r"^\s*\d+\s+")
STOPWORDS = frozenset("a an the to for of and in on it is are we you what why how should do "
                      "does did have has this that with be our your us".split())


def words(heading: str) -> list[str]:
    """The heading's words: lower case, no numbering or punctuation, plurals and -ed cut."""
    text = NUMBERING.sub("", heading, count=1)
    text = LEADING_NUMBER.sub("", text, count=1)
    return [_stem(w) for w in re.findall(r"[^\W_]+", text.lower())]


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def similarity(heading: str, section: str) -> float:
    """1.0 for the same words in the same order, less the further apart they are."""
    a, b = words(heading), words(section)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    if set(a) == set(b):
        return 0.95
    letters = difflib.SequenceMatcher(None, " ".join(a), " ".join(b)).ratio()
    shared = len(set(a) & set(b)) / len(set(a) | set(b))
    content_a, content_b = set(a) - STOPWORDS, set(b) - STOPWORDS
    content = (len(content_a & content_b) / max(len(content_a), len(content_b))
               if content_a and content_b else 0.0)
    return max(letters, shared, content)


def match_sections(headings: list[str], sections: list[str]) -> dict[int, int]:
    """{heading index: section index} for the headings that are sections."""
    pairs = []
    for h, heading in enumerate(headings):
        for s, section in enumerate(sections):
            score = similarity(heading, section)
            if score >= THRESHOLD:
                # Equal scores: the section nearest the heading's place in the document.
                pairs.append((-score, abs(h / max(len(headings), 1) - s / len(sections)), h, s))
    found: dict[int, int] = {}
    for _score, _distance, h, s in sorted(pairs):
        if h not in found and s not in found.values():
            found[h] = s
    return found
