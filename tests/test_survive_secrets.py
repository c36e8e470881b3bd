"""Secrets and personal data stay where they belong; subscription links cannot be forged.

The SMTP password, the Notify key, the signing key and the log key are set to unique
marker values and the main commands run as a user runs them, failing ones included (a
wrong SMTP password, a key GOV.UK Notify refuses, a signing key that is too short). Then every
byte Cascade wrote or said is searched: the project folder (site, log, reports,
previews, build files, the state database), every command's output, every email the
SMTP server received and every request Notify received. No secret may appear
anywhere, and an email address only in the state database and in its owner's mail.
"""

from __future__ import annotations

import email.policy
import json
import os
import subprocess
import sys
from urllib.parse import quote

import re

import pytest

from browser import serve_wsgi
import requests
import yaml
from werkzeug import Response

from conftest import Project
from pipeline.mail import tokens
from pipeline.service.http import MAX_BODY, SECURITY_HEADERS
from pipeline.service.serve import wsgi_app
from smtp_server import Store, free_port, smtp_server, subscribers_csv
from smtp_server import settings as mail_settings

SMTP_PASSWORD = "smtp-password-MARKER-5b8e1f0c2d"
WRONG_PASSWORD = "wrong-password-MARKER-9a7c3e"
SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
NOTIFY_SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
NOTIFY_KEY = f"cascade_live-{SERVICE_ID}-{NOTIFY_SECRET}"
SIGNING_KEY = "signing-key-MARKER-e4c1a9b7d2f6"
SHORT_KEY = "short-MRK"
LOG_KEY = "log-key-MARKER-7f3a0c9e51b2"
SECRETS = [SMTP_PASSWORD, WRONG_PASSWORD, NOTIFY_SECRET, SIGNING_KEY, SHORT_KEY, LOG_KEY]
ADDRESSES = ["amina.rahman@example.org", "ben.okafor@example.org", "carys.jones@example.org"]


def forms(secret: str) -> list[bytes]:
    """The secret as written, URL-quoted and JSON-escaped."""
    return sorted({secret.encode(), quote(secret).encode(), json.dumps(secret)[1:-1].encode()})


class Story:
    """A project, its mail servers, and everything its commands said."""

    def __init__(self, project: Project, smtp_port: int, notify_url: str):
        self.project, self.smtp_port, self.notify_url = project, smtp_port, notify_url
        self.said: list[tuple[tuple, str, str]] = []        # (args, stdout, stderr)

    def configure(self, transport: str) -> None:
        settings = mail_settings(self.smtp_port, smtp={"username": "cascade"}, mail={
            "transport": transport, "retries": 0,
            "notify": {"base_url": self.notify_url, "timeout_seconds": 10,
                       "template_id": "f33517ff-2a88-4f6e-b855-c550268ce08a"}})
        self.project.write("cascade.yml", yaml.safe_dump(settings, sort_keys=False))

    def cascade(self, *args: str, expect: int = 0, **secrets: str) -> str:
        env = dict(os.environ, CASCADE_SMTP_PASSWORD=SMTP_PASSWORD,
                   CASCADE_NOTIFY_API_KEY=NOTIFY_KEY, CASCADE_SIGNING_KEY=SIGNING_KEY,
                   CASCADE_LOG_KEY=LOG_KEY)
        env.update(secrets)
        result = subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=self.project.root,
                                env=env, capture_output=True, text=True, timeout=120)
        self.said.append((args, result.stdout, result.stderr))
        assert result.returncode == expect, (args, result.stdout, result.stderr)
        return result.stdout + result.stderr


@pytest.fixture
def story(project, httpserver):
    store = Store()
    received = []

    def refuse(request):
        received.append((dict(request.headers), request.get_data()))
        return Response(json.dumps({"status_code": 403, "errors": [
            {"error": "AuthError", "message": "Invalid token: API key not found"}]}),
            status=403, content_type="application/json")

    httpserver.expect_request("/v2/notifications/email", method="POST").respond_with_handler(
        refuse)
    port = free_port()
    story = Story(project, port, httpserver.url_for("/").rstrip("/"))
    story.configure("smtp")
    project.write("subscribers.csv", "email,name,audiences,themes,frequency\n" + "".join(
        f"{address},,health,,immediate\n" for address in ADDRESSES))
    with smtp_server(store, port=port, login=("cascade", SMTP_PASSWORD)):
        yield story, store, received


def test_no_secret_and_no_address_leaks_into_anything_written_or_said(story):
    story, store, notify_requests = story
    project = story.project
    story.cascade("subscribers", "import", "subscribers.csv", "--now", "2025-04-18T08:00")
    project.briefing("safer-sleep", date="2025-04-18", audience="[health]")
    story.cascade("check")
    story.cascade("build", "--now", "2025-04-18T08:00")
    short = story.cascade("run", "--now", "2025-04-20T09:00", expect=2,
                          CASCADE_SIGNING_KEY=SHORT_KEY)
    assert "CASCADE_SIGNING_KEY: expected a secret of at least 16 characters" in short
    wrong = story.cascade("run", "--now", "2025-04-20T09:30", expect=2,
                          CASCADE_SMTP_PASSWORD=WRONG_PASSWORD)
    assert f"the server 127.0.0.1:{story.smtp_port} refused the login (535)" in wrong
    story.cascade("run", "--now", "2025-04-20T10:00")
    assert sorted(store.recipients()) == ADDRESSES
    story.cascade("newsletter", "preview", "--now", "2025-04-25T09:00")
    story.cascade("newsletter", "send", "--now", "2025-05-01T10:00")
    assert len(store.messages) == 2 * len(ADDRESSES)
    story.cascade("log", "report", "--now", "2025-05-02T09:00")
    story.cascade("log", "report", "--format", "html", "--output", "report.html")
    story.cascade("log", "report", "--format", "csv", "--output", "report.csv")
    story.cascade("report", "annual", "2025-26", "--now", "2026-05-01T09:00")
    story.cascade("log", "verify")
    story.cascade("status", "--now", "2025-05-02T09:00")
    story.cascade("status", "--format", "json", "--now", "2025-05-02T09:00")
    story.configure("notify")
    project.briefing("bruising", title="Bruising in babies", date="2025-05-03",
                     audience="[health]")
    refused = story.cascade("run", "--now", "2025-05-03T10:00", expect=2)
    assert "CASCADE_NOTIFY_API_KEY: GOV.UK Notify refused the key (403" in refused
    assert notify_requests, "the Notify transport sent nothing"
    listing = story.cascade("subscribers", "list")       # the officer asked for addresses
    assert all(address in listing for address in ADDRESSES)

    written = {path.relative_to(project.root).as_posix(): path.read_bytes()
               for path in project.root.rglob("*")
               if path.is_file() and not path.relative_to(project.root).as_posix().startswith(
                   ("content/", "subscribers.csv", "cascade.yml"))}
    assert "dissemination_log.csv" in written and "site/index.html" in written
    assert any(name.startswith(".cascade/state.db") for name in written)
    said = {f"{' '.join(args)} ({stream})": text.encode()
            for args, out, err in story.said for stream, text in (("out", out), ("err", err))}
    mail = {f"message {n} to {rcpts}": message.as_bytes(policy=email.policy.SMTP)
            for n, (rcpts, message) in enumerate(store.messages)}
    to_notify = {f"Notify request {n}": json.dumps(headers).encode() + body
                 for n, (headers, body) in enumerate(notify_requests)}
    everything = {**written, **said, **mail, **to_notify}
    leaks = [(secret, where) for secret in SECRETS for where, data in everything.items()
             if any(form in data for form in forms(secret))]
    assert leaks == []

    found = {(address, where) for address in ADDRESSES for where, data in everything.items()
             if address.encode() in data}
    exposed = []
    for address, where in sorted(found):
        if where.startswith((".cascade/state.db", "subscribers list")):
            continue                                   # where addresses are kept; asked for
        if where.startswith("message ") and where.endswith(f"['{address}']"):
            continue                                   # the owner's own mail
        if where in to_notify and json.loads(notify_requests[int(where.split()[-1])][1])[
                "email_address"] == address:
            continue                                   # handed to Notify to deliver it
        exposed.append((address, where))
    assert exposed == []
    # The search finds what is there: each address in the database and in its own mail.
    for address in ADDRESSES:
        assert any(w.startswith(".cascade/state.db") for a, w in found if a == address)
        assert sum(1 for a, w in found if a == address and w.startswith("message ")) == 2


# Subscription links.

KEY = SIGNING_KEY.encode()


def pages(config):
    """The app on waitress in a thread on loopback (see browser.serve_wsgi)."""
    return serve_wsgi(wsgi_app(config))


@pytest.fixture
def subscribed(project, monkeypatch):
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)
    assert subscribers_csv(project, ["amina@example.org,Amina,health,safer-sleep,immediate",
                                     "ben@example.org,Ben,police,,weekly"]).exit_code == 0
    return project


def subscribers(project) -> list[str]:
    return project.cascade("subscribers", "list").output.splitlines()[:-1]


def preferences(subscriber_id=1, address="amina@example.org", key=KEY):
    return tokens.make(key, "preferences", subscriber_id, address)


@pytest.mark.parametrize("token", [
    preferences()[:-2] + ("AA" if not preferences().endswith("AA") else "BB"),   # altered
    preferences().replace("v1.p.1.", "v1.p.2."),                 # pointed at another subscriber
    preferences(2, "amina@example.org"),                         # signed for another address
    preferences(key=b"another-key-that-is-long-enough"),         # forged with another key
    tokens.make(KEY, "unsubscribe", 1, "amina@example.org"),     # made for unsubscribing
    "v1.p.1." + "A" * 43, "v1.p.01." + preferences()[7:], "v1.p.1", " " + preferences(),
])
def test_forged_or_altered_preference_links_change_nothing(subscribed, token):
    before = subscribers(subscribed)
    with pages(subscribed.config) as base:
        browser = requests.Session()     # with a good form token: only the link is wrong
        good = browser.get(f"{base}preferences", params={"token": preferences()}).text
        csrf = re.search(r'name="csrf" value="([^"]+)"', good).group(1)
        look = browser.get(f"{base}preferences", params={"token": token})
        change = browser.post(f"{base}preferences", params={"token": token},
                              data={"audiences": ["police"], "frequency": "weekly",
                                    "csrf": csrf})
    for answer in (look, change):
        assert answer.status_code == 403
        assert "<h1>This link is not valid</h1>" in answer.text
        assert "amina@example.org" not in answer.text and "ben@example.org" not in answer.text
    assert subscribers(subscribed) == before


def test_a_link_stops_working_when_its_subscriber_is_erased_or_the_key_changes(subscribed,
                                                                               monkeypatch):
    old = tokens.make(KEY, "unsubscribe", 1, "amina@example.org")
    assert subscribed.cascade("subscribers", "remove", "amina@example.org").exit_code == 0
    assert subscribed.cascade("subscribers", "import", "subscribers.csv").exit_code == 0
    with pages(subscribed.config) as base:    # amina is back, with a new id: the old link
        answer = requests.post(f"{base}unsubscribe", params={"token": old},   # names no one
                               data={"List-Unsubscribe": "One-Click"})
        assert answer.status_code == 403
        reused = old.replace("v1.u.1.", "v1.u.3.")                 # nor can it be re-aimed
        assert requests.get(f"{base}unsubscribe", params={"token": reused}).status_code == 403
        ben = tokens.make(KEY, "unsubscribe", 2, "ben@example.org")
        assert requests.get(f"{base}unsubscribe", params={"token": ben}).status_code == 200
    monkeypatch.setenv("CASCADE_SIGNING_KEY", "a-new-signing-key-after-a-leak")
    with pages(subscribed.config) as base:    # a rotated key retires every link signed before
        assert requests.get(f"{base}unsubscribe", params={"token": ben}).status_code == 403
    assert [line.split("\t")[2] for line in subscribers(subscribed)] == ["active", "active"]


def test_every_answer_carries_the_security_headers_and_big_requests_are_refused(subscribed):
    token = tokens.make(KEY, "unsubscribe", 1, "amina@example.org")
    with pages(subscribed.config) as base:
        answers = {
            "page": requests.get(f"{base}unsubscribe", params={"token": token}),
            "forged": requests.get(f"{base}unsubscribe", params={"token": "v1.u.1.x"}),
            "missing": requests.get(f"{base}nothing-here"),
            "method": requests.delete(f"{base}unsubscribe", params={"token": token}),
            "too big": requests.post(f"{base}unsubscribe", params={"token": token},
                                     data={"List-Unsubscribe": "One-Click",
                                           "pad": "x" * (MAX_BODY * 4)}),
            "too big, chunked": requests.post(
                f"{base}unsubscribe", params={"token": token},
                data=iter([b"List-Unsubscribe=One-Click&pad="] + [b"x" * 4096] * 64)),
            "not a form": requests.post(f"{base}unsubscribe", params={"token": token},
                                        data=b"\x00" * 100,
                                        headers={"Content-Type": "application/octet-stream"}),
        }
        assert {name: a.status_code for name, a in answers.items()} == {
            "page": 200, "forged": 403, "missing": 404, "method": 405, "too big": 413,
            "too big, chunked": 413, "not a form": 415}
        for name, answer in answers.items():
            for header, value in SECURITY_HEADERS:
                assert answer.headers.get(header) == value, (name, header)
    assert [line.split("\t")[2] for line in subscribers(subscribed)] == ["active", "active"]


def test_the_state_database_is_readable_by_its_owner_only(project):
    project.write("subscribers.csv", "email,audiences\namina@example.org,health\n")
    old = os.umask(0o022)                    # the usual default on a server
    try:
        assert project.cascade("subscribers", "import", "subscribers.csv").exit_code == 0
    finally:
        os.umask(old)
    database = project.root / ".cascade/state.db"
    for path in (database, database.parent):
        assert path.stat().st_mode & 0o077 == 0, f"{path.name}: {path.stat().st_mode:o}"
