"""Send what waits in the delivery ledger: claim, send, mark; paced; then log the batches.

Only one sender works at a time (a lock beside the state database), so a
message found `sending` when a sender starts was in flight when an earlier one
died: it is sent again. Pacing follows `mail.rate_per_minute`; a progress bar
shows on a terminal.
"""

from __future__ import annotations

import json
import sys
import time
from contextlib import contextmanager
from datetime import datetime

import click

from pipeline.settings.config import Config
from pipeline.exceptions import CascadeError, ConfigError
from pipeline.mail import compose, followup, ledger, subscribers, tokens
from pipeline.exceptions import TransportDown
from pipeline.mail.transports.choose import open_transport
from pipeline.state import exclusive, get_meta, set_meta
from pipeline.text import plural

STOPPED = "mail_stopped"   # meta key: why the last send stopped, for `cascade status`


def send_waiting(config: Config, db, now: datetime, batch: str | None = None,
                 label: str = "Sending email") -> list[dict]:
    """Send every waiting message (of one batch, or all); return the log rows written."""
    by = f"cascade mail ({config['mail']['transport']})"
    if not ledger.has_waiting(db, batch):
        return _finished(config, db, now, by)
    try:
        key = tokens.signing_key(config, db)
        transport = open_transport(config)
        busy = ("another cascade process is sending email on this project; try again when "
                "it has finished")
        with exclusive(config.state_db.parent / "mail.lock", config["lock_timeout_seconds"],
                       busy):
            rows = ledger.waiting(db, batch)  # again, now that no one else is sending
            _send_rows(config, db, now, rows, key, transport, label)
    except (TransportDown, ConfigError) as exc:
        _stopped(config, db, now, by, exc)
        raise
    return _finished(config, db, now, by)


def _finished(config: Config, db, now: datetime, by: str) -> list[dict]:
    if not ledger.has_waiting(db):
        set_meta(db, STOPPED, "")
    return ledger.log_batches(config, db, now, by)


def _stopped(config: Config, db, now: datetime, by: str, exc: CascadeError) -> None:
    """A send that stopped says so: in the error, and in the state for `cascade status`."""
    left = len(ledger.waiting(db))
    rows_written = ledger.log_batches(config, db, now, by)
    reason = str(exc)
    set_meta(db, STOPPED, json.dumps({"at": now.isoformat(timespec="seconds"),
                                      "reason": reason, "waiting": left}))
    waits = (f"{left} message{' waits' if left == 1 else 's wait'} in the delivery ledger "
             "and will be sent by the next run or cascade newsletter send"
             + (" once this is fixed" if isinstance(exc, ConfigError) else "")
             + (f" ({plural(len(rows_written), 'log row')} written)" if rows_written else ""))
    if isinstance(exc, ConfigError):
        exc.problems.append(waits)
        exc.args = ("\n".join(exc.problems),)
    else:
        exc.args = (f"{reason}. {waits}",)


def stopped(db) -> dict | None:
    """How the last send stopped ({at, reason, waiting}), or None if it did not."""
    value = get_meta(db, STOPPED)
    return json.loads(value) if value else None


def _send_rows(config, db, now, rows, key, transport, label) -> None:
    interval = 60.0 / float(config["mail"]["rate_per_minute"])
    max_attempts = config["mail"]["max_attempts"]
    next_at = time.monotonic()
    shared = _Shared(db)
    with transport as session, _progress(len(rows), label) as bar:
        for row in rows:
            subscriber = subscribers.get(db, row["subscriber_id"])
            if subscriber is None or subscriber.status != "active":
                ledger.settle(db, row["id"], "cancelled", now, "not an active subscriber")
                bar.update(1)
                continue
            if row["batch"].startswith("alert") and not _still_published(db, row):
                # Withdrawn while the alert waited: do not send it.
                ledger.settle(db, row["id"], "cancelled", now, "the item is no longer published")
                bar.update(1)
                continue
            if followup.is_followup(row["batch"]):
                reason = followup.not_to_send(db, row, subscriber)
                if reason:   # a follow-up is sent at most once, never after an opt-out
                    ledger.settle(db, row["id"], "cancelled", now, reason)
                    bar.update(1)
                    continue
            message = render(config, shared, row, subscriber, key, now)
            pause = next_at - time.monotonic()
            if pause > 0:
                time.sleep(pause)
            next_at = time.monotonic() + interval
            if not ledger.claim(db, row["id"], now):
                bar.update(1)
                continue
            try:
                result = session.send(message, subscriber.email)
            except (TransportDown, ConfigError):  # not this message's fault: it waits
                ledger.settle(db, row["id"], "pending", now, "not sent: the transport stopped")
                raise
            if result.status == "sent":
                ledger.settle(db, row["id"], "sent", now)
            elif result.status == "suppress":
                ledger.settle(db, row["id"], "failed", now, result.detail)
                subscribers.set_status(db, subscriber.id, "suppressed",
                                       f"permanent failure: {result.detail}", now)
            elif result.status == "failed":
                ledger.settle(db, row["id"], "failed", now, result.detail)
            else:
                ledger.release(db, row["id"], now, result.detail, max_attempts)
            bar.update(1)


def _still_published(db, row) -> bool:
    # Asked per message, not once per send: another run may withdraw the item meanwhile.
    found = db.execute("SELECT 1 FROM published WHERE item_id = ?", (row["subject_id"],))
    return found.fetchone() is not None


class _Shared:
    """What the messages of a send share, read from the state once instead of once per
    recipient: alert, digest and issue snapshots are written once and never changed."""

    def __init__(self, db):
        self.db = db
        self.found: dict = {}

    def _once(self, key: tuple, read):
        if key not in self.found:
            self.found[key] = read()
        return self.found[key]

    def alert(self, item_id: str, version: str) -> dict:
        return self._once(("alert", item_id, version),
                          lambda: ledger.alert_snapshot(self.db, item_id, version))

    def batch_details(self, batch: str) -> dict:
        return self._once(("batch", batch), lambda: json.loads(self.db.execute(
            "SELECT details FROM batches WHERE batch = ?", (batch,)).fetchone()["details"]))

    def issue(self, issue_id: str) -> dict:
        return self._once(("issue", issue_id), lambda: json.loads(self.db.execute(
            "SELECT snapshot FROM issues WHERE issue_id = ?", (issue_id,)).fetchone()["snapshot"]))


def render(config: Config, shared: _Shared, row, subscriber, key: bytes | None,
           now: datetime):
    """The message for one ledger row, from what was recorded when it was queued.

    Dated by the pass (`--now`), not the wall clock, like everything else it does."""
    links = tokens.links(config, key, subscriber.id, subscriber.email)
    kind = row["batch"].split(":", 1)[0]
    if kind == "alert":
        entry = shared.alert(row["subject_id"], row["version"])
        subject, html, text = compose.alert(config, entry, subscriber, links)
    elif kind == "followup":
        [[item_id, version, sent_at]] = json.loads(row["payload"])
        asking = followup.links(config, key, subscriber, item_id, now)
        subject, html, text = followup.compose(config, shared.alert(item_id, version),
                                               sent_at, subscriber, links, asking)
    elif kind == "digest":
        entries = [shared.alert(item_id, version)
                   for item_id, version in json.loads(row["payload"])]
        subject, html, text = compose.digest(config, entries, subscriber, links,
                                             shared.batch_details(row["batch"]).get("week", ""))
    else:
        subject, html, text = compose.newsletter(config, shared.issue(row["subject_id"]),
                                                 subscriber, links)
    return compose.message(config, subject=subject, html=html, text=text,
                           to_email=subscriber.email, to_name=subscriber.name, links=links,
                           message_key=f"{row['id']}:{row['batch']}",
                           when=now)


class _NoBar:
    def update(self, n: int) -> None:
        pass


@contextmanager
def _progress(length: int, label: str):
    """A progress bar on a terminal only; piped or logged output stays clean."""
    if length > 1 and sys.stdout.isatty():
        with click.progressbar(length=length, label=label) as bar:
            yield bar
    else:
        yield _NoBar()
