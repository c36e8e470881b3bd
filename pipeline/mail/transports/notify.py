"""The GOV.UK Notify transport: POST /v2/notifications/email, one request per message.

Notify sends its own formatted email from a template set up in Notify; Cascade
fills the template's ((subject)) and ((body)) placeholders with the message's
subject and plain text, and passes the one-click unsubscribe link as
`one_click_unsubscribe_url`, which Notify turns into the List-Unsubscribe headers.

Authentication, as Notify documents it: the API key (CASCADE_NOTIFY_API_KEY) is
`{key name}-{service id}-{secret key}`, the last two being UUIDs. Each request
carries `Authorization: Bearer <JWT>`, the JWT signed with HS256 using the
secret key, with claims `iss` = service id and `iat` = now in epoch seconds
(Notify refuses tokens more than 30 seconds off its clock).

Answers: 201 accepted; 400 about `email_address` suppresses that address; any
other 400 (template not found, a team-only or trial key, a bad reply-to id)
would refuse every message alike, so it stops the batch as a configuration
error and the rest waits; 403 the key or clock is wrong (stops the batch too);
429 RateLimitError (back off and retry) or TooManyRequestsError (the daily
limit: stop, the rest waits); 500 retried, and still failing after the retries
stops the batch (Notify is down: the next message would fare no better).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import time

import requests

from pipeline import __version__
from pipeline.settings.config import Config
from pipeline.exceptions import ConfigError
from pipeline.exceptions import TransportDown
from pipeline.mail.transports.base import Result

KEY_VARIABLE = "CASCADE_NOTIFY_API_KEY"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
API_KEY = re.compile(rf"^(?:.+-)?({UUID})-({UUID})\Z")
PATH = "/v2/notifications/email"


def parse_api_key(value: str) -> tuple[str, str]:
    """(service id, secret key) from a Notify API key; the key itself is never shown."""
    match = API_KEY.match((value or "").strip())
    if not match:
        raise ConfigError(f"{KEY_VARIABLE}: expected a GOV.UK Notify API key (key name, then "
                          "the service id and the secret key, both UUIDs, joined by '-'), "
                          "got a value that is not one; copy the whole key from Notify's "
                          "API integration page")
    return match.group(1), match.group(2)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def jwt_token(service_id: str, secret: str, issued_at: int | None = None) -> str:
    header = _b64(json.dumps({"typ": "JWT", "alg": "HS256"}, separators=(",", ":")).encode())
    claims = {"iss": service_id, "iat": int(time.time() if issued_at is None else issued_at)}
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(secret.encode("utf-8"), f"{header}.{payload}".encode("ascii"),
                         hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"


class NotifyTransport:
    name = "notify"

    def __init__(self, config: Config):
        mail = config["mail"]
        self.settings = mail["notify"]
        key = os.environ.get(KEY_VARIABLE, "")
        if not key:
            raise ConfigError(f"{KEY_VARIABLE}: expected your GOV.UK Notify API key in the "
                              "environment (mail.transport is notify), got nothing")
        self.service_id, self._secret = parse_api_key(key)
        self.url = self.settings["base_url"].rstrip("/") + PATH
        self.retries, self.backoff = mail["retries"], float(mail["backoff_seconds"])
        self.session = None

    def __enter__(self):
        self.session = requests.Session()
        self.session.headers["User-Agent"] = f"cascade/{__version__}"
        return self

    def __exit__(self, *exc_info):
        self.session.close()
        self.session = None

    def request_body(self, message, recipient: str) -> dict:
        subject = " ".join(message.subject.split())
        body = {"email_address": recipient, "template_id": self.settings["template_id"],
                "personalisation": {"subject": subject, "body": message.text}}
        if message.message_id:
            body["reference"] = message.message_id.strip("<>")
        if message.unsubscribe:
            body["one_click_unsubscribe_url"] = message.unsubscribe
        if self.settings["email_reply_to_id"]:
            body["email_reply_to_id"] = self.settings["email_reply_to_id"]
        return body

    def send(self, message, recipient: str) -> Result:
        body = self.request_body(message, recipient)
        attempt = 0
        while True:
            headers = {"Authorization": f"Bearer {jwt_token(self.service_id, self._secret)}",
                       "Content-Type": "application/json"}
            try:
                answer = self.session.post(self.url, json=body, headers=headers,
                                           timeout=self.settings["timeout_seconds"])
            except requests.RequestException as exc:
                raise TransportDown(f"cannot reach GOV.UK Notify ({type(exc).__name__})") \
                    from None
            status, errors = answer.status_code, _errors(answer)
            detail = f"{status} " + "; ".join(f"{e.get('error')}: {e.get('message')}"
                                              for e in errors)
            if status == 201:
                return Result("sent")
            if status == 400:
                if any("email_address" in str(e.get("message", "")) for e in errors):
                    return Result("suppress", detail)
                raise ConfigError(f"mail.notify: GOV.UK Notify refused the message ({detail}); "
                                  "nothing else can be sent until this is fixed: check "
                                  "mail.notify.template_id (the template must exist and use "
                                  "((subject)) and ((body))), mail.notify.email_reply_to_id "
                                  f"and that {KEY_VARIABLE} is a live key")
            if status == 403:
                raise ConfigError(f"{KEY_VARIABLE}: GOV.UK Notify refused the key ({detail}); "
                                  "check the key and that this computer's clock is right")
            if status == 429 and any(e.get("error") == "TooManyRequestsError" for e in errors):
                raise TransportDown(f"GOV.UK Notify's daily sending limit was reached "
                                    f"({detail})")
            if (status == 429 or status >= 500) and attempt < self.retries:
                time.sleep(self.backoff * 2 ** attempt)
                attempt += 1
                continue
            if status >= 500:
                raise TransportDown(f"GOV.UK Notify answered {detail.strip()} to "
                                    f"{attempt + 1} tries of the same message; see "
                                    "https://status.notifications.service.gov.uk")
            if status != 429:  # not an answer Notify gives at this address
                raise ConfigError(f"mail.notify.base_url: {self.settings['base_url']} answered "
                                  f"{detail.strip()}, not as GOV.UK Notify does; check the "
                                  "address")
            return Result("retry", detail)


def _errors(answer) -> list[dict]:
    try:
        data = answer.json()
    except ValueError:
        return []
    errors = data.get("errors") if isinstance(data, dict) else None
    return [e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else []
