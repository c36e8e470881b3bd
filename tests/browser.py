"""Shared helpers for tests that look at built HTML in a real browser.

Serve a folder on loopback, drive headless Chromium through Playwright, and run
axe-core (bundled with axe-playwright-python, so nothing is downloaded) against a
page. The same helpers check the website and, later, the newsletter's HTML.
"""

from __future__ import annotations

import atexit
import functools
import http.server
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]

# WCAG 2.0, 2.1 and 2.2 at levels A and AA: the legal bar for UK public-sector sites.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")
BEST_PRACTICE_TAGS = ("best-practice",)
GATE_TAGS = WCAG_TAGS + BEST_PRACTICE_TAGS
# Best-practice rules block only at these impact levels; WCAG rules block at any level.
BLOCKING_IMPACTS = ("critical", "serious")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}


def chromium_available() -> bool:
    return Path(CHROMIUM).exists()


@dataclass(frozen=True)
class Violation:
    """One axe rule broken on one page, with every element that breaks it."""

    rule: str
    impact: str
    help: str
    help_url: str
    targets: tuple[str, ...]
    tags: tuple[str, ...] = ()
    page: str = ""

    @property
    def blocks(self) -> bool:
        """True if this violation fails the accessibility gate."""
        if any(tag in WCAG_TAGS for tag in self.tags):
            return True
        return self.impact in BLOCKING_IMPACTS

    def describe(self) -> str:
        where = f" on {self.page}" if self.page else ""
        targets = "\n".join(f"      {t}" for t in self.targets[:8])
        more = f"\n      ... and {len(self.targets) - 8} more" if len(self.targets) > 8 else ""
        return (f"  {self.rule} ({self.impact}){where}: {self.help}\n"
                f"    {self.help_url}\n{targets}{more}")


def summary(violations: list[Violation]) -> str:
    """A readable list for an assertion message: rule, impact, selectors, help URL."""
    if not violations:
        return "no accessibility violations"
    return (f"{len(violations)} accessibility violation(s):\n"
            + "\n".join(v.describe() for v in violations))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass  # keep test output for failures, not request lines


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` over HTTP on 127.0.0.1 (a free port); yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def serve_wsgi(app, path: str = "/subscriptions/", port: int = 0) -> Iterator[str]:
    """A WSGI app on waitress in a thread on 127.0.0.1 (`port`, else a free one); yields
    the URL of `path`."""
    from waitress.server import create_server

    server = create_server(app, host="127.0.0.1", port=port)
    stop = threading.Event()

    def run():
        while not stop.is_set():
            server.asyncore.loop(timeout=0.05, map=server._map, count=1)
        for channel in list(server._map.values()):
            channel.close()
        server.task_dispatcher.shutdown()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}{path}"
    finally:
        stop.set()
        thread.join(timeout=5)
        assert not thread.is_alive()


@dataclass
class _SharedBrowser:
    """One Playwright driver and one Chromium per test process.

    Playwright's sync API refuses to start while another sync session is running
    in the same thread, so every test that needs a browser borrows this one
    instead of starting its own; it is closed when the test process ends.
    """

    manager: object = None
    browser: object = None

    def get(self):
        if self.browser is None or not self.browser.is_connected():
            from playwright.sync_api import sync_playwright

            if self.manager is None:
                self.manager = sync_playwright().start()
                atexit.register(self.close)
            self.browser = self.manager.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        return self.browser

    def close(self) -> None:
        if self.browser is not None and self.browser.is_connected():
            self.browser.close()
        if self.manager is not None:
            self.manager.stop()
        self.manager = self.browser = None


_SHARED = _SharedBrowser()


@contextmanager
def launch_chromium() -> Iterator[object]:
    """Debian's headless Chromium driven by Playwright (its own browsers are never used).

    Pages a test opens are closed when it leaves the block; the browser stays up.
    """
    browser = _SHARED.get()
    before = set(browser.contexts)
    try:
        yield browser
    finally:
        for context in set(browser.contexts) - before:
            context.close()


def axe_violations(page_or_url, *, browser=None, viewport: dict | None = None,
                   tags: tuple[str, ...] = GATE_TAGS,
                   exclude_rules: dict[str, str] | None = None) -> list[Violation]:
    """Run axe-core on a page; return every violation of the rules tagged `tags`.

    `page_or_url` is an open Playwright page, checked as it is now (after typing a
    search, or after `page.set_content(html)` for an email), or a URL, opened in a
    fresh page of `browser` at `viewport`. `exclude_rules` maps a rule id to the
    reason it is not run. Use `blocking()` to keep the ones that fail the gate.
    """
    from axe_playwright_python.sync_playwright import Axe

    if isinstance(page_or_url, str):
        if browser is None:
            raise ValueError("a URL needs a browser to open it in")
        page = browser.new_page(viewport=viewport or DESKTOP)
        try:
            page.goto(page_or_url, wait_until="load")
            return axe_violations(page, tags=tags, exclude_rules=exclude_rules)
        finally:
            page.close()
    page = page_or_url
    options: dict = {"resultTypes": ["violations"],
                     "runOnly": {"type": "tag", "values": list(tags)}}
    if exclude_rules:
        options["rules"] = {rule: {"enabled": False} for rule in exclude_rules}
    response = Axe().run(page, options=options).response
    return [Violation(rule=item["id"], impact=item.get("impact") or "unknown",
                      help=item["help"], help_url=item["helpUrl"],
                      targets=tuple(_selector(node["target"]) for node in item["nodes"]),
                      tags=tuple(item.get("tags", ())), page=page.url)
            for item in response["violations"]]


def blocking(violations: list[Violation]) -> list[Violation]:
    """The violations that fail the gate: any WCAG A/AA rule, serious best practice."""
    return [v for v in violations if v.blocks]


def _selector(target: list) -> str:
    # One selector per frame or shadow root, from the outside in.
    return " >> ".join(" ".join(part) if isinstance(part, list) else str(part)
                       for part in target)
