"""Accessibility and house-style checks on an item's Markdown, before anything is published.

Each rule is a small function `rule(item, context) -> iterable of Finding`, kept
in the plain list CHECKS; adding a rule means adding one function to the list
(and one test). Errors hold the item back; warnings are reported and recorded
in the log's accessibility column. The rules live beside this file by family:
limits (what the site engine can build), images (pictures beside the
content: there, real, safe and small), structure (images, headings, tables,
HTML), links, and writing (reading time, sentences, reading ease, abbreviations); body and inline read each body once
for all of them, and context carries what every rule may look at.
"""

from __future__ import annotations

from pipeline.checks import images
from pipeline.checks import limits
from pipeline.checks import links
from pipeline.checks import structure
from pipeline.checks import writing as text
from pipeline.checks.context import CheckContext
from pipeline.settings.config import Config
from pipeline.content.load import Item

CHECKS: list = [
    limits.nesting_too_deep,
    limits.elements_too_many,
    limits.line_too_long,
    structure.image_alt_missing,
    structure.image_alt_poor,
    images.image_missing,
    images.image_not_picture,
    images.image_too_large,
    images.image_svg_unsafe,
    images.image_dimensions,
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
    structure.attr_list_not_allowed,
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
    text.placeholder_text,
]


def run_checks(items: list[Item], config: Config, only: list[Item] | None = None) -> None:
    """Add each rule's findings to the items it applies to (all, or those in `only`;
    links are still checked against every item)."""
    by_id = {i.id: i for i in items if isinstance(i.id, str) and i.id and i.meta}
    context = CheckContext(config=config, ids=frozenset(by_id), items=by_id)
    for item in (items if only is None else only):
        if not item.checkable:
            continue  # the file could not be read; its error says why
        for rule in CHECKS:
            item.findings.extend(rule(item, context))


def accessibility_summary(item: Item) -> str:
    """The log's accessibility cell: 'pass', or the warnings by rule id."""
    rules = sorted({f.rule for f in item.findings if f.severity == "warning"})
    return "pass" if not rules else "warnings: " + " ".join(rules)
