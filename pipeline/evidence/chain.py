"""The dissemination log: one CSV row per act of dissemination, appended, chained.

Each row's `row_hash` is SHA-256 over the previous row's hash and this row's
other fields, so an edited, deleted, inserted or reordered row breaks the chain
at a row `verify` can name. The newest entry id and hash are also kept in the
state database, which catches a truncated tail. A keyed MAC per row and the head
published with the site anchor the chain where an editor of the CSV and the state
database cannot reach (`anchor.py`). Blank lines hold no row and are skipped.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


from pipeline.evidence import anchor
from pipeline.exceptions import FileProblem, LogIntegrityError, UsageError
from pipeline.state import exclusive, get_meta, log_head, open_state, set_meta

COLUMNS = ["entry_id", "recorded_at", "occurred_at", "item_id", "item_version", "item_type",
           "action", "channel", "audience", "reach", "disseminated_by", "accessibility",
           "notes", "prev_hash", "row_hash"]
GENESIS = "0" * 64
# Positions of the columns in a row's values, for code that reads big logs quickly.
RECORDED_AT, OCCURRED_AT, ITEM_ID, ITEM_VERSION, ITEM_TYPE = 1, 2, 3, 4, 5
ACTION, CHANNEL, AUDIENCE, REACH, DISSEMINATED_BY, NOTES = 6, 7, 8, 9, 10, 12
PREV_HASH, ROW_HASH = 13, 14
ITEM_TYPES = ("briefing", "procedure", "newsletter", "national-update")
ACTIONS = ("published", "updated", "withdrawn", "sent", "delivered-offline")
CHANNELS = ("website", "newsletter", "email-alert", "team-briefing", "training", "dsl-network",
            "social-media", "other")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# Control characters other than tab and line breaks have no place in a cell; the unit
# separator (\x1f) joins fields for hashing, so keeping it out makes the joining unambiguous.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
OFFLINE = "delivered-offline"
# Who a team return from the website's feedback form is recorded as: its notes name the
# return, so two teams' returns for the same item, sector, channel and day are two acts.
SELF_REPORTED = "self-reported"
WEBSITE_ACTIONS = ("published", "updated", "withdrawn")   # what the website stage logs
RECOVERY = ("restore dissemination_log.csv and dissemination_log.csv.mac from your backup, "
            "or keep the broken log as evidence and start a new one with `cascade log "
            "start-new`, then run again")
FROM_ENVIRONMENT = object()   # the default key: CASCADE_LOG_KEY, read when it is needed
HEAD = "log_head"             # state meta: "entries:row_hash" of the newest entry written


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
        spreadsheet of sessions adds nothing. A self-reported act is told apart by its
        notes too, which name the return it came from.
        """
        if self.action == OFFLINE:
            return (OFFLINE, _neutralise(self.item_id), self.channel,
                    _neutralise(self.audience), self.occurred_at.isoformat(timespec="seconds"),
                    _neutralise(self.notes) if self.disseminated_by == SELF_REPORTED else "")
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


def _record_key(values: list[str]) -> tuple:
    """Act.key() of the act a row records."""
    if values[ACTION] == OFFLINE:
        return (OFFLINE, values[ITEM_ID], values[CHANNEL], values[AUDIENCE], values[OCCURRED_AT],
                values[NOTES] if values[DISSEMINATED_BY] == SELF_REPORTED else "")
    return (values[ITEM_ID], values[ITEM_VERSION], values[ITEM_TYPE], values[ACTION],
            values[CHANNEL], values[AUDIENCE], "")


def append(path: Path, acts: list[Act], db, now: datetime, timeout: float = 60,
           key=FROM_ENVIRONMENT) -> list[dict]:
    """Verify the chain and the MACs, then append the acts not already written, under a
    lock, with fsync: each row's MAC first (with the key), then the rows."""
    if not acts:
        return []
    with _log_lock(path, timeout):
        return _append_locked(path, acts, db, now, _key(key))


def check_chain_appendable(path: Path, db, timeout: float = 60, key=FROM_ENVIRONMENT) -> None:
    """Raise what append() would raise about the chain and its MACs, writing nothing.

    A run calls this before it swaps in a new site, so a log that cannot take the
    run's rows stops the run rather than letting items go live unlogged.
    """
    with _log_lock(path, timeout):
        _verified_for_append(path, db, _key(key))


def _log_lock(path: Path, timeout: float):
    busy = (f"{path.name}: another process has held the log lock for {timeout:g} s; try "
            "again when it has finished")
    return exclusive(Path(str(path) + ".lock"), timeout, busy)


def _key(key) -> bytes | None:
    return anchor.log_key() if key is FROM_ENVIRONMENT else key


def _verified_for_append(path: Path, db, key: bytes | None):
    records, problem, state = _verify(path, db, key, strict=True)
    if problem is None and state.adopt and log_head(db) is None:
        problem = ("it cannot be keyed: the state database has no record of its newest "
                   "entry, so a log rewritten meanwhile could not be told apart")
    if problem:
        raise LogIntegrityError(f"{path.name}: {problem}; nothing was appended. To recover: "
                                f"{RECOVERY}")
    return records, state


def _append_locked(path: Path, acts: list[Act], db, now: datetime,
                   key: bytes | None) -> list[dict]:
    records, state = _verified_for_append(path, db, key)
    head_id = (log_head(db) or (0, ""))[0]
    # Rows after the recorded head were written by a run that stopped before it
    # could record them; an act already among them is not written again.
    seen = {_record_key(values) for _line, values in records[head_id:]}
    # An offline act recorded once is never recorded again (imports are idempotent).
    seen.update(_record_key(values) for _line, values in records if values[ACTION] == OFFLINE)
    # The website stage updates its ledger after the log and its head: a run killed in
    # between finds the same change again. It is the same act when the item's latest
    # website row already records that action on that version.
    website = {}
    if any(_on_website(act.channel, act.action) for act in acts):
        for _line, values in records:
            if _on_website(values[CHANNEL], values[ACTION]):
                website[values[ITEM_ID]] = (values[ACTION], values[ITEM_VERSION])
    prev = records[-1][1][ROW_HASH] if records else GENESIS
    next_id = len(records) + 1
    recorded_at = now.isoformat(timespec="seconds")
    written, buffer = [], io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if not records and (not path.exists() or path.stat().st_size == 0):
        writer.writerow(COLUMNS)
    elif _lacks_final_newline(path):  # saved by an editor that drops it
        buffer.write("\r\n")
    for act in acts:
        if act.key() in seen:
            continue
        item_id, version = _neutralise(act.item_id), _neutralise(act.item_version)
        if _on_website(act.channel, act.action):
            if website.get(item_id) == (act.action, version):
                continue
            website[item_id] = (act.action, version)
        if act.action == OFFLINE:
            seen.add(act.key())
        fields = [str(next_id), recorded_at, act.occurred_at.isoformat(timespec="seconds"),
                  item_id, version, act.item_type,
                  act.action, act.channel, _neutralise(act.audience),
                  "" if act.reach is None else str(int(act.reach)),
                  _neutralise(act.disseminated_by), _neutralise(act.accessibility),
                  _neutralise(act.notes)]
        digest = row_hash(prev, fields)
        row = dict(zip(COLUMNS, [*fields, prev, digest]))
        writer.writerow(row.values())
        written.append(row)
        prev, next_id = digest, next_id + 1
    # The MACs go first: a run killed before the rows land leaves MACs that the
    # next append drops, never rows without a MAC, which would look forged.
    vouched = [(state.adopt, records[-1][1][ROW_HASH])] if state.adopt else []
    vouched += [(int(row["entry_id"]), row["row_hash"]) for row in written]
    path.parent.mkdir(parents=True, exist_ok=True)
    anchor.write_macs(path, state, anchor.mac_lines(state, vouched))
    if written:
        with open(path, "a", encoding="utf-8", newline="") as handle:
            handle.write(buffer.getvalue())  # one write: the rows land together
            handle.flush()
            os.fsync(handle.fileno())
        set_meta(db, HEAD, f"{written[-1]['entry_id']}:{written[-1]['row_hash']}")
    elif records:
        set_meta(db, HEAD, f"{len(records)}:{records[-1][1][ROW_HASH]}")
    # Remember that the log is keyed, so a removed MAC file is noticed.
    first = state.macs.first if state.macs and state.macs.macs else \
        (vouched[0][0] if vouched and key is not None else None)
    if first and not get_meta(db, anchor.KEYED_FROM):
        set_meta(db, anchor.KEYED_FROM, str(first))
    return written


def check_appendable(path: Path, shown: str) -> None:
    """Fail before a pass changes anything if the log cannot be read and appended to."""
    if path.exists() and not path.is_file():
        raise FileProblem(f"{shown}: is a folder, not the dissemination log; nothing was "
                          "changed. Move it away (or set log_file), then run again")
    try:
        if path.exists():
            with open(path, "rb"), open(path, "ab"):   # opened, not written
                pass
    except OSError as exc:
        raise FileProblem(f"{shown}: the dissemination log cannot be read and appended to "
                          f"({exc.strerror or exc}); nothing was changed and nothing was "
                          "published. Make it readable and writable by the account that runs "
                          "Cascade, then run again") from None


def _lacks_final_newline(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            handle.seek(-1, os.SEEK_END)
            return handle.read(1) != b"\n"
    except (FileNotFoundError, OSError):
        return False


def _on_website(channel: str, action: str) -> bool:
    return channel == "website" and action in WEBSITE_ACTIONS


def read_records(path: Path) -> list[tuple[int, list[str]]]:
    """(line number, cell values) for every row after the header.

    Rows Cascade writes hold no quotes unless a cell needs them, so most lines are
    split directly; a line with quotes goes through the csv module, and a quoted
    cell spanning lines (only a hand edit makes one) sends the whole file there.
    """
    if not path.exists():
        return []
    text = path.read_bytes().decode("utf-8")
    if text.count("\r\n") == text.count("\n"):
        lines = text.split("\r\n")
    else:  # line endings changed by a tool (the hashes do not cover them)
        lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    if lines and lines[-1] == "":
        lines.pop()
    try:
        with no_cycle_collection():
            records = [(number, line.split(",") if '"' not in line else _split_quoted(line))
                       for number, line in enumerate(lines, start=1) if line]
    except csv.Error:
        return _read_slowly(path, text)
    return _without_header(path, records)


@contextmanager
def no_cycle_collection():
    """Pause the cycle collector while a big log is read or summed (neither makes
    cycles); otherwise it rescans the heap of rows again and again, doubling the time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _split_quoted(line: str) -> list[str]:
    return next(csv.reader([line], strict=True), [])


def _read_slowly(path: Path, text: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    records, previous = [], 0
    for values in reader:
        if values:  # a blank line holds no row
            records.append((previous + 1, values))  # the line the row starts on
        previous = reader.line_num
    return _without_header(path, records)


def _without_header(path: Path, records: list) -> list:
    if not records:
        return []
    if records[0][1] != COLUMNS:
        raise LogIntegrityError(f"{path.name}: line 1: the header is not the log's columns "
                                f"({','.join(COLUMNS)})")
    return records[1:]


def read_rows(path: Path) -> list[dict]:
    """Every row as a mapping of column to value (and its line, as `_line`)."""
    return [_as_row(line, values) for line, values in read_records(path)]


def _as_row(line: int, values: list[str]) -> dict:
    padded = values + [""] * (len(COLUMNS) - len(values))
    row = dict(zip(COLUMNS, padded))
    row["_line"], row["_count"] = line, len(values)
    return row


def read_and_verify(path: Path, db=None) -> tuple[list[dict], str | None]:
    """All rows, and a description of the first break in the chain (None if intact)."""
    records, problem = read_and_verify_records(path, db)
    return [_as_row(line, values) for line, values in records], problem


def read_and_verify_records(path: Path, db=None, key=FROM_ENVIRONMENT,
                            strict: bool = False) -> tuple[list, str | None]:
    """read_records() and the first break in the chain or its MACs; the fast path for big
    logs. The MACs are checked when the key is set; without it a keyed log raises
    ConfigError when `strict`, and is otherwise checked by its chain alone."""
    records, problem, _state = _verify(path, db, _key(key), strict)
    return records, problem


def _verify(path: Path, db, key: bytes | None, strict: bool):
    try:
        records = read_records(path)
    except LogIntegrityError as exc:
        return [], str(exc).split(": ", 1)[1], anchor.Anchor(key, None)
    except UnicodeDecodeError as exc:
        line = exc.object[:exc.start].count(b"\n") + 1
        return [], (f"line {line}: the file is not UTF-8 (byte 0x{exc.object[exc.start]:02x}): "
                    "it was saved by another program"), anchor.Anchor(key, None)
    except csv.Error as exc:
        return [], f"the file cannot be read as CSV ({exc})", anchor.Anchor(key, None)
    with no_cycle_collection():
        problem = check_chain(records, db)
    if problem:
        return records, problem, anchor.Anchor(key, None)
    head = log_head(db) if db is not None else None
    head_id = head[0] if head else None
    keyed_from = get_meta(db, anchor.KEYED_FROM) if db is not None else None
    if head_id is None and db is not None and not keyed_from:
        head_id = 0   # nothing recorded yet: a first write may have been interrupted
    with no_cycle_collection():     # a big list beside the rows: see no_cycle_collection
        hashes = [(line, values[ROW_HASH]) for line, values in records]
        state, problem = anchor.check(path, hashes, key, keyed_from, head_id, strict)
    return records, problem, state


def check_chain(records: list, db=None) -> str | None:
    prev, width, sha256 = GENESIS, len(COLUMNS), hashlib.sha256
    for number, (line, values) in enumerate(records, start=1):
        if len(values) != width:
            return f"line {line}: the row does not have {width} columns"
        # row_hash(), inlined: this loop runs once per row of the whole log.
        data = values[PREV_HASH] + "\x1f" + "\x1f".join(values[:PREV_HASH])
        if values[ROW_HASH] != sha256(data.encode("utf-8")).hexdigest():
            if values[0] == str(number):
                return (f"line {line}: entry {number} was edited after it was written "
                        "(its contents no longer match its row_hash)")
            return (f"line {line}: this row (entry {values[0] or '?'}) is not part of the "
                    "chain: it was inserted, or edited after it was written")
        if values[PREV_HASH] != prev:
            return _out_of_chain(records, number)
        if values[0] != str(number):
            return (f"line {line}: entry {values[0]} should be entry {number}: "
                    "a row was deleted or inserted before it")
        prev = values[ROW_HASH]
    head = log_head(db) if db is not None else None
    if head:
        head_id, head_hash = head
        if head_id > len(records):
            return (f"the log ends at entry {len(records)} but entry {head_id} was "
                    "written: rows were removed from the end")
        if head_id and records[head_id - 1][1][ROW_HASH] != head_hash:
            return f"entry {head_id} is not the entry that was written"
    return None


def _out_of_chain(records: list, number: int) -> str:
    """Say why the row at position `number` does not follow the one before it."""
    line, values = records[number - 1]
    entry = values[0]
    follow = f"line {line}: entry {entry} does not follow the row before it"
    claimed = int(entry) if entry.isdigit() else number
    if claimed > number:
        if any(v[0] == str(number) for _line, v in records[number:]):
            return f"{follow}: rows were moved (entry {number} comes later in the file)"
        missing = f"entry {number} was" if claimed == number + 1 else \
            f"entries {number} to {claimed - 1} were"
        return f"{follow}: {missing} deleted"
    if number == 1:
        return f"{follow}: it should start the chain, so rows before it were deleted"
    before = f"line {records[number - 2][0]}"
    if claimed < number:
        return f"{follow} ({before}): a row was inserted or copied here"
    return f"{follow} ({before}): that row was inserted, or replaced"


def verify(config, against: str | None = None) -> str:
    """Check the whole chain, its MACs and (optionally) a published head.

    Returns a one-line summary; raises LogIntegrityError naming the first bad row,
    ConfigError for a keyed log without its key, UsageError for a head that cannot be read.
    """
    path, key = config.log_file, anchor.log_key()
    head = anchor.load_head(against) if against else None
    if config.state_db.exists():
        with open_state(config.state_db) as db:
            records, problem, state = _verify(path, db, key, strict=True)
        notes = []
    else:
        records, problem, state = _verify(path, None, key, strict=True)
        notes = ["no state database, so a cut-off end cannot be ruled out"]
    if problem is None and head is not None:
        hashes = [(line, values[ROW_HASH]) for line, values in records]
        problem = anchor.compare_head(hashes, head, against)
        if problem is None and head.get("keyed") is True and state.macs is None:
            problem = (f"{against} says the log is keyed, but "
                       f"{anchor.mac_path(path).name} is missing: it was removed")
    if problem:
        raise LogIntegrityError(f"{path.name}: chain broken: {problem}. To recover: {RECOVERY}")
    if key is None:
        notes.append(f"not keyed ({anchor.KEY_VARIABLE} is not set), so a row added by hand "
                     "with a recomputed hash cannot be ruled out")
    elif state.adopt:
        notes.append("not keyed yet: the next run or `cascade log add` keys it")
    if head is not None:
        notes.append(f"holds entry {head['entries']} as published in {against}")
    tail = "".join(f"; {note}" for note in notes)
    if not records:
        return f"{path.name}: no entries yet{tail}"
    last = records[-1][1]
    when = datetime.fromisoformat(last[RECORDED_AT]).astimezone(config.tz)
    count = len(records)
    keyed = " and every entry vouched for by its MAC" if key is not None and not state.adopt \
        else ""
    return (f"{path.name}: {count:,} entr{'y' if count == 1 else 'ies'}, chain intact{keyed} "
            f"(last entry {last[0]}, {when:%Y-%m-%d}){tail}")


def start_new(config, now: datetime) -> str:
    """Move a broken log (and its MAC file) aside as evidence, so the next append starts a
    new chain at entry 1. Refused when the log is intact. Returns what was done."""
    path = config.log_file
    with _log_lock(path, config["lock_timeout_seconds"]), \
            open_state(config.state_db) as db:
        records, problem, _state = _verify(path, db, anchor.log_key(), strict=True)
        if problem is None:
            raise UsageError(f"{path.name}: the log is intact (cascade log verify); there is "
                             "nothing to start again")
        stamp = f"{now.astimezone(config.tz):%Y%m%dT%H%M%S}"
        aside = path.with_name(f"{path.stem}.broken-{stamp}{path.suffix}")
        moved = []
        for source, target in ((path, aside), (anchor.mac_path(path), anchor.mac_path(aside))):
            if source.exists():
                if target.exists():
                    raise UsageError(f"{target.name} already exists; try again in a second")
                source.rename(target)
                moved.append(target.name)
        old_head = get_meta(db, HEAD) or "0:"
        db.execute("DELETE FROM meta WHERE key IN (?, ?)", (HEAD, anchor.KEYED_FROM))
        set_meta(db, "log_started_again", f"{now.isoformat(timespec='seconds')} after "
                 f"entry {old_head.split(':')[0]}; broken log kept as {aside.name}")
    kept = f"kept {' and '.join(moved)} as evidence" if moved else \
        f"{path.name} was already gone"
    return (f"{path.name}: {problem}. Started a new log: {kept}; the next run or "
            "`cascade log add` writes entry 1.")
