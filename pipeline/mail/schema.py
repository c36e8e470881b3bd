"""Transactions and list columns for the mail stage's tables (declared in pipeline.state).

The connection is in autocommit mode, so every group of writes that must land
together runs inside an explicit `BEGIN IMMEDIATE` ... `COMMIT` (see `atomic`).
"""

from __future__ import annotations

from contextlib import contextmanager

@contextmanager
def atomic(db):
    """One transaction that takes the write lock at once; rolled back on any error."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def split(value: str) -> list[str]:
    return [v for v in (value or "").split(";") if v]


def join(values) -> str:
    return ";".join(values)
