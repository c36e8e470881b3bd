"""One-off messages to one person: confirm a sign-up, a link to manage a subscription,
a follow-up question. Sent at once through the configured transport; they are not
dissemination, so nothing goes to the log (and no address anywhere but the mailbox).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime

from pipeline.mail.layout import STYLES
from pipeline.mail.mime import Outgoing
from pipeline.mail.transports.base import Result
from pipeline.render import render
from pipeline.settings.config import Config


@dataclass(frozen=True)
class Notice:
    """What a notice says; `actions` are (label, address) pairs, shown as links."""

    subject: str
    heading: str
    paragraphs: list[str]
    actions: list[tuple[str, str]]
    reason: str                      # why this person got it
    after: list[str] = field(default_factory=list)


def compose(config: Config, notice: Notice, to: str, now: datetime,
            kind: str = "notice") -> Outgoing:
    mail = config["mail"]
    context = {"subject": notice.subject, "heading": notice.heading,
               "paragraphs": notice.paragraphs, "actions": notice.actions,
               "after": notice.after, "reason": notice.reason,
               "partnership": config["partnership"], "contact": config["contact_email"],
               "s": STYLES}
    domain = mail["from_address"].rsplit("@", 1)[1]
    return Outgoing(subject=notice.subject, text=render("mail/notice.txt", **context),
                    html=render("mail/notice.html", **context),
                    sender=(mail["from_name"], mail["from_address"]), to=("", to), date=now,
                    message_id=f"<cascade.{kind}-{secrets.token_hex(12)}@{domain}>")


def send(config: Config, transport, notice: Notice, to: str, now: datetime,
         kind: str = "notice") -> Result:
    """Send one notice through an open transport (see transports.choose.open_transport)."""
    return transport.send(compose(config, notice, to, now, kind), to)
