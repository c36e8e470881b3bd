"""GOV.UK Notify delivery-status callbacks, posted as Notify documents them to the real
server on loopback."""

from __future__ import annotations

import email
import json
import mailbox

import pytest
import requests

from browser import serve_wsgi
from smtp_server import SIGNING_KEY, subscribers_csv
from pipeline.service.http import MAX_BODY
from pipeline.service.web import make_app
from pipeline.state import open_state

SECRET = "a-callback-token-for-notify-of-some-length"
BEARER = {"Authorization": f"Bearer {SECRET}"}


def receipt(to="amina@example.org", status="delivered",
            ident="740e5834-3a29-46b4-9a6f-16142fde533a"):
    """A delivery receipt exactly as GOV.UK Notify's documentation shows one."""
    return {
        "id": ident,
        "reference": "12345678",
        "to": to,
        "status": status,
        "created_at": "2017-05-14T12:15:30.000000Z",
        "completed_at": "2017-05-14T12:15:30.000000Z",
        "sent_at": "2017-05-14T12:15:30.000000Z",
        "notification_type": "email",
        "template_id": "f33517ff-2a88-4f6e-b855-c550268ce08a",
        "template_version": 1,
    }


@pytest.fixture
def notify(project, monkeypatch):
    """Two subscribers, the callback token set, the server running: (project, URL)."""
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)
    monkeypatch.setenv("CASCADE_NOTIFY_CALLBACK_TOKEN", SECRET)
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\n"
                  "mail: {soft_bounce_limit: 2}\n")
    assert subscribers_csv(project, ["amina@example.org,Amina,health,,immediate",
                                     "ben@example.org,Ben,police,,weekly"]).exit_code == 0
    with serve_wsgi(make_app(project.config)) as base:
        yield project, f"{base}notify-callback"


def statuses(project) -> dict:
    with open_state(project.config.state_db) as db:
        return {r["email"]: (r["status"], r["soft_bounces"])
                for r in db.execute("SELECT email, status, soft_bounces FROM subscribers")}


def suppressions(project) -> int:
    with open_state(project.config.state_db) as db:
        row = db.execute("SELECT SUM(count) FROM subscriber_figures WHERE event = "
                         "'suppressed'").fetchone()
    return row[0] or 0


def test_a_permanent_failure_suppresses_the_address(notify):
    project, url = notify
    answer = requests.post(url, json=receipt(status="permanent-failure"), headers=BEARER)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.json() == {"result": "suppressed"}
    assert statuses(project) == {"amina@example.org": ("suppressed", 0),
                                 "ben@example.org": ("active", 0)}
    assert suppressions(project) == 1
    assert "amina@example.org" not in project.cascade("subscribers", "list", "--status",
                                                      "active").output


def test_a_suppressed_address_gets_no_more_alerts(notify):
    project, url = notify
    assert subscribers_csv(project, ["carys@example.org,Carys,health,,immediate"],
                           "more.csv").exit_code == 0
    requests.post(url, json=receipt(status="permanent-failure"), headers=BEARER)
    project.briefing()
    assert project.cascade("run", "--now", "2025-03-05T09:00").exit_code == 0
    box = mailbox.Maildir(project.root / ".cascade" / "outbox", create=True)
    recipients = [email.message_from_bytes(box.get_bytes(k))["To"] for k in box.keys()]
    assert recipients == ["Carys <carys@example.org>"]       # Amina (health) is not mailed


def test_temporary_failures_are_counted_once_each_and_suppress_at_the_limit(notify):
    project, url = notify
    first = receipt(to="Ben@Example.org", status="temporary-failure", ident="id-1")
    assert requests.post(url, json=first, headers=BEARER).json() == {"result": "counted"}
    # Notify retries a callback it thinks failed: the same receipt counts once.
    assert requests.post(url, json=first, headers=BEARER).json() == {"result": "already-read"}
    assert statuses(project)["ben@example.org"] == ("active", 1)
    second = receipt(to="ben@example.org", status="temporary-failure", ident="id-2")
    assert requests.post(url, json=second, headers=BEARER).json() == {"result": "suppressed"}
    assert statuses(project)["ben@example.org"] == ("suppressed", 2)
    assert suppressions(project) == 1


@pytest.mark.parametrize("status", ["delivered", "technical-failure", "sending", "created"])
def test_delivered_and_notifys_own_failures_change_nothing(notify, status):
    project, url = notify
    answer = requests.post(url, json=receipt(status=status), headers=BEARER)
    assert answer.status_code == 200 and answer.json() == {"result": "ignored"}
    assert statuses(project)["amina@example.org"] == ("active", 0)


def test_a_failure_for_an_address_not_on_the_list_is_answered_and_changes_nothing(notify):
    project, url = notify
    answer = requests.post(url, json=receipt(to="stranger@example.org",
                                             status="permanent-failure"), headers=BEARER)
    assert answer.json() == {"result": "unknown"}
    assert set(statuses(project)) == {"amina@example.org", "ben@example.org"}


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": "Bearer wrong-token-of-some-length"},
    {"Authorization": f"Bearer {SECRET}x"},
    {"Authorization": f"Basic {SECRET}"},
    {"Authorization": SECRET},
])
def test_a_missing_or_wrong_token_is_401_and_changes_nothing(notify, headers):
    project, url = notify
    answer = requests.post(url, json=receipt(status="permanent-failure"), headers=headers)
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert SECRET not in answer.text and "wrong-token" not in answer.text
    assert statuses(project)["amina@example.org"] == ("active", 0)


@pytest.mark.parametrize("body, status", [
    (b"{not json", 400),
    (b"[1, 2]", 400),
    (b"\xff\xfe", 400),
    (json.dumps({"id": "x", "status": "permanent-failure"}).encode(), 400),     # no "to"
    (json.dumps({"id": "x", "to": 5, "status": "permanent-failure"}).encode(), 400),
    (json.dumps({**receipt(status="permanent-failure"), "pad": "x" * MAX_BODY}).encode(), 413),
])
def test_malformed_or_oversize_bodies_get_4xx_never_500(notify, body, status):
    project, url = notify
    answer = requests.post(url, data=body, headers={**BEARER,
                                                    "Content-Type": "application/json"})
    assert answer.status_code == status
    assert statuses(project)["amina@example.org"] == ("active", 0)


def test_only_post_is_accepted(notify):
    _project, url = notify
    answer = requests.get(url, headers=BEARER)
    assert answer.status_code == 405 and answer.headers["Allow"] == "POST"


def test_without_a_callback_token_configured_the_endpoint_does_not_exist(project, monkeypatch):
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)
    monkeypatch.delenv("CASCADE_NOTIFY_CALLBACK_TOKEN", raising=False)
    with serve_wsgi(make_app(project.config)) as base:
        for headers in ({}, BEARER, {"Authorization": "Bearer "}):
            answer = requests.post(f"{base}notify-callback", json=receipt(), headers=headers)
            assert answer.status_code == 404
