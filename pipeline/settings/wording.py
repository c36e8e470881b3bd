"""The one wording of every settings problem: `key: expected X, got Y`."""

from __future__ import annotations

import json


def describe(value) -> str:
    """Describe a bad value briefly, for `expected X, got Y`."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{value!r} (a boolean)"
    if isinstance(value, (dict, list)):
        text = json.dumps(value, default=str)
        return f"{type(value).__name__} {text[:60]}"
    return f"{value!r}"
