"""How messages leave: a Maildir folder, an SMTP server, or GOV.UK Notify.

A transport is a context manager (one connection for the whole batch) whose
`send(message, recipient)` takes an `Outgoing` and returns a Result:

- `sent`: accepted; - `retry`: a temporary failure (4xx, rate limit, server
  error) still there after the retries, so the message waits for a later run;
- `failed`: this message can never be sent, the address stays;
- `suppress`: the address permanently fails (5xx); no more mail goes to it.

A problem that stops every message (the server cannot be reached) raises
TransportDown; a refused login raises ConfigError. Passwords and keys come only
from the environment and never appear in a message.
"""

from __future__ import annotations

import mailbox
import os
import smtplib
import ssl
import time
from dataclasses import dataclass

from pipeline.config import Config
from pipeline.exceptions import ConfigError, TransportDown  # noqa: F401 - re-exported

PASSWORD_VARIABLE = "CASCADE_SMTP_PASSWORD"


@dataclass(frozen=True)
class Result:
    status: str          # sent | retry | failed | suppress
    detail: str = ""


def open_transport(config: Config):
    """The configured transport, its settings and secrets checked (nothing is connected yet)."""
    kind = config["mail"]["transport"]
    if kind == "smtp":
        return SmtpTransport(config)
    if kind == "notify":
        from pipeline.mail.notify import NotifyTransport
        return NotifyTransport(config)
    return MaildirTransport(config)


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


class SmtpTransport:
    """One SMTP connection per batch; STARTTLS or TLS; 4xx retried, 5xx suppresses."""

    name = "smtp"

    def __init__(self, config: Config):
        mail = config["mail"]
        self.settings = mail["smtp"]
        self.sender = mail["from_address"]
        self.retries, self.backoff = mail["retries"], float(mail["backoff_seconds"])
        self.password = os.environ.get(PASSWORD_VARIABLE, "")
        if self.settings["username"] and not self.password:
            raise ConfigError(f"{PASSWORD_VARIABLE}: expected the SMTP password for "
                              f"mail.smtp.username in the environment, got nothing")
        self.ca_file = str(config.root / self.settings["ca_file"]) \
            if self.settings["ca_file"] else None
        self.smtp = None

    @property
    def where(self) -> str:
        return f"{self.settings['host']}:{self.settings['port']}"

    def __enter__(self):
        self._connect()
        return self

    def __exit__(self, *exc_info):
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (OSError, smtplib.SMTPException):
                pass
            self.smtp = None

    def _connect(self) -> None:
        s = self.settings
        try:
            context = ssl.create_default_context(cafile=self.ca_file)
            if s["security"] == "tls":
                self.smtp = smtplib.SMTP_SSL(s["host"], s["port"], timeout=s["timeout_seconds"],
                                             context=context)
            else:
                self.smtp = smtplib.SMTP(s["host"], s["port"], timeout=s["timeout_seconds"])
                self.smtp.ehlo()
                if s["security"] == "starttls":
                    self.smtp.starttls(context=context)
                    self.smtp.ehlo()
            if s["username"]:
                self.smtp.login(s["username"], self.password)
        except smtplib.SMTPAuthenticationError as exc:
            raise ConfigError(f"mail.smtp.username: the server {self.where} refused the login "
                              f"({exc.smtp_code}); check the user name and "
                              f"{PASSWORD_VARIABLE}") from None
        except smtplib.SMTPNotSupportedError:
            raise ConfigError(f"mail.smtp.security: the server {self.where} does not offer "
                              "STARTTLS; use security: tls (usually port 465)") from None
        except (OSError, smtplib.SMTPException) as exc:
            raise TransportDown(f"cannot use the SMTP server {self.where} "
                                f"({_describe(exc)})") from None

    def send(self, message, recipient: str) -> Result:
        data = message.as_bytes()
        reconnected = False
        attempt = 0
        while True:
            try:
                self.smtp.sendmail(self.sender, [recipient], data)
                return Result("sent")
            except smtplib.SMTPRecipientsRefused as exc:
                code, text = next(iter(exc.recipients.values()))
            except smtplib.SMTPSenderRefused as exc:
                raise TransportDown(f"the SMTP server {self.where} refused the sender "
                                    f"mail.from_address ({exc.smtp_code})") from None
            except smtplib.SMTPResponseException as exc:
                code, text = exc.smtp_code, exc.smtp_error
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                if reconnected:
                    raise TransportDown(f"lost the connection to the SMTP server {self.where} "
                                        f"({_describe(exc)})") from None
                reconnected = True
                self._connect()
                continue
            text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
            detail = f"{code} {' '.join(text.split())}"
            if 500 <= code < 600:
                return Result("suppress", detail)
            if attempt < self.retries:
                time.sleep(self.backoff * 2 ** attempt)
                attempt += 1
                continue
            return Result("retry", detail)


def _describe(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return " ".join(str(exc).split()) or type(exc).__name__
