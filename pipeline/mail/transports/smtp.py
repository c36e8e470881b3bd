"""The SMTP transport: one connection per batch, STARTTLS or TLS, paced retries."""

from __future__ import annotations

import os
import re
import smtplib
import ssl
import time

from pipeline.exceptions import ConfigError, TransportDown
from pipeline.mail.transports.base import Result
from pipeline.settings.config import Config

PASSWORD_VARIABLE = "CASCADE_SMTP_PASSWORD"


class SmtpTransport:
    """One SMTP connection per batch; STARTTLS or TLS; 4xx retried; a 5xx about the
    address suppresses it, one about the set-up (login, relaying) stops the batch."""

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
            phase = "recipient"
            try:
                self.smtp.sendmail(self.sender, [recipient], data)
                return Result("sent")
            except smtplib.SMTPRecipientsRefused as exc:
                code, text = next(iter(exc.recipients.values()))
            except smtplib.SMTPSenderRefused as exc:
                detail = f"{exc.smtp_code} {_text(exc.smtp_error)}"
                if 500 <= exc.smtp_code < 600:
                    raise ConfigError(f"mail.from_address: the SMTP server {self.where} refused "
                                      f"the sender ({detail}); nothing can be sent until this "
                                      "is fixed: check mail.from_address, mail.smtp.username "
                                      "and mail.smtp.security") from None
                raise TransportDown(f"the SMTP server {self.where} refused the sender "
                                    f"mail.from_address ({detail})") from None
            except smtplib.SMTPResponseException as exc:
                code, text, phase = exc.smtp_code, exc.smtp_error, "message"
            except (smtplib.SMTPServerDisconnected, OSError) as exc:
                if reconnected:
                    raise TransportDown(f"lost the connection to the SMTP server {self.where} "
                                        f"({_describe(exc)})") from None
                reconnected = True
                self._connect()
                continue
            detail = f"{code} {_text(text)}"
            if 500 <= code < 600:
                if refuses_everyone(code, _text(text)):
                    raise ConfigError(f"mail.smtp: the SMTP server {self.where} refused "
                                      f"({detail}) in a way no address can change; nothing "
                                      "else can be sent until this is fixed: check "
                                      "mail.smtp.username, the password in "
                                      f"{PASSWORD_VARIABLE}, mail.smtp.security and that the "
                                      "server relays for mail.from_address") from None
                if phase == "message":    # the content, not the address, was refused
                    if _TOO_BIG.match(_text(text)):
                        return Result("failed", detail)
                    raise ConfigError(f"mail.smtp: the SMTP server {self.where} refused the "
                                      f"message itself ({detail}); nothing else is sent until "
                                      "the server accepts Cascade's mail") from None
                return Result("suppress", detail)
            if attempt < self.retries:
                time.sleep(self.backoff * 2 ** attempt)
                attempt += 1
                continue
            return Result("retry", detail)


# A refusal that would meet every message, whoever it is to: a login is needed or
# failed (530, 535, 538; 5.7.0, 5.7.8, 5.7.9, 5.7.11) or the server will not relay.
_EVERYONE_CODES = {530, 535, 538}
_EVERYONE_STATUS = re.compile(r"5\.7\.(?:0|8|9|11)\b")
_EVERYONE_WORDS = re.compile(r"relay|authenticat|starttls|tls required", re.IGNORECASE)
_TOO_BIG = re.compile(r"5\.(?:2\.3|3\.4)\b")


def refuses_everyone(code: int, text: str) -> bool:
    """Whether a 5xx answer is about the set-up rather than one address or message."""
    return code in _EVERYONE_CODES or bool(_EVERYONE_STATUS.match(text)) \
        or bool(_EVERYONE_WORDS.search(text))


def _text(text) -> str:
    text = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return " ".join(text.split())


def _describe(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return " ".join(str(exc).split()) or type(exc).__name__
