"""Signed links for unsubscribing and changing preferences.

A token names the subscriber and carries an HMAC-SHA256 over its purpose, the
subscriber's id and their address, keyed by a secret from the environment
(CASCADE_SIGNING_KEY). Changing any part, or signing with another key, gives a
token that `verify` refuses. Unsubscribe, preference and stop-follow-up tokens do not
expire: such a link in an old email must still work. Links that start something
(confirm a sign-up, manage a subscription, answer a follow-up) expire and name their
purpose in full; a single-use one is recorded when used.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from datetime import datetime
from urllib.parse import quote

from pipeline.settings.config import Config
from pipeline.exceptions import ConfigError
from pipeline.signing import sign
from pipeline.state import get_meta

KEY_VARIABLE = "CASCADE_SIGNING_KEY"
STORED_KEY = "mail_signing_key"
MIN_KEY_LENGTH = 16
# Links that never expire: unsubscribe, preferences, and stopping follow-up questions.
TOKEN = re.compile(r"^v1\.([upf])\.([1-9][0-9]{0,11})\.([A-Za-z0-9_-]{43})\Z")


def signing_key(config: Config, db) -> bytes:
    """The key from the environment; for the maildir transport, one kept in the state DB.

    A fresh clone has no secrets and writes mail only to a local folder, so it may
    make its own key; any transport that reaches real inboxes needs the variable.
    """
    value = os.environ.get(KEY_VARIABLE, "")
    if value:
        if len(value) < MIN_KEY_LENGTH:
            raise ConfigError(f"{KEY_VARIABLE}: expected a secret of at least {MIN_KEY_LENGTH} "
                              f"characters, got a shorter one")
        return value.encode("utf-8")
    if config["mail"]["transport"] == "maildir":
        db.execute("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)",
                   (STORED_KEY, secrets.token_urlsafe(32)))
        return get_meta(db, STORED_KEY).encode("utf-8")
    raise ConfigError(f"{KEY_VARIABLE}: expected a secret in the environment to sign "
                      f"the links in emails and forms (the {config['mail']['transport']} "
                      "transport reaches real inboxes), got nothing; set it to a long random value, e.g. the "
                      "output of: python -c \"import secrets; print(secrets.token_urlsafe(32))\", "
                      "and give the web server the same value")


def _tag(key: bytes, purpose: str, subscriber_id: int, email: str) -> str:
    return sign(key, purpose, str(subscriber_id), email.strip().lower())


def make(key: bytes, purpose: str, subscriber_id: int, email: str) -> str:
    return f"v1.{purpose[0]}.{subscriber_id}.{_tag(key, purpose, subscriber_id, email)}"


def parse(token: str, purpose: str) -> int | None:
    """The subscriber id a well-formed token of this purpose names (not yet verified)."""
    match = TOKEN.match(token or "")
    if not match or match.group(1) != purpose[0]:
        return None
    return int(match.group(2))


def verify(key: bytes, token: str, purpose: str, subscriber_id: int, email: str) -> bool:
    match = TOKEN.match(token or "")
    if not match or match.group(1) != purpose[0] or int(match.group(2)) != subscriber_id:
        return False
    return hmac.compare_digest(match.group(3), _tag(key, purpose, subscriber_id, email))


def base_url(config: Config) -> str:
    """Where `cascade serve`'s pages are reached: links in emails and forms go there."""
    return config["mail"]["subscription_url"] or config["subscribe_url"] or \
        config.site_url + "subscriptions/"


def links(config: Config, key: bytes | None, subscriber_id: int, email: str) -> dict:
    """The https and mailto unsubscribe links and the preferences link for one subscriber.

    With no key (a preview) the links show where they go but carry no token.
    """
    if key is None:
        unsubscribe = preferences = "preview"
    else:
        unsubscribe = make(key, "unsubscribe", subscriber_id, email)
        preferences = make(key, "preferences", subscriber_id, email)
    base = base_url(config)
    mailbox = config["mail"]["unsubscribe_mailbox"] or config["contact_email"]
    return {
        "unsubscribe": f"{base}unsubscribe?token={quote(unsubscribe)}",
        "preferences": f"{base}preferences?token={quote(preferences)}",
        "mailto": f"mailto:{mailbox}?subject={quote('unsubscribe ' + unsubscribe)}",
    }


# Links that expire (sign-up confirmation, manage, change of address, follow-up answers):
# v2.<purpose>.<id>.<expiry, Unix seconds in base 36>.<HMAC over all of it and the address>.
EXPIRING = re.compile(r"v2\.([a-z]{1,12})\.([1-9][0-9]{0,11})\.([0-9a-z]{1,10})\."
                      r"([A-Za-z0-9_-]{43})\Z")
DAY = 24 * 3600
LONGEST_DAYS = 31    # no expiring link lives longer, so a used one can be forgotten after it


def _expiring_tag(key: bytes, purpose: str, ident: int, email: str, expires: int,
                  extra: str) -> str:
    return _tag(key, f"{purpose}\x1f{expires}\x1f{extra}", ident, email)


def make_expiring(key: bytes, purpose: str, ident: int, email: str, now: datetime,
                  days: float = 7, extra: str = "") -> str:
    """A link token for `purpose` and this id and address, valid `days` from `now`.
    `extra` binds more (an item, an answer) without showing it."""
    if days > LONGEST_DAYS:
        raise ValueError(f"an expiring link lives {LONGEST_DAYS} days at most")
    expires = int(now.timestamp() + days * DAY)
    tag = _expiring_tag(key, purpose, ident, email, expires, extra)
    return f"v2.{purpose}.{ident}.{_base36(expires)}.{tag}"


def expiring_id(token: str, purpose: str) -> int | None:
    """The id a well-formed token of this purpose names (not yet verified)."""
    match = EXPIRING.match(token or "")
    if not match or match.group(1) != purpose:
        return None
    return int(match.group(2))


def verify_expiring(key: bytes, token: str, purpose: str, ident: int, email: str,
                    now: datetime, extra: str = "") -> str:
    """'ok', 'expired' (genuine but too old) or 'invalid'."""
    match = EXPIRING.match(token or "")
    if not match or match.group(1) != purpose or int(match.group(2)) != ident:
        return "invalid"
    expires = int(match.group(3), 36)
    if not hmac.compare_digest(match.group(4),
                               _expiring_tag(key, purpose, ident, email, expires, extra)):
        return "invalid"
    return "ok" if now.timestamp() < expires else "expired"


def _used_tag(token: str) -> str:
    """What is kept of a used single-use token: a hash of its signature."""
    return hashlib.sha256(token.rsplit(".", 1)[-1].encode("ascii")).hexdigest()


def use_once(db, token: str, now: datetime) -> bool:
    """Record a single-use token as used; False if it was used before."""
    inserted = db.execute("INSERT OR IGNORE INTO used_tokens(tag, used_at) VALUES (?, ?)",
                          (_used_tag(token), now.isoformat(timespec="seconds")))
    return inserted.rowcount == 1


def was_used(db, token: str) -> bool:
    return db.execute("SELECT 1 FROM used_tokens WHERE tag = ?",
                      (_used_tag(token),)).fetchone() is not None


def expires_at(token: str) -> int:
    """A well-formed expiring token's expiry, Unix seconds (not yet verified)."""
    return int(EXPIRING.match(token).group(3), 36)


def forget_used(db, now: datetime) -> int:
    """Forget used single-use links old enough to have expired anyway; return how many."""
    cutoff = datetime.fromtimestamp(now.timestamp() - LONGEST_DAYS * DAY, now.tzinfo)
    # julianday reads the offsets, so a summer and a winter time compare as instants.
    return db.execute("DELETE FROM used_tokens WHERE julianday(used_at) < julianday(?)",
                      (cutoff.isoformat(timespec="seconds"),)).rowcount


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = digits[digit] + text
        if not number:
            return text
