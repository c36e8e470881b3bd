"""Accessibility and house-style checks on an item's Markdown, before anything is published.

Each rule is a small function `rule(item, context) -> iterable of Finding`, kept
in the plain list CHECKS; adding a rule means adding one function to the list
(and one test). Errors hold the item back; warnings are reported and recorded
in the log's accessibility column.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.config import Config
from pipeline.content import Item


@dataclass(frozen=True)
class CheckContext:
    config: Config
    ids: frozenset            # every content id, for internal links


CHECKS: list = []


def run_checks(items: list[Item], config: Config) -> None:
    """Add each rule's findings to the items it applies to."""
    context = CheckContext(config=config, ids=frozenset(i.id for i in items if i.id))
    for item in items:
        if not item.meta or not item.source:
            continue  # the file could not be parsed; its parse error says why
        for rule in CHECKS:
            item.findings.extend(rule(item, context))


def accessibility_summary(item: Item) -> str:
    """The log's accessibility cell: 'pass', or the warnings by rule id."""
    rules = sorted({f.rule for f in item.findings if f.severity == "warning"})
    return "pass" if not rules else "warnings: " + " ".join(rules)
