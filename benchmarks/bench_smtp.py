"""Send one alert to many subscribers through SMTP to a local aiosmtpd server; print messages/s.

    python benchmarks/bench_smtp.py [--subscribers 10000] [--runs 3]

Each run is a whole `cascade run` process that publishes one briefing and alerts
every subscriber; the SMTP server counts what it accepts. Target: at least 200
messages a second, one connection reused per batch.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from aiosmtpd.controller import Controller
from corpus import REPO, SECTIONS   # this folder: the benchmarks share the corpus's names


class Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.messages = 0
        self.connections = 0

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self.lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages += len(envelope.rcpt_tos)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def project(root: Path, port: int, subscribers: int) -> None:
    (root / "content/briefings").mkdir(parents=True)
    (root / "mkdocs.yml").write_text((REPO / "mkdocs.yml").read_text())
    (root / "cascade.yml").write_text(
        "site_url: https://learning.example-scp.org.uk/\n"
        "mail:\n  transport: smtp\n  rate_per_minute: 1000000\n"
        f"  smtp: {{host: 127.0.0.1, port: {port}, security: none}}\n")
    rows = ["email,name,audiences,themes,frequency"]
    rows += [f"person{n}@example.org,Person {n},all-practitioners,,immediate"
             for n in range(subscribers)]
    (root / "subscribers.csv").write_text("\n".join(rows) + "\n")
    body = "\n".join(f"## {h}\n\nTalk to parents about safe sleep.\n" for h in SECTIONS)
    (root / "content/briefings/b.md").write_text(
        "---\nid: b\ntitle: Safer sleep\ndate: 2026-11-20\nstatus: ready\n"
        "summary: Why safe sleep matters.\nthemes: [safer-sleep]\n"
        f"audience: [all-practitioners]\n---\n\n{body}")


def cascade(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, CASCADE_SIGNING_KEY="a-benchmark-signing-key-of-enough-length")
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=root, env=env,
                          capture_output=True, text=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rates = []
    for _ in range(args.runs):
        counter = Counter()
        port = free_port()
        controller = Controller(counter, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            with tempfile.TemporaryDirectory(prefix="cascade-smtp-") as tmp:
                root = Path(tmp)
                project(root, port, args.subscribers)
                imported = cascade(root, "subscribers", "import", "subscribers.csv")
                assert imported.returncode == 0, imported.stdout + imported.stderr
                cascade(root, "build", "--now", "2026-11-22T12:00")  # the site, not timed
                start = time.monotonic()
                result = cascade(root, "run", "--now", "2026-11-22T12:00")
                seconds = time.monotonic() - start
                assert result.returncode == 0, result.stdout + result.stderr
        finally:
            controller.stop()
        rates.append(counter.messages / seconds)
        print(f"  {counter.messages} messages in {seconds:.1f} s over {counter.connections} "
              f"connection(s): {counter.messages / seconds:.0f} messages/s")
    rate = statistics.median(rates)
    print(f"sending {args.subscribers:,} messages through SMTP (median of {args.runs}): "
          f"{rate:.0f} messages/s   target >= 200   {'met' if rate >= 200 else 'MISSED'}")


if __name__ == "__main__":
    main()
