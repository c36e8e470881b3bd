"""The newsletter (preview, send, on schedule, web archive), weekly digests, the Maildir default."""

from __future__ import annotations

import mailbox
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from smtp_server import (HEALTH, NOW, SIGNING_KEY, Store, configure, mail_project,
                         smtp_server, subscribers_csv)
from pipeline.mail import tokens
from pipeline.state import get_meta, open_state

__all__ = ["mail_project"]

EVERYONE = [HEALTH,
            "ben@example.org,Ben,police,,weekly",
            "dev@example.org,Dev,health,,weekly",
            "eve@example.org,Eve,voluntary-sector,,newsletter-only"]


@pytest.fixture(autouse=True)
def signing_key(monkeypatch):
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)


def test_preview_writes_html_text_and_the_archive_page_and_sends_nothing(mail_project):
    project = mail_project
    assert project.cascade("run", "--now", NOW).exit_code == 0
    result = project.cascade("newsletter", "preview", "--now", "2025-04-20T09:00")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Learning newsletter: May 2025 (newsletter-2025-05): 2 items. Learning shared by "
        "Safeguarding Children Partnership since 1 March 2025, up to 20 April 2025.",
        "  wrote newsletter-preview/newsletter-2025-05.html",
        "  wrote newsletter-preview/newsletter-2025-05.txt",
        "  wrote newsletter-preview/newsletter-2025-05.md",
    ]
    folder = project.root / "newsletter-preview"
    html = (folder / "newsletter-2025-05.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert "<title>Learning newsletter: May 2025</title>" in html
    assert re.search(r'<h2 style="[^"]*">New 7-minute briefings</h2>', html)
    assert re.search(r'<h2 style="[^"]*">Updated procedure chapters</h2>', html)
    assert ('href="https://learning.example-scp.org.uk/newsletters/newsletter-2025-05.html"'
            in html)
    text = (folder / "newsletter-2025-05.txt").read_text(encoding="utf-8")
    assert "New 7-minute briefings\n----------------------\n\nSafer sleep for babies" in text
    page = (folder / "newsletter-2025-05.md").read_text(encoding="utf-8")
    assert "# Learning newsletter: May 2025\n" in page
    assert ("### [Information Sharing](https://learning.example-scp.org.uk/procedures/"
            "info-sharing-2025-03.html)") in page
    assert not (project.root / ".cascade/outbox").exists()
    assert [r for r in project.log_rows() if r["action"] == "sent"] == []
    elsewhere = project.cascade("newsletter", "preview", "--now", "2025-04-20T09:00",
                                "--output", "drafts/may")
    assert elsewhere.exit_code == 0
    assert (project.root / "drafts/may/newsletter-2025-05.txt").read_text(encoding="utf-8") \
        == text


def test_a_run_sends_the_issue_when_its_schedule_comes_with_its_archive_page(mail_project):
    project = mail_project
    subscribers_csv(project, EVERYONE)
    store = Store()
    with smtp_server(store, port=project.smtp_port):
        assert project.cascade("run", "--now", NOW).exit_code == 0     # alerts only
        assert store.recipients() == ["amina@example.org"]
        result = project.cascade("run", "--now", "2025-05-01T09:05")
        assert result.exit_code == 0, result.output
        quiet = project.cascade("run", "--now", "2025-05-01T10:00")
        assert quiet.output.startswith("Nothing to do: the site is up to date")
    issues = [(rcpts[0], m["Subject"]) for rcpts, m in store.messages[1:]]
    newsletter = "Learning newsletter: May 2025"
    assert sorted(issues) == sorted([
        ("ben@example.org", "Safeguarding learning this week: 1 item"),     # police procedure
        ("dev@example.org", "Safeguarding learning this week: 1 item"),     # health briefing
        ("amina@example.org", newsletter), ("ben@example.org", newsletter),
        ("dev@example.org", newsletter), ("eve@example.org", newsletter)])
    sent = [(r["item_id"], r["channel"], r["audience"], r["reach"], r["notes"])
            for r in project.log_rows() if r["action"] == "sent"]
    # Each item of a digest or newsletter counts its recipients; the notes say which
    # batch it was and how many messages it took (2 digests, 4 newsletters).
    digest = "weekly digest digest-2025-04-28 (batch: digest:digest-2025-04-28; messages: 2)"
    issue = ("newsletter issue: New 7-minute briefings (1), Updated procedure chapters (1) "
             "(batch: newsletter:newsletter-2025-05; messages: 4)")
    assert sent[1:] == [
        ("info-sharing-2025-03", "email-alert", "police", "1", digest),
        ("safer-sleep-test", "email-alert", "health", "1", digest),
        ("info-sharing-2025-03", "newsletter", "health;police;voluntary-sector", "4", issue),
        ("safer-sleep-test", "newsletter", "health;police;voluntary-sector", "4", issue)]
    message = store.received_by("eve@example.org")[0]
    html = message.get_body(("html",)).get_content()
    assert "Safer sleep for babies" in html and "Information Sharing" in html
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    archive = project.root / "site/newsletters/newsletter-2025-05.html"
    assert archive.is_file()                                  # "view in browser" works at once
    assert "Safer sleep for babies" in archive.read_text(encoding="utf-8")
    assert "newsletter-2025-05.html" in \
        (project.root / "site/newsletters/index.html").read_text(encoding="utf-8")


def test_send_by_hand_names_an_empty_period_and_a_missing_list(mail_project):
    project = mail_project
    assert project.cascade("run", "--now", NOW).exit_code == 0
    empty = project.cascade("newsletter", "send", "--now", "2025-03-01T10:00")
    assert empty.exit_code == 0
    assert empty.output == ("newsletter-2025-03: nothing new was published in its period, so "
                            "no issue was sent. The next issue is due 1 May 2025 09:00.\n")
    nobody = project.cascade("newsletter", "send", "--now", "2025-05-01T10:00")
    assert nobody.exit_code == 1
    assert nobody.output == ("Error: there are no active subscribers to send to; add them "
                             "with: cascade subscribers import subscribers.csv\n")


def test_the_maildir_default_needs_no_secret_and_its_links_work(mail_project, monkeypatch):
    project = mail_project
    monkeypatch.delenv("CASCADE_SIGNING_KEY")
    configure(project, mail={"transport": "maildir"})
    result = project.cascade("run", "--now", NOW)         # no subscribers: nothing to send
    assert result.exit_code == 0, result.output
    assert not (project.root / ".cascade/outbox").exists()
    subscribers_csv(project, EVERYONE)
    result = project.cascade("newsletter", "send", "--now", "2025-05-01T10:00")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("newsletter-2025-05 (Learning newsletter: May 2025, 2 "
                                    "items): 4 sent, 0 failed, 0 cancelled, 0 waiting.")
    box = mailbox.Maildir(project.root / ".cascade/outbox", create=False)
    messages = sorted(box, key=lambda m: m["To"])
    assert [m["To"] for m in messages] == [
        "\"Amina <b>Rahman</b> & co\" <amina@example.org>", "Ben <ben@example.org>",
        "Dev <dev@example.org>", "Eve <eve@example.org>"]
    link = re.findall(r"<([^>]+)>", messages[0]["List-Unsubscribe"])[0]
    token = parse_qs(urlsplit(link).query)["token"][0]
    with open_state(project.config.state_db) as db:
        stored = get_meta(db, tokens.STORED_KEY)          # generated once, kept in the DB
    assert stored is not None and tokens.verify(stored.encode("utf-8"), token, "unsubscribe", 1,
                                                "amina@example.org")


def test_an_item_published_in_the_pass_that_sends_the_issue_is_in_the_email_and_on_its_page(
        mail_project):
    from conftest import briefing_text
    project = mail_project
    subscribers_csv(project, EVERYONE)
    store = Store()
    with smtp_server(store, port=project.smtp_port):
        assert project.cascade("run", "--now", NOW).exit_code == 0
        project.write("content/briefings/late-news.md", briefing_text(
            id="late-news", title="Late news on neglect", date="2025-04-30",
            audience="[health]"))
        result = project.cascade("run", "--now", "2025-05-01T09:05")
        assert result.exit_code == 0, result.output
    message = store.received_by("eve@example.org")[0]
    assert message["Subject"] == "Learning newsletter: May 2025"
    assert "Late news on neglect" in message.get_body(("plain",)).get_content()
    # The page was built in the same pass, from the same frozen issue as the email.
    page = (project.root / "site/newsletters/newsletter-2025-05.html").read_text(
        encoding="utf-8")
    assert "Late news on neglect" in page and "Safer sleep for babies" in page


def test_sending_by_hand_puts_the_issue_page_on_the_site_before_the_next_run(mail_project):
    project = mail_project
    configure(project, mail={"transport": "maildir"})
    (project.root / "content/procedures/info-sharing-2025-03.md").unlink()
    assert project.cascade("run", "--now", NOW).exit_code == 0
    archive = project.root / "site/newsletters/newsletter-2025-05.html"
    assert not archive.exists()
    subscribers_csv(project, EVERYONE)
    result = project.cascade("newsletter", "send", "--now", "2025-05-01T10:00")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == [
        "newsletter-2025-05 (Learning newsletter: May 2025, 1 item): 4 sent, 0 failed, "
        "0 cancelled, 0 waiting.",
        "Logged 1 row in dissemination_log.csv."]
    assert archive.is_file()                                # "view in browser" works at once
    assert "Safer sleep for babies" in archive.read_text(encoding="utf-8")
    again = project.cascade("run", "--now", "2025-05-01T10:05")
    assert again.output.startswith("Nothing to do: the site is up to date"), again.output
