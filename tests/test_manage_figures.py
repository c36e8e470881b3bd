"""Figures, not people: every way a subscription ends is counted, the counts reach
`cascade log report` (Markdown, CSV, HTML) and `cascade status`, and no address
reaches the log, the website, a report or the status."""

from __future__ import annotations

import csv
import io
import json
import mailbox
import re

import requests

from browser import serve_wsgi
from smtp_server import SIGNING_KEY, subscribers_csv
from test_mail_officer import dsn
from test_manage import csrf_of, manage_token
from pipeline.mail import tokens
from pipeline.service.web import make_app

KEY = SIGNING_KEY.encode()
PEOPLE = ["amina@example.org", "ben@example.org", "carys@example.org", "dafydd@example.org",
          "eve@example.org", "fay@example.org"]
CALLBACK = "a-callback-token-for-notify-of-some-length"


def end_each_way(project, base) -> None:
    """Ben by his unsubscribe link, Carys on the manage page, Dafydd erased, Amina
    suppressed by a Notify callback, Fay by a bounce in the mailbox; Eve stays."""
    ben = tokens.make(KEY, "unsubscribe", 2, "ben@example.org")
    assert requests.post(f"{base}unsubscribe", params={"token": ben},
                         data={"List-Unsubscribe": "One-Click"}).status_code == 200
    for ident, address, action in ((3, "carys@example.org", "unsubscribe"),
                                   (4, "dafydd@example.org", "erase")):
        browser = requests.Session()
        params = {"token": manage_token(ident, address)}
        csrf = csrf_of(browser.get(f"{base}manage", params=params).text)
        assert browser.post(f"{base}manage", params=params,
                            data={"action": action, "csrf": csrf}).status_code == 200
    receipt = {"id": "1", "reference": None, "to": "amina@example.org",
               "status": "permanent-failure", "created_at": "2017-05-14T12:15:30.000000Z",
               "completed_at": "2017-05-14T12:15:30.000000Z",
               "sent_at": "2017-05-14T12:15:30.000000Z", "notification_type": "email"}
    assert requests.post(f"{base}notify-callback", json=receipt,
                         headers={"Authorization": f"Bearer {CALLBACK}"}).status_code == 200
    mailbox.Maildir(project.root / "bounces", create=True).add(dsn("fay@example.org", "5.1.1"))
    assert project.cascade("subscribers", "bounces", "bounces").exit_code == 0


def test_subscriber_figures_reach_reports_and_status_and_no_address_goes_anywhere(
        project, monkeypatch):
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)
    monkeypatch.setenv("CASCADE_NOTIFY_CALLBACK_TOKEN", CALLBACK)
    assert subscribers_csv(project, [f"{p},{p.split('@')[0].title()},health,,weekly"
                                     for p in PEOPLE]).exit_code == 0
    with serve_wsgi(make_app(project.config)) as base:
        end_each_way(project, base)
    project.briefing()
    assert project.cascade("run").exit_code == 0

    report = project.cascade("log", "report")
    assert report.exit_code == 0, report.output
    section = report.output[report.output.index("## Subscribers"):]
    for line in ("| New sign-ups | 0 |", "| Added by the officer | 6 |", "| Unsubscribed | 2 |",
                 "| Suppressed (email could not be delivered) | 2 |",
                 "| Deleted their data | 1 |", "| Active subscribers now | 1 |"):
        assert line in section, line

    table = project.cascade("log", "report", "--format", "csv").output
    rows = {r["title"]: r["reach"] for r in csv.DictReader(io.StringIO(table))
            if r["section"] == "subscribers"}
    assert rows == {"signed-up": "0", "confirmed": "0", "imported": "6", "unsubscribed": "2",
                    "suppressed": "2", "erased": "1", "active-now": "1"}

    page = project.cascade("log", "report", "--format", "html").output
    assert re.search(r"<h2[^>]*>Subscribers</h2>", page)
    assert re.search(r"<th[^>]*>Unsubscribed</th>\s*<td[^>]*>2</td>", page)

    status = project.cascade("status")
    assert "Subscribers: 1 active; in the last 30 days: 0 new sign-ups, 0 confirmed, " \
        "2 unsubscribed, 2 suppressed, 1 deleted their data" in status.output
    figures = json.loads(project.cascade("status", "--format", "json").output)["subscribers"]
    assert (figures["active"], figures["events"]["unsubscribed"]) == (1, 2)

    # No address anywhere a figure goes: the log, the website, the reports, the status.
    written = [report.output, table, page, status.output, json.dumps(figures),
               (project.root / "dissemination_log.csv").read_text(encoding="utf-8")]
    written += [path.read_text(encoding="utf-8", errors="replace")
                for path in (project.root / "site").rglob("*")
                if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt", ".csv")]
    for text in written:
        for person in PEOPLE:
            assert person not in text and person.split("@")[0] + "@" not in text


def test_a_report_for_one_item_or_a_partnership_without_subscribers_has_no_subscriber_section(
        project):
    project.briefing()
    assert project.cascade("run").exit_code == 0
    assert "## Subscribers" not in project.cascade("log", "report").output
    assert subscribers_csv(project, ["eve@example.org,Eve,health,,weekly"]).exit_code == 0
    assert "## Subscribers" in project.cascade("log", "report").output
    assert "## Subscribers" not in project.cascade("log", "report", "--item",
                                                   "safer-sleep-test").output
