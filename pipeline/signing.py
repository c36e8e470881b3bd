"""The one signature every signed thing uses (links in emails, form tokens, the feedback
forms' page tokens): HMAC-SHA256 over its parts joined by the unit separator, in
URL-safe base64 without padding. The separator cannot occur in an id, a purpose or an
address, so the joining is unambiguous."""

from __future__ import annotations

import base64
import hashlib
import hmac


def sign(key: bytes, *parts: str) -> str:
    message = "\x1f".join(parts).encode("utf-8")
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
