"""`cascade log ...` and `cascade report ...`: the dissemination log's commands."""

from __future__ import annotations

COMMANDS: list = []
