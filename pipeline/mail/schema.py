"""The mail stage's tables in the state database, created on first use.

The connection is in autocommit mode, so every group of writes that must land
together runs inside an explicit `BEGIN IMMEDIATE` ... `COMMIT` (see `atomic`).
"""

from __future__ import annotations

from contextlib import contextmanager

SCHEMA = """
CREATE TABLE IF NOT EXISTS subscribers (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: tokens name it
    email       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name        TEXT NOT NULL DEFAULT '',
    audiences   TEXT NOT NULL DEFAULT '',           -- ';'-separated slugs
    themes      TEXT NOT NULL DEFAULT '',           -- ';'-separated; '' = every theme
    frequency   TEXT NOT NULL,                      -- immediate | weekly | newsletter-only
    status      TEXT NOT NULL DEFAULT 'active',     -- active | unsubscribed | suppressed
    status_note TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    changed_at  TEXT NOT NULL
);
-- The last version of each public item the mail stage has looked at, and the
-- change note it last alerted with (a repeated note is not a new change).
CREATE TABLE IF NOT EXISTS mail_seen (
    item_id      TEXT PRIMARY KEY,
    version      TEXT NOT NULL,
    alerted_note TEXT NOT NULL DEFAULT '',
    seen_at      TEXT NOT NULL
);
-- Alert intents: one per item version that subscribers must hear about.
CREATE TABLE IF NOT EXISTS alerts (
    item_id    TEXT NOT NULL,
    version    TEXT NOT NULL,
    snapshot   TEXT NOT NULL,                       -- JSON: what the message says
    created_at TEXT NOT NULL,
    PRIMARY KEY (item_id, version)
);
CREATE TABLE IF NOT EXISTS digest_queue (
    subscriber_id INTEGER NOT NULL,
    item_id       TEXT NOT NULL,
    version       TEXT NOT NULL,
    PRIMARY KEY (subscriber_id, item_id, version)
);
-- Newsletter issues and weekly digests, frozen when they are sent.
CREATE TABLE IF NOT EXISTS issues (
    issue_id   TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,                       -- newsletter | digest
    version    TEXT NOT NULL,
    cutoff     TEXT NOT NULL,
    snapshot   TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'sending',     -- sending | sent
    created_at TEXT NOT NULL,
    sent_at    TEXT NOT NULL DEFAULT ''
);
-- The delivery ledger: one row per subscriber and item version (or issue).
-- pending -> sending (claimed) -> sent | failed | cancelled.
CREATE TABLE IF NOT EXISTS deliveries (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    subscriber_id INTEGER NOT NULL,
    subject_id    TEXT NOT NULL,
    version       TEXT NOT NULL,
    batch         TEXT NOT NULL,
    payload       TEXT NOT NULL DEFAULT '[]',
    status        TEXT NOT NULL DEFAULT 'pending',
    attempts      INTEGER NOT NULL DEFAULT 0,
    error         TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (subscriber_id, subject_id, version)
);
CREATE INDEX IF NOT EXISTS deliveries_by_status ON deliveries(status, batch);
-- A send batch: what its dissemination-log row says, and whether it was written.
CREATE TABLE IF NOT EXISTS batches (
    batch      TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,                       -- alert | digest | newsletter
    subject_id TEXT NOT NULL,
    version    TEXT NOT NULL,
    details    TEXT NOT NULL,                       -- JSON for the log row
    created_at TEXT NOT NULL,
    logged     INTEGER NOT NULL DEFAULT 0
);
"""


def ensure_schema(db) -> None:
    db.executescript(SCHEMA)


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
