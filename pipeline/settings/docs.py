"""The settings documented from their table: the README's table and an annotated cascade.yml."""

from __future__ import annotations

import json

import yaml

from pipeline.settings.table import SETTINGS


def _shown(value) -> str:
    """A default as it would be written in cascade.yml, short enough for a table cell."""
    if isinstance(value, dict):
        return f"{len(value)} entries"
    if isinstance(value, list):
        text = ", ".join(map(str, value))
        return f"[{text}]" if len(text) <= 40 else f"{len(value)} entries"
    if value == "":
        return '""'
    return json.dumps(value) if isinstance(value, bool) else str(value)


def markdown_table() -> str:
    """Every setting as a Markdown table: key, default, what it does."""
    lines = ["| key | default | meaning |", "| --- | --- | --- |"]
    for setting in SETTINGS:
        default = _shown(setting.default).replace("|", "\\|")
        lines.append(f"| `{setting.key}` | `{default}` | {setting.help} |")
    return "\n".join(lines) + "\n"


def annotated_yaml() -> str:
    """A complete cascade.yml with every default, each key under its help as a comment."""
    out, opened = [], []
    for setting in SETTINGS:
        *parents, leaf = setting.key.split(".")
        common = 0
        while common < min(len(parents), len(opened)) and parents[common] == opened[common]:
            common += 1
        for depth in range(common, len(parents)):
            out.append("  " * depth + f"{parents[depth]}:")
        opened = parents
        indent = "  " * len(parents)
        out.append(f"{indent}# {setting.help}")
        value = yaml.safe_dump({leaf: setting.default}, sort_keys=False, allow_unicode=True,
                               default_flow_style=False, width=88).rstrip("\n")
        out.extend(indent + line for line in value.splitlines())
    return "\n".join(out) + "\n"
