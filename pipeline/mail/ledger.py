"""The delivery ledger: one row per (subscriber, item or issue, version), never two.

A message is claimed (`sending`, committed) before it is handed to the
transport and marked `sent` (committed) after the transport accepted it. A
process killed between the two leaves that one row in `sending`; the next
sender, which holds the mail lock, sends it again: at most one duplicate per
kill, and nothing missing. Each batch (an alert, a digest, a newsletter issue)
gets one dissemination-log row when its last message is settled.
"""

from __future__ import annotations

import json
from datetime import datetime

from pipeline.evidence import chain as dlog
from pipeline.evidence import reach
from pipeline.settings.config import Config
from pipeline.mail.schema import atomic, join, split

def add_delivery(db, subscriber_id: int, subject_id: str, version: str, batch: str,
                 payload: list, stamp: str) -> int:
    """Queue one message; 0 if this subscriber already has this version (the UNIQUE key)."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO deliveries(subscriber_id, subject_id, version, batch, payload, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (subscriber_id, subject_id, version, batch, json.dumps(payload), stamp, stamp))
    return cursor.rowcount


def add_batch(db, batch: str, kind: str, subject_id: str, version: str, details: dict,
              stamp: str) -> None:
    db.execute("INSERT OR IGNORE INTO batches(batch, kind, subject_id, version, details, "
               "created_at) VALUES (?, ?, ?, ?, ?, ?)",
               (batch, kind, subject_id, version, json.dumps(details), stamp))


def has_waiting(db, batch: str | None = None) -> bool:
    sql = "SELECT 1 FROM deliveries WHERE status IN ('pending', 'sending')"
    args: tuple = ()
    if batch is not None:
        sql, args = sql + " AND batch = ?", (batch,)
    return db.execute(sql + " LIMIT 1", args).fetchone() is not None


def waiting(db, batch: str | None = None) -> list:
    """Messages still to send, oldest first (a `sending` one was in flight when a run died)."""
    sql = "SELECT * FROM deliveries WHERE status IN ('pending', 'sending')"
    args: tuple = ()
    if batch is not None:
        sql, args = sql + " AND batch = ?", (batch,)
    return db.execute(sql + " ORDER BY id", args).fetchall()


def claim(db, delivery_id: int, now: datetime) -> bool:
    """Mark one message as in flight; committed before the transport sees it."""
    cursor = db.execute("UPDATE deliveries SET status = 'sending', attempts = attempts + 1, "
                        "updated_at = ? WHERE id = ? AND status IN ('pending', 'sending')",
                        (now.isoformat(timespec="seconds"), delivery_id))
    return cursor.rowcount == 1


def settle(db, delivery_id: int, status: str, now: datetime, error: str = "") -> None:
    db.execute("UPDATE deliveries SET status = ?, error = ?, updated_at = ? WHERE id = ?",
               (status, error[:500], now.isoformat(timespec="seconds"), delivery_id))


def release(db, delivery_id: int, now: datetime, error: str, max_attempts: int) -> str:
    """Put a message that could not be sent back in the queue, or give up on it."""
    row = db.execute("SELECT attempts FROM deliveries WHERE id = ?", (delivery_id,)).fetchone()
    status = "failed" if row and row["attempts"] >= max_attempts else "pending"
    settle(db, delivery_id, status, now, error)
    return status


def counts(db, batch: str) -> dict:
    rows = db.execute("SELECT status, COUNT(*) AS n FROM deliveries WHERE batch = ? "
                      "GROUP BY status", (batch,))
    return {row["status"]: row["n"] for row in rows}


def log_batches(config: Config, db, now: datetime, by: str) -> list[dict]:
    """One log row per settled batch (per item for a digest); each batch logged once."""
    done = db.execute(
        "SELECT * FROM batches b WHERE logged = 0 AND NOT EXISTS (SELECT 1 FROM deliveries d "
        "WHERE d.batch = b.batch AND d.status IN ('pending', 'sending')) ORDER BY created_at, "
        "batch").fetchall()
    if not done:
        return []
    # A run that stopped after writing the log but before marking its batches must
    # not write the same rows again.
    written = {(r["item_id"], r["item_version"], r["channel"], r["notes"])
               for r in dlog.read_rows(config.log_file) if r["action"] == "sent"}
    acts = []
    for batch in done:
        for act in _acts(db, batch, now, by):
            if (act.item_id, act.item_version, act.channel, dlog.neutralise(act.notes)) \
                    not in written:
                acts.append(act)
    rows = dlog.append(config.log_file, acts, db, now, timeout=config["lock_timeout_seconds"])
    stamp = now.isoformat(timespec="seconds")
    with atomic(db):
        for batch in done:
            db.execute("UPDATE batches SET logged = 1 WHERE batch = ?", (batch["batch"],))
            if batch["kind"] == "newsletter" and not _reached_nobody(db, batch["batch"]):
                db.execute("UPDATE issues SET status = 'sent', sent_at = ? WHERE issue_id = ?",
                           (stamp, batch["subject_id"]))
    return rows


def _reached_nobody(db, batch: str) -> bool:
    """Every message failed: the issue is not sent (`cascade status` says so and
    `cascade newsletter send` tries them again)."""
    found = counts(db, batch)
    return not found.get("sent") and bool(found.get("failed"))


def alert_snapshot(db, item_id: str, version: str) -> dict:
    """What an alert said about one version, as recorded when it was queued ({} if none)."""
    row = db.execute("SELECT snapshot FROM alerts WHERE item_id = ? AND version = ?",
                     (item_id, version)).fetchone()
    return json.loads(row["snapshot"]) if row else {}


def _acts(db, batch, now: datetime, by: str) -> list[dlog.Act]:
    """The batch's rows: one per item it carried, reach = the messages that carried it;
    the notes end with the batch and how many messages it took (`reach.batch_note`)."""
    details = json.loads(batch["details"])
    sent = db.execute("SELECT d.payload, s.audiences FROM deliveries d LEFT JOIN subscribers s "
                      "ON s.id = d.subscriber_id WHERE d.batch = ? AND d.status = 'sent'",
                      (batch["batch"],)).fetchall()
    if not sent:
        return []
    notes = reach.batch_note(details["notes"], batch["batch"], len(sent))
    if batch["kind"] == "alert":
        return [dlog.Act(occurred_at=now, item_id=batch["subject_id"],
                         item_version=batch["version"], item_type=details["item_type"],
                         action="sent", channel="email-alert", audience=details["audience"],
                         reach=len(sent), disseminated_by=by,
                         accessibility=details.get("accessibility", ""), notes=notes)]
    if batch["kind"] == "newsletter":
        # Every recipient got every item of the issue: one row per item, so an item
        # sent only in the newsletter is counted as sent, each recipient once.
        reached = join(sorted({a for row in sent for a in split(row["audiences"] or "")}))
        issue = db.execute("SELECT snapshot FROM issues WHERE issue_id = ?",
                           (batch["subject_id"],)).fetchone()
        entries = [entry for _title, group in json.loads(issue["snapshot"])["sections"]
                   for entry in group] if issue else []
        return [dlog.Act(occurred_at=now, item_id=entry["id"], item_version=entry["version"],
                         item_type=entry["kind"], action="sent", channel="newsletter",
                         audience=reached, reach=len(sent), disseminated_by=by, notes=notes)
                for entry in sorted(entries, key=lambda e: e["id"])] or \
            [dlog.Act(occurred_at=now, item_id=batch["subject_id"],
                      item_version=batch["version"], item_type="newsletter", action="sent",
                      channel="newsletter", audience=reached, reach=len(sent),
                      disseminated_by=by, notes=notes)]
    # A digest: one row per item it carried, reach = digests that carried it.
    counted: dict[tuple, int] = {}
    for row in sent:
        for item_id, version in json.loads(row["payload"]):
            counted[(item_id, version)] = counted.get((item_id, version), 0) + 1
    acts = []
    for (item_id, version), count in sorted(counted.items()):
        snapshot = alert_snapshot(db, item_id, version)
        acts.append(dlog.Act(occurred_at=now, item_id=item_id, item_version=version,
                             item_type=snapshot.get("kind", "briefing"), action="sent",
                             channel="email-alert", audience=join(snapshot.get("audiences", [])),
                             reach=count, disseminated_by=by,
                             accessibility=snapshot.get("accessibility", ""), notes=notes))
    return acts
