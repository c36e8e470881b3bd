"""Real SMTP servers on loopback for the mail tests (aiosmtpd in a background thread).

Handlers: `Store` keeps every message; `Greylist` answers 451 to a recipient's
first N attempts, then accepts; `Reject` answers 550 for chosen addresses; `RefuseAll` refuses
every message at one step, as a server that will not relay does; `Slow`
takes a while to accept each message (for the kill test). Every handler keeps the
parsed messages in `messages`, thread-safe, in arrival order.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import ssl
import subprocess
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from conftest import SECTIONS


class Store:
    def __init__(self):
        self.lock = threading.Lock()
        self.messages = []        # (recipients, parsed EmailMessage)
        self.rcpt_attempts = {}   # address -> RCPT commands seen

    def received_by(self, address: str) -> list:
        with self.lock:
            return [m for rcpts, m in self.messages if address in rcpts]

    def recipients(self) -> list[str]:
        with self.lock:
            return [r for rcpts, _ in self.messages for r in rcpts]

    def rcpt_answer(self, address: str) -> str | None:
        return None  # accept

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            self.rcpt_attempts[address] = self.rcpt_attempts.get(address, 0) + 1
        answer = self.rcpt_answer(address)
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        await self.before_accept()
        message = email.message_from_bytes(envelope.original_content or envelope.content,
                                           policy=email.policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    async def before_accept(self):
        pass


class Greylist(Store):
    def __init__(self, failures: int = 1):
        super().__init__()
        self.failures = failures

    def rcpt_answer(self, address):
        if self.rcpt_attempts[address] <= self.failures:
            return "451 4.7.1 Greylisted, please try again later"
        return None


class Reject(Store):
    def __init__(self, rejected: set[str]):
        super().__init__()
        self.rejected = rejected

    def rcpt_answer(self, address):
        return "550 5.1.1 No such mailbox here" if address in self.rejected else None


class RefuseAll(Store):
    """Answers `answer` to every message at one step: "MAIL", "RCPT" or "DATA"."""

    def __init__(self, answer: str, step: str = "RCPT"):
        super().__init__()
        self.answer, self.step = answer, step

    def rcpt_answer(self, address):
        return self.answer if self.step == "RCPT" else None

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.step == "MAIL":
            return self.answer
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.step == "DATA":
            return self.answer
        return await super().handle_DATA(server, session, envelope)


class Slow(Store):
    def __init__(self, seconds: float):
        super().__init__()
        self.seconds = seconds

    async def before_accept(self):
        await asyncio.sleep(self.seconds)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Authenticator:
    def __init__(self, username: str, password: str):
        self.username, self.password = username.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == self.username and auth_data.password == self.password
        return AuthResult(success=ok, handled=False)


@contextmanager
def smtp_server(handler, *, port: int | None = None, tls_context=None,
                login: tuple[str, str] | None = None):
    """Run `handler` on 127.0.0.1; yield the port. STARTTLS is offered with tls_context."""
    kwargs = {}
    if tls_context is not None:
        kwargs.update(tls_context=tls_context, require_starttls=True)
    if login is not None:
        kwargs.update(authenticator=_Authenticator(*login), auth_require_tls=tls_context
                      is not None)
    controller = Controller(handler, hostname="127.0.0.1", port=port or free_port(), **kwargs)
    controller.start()
    try:
        yield controller.port
    finally:
        controller.stop()


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 made with the openssl command (cert, key)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


def server_tls_context(cert: Path, key: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


# Project set-up shared by the mail tests.

SIGNING_KEY = "a-test-signing-key-that-is-long-enough"
BUILT_AT = "2025-03-05T08:00"    # when the shared project's site was built
NOW = "2025-03-05T09:00"         # the first run of a test
HEALTH = "amina@example.org,Amina <b>Rahman</b> & co,health,safer-sleep,immediate"
ACTION = "Talk to parents about **safe sleep** at every visit. Press <kbd>Esc</kbd> to leave."
PROCEDURE = """---
id: info-sharing-2025-03
title: "Information Sharing"
date: 2025-03-03
status: ready
summary: Revised in line with updated government guidance.
change_type: updated
chapter_url: https://procedures.example.org.uk/chapters/info-sharing
update_cycle: "2025-03"
practitioner_action: Read the new section on sharing information with schools.
themes: [information-sharing]
audience: [police]
---

The chapter now follows the updated government guidance.
"""


def settings(port: int, mail: dict | None = None, smtp: dict | None = None) -> dict:
    """cascade.yml for the mail tests: SMTP on loopback, fast retries, no real pacing."""
    merged = {"transport": "smtp", "retries": 2, "backoff_seconds": 0.01,
              "rate_per_minute": 60000, **(mail or {})}
    merged["smtp"] = {"host": "127.0.0.1", "port": port, "security": "none",
                      "timeout_seconds": 10, **(smtp or {})}
    return {"site_url": "https://learning.example-scp.org.uk/", "mail": merged}


def configure(project, **changes) -> None:
    import yaml
    project.write("cascade.yml", yaml.safe_dump(settings(project.smtp_port, **changes),
                                                sort_keys=False))


def build_template(base: Path, project_class, briefing_text) -> Path:
    """A project with one health briefing and one police procedure note, its site built
    (by `cascade build`, which neither logs nor alerts), shared by the mail tests so
    that most of them run without building a site."""
    root = base / "mail-template"
    if (root / "site").is_dir():
        return root
    import shutil
    import yaml
    repo = Path(__file__).resolve().parent.parent
    project = project_class(root)
    body = "\n".join(f"## {h}\n\n{ACTION if h == 'What you should do' else 'Some text.'}\n"
                     for h in SECTIONS)
    project.write("content/briefings/safer-sleep-test.md", briefing_text(
        id="safer-sleep-test", audience="[health]", themes="[safer-sleep]", body=body))
    project.write("content/procedures/info-sharing-2025-03.md", PROCEDURE)
    shutil.copy(repo / "mkdocs.yml", root / "mkdocs.yml")
    port = free_port()
    (root / "smtp-port").write_text(str(port))
    project.write("cascade.yml", yaml.safe_dump(settings(port), sort_keys=False))
    result = project.cascade("build", "--now", BUILT_AT)
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def mail_project(tmp_path, tmp_path_factory):
    """A copy of the shared project (site built, nothing logged or sent yet).

    Its SMTP port is fixed when the template is made, so tests that start a server
    on `project.smtp_port` keep the settings, and the site, unchanged.
    """
    import shutil

    from conftest import Project, briefing_text
    template = build_template(tmp_path_factory.getbasetemp(), Project, briefing_text)
    root = tmp_path / "project"
    shutil.copytree(template, root)
    project = Project(root)
    project.smtp_port = int((root / "smtp-port").read_text())
    return project


def subscribers_csv(project, rows: list[str], name: str = "subscribers.csv"):
    """Write a subscribers CSV (header included) and import it; return the CLI result."""
    project.write(name, "email,name,audiences,themes,frequency\n" + "\n".join(rows) + "\n")
    return project.cascade("subscribers", "import", name)
