"""The Maildir transport: each message a file in a folder any mail client opens."""

from __future__ import annotations

import mailbox

from pipeline.exceptions import TransportDown
from pipeline.mail.transports.base import Result
from pipeline.settings.config import Config


class MaildirTransport:
    """Each message becomes a file in a Maildir (tmp/ then new/), which any mail client opens."""

    name = "maildir"

    def __init__(self, config: Config):
        self.path = config.root / config["mail"]["maildir"]
        self.box = None

    def __enter__(self):
        try:
            self.box = mailbox.Maildir(self.path, create=True)
        except OSError as exc:
            raise TransportDown(f"mail.maildir: cannot create {self.path.name}/ "
                                f"({exc.strerror})") from None
        return self

    def __exit__(self, *exc_info):
        self.box = None

    def send(self, message, recipient: str) -> Result:
        try:
            self.box.add(message.as_bytes(linesep=b"\n"))   # local files end lines in LF
        except OSError as exc:
            raise TransportDown(f"mail.maildir: cannot write a message ({exc.strerror})") from None
        return Result("sent")
