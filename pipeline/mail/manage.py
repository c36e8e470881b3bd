"""Managing a subscription without an account: the emailed manage link, a change of
address confirmed at the new address, the subscriber's data as JSON, and erasure.

A manage link names the subscriber and is bound to their address: it stops working
when the address changes or the subscriber is erased, and after 7 days. Asking for
one never says whether an address is on the list (see `request_link`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from pipeline.mail import notice as notices
from pipeline.mail import tokens
from pipeline.mail.mime import Outgoing
from pipeline.mail.schema import atomic, join, split
from pipeline.mail.subscribers import Subscriber, erase, get
from pipeline.settings.config import Config

LINK_DAYS = 7
MAX_EMAIL = 254


def manage_link(config: Config, key: bytes, subscriber: Subscriber, now: datetime) -> str:
    token = tokens.make_expiring(key, "manage", subscriber.id, subscriber.email, now,
                                 days=LINK_DAYS)
    return f"{tokens.base_url(config)}manage?token={quote(token)}"


def manage_notice(config: Config, link: str) -> notices.Notice:
    return notices.Notice(
        subject=f"Manage your email from {config['partnership']}",
        heading="Manage your subscription",
        paragraphs=["Use this link to change what you get, change your email address, "
                    "unsubscribe, download your data or delete it. The link works for "
                    f"{LINK_DAYS} days."],
        actions=[("Manage your subscription", link)],
        reason="You got this email because someone asked for a link to manage the "
               "subscription of this address. If it was not you, you can ignore it: "
               "nothing changes unless the link is used.")


def request_link(config: Config, db, key: bytes, email: str, now: datetime) -> Outgoing | None:
    """The manage email for an address, if it is an active subscriber's; else None.

    The same work (a token, the whole message) is done for every address, so the
    answer takes about as long whatever the address; only the sending differs.
    """
    row = db.execute("SELECT * FROM subscribers WHERE email = ?", (email,)).fetchone()
    subscriber = Subscriber.from_row(row) if row is not None else \
        Subscriber(0, email, "", (), (), "immediate", "none")
    message = notices.compose(config, manage_notice(config, manage_link(config, key, subscriber,
                                                                          now)),
                              subscriber.email, now, kind="manage")
    return message if subscriber.status == "active" else None


@dataclass(frozen=True)
class AddressChange:
    signup_id: int
    email: str           # the new address
    subscriber_id: int


def start_address_change(config: Config, db, key: bytes, subscriber: Subscriber, new: str,
                         now: datetime) -> Outgoing:
    """Record a change of address waiting for its confirmation; the email to the NEW address.

    Whether the new address is already on the list is not looked at here: the page
    says the same either way, and the person who follows the link (who holds the new
    address) is told what happened.
    """
    with atomic(db):
        cursor = db.execute(
            "INSERT INTO signups(email, name, audiences, themes, frequency, subscriber_id, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (new, subscriber.name, join(subscriber.audiences), join(subscriber.themes),
             subscriber.frequency, subscriber.id, now.isoformat(timespec="seconds")))
    token = tokens.make_expiring(key, "address", cursor.lastrowid, new, now, days=LINK_DAYS)
    link = f"{tokens.base_url(config)}address?token={quote(token)}"
    notice = notices.Notice(
        subject=f"Confirm your new email address for {config['partnership']}",
        heading="Confirm your new email address",
        paragraphs=["Someone asked for the emails they get from "
                    f"{config['partnership']} to come to this address instead. Nothing "
                    f"changes until you confirm. The link works for {LINK_DAYS} days."],
        actions=[("Confirm this email address", link)],
        reason="You got this email because this address was entered as a new address for "
               "a subscription. If it was not you, ignore it: nothing changes.")
    return notices.compose(config, notice, new, now, kind="address")


def pending_change(db, token: str) -> AddressChange | None:
    """The change of address an `address` token names (not yet verified)."""
    ident = tokens.expiring_id(token, "address")
    row = db.execute("SELECT id, email, subscriber_id FROM signups WHERE id = ? AND "
                     "subscriber_id IS NOT NULL", (ident,)).fetchone() if ident else None
    return AddressChange(row["id"], row["email"], row["subscriber_id"]) if row else None


def finish_address_change(db, change: AddressChange, now: datetime) -> str:
    """Switch the subscription to the new address: 'changed'; 'taken' when the new
    address already gets our emails (nothing changes); 'gone' when the subscription
    was ended meanwhile."""
    subscriber = get(db, change.subscriber_id)
    other = db.execute("SELECT id, status FROM subscribers WHERE email = ?",
                       (change.email,)).fetchone()
    if subscriber is None or subscriber.status != "active":
        outcome = "gone"
    elif other is not None and other["id"] != subscriber.id and other["status"] == "active":
        outcome = "taken"
    else:
        outcome = "changed"
        if other is not None and other["id"] != subscriber.id:
            # A lapsed subscription of the new address: its holder now asks for mail
            # there again (as a new sign-up would), so the old record goes.
            erase(db, other["id"], now, count=False)
    with atomic(db):
        db.execute("DELETE FROM signups WHERE id = ?", (change.signup_id,))
        if outcome == "changed":
            db.execute("UPDATE subscribers SET email = ?, soft_bounces = 0, changed_at = ? "
                       "WHERE id = ?", (change.email, now.isoformat(timespec="seconds"),
                                        subscriber.id))
    return outcome


def data_export(db, subscriber: Subscriber, now: datetime) -> bytes:
    """Everything held about one subscriber, as JSON (the right of access)."""
    row = db.execute("SELECT * FROM subscribers WHERE id = ?", (subscriber.id,)).fetchone()
    sent = {r["status"]: r["n"] for r in db.execute(
        "SELECT status, COUNT(*) AS n FROM deliveries WHERE subscriber_id = ? "
        "GROUP BY status", (subscriber.id,))}
    answers = [{"item": r["item_id"], "answer": r["answer"], "answered_at": r["answered_at"]}
               for r in db.execute("SELECT item_id, answer, answered_at FROM followup_answers "
                                   "WHERE subscriber_id = ? ORDER BY answered_at, item_id",
                                   (subscriber.id,))]
    changes = [r["email"] for r in db.execute(
        "SELECT email FROM signups WHERE subscriber_id = ? ORDER BY id", (subscriber.id,))]
    data = {
        "email": row["email"],
        "name": row["name"],
        "audiences": split(row["audiences"]),
        "themes": split(row["themes"]),
        "frequency": row["frequency"],
        "status": row["status"],
        "status_note": row["status_note"],
        "subscribed_at": row["created_at"],
        "changed_at": row["changed_at"],
        "temporary_delivery_failures": row["soft_bounces"],
        "messages": {"sent": sent.get("sent", 0), "failed": sent.get("failed", 0),
                     "waiting": sent.get("pending", 0) + sent.get("sending", 0),
                     "cancelled": sent.get("cancelled", 0)},
        "follow_up_questions": bool(row["followups"]),
        "follow_up_answers": answers,
        "address_changes_waiting": changes,
        "exported_at": now.isoformat(timespec="seconds"),
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
