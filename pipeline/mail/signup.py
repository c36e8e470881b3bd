"""Sign-ups from the website, with double opt-in.

A request never subscribes anyone: it keeps the choices in `signups` and emails a
link (purpose `confirm`, 7 days, single use). Only confirming that link makes an
active subscriber, or makes an unsubscribed or suppressed one active again with the
new choices. An address that is already active gets a link to manage its
subscription instead. Every request sends exactly one email whatever the address's
state, so neither the page nor its timing says whether an address is known.
Unconfirmed sign-ups are deleted after 7 days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import quote

from pipeline.mail import manage, notice, subscribers, tokens
from pipeline.mail.schema import atomic, join, split
from pipeline.settings.config import Config

DAYS = 7              # how long a confirmation link works; how long a sign-up waits
CONFIRM, MANAGE = "confirm", "manage"


@dataclass(frozen=True)
class Pending:
    """A sign-up waiting for its confirming click."""

    id: int
    email: str
    name: str
    audiences: tuple[str, ...]
    themes: tuple[str, ...]
    frequency: str

    @classmethod
    def from_row(cls, row) -> "Pending":
        return cls(row["id"], row["email"], row["name"], tuple(split(row["audiences"])),
                   tuple(split(row["themes"])), row["frequency"])


def forget_unconfirmed(db, now: datetime) -> int:
    """Delete sign-ups (and changes of address) older than 7 days; return how many."""
    cutoff = (now - timedelta(days=DAYS)).isoformat(timespec="seconds")
    # julianday reads the offsets, so a summer and a winter time compare as instants.
    return db.execute("DELETE FROM signups WHERE julianday(created_at) < julianday(?)",
                      (cutoff,)).rowcount


def request(config: Config, db, transport, key: bytes, email: str, name: str,
            audiences, themes, frequency: str, now: datetime) -> str:
    """A sign-up request for an address already checked: email a confirmation link, or a
    manage link to an active subscriber. Returns which ("confirm" or "manage")."""
    forget_unconfirmed(db, now)
    email = email.strip()
    known = db.execute("SELECT id FROM subscribers WHERE email = ?", (email,)).fetchone()
    subscriber = subscribers.get(db, known["id"]) if known is not None else None
    if subscriber is not None and subscriber.status == "active":
        link = manage.manage_link(config, key, subscriber, now)
        notice.send(config, transport, already_subscribed(config, link), subscriber.email, now,
                    kind="manage")
        return MANAGE
    stamp = now.isoformat(timespec="seconds")
    values = (name, join(audiences), join(themes), frequency, stamp)
    with atomic(db):
        # One sign-up waits per address: asking again replaces its choices, and the link
        # in any of its emails confirms the latest ones (shown before the button).
        row = db.execute("SELECT id FROM signups WHERE email = ? AND subscriber_id IS NULL "
                         "ORDER BY id LIMIT 1", (email,)).fetchone()
        if row is None:
            ident = db.execute("INSERT INTO signups(name, audiences, themes, frequency, "
                               "created_at, email) VALUES (?, ?, ?, ?, ?, ?)",
                               (*values, email)).lastrowid
        else:
            ident = row["id"]
            db.execute("UPDATE signups SET name = ?, audiences = ?, themes = ?, frequency = ?, "
                       "created_at = ?, email = ? WHERE id = ?", (*values, email, ident))
        subscribers.count_event(db, "signed-up", now)
    token = tokens.make_expiring(key, CONFIRM, ident, email, now, days=DAYS)
    notice.send(config, transport, confirm_notice(config, token), email, now, kind="confirm")
    return CONFIRM


def confirm_notice(config: Config, token: str) -> notice.Notice:
    partnership = config["partnership"]
    return notice.Notice(
        subject=f"Confirm your email updates from {partnership}",
        heading="Confirm your email updates",
        paragraphs=[f"Someone, probably you, asked for email updates from {partnership} "
                    "to be sent to this address.",
                    f"To start getting them, follow this link and press the button to confirm. "
                    f"The link works for {DAYS} days."],
        actions=[("Confirm your email updates", confirm_link(config, token))],
        reason="You got this email because this address was entered on our sign-up page. "
               "If that was not you, ignore this email: nothing is sent unless the link is "
               "confirmed.")


def already_subscribed(config: Config, link: str) -> notice.Notice:
    """What an active subscriber gets on signing up again: their manage link."""
    partnership = config["partnership"]
    return notice.Notice(
        subject=f"Manage your email updates from {partnership}",
        heading="You already get our email updates",
        paragraphs=[f"Someone, probably you, asked for email updates from {partnership} to "
                    "be sent to this address. This address already gets them.",
                    "To change what you get, change your address, unsubscribe, or download "
                    "or delete your data, follow this link. It works for "
                    f"{manage.LINK_DAYS} days."],
        actions=[("Manage your subscription", link)],
        reason="You got this email because this address was entered on our sign-up page. "
               "If that was not you, ignore this email: nothing has changed.")


def confirm_link(config: Config, token: str) -> str:
    return f"{tokens.base_url(config)}confirm?token={quote(token)}"


def check(db, key: bytes, token: str, now: datetime) -> tuple[str, Pending | None]:
    """What a confirmation link is now: ('ok', the sign-up), or 'used' (already
    confirmed), 'expired' or 'invalid' with None. Changes nothing."""
    ident = tokens.expiring_id(token, CONFIRM)
    if ident is None:
        return "invalid", None
    if tokens.was_used(db, token):
        return "used", None
    row = db.execute("SELECT * FROM signups WHERE id = ? AND subscriber_id IS NULL",
                     (ident,)).fetchone()
    if row is None:
        # Sign-ups are deleted when their link expires: a link past its date whose sign-up
        # is gone is told it expired (it changes nothing, whoever made it).
        expired = now.timestamp() >= tokens.expires_at(token)
        return ("expired" if expired else "invalid"), None
    state = tokens.verify_expiring(key, token, CONFIRM, ident, row["email"], now)
    return state, Pending.from_row(row) if state == "ok" else None


def confirm(db, key: bytes, token: str, now: datetime) -> tuple[str, Pending | None, int]:
    """Confirm a sign-up: (state as `check`, the sign-up, the subscriber id). On 'ok' the
    address is an active subscriber with the sign-up's choices and the sign-up is gone."""
    with atomic(db):
        state, pending = check(db, key, token, now)
        if state != "ok":
            return state, None, 0
        if not tokens.use_once(db, token, now):
            return "used", None, 0
        ident = subscribers.subscribe(db, pending.email, pending.name, pending.audiences,
                                      pending.themes, pending.frequency, now,
                                      "confirmed sign-up")
        db.execute("DELETE FROM signups WHERE email = ? AND subscriber_id IS NULL",
                   (pending.email,))
        subscribers.count_event(db, "confirmed", now)
    return "ok", pending, ident
