"""A sender killed with SIGKILL mid-send, run again: every subscriber gets the newsletter,
with at most one duplicate per kill (the message in flight when it died)."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time

import pytest

from smtp_server import NOW, SIGNING_KEY, Slow, mail_project, smtp_server, subscribers_csv

__all__ = ["mail_project"]

SUBSCRIBERS = 20
SEND = [sys.executable, "-m", "pipeline", "newsletter", "send", "--now", "2025-05-01T10:00"]


def _start(project) -> subprocess.Popen:
    env = dict(os.environ, CASCADE_SIGNING_KEY=SIGNING_KEY)
    return subprocess.Popen(SEND, cwd=project.root, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def _wait_for(store, count: int, process, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while len(store.messages) < count:
        assert process.poll() is None, f"the sender ended early: {process.stdout.read()}"
        assert time.monotonic() < deadline, "the server received too few messages"
        time.sleep(0.01)


@pytest.mark.slow
def test_sigkill_mid_send_then_rerun_sends_each_message_once(mail_project):
    project = mail_project
    # Social-care subscribers: no alerts for the shared project's items, only the newsletter.
    rows = [f"p{n:02d}@example.org,Practitioner {n},social-care,,immediate"
            for n in range(SUBSCRIBERS)]
    assert subscribers_csv(project, rows).exit_code == 0
    assert project.cascade("run", "--now", NOW).exit_code == 0      # publishes; sends nothing
    store = Slow(0.08)
    kills = 0
    with smtp_server(store, port=project.smtp_port):
        for stop_at in (5, 12):
            process = _start(project)
            _wait_for(store, stop_at, process)
            process.send_signal(signal.SIGKILL)
            process.wait()
            kills += 1
        assert len(store.messages) < SUBSCRIBERS + kills   # the kills came mid-send
        final = _start(project)
        output, _ = final.communicate(timeout=60)
        assert final.returncode == 0, output
    received = collections.Counter(store.recipients())
    assert set(received) == {f"p{n:02d}@example.org" for n in range(SUBSCRIBERS)}
    duplicates = sum(count - 1 for count in received.values())
    assert duplicates <= kills, received
    assert f"newsletter-2025-05 (Learning newsletter: May 2025, 2 items): {SUBSCRIBERS} sent" \
        in output
    sent = [r for r in project.log_rows() if r["action"] == "sent"]
    assert [(r["item_id"], r["channel"], r["reach"]) for r in sent] == [
        ("info-sharing-2025-03", "newsletter", str(SUBSCRIBERS)),
        ("safer-sleep-test", "newsletter", str(SUBSCRIBERS))]   # a row per item, once each
    # A fourth run has nothing left to do.
    again = project.cascade("newsletter", "send", "--now", "2025-05-01T11:00")
    assert again.exit_code == 0
    assert again.output.startswith("newsletter-2025-05 was already sent")
    assert sum(collections.Counter(store.recipients()).values()) == SUBSCRIBERS + duplicates
