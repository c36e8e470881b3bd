"""Feedback from the forms at the foot of each page: the queue, and accepted team returns.

Returns wait in the state database (table `feedback`) as `pending` until the officer
accepts or rejects them. An accepted team return ("I shared this with my team")
becomes a `delivered-offline` row in the log, checked and appended by the same code
as `cascade log add`, marked `self-reported`. An accepted "useful" return writes no
log row: it is feedback, not dissemination. A rejected return never reaches the log.

Accepting is safe to repeat: the log row names its return ("feedback 12"), so a run
killed between the log append and the state update finds the row on the next run
and records it instead of writing a second one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from pipeline.evidence import chain as dlog
from pipeline.evidence import offline
from pipeline.exceptions import UsageError
from pipeline.settings.config import Config
from pipeline.signing import sign
from pipeline.state import open_state

KINDS = ("useful", "shared")
ANSWERS = ("yes", "no")
STATUSES = ("pending", "accepted", "rejected")
# The team return's format, its label, and the log channel it is recorded under.
FORMATS = {"team-meeting": ("team meeting", "team-briefing"),
           "supervision": ("supervision", "team-briefing"),
           "training": ("training", "training"),
           "other": ("other", "other")}
SELF_REPORTED = dlog.SELF_REPORTED
MAX_COMMENT = 500
MAX_PEOPLE = 500
# Characters a terminal could act on: C0/C1 controls and the bidirectional overrides.
UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def format_choices() -> list[tuple[str, str]]:
    """The formats as a form offers them: (value, label)."""
    return [(slug, names[0][:1].upper() + names[0][1:]) for slug, names in FORMATS.items()]


def page_token(key: bytes, item_id: str) -> str:
    """The token a page's feedback forms are built with: an HMAC of the item's id, so a
    post names the page it came from and another site cannot make one."""
    return sign(key, "page", item_id)


def plain_comment(text: str) -> str:
    """A comment as stored: line breaks kept, other control characters out, trimmed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc").strip()


def terminal_safe(text: str) -> str:
    """Text for one line of a terminal: no control characters, no line breaks."""
    return " ".join(UNSAFE.sub(" ", text).split())


def record(db, item_id: str, version: str, kind: str, now: datetime, **answer) -> int:
    """Put one return in the queue as pending; its id."""
    columns = ("useful", "comment", "shared_on", "sector", "people", "format")
    unknown = set(answer) - set(columns)
    if kind not in KINDS or unknown:
        raise ValueError(f"not a feedback return: {kind}, {sorted(unknown)}")
    values = [answer.get(c, 0 if c == "people" else "") for c in columns]
    cursor = db.execute(
        "INSERT INTO feedback(item_id, item_version, kind, useful, comment, shared_on, sector, "
        "people, format, status, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
        (item_id, version, kind, *values, now.isoformat(timespec="seconds")))
    return cursor.lastrowid


def returns(db, status: str | None = "pending") -> list:
    """The returns with this status (None: all), oldest first."""
    if status is None:
        return db.execute("SELECT * FROM feedback ORDER BY id").fetchall()
    return db.execute("SELECT * FROM feedback WHERE status = ? ORDER BY id",
                      (status,)).fetchall()


def answer_text(row) -> str:
    """What a return says, on one line, safe to print."""
    if row["kind"] == "useful":
        comment = terminal_safe(row["comment"])
        return f"useful: {row['useful']}" + (f"; will do differently: {comment}" if comment
                                            else "")
    label = FORMATS.get(row["format"], (row["format"],))[0]
    return terminal_safe(f"shared on {row['shared_on']}, {row['sector']}, "
                         f"{row['people']} people, {label}")


def return_notes(row) -> str:
    """The log row's notes: what it is and which return it came from (no names)."""
    label = FORMATS[row["format"]][0]
    return f"Self-reported team return, feedback {row['id']} ({label})"


@dataclass
class Decision:
    """What happened to one id: `done` or not, and what to say."""

    feedback_id: str
    done: bool
    message: str
    exit_code: int = 0      # when not done: 2 unknown or decided, 1 refused by the log's checks


def decide(config: Config, ids: list[str], decision: str, now: datetime) -> list[Decision]:
    """Accept or reject each return in `ids`, each on its own; one Decision per id."""
    if decision not in ("accepted", "rejected"):
        raise ValueError(decision)
    results = []
    with open_state(config.state_db) as db:
        vocab, logged = None, None
        for raw in ids:
            row = _pending(db, raw, results)
            if row is None:
                continue
            entry = None
            if decision == "accepted" and row["kind"] == "shared":
                if vocab is None:
                    vocab = offline.Vocabulary.load(config, now)
                    logged = _logged_returns(config)
                entry = _log_return(config, db, row, vocab, logged, now, results)
                if entry is None:
                    continue
            changed = db.execute(
                "UPDATE feedback SET status = ?, decided_at = ?, entry_id = ? "
                "WHERE id = ? AND status = 'pending'",
                (decision, now.isoformat(timespec="seconds"), entry, row["id"])).rowcount
            if not changed:   # another officer decided it meanwhile
                results.append(Decision(raw, False, f"feedback {row['id']} was decided "
                                        "meanwhile by someone else; nothing was changed", 2))
                continue
            verb = "accepted" if decision == "accepted" else "rejected"
            where = f": log entry {entry}" if entry is not None else \
                (": feedback, not dissemination, so no log row" if decision == "accepted"
                 else "")
            results.append(Decision(raw, True, f"feedback {row['id']} {verb}{where}"))
    return results


def _pending(db, raw: str, results: list):
    """The pending return `raw` names, or None with a Decision saying why not."""
    if not re.fullmatch(r"[0-9]{1,12}", raw):
        results.append(Decision(raw, False, f"{terminal_safe(raw)!r} is not a feedback id "
                                "(a whole number from `cascade feedback list`)", 2))
        return None
    row = db.execute("SELECT * FROM feedback WHERE id = ?", (int(raw),)).fetchone()
    if row is None:
        results.append(Decision(raw, False, f"there is no feedback {int(raw)}; "
                                "`cascade feedback list --status all` lists them", 2))
        return None
    if row["status"] != "pending":
        results.append(Decision(raw, False, f"feedback {row['id']} was already "
                                f"{row['status']} on {row['decided_at'][:10]}; "
                                "nothing was changed", 2))
        return None
    return row


def _logged_returns(config: Config) -> dict[str, str]:
    """Self-reported rows already in the log: their notes -> entry id."""
    found = {}
    for _line, values in dlog.read_records(config.log_file):
        if len(values) == len(dlog.COLUMNS) and values[dlog.ACTION] == dlog.OFFLINE and \
                values[dlog.DISSEMINATED_BY] == SELF_REPORTED:
            found[values[dlog.NOTES]] = values[0]
    return found


def _log_return(config, db, row, vocab, logged: dict, now: datetime, results: list):
    """The log entry id of the team return's row: found, or appended now."""
    notes = return_notes(row)
    if notes in logged:      # written by an accept that stopped before it could say so
        return int(logged[notes])
    values = {"item_id": row["item_id"], "channel": FORMATS[row["format"]][1],
              "audience": row["sector"], "reach": str(row["people"]),
              "disseminated_by": SELF_REPORTED, "occurred_at": row["shared_on"],
              "notes": notes}
    act, problems = offline.check_entry(values, vocab)
    if problems:
        detail = "; ".join(f"{name}: {message}" for name, _rule, message, _fix in problems)
        results.append(Decision(str(row["id"]), False, f"feedback {row['id']} was not "
                                f"accepted: the log refuses it ({detail}); reject it, or "
                                "fix the settings and accept it again", 1))
        return None
    written = dlog.append(config.log_file, [act], db, now,
                          timeout=config["lock_timeout_seconds"])
    if not written:     # appended by another accept at the same moment
        logged.update(_logged_returns(config))
        if notes not in logged:
            raise UsageError(f"feedback {row['id']}: the log already holds this act under "
                             "other notes; nothing was changed")
        return int(logged[notes])
    logged[notes] = written[0]["entry_id"]
    return int(written[0]["entry_id"])


def shared_on(text: str) -> date | None:
    """The day a team return names: 2026-11-20 as a date box sends it, or 20/11/2026 as
    typed where the browser shows a plain text box."""
    text = text.strip()
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    typed = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if typed:
            return date(int(typed[3]), int(typed[2]), int(typed[1]))
    except ValueError:
        pass
    return None


def shared_on_problem(text: str, first_published: date, today: date) -> str:
    """What is wrong with a team return's date, or ''."""
    day = shared_on(text)
    if day is None:
        return "Enter the date you shared it as a real date, for example 20/11/2026"
    if day > today:
        return "The date you shared it must be today or in the past"
    if day < first_published:
        return (f"The date you shared it must be on or after {first_published.day} "
                f"{first_published:%B %Y}, when it was published")
    return ""


def people_problem(text: str) -> str:
    if not re.fullmatch(r"[0-9]{1,6}", text.strip()):
        return "Enter the number of people as a whole number, like 12"
    if not 1 <= int(text) <= MAX_PEOPLE:
        return f"The number of people must be between 1 and {MAX_PEOPLE}"
    return ""
