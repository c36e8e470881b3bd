"""The newsletter's HTML and the subscription pages pass the site's axe-core gate."""

from __future__ import annotations

import pytest

from browser import (DESKTOP, PHONE, axe_violations, blocking, chromium_available,
                     launch_chromium, serve_folder, summary)
from smtp_server import NOW, SIGNING_KEY, mail_project, subscribers_csv
from test_mail_web import serve
from pipeline.mail import tokens

__all__ = ["mail_project"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="needs Chromium (apt install chromium)"),
]


def test_newsletter_html_and_subscription_pages_have_no_blocking_violations(mail_project,
                                                                             monkeypatch):
    project = mail_project
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)
    assert project.cascade("run", "--now", NOW).exit_code == 0
    assert project.cascade("newsletter", "preview", "--now", "2025-04-20T09:00").exit_code == 0
    subscribers_csv(project, ["amina@example.org,Amina,health,,immediate"])
    key = SIGNING_KEY.encode()
    found = []
    with serve_folder(project.root / "newsletter-preview") as preview, \
            serve(project.config) as pages, launch_chromium() as browser:
        urls = [f"{preview}newsletter-2025-05.html",
                f"{pages}unsubscribe?token={tokens.make(key, 'unsubscribe', 1, 'amina@example.org')}",
                f"{pages}preferences?token={tokens.make(key, 'preferences', 1, 'amina@example.org')}"]
        for url in urls:
            for viewport in (DESKTOP, PHONE):
                found += blocking(axe_violations(url, browser=browser, viewport=viewport))
    assert not found, summary(found)
