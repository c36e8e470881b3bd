"""The GOV.UK Notify transport against a local HTTP server answering as Notify documents."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from werkzeug import Response

from smtp_server import (HEALTH, NOW, SIGNING_KEY, configure, mail_project,
                         subscribers_csv)
from pipeline.exceptions import ConfigError
from pipeline.mail import compose
from pipeline.mail.transports.notify import NotifyTransport, jwt_token
from pipeline.exceptions import TransportDown

__all__ = ["mail_project"]

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"cascade_test-{SERVICE_ID}-{SECRET}"
TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a"
PATH = "/v2/notifications/email"
CREATED = {"id": "740e5834-3a29-46b4-9a6f-16142fde533a", "reference": None,
           "content": {"subject": "s", "body": "b", "from_email": "learning@example-scp.org.uk"},
           "uri": "https://api.notifications.service.gov.uk/v2/notifications/740e5834",
           "template": {"id": TEMPLATE, "version": 1, "uri": "https://example.org/t"}}


def notify_error(status: int, error: str, message: str) -> Response:
    body = {"status_code": status, "errors": [{"error": error, "message": message}]}
    return Response(json.dumps(body), status=status, content_type="application/json")


@pytest.fixture
def notify(mail_project, httpserver, monkeypatch):
    """The shared project using Notify at the local server; yields (project, answers, seen)."""
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)
    monkeypatch.setenv("CASCADE_NOTIFY_API_KEY", API_KEY)
    configure(mail_project, mail={"transport": "notify", "notify": {
        "base_url": httpserver.url_for("/").rstrip("/"), "template_id": TEMPLATE}})
    answers, seen = [], []

    def handler(request):
        seen.append(request)
        return answers.pop(0) if answers else Response(json.dumps(CREATED), status=201,
                                                        content_type="application/json")

    httpserver.expect_request(PATH, method="POST").respond_with_handler(handler)
    return mail_project, answers, seen


def _claims(authorization: str) -> dict:
    scheme, token = authorization.split(" ")
    assert scheme == "Bearer"
    header, payload, signature = token.split(".")
    expected = hmac.new(SECRET.encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    assert base64.urlsafe_b64decode(signature + "==") == expected      # HS256 with the secret
    assert json.loads(base64.urlsafe_b64decode(header + "==")) == {"typ": "JWT", "alg": "HS256"}
    return json.loads(base64.urlsafe_b64decode(payload + "=="))


def test_an_alert_is_sent_through_notify_with_the_documented_request(notify):
    project, answers, seen = notify
    subscribers_csv(project, [HEALTH])
    result = project.cascade("run", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert len(seen) == 1
    request = seen[0]
    assert request.headers["Content-Type"] == "application/json"
    claims = _claims(request.headers["Authorization"])
    assert claims["iss"] == SERVICE_ID and abs(claims["iat"] - time.time()) < 60
    body = request.get_json()
    assert set(body) == {"email_address", "template_id", "personalisation", "reference",
                         "one_click_unsubscribe_url"}
    assert body["email_address"] == "amina@example.org"
    assert body["template_id"] == TEMPLATE
    assert body["personalisation"]["subject"] == "New 7-minute briefing: Safer sleep for babies"
    assert "Talk to parents about safe sleep at every visit." in body["personalisation"]["body"]
    assert body["one_click_unsubscribe_url"].startswith(
        "https://learning.example-scp.org.uk/subscriptions/unsubscribe?token=v1.u.1.")
    assert SECRET not in json.dumps(body) and API_KEY not in result.output
    assert [(r["channel"], r["reach"]) for r in project.log_rows() if r["action"] == "sent"] \
        == [("email-alert", "1")]


def _send(project, recipient="amina@example.org"):
    """Send one composed message straight through the transport."""
    config = project.config
    links = {"unsubscribe": "https://learning.example-scp.org.uk/subscriptions/unsubscribe?"
             "token=t", "preferences": "https://p", "mailto": "mailto:u@example.org"}
    message = compose.message(config, subject="Subject", html="<p>x</p>", text="Body text",
                              to_email=recipient, to_name="", links=links, message_key="k",
                              when=datetime(2025, 3, 5, tzinfo=ZoneInfo("Europe/London")))
    with NotifyTransport(config) as transport:
        return transport.send(message, recipient)


def test_429_rate_limit_backs_off_and_retries(notify):
    project, answers, seen = notify
    answers.append(notify_error(429, "RateLimitError", "Exceeded rate limit for key type "
                                "LIVE of 3000 requests per 60 seconds"))
    assert _send(project).status == "sent"
    assert len(seen) == 2


def test_429_daily_limit_stops_the_batch(notify):
    project, answers, seen = notify
    answers.append(notify_error(429, "TooManyRequestsError", "Exceeded send limits (1000) for "
                                "today"))
    with pytest.raises(TransportDown, match="daily sending limit"):
        _send(project)
    assert len(seen) == 1


def test_400_about_the_address_suppresses_and_other_400s_stop_the_batch(notify):
    project, answers, seen = notify
    answers.append(notify_error(400, "ValidationError", "email_address Not a valid email "
                                "address"))
    result = _send(project)
    assert result.status == "suppress"
    assert result.detail == "400 ValidationError: email_address Not a valid email address"
    answers.append(notify_error(400, "BadRequestError", "Can't send to this recipient using a "
                                "team-only API key"))
    with pytest.raises(ConfigError, match=r"^mail.notify: GOV.UK Notify refused the message "
                       r"\(400 BadRequestError: Can't send to this recipient using a "
                       r"team-only API key\); nothing else can be sent"):
        _send(project)
    assert len(seen) == 2


def test_403_is_a_configuration_error_that_never_shows_the_key(notify):
    project, answers, seen = notify
    answers.append(notify_error(403, "AuthError", "Invalid token: API key not found"))
    with pytest.raises(ConfigError) as raised:
        _send(project)
    message = str(raised.value)
    assert message.startswith("CASCADE_NOTIFY_API_KEY: GOV.UK Notify refused the key (403 "
                              "AuthError: Invalid token: API key not found)")
    assert SECRET not in message and SERVICE_ID not in message


def test_500_is_retried_then_stops_the_batch_for_a_later_run(notify):
    project, answers, seen = notify
    answers.extend(notify_error(500, "Exception", "Internal server error") for _ in range(3))
    with pytest.raises(TransportDown, match=r"^GOV.UK Notify answered 500 Exception: Internal "
                       r"server error to 3 tries of the same message"):
        _send(project)
    assert len(seen) == 3      # the first try and two retries


def test_an_answer_notify_never_gives_names_the_base_url(notify):
    project, answers, seen = notify
    answers.append(Response("no such page", status=404))
    with pytest.raises(ConfigError, match=r"^mail.notify.base_url: http://127.0.0.1:\d+ "
                       r"answered 404, not as GOV.UK Notify does; check the address$"):
        _send(project)


def test_a_403_stops_the_run_with_exit_2_and_the_alert_waits(notify):
    project, answers, seen = notify
    subscribers_csv(project, [HEALTH])
    answers.append(notify_error(403, "AuthError", "Error: Your system clock must be accurate "
                                "to within 30 seconds"))
    result = project.cascade("run", "--now", NOW)
    assert result.exit_code == 2
    assert "check the key and that this computer's clock is right" in result.output
    assert project.cascade("run", "--now", "2025-03-05T10:00").exit_code == 0
    assert [r.get_json()["email_address"] for r in seen] == ["amina@example.org"] * 2


def test_a_malformed_key_is_refused_without_echoing_it(notify, monkeypatch):
    project, _, _ = notify
    monkeypatch.setenv("CASCADE_NOTIFY_API_KEY", "not-a-key-but-secret-ish")
    with pytest.raises(ConfigError) as raised:
        NotifyTransport(project.config)
    assert "expected a GOV.UK Notify API key" in str(raised.value)
    assert "secret-ish" not in str(raised.value)


def test_the_jwt_carries_the_service_id_and_issue_time():
    token = jwt_token(SERVICE_ID, SECRET, issued_at=1_700_000_000)
    assert _claims(f"Bearer {token}") == {"iss": SERVICE_ID, "iat": 1_700_000_000}


EVERYONE = [HEALTH, "ben@example.org,Ben,police,,weekly", "dev@example.org,Dev,health,,weekly",
            "eve@example.org,Eve,voluntary-sector,,newsletter-only"]
ISSUE = "Learning newsletter: May 2025"


def _issue_recipients(seen) -> list[str]:
    return sorted(r.get_json()["email_address"] for r in seen
                  if r.get_json()["personalisation"]["subject"] == ISSUE)


@pytest.mark.parametrize("refusal, exit_code, reason", [
    (notify_error(400, "BadRequestError", "Template not found"), 2,
     "mail.notify: GOV.UK Notify refused the message (400 BadRequestError: Template not "
     "found); nothing else can be sent until this is fixed"),
    (notify_error(500, "Exception", "Internal server error"), 1,
     "GOV.UK Notify answered 500 Exception: Internal server error to 3 tries of the same "
     "message"),
])
def test_notify_refusing_every_message_keeps_the_issue_unsent_and_says_why(
        notify, refusal, exit_code, reason):
    project, answers, seen = notify
    subscribers_csv(project, EVERYONE)
    assert project.cascade("run", "--now", NOW).exit_code == 0         # the alert goes
    refusing = [refusal] * 100
    answers.extend(refusing)
    result = project.cascade("run", "--now", "2025-05-01T09:05")       # the issue is due
    assert result.exit_code == exit_code, result.output
    assert result.output.startswith("Built site/: ")     # what the run did, then why it stopped
    assert reason in result.output
    assert "6 messages wait in the delivery ledger" in result.output    # 2 digests, 4 issues
    refused = 100 - len(answers)
    assert refused == (1 if exit_code == 2 else 3)       # the first message stopped the batch
    status = project.cascade("status", "--now", "2025-05-01T09:30")
    assert "Mail: 6 messages waiting; sending stopped 2025-05-01 09:05:" in status.output
    assert reason in status.output
    assert "newsletter-2025-05 is not sent yet" in status.output
    answers.clear()                                                     # Notify works again
    before = len(seen)
    sent = project.cascade("newsletter", "send", "--now", "2025-05-01T10:00")
    assert sent.exit_code == 0, sent.output
    assert sent.output.startswith(f"newsletter-2025-05 ({ISSUE}, 2 items): 4 sent, 0 failed")
    again = project.cascade("newsletter", "send", "--now", "2025-05-01T10:30")
    assert "was already sent" in again.output
    assert project.cascade("run", "--now", "2025-05-01T11:00").exit_code == 0  # the digests
    assert _issue_recipients(seen[before:]) == ["amina@example.org", "ben@example.org",
                                                "dev@example.org", "eve@example.org"]
    assert len(seen) - before == 6                                      # and the 2 digests
    assert [(r["channel"], r["reach"]) for r in project.log_rows()
            if r["channel"] == "newsletter"] == [("newsletter", "4")] * 2   # a row per item
    assert "Mail:" not in project.cascade("status", "--now", "2025-05-01T11:30").output
