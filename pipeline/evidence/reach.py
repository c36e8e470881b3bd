"""Honest reach: distinct people per item and in total, and how many messages it took.

A log row is about one item. A message that carries several items (a weekly digest,
a newsletter issue) gives one row per item, each with that message's recipients as
its reach, so each recipient counts once per item. Since this convention the notes of
every row the mail stage writes end with the batch the message belonged to and how
many messages the batch took, e.g. `weekly digest digest-2026-11-02 (batch:
digest:digest-2026-11-02; messages: 120)`. From that:

- per item, messages = the reach of its mail rows added up (one message per
  recipient per batch); people = distinct recipients across alerts, digests and
  newsletters, from the state's delivery ledger (the log holds counts, never who);
- in total, messages = each batch's count once; people = distinct recipients;
- offline acts add their attendees (reach) and count as sessions; `self-reported`
  ones (accepted team returns) are counted too and shown apart.

Where the ledger does not know a batch (a log kept without its state), a row's reach
is taken as that many people, who may overlap with other rows. Rows written before
the convention carry no batch and are read so: an alert row is batch
`alert:ITEM:VERSION`, one message per person reached; a digest row (notes `weekly
digest ID`) is batch `digest:ID`, its messages from the ledger, else one per person;
a newsletter row (item type `newsletter`, item id the issue) is batch
`newsletter:ISSUE`, one message per person, and stands for every item the issue
carried as the state's copy of the issue records it. Old rows are never rewritten.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from pipeline.evidence import chain as dlog

BATCH_NOTE = re.compile(r" \(batch: ([^\s;()]+); messages: (\d+)\)\Z")
MAIL_CHANNELS = ("email-alert", "newsletter")


def batch_note(text: str, batch: str, messages: int) -> str:
    """The notes of a mail row: what it was, then its batch and the messages it took."""
    return f"{text} (batch: {batch}; messages: {messages})"


@dataclass
class Ledger:
    """What the state's delivery ledger says about sent messages (subscriber ids only)."""

    recipients: dict = field(default_factory=dict)  # (batch, item id) -> {subscriber id}
    messages: dict = field(default_factory=dict)    # batch -> messages sent
    issues: dict = field(default_factory=dict)      # newsletter issue id -> [item ids]


def read_ledger(db, recipients: bool = True) -> Ledger:
    """What the ledger says; without `recipients`, only issues and message counts (the
    row extract needs no more, and the recipients are most of the reading)."""
    found = Ledger()
    for row in db.execute("SELECT issue_id, snapshot FROM issues"):
        try:
            sections = json.loads(row[1]).get("sections") or []
            found.issues[row[0]] = [entry["id"] for _title, entries in sections
                                    for entry in entries]
        except (ValueError, TypeError, KeyError, AttributeError):
            continue   # an issue recorded by an older release without its sections
    # Grouped in SQL: there can be a row per message ever sent.
    cursor = db.cursor()
    cursor.row_factory = None
    for batch, messages in cursor.execute("SELECT batch, COUNT(*) FROM deliveries WHERE "
                                          "status = 'sent' GROUP BY batch"):
        found.messages[batch] = messages
    if not recipients:
        return found
    for batch, item_id, who in cursor.execute(
            "SELECT d.batch, json_extract(j.value, '$[0]'), group_concat(d.subscriber_id) "
            "FROM deliveries d, json_each(d.payload) j WHERE d.status = 'sent' AND "
            "d.batch >= 'digest:' AND d.batch < 'digest;' GROUP BY 1, 2"):
        found.recipients[(batch, item_id)] = set(map(int, who.split(",")))
    for batch, subject, who in cursor.execute(
            "SELECT batch, subject_id, group_concat(subscriber_id) FROM deliveries WHERE "
            "status = 'sent' AND (batch LIKE 'alert:%' OR batch LIKE 'newsletter:%') "
            "GROUP BY batch"):   # follow-up questions are not dissemination: no log row
        # Every recipient of an alert or an issue got all it carried: one set, shared.
        recipients = set(map(int, who.split(",")))
        items = found.issues.get(subject, []) if batch.startswith("newsletter:") else [subject]
        for item_id in items:
            found.recipients[(batch, item_id)] = recipients
    return found


def is_mail(values: list[str]) -> bool:
    return values[dlog.ACTION] == "sent" and values[dlog.CHANNEL] in MAIL_CHANNELS


def row_batch(values: list[str], ledger: Ledger) -> tuple[str, int]:
    """(batch, messages the batch took) for a mail row, new or old (see the module)."""
    notes, reach = values[dlog.NOTES], _reach(values)
    found = BATCH_NOTE.search(notes)
    if found:
        return found.group(1), int(found.group(2))
    if values[dlog.CHANNEL] == "newsletter":
        return f"newsletter:{values[dlog.ITEM_ID]}", reach
    words = notes.split()
    if notes.startswith("weekly digest ") and len(words) > 2:
        batch = f"digest:{words[2]}"
        return batch, ledger.messages.get(batch, reach)
    return f"alert:{values[dlog.ITEM_ID]}:{values[dlog.ITEM_VERSION]}", reach


def row_items(values: list[str], ledger: Ledger) -> list[str]:
    """The items a row stands for: its own, or those an old newsletter-issue row carried."""
    item_id = values[dlog.ITEM_ID]
    if values[dlog.ITEM_TYPE] == "newsletter" and values[dlog.CHANNEL] == "newsletter":
        return ledger.issues.get(item_id) or [item_id]
    return [item_id]


def _reach(values: list[str]) -> int:
    text = values[dlog.REACH]
    return int(text) if text.isdigit() else 0


@dataclass
class ItemReach:
    """One item's reach by email and offline."""

    alert_messages: int = 0
    newsletter_messages: int = 0
    sessions: int = 0
    attendees: int = 0
    self_reported_sessions: int = 0
    self_reported_attendees: int = 0
    _who: dict = field(default_factory=lambda: {"alert": set(), "newsletter": set()})
    _unknown: dict = field(default_factory=lambda: {"alert": 0, "newsletter": 0})

    @property
    def messages(self) -> int:
        return self.alert_messages + self.newsletter_messages

    def people_by(self, kind: str) -> int:
        return len(self._who[kind]) + self._unknown[kind]

    @property
    def alert_people(self) -> int:
        return self.people_by("alert")

    @property
    def newsletter_people(self) -> int:
        return self.people_by("newsletter")

    @property
    def email_people(self) -> int:
        """Distinct recipients of any message carrying the item."""
        return len(self._who["alert"] | self._who["newsletter"]) + sum(self._unknown.values())

    @property
    def people(self) -> int:
        return self.email_people + self.attendees


@dataclass
class TotalReach:
    messages: int = 0
    email_people: int = 0
    sessions: int = 0
    attendees: int = 0
    self_reported_sessions: int = 0

    @property
    def people(self) -> int:
        return self.email_people + self.attendees


def count(rows: list[list[str]], ledger: Ledger) -> tuple[TotalReach, dict]:
    """Total and per-item reach of these rows (the acts of a report, already filtered)."""
    total, items = TotalReach(), {}
    batches: dict = {}            # batch -> messages, each batch once
    who: set = set()
    merged: set = set()
    unknown_batches: set = set()  # batches the ledger does not know: messages = people
    offline: dict = {}   # item -> [sessions, attendees, self-reported ones, their people]
    for values in rows:
        reach = _reach(values)
        if values[dlog.ACTION] == dlog.OFFLINE:   # most rows: kept to plain lists
            counts = offline.get(values[dlog.ITEM_ID])
            if counts is None:
                counts = offline[values[dlog.ITEM_ID]] = [0, 0, 0, 0]
            counts[0] += 1
            counts[1] += reach
            if values[dlog.DISSEMINATED_BY] == dlog.SELF_REPORTED:
                counts[2] += 1
                counts[3] += reach
            continue
        if not is_mail(values):
            continue
        batch, messages = row_batch(values, ledger)
        batches[batch] = messages
        kind = "newsletter" if values[dlog.CHANNEL] == "newsletter" else "alert"
        for item_id in row_items(values, ledger):
            one = _get(items, item_id)
            if kind == "newsletter":
                one.newsletter_messages += reach
            else:
                one.alert_messages += reach
            recipients = ledger.recipients.get((batch, item_id))
            if recipients is None:
                one._unknown[kind] += reach
                unknown_batches.add(batch)
            else:
                one._who[kind] |= recipients
                if id(recipients) not in merged:   # an issue's items share one set
                    merged.add(id(recipients))
                    who |= recipients
    for item_id, (sessions, attendees, mine, their_people) in offline.items():
        one = _get(items, item_id)
        one.sessions, one.attendees = sessions, attendees
        one.self_reported_sessions, one.self_reported_attendees = mine, their_people
        total.sessions += sessions
        total.attendees += attendees
        total.self_reported_sessions += mine
    total.messages = sum(batches.values())
    total.email_people = len(who) + sum(batches[b] for b in unknown_batches)
    return total, items


def _get(items: dict, item_id: str) -> ItemReach:
    found = items.get(item_id)
    if found is None:
        found = items[item_id] = ItemReach()
    return found
