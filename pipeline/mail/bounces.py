"""Delivery status notifications (RFC 3464) from a Maildir or an mbox: whom to stop mailing.

A permanent failure (status 5.x.x) suppresses the address at once. A temporary
one (4.x.x) is counted, and the address is suppressed when its count reaches
`mail.soft_bounce_limit`. Each report is read once (by its Message-ID, or a hash
of its bytes when it has none), so reading the same mailbox again changes
nothing. A suppressed address is never mailed again until it signs up again.
Only counts leave this module: no address goes into the log or a report.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import mailbox
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.exceptions import UsageError
from pipeline.mail.subscribers import set_status
from pipeline.settings.config import Config
from pipeline.state import open_state


@dataclass(frozen=True)
class Failure:
    """One recipient line of a delivery report."""

    address: str
    status: str           # e.g. 5.1.1
    permanent: bool


@dataclass
class BounceReport:
    reports: int = 0               # delivery reports read for the first time
    already_read: int = 0
    not_reports: int = 0           # other messages in the mailbox, left alone
    suppressed: int = 0            # addresses suppressed now
    counted: int = 0               # temporary failures counted (not yet suppressed)
    unknown: int = 0               # failures for addresses not on the list
    unreadable: list[str] = field(default_factory=list)


def failures(message: email.message.Message) -> list[Failure]:
    """The failed recipients a delivery status notification reports; [] for other mail."""
    if message.get_content_type() != "multipart/report":
        return []
    found = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        blocks = part.get_payload()
        for block in blocks[1:] if isinstance(blocks, list) else []:   # [0]: per-message
            action = str(block.get("Action", "")).strip().lower()
            status = str(block.get("Status", "")).strip().split(" ")[0]
            recipient = str(block.get("Final-Recipient", "") or block.get(
                "Original-Recipient", ""))
            address = recipient.split(";", 1)[-1].strip().strip("<>")
            if action not in ("failed", "delayed") or not address or "@" not in address:
                continue
            if status[:1] not in ("4", "5"):
                status = "5.0.0" if action == "failed" else "4.0.0"
            found.append(Failure(address, status, permanent=status.startswith("5")))
    return found


def read_bounces(config: Config, path: Path, now: datetime) -> BounceReport:
    """Read every delivery report in a Maildir folder or an mbox file; act on each once."""
    box = _open_box(path)
    report = BounceReport()
    limit = config["mail"]["soft_bounce_limit"]
    with open_state(config.state_db) as db:
        for key in box.keys():
            try:
                raw = box.get_bytes(key)
            except (OSError, KeyError, ValueError) as exc:
                report.unreadable.append(f"{key}: {exc}")
                continue
            message = email.message_from_bytes(raw, policy=email.policy.compat32)
            found = failures(message)
            if not found:
                report.not_reports += 1
                continue
            ident = (message.get("Message-ID") or "").strip() or \
                hashlib.sha256(raw).hexdigest()
            if db.execute("SELECT 1 FROM bounce_reports WHERE report_key = ?",
                          (ident,)).fetchone():
                report.already_read += 1
                continue
            report.reports += 1
            for failure in found:
                _act(db, failure, limit, now, report)
            db.execute("INSERT INTO bounce_reports(report_key, read_at) VALUES (?, ?)",
                       (ident, now.isoformat(timespec="seconds")))
    return report


def _act(db, failure: Failure, limit: int, now: datetime, report: BounceReport) -> None:
    outcome = record_failure(db, failure.address, failure.permanent, failure.status, limit,
                             now)
    if outcome in ("suppressed", "counted", "unknown"):
        setattr(report, outcome, getattr(report, outcome) + 1)


def record_failure(db, address: str, permanent: bool, status: str, limit: int,
                   now: datetime) -> str:
    """Act on one failed delivery to `address` (from a report or a provider's callback):
    'suppressed', 'counted' (temporary, under the limit), 'unknown' (not on the list)
    or 'inactive' (already unsubscribed or suppressed: nothing to do)."""
    row = db.execute("SELECT id, status, soft_bounces FROM subscribers WHERE email = ?",
                     (address,)).fetchone()
    if row is None:
        return "unknown"
    if row["status"] != "active":
        return "inactive"
    if permanent:
        set_status(db, row["id"], "suppressed", f"bounced: {status}", now)
        return "suppressed"
    count = row["soft_bounces"] + 1
    db.execute("UPDATE subscribers SET soft_bounces = ? WHERE id = ?", (count, row["id"]))
    if count >= limit:
        set_status(db, row["id"], "suppressed",
                   f"bounced: {count} temporary failures, the last {status}", now)
        return "suppressed"
    return "counted"


def _open_box(path: Path):
    if path.is_dir():
        if not (path / "cur").is_dir() and not (path / "new").is_dir():
            raise UsageError(f"{path}: not a Maildir folder (it has no cur/ or new/); give "
                             "a Maildir folder or an mbox file")
        return mailbox.Maildir(path, factory=None, create=False)
    if path.is_file():
        return mailbox.mbox(path, factory=None, create=False)
    raise UsageError(f"{path}: no such Maildir folder or mbox file")
