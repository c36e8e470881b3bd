"""A lost state database: noticed before a pass goes on without it, rebuilt from the log.

The state remembers what is on the website (the ledger of published versions), the
log's newest entry (its anchor), subscribers, deliveries and newsletter issues. If it
is deleted or emptied while the log goes on, a pass would see an empty world: the
subscriber list empty, the newsletter pages gone from the site, the log unanchored.
So a pass refuses to go on until the officer restores a backup or asks for a
rebuild; the rebuild takes back what the log holds and says what it cannot.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pipeline.content.load import Item
from pipeline.evidence import chain as dlog
from pipeline.exceptions import FileProblem, LogIntegrityError, UsageError
from pipeline.settings.config import Config
from pipeline.state import get_meta, set_meta
from pipeline.text import plural

# What only the state held; said by the rebuild, so nobody is surprised later.
CANNOT_REBUILD = [
    "subscribers, their choices, and who unsubscribed or was suppressed (import the "
    "list again with: cascade subscribers import FILE)",
    "delivery history and any email still waiting to be sent",
    "newsletter issues already sent: their pages leave the website (the log still "
    "records each issue)",
    "national updates fetched from feeds (the next poll fetches them again)",
    "the last good version of an item that is now held back (it leaves the website "
    "until it passes its checks)",
]


def has_entries(log: Path) -> bool:
    """Whether the log holds at least one row after its header (read no further)."""
    try:
        with open(log, "rb") as handle:
            handle.readline()
            return bool(handle.readline().strip())
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return False


def lost(config: Config, db=None) -> str | None:
    """Why the state looks lost (missing or without the log's anchor next to a log with
    entries and a built site), or None.

    `db` is the open state database, or None when the file is not there.
    """
    if not has_entries(config.log_file):
        return None
    # No site either: a new deployment that brought its log along (or a log written
    # before the first run), not a lost state.
    if not config.site_dir.is_dir():
        return None
    # A pass records the site it built before it logs, and the log's head right after:
    # a state that recorded a site is this project's, even if a kill fell between the two.
    if db is not None and get_meta(db, "site_fingerprint"):
        return None
    # A head alone is not enough when the log shows the website was built: `log add` on
    # a lost state records a head without bringing anything else back.
    if db is not None and get_meta(db, "log_head") and not _website_logged(config.log_file):
        return None
    state, log = config.shown(config.state_db), config.shown(config.log_file)
    what = "is missing" if db is None else "has no record of the site it built (it was " \
        "emptied or replaced)"
    return (f"{state}: the state database {what}, but {log} has entries: the state was lost. "
            "Nothing was changed. Going on would forget every subscriber, take the "
            "newsletter pages off the website and leave the log without its anchor. "
            f"Restore {state} from your backup, or run: cascade run --rebuild-state "
            "(it rebuilds what the log holds and lists what it cannot)")


def _website_logged(log: Path) -> bool:
    try:
        return any(values[dlog.CHANNEL] == "website" for _line, values in dlog.read_records(log))
    except (LogIntegrityError, UnicodeDecodeError, IndexError):
        return True   # unreadable here: do not vouch for the state


def rebuild(config: Config, db, items: list[Item], now: datetime) -> list[str]:
    """Take the log's anchor and the ledger of published versions back from the log.

    Returns the lines to show: what was rebuilt, then what could not be.
    """
    head = get_meta(db, "log_head")
    garbled = bool(head) and not (head.partition(":")[0].isdigit()
                                  and len(head.partition(":")[2]) == 64)
    if not garbled and lost(config, db) is None:
        raise UsageError(f"{config.shown(config.state_db)}: the state database is not lost (it "
                         "records the log and the site); --rebuild-state is only for a "
                         "state database that was deleted, emptied or garbled. Nothing was "
                         "changed")
    log = config.log_file
    records, problem = dlog.read_and_verify_records(log)
    if problem:
        raise LogIntegrityError(f"{log.name}: chain broken: {problem}. The state cannot be "
                                "rebuilt from a broken log; nothing was changed. Restore the "
                                f"log from your backup first. To recover: {dlog.RECOVERY}")
    lines = []
    if records:
        set_meta(db, "log_head", f"{len(records)}:{records[-1][1][dlog.ROW_HASH]}")
        lines.append(f"Rebuilt the state from {config.shown(log)}: its anchor (entry "
                     f"{len(records)}).")
    has_ledger = db.execute("SELECT 1 FROM published LIMIT 1").fetchone() is not None
    if not has_ledger:
        count = _ledger(db, records, {i.id: i for i in items if i.id})
        lines.append(f"Rebuilt the ledger of published items: {plural(count, 'item')} "
                     "the log shows on the website.")
        lines.append("Could not be rebuilt (the log does not hold them):")
        lines += [f"  - {what}" for what in CANNOT_REBUILD]
    return lines


def _ledger(db, records: list, current: dict[str, Item]) -> int:
    """One ledger row per item whose latest website act in the log left it published."""
    latest: dict[str, list[str]] = {}
    first: dict[str, str] = {}
    for _line, values in records:
        # Only content items have ledger rows (national updates are logged on the
        # website channel too, but live in the feeds' own table).
        if values[dlog.CHANNEL] == "website" and values[dlog.ACTION] in dlog.WEBSITE_ACTIONS \
                and values[dlog.ITEM_TYPE] in ("briefing", "procedure"):
            latest[values[dlog.ITEM_ID]] = values
            first.setdefault(values[dlog.ITEM_ID], values[dlog.OCCURRED_AT])
    count = 0
    db.execute("BEGIN IMMEDIATE")
    for item_id, values in sorted(latest.items()):
        if values[dlog.ACTION] == "withdrawn":
            continue
        # The source of the logged version is not in the log: the current file stands
        # in for it. If it changed since, the next pass logs the update (or, without a
        # file, the withdrawal) as it would have.
        item = current.get(item_id)
        db.execute("INSERT OR REPLACE INTO published(item_id, kind, version, rel, source, "
                   "first_published, last_changed) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   (item_id, values[dlog.ITEM_TYPE], values[dlog.ITEM_VERSION],
                    item.rel if item else "", item.source if item else "",
                    first[item_id], values[dlog.OCCURRED_AT]))
        count += 1
    db.execute("COMMIT")
    return count


def lost_before_opening(config: Config) -> str | None:
    """lost(), asked before opening (and so creating) a missing or empty database."""
    path = config.state_db
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return lost(config)
    return None


def refuse_if_lost(config: Config) -> None:
    """Stop before opening the state database if it is missing or empty, leaving it as
    it is."""
    reason = lost_before_opening(config)
    if reason:
        raise FileProblem(reason)
