"""Races: Cascade processes started together on one project do nothing twice and lose nothing.

Every process here is a real `python -m pipeline ...` subprocess; the SMTP server
is slow on purpose, so the processes overlap for seconds rather than milliseconds.
"""

from __future__ import annotations

import collections
import os
import subprocess
import sys

import yaml

from conftest import Project
from smtp_server import Slow, free_port, smtp_server
from smtp_server import settings as mail_settings

SUBSCRIBERS = ["amina@example.org", "ben@example.org", "carys@example.org"]
BUSY = ("Error: another cascade run or build is in progress on this project; it was not "
        "finished after 0 s. Try again when it has finished.\n")


def child_env() -> dict:
    return dict(os.environ, CASCADE_SIGNING_KEY="a-signing-key-for-the-race-tests")


def configure(project: Project, port: int, **extra) -> None:
    project.write("cascade.yml", yaml.safe_dump(
        {**mail_settings(port, mail={"retries": 1}), **extra}, sort_keys=False))


def subscribe(project: Project, frequency: str = "immediate") -> None:
    project.write("subscribers.csv", "email,name,audiences,themes,frequency\n" + "".join(
        f"{address},,health,,{frequency}\n" for address in SUBSCRIBERS))
    assert project.cascade("subscribers", "import", "subscribers.csv").exit_code == 0


def start(project: Project, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=project.root,
                            env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def finish(*processes: subprocess.Popen) -> list[tuple[int, str, str]]:
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        results.append((process.returncode, out, err))
    return results


def acts(project: Project) -> collections.Counter:
    return collections.Counter((r["item_id"], r["action"], r["channel"])
                               for r in project.log_rows())


def test_two_runs_started_together_one_waits_and_nothing_is_done_twice(project):
    store = Slow(0.15)
    port = free_port()
    configure(project, port)
    subscribe(project)
    project.briefing("safer-sleep", date="2025-03-05", audience="[health]")
    project.briefing("bruising", title="Bruising in babies who do not crawl", date="2025-03-05",
                     audience="[health]")
    with smtp_server(store, port=port):
        first, second = finish(start(project, "run", "--now", "2025-03-05T09:00"),
                               start(project, "run", "--now", "2025-03-05T09:00"))
    assert first[0] == second[0] == 0, (first, second)
    outputs = sorted([first[1], second[1]], key=lambda out: out.startswith("Nothing"))
    assert outputs[0].startswith("Built site/: ")
    assert "Logged 4 rows in dissemination_log.csv: 2 published, 2 sent." in outputs[0]
    assert outputs[1] == ("Nothing to do: the site is up to date (2 items published).\n"
                          "2 items: 2 ready\n")
    assert acts(project) == {("bruising", "published", "website"): 1,
                             ("safer-sleep", "published", "website"): 1,
                             ("bruising", "sent", "email-alert"): 1,
                             ("safer-sleep", "sent", "email-alert"): 1}
    received = collections.Counter((rcpt, str(message["Subject"]))
                                   for rcpts, message in store.messages for rcpt in rcpts)
    assert len(received) == 6 and set(received.values()) == {1}   # each alert once
    assert project.cascade("log", "verify").exit_code == 0


def test_a_run_that_cannot_wait_refuses_with_a_clear_message_and_changes_nothing(project):
    store = Slow(0.3)            # the winner holds the lock for seconds while it sends
    port = free_port()
    configure(project, port, lock_timeout_seconds=0)
    subscribe(project)
    project.briefing("safer-sleep", date="2025-03-05", audience="[health]")
    with smtp_server(store, port=port):
        results = finish(start(project, "run", "--now", "2025-03-05T09:00"),
                         start(project, "run", "--now", "2025-03-05T09:00"))
    done = [r for r in results if r[0] == 0]
    refused = [r for r in results if r[0] != 0]
    assert len(done) == 1 and len(refused) == 1, results
    assert refused[0] == (1, "", BUSY)
    assert "Logged 2 rows in dissemination_log.csv: 1 published, 1 sent." in done[0][1]
    assert acts(project) == {("safer-sleep", "published", "website"): 1,
                             ("safer-sleep", "sent", "email-alert"): 1}
    assert sorted(store.recipients()) == SUBSCRIBERS


def test_log_add_beside_a_run_loses_no_row(project):
    """Eight officers record sessions while a run publishes twelve items: every row lands,
    once, in one unbroken chain."""
    for n in range(12):
        project.briefing(f"briefing-{n:02d}", title=f"Learning from review {n}",
                         date="2025-03-01")
    run = start(project, "run", "--now", "2025-03-05T09:00")
    adds = [start(project, "log", "add", "--item", f"briefing-{n:02d}", "--channel",
                  "team-briefing", "--audience", "health", "--reach", str(10 + n), "--by",
                  "Health visiting team lead", "--when", f"2025-03-0{1 + n % 4}T14:{n:02d}",
                  "--now", "2025-03-05T09:00")
            for n in range(8)]
    results = finish(run, *adds)
    assert [r[0] for r in results] == [0] * 9, results
    assert all(r[1].startswith("Recorded entry ") for r in results[1:])
    rows = project.log_rows()
    assert [r["entry_id"] for r in rows] == [str(n) for n in range(1, 21)]
    assert acts(project) == {
        **{(f"briefing-{n:02d}", "published", "website"): 1 for n in range(12)},
        **{(f"briefing-{n:02d}", "delivered-offline", "team-briefing"): 1 for n in range(8)}}
    assert sorted(int(r["reach"]) for r in rows if r["reach"]) == list(range(10, 18))
    verify = project.cascade("log", "verify")
    assert verify.exit_code == 0 and "20 entries, chain intact" in verify.output


def test_newsletter_send_beside_a_run_sends_each_issue_once(project):
    """The run finds the newsletter due and sends it; `cascade newsletter send`, started
    at the same moment, sends the same issue. Each subscriber gets it once."""
    store = Slow(0.15)
    port = free_port()
    configure(project, port)
    subscribe(project, frequency="newsletter-only")
    project.briefing("safer-sleep", date="2025-04-02", audience="[health]")
    with smtp_server(store, port=port):
        assert project.cascade("run", "--now", "2025-04-20T09:00").exit_code == 0
        assert store.messages == []                         # newsletter-only: no alerts
        results = finish(start(project, "run", "--now", "2025-05-01T10:00"),
                         start(project, "newsletter", "send", "--now", "2025-05-01T10:00"))
    assert [r[0] for r in results] == [0, 0], results
    assert sorted(store.recipients()) == SUBSCRIBERS
    assert {str(m["Subject"]) for _, m in store.messages} == {"Learning newsletter: May 2025"}
    assert acts(project)[("safer-sleep", "sent", "newsletter")] == 1   # the issue carried it
    assert project.cascade("log", "verify").exit_code == 0
