"""The dissemination log: one CSV row per act of dissemination, appended, chained.

Each row's `row_hash` is SHA-256 over the previous row's hash and this row's
other fields, so an edited, deleted, inserted or reordered row breaks the chain
at a row `verify` can name. The newest entry id and hash are also kept in the
state database, which catches a truncated tail.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.exceptions import BusyError, LogIntegrityError
from pipeline.state import get_meta, set_meta

COLUMNS = ["entry_id", "recorded_at", "occurred_at", "item_id", "item_version", "item_type",
           "action", "channel", "audience", "reach", "disseminated_by", "accessibility",
           "notes", "prev_hash", "row_hash"]
GENESIS = "0" * 64
ITEM_TYPES = ("briefing", "procedure", "newsletter", "national-update")
ACTIONS = ("published", "updated", "withdrawn", "sent", "delivered-offline")
CHANNELS = ("website", "newsletter", "email-alert", "team-briefing", "training", "dsl-network",
            "social-media", "other")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# Control characters other than tab and line breaks have no place in a cell; the unit
# separator (\x1f) joins fields for hashing, so keeping it out makes the joining unambiguous.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
OFFLINE = "delivered-offline"
RECOVERY = ("restore dissemination_log.csv from your backup, or move the broken file aside "
            "(keep it as evidence) so a new log is started, then run again")


@dataclass(frozen=True)
class Act:
    """One act of dissemination, before it becomes a row."""

    occurred_at: datetime
    item_id: str
    item_version: str
    item_type: str
    action: str
    channel: str
    audience: str = ""
    reach: int | None = None
    disseminated_by: str = "cascade"
    accessibility: str = ""
    notes: str = ""

    def key(self) -> tuple:
        """What makes an act the same act, so a retried append never writes it twice.

        An offline act is the same act when its item, channel, audience and time
        match, whoever recorded it and whatever the notes say: re-importing a
        spreadsheet of sessions adds nothing.
        """
        if self.action == OFFLINE:
            return (OFFLINE, _neutralise(self.item_id), self.channel,
                    _neutralise(self.audience), self.occurred_at.isoformat(timespec="seconds"))
        return (self.item_id, self.item_version, self.item_type, self.action, self.channel,
                _neutralise(self.audience), "")


def neutralise(value) -> str:
    """One line of text that no spreadsheet will run as a formula."""
    return _neutralise(value)


def _neutralise(value) -> str:
    text = "" if value is None else str(value)
    risky = text.startswith(FORMULA_START)
    if CONTROL.search(text):
        text = CONTROL.sub(" ", text)
    if "\n" in text or "\r" in text:
        text = " ".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    # A formula after leading spaces (left by a folded line break) is still a formula.
    if risky or text.lstrip(" ").startswith(FORMULA_START):
        text = "'" + text
    return text


def row_hash(prev_hash: str, fields: list[str]) -> str:
    data = "\x1f".join([prev_hash, *fields]).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def _row_key(row: dict) -> tuple:
    """Act.key() of the act a row records."""
    if row["action"] == OFFLINE:
        return (OFFLINE, row["item_id"], row["channel"], row["audience"], row["occurred_at"])
    return (row["item_id"], row["item_version"], row["item_type"], row["action"], row["channel"],
            row["audience"], "")


def append(path: Path, acts: list[Act], db, now: datetime, timeout: float = 60) -> list[dict]:
    """Verify the chain, then append the acts not already written, under a lock, with fsync."""
    if not acts:
        return []
    lock = FileLock(str(path) + ".lock")
    try:
        with lock.acquire(timeout=timeout):
            return _append_locked(path, acts, db, now)
    except Timeout:
        raise BusyError(f"{path.name}: another process has held the log lock for "
                        f"{timeout:g} s; try again when it has finished") from None


def _append_locked(path: Path, acts: list[Act], db, now: datetime) -> list[dict]:
    rows, problem = read_and_verify(path, db)
    if problem:
        raise LogIntegrityError(f"{path.name}: {problem}; nothing was appended. To recover: "
                                f"{RECOVERY}")
    head_id = int((get_meta(db, "log_head") or "0:").split(":")[0])
    # Rows after the recorded head were written by a run that stopped before it
    # could record them; an act already among them is not written again.
    seen = {_row_key(r) for r in rows if int(r["entry_id"]) > head_id}
    # An offline act recorded once is never recorded again (imports are idempotent).
    seen.update(_row_key(r) for r in rows if r["action"] == OFFLINE)
    prev = rows[-1]["row_hash"] if rows else GENESIS
    next_id = len(rows) + 1
    recorded_at = now.isoformat(timespec="seconds")
    written, buffer = [], io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if not rows and (not path.exists() or path.stat().st_size == 0):
        writer.writerow(COLUMNS)
    for act in acts:
        if act.key() in seen:
            continue
        if act.action == OFFLINE:
            seen.add(act.key())
        fields = [str(next_id), recorded_at, act.occurred_at.isoformat(timespec="seconds"),
                  _neutralise(act.item_id), _neutralise(act.item_version), act.item_type,
                  act.action, act.channel, _neutralise(act.audience),
                  "" if act.reach is None else str(int(act.reach)),
                  _neutralise(act.disseminated_by), _neutralise(act.accessibility),
                  _neutralise(act.notes)]
        digest = row_hash(prev, fields)
        row = dict(zip(COLUMNS, [*fields, prev, digest]))
        writer.writerow(row.values())
        written.append(row)
        prev, next_id = digest, next_id + 1
    if buffer.tell():
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8", newline="") as handle:
            handle.write(buffer.getvalue())  # one write: the rows land together
            handle.flush()
            os.fsync(handle.fileno())
    last = written[-1] if written else (rows[-1] if rows else None)
    if last:
        set_meta(db, "log_head", f"{last['entry_id']}:{last['row_hash']}")
    return written


def read_rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return []
        if header != COLUMNS:
            raise LogIntegrityError(f"{path.name}: line 1: the header is not the log's columns "
                                    f"({','.join(COLUMNS)})")
        rows = []
        for values in reader:
            padded = values + [""] * (len(COLUMNS) - len(values))
            rows.append(dict(zip(COLUMNS, padded)) | {"_line": reader.line_num,
                                                      "_count": len(values)})
        return rows


def read_and_verify(path: Path, db=None) -> tuple[list[dict], str | None]:
    """All rows, and a description of the first break in the chain (None if intact)."""
    try:
        rows = read_rows(path)
    except LogIntegrityError as exc:
        return [], str(exc).split(": ", 1)[1]
    except (UnicodeDecodeError, csv.Error) as exc:
        return [], f"the file cannot be read as UTF-8 CSV ({exc})"
    prev = GENESIS
    for number, row in enumerate(rows, start=1):
        line = row["_line"]
        if row["_count"] != len(COLUMNS):
            return rows, f"line {line}: the row does not have {len(COLUMNS)} columns"
        fields = [row[c] for c in COLUMNS[:-2]]
        if row["row_hash"] != row_hash(row["prev_hash"], fields):
            return rows, f"line {line}: entry {row['entry_id']} was edited after it was written"
        if row["prev_hash"] != prev:
            return rows, (f"line {line}: entry {row['entry_id']} does not follow the row before "
                          "it: a row was deleted, inserted or moved here")
        if row["entry_id"] != str(number):
            return rows, (f"line {line}: entry {row['entry_id']} should be entry {number}: "
                          "a row was deleted or inserted before it")
        prev = row["row_hash"]
    if db is not None:
        head = get_meta(db, "log_head")
        if head:
            head_id, head_hash = head.split(":", 1)
            if int(head_id) > len(rows):
                return rows, (f"the log ends at entry {len(rows)} but entry {head_id} was "
                              "written: rows were removed from the end")
            if rows[int(head_id) - 1]["row_hash"] != head_hash:
                return rows, f"entry {head_id} is not the entry that was written"
    return rows, None
