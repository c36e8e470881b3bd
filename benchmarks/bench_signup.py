"""How many complete sign-ups a second `cascade serve`'s pages take, through the real
waitress server on loopback.

Each sign-up is what a reader's browser and mailbox do: GET the form (its cookie and
CSRF token), POST it, read the confirmation email from the Maildir, GET the
confirmation page, POST its button. The server runs in its own process, as the web
part of `cascade serve` does (make_server: four threads); a few readers sign up at
once. Prints sign-ups per second against the target of 100, and the processor time
each sign-up costs the server and the readers (which depends less on whatever else the
machine is doing).
Run: python benchmarks/bench_signup.py [--signups N] [--readers N]
"""

from __future__ import annotations

import argparse
import email
import http.client
import mailbox as mailbox_module
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, unquote, urlencode

TARGET = 100.0          # sign-ups a second, on two cores
REPO = Path(__file__).resolve().parent.parent
SETTINGS = """site_url: https://learning.example-scp.org.uk/
subscribe_url: https://learning.example-scp.org.uk/subscriptions/
serve:
  port: 0
  posts_per_client_per_hour: 0
"""
SERVER = """
import logging
import sys
logging.getLogger("waitress.queue").setLevel(logging.ERROR)   # busy is the point here
from pipeline.settings.config import load_config
from pipeline.service.serve import make_server
server = make_server(load_config(sys.argv[1]))
print(server.effective_port, flush=True)
server.run()
"""
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
CONFIRM = re.compile(r"/subscriptions/confirm\?token=(\S+)")


class Mailbox:
    """The Maildir's new messages, read once each, by recipient."""

    def __init__(self, folder: Path):
        self.folder = folder / "new"
        self.seen: set[str] = set()
        self.tokens: dict[str, str] = {}
        self.lock = threading.Lock()

    def token_for(self, address: str) -> str:
        while True:
            with self.lock:
                if address in self.tokens:
                    return self.tokens.pop(address)
                for name in os.listdir(self.folder):
                    if name not in self.seen:
                        self.seen.add(name)
                        # The compat32 parser: what a mail client needs, at a fraction of
                        # the cost of the default policy (the readers share the machine).
                        message = email.message_from_bytes((self.folder / name).read_bytes())
                        # Read: moved to cur/, as a mail client does, so new/ stays short.
                        os.rename(self.folder / name, self.folder.parent / "cur" / f"{name}:2,S")
                        text = next(part.get_payload(decode=True).decode("utf-8")
                                    for part in message.walk()
                                    if part.get_content_type() == "text/plain")
                        self.tokens[message["To"]] = unquote(CONFIRM.search(text).group(1))
            time.sleep(0.001)


class Reader:
    """One browser: a keep-alive connection, and the form cookie of the sign-up in hand."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""

    def request(self, method: str, path: str, form: dict | None = None) -> str:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        page = response.read().decode("utf-8")
        if response.status != 200:
            raise RuntimeError(f"{method} {path}: {response.status}\n{page[:500]}")
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return page

    def sign_up(self, address: str, mailbox: Mailbox) -> None:
        self.cookie = ""                                   # a new reader each time
        form = self.request("GET", "/subscriptions/subscribe?themes=neglect")
        self.request("POST", "/subscriptions/subscribe", {
            "email": address, "name": "", "website": "", "audiences": ["health"],
            "themes": ["neglect"], "frequency": "weekly",
            "csrf": CSRF.search(form).group(1)})
        token = mailbox.token_for(address)
        path = f"/subscriptions/confirm?token={quote(token)}"
        shown = self.request("GET", path)
        done = self.request("POST", path, {"token": token, "csrf": CSRF.search(shown).group(1)})
        if "You are signed up" not in done:
            raise RuntimeError(f"{address} was not confirmed")


def cpu_seconds(pid: int) -> float:
    """The processor time a process has used so far (Linux /proc), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--signups", type=int, default=1000)
    parser.add_argument("--readers", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cascade-signup-") as tmp:
        root = Path(tmp)
        (root / "cascade.yml").write_text(SETTINGS, encoding="utf-8")
        env = dict(os.environ, PYTHONPATH=str(REPO), CASCADE_SIGNING_KEY="b" * 32)
        server = subprocess.Popen([sys.executable, "-c", SERVER, str(root / "cascade.yml")],
                                  stdout=subprocess.PIPE, text=True, env=env, cwd=root)
        try:
            port = int(server.stdout.readline())
            started = cpu_seconds(server.pid)        # imports and start-up, not sign-ups
            mailbox = Mailbox(root / ".cascade/outbox")
            (root / ".cascade").mkdir(exist_ok=True)
            mailbox_module.Maildir(root / ".cascade/outbox", create=True)
            addresses = [f"reader{n}@example.org" for n in range(args.signups)]
            chunks = [addresses[n::args.readers] for n in range(args.readers)]

            failures = []

            def work(chunk):
                reader = Reader(port)
                try:
                    for address in chunk:
                        reader.sign_up(address, mailbox)
                except Exception as exc:   # noqa: BLE001 - said below, and the run fails
                    failures.append(exc)

            threads = [threading.Thread(target=work, args=(chunk,)) for chunk in chunks]
            start, readers_start = time.monotonic(), time.process_time()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            seconds = time.monotonic() - start
            readers_cpu = time.process_time() - readers_start
            if failures:
                raise SystemExit(f"sign-ups failed: {failures[0]}")
            server_cpu = cpu_seconds(server.pid) - started
        finally:
            server.terminate()
            server.wait(timeout=10)
        listing = subprocess.run(
            [sys.executable, "-m", "pipeline", "subscribers", "list", "--status", "active"],
            cwd=root, env=env, capture_output=True, text=True)
        confirmed = listing.stdout.count("@example.org")
    if confirmed != args.signups:
        raise SystemExit(f"{args.signups:,} sign-ups went through but {confirmed:,} addresses "
                         f"are active:\n{listing.stdout[-500:]}{listing.stderr[-2000:]}")
    rate = args.signups / seconds
    met = "met" if rate >= TARGET else "NOT met"
    print(f"processor time per sign-up: server {server_cpu / args.signups * 1000:.1f} ms (so "
          f"one core serves {args.signups / server_cpu:.0f} sign-ups a second), readers "
          f"{readers_cpu / args.signups * 1000:.1f} ms")
    print(f"sign-ups through cascade serve, {args.signups:,} complete ({confirmed:,} confirmed, "
          f"{args.readers} at once): {seconds:.2f} s, {rate:.0f} sign-ups a second "
          f"(target {TARGET:.0f} a second: {met})")


if __name__ == "__main__":
    main()
