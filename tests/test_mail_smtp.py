"""Topic alerts over a real SMTP server on loopback: the messages, 4xx, 5xx, TLS, outages."""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo
from urllib.parse import parse_qs, urlsplit

import pytest

from smtp_server import (HEALTH, NOW, SIGNING_KEY, Greylist, RefuseAll, Reject, Store, configure,
                         mail_project, self_signed, server_tls_context, smtp_server,
                         subscribers_csv)
from pipeline.mail import tokens

__all__ = ["mail_project"]  # the shared fixture
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def signing_key(monkeypatch):
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)


def test_alert_goes_once_to_each_matching_subscriber_with_every_part(mail_project):
    project = mail_project
    assert subscribers_csv(project, [
        HEALTH,
        "ben@example.org,Ben,police,,immediate",                   # only the procedure
        "carys@example.org,Carys,health,neglect,immediate",         # other theme
        "dev@example.org,Dev,health,,weekly",                       # waits for the digest
        "eve@example.org,Eve,health,,newsletter-only",              # no alerts at all
        "gil@example.org,,all-practitioners;health,,immediate",     # every theme
    ]).exit_code == 0
    store = Store()
    with smtp_server(store, port=project.smtp_port):
        result = project.cascade("run", "--now", NOW)
        assert result.exit_code == 0, result.output
        assert "Logged 4 rows in dissemination_log.csv: 2 published, 2 sent." in result.output
        again = project.cascade("run", "--now", "2025-03-05T10:00")
        assert again.exit_code == 0
    assert sorted(store.recipients()) == ["amina@example.org", "ben@example.org",
                                          "gil@example.org"]       # nothing sent twice
    assert store.received_by("ben@example.org")[0]["Subject"] == \
        "Procedure change: Information Sharing"

    message = store.received_by("amina@example.org")[0]
    assert message.get_content_type() == "multipart/alternative"
    text_part, html_part = message.get_payload()
    assert text_part.get_content_type() == "text/plain"
    assert html_part.get_content_type() == "text/html"
    assert message["Subject"] == "New 7-minute briefing: Safer sleep for babies"
    assert message["From"] == "Safeguarding Children Partnership <learning@example-scp.org.uk>"
    assert message["To"].addresses[0].addr_spec == "amina@example.org"
    assert re.fullmatch(r"<cascade\.[0-9a-f]{24}@example-scp\.org\.uk>", message["Message-ID"])
    assert parsedate_to_datetime(message["Date"]).tzinfo is not None
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https, mailto = re.findall(r"<([^>]+)>", message["List-Unsubscribe"])
    assert https.startswith("https://learning.example-scp.org.uk/subscriptions/unsubscribe?token=")
    assert mailto.startswith("mailto:learning@example-scp.org.uk?subject=unsubscribe%20v1.u.")
    token = parse_qs(urlsplit(https).query)["token"][0]
    assert tokens.verify(SIGNING_KEY.encode(), token, "unsubscribe", 1, "amina@example.org")

    html = html_part.get_content()
    assert '<html lang="en">' in html
    assert html.count('role="presentation"') == 2 and "<img" not in html
    assert "Hello Amina &lt;b&gt;Rahman&lt;/b&gt; &amp; co," in html    # names are escaped
    assert "<strong>safe sleep</strong>" in html                      # Markdown rendered
    assert "Press Esc to leave." in html and "<kbd>" not in html      # nh3 kept the text only
    assert 'href="https://learning.example-scp.org.uk/briefings/safer-sleep-test.html"' in html
    assert https in html
    text = text_part.get_content()
    assert "Why safe sleep matters and what to say to parents." in text
    assert "Talk to parents about safe sleep at every visit." in text
    assert "Read the briefing: https://learning.example-scp.org.uk/briefings/safer-sleep-test.html" \
        in text
    assert f"Unsubscribe: {https}" in text
    assert "<kbd>" not in text and "<b>Rahman" in text               # plain text stays plain

    rows = [r for r in project.log_rows() if r["action"] == "sent"]
    assert [(r["item_id"], r["channel"], r["audience"], r["reach"], r["item_type"])
            for r in rows] == [
        ("info-sharing-2025-03", "email-alert", "police", "1", "procedure"),
        ("safer-sleep-test", "email-alert", "health", "2", "briefing")]
    # The notes end with the batch and the messages it took (one per recipient here).
    assert rows[1]["notes"] == ("topic alert: first publication (batch: alert:safer-sleep-test:"
                                f"{rows[1]['item_version']}; messages: 2)")
    assert "@" not in (project.root / "dissemination_log.csv").read_text(encoding="utf-8")


def test_minor_change_sends_nothing_and_major_change_with_a_note_alerts(mail_project):
    project = mail_project
    subscribers_csv(project, [HEALTH])
    path = project.root / "content/briefings/safer-sleep-test.md"
    original = path.read_text(encoding="utf-8")
    store = Store()
    with smtp_server(store, port=project.smtp_port):
        assert project.cascade("run", "--now", NOW).exit_code == 0
        path.write_text(original.replace("status: ready\n", "status: ready\n"
                                         "updated: 2025-03-06\nchange: minor\n"))
        assert project.cascade("run", "--now", "2025-03-06T09:00").exit_code == 0
        assert len(store.messages) == 1                       # minor: republished quietly
        path.write_text(original.replace("status: ready\n", "status: ready\nupdated: "
                                         "2025-03-07\nchange_note: Room sharing advice changed.\n"))
        assert project.cascade("run", "--now", "2025-03-07T09:00").exit_code == 0
    assert len(store.messages) == 2
    update = store.messages[1][1]
    assert update["Subject"] == "Updated 7-minute briefing: Safer sleep for babies"
    text = update.get_body(("plain",)).get_content()
    assert "What changed: Room sharing advice changed." in text
    # Dated by the change, not the first publication (4 March); the Date header by the pass.
    assert "7-minute briefing · Updated 7 March 2025" in text
    assert "Updated 4 March 2025" not in text
    assert parsedate_to_datetime(update["Date"]) == datetime(2025, 3, 7, 9, 0, tzinfo=LONDON)
    sent = [(r["notes"], r["item_version"]) for r in project.log_rows() if r["action"] == "sent"]
    assert [notes for notes, _version in sent] == [
        f"topic alert: first publication (batch: alert:safer-sleep-test:{sent[0][1]}; "
        "messages: 1)",
        f"topic alert: Room sharing advice changed. (batch: alert:safer-sleep-test:{sent[1][1]}; "
        "messages: 1)"]


def test_a_4xx_answer_is_retried_with_backoff(mail_project):
    subscribers_csv(mail_project, [HEALTH])
    store = Greylist(failures=2)
    with smtp_server(store, port=mail_project.smtp_port):   # two retries: the third RCPT works
        assert mail_project.cascade("run", "--now", NOW).exit_code == 0
    assert store.rcpt_attempts["amina@example.org"] == 3
    assert store.recipients() == ["amina@example.org"]


def test_a_4xx_that_outlasts_the_retries_waits_for_the_next_run(mail_project):
    project = mail_project
    subscribers_csv(project, [HEALTH])
    store = Greylist(failures=4)
    with smtp_server(store, port=project.smtp_port):
        assert project.cascade("run", "--now", NOW).exit_code == 0
        assert store.recipients() == [] and store.rcpt_attempts["amina@example.org"] == 3
        assert [r for r in project.log_rows() if r["action"] == "sent"] == []
        assert project.cascade("run", "--now", "2025-03-05T10:00").exit_code == 0
    assert store.recipients() == ["amina@example.org"]
    assert [r["reach"] for r in project.log_rows() if r["action"] == "sent"] == ["1"]


def test_a_5xx_answer_suppresses_the_address(mail_project):
    project = mail_project
    subscribers_csv(project, [HEALTH, "gone@example.org,,health,,immediate"])
    store = Reject({"gone@example.org"})
    with smtp_server(store, port=project.smtp_port):
        assert project.cascade("run", "--now", NOW).exit_code == 0
        listed = project.cascade("subscribers", "list", "--status", "suppressed")
        assert listed.output.splitlines() == [
            "gone@example.org\timmediate\tsuppressed\thealth\tall themes", "1 subscriber."]
        # A later newsletter is not offered to the suppressed address at all.
        result = project.cascade("newsletter", "send", "--now", "2025-05-01T10:00")
        assert result.exit_code == 0, result.output
    assert store.rcpt_attempts["gone@example.org"] == 1
    assert store.recipients() == ["amina@example.org", "amina@example.org"]
    sent = [(r["channel"], r["reach"]) for r in project.log_rows() if r["action"] == "sent"]
    assert sent == [("email-alert", "1"), ("newsletter", "1"), ("newsletter", "1")]  # 2 items


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_starttls_and_login_with_the_password_from_the_environment(mail_project, tmp_path,
                                                                   monkeypatch):
    project = mail_project
    cert, key = self_signed(tmp_path)
    subscribers_csv(project, [HEALTH])
    configure(project, smtp={"security": "starttls", "ca_file": str(cert),
                             "username": "cascade"})
    store = Store()
    with smtp_server(store, port=project.smtp_port, tls_context=server_tls_context(cert, key),
                     login=("cascade", "s3cret-pass")):
        missing = project.cascade("run", "--now", NOW)
        assert missing.exit_code == 2
        assert "CASCADE_SMTP_PASSWORD: expected the SMTP password" in missing.output
        monkeypatch.setenv("CASCADE_SMTP_PASSWORD", "wrong-password")
        wrong = project.cascade("run", "--now", NOW)
        assert wrong.exit_code == 2
        assert f"the server 127.0.0.1:{project.smtp_port} refused the login (535)" in wrong.output
        assert "wrong-password" not in wrong.output
        monkeypatch.setenv("CASCADE_SMTP_PASSWORD", "s3cret-pass")
        result = project.cascade("run", "--now", NOW)
        assert result.exit_code == 0, result.output
    assert store.recipients() == ["amina@example.org"]
    assert "s3cret-pass" not in (project.root / "dissemination_log.csv").read_text()


def test_no_signing_key_stops_smtp_sending_and_the_alert_waits(mail_project, monkeypatch):
    project = mail_project
    monkeypatch.delenv("CASCADE_SIGNING_KEY")
    subscribers_csv(project, [HEALTH])
    store = Store()
    with smtp_server(store, port=project.smtp_port):
        result = project.cascade("run", "--now", NOW)
        assert result.exit_code == 2
        assert "CASCADE_SIGNING_KEY: expected a secret in the environment" in result.output
        assert store.messages == []
        # The website stage logged the item in that run; this run has nothing new for
        # the website, and the alert recorded then is sent now.
        monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)
        result = project.cascade("run", "--now", "2025-03-05T10:00")
        assert result.exit_code == 0, result.output
    assert store.recipients() == ["amina@example.org"]
    assert [(r["item_id"], r["action"]) for r in project.log_rows()] == [
        ("info-sharing-2025-03", "published"), ("safer-sleep-test", "published"),
        ("safer-sleep-test", "sent")]


def test_an_unreachable_server_leaves_the_messages_waiting(mail_project):
    project = mail_project
    subscribers_csv(project, [HEALTH])
    result = project.cascade("run", "--now", NOW)            # nothing listens on the port
    assert result.exit_code == 1
    assert f"Error: cannot use the SMTP server 127.0.0.1:{project.smtp_port}" in result.output
    assert "1 message waits in the delivery ledger and will be sent by the next run" \
        in result.output
    store = Store()
    with smtp_server(store, port=project.smtp_port):
        assert project.cascade("run", "--now", "2025-03-05T10:00").exit_code == 0
    assert store.recipients() == ["amina@example.org"]


def test_an_alert_waiting_for_an_item_that_is_withdrawn_is_not_sent(mail_project):
    project = mail_project
    subscribers_csv(project, [HEALTH])
    assert project.cascade("run", "--now", NOW).exit_code == 1   # the server is down
    path = project.root / "content/briefings/safer-sleep-test.md"
    path.write_text(path.read_text().replace("status: ready", "status: withdrawn"))
    store = Store()
    with smtp_server(store, port=project.smtp_port):
        result = project.cascade("run", "--now", "2025-03-05T10:00")
    assert result.exit_code == 0, result.output
    assert store.recipients() == []
    assert [r["action"] for r in project.log_rows() if r["item_id"] == "safer-sleep-test"] \
        == ["published", "withdrawn"]


EVERYONE = [HEALTH, "ben@example.org,Ben,police,,weekly", "dev@example.org,Dev,health,,weekly",
            "eve@example.org,Eve,voluntary-sector,,newsletter-only"]


@pytest.mark.parametrize("answer, step", [
    ("550 5.7.1 Relaying denied", "RCPT"),
    ("554 5.7.1 <amina@example.org>: Relay access denied", "RCPT"),
    ("530 5.7.0 Authentication required", "RCPT"),
    ("530 5.7.0 Authentication required", "MAIL"),
    ("550 5.7.1 Sending as this address is not permitted", "MAIL"),
    ("554 5.7.1 Message rejected as spam", "DATA"),
])
def test_a_server_refusing_every_message_stops_the_send_and_suppresses_nobody(
        mail_project, answer, step):
    project = mail_project
    subscribers_csv(project, EVERYONE)
    with smtp_server(RefuseAll(answer, step), port=project.smtp_port):
        assert project.cascade("run", "--now", NOW).exit_code == 2       # the alert waits
        result = project.cascade("run", "--now", "2025-05-01T09:05")
    assert result.exit_code == 2, result.output
    assert f"the SMTP server 127.0.0.1:{project.smtp_port} refused" in result.output
    assert answer.split(" ", 1)[1] in result.output
    assert "nothing else" in result.output or "nothing can be sent" in result.output
    assert project.cascade("subscribers", "list", "--status", "suppressed").output \
        == "0 subscribers.\n"
    status = project.cascade("status", "--now", "2025-05-01T09:30").output
    assert "newsletter-2025-05 is not sent yet" in status and answer.split(" ", 1)[1] in status
    store = Store()
    with smtp_server(store, port=project.smtp_port):
        sent = project.cascade("newsletter", "send", "--now", "2025-05-01T10:00")
        assert sent.exit_code == 0, sent.output
        assert project.cascade("run", "--now", "2025-05-01T11:00").exit_code == 0
    issue = sorted(rcpts[0] for rcpts, m in store.messages
                   if m["Subject"] == "Learning newsletter: May 2025")
    assert issue == ["amina@example.org", "ben@example.org", "dev@example.org",
                     "eve@example.org"]
    assert [(r["channel"], r["reach"]) for r in project.log_rows()
            if r["channel"] == "newsletter"] == [("newsletter", "4")] * 2   # a row per item


def test_an_issue_whose_every_message_failed_is_not_sent_and_send_tries_again(mail_project):
    project = mail_project
    subscribers_csv(project, EVERYONE)
    with smtp_server(Store(), port=project.smtp_port):
        assert project.cascade("run", "--now", NOW).exit_code == 0
    with smtp_server(RefuseAll("552 5.3.4 Message too big for this server", "DATA"),
                     port=project.smtp_port):
        first = project.cascade("newsletter", "send", "--now", "2025-05-01T10:00")
    assert first.exit_code == 1
    assert first.output.startswith("newsletter-2025-05 (Learning newsletter: May 2025, "
                                   "2 items): 0 sent, 4 failed"), first.output
    assert first.output.endswith("Nobody received this issue, so it is not marked sent; see "
                                 "why with cascade status, then run cascade newsletter send "
                                 "again.\n")
    assert project.cascade("subscribers", "list", "--status", "active").output \
        .endswith("4 subscribers.\n")                             # nobody was suppressed
    status = project.cascade("status", "--now", "2025-05-01T10:30").output
    assert "newsletter-2025-05 is not sent yet" in status
    store = Store()
    with smtp_server(store, port=project.smtp_port):
        again = project.cascade("newsletter", "send", "--now", "2025-05-01T11:00")
        assert again.exit_code == 0, again.output
        assert again.output.startswith("newsletter-2025-05 (Learning newsletter: May 2025, "
                                       "2 items): 4 sent, 0 failed")
        assert "already sent" in project.cascade("newsletter", "send", "--now",
                                                 "2025-05-01T11:30").output
    assert sorted(store.recipients()) == ["amina@example.org", "ben@example.org",
                                          "dev@example.org", "eve@example.org"]
    assert [(r["channel"], r["reach"]) for r in project.log_rows()
            if r["channel"] == "newsletter"] == [("newsletter", "4")] * 2   # a row per item
