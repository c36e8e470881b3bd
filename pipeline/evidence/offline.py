"""Offline dissemination: team briefings, training, DSL network meetings, social media posts.

`cascade log add` records one act and `cascade log import` many, from a CSV that
officers keep. Both check every value against the same vocabularies as the rest
of Cascade before anything is written; the log itself is appended by
`chain.append`, which skips an act already recorded (same item, channel,
audience and time), so importing the same file twice adds nothing.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.evidence import chain as dlog
from pipeline.evidence import reach
from pipeline.settings.config import Config
from pipeline.content.load import YEARS, load_content, parse_when
from pipeline.exceptions import LogIntegrityError, UsageError
from pipeline.findings import Finding
from pipeline.state import open_state

IMPORT_COLUMNS = ["item_id", "channel", "audience", "reach", "disseminated_by",
                  "occurred_at", "notes"]
OPTIONAL_COLUMNS = {"notes", "reach"}
EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
ASCII_DIGITS = re.compile(r"[0-9]+")
# More people than live in the UK is a typing mistake (and a 4,300-digit number is
# more than int() will read).
MAX_REACH = 100_000_000


@dataclass
class Vocabulary:
    """What an entry is checked against: the content, the log so far, the settings."""

    config: Config
    now: datetime
    kinds: dict                    # item id -> briefing | procedure | newsletter | ...
    versions: dict = field(default_factory=dict)  # item id -> [(occurred_at, version)]

    @classmethod
    def load(cls, config: Config, now: datetime) -> "Vocabulary":
        kinds = {}
        versions: dict = {}
        # A broken log is reported when the act is appended (with how to recover),
        # which checks the chain under the log's lock; here the rows are enough.
        try:
            records = dlog.read_records(config.log_file)
        except (LogIntegrityError, UnicodeDecodeError, csv.Error):
            records = []
        for _line, values in records:
            if len(values) != len(dlog.COLUMNS):
                continue
            item_id = values[dlog.ITEM_ID]
            kinds.setdefault(item_id, values[dlog.ITEM_TYPE])
            if values[dlog.CHANNEL] == "newsletter":   # an issue is named in its rows' batch
                found = reach.BATCH_NOTE.search(values[dlog.NOTES])
                if found and found.group(1).startswith("newsletter:"):
                    kinds.setdefault(found.group(1).split(":", 1)[1], "newsletter")
            if values[dlog.CHANNEL] == "website" and \
                    values[dlog.ACTION] in ("published", "updated"):
                versions.setdefault(item_id, []).append(
                    (values[dlog.OCCURRED_AT], values[dlog.ITEM_VERSION]))
        for item in load_content(config):
            if isinstance(item.id, str) and item.id:
                kinds[item.id] = item.kind
        return cls(config, now, kinds, versions)

    def version_at(self, item_id: str, when: datetime) -> str:
        """The version on the website when the act happened (what was talked through)."""
        version = ""
        for stamp, candidate in self.versions.get(item_id, []):
            try:
                if datetime.fromisoformat(stamp) <= when:
                    version = candidate
            except (ValueError, TypeError):  # a hand-edited time; `log verify` reports it
                continue
        return version


def check_entry(values: dict, vocab: Vocabulary, item_type: str | None = None):
    """One entry's values (as typed) -> (Act or None, [(field, rule, message, fix)])."""
    config, problems = vocab.config, []

    def problem(name, rule, message, fix):
        problems.append((name, rule, message, fix))

    item_id = (values.get("item_id") or "").strip()
    known = vocab.kinds.get(item_id)
    if not item_id:
        problem("item_id", "value-missing", "the item is missing",
                "give the id of a briefing, procedure change or newsletter issue")
    elif known is None:
        problem("item_id", "item-unknown", f"item {item_id!r} is not a content id or a "
                "newsletter issue in the log", "use the id from the item's front matter "
                "(e.g. safer-sleep-sudi); `cascade check` lists them")
    if item_type and known and item_type != known:
        problem("item_type", "value-invalid", f"item {item_id!r} is a {known}, not a "
                f"{item_type}", f"leave out the item type, or give {known}")
    channel = (values.get("channel") or "").strip()
    if channel not in dlog.CHANNELS:
        problem("channel", "value-invalid", f"channel {channel!r} is not one of the log's "
                "channels", f"use one of: {', '.join(dlog.CHANNELS)}")
    audiences = [a.strip() for a in re.split(r"[;,]", values.get("audience") or "")
                 if a.strip()]
    unknown = [a for a in audiences if a not in config["audiences"]]
    if not audiences or unknown:
        what = f"audience {', '.join(map(repr, unknown))} is not in the configured audiences" \
            if unknown else "the audience is missing"
        problem("audience", "vocabulary-unknown" if unknown else "value-missing", what,
                f"use one or more of: {', '.join(config['audiences'])} (separated by commas)")
    reach = (values.get("reach") or "").strip().replace(",", "")
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    if reach and not ASCII_DIGITS.fullmatch(reach):
        problem("reach", "value-invalid", f"reach {_shown(values.get('reach'))} is not a whole "
                "number of people", "give the number of people reached, e.g. 25, or leave it "
                "empty if unknown")
    elif reach and (len(reach) > len(str(MAX_REACH)) or int(reach) > MAX_REACH):
        problem("reach", "value-invalid", f"reach {_shown(values.get('reach'))} is more than "
                f"{MAX_REACH:,} people", "check the number: give the people this act reached")
    by = " ".join((values.get("disseminated_by") or "").split())
    if not by:
        problem("disseminated_by", "value-missing", "who did it is missing",
                "give a role or team, e.g. 'Learning and Improvement Officer'")
    for name in ("disseminated_by", "notes"):
        if EMAIL.search(values.get(name) or ""):
            problem(name, "personal-data", "this contains an email address, and the log "
                    "holds no personal data", "give a role or team instead of a person's details")
    when = _when(values.get("occurred_at"), vocab, problem)
    if problems:
        return None, problems
    ordered = [a for a in config["audiences"] if a in audiences]  # one spelling per act
    act = dlog.Act(occurred_at=when, item_id=item_id,
                   item_version=vocab.version_at(item_id, when), item_type=known,
                   action=dlog.OFFLINE, channel=channel, audience=";".join(ordered),
                   reach=int(reach) if reach else None, disseminated_by=by,
                   accessibility="", notes=" ".join((values.get("notes") or "").split()))
    return act, []


def _shown(value) -> str:
    """A value as typed, quoted, cut short so a pasted novel does not fill the screen."""
    text = repr(value or "")
    return text if len(text) <= 40 else text[:30] + f"... ({len(str(value)):,} characters)"


def _when(text, vocab: Vocabulary, problem) -> datetime | None:
    text = (text or "").strip()
    # parse_when refuses years outside YEARS, which is also what keeps year 1 with a
    # positive offset (or 9999 with a negative one) from overflowing when converted.
    when = parse_when(text, vocab.config.tz) if text else None
    if not text:
        problem("occurred_at", "value-missing", "when it happened is missing",
                "give the date, e.g. 2026-11-20, or date and time, e.g. 2026-11-20T14:00")
    elif when is None and _is_iso(text):
        problem("occurred_at", "date-invalid", f"{_shown(text)} is not a plausible date for a "
                f"session (outside {YEARS[0]} to {YEARS[1]})", "check the year: write the date "
                "the session happened, e.g. 2026-11-20")
    elif when is None:
        problem("occurred_at", "date-invalid", f"{_shown(text)} is not an ISO 8601 date",
                "write 2026-11-20, or 2026-11-20T14:00 for a time (Europe/London)")
    elif when > vocab.now:
        problem("occurred_at", "date-future", f"{text} is in the future",
                "record a session after it has happened")
    else:
        return when.astimezone(vocab.config.tz).replace(microsecond=0)
    return None


def _is_iso(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def add_entry(config: Config, values: dict, now: datetime, item_type: str | None = None,
              option_names: dict | None = None) -> list[dict]:
    """Record one offline act; UsageError (nothing written) if any value is wrong.

    Returns the rows written: none when the same act is already in the log.
    """
    vocab = Vocabulary.load(config, now)
    act, problems = check_entry(values, vocab, item_type)
    if problems:
        names = option_names or {}
        lines = [f"{names.get(f, f)}: {rule}: {message} - fix: {fix}"
                 for f, rule, message, fix in problems]
        raise UsageError("nothing was recorded:\n  " + "\n  ".join(lines))
    with open_state(config.state_db) as db:
        return dlog.append(config.log_file, [act], db, now,
                           timeout=config["lock_timeout_seconds"])


@dataclass
class ImportResult:
    written: list
    duplicates: int
    findings: list           # one Finding per invalid row, by line


def import_entries(config: Config, path: Path, now: datetime) -> ImportResult:
    """Append every valid row of an offline-sessions CSV; report invalid rows by line."""
    rows = _read_import(path)
    vocab = Vocabulary.load(config, now)
    acts, findings = [], []
    for line, values in rows:
        if None in values:
            findings.append(Finding(path.name, line, "row-too-long", "the row has more cells "
                                    "than the header; row skipped", "remove the extra cells, or "
                                    "put text containing commas in double quotes"))
            continue
        act, problems = check_entry(values, vocab)
        for name, rule, message, fix in problems:
            findings.append(Finding(path.name, line, rule, f"{name}: {message}; row skipped",
                                    fix))
        if act is not None:
            acts.append(act)
    written = []
    if acts:
        with open_state(config.state_db) as db:
            written = dlog.append(config.log_file, acts, db, now,
                                  timeout=config["lock_timeout_seconds"])
    return ImportResult(written, len(acts) - len(written), findings)


def _read_import(path: Path) -> list[tuple[int, dict]]:
    """(line, values by column) for each non-blank row; a bad file is a usage error."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: cannot read the file ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")  # spreadsheets often save UTF-8 with a BOM
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UsageError(f"{path.name}:{line}: encoding-invalid: the file is not UTF-8 "
                                 "- fix: save it as 'CSV UTF-8' in your spreadsheet") from None
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = [c for c in IMPORT_COLUMNS if c not in header and c not in OPTIONAL_COLUMNS]
        extra = [c for c in header if c not in IMPORT_COLUMNS]
        # A repeated column would silently keep only its last cell.
        repeated = sorted({c for c in header if header.count(c) > 1}, key=header.index)
        if missing or extra or repeated or not header:
            detail = "; ".join(part for part in (
                f"missing {', '.join(missing)}" if missing else "",
                f"unknown {', '.join(map(repr, extra))}" if extra else "",
                f"repeated {', '.join(map(repr, repeated))}" if repeated else "") if part)
            raise UsageError(f"{path.name}:1: header-invalid: the header row is wrong "
                                     f"({detail or 'no header'}) - fix: the columns are "
                                     f"{','.join(IMPORT_COLUMNS)}")
        reader.fieldnames = header
        return [(reader.line_num, row) for row in reader
                if any(isinstance(v, list) or (v or "").strip() for v in row.values())]
    except csv.Error as exc:
        raise UsageError(f"{path.name}:{reader.line_num}: csv-invalid: {exc} - fix: "
                                 "check the quotes on that line") from None
