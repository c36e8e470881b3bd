"""The SMTP transport: one connection per batch, STARTTLS or TLS, paced retries."""

from __future__ import annotations

import os
import smtplib
import ssl
import time

from pipeline.exceptions import ConfigError, TransportDown
from pipeline.mail.transports.base import Result
from pipeline.settings.config import Config

PASSWORD_VARIABLE = "CASCADE_SMTP_PASSWORD"


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
