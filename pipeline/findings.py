"""What a check says about a file: where, which rule, why, and how to fix it."""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    path: str          # relative to the project root, as the officer sees it
    line: int          # 1-based; 1 when the problem is the whole file
    rule: str          # stable id, e.g. key-unknown, img-alt-missing
    message: str
    fix: str = ""
    severity: str = ERROR
    wcag: str = ""     # success criterion, e.g. "1.1.1", where one applies

    def format(self) -> str:
        """`path:line: rule-id: message (WCAG x.y.z) - fix: ...`"""
        text = f"{self.path}:{self.line}: {self.rule}: {self.message}"
        if self.severity == WARNING:
            text = f"{self.path}:{self.line}: {self.rule}: warning: {self.message}"
        if self.wcag:
            text += f" (WCAG {self.wcag})"
        if self.fix:
            text += f" - fix: {self.fix}"
        return text

    def as_dict(self) -> dict:
        return asdict(self)


def short(text, limit: int = 60) -> str:
    """Text quoted in a message: one line, clipped to `limit` characters."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def has_errors(findings) -> bool:
    return any(f.severity == ERROR for f in findings)
