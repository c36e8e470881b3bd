"""Open the transport the settings name."""

from __future__ import annotations

from pipeline.mail.transports.maildir import MaildirTransport
from pipeline.mail.transports.smtp import SmtpTransport
from pipeline.settings.config import Config


def open_transport(config: Config):
    """The configured transport, its settings and secrets checked (nothing is connected yet)."""
    kind = config["mail"]["transport"]
    if kind == "smtp":
        return SmtpTransport(config)
    if kind == "notify":
        # Imported here: it brings in requests, which every other command would pay for.
        from pipeline.mail.transports.notify import NotifyTransport
        return NotifyTransport(config)
    return MaildirTransport(config)
