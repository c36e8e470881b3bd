"""GOV.UK Notify delivery-status callbacks: whom to stop mailing.

Notify POSTs one JSON object per email when it knows how delivery ended, with
`Authorization: Bearer <the callback token set in Notify>` (CASCADE_NOTIFY_CALLBACK_TOKEN
here). Its fields, as Notify documents them: id, reference, to, status, created_at,
completed_at, sent_at, notification_type (and template_id, template_version).

- permanent-failure: the address does not exist; it is suppressed at once;
- temporary-failure: the inbox was full or similar; counted like a 4.x.x bounce and
  suppressed when the count reaches `mail.soft_bounce_limit`;
- delivered, technical-failure (Notify's own fault): nothing changes.

A failure callback is acted on once (Notify retries callbacks), and no address
leaves this module: only counts.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import datetime

from pipeline.mail.bounces import record_failure
from pipeline.settings.config import Config

TOKEN_VARIABLE = "CASCADE_NOTIFY_CALLBACK_TOKEN"
FAILURES = {"permanent-failure": True, "temporary-failure": False}    # -> permanent?
KNOWN = ("delivered", "permanent-failure", "temporary-failure", "technical-failure")
MAX_ADDRESS = 320


@dataclass(frozen=True)
class Callback:
    id: str
    to: str
    status: str
    notification_type: str


def callback_token() -> str:
    """The bearer token Notify was given ('' when none is set: the endpoint is off)."""
    return os.environ.get(TOKEN_VARIABLE, "").strip()


def authorised(header: str, secret: str) -> bool:
    """Does an Authorization header carry the token? Compared in constant time."""
    scheme, _, sent = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not secret:
        return False
    digest = lambda text: hashlib.sha256(text.strip().encode("utf-8")).digest()  # noqa: E731
    return hmac.compare_digest(digest(sent), digest(secret))


def parse(body: bytes) -> Callback:
    """The callback from its JSON body; ValueError (with what is wrong) otherwise."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ValueError("the body is not JSON") from None
    if not isinstance(data, dict):
        raise ValueError("the body is not a JSON object")
    for name in ("id", "to", "status"):
        if not isinstance(data.get(name), str) or not data[name].strip():
            raise ValueError(f"'{name}' is missing or not a string")
    kind = data.get("notification_type", "email")
    if not isinstance(kind, str):
        raise ValueError("'notification_type' is not a string")
    if len(data["to"]) > MAX_ADDRESS or len(data["id"]) > 100:
        raise ValueError("'to' or 'id' is too long")
    return Callback(data["id"].strip(), data["to"].strip(), data["status"].strip().lower(),
                    kind.strip().lower())


def apply(config: Config, db, callback: Callback, now: datetime) -> str:
    """Act on one callback: 'suppressed', 'counted', 'unknown', 'inactive', 'already-read'
    or 'ignored' (delivered, Notify's own failure, a text message, a status not known)."""
    if callback.notification_type != "email" or callback.status not in FAILURES:
        return "ignored"
    key = f"notify:{callback.id}:{callback.status}"
    if db.execute("SELECT 1 FROM bounce_reports WHERE report_key = ?", (key,)).fetchone():
        return "already-read"
    outcome = record_failure(db, callback.to, FAILURES[callback.status],
                             f"GOV.UK Notify {callback.status}",
                             config["mail"]["soft_bounce_limit"], now)
    db.execute("INSERT INTO bounce_reports(report_key, read_at) VALUES (?, ?)",
               (key, now.isoformat(timespec="seconds")))
    return outcome
