"""`cascade run` killed with SIGKILL while it sends follow-up questions, then run again:
everyone is asked exactly once (counted in the Maildir), and a third run asks no one."""

from __future__ import annotations

import collections
import email
import email.policy
import os
import signal
import subprocess
import sys
import time

import pytest

from smtp_server import NOW, SIGNING_KEY, configure, mail_project, subscribers_csv

__all__ = ["mail_project"]

PEOPLE = 20
DUE = "2025-04-16T09:00"                # 42 days after the alerts of NOW
QUESTION = "Has this briefing changed your practice?"


def _start(project) -> subprocess.Popen:
    env = dict(os.environ, CASCADE_SIGNING_KEY=SIGNING_KEY)
    return subprocess.Popen([sys.executable, "-m", "pipeline", "run", "--now", DUE],
                            cwd=project.root, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def _questions(project) -> list[str]:
    """The recipient of each follow-up question in the Maildir, files in arrival order."""
    folder = project.root / ".cascade/outbox/new"
    found = []
    for path in sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime_ns) \
            if folder.is_dir() else []:
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["Subject"] == QUESTION:
            found.append(message["To"].addresses[0].addr_spec)
    return found


def _wait_for(project, count: int, process, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while len(_questions(project)) < count:
        assert process.poll() is None, f"the run ended early: {process.stdout.read()}"
        assert time.monotonic() < deadline, "too few follow-up questions were sent"
        time.sleep(0.01)


@pytest.mark.slow
def test_sigkill_mid_send_then_rerun_asks_everyone_exactly_once(mail_project):
    project = mail_project
    configure(project, mail={"transport": "maildir"})
    rows = [f"p{n:02d}@example.org,Practitioner {n},health,,immediate" for n in range(PEOPLE)]
    assert subscribers_csv(project, rows).exit_code == 0
    first = project.cascade("run", "--now", NOW)          # the alerts, sent at once
    assert first.exit_code == 0, first.output
    # Five questions a second from now on, so the kills land mid-send.
    configure(project, mail={"transport": "maildir", "rate_per_minute": 300})
    kills = 0
    for stop_at in (5, 12):
        process = _start(project)
        _wait_for(project, stop_at, process)
        process.send_signal(signal.SIGKILL)
        process.wait()
        kills += 1
    assert len(_questions(project)) < PEOPLE                # the kills came mid-send
    final = _start(project)
    output, _ = final.communicate(timeout=120)
    assert final.returncode == 0, output
    assert "follow-up question" in output
    asked = collections.Counter(_questions(project))
    assert asked == {f"p{n:02d}@example.org": 1 for n in range(PEOPLE)}
    again = project.cascade("run", "--now", "2025-04-16T10:00")
    assert again.exit_code == 0 and "follow-up" not in again.output
    assert collections.Counter(_questions(project)) == asked
