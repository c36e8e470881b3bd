"""What every rule may look at besides the item: the settings and the other items."""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.checks.body import Doc, read_body
from pipeline.content.load import FOLDERS, Item
from pipeline.settings.config import Config



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
