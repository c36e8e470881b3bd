"""`cascade newsletter ...` and `cascade subscribers ...`: the mail stage's commands."""

from __future__ import annotations

COMMANDS: list = []
