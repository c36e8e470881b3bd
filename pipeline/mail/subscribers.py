"""Subscribers: who gets which alerts, how often, and whether they still want them.

Importing is idempotent: an address already on the list is left as it is (its
own preferences win over an old spreadsheet), and an address that unsubscribed
or was suppressed is never signed up again by an import. Bad rows are reported
by line and skipped; the good rows still go in, in one transaction.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.settings.config import Config
from pipeline.settings.kinds import EMAIL
from pipeline.exceptions import CascadeError
from pipeline.findings import Finding
from pipeline.mail.schema import atomic, join, split
from pipeline.state import open_state

FREQUENCIES = ("immediate", "weekly", "newsletter-only")
STATUSES = ("active", "unsubscribed", "suppressed")
COLUMNS = ("email", "name", "audiences", "themes", "frequency")
REQUIRED = ("email", "audiences")
MAX_NAME = 100
MAX_FILE_BYTES = 20_000_000


@dataclass(frozen=True)
class Subscriber:
    id: int
    email: str
    name: str
    audiences: tuple[str, ...]
    themes: tuple[str, ...]
    frequency: str
    status: str

    @classmethod
    def from_row(cls, row) -> "Subscriber":
        return cls(row["id"], row["email"], row["name"], tuple(split(row["audiences"])),
                   tuple(split(row["themes"])), row["frequency"], row["status"])

    def wants(self, audiences, themes, everyone: str = "") -> bool:
        """Does an item for these audiences and themes match this subscriber's topics?
        An item for `everyone` (the everyone_audience setting) matches every subscriber."""
        audience_match = (everyone and everyone in audiences) or \
            bool(set(audiences) & set(self.audiences))
        theme_match = not self.themes or bool(set(themes) & set(self.themes))
        return audience_match and theme_match


@dataclass
class ImportReport:
    added: int = 0
    unchanged: int = 0
    not_resubscribed: int = 0
    problems: list[Finding] = field(default_factory=list)


def active(db) -> list[Subscriber]:
    rows = db.execute("SELECT * FROM subscribers WHERE status = 'active' ORDER BY id")
    return [Subscriber.from_row(r) for r in rows]


def get(db, subscriber_id: int) -> Subscriber | None:
    row = db.execute("SELECT * FROM subscribers WHERE id = ?", (subscriber_id,)).fetchone()
    return Subscriber.from_row(row) if row else None


def subscribe(db, email: str, name: str, audiences, themes, frequency: str, now: datetime,
              note: str) -> int:
    """Make an address an active subscriber with these choices (a confirmed sign-up): a new
    one, or the address's entry made active again, whatever stopped it. Returns its id.
    The caller counts the event and holds the transaction."""
    stamp = now.isoformat(timespec="seconds")
    row = db.execute("SELECT id FROM subscribers WHERE email = ?", (email,)).fetchone()
    if row is None:
        return db.execute("INSERT INTO subscribers(email, name, audiences, themes, frequency, "
                          "status, status_note, created_at, changed_at) VALUES (?, ?, ?, ?, ?, "
                          "'active', ?, ?, ?)", (email, name, join(audiences), join(themes),
                                                 frequency, note, stamp, stamp)).lastrowid
    db.execute("UPDATE subscribers SET name = ?, audiences = ?, themes = ?, frequency = ?, "
               "status = 'active', status_note = ?, soft_bounces = 0, changed_at = ? "
               "WHERE id = ?", (name, join(audiences), join(themes), frequency, note, stamp,
                                row["id"]))
    return row["id"]


def import_csv(config: Config, path: Path, now: datetime) -> ImportReport:
    """Add the valid rows of a subscribers CSV; report the others by line."""
    rows, rel = _read_rows(path, config)
    report, seen, valid = ImportReport(), {}, []
    for line, row in rows:
        record = _validate_row(row, line, rel, config, report)
        if record is None:
            continue
        key = record["email"].lower()
        if key in seen:
            report.problems.append(Finding(rel, line, "email-duplicate",
                                           f"{record['email']} is also on line {seen[key]}",
                                           f"keep one row per address (line {seen[key]} was used)"))
            continue
        seen[key] = line
        valid.append(record)
    stamp = now.isoformat(timespec="seconds")
    with open_state(config.state_db) as db:
        with atomic(db):
            for record in valid:
                existing = db.execute("SELECT status FROM subscribers WHERE email = ?",
                                      (record["email"],)).fetchone()
                if existing is None:
                    db.execute("INSERT INTO subscribers(email, name, audiences, themes, frequency,"
                               " status, created_at, changed_at) VALUES (?, ?, ?, ?, ?, 'active',"
                               " ?, ?)", (record["email"], record["name"],
                                         join(record["audiences"]), join(record["themes"]),
                                         record["frequency"], stamp, stamp))
                    report.added += 1
                elif existing["status"] == "active":
                    report.unchanged += 1
                else:
                    report.not_resubscribed += 1
            if report.added:
                count_event(db, "imported", now, report.added)
    return report


def _read_rows(path: Path, config: Config) -> tuple[list[tuple[int, dict]], str]:
    rel = config.shown(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CascadeError(f"{rel}: cannot read the file ({exc.strerror})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise CascadeError(f"{rel}: the file is {len(raw):,} bytes; split it into files under "
                          f"{MAX_FILE_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8-sig")  # spreadsheets often add a byte order mark
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CascadeError(f"{rel}:{line}: encoding-invalid: the file is not UTF-8 - fix: in "
                          "your spreadsheet, save as 'CSV UTF-8'") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    unknown = [h for h in header if h not in COLUMNS]
    missing = [h for h in REQUIRED if h not in header]
    if not header or unknown or missing:
        detail = []
        for name in unknown:
            close = difflib.get_close_matches(name, COLUMNS, n=1)
            detail.append(f"unknown column '{name}'" + (f" (did you mean '{close[0]}'?)"
                                                         if close else ""))
        detail += [f"column '{name}' is missing" for name in missing]
        raise CascadeError(f"{rel}:1: header-invalid: {'; '.join(detail) or 'the file is empty'}"
                          f" - fix: the first line must name the columns: {','.join(COLUMNS)} "
                          "(name, themes and frequency may be left out)")
    reader.fieldnames = header
    rows = []
    try:
        for row in reader:
            if None in row:  # more cells than columns
                row["_extra"] = row.pop(None)
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise CascadeError(f"{rel}:{reader.line_num}: csv-invalid: {exc} - fix: check the "
                          "quotes on that line") from None
    return rows, rel


def _validate_row(row: dict, line: int, rel: str, config: Config, report) -> dict | None:
    def problem(rule, message, fix):
        report.problems.append(Finding(rel, line, rule, message, fix))

    values = {k: (row.get(k) or "").strip() for k in COLUMNS}
    if not any(values.values()) and not row.get("_extra"):
        return None  # a blank line
    before = len(report.problems)
    if row.get("_extra"):
        problem("row-too-long", f"the row has more cells than the {len(row) - 1} columns",
                "remove the extra cells, or put text containing commas in double quotes")
    email = values["email"]
    if not EMAIL.match(email) or len(email) > 254:
        problem("email-invalid", f"{email!r} is not an email address",
                "write one address such as name@example.org")
    name = " ".join(values["name"].split())
    if len(name) > MAX_NAME or any(ord(c) < 32 for c in values["name"] if c not in "\t"):
        problem("name-invalid", f"the name is longer than {MAX_NAME} characters or has "
                "control characters", "shorten the name or leave it empty")
    audiences = _slugs(values["audiences"])
    themes = _slugs(values["themes"])
    if not audiences:
        problem("audiences-missing", "no audience is given",
                f"choose one or more of: {', '.join(config['audiences'])} (separate with ;)")
    for key, chosen, vocabulary in (("audiences", audiences, config["audiences"]),
                                    ("themes", themes, config["themes"])):
        for value in chosen:
            if value not in vocabulary:
                close = difflib.get_close_matches(value, vocabulary, n=1)
                problem("vocabulary-unknown", f"{key} value {value!r} is not in the "
                        "configured vocabulary", f"did you mean '{close[0]}'?" if close
                        else f"choose from: {', '.join(vocabulary)}")
    frequency = (values["frequency"] or "immediate").strip().lower()   # "Weekly" is weekly
    if frequency not in FREQUENCIES:
        problem("frequency-invalid", f"frequency {frequency!r} is not one of "
                f"{', '.join(FREQUENCIES)}", "leave it empty for immediate alerts")
    if len(report.problems) > before:
        return None
    return {"email": email, "name": name, "audiences": audiences, "themes": themes,
            "frequency": frequency}


def _slugs(text: str) -> list[str]:
    return list(dict.fromkeys(v.strip().lower() for v in re.split(r"[;,]", text) if v.strip()))


def listing(config: Config, status: str | None = None) -> list[Subscriber]:
    with open_state(config.state_db) as db:
        sql, args = "SELECT * FROM subscribers", ()
        if status:
            sql, args = sql + " WHERE status = ?", (status,)
        return [Subscriber.from_row(r) for r in db.execute(sql + " ORDER BY email", args)]


def remove(config: Config, email: str, now: datetime) -> Subscriber:
    """Erase a subscriber, their delivery history and their answers to follow-up
    questions (the right to erasure)."""
    with open_state(config.state_db) as db:
        row = db.execute("SELECT * FROM subscribers WHERE email = ?", (email.strip(),)).fetchone()
        if row is None:
            raise CascadeError(f"{email} is not on the subscriber list; see: cascade "
                               "subscribers list")
        erase(db, row["id"], now)
        return Subscriber.from_row(row)


def erase(db, subscriber_id: int, now: datetime, count: bool = True) -> None:
    """Delete a subscriber, their delivery history, any change of address waiting and
    their answers to follow-up questions;
    only the day's count of erasures remains (`count`: False when the record goes for
    another reason than a request)."""
    with atomic(db):
        db.execute("DELETE FROM deliveries WHERE subscriber_id = ?", (subscriber_id,))
        db.execute("DELETE FROM digest_queue WHERE subscriber_id = ?", (subscriber_id,))
        db.execute("DELETE FROM signups WHERE subscriber_id = ?", (subscriber_id,))
        db.execute("DELETE FROM followup_answers WHERE subscriber_id = ?", (subscriber_id,))
        db.execute("DELETE FROM subscribers WHERE id = ?", (subscriber_id,))
        if count:
            count_event(db, "erased", now)


def set_status(db, subscriber_id: int, status: str, note: str, now: datetime) -> None:
    """Unsubscribe or suppress: nothing still waiting is sent to them afterwards."""
    with atomic(db):
        db.execute("UPDATE subscribers SET status = ?, status_note = ?, changed_at = ? "
                   "WHERE id = ?", (status, note, now.isoformat(timespec="seconds"),
                                    subscriber_id))
        db.execute("UPDATE deliveries SET status = 'cancelled', error = ?, updated_at = ? "
                   "WHERE subscriber_id = ? AND status = 'pending'",
                   (status, now.isoformat(timespec="seconds"), subscriber_id))
        db.execute("DELETE FROM digest_queue WHERE subscriber_id = ?", (subscriber_id,))
        count_event(db, status, now)


def count_event(db, event: str, now: datetime, by: int = 1) -> None:
    """Add to the day's subscriber figures (counts only: never who)."""
    db.execute("INSERT INTO subscriber_figures(day, event, count) VALUES (?, ?, ?) "
               "ON CONFLICT(day, event) DO UPDATE SET count = count + excluded.count",
               (now.date().isoformat(), event, by))


def set_preferences(db, subscriber_id: int, audiences, themes, frequency, now) -> None:
    db.execute("UPDATE subscribers SET audiences = ?, themes = ?, frequency = ?, changed_at = ? "
               "WHERE id = ?", (join(audiences), join(themes), frequency,
                                now.isoformat(timespec="seconds"), subscriber_id))
