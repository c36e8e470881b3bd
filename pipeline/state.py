"""Runtime state that is not content, in one SQLite database outside site/.

Every table is declared here, once. The database carries its schema version in
SQLite's `user_version`; `open_state` applies the numbered migrations it has
not seen yet, in order, each in one transaction, so an older database is
upgraded in place on first use. A new table or column is a new migration at
the end of MIGRATIONS, never an edit to an old one. The database is opened per
command and closed when it ends; no connection outlives a command.
"""

from __future__ import annotations

import re
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from filelock import FileLock, Timeout

from pipeline.exceptions import BusyError, FileProblem, StateError


def _1_tables_of_release_0_1(db) -> None:
    """The tables as release 0.1.0 made them on first use (before versioning)."""
    # IF NOT EXISTS: a 0.1.0 database has them already, at user_version 0.
    _execute_each(db, """
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
-- The mail stage: subscribers, alert intents, issues, the delivery ledger, batches.
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
-- External feeds: polling state and the national updates they brought.
CREATE TABLE IF NOT EXISTS feed_state (
    name          TEXT PRIMARY KEY,
    url           TEXT NOT NULL,
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    last_attempt  TEXT,
    last_success  TEXT,
    last_outcome  TEXT NOT NULL DEFAULT '',   -- ok | not-modified | warning | error
    last_error    TEXT NOT NULL DEFAULT '',
    error_count   INTEGER NOT NULL DEFAULT 0,
    retry_at      TEXT                        -- no attempt before this (backoff, Retry-After)
);
-- National updates: entries from the feeds, sanitised. Read by the site page and
-- the newsletter; shown_at is when the website first showed (and the log recorded) it.
CREATE TABLE IF NOT EXISTS national_updates (
    id            TEXT PRIMARY KEY,
    feed          TEXT NOT NULL,
    dedupe_key    TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    link          TEXT NOT NULL,
    summary_html  TEXT NOT NULL,
    published     TEXT NOT NULL,
    updated       TEXT NOT NULL,
    content_hash  TEXT NOT NULL,
    first_seen    TEXT NOT NULL,
    edited        INTEGER NOT NULL DEFAULT 0,
    edited_at     TEXT,
    shown_at      TEXT
);
-- Check results per file version (see pipeline.checks.cache).
CREATE TABLE IF NOT EXISTS check_cache (
    key      TEXT PRIMARY KEY,
    deps     TEXT NOT NULL,
    findings TEXT NOT NULL
);
-- The service's job runs, for `cascade status`.
CREATE TABLE IF NOT EXISTS job_runs (
    id            INTEGER PRIMARY KEY,
    job_id        TEXT NOT NULL,
    scheduled_for TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    ended_at      TEXT,
    outcome       TEXT NOT NULL,          -- running | ok | error | missed | interrupted
    detail        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS job_runs_by_job ON job_runs(job_id, id);
""")


def _2_bounces_and_subscriber_figures(db) -> None:
    """Temporary bounces counted per subscriber, delivery reports read once, and daily
    subscriber figures (counts only: no address)."""
    _execute_each(db, """
ALTER TABLE subscribers ADD COLUMN soft_bounces INTEGER NOT NULL DEFAULT 0;
-- Delivery status notifications already read, by Message-ID or a hash of their bytes.
CREATE TABLE bounce_reports (
    report_key TEXT PRIMARY KEY,
    read_at    TEXT NOT NULL
);
-- Per day (Europe/London) and event: signed-up, confirmed, unsubscribed, suppressed...
CREATE TABLE subscriber_figures (
    day   TEXT NOT NULL,
    event TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (day, event)
);
""")


def _3_page_views(db) -> None:
    """Website views per page per day from access logs (no IP address, no user agent)."""
    _execute_each(db, """
CREATE TABLE page_views (
    day   TEXT NOT NULL,                  -- Europe/London date
    page  TEXT NOT NULL,                  -- e.g. briefings/safer-sleep/
    views INTEGER NOT NULL,
    PRIMARY KEY (day, page)
);
-- Access-log files counted so far: known by a hash of their first line, which a
-- rename or compression by logrotate keeps.
CREATE TABLE access_logs_read (
    first_line TEXT PRIMARY KEY,
    lines_read INTEGER NOT NULL
);
""")


def _4_service_jobs(db) -> None:
    """The service's jobs in a table of its own, replacing the scheduler library's store
    (pickled objects of a library no longer used); `cascade serve` makes its fixed jobs
    again at start and the next pass publishes and sends whatever is due."""
    _execute_each(db, """
-- One row per job of `cascade serve`: what runs, on what schedule, and when next.
CREATE TABLE jobs (
    id            TEXT PRIMARY KEY,       -- reconcile, newsletter, publish:<item id>, ...
    function      TEXT NOT NULL,          -- the job function's name
    args          TEXT NOT NULL,          -- JSON list
    schedule      TEXT NOT NULL,          -- the schedule as text: a change replaces the job
    next_run      TEXT NOT NULL,          -- ISO 8601 with its UTC offset
    grace_seconds REAL NOT NULL           -- later than this after next_run: missed
);
DROP TABLE IF EXISTS apscheduler_jobs;
""")


def _5_withdrawn(db) -> None:
    """When each withdrawn item left the website: its old address says so."""
    _execute_each(db, """
CREATE TABLE IF NOT EXISTS withdrawn (
    item_id      TEXT PRIMARY KEY,
    withdrawn_at TEXT NOT NULL
);
""")


def _6_page_history(db) -> None:
    """Every change note a page has shown, so a later edit (a minor change, a new note)
    does not drop the earlier ones from the page's history."""
    _execute_each(db, """
CREATE TABLE IF NOT EXISTS page_history (
    item_id    TEXT NOT NULL,
    note       TEXT NOT NULL,     -- the change note; the same note again is the same change
    changed_on TEXT NOT NULL,     -- the version's `updated` date
    PRIMARY KEY (item_id, note)
);
""")



def _7_public_service(db) -> None:
    """What readers send to `cascade serve`: sign-ups waiting for their confirming click,
    links already used, feedback and team returns waiting for the officer, and answers
    to follow-up emails."""
    _execute_each(db, """
-- A sign-up or change of address waiting for the click in its confirmation email;
-- deleted when confirmed or after 7 days. Nothing here is a subscription yet.
CREATE TABLE signups (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,   -- never reused: tokens name it
    email         TEXT NOT NULL COLLATE NOCASE,
    name          TEXT NOT NULL DEFAULT '',
    audiences     TEXT NOT NULL DEFAULT '',            -- ';'-separated slugs
    themes        TEXT NOT NULL DEFAULT '',
    frequency     TEXT NOT NULL,
    subscriber_id INTEGER,                             -- set for a change of address
    created_at    TEXT NOT NULL
);
CREATE INDEX signups_by_email ON signups(email);
-- Single-use links already used (a hash of the token's signature, never the token).
CREATE TABLE used_tokens (
    tag     TEXT PRIMARY KEY,
    used_at TEXT NOT NULL
);
-- Returns from the feedback forms at the foot of each page, waiting for the officer.
-- kind 'useful': useful (yes | no) and comment (plain text, never published);
-- kind 'shared': shared_on, sector, people, format (a team cascade, no names).
CREATE TABLE feedback (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    item_id      TEXT NOT NULL,
    item_version TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL,                        -- useful | shared
    useful       TEXT NOT NULL DEFAULT '',
    comment      TEXT NOT NULL DEFAULT '',
    shared_on    TEXT NOT NULL DEFAULT '',
    sector       TEXT NOT NULL DEFAULT '',
    people       INTEGER NOT NULL DEFAULT 0,
    format       TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'pending',      -- pending | accepted | rejected
    received_at  TEXT NOT NULL,
    decided_at   TEXT NOT NULL DEFAULT '',
    entry_id     INTEGER                               -- the log row an accepted return made
);
CREATE INDEX feedback_by_status ON feedback(status, id);
-- Answers to "Has this briefing changed your practice?", one per person per item.
CREATE TABLE followup_answers (
    item_id       TEXT NOT NULL,
    subscriber_id INTEGER NOT NULL,
    answer        TEXT NOT NULL,                       -- yes | not-yet | not-relevant
    answered_at   TEXT NOT NULL,
    PRIMARY KEY (item_id, subscriber_id)
);
""")


def _8_followups(db) -> None:
    """Whether each subscriber still wants follow-up questions ("Has this briefing changed
    your practice?"), and an index to find the alerts sent on a day without reading every
    delivery."""
    _execute_each(db, """
ALTER TABLE subscribers ADD COLUMN followups INTEGER NOT NULL DEFAULT 1;  -- 0: opted out
CREATE INDEX deliveries_by_settled ON deliveries(status, updated_at);
""")


# Append only: position n (from 1) is schema version n.
MIGRATIONS: list[Callable] = [
    _1_tables_of_release_0_1,
    _2_bounces_and_subscriber_figures,
    _3_page_views,
    _4_service_jobs,
    _5_withdrawn,
    _6_page_history,
    _7_public_service,
    _8_followups,
]
SCHEMA_VERSION = len(MIGRATIONS)


def _execute_each(db, script: str) -> None:
    """Run a script statement by statement inside the migration's transaction
    (executescript would commit it first)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    leftover = [line for line in statement.splitlines()
                if line.strip() and not line.strip().startswith("--")]
    if leftover:
        raise ValueError(f"unfinished SQL statement in a migration: {statement!r}")


def _refuse_newer(connection: sqlite3.Connection) -> int:
    found = connection.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        raise StateError(f"the state database is at schema version {found}, newer than this "
                         f"Cascade knows ({SCHEMA_VERSION}); upgrade Cascade, or restore a "
                         "backup of the database made by this version")
    return found


def migrate(connection: sqlite3.Connection, found: int | None = None) -> int:
    """Bring the database up to SCHEMA_VERSION (from `found`, read again if not given);
    return the version it had."""
    if found is None:
        found = _refuse_newer(connection)
    for number in range(found + 1, SCHEMA_VERSION + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while this one waited for the lock.
            if connection.execute("PRAGMA user_version").fetchone()[0] >= number:
                connection.execute("ROLLBACK")
                continue
            MIGRATIONS[number - 1](connection)
            connection.execute(f"PRAGMA user_version = {number}")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
    return found


@contextmanager
def open_state(path: Path, *, kept: bool = False):
    """Open (creating if needed) the state database; commit on success.

    A damaged, read-only or unopenable database, found here or while the block
    uses it, becomes a FileProblem naming the file and what to do. `kept`: the caller
    holds the block open across requests of one thread, so it may be closed from
    another (when that thread's data is cleared).
    """
    try:
        # Subscribers' addresses live here: only the account that runs Cascade may read it.
        private_folder(path.parent)
        if not path.exists():
            path.touch(mode=0o600)
        connection = sqlite3.connect(path, timeout=30, isolation_level=None,
                                     check_same_thread=not kept)
    except (OSError, sqlite3.Error) as exc:
        raise FileProblem(state_problem(path, exc)) from None
    try:
        found = _refuse_newer(connection)   # before anything, WAL included, touches the file
        _use_wal(connection)
        # In WAL mode NORMAL survives a killed process (the case the ledgers guard
        # against) and spares an fsync per delivered message; the log file itself is
        # fsynced on every append.
        connection.execute("PRAGMA synchronous=NORMAL")
        migrate(connection, found)
        connection.row_factory = sqlite3.Row
        yield connection
    except sqlite3.DatabaseError as exc:
        if _kind(exc) is None:
            raise  # a mistake in Cascade's SQL, not a problem with the file
        raise FileProblem(state_problem(path, exc)) from None
    finally:
        connection.close()


# What SQLite says, and what it means for the person who has to fix it.
_KINDS = (("readonly", "read-only"), ("read-only", "read-only"),
          ("not a database", "damaged"), ("malformed", "damaged"), ("disk image", "damaged"),
          ("unable to open", "unopenable"), ("disk i/o", "unopenable"))


def _kind(exc: Exception) -> str | None:
    if isinstance(exc, OSError):
        return "unopenable"
    text = str(exc).lower()
    return next((kind for words, kind in _KINDS if words in text), None)


def shown(path: Path) -> str:
    """A path as the person at the terminal would type it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def state_problem(path: Path, exc: Exception) -> str:
    """The message for a state database Cascade cannot use; nothing was changed."""
    what = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    name = shown(path)
    kind = _kind(exc)
    if kind == "read-only":
        return (f"{name}: the state database cannot be written ({what}); nothing was "
                f"changed. Make {name}, its -wal and -shm files and its folder writable by "
                "the account that runs Cascade, then run again")
    if kind == "damaged":
        return (f"{name}: the state database is damaged ({what}); nothing was changed. "
                f"Restore {name} from your backup, or move it aside (keep it) and run: "
                "cascade run --rebuild-state")
    return (f"{name}: cannot open the state database ({what}); nothing was changed. It must "
            "be a file (or not exist yet) in a folder the account that runs Cascade can "
            "write; check the state_db setting")


def check_writable(db, path: Path) -> None:
    """Fail now, before anything else changes, if the database cannot be written."""
    try:
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('write_check', '')")
        finally:
            db.execute("ROLLBACK")
    except sqlite3.DatabaseError as exc:
        if _kind(exc) is None:
            raise
        raise FileProblem(state_problem(path, exc)) from None


def log_head(db) -> tuple[int, str] | None:
    """The newest log entry's (id, row hash) as recorded here, or None before the first."""
    value = get_meta(db, "log_head")
    if not value:
        return None
    entry, _, digest = value.partition(":")
    if not entry.isdigit() or not re.fullmatch(r"[0-9a-f]{64}", digest):
        name = shown(Path(db.execute("PRAGMA database_list").fetchone()[2]))
        raise FileProblem(f"{name}: the state database records the log's newest entry as "
                          f"{value[:40]!r}, which is not ENTRY:HASH; nothing was changed. "
                          f"Restore {name} from your backup, or run: cascade run "
                          "--rebuild-state (it takes the newest entry from the log, once "
                          "cascade log verify finds its chain intact)")
    return int(entry), digest


def private_folder(folder: Path) -> None:
    """Make the state folder (0700, whatever the umask) if it is not there yet."""
    if not folder.is_dir():
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)


def _use_wal(connection: sqlite3.Connection, timeout: float = 30) -> None:
    """WAL is a property of the file: set it once. Several processes may open a new
    database at the same moment; switching fails with "database is locked" while
    another holds it (creating the tables), so wait until that one has switched it."""
    deadline = time.monotonic() + timeout
    while connection.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        try:
            connection.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


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
    lock = FileLock(str(lock_path))
    try:
        private_folder(lock_path.parent)   # the state folder: the first command may make it
        lock.acquire(timeout=timeout)
    except Timeout:
        raise BusyError(busy() if callable(busy) else busy) from None
    except OSError as exc:
        raise FileProblem(f"{shown(lock_path.parent)}: cannot make the lock file "
                          f"{lock_path.name} ({exc.strerror or exc}); nothing was changed. "
                          "Make the folder writable by the account that runs Cascade") from None
    try:
        yield
    finally:
        lock.release()
