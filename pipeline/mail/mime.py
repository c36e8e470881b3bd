"""An outgoing email, written straight to bytes.

Every message Cascade sends has one shape: a few headers, a plain-text part and
(except the officer's reminders) an HTML alternative, both UTF-8. Writing that
shape directly takes microseconds; building it with the `email` package's header
registry and generator took about 5 ms a message, most of a 10,000-subscriber
batch (see benchmarks/bench_smtp.py). The tests read every message back with the
`email` package, so what is written here is what a mail client parses.

Headers stay on one line up to RFC 5322's hard limit of 998 characters (long
link headers are common and legal); anything longer, or not ASCII, is written
with the standard library's RFC 2047 encoder. A body that is ASCII with short
lines goes as 7bit; anything else as quoted-printable, which every server
accepts, with or without 8BITMIME.
"""

from __future__ import annotations

import binascii
import hashlib
from dataclasses import dataclass
from datetime import datetime
from email.header import Header
from email.utils import format_datetime, formataddr

MAX_LINE = 998


@dataclass(frozen=True)
class Outgoing:
    subject: str
    text: str
    html: str | None          # None: a plain-text message
    sender: tuple[str, str]   # (display name, address)
    to: tuple[str, str]
    date: datetime
    message_id: str           # with its angle brackets
    unsubscribe: str = ""     # the https one-click link (RFC 8058)
    unsubscribe_mailto: str = ""

    def as_bytes(self, linesep: bytes = b"\r\n") -> bytes:
        """The whole message, every line ending in `linesep` (CRLF for SMTP)."""
        lines = [*_header("Subject", self.subject), *_address("From", *self.sender),
                 *_address("To", *self.to), *_header("Date", format_datetime(self.date)),
                 *_header("Message-ID", self.message_id)]
        if self.unsubscribe:
            links = [f"<{self.unsubscribe}>"]
            if self.unsubscribe_mailto:
                links.append(f"<{self.unsubscribe_mailto}>")
            lines += [*_header("List-Unsubscribe", ", ".join(links)),
                      b"List-Unsubscribe-Post: List-Unsubscribe=One-Click"]
        lines += [b"Auto-Submitted: auto-generated", b"MIME-Version: 1.0"]
        text = _part("plain", self.text)
        if self.html is None:
            return linesep.join(lines + text) + linesep
        html = _part("html", self.html)
        boundary = _boundary(self.message_id, text, html)
        # The line break before a boundary belongs to the boundary (RFC 2046), hence b"".
        lines += [f'Content-Type: multipart/alternative; boundary="{boundary}"'.encode(), b"",
                  f"--{boundary}".encode(), *text, b"", f"--{boundary}".encode(), *html, b"",
                  f"--{boundary}--".encode()]
        return linesep.join(lines) + linesep


def _header(name: str, value: str) -> list[bytes]:
    """One header as its line(s); RFC 2047-encoded when it is not plain, short ASCII."""
    value = " ".join(value.split())     # no line break reaches a header
    if value.isascii() and "=?" not in value and len(name) + 2 + len(value) <= MAX_LINE:
        return [f"{name}: {value}".encode("ascii")]
    return _lines(f"{name}: {Header(value, 'utf-8', header_name=name).encode()}")


def _address(field: str, name: str, address: str) -> list[bytes]:
    """`Field: Name <address>`, the name quoted or RFC 2047-encoded as it needs."""
    name = " ".join(name.split())
    if not name:
        return [f"{field}: {address}".encode("ascii")]
    if name.isascii() and "=?" not in name:
        return [f"{field}: {formataddr((name, address))}".encode("ascii")]
    encoded = Header(name, "utf-8", header_name=field).encode()
    return _lines(f"{field}: {encoded} <{address}>")


def _lines(folded: str) -> list[bytes]:
    return folded.encode("ascii").split(b"\n")


def _part(subtype: str, content: str) -> list[bytes]:
    """One body part's headers, blank line and lines (no line endings yet)."""
    data = content.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    if data.isascii() and max(map(len, lines), default=0) <= MAX_LINE:
        encoding = "7bit"
    else:
        encoding = "quoted-printable"
        lines = binascii.b2a_qp(b"\n".join(lines), istext=True).split(b"\n")
    return [f'Content-Type: text/{subtype}; charset="utf-8"'.encode(),
            f"Content-Transfer-Encoding: {encoding}".encode(), b"", *lines]


def _boundary(message_id: str, *parts: list[bytes]) -> str:
    """A boundary from the Message-ID (a re-send is the same message), not in any line."""
    seed = hashlib.sha256(message_id.encode("utf-8")).hexdigest()[:32]
    body = b"\n".join(line for part in parts for line in part)
    for attempt in range(100):
        boundary = f"=_cascade_{seed}_{attempt}"
        if boundary.encode("ascii") not in body:
            return boundary
    raise ValueError("no free MIME boundary")   # a hundred sha256 collisions: never
