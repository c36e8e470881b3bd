"""Follow-up questions: "Has this briefing changed your practice?", once per person per item.

`mail.followup_after_days` after an alert or a weekly digest carried an item to
someone, the main pass queues one follow-up to them in the delivery ledger
(subject `followup:<item id>`, version ''): its UNIQUE key is what makes it once
per person per item, whatever the item's later versions, reruns or crashes. The
sender claims, sends and settles it like an alert, with one difference: a
follow-up found in flight when an earlier sender died is not sent again (it may
have gone), because a question asked twice is worse than one not asked.

Follow-ups are questions, not dissemination: no batch, so no log row. Each
carries three signed answer links (tokens purpose `followup`, id the subscriber,
bound to the item and the answer, valid ANSWER_DAYS) and a link that stops
follow-up questions for good (`subscribers.followups` = 0); unsubscribing stops
them too. Answers live in `followup_answers`, one per person per item: a later
answer replaces an earlier one.

Which sent messages are due is read by slices of time: each pass looks at the
alerts and digests sent since the slice the last pass looked at (the meta key
CURSOR), so a pass reads only what became due since the last one, and follow-ups
start with the alerts sent after the feature was first on. An alert more than
LATE_DAYS past its follow-up date (no pass ran for weeks) gets none: a question that
late would puzzle people, and a stopped service does not return with a burst of them.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from urllib.parse import urlencode

from pipeline.mail import ledger, tokens
from pipeline.mail.layout import STYLES, wrap_text
from pipeline.mail.schema import atomic
from pipeline.render import render
from pipeline.settings.config import Config
from pipeline.state import get_meta, set_meta
from pipeline.text import long_date

ANSWERS = {"yes": "Yes", "not-yet": "Not yet", "not-relevant": "Not relevant to my role"}
ANSWER_DAYS = 30
LATE_DAYS = 7
CURSOR = "followup_through"     # meta: follow-ups were queued for messages sent up to here
PREFIX = "followup:"
INTERRUPTED = "in flight when an earlier send stopped; a follow-up is never sent twice"
QUESTIONS = {"briefing": "Has this briefing changed your practice?",
             "procedure": "Has this procedure change changed your practice?"}


def subject_id(item_id: str) -> str:
    return PREFIX + item_id


def is_followup(batch: str) -> bool:
    return batch.startswith(PREFIX)


def question(kind: str) -> str:
    return QUESTIONS.get(kind, QUESTIONS["briefing"])


def queue(config: Config, db, now: datetime) -> int:
    """Queue the follow-ups that fell due since the last pass; return how many were added."""
    days = config["mail"]["followup_after_days"]
    if not days:
        db.execute("DELETE FROM meta WHERE key = ?", (CURSOR,))   # on again: start afresh
        return 0
    upto = now - timedelta(days=days)
    cursor = get_meta(db, CURSOR)
    if cursor is not None and datetime.fromisoformat(cursor) >= upto:
        return 0             # nothing new has fallen due (or the delay was made longer)
    stamp = now.isoformat(timespec="seconds")
    added = 0
    with atomic(db):
        if cursor is not None:   # the first pass with follow-ups on starts the slices
            oldest = now - timedelta(days=days + LATE_DAYS)
            since = max(datetime.fromisoformat(cursor), oldest)
            # The cursor's own text when it is the start: the slices meet exactly.
            start = cursor if since > oldest else oldest.isoformat(timespec="seconds")
            for subscriber_id, item_id, version, sent_at in _due(
                    db, start, upto.isoformat(timespec="seconds")):
                payload = [[item_id, version, sent_at]]
                added += ledger.add_delivery(db, subscriber_id, subject_id(item_id), "",
                                             subject_id(item_id), payload, stamp)
        set_meta(db, CURSOR, upto.isoformat(timespec="seconds"))
    return added


def _due(db, since: str, upto: str) -> list[tuple]:
    """(subscriber, item, version, sent at) for each item an alert or digest carried to a
    person who still wants follow-ups, sent in (since, upto]; items still published."""
    rows = db.execute(
        "SELECT d.subscriber_id, d.batch, d.subject_id, d.version, d.payload, d.updated_at "
        "FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id "
        "WHERE d.status = 'sent' AND d.updated_at > ? AND d.updated_at <= ? "
        "AND s.status = 'active' AND s.followups = 1 "
        "AND (d.batch LIKE 'alert:%' OR d.batch LIKE 'digest:%') "
        "ORDER BY d.updated_at, d.id", (since, upto)).fetchall()
    published = {r["item_id"] for r in db.execute("SELECT item_id FROM published")}
    due, seen = [], set()
    for row in rows:
        if row["batch"].startswith("alert:"):
            carried = [(row["subject_id"], row["version"])]
        else:
            carried = [(item_id, version) for item_id, version in json.loads(row["payload"])]
        for item_id, version in carried:
            key = (row["subscriber_id"], item_id)
            if item_id in published and key not in seen:
                seen.add(key)
                due.append((row["subscriber_id"], item_id, version, row["updated_at"]))
    return due


def sent_count(db) -> int:
    """Follow-up questions sent so far (a pass reports the difference it made)."""
    # A range, not LIKE: it reads only the follow-ups' part of the index.
    return db.execute("SELECT COUNT(*) FROM deliveries WHERE status = 'sent' AND "
                      "batch >= 'followup:' AND batch < 'followup;'").fetchone()[0]


def not_to_send(db, row, subscriber) -> str | None:
    """Why a queued follow-up must not go now (None: send it). `row` is its ledger row."""
    if row["status"] == "sending":
        return INTERRUPTED
    if not wants_followups(db, subscriber.id):
        return "the subscriber stopped follow-up questions"
    item_id = row["subject_id"][len(PREFIX):]
    if db.execute("SELECT 1 FROM published WHERE item_id = ?", (item_id,)).fetchone() is None:
        return "the item is no longer published"
    return None


def wants_followups(db, subscriber_id: int) -> bool:
    row = db.execute("SELECT followups FROM subscribers WHERE id = ?",
                     (subscriber_id,)).fetchone()
    return bool(row and row["followups"])


def stop(db, subscriber_id: int, now: datetime) -> bool:
    """Stop follow-up questions to one subscriber, those waiting too; False if already off."""
    with atomic(db):
        changed = db.execute("UPDATE subscribers SET followups = 0, changed_at = ? "
                             "WHERE id = ? AND followups = 1",
                             (now.isoformat(timespec="seconds"), subscriber_id)).rowcount
        db.execute("UPDATE deliveries SET status = 'cancelled', error = ?, updated_at = ? "
                   "WHERE subscriber_id = ? AND status = 'pending' AND batch LIKE 'followup:%'",
                   ("the subscriber stopped follow-up questions",
                    now.isoformat(timespec="seconds"), subscriber_id))
    return bool(changed)


def set_wanted(db, subscriber_id: int, wanted: bool, now: datetime) -> None:
    """Ask, or stop asking, one subscriber follow-up questions (their choice)."""
    if not wanted:
        stop(db, subscriber_id, now)
    else:
        db.execute("UPDATE subscribers SET followups = 1, changed_at = ? "
                   "WHERE id = ? AND followups = 0",
                   (now.isoformat(timespec="seconds"), subscriber_id))


def answer_token(key: bytes, subscriber, item_id: str, answer: str, now: datetime) -> str:
    return tokens.make_expiring(key, "followup", subscriber.id, subscriber.email, now,
                                days=ANSWER_DAYS, extra=f"{item_id}\x1f{answer}")


def check_answer(key: bytes, token: str, subscriber, item_id: str, answer: str,
                 now: datetime) -> str:
    """'ok', 'expired' or 'invalid' for an answer link's token, item and answer."""
    if answer not in ANSWERS:
        return "invalid"
    return tokens.verify_expiring(key, token, "followup", subscriber.id, subscriber.email, now,
                                  extra=f"{item_id}\x1f{answer}")


def stop_token(key: bytes, subscriber) -> str:
    return tokens.make(key, "followups", subscriber.id, subscriber.email)


def links(config: Config, key: bytes | None, subscriber, item_id: str, now: datetime) -> dict:
    """The answer links (answer -> address) and the stop link of one follow-up."""
    base = tokens.base_url(config)
    answers = {}
    for answer in ANSWERS:
        token = answer_token(key, subscriber, item_id, answer, now) if key else "preview"
        answers[answer] = f"{base}followup?" + urlencode(
            {"token": token, "item": item_id, "answer": answer})
    stop_link = stop_token(key, subscriber) if key else "preview"
    return {"answers": answers, "stop": f"{base}followup-stop?" + urlencode({"token": stop_link})}


def compose(config: Config, entry: dict, sent_at: str, subscriber, links: dict,
            asking: dict) -> tuple[str, str, str]:
    """Subject, HTML and text of one follow-up. `entry` is the alert's snapshot of the
    item, `links` the subscriber's unsubscribe links, `asking` what `links` above made."""
    ask = question(entry.get("kind", "briefing"))
    sent_on = long_date(datetime.fromisoformat(sent_at), config.tz) if sent_at else ""
    why = (f"You get this question because {config['partnership']} sent you this "
           f"{_noun(entry)} by email. We ask each person once about each one.")
    context = {"s": STYLES, "subject": ask, "partnership": config["partnership"],
               "recipient": subscriber.name, "links": links, "why": why,
               "contact": config["contact_email"], "entry": entry, "noun": _noun(entry),
               "sent_on": sent_on, "choices": [(ANSWERS[a], url)
                                               for a, url in asking["answers"].items()],
               "stop": asking["stop"], "days": ANSWER_DAYS}
    footer = (f"{why}\nStop follow-up questions: {asking['stop']}\n"
              f"Change what you get: {links['preferences']}\n"
              f"Unsubscribe: {links['unsubscribe']}\nQuestions? Email {config['contact_email']}")
    text = wrap_text(ask, render("mail/followup.txt", **context), footer)
    return ask, render("mail/followup.html", **context), text


def _noun(entry: dict) -> str:
    return "procedure change" if entry.get("kind") == "procedure" else "7-minute briefing"


def item_entry(db, item_id: str) -> dict | None:
    """What the newest alert said about an item (title, address, kind), or None."""
    row = db.execute("SELECT snapshot FROM alerts WHERE item_id = ? ORDER BY created_at DESC, "
                     "version DESC LIMIT 1", (item_id,)).fetchone()
    return json.loads(row["snapshot"]) if row else None


def previous_answer(db, item_id: str, subscriber_id: int):
    return db.execute("SELECT answer, answered_at FROM followup_answers WHERE item_id = ? AND "
                      "subscriber_id = ?", (item_id, subscriber_id)).fetchone()


def record_answer(db, item_id: str, subscriber_id: int, answer: str, now: datetime) -> None:
    """Keep one answer per person per item: a later answer replaces the earlier one."""
    if answer not in ANSWERS:
        raise ValueError(f"not a follow-up answer: {answer!r}")
    db.execute("INSERT INTO followup_answers(item_id, subscriber_id, answer, answered_at) "
               "VALUES (?, ?, ?, ?) ON CONFLICT(item_id, subscriber_id) DO UPDATE SET "
               "answer = excluded.answer, answered_at = excluded.answered_at",
               (item_id, subscriber_id, answer, now.isoformat(timespec="seconds")))


def answer_counts(db, item_ids=None) -> dict[str, dict[str, int]]:
    """Per item: how many people answered yes, not-yet and not-relevant (every answer
    named, 0 when none). Only items with an answer, unless `item_ids` names them."""
    found: dict[str, dict[str, int]] = {i: dict.fromkeys(ANSWERS, 0) for i in item_ids or ()}
    for row in db.execute("SELECT item_id, answer, COUNT(*) AS n FROM followup_answers "
                          "GROUP BY item_id, answer"):
        if item_ids is not None and row["item_id"] not in found:
            continue
        counts = found.setdefault(row["item_id"], dict.fromkeys(ANSWERS, 0))
        if row["answer"] in counts:
            counts[row["answer"]] += row["n"]
    return found
