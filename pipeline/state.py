"""Runtime state that is not content, in one SQLite database outside site/.

Tables are created on first use. The database is opened per command and
closed when it ends; no connection outlives a command.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from filelock import FileLock, Timeout

from pipeline.exceptions import BusyError

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- What is on the website now: the last good version of each public item,
-- kept whole so an item that later fails a check stays published as it was.
CREATE TABLE IF NOT EXISTS published (
    item_id      TEXT PRIMARY KEY,
    kind         TEXT NOT NULL,
    version      TEXT NOT NULL,
    rel          TEXT NOT NULL,
    source       TEXT NOT NULL,
    first_published TEXT NOT NULL,
    last_changed TEXT NOT NULL
);
"""


@contextmanager
def open_state(path: Path):
    """Open (creating if needed) the state database; commit on success."""
    # Subscribers' addresses live here: only the account that runs Cascade may read it.
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        path.touch(mode=0o600)
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        # WAL is a property of the file: set it once. Asking again while another
        # thread or process has the database open can fail with "database is locked".
        if connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            connection.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL survives a killed process (the case the ledgers guard
        # against) and spares an fsync per delivered message; the log file itself is
        # fsynced on every append.
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.executescript(SCHEMA)
        connection.row_factory = sqlite3.Row
        yield connection
    finally:
        connection.close()


def get_meta(db, key: str, default: str | None = None) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row["value"] if row else default


def set_meta(db, key: str, value: str) -> None:
    db.execute("INSERT INTO meta(key, value) VALUES (?, ?) "
               "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))


def published_items(db) -> dict[str, sqlite3.Row]:
    return {row["item_id"]: row for row in db.execute("SELECT * FROM published")}


@contextmanager
def exclusive(lock_path: Path, timeout: float, busy: str | Callable[[], str]):
    """Hold a lock file for the block, waiting up to `timeout` seconds for it.

    If another process still holds it, raise BusyError with `busy` (a message, or
    a function that makes one, for messages that cost a look at the state).
    """
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(lock_path))
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise BusyError(busy() if callable(busy) else busy) from None
    try:
        yield
    finally:
        lock.release()
