"""How messages leave: a Maildir folder, an SMTP server, or GOV.UK Notify.

A transport is a context manager (one connection for the whole batch) whose
`send(message, recipient)` takes an `Outgoing` and returns a Result:

- `sent`: accepted; - `retry`: a temporary failure (4xx, rate limit, server
  error) still there after the retries, so the message waits for a later run;
- `failed`: this message can never be sent, the address stays;
- `suppress`: the address permanently fails (5xx); no more mail goes to it.

A problem that stops every message (the server cannot be reached, or still
answers with server errors after the retries) raises TransportDown; a refusal
that would meet every message whoever it is to (a refused login, a relay
denied, a missing template) raises ConfigError. Either stops the batch and the
rest waits in the delivery ledger: it is never settled as a per-message failure. Passwords and keys come only
from the environment and never appear in a message.
"""

from __future__ import annotations

from dataclasses import dataclass




@dataclass(frozen=True)
class Result:
    status: str          # sent | retry | failed | suppress
    detail: str = ""
