"""`cascade serve` as a real process: on-time publishing, restarts, races, signals, the lock.

Each test starts `python -m pipeline serve --now ...` in a project folder, reads
its JSON lines from stderr and stops it with SIGTERM. --now starts the service's
clock a few seconds before a scheduled time, so nothing waits for real hours.
"""

from __future__ import annotations

import json
import mailbox
import os
import queue
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from conftest import briefing_text
from smtp_server import subscribers_csv

pytestmark = pytest.mark.slow

CONFIG = ("site_url: https://learning.example-scp.org.uk/\nserve: {port: 0}\n"
          "schedules: {watch_debounce_seconds: 0.5}\n")


class Serve:
    """A running `cascade serve`; its stderr lines parsed as they come."""

    def __init__(self, project, now: str, env: dict | None = None):
        self.project, self.events = project, []
        self._lines: queue.Queue = queue.Queue()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "serve", "--now", now], cwd=project.root,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, **(env or {})})
        threading.Thread(target=self._read, daemon=True).start()
        self.started = self.wait_for("serve-start")

    def _read(self):
        for line in self.process.stderr:
            self._lines.put(line)
        self._lines.put(None)

    def wait_for(self, event: str, timeout: float = 60, **fields) -> dict:
        """The next line (or one already read) with this event and fields."""
        def matches(record):
            return record.get("event") == event and all(record.get(k) == v
                                                        for k, v in fields.items())
        for record in self.events:
            if matches(record) and not record.get("_seen"):
                record["_seen"] = True
                return record
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {event} {fields} in:\n" + self.transcript()) from None
            if line is None:
                raise AssertionError(f"serve ended before {event} {fields}:\n"
                                     + self.transcript())
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                record = {"event": "not-json", "line": line}
            self.events.append(record)
            if matches(record):
                record["_seen"] = True
                return record

    def of(self, event: str, **fields) -> list[dict]:
        return [r for r in self.events if r.get("event") == event
                and all(r.get(k) == v for k, v in fields.items())]

    def transcript(self) -> str:
        return "\n".join(json.dumps({k: v for k, v in r.items() if k != "_seen"})
                         for r in self.events)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        self.wait_for("serve-stop")
        code = self.process.wait(timeout=30)
        self._drain()
        return code

    def _drain(self):
        while True:
            line = self._lines.get(timeout=5)
            if line is None:
                return
            self.events.append(json.loads(line))

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def running():
    started = []

    def start(project, now, env=None):
        service = Serve(project, now, env)
        started.append(service)
        return service
    yield start
    for service in started:
        service.kill()


def setup(project, extra: str = "", **briefings) -> None:
    project.write("cascade.yml", CONFIG + extra)
    for name, date in briefings.items():
        project.briefing(name, date=date)


def published(project) -> list[tuple[str, str]]:
    return [(r["item_id"], r["occurred_at"]) for r in project.log_rows()
            if r["action"] == "published"]


def test_a_scheduled_briefing_goes_out_at_its_time_once(project, running):
    setup(project, now="2025-06-10", later="2025-06-10T09:00")
    service = running(project, "2025-06-10T08:59:57")
    first = service.wait_for("job-end", job="reconcile")
    assert first["rows"] == 1 and first["outcome"] == "ok"
    assert published(project) == [("now", "2025-06-10T08:59:57+01:00")]
    end = service.wait_for("job-end", job="publish:later")
    assert end["rows"] == 1
    start = service.of("job-start", job="publish:later")[0]
    assert start["scheduled_for"] == "2025-06-10T09:00:00+01:00"
    assert start["time"].startswith("2025-06-10T09:00:0")
    rows = published(project)
    assert rows[1][0] == "later" and rows[1][1].startswith("2025-06-10T09:00:0")
    assert (project.root / "site/briefings/later.html").is_file()
    assert service.stop() == 0
    # Restarted later the same morning: nothing is published or logged again.
    service = running(project, "2025-06-10T09:30")
    assert service.wait_for("job-end", job="reconcile")["rows"] == 0
    assert service.stop() == 0
    assert len(published(project)) == 2


def test_a_publication_missed_while_down_runs_on_restart_within_grace(project, running):
    setup(project, later="2025-06-10T09:00")
    service = running(project, "2025-06-10T08:59:30")
    service.wait_for("job-end", job="reconcile")
    assert service.stop() == 0                 # down before 09:00 ...
    assert published(project) == []
    service = running(project, "2025-06-10T09:00:40")   # ... and back 40 s after
    # The stored publication job and the start-up reconcile both fire: they race for
    # the run lock and the briefing goes out once.
    publish = service.wait_for("job-end", job="publish:later")
    startup = service.wait_for("job-end", job="reconcile")
    assert service.of("job-start", job="publish:later")[0]["scheduled_for"] == \
        "2025-06-10T09:00:00+01:00"
    assert sorted([publish["rows"], startup["rows"]]) == [0, 1]
    assert service.of("job-missed") == []
    assert service.stop() == 0
    assert [item for item, _ in published(project)] == ["later"]


def test_beyond_grace_the_run_is_logged_as_missed_and_still_published(project, running):
    setup(project, later="2025-06-10T09:00")
    project.write("cascade.yml", CONFIG.replace("{watch_debounce_seconds: 0.5}",
                                                "{misfire_grace_seconds: 60}"))
    service = running(project, "2025-06-10T08:59:30")
    service.wait_for("job-end", job="reconcile")
    assert service.stop() == 0
    service = running(project, "2025-06-10T09:05")
    missed = service.wait_for("job-missed", job="publish:later")
    assert (missed["scheduled_for"], missed["late_seconds"]) == ("2025-06-10T09:00:00+01:00", 300)
    assert service.wait_for("job-end", job="reconcile")["rows"] == 1
    status = json.loads(project.cascade("status", "--format", "json", "--now",
                                        "2025-06-10T09:06").output)
    assert status["service"]["running"] is True
    assert status["service"]["pid"] == service.process.pid
    jobs = {job["id"]: job for job in status["jobs"]}
    assert jobs["publish:later"]["last_run"]["outcome"] == "missed"
    assert jobs["reconcile"]["last_run"]["outcome"] == "ok"
    assert jobs["reconcile"]["next_run"] == "2025-06-10T08:10:00+00:00"
    assert service.stop() == 0
    assert [item for item, _ in published(project)] == ["later"]


def outbox(project) -> list[str]:
    box = mailbox.Maildir(project.root / ".cascade/outbox", create=False)
    return sorted(message["To"] for message in box)


def test_sigterm_during_a_publication_and_its_alerts_loses_and_doubles_nothing(project,
                                                                                running):
    setup(project, later="2025-06-10T09:00")
    imported = subscribers_csv(project, ["a@example.org,A,all-practitioners,,immediate",
                                         "b@example.org,B,health,,immediate",
                                         "c@example.org,C,all-practitioners,,immediate"])
    assert imported.exit_code == 0
    service = running(project, "2025-06-10T08:59:58")
    service.wait_for("job-start", job="publish:later")
    service.process.send_signal(signal.SIGTERM)   # while it builds the site and sends alerts
    service.wait_for("serve-stop")
    assert service.process.wait(timeout=30) == 0
    order = [(r["event"], r.get("job")) for r in service.events
             if r["event"] in ("serve-stopping", "job-end", "serve-stop")]
    assert order[-3:] == [("serve-stopping", None), ("job-end", "publish:later"),
                          ("serve-stop", None)]
    rows = [(r["item_id"], r["action"], r["channel"], r["reach"]) for r in project.log_rows()]
    assert rows == [("later", "published", "website", ""), ("later", "sent", "email-alert", "3")]
    assert outbox(project) == ["A <a@example.org>", "B <b@example.org>", "C <c@example.org>"]
    service = running(project, "2025-06-10T09:01")
    assert service.wait_for("job-end", job="reconcile")["rows"] == 0
    assert service.stop() == 0
    assert len(project.log_rows()) == 2
    assert len(outbox(project)) == 3


def test_a_second_serve_on_the_same_state_refuses_to_start(project, running):
    setup(project)
    service = running(project, "2025-06-10T10:00")
    result = project.cascade("serve")
    assert result.exit_code == 1
    since = service.started["time"]
    assert result.output == (
        f"Error: cascade serve is already running for this project (pid "
        f"{service.process.pid}, started {since}); it holds .cascade/serve.lock. Only one may "
        "run at a time: stop it first (e.g. systemctl stop cascade), or see what it is doing "
        "with: cascade status\n")
    address = service.started["address"]
    with urllib.request.urlopen(address + "healthz", timeout=5) as response:
        assert (response.status, response.read()) == (200, b"ok\n")
    assert service.stop() == 0


def test_healthz_and_the_subscription_pages_are_served(project, running):
    setup(project)
    secret = "s3cret-signing-key-never-printed"
    service = running(project, "2025-06-10T10:00", {"CASCADE_SIGNING_KEY": secret})
    address = service.started["address"]
    assert address.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(address + "healthz", timeout=5) as response:
        assert response.read() == b"ok\n"
    for path, status in (("no-such-page", 404),
                         ("subscriptions/unsubscribe?token=forged", 403)):
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(address + path, timeout=5)
        assert error.value.code == status, path
    assert service.stop() == 0
    assert secret not in service.transcript() + service.process.stdout.read()


def test_a_save_through_temp_and_rename_triggers_exactly_one_reconcile(project, running):
    setup(project, old="2025-06-01")
    service = running(project, "2025-06-10T10:00")
    service.wait_for("job-end", job="reconcile")
    folder = project.root / "content/briefings"
    (folder / ".new.md.swp").write_text("swap")
    temp = folder / ".new.md.tmp"
    with open(temp, "w", encoding="utf-8") as handle:
        for line in briefing_text(id="new", date="2025-06-01").splitlines(keepends=True):
            handle.write(line)
            handle.flush()
    os.replace(temp, folder / "new.md")
    (folder / ".new.md.swp").unlink()
    changed = service.wait_for("content-changed")
    assert changed["paths"] == ["briefings/new.md"]
    assert service.wait_for("job-end", job="watch")["rows"] == 1
    # Prove that no second reconcile follows by an event, not a pause: a later save
    # (a draft, which publishes nothing) must be the very next change and pass.
    (folder / "zz-sentinel.md").write_text(briefing_text(id="zz-sentinel", status="draft"),
                                           encoding="utf-8")
    assert service.wait_for("content-changed")["paths"] == ["briefings/zz-sentinel.md"]
    service.wait_for("job-end", job="watch")
    assert service.stop() == 0
    assert [e["paths"] for e in service.of("content-changed")] == [
        ["briefings/new.md"], ["briefings/zz-sentinel.md"]]
    assert len(service.of("job-start", job="watch")) == 2
    assert [item for item, _ in published(project)] == ["old", "new"]


def test_a_service_started_in_the_quiet_hours_waits_until_three(project, running):
    setup(project, now="2025-06-01")
    service = running(project, "2025-06-10T01:30")
    assert service.started["jobs"]["reconcile"] == "2025-06-10T03:00:00+01:00"
    status = json.loads(project.cascade("status", "--format", "json", "--now",
                                        "2025-06-10T01:31").output)
    jobs = {job["id"]: job["next_run"] for job in status["jobs"]}
    assert jobs["reconcile"] == "2025-06-10T02:00:00+00:00"     # 03:00 in London
    assert service.stop() == 0
    assert service.of("job-start") == []
    assert project.log_rows() == []


def test_new_national_updates_reach_the_site_without_a_command(project, running, httpserver):
    body = (Path(__file__).parent / "feeds/panel.atom.xml").read_bytes()
    httpserver.expect_request("/panel.atom").respond_with_data(
        body, content_type="application/atom+xml")
    setup(project, f"feeds:\n  - name: Review Panel\n"
                   f"    url: {httpserver.url_for('/panel.atom')}\n")
    service = running(project, "2025-06-10T10:00")
    polled = service.wait_for("feed", name="Review Panel")
    assert polled["detail"] == "3 new, 0 edited (3 entries in the feed)"
    service.wait_for("job-end", job="feeds-arrived")
    assert service.stop() == 0
    assert (project.root / "site/national-updates.html").is_file()
    # Logged once, by whichever pass first built the page with them.
    assert [r["item_type"] for r in project.log_rows()] == ["national-update"] * 3


def test_the_weekly_review_reminder_reaches_the_officer(project, running):
    setup(project, 'officer_email: "officer@example-scp.org.uk"\n')
    project.briefing("stale", date="2024-01-01", extra="review_by: 2025-06-01\n")
    project.briefing("fresh", date="2024-01-01", extra="review_by: 2026-06-01\n")
    service = running(project, "2025-06-09T07:59:58")   # a Monday; reminders at 08:00
    end = service.wait_for("job-end", job="review-reminders")
    assert end["detail"] == "review reminder sent to officer_email (1 briefing is due for review)"
    assert service.stop() == 0
    box = mailbox.Maildir(project.root / ".cascade/outbox", factory=None, create=False)
    messages = [message for _, message in box.items()]
    assert len(messages) == 1
    message = messages[0]
    assert message["To"] == "officer@example-scp.org.uk"
    assert message["Subject"] == "1 briefing is due for review"
    text = message_from_bytes(message.as_bytes(), policy=policy.default).get_content()
    assert "  content/briefings/stale.md (id stale)\n  review by 1 June 2025 (8 days ago)" in text
    assert "fresh" not in text


@pytest.mark.parametrize("command", [["serve"], ["status"], ["feeds"], ["feeds", "poll"]])
def test_every_service_command_has_help_with_an_example(project, command):
    result = project.cascade(*command, "--help")
    assert result.exit_code == 0
    example = result.output.split("Example:")[1]
    assert example.split()[0] == "cascade"


def test_a_port_in_use_is_a_configuration_error(project):
    import socket
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        project.write("cascade.yml", f"serve: {{port: {port}}}\n")
        for attempt in range(2):   # the lock is released: a retry is not a second instance
            result = project.cascade("serve", "--now", "2025-06-10T10:00")
            assert result.exit_code == 2
            assert result.output.splitlines() == [
                "Configuration error:",
                f"  serve.port: cannot listen on 127.0.0.1:{port} (Address already in use); "
                "another program may be using it: choose another port"]


def test_serve_without_a_signing_key_for_a_real_transport_refuses_to_start(project,
                                                                          monkeypatch):
    monkeypatch.delenv("CASCADE_SIGNING_KEY", raising=False)
    project.write("cascade.yml", "mail: {transport: smtp}\nserve: {port: 0}\n")
    result = project.cascade("serve", "--now", "2025-06-10T10:00")
    assert result.exit_code == 2
    assert result.output.splitlines()[:2] == [
        "Configuration error:",
        "  CASCADE_SIGNING_KEY: expected a secret in the environment to sign the links in emails "
        "and forms (the smtp transport reaches real inboxes), got nothing; set it to a long "
        "random value, e.g. the output of: python -c \"import secrets; print(secrets.token_urlsafe(32))\", "
        "and give the web server the same value"]


def test_status_names_held_back_items_and_reviews_due_without_the_service(project):
    project.briefing("good", extra="review_by: 2025-05-01\n")
    project.briefing("bad", extra="colour: red\n")
    project.briefing("later", date="2025-07-01T09:00")
    result = project.cascade("status", "--now", "2025-06-10T10:00")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Service: not running (start it with: cascade serve)",
        "",
        "Jobs:",
        "  none scheduled yet (cascade serve schedules them when it starts)",
        "",
        "Feeds:",
        "  none configured (see feeds: in cascade.yml)",
        "",
        "Held back: 1 (run cascade check for every finding)",
        "  content/briefings/bad.md: 1 error; first: content/briefings/bad.md:9: key-unknown: "
        "unknown key 'colour' - fix: allowed keys: audience, change, change_note, date, id, "
        "replaced_by, review_by, source, status, summary, themes, title, updated",
        "Scheduled:",
        "  content/briefings/later.md (later): 2025-07-01 09:00",
        "Due for review: 1",
        "  content/briefings/good.md: review by 2025-05-01",
        "3 items: 1 ready, 1 held back, 1 scheduled"]


def test_the_review_reminder_goes_once_a_week(project):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from pipeline.service.serve import send_review_reminder

    project.briefing("stale", date="2024-01-01", extra="review_by: 2025-06-01\n")
    config = project.config
    monday = datetime(2025, 6, 9, 8, tzinfo=ZoneInfo("Europe/London"))
    assert send_review_reminder(config, monday) == \
        "review reminder sent to officer_email (1 briefing is due for review)"
    assert send_review_reminder(config, monday.replace(hour=9)) == \
        "the reminder for 2025-W24 was already sent"
    box = mailbox.Maildir(project.root / ".cascade/outbox", create=False)
    assert len(box) == 1
    assert box[next(iter(box.keys()))]["To"] == "learning@example-scp.org.uk"  # contact_email
    assert send_review_reminder(config, monday.replace(day=16)).startswith("review reminder sent")
    assert len(box) == 2
