"""Open the transport the settings name."""

from __future__ import annotations

from pipeline.mail.transports.maildir import MaildirTransport
from pipeline.mail.transports.notify import NotifyTransport
from pipeline.mail.transports.smtp import SmtpTransport
from pipeline.settings.config import Config


def open_transport(config: Config):
    """The configured transport, its settings and secrets checked (nothing is connected yet)."""
    kind = config["mail"]["transport"]
    if kind == "smtp":
        return SmtpTransport(config)
    if kind == "notify":
        return NotifyTransport(config)
    return MaildirTransport(config)
