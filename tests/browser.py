"""Shared helpers for tests that look at built HTML in a real browser.

Serve a folder on loopback, drive headless Chromium through Playwright, and run
axe-core (bundled with axe-playwright-python, so nothing is downloaded) against a
page. The same helpers check the website and, later, the newsletter's HTML.
"""

from __future__ import annotations

import functools
import http.server
import shutil
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
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BEST_PRACTICE_TAGS = ["best-practice"]
SERIOUS = ("critical", "serious")


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


@dataclass(frozen=True)
class Violation:
    """One axe rule broken on one page, with every element that breaks it."""

    rule: str
    impact: str
    help: str
    help_url: str
    targets: tuple[str, ...]
    page: str = ""

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
def launch_chromium() -> Iterator[object]:
    """Debian's headless Chromium driven by Playwright (its own browsers are never used)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def axe_violations(page_or_url, *, browser=None, tags: list[str] | None = None,
                   exclude_rules: dict[str, str] | None = None,
                   impacts: tuple[str, ...] | None = None,
                   viewport: dict | None = None) -> list[Violation]:
    """Run axe-core on a page and return the violations of the rules tagged `tags`.

    `page_or_url` is an open Playwright page (checked as it is, e.g. after typing a
    search) or a URL, opened in a fresh page of `browser`. `exclude_rules` maps a
    rule id to the reason it is not run; `impacts` keeps only those impact levels.
    """
    from axe_playwright_python.sync_playwright import Axe

    if isinstance(page_or_url, str):
        if browser is None:
            raise ValueError("a URL needs a browser to open it in")
        page = browser.new_page(viewport=viewport or {"width": 1280, "height": 900})
        try:
            page.goto(page_or_url, wait_until="load")
            return axe_violations(page, tags=tags, exclude_rules=exclude_rules,
                                  impacts=impacts)
        finally:
            page.close()
    page = page_or_url
    options: dict = {"resultTypes": ["violations"],
                     "runOnly": {"type": "tag", "values": list(tags or WCAG_TAGS)}}
    if exclude_rules:
        options["rules"] = {rule: {"enabled": False} for rule in exclude_rules}
    response = Axe().run(page, options=options).response
    found = []
    for item in response["violations"]:
        if impacts is not None and item.get("impact") not in impacts:
            continue
        targets = tuple(" ".join(_selector(t) for t in node["target"])
                        for node in item["nodes"])
        found.append(Violation(item["id"], item.get("impact") or "unknown", item["help"],
                               item["helpUrl"], targets, page.url))
    return found


def _selector(target) -> str:
    # Inside a shadow root or frame, axe gives a list of selectors from the outside in.
    return " >> ".join(target) if isinstance(target, list) else str(target)
