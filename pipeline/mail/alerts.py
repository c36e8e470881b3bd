"""Topic alerts: decide which published versions subscribers hear about, and queue them.

The decision comes from the ledger of published versions, not from what the
website stage logged in this pass: `mail_seen` remembers the last version the
mail stage looked at, so a run killed after the website stage alerts on the next
run. Intents and their deliveries are written in one transaction.

As on GOV.UK: a new item alerts; a `change: major` update alerts only with a
new `change_note`; `change: minor` sends nothing. Items dated more than
`mail.alert_window_days` before the pass (a back-dated item, or a site that
existed before its mailing list) are published quietly.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from pipeline.checks.rules import accessibility_summary
from pipeline.settings.config import Config
from pipeline.mail import ledger
from pipeline import crontab as schedule
from pipeline.mail.compose import entry
from pipeline.mail.schema import atomic, join
from pipeline.mail.subscribers import active
from pipeline.state import get_meta, set_meta


def record(config: Config, db, public: dict, now: datetime) -> int:
    """Record an alert for each new or major-updated public version; return how many."""
    seen = {row["item_id"]: row for row in db.execute("SELECT * FROM mail_seen")}
    changed = [item for item in public.values()
               if item.id not in seen or seen[item.id]["version"] != item.version]
    if not changed:
        return 0
    subscribers = [s for s in active(db) if s.frequency != "newsletter-only"]
    stamp = now.isoformat(timespec="seconds")
    recorded = 0
    with atomic(db):
        for item in sorted(changed, key=lambda i: (i.meta["date"], i.id)):
            before = seen.get(item.id)
            change, note = decide(config, item, before, now)
            last_note = before["alerted_note"] if before else ""
            if change:
                _record_one(config, db, item, change, note, subscribers, now)
                last_note, recorded = note, recorded + 1
            db.execute("INSERT INTO mail_seen(item_id, version, alerted_note, seen_at) "
                       "VALUES (?, ?, ?, ?) ON CONFLICT(item_id) DO UPDATE SET "
                       "version = excluded.version, alerted_note = excluded.alerted_note, "
                       "seen_at = excluded.seen_at", (item.id, item.version, last_note, stamp))
    return recorded


def decide(config: Config, item, before, now: datetime) -> tuple[str | None, str]:
    """('new' | 'updated' | None, change note) for a version the mail stage has not seen."""
    note = " ".join(str(item.meta.get("change_note") or "").split())
    if before is None:
        window = timedelta(days=config["mail"]["alert_window_days"])
        return ("new", "") if item.meta["date"] >= now - window else (None, "")
    if item.meta.get("change", "major") == "minor" or not note:
        return None, ""  # no note, no alert
    if note == before["alerted_note"]:
        return None, ""  # the same note again: an edit, not a new change
    return "updated", note


def _record_one(config, db, item, change, note, subscribers, now) -> None:
    stamp = now.isoformat(timespec="seconds")
    snapshot = entry(config, item, change, note, when=now)
    snapshot["accessibility"] = accessibility_summary(item)
    db.execute("INSERT OR IGNORE INTO alerts(item_id, version, snapshot, created_at) "
               "VALUES (?, ?, ?, ?)", (item.id, item.version, json.dumps(snapshot), stamp))
    audiences, themes = snapshot["audiences"], snapshot["themes"]
    batch = f"alert:{item.id}:{item.version}"
    immediate = 0
    for subscriber in subscribers:
        if not subscriber.wants(audiences, themes, config["everyone_audience"]):
            continue
        if subscriber.frequency == "weekly":
            db.execute("INSERT OR IGNORE INTO digest_queue(subscriber_id, item_id, version) "
                       "VALUES (?, ?, ?)", (subscriber.id, item.id, item.version))
        else:
            immediate += ledger.add_delivery(db, subscriber.id, item.id, item.version, batch,
                                             [], stamp)
    if immediate:
        notes = "topic alert: first publication" if change == "new" else \
            f"topic alert: {note}"
        ledger.add_batch(db, batch, "alert", item.id, item.version, {
            "item_type": item.kind, "channel": "email-alert", "audience": join(audiences),
            "accessibility": snapshot["accessibility"], "notes": notes}, stamp)


def queue_digest(config: Config, db, now: datetime) -> str | None:
    """When the digest schedule has fired since the last digest, turn the queue into messages."""
    fire = schedule.due_fire(db, config["mail"]["digest_cron"], config.tz, now)
    if fire is None:
        return None
    digest_id = f"digest-{fire.astimezone(config.tz):%Y-%m-%d}"
    if get_meta(db, "mail_last_digest") == digest_id:
        return None
    stamp = now.isoformat(timespec="seconds")
    with atomic(db):
        rows = db.execute(
            "SELECT q.subscriber_id, q.item_id, q.version FROM digest_queue q "
            "JOIN subscribers s ON s.id = q.subscriber_id AND s.status = 'active' "
            "JOIN alerts a ON a.item_id = q.item_id AND a.version = q.version "
            "ORDER BY q.subscriber_id, a.created_at, q.item_id").fetchall()
        payloads: dict[int, list] = {}
        for row in rows:
            payloads.setdefault(row["subscriber_id"], []).append([row["item_id"], row["version"]])
        batch = f"digest:{digest_id}"
        for subscriber_id, payload in payloads.items():
            ledger.add_delivery(db, subscriber_id, digest_id, "1", batch, payload, stamp)
        if payloads:
            ledger.add_batch(db, batch, "digest", digest_id, "1", {
                "channel": "email-alert", "notes": f"weekly digest {digest_id}",
                "week": f"{fire.astimezone(config.tz).day} {fire.astimezone(config.tz):%B %Y}"},
                stamp)
        db.execute("DELETE FROM digest_queue")
        set_meta(db, "mail_last_digest", digest_id)
    return digest_id if payloads else None
