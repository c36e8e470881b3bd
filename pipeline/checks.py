"""Accessibility and house-style checks on an item's Markdown, before anything is published.

Each rule is a small function `rule(item, context) -> iterable of Finding`, kept
in the plain list CHECKS; adding a rule means adding one function to the list
(and one test). Errors hold the item back; warnings are reported and recorded
in the log's accessibility column. The rules live beside this file by topic:
checks_structure (images, headings, tables, HTML), checks_links and checks_text
(reading time, sentences, reading ease, abbreviations); checks_markdown and
checks_inline read each body once for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline import checks_links as links
from pipeline import checks_structure as structure
from pipeline import checks_text as text
from pipeline.checks_markdown import Doc, read_body
from pipeline.config import Config
from pipeline.content import KINDS, Item

FOLDERS = {kind: folder for folder, kind in KINDS.items()}


@dataclass(frozen=True)
class CheckContext:
    """What every rule may look at besides the item: settings and the other items."""

    config: Config
    ids: frozenset                       # every content id, for internal links
    items: dict = field(default_factory=dict)             # id -> Item
    _docs: dict = field(default_factory=dict, repr=False, compare=False)

    def doc(self, item: Item) -> Doc:
        """The item's body, read once per run and shared by all the rules."""
        key = (item.rel, item.body_line, item.body)
        if key not in self._docs:
            self._docs[key] = read_body(item.body, item.body_line)
        return self._docs[key]

    def page(self, item: Item) -> str:
        """Where the item's page sits in the site, e.g. briefings/safer-sleep.md."""
        return f"{FOLDERS[item.kind]}/{item.id}.md"


CHECKS: list = [
    structure.image_alt_missing,
    structure.image_alt_poor,
    structure.heading_h1,
    structure.heading_skip,
    structure.heading_empty,
    structure.table_header_missing,
    structure.table_cells_mismatch,
    structure.table_blank_line,
    structure.bold_as_heading,
    structure.html_not_allowed,
    structure.html_script,
    structure.html_event_handler,
    structure.url_javascript,
    structure.front_matter_markup,
    structure.snippet_not_allowed,
    structure.brackets_unbalanced,
    links.link_text_empty,
    links.link_text_vague,
    links.link_text_url,
    links.link_target_missing,
    links.link_anchor_missing,
    links.link_document_format,
    text.reading_time,
    text.sentence_length,
    text.reading_ease,
    text.abbreviation_unexplained,
]


def run_checks(items: list[Item], config: Config, only: list[Item] | None = None) -> None:
    """Add each rule's findings to the items it applies to (all, or those in `only`;
    links are still checked against every item)."""
    by_id = {i.id: i for i in items if isinstance(i.id, str) and i.id and i.meta}
    context = CheckContext(config=config, ids=frozenset(by_id), items=by_id)
    for item in (items if only is None else only):
        if not item.meta or not item.source:
            continue  # the file could not be parsed; its parse error says why
        for rule in CHECKS:
            item.findings.extend(rule(item, context))


def accessibility_summary(item: Item) -> str:
    """The log's accessibility cell: 'pass', or the warnings by rule id."""
    rules = sorted({f.rule for f in item.findings if f.severity == "warning"})
    return "pass" if not rules else "warnings: " + " ".join(rules)
