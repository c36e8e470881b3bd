"""The follow-up question's HTML and the pages its links open pass the site's axe-core gate."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import requests

from browser import (DESKTOP, PHONE, axe_violations, blocking, chromium_available,
                     launch_chromium, serve_folder, summary)
from smtp_server import NOW, SIGNING_KEY, configure, mail_project, subscribers_csv
from test_followup import outbox, run
from test_mail_web import serve
from pipeline.mail import followup, subscribers

__all__ = ["mail_project"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="needs Chromium (apt install chromium)"),
]


def test_the_question_and_its_pages_have_no_blocking_violations(mail_project, monkeypatch):
    project = mail_project
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)
    configure(project, mail={"transport": "maildir"})
    assert subscribers_csv(project, ["amina@example.org,Amina,health,,immediate"]).exit_code == 0
    run(project, NOW)
    run(project, "2025-04-16T09:00")
    [question] = [m for m in outbox(project) if "changed your practice" in m["Subject"]]
    folder = project.root / "question"
    folder.mkdir()
    (folder / "question.html").write_text(question.get_body(("html",)).get_content(),
                                          encoding="utf-8")
    amina = subscribers.Subscriber(1, "amina@example.org", "Amina", ("health",), (),
                                   "immediate", "active")
    key = SIGNING_KEY.encode()
    token = followup.answer_token(key, amina, "safer-sleep-test", "yes",
                                  datetime.now(ZoneInfo("Europe/London")))
    found = []
    with serve_folder(folder) as mail, serve(project.config) as pages, \
            launch_chromium() as browser:
        urls = [f"{mail}question.html",
                f"{pages}followup?token={token}&item=safer-sleep-test&answer=yes",
                f"{pages}followup-stop?token={followup.stop_token(key, amina)}"]
        for url in urls:
            assert requests.get(url).status_code == 200, url
            for viewport in (DESKTOP, PHONE):
                found += blocking(axe_violations(url, browser=browser, viewport=viewport))
    assert not found, summary(found)
