"""The manage pages pass the axe-core gate in Chromium at 1280 and 320 px, errors shown."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from browser import (DESKTOP, PHONE, axe_violations, blocking, chromium_available,
                     launch_chromium, serve_wsgi, summary)
from smtp_server import SIGNING_KEY, subscribers_csv
from pipeline.mail import tokens
from pipeline.service.web import make_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="needs Chromium (apt install chromium)"),
]
KEY = SIGNING_KEY.encode()


def test_the_manage_pages_have_no_blocking_violations(project, monkeypatch):
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)
    assert subscribers_csv(project, ["amina@example.org,Amina,health,,immediate"]).exit_code == 0
    now = datetime.now(timezone.utc)
    manage = tokens.make_expiring(KEY, "manage", 1, "amina@example.org", now)
    expired = tokens.make_expiring(KEY, "manage", 1, "amina@example.org",
                                   now - timedelta(days=8))
    found, titles = [], []
    with serve_wsgi(make_app(project.config)) as base, launch_chromium() as browser:
        for viewport in (DESKTOP, PHONE):
            page = browser.new_page(viewport=viewport)

            def check(action=None):
                if action:
                    action()
                    page.wait_for_load_state("load")
                titles.append(page.title().split(" - ")[0])
                found.extend(blocking(axe_violations(page)))

            page.goto(f"{base}manage-request")
            check()
            page.fill("#email", "not an address")
            check(lambda: page.click("text=Send me a link"))
            page.fill("#email", "someone@example.org")
            check(lambda: page.click("text=Send me a link"))
            page.goto(f"{base}manage?token={manage}")
            check()
            page.fill("#email", "amina@example.org")
            check(lambda: page.click("text=Change my address"))
            check(lambda: page.click("text=Delete my data"))
            page.goto(f"{base}manage?token={expired}")
            check()
            page.close()
    assert titles[:7] == ["Manage your subscription", "Error: Manage your subscription",
                          "Check your email", "Manage your subscription",
                          "Error: Manage your subscription", "Delete your data",
                          "This link has expired"]
    assert not found, summary(found)
