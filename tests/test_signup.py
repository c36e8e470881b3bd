"""Sign-up from the website with double opt-in, served by waitress on loopback: the form,
the one answer for every address, the confirmation link and its refusals."""

from __future__ import annotations

import mailbox
import re
import sqlite3
from datetime import datetime, timedelta, timezone
from urllib.parse import unquote

import pytest
import requests

from browser import serve_wsgi
from smtp_server import SIGNING_KEY, subscribers_csv
from test_mail_web import csrf_of, status_of
from pipeline.mail import signup, tokens
from pipeline.service.web import make_app

KEY = SIGNING_KEY.encode()
ADDRESS = "amina@example.org"
CHOICES = {"audiences": ["health"], "themes": ["safer-sleep"], "frequency": "weekly"}


@pytest.fixture
def pages(project, monkeypatch):
    """The app running for `project`; yields its base URL."""
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)
    with serve_wsgi(make_app(project.config)) as base:
        yield base


def outbox(project) -> list:
    folder = project.root / ".cascade/outbox"
    if not folder.exists():
        return []
    box = mailbox.Maildir(folder, create=False)
    # In the order written: a Maildir file's name starts with its time to the microsecond.
    return [box.get_message(k) for k in sorted(box.keys(), key=_written)]


def _written(key: str) -> tuple[int, int]:
    seconds, rest = key.split(".", 1)
    return int(seconds), int(re.match(r"M(\d+)", rest).group(1))


def text_of(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode("utf-8")
    raise AssertionError("no text part")


def token_in(message, page: str) -> str:
    match = re.search(rf"/subscriptions/{page}\?token=(\S+)", text_of(message))
    assert match, f"no {page} link in:\n{text_of(message)}"
    return unquote(match.group(1))


def sign_up(base: str, email: str = ADDRESS, **fields):
    """GET the form, then POST it as a browser would; returns the POST's response."""
    browser = requests.Session()
    form = browser.get(f"{base}subscribe")
    assert form.status_code == 200
    data = {"email": email, "name": "", "website": "", **CHOICES, **fields,
            "csrf": csrf_of(form.text)}
    return browser.post(f"{base}subscribe", data=data)


def db_rows(project, sql: str, args=()) -> list:
    with sqlite3.connect(project.root / ".cascade/state.db") as db:
        return db.execute(sql, args).fetchall()


def figures(project) -> dict:
    return dict(db_rows(project, "SELECT event, SUM(count) FROM subscriber_figures "
                                 "GROUP BY event"))


def test_the_form_works_without_scripts_and_preselects_a_theme(pages):
    page = requests.get(f"{pages}subscribe", params={"themes": ["neglect", "no-such-theme"]})
    assert page.status_code == 200
    assert "<title>Get email updates - " in page.text
    assert '<form method="post" novalidate>' in page.text and "<script" not in page.text
    assert '<input type="email" id="email" name="email" value="" autocomplete="email"' in page.text
    assert '<label for="name"><strong>Your name (optional)</strong></label>' in page.text
    assert '<input type="checkbox" name="themes" value="neglect" checked> Neglect' in page.text
    assert '<input type="checkbox" name="themes" value="safer-sleep"> Safer sleep' in page.text
    assert "no-such-theme" not in page.text
    assert '<input type="radio" name="frequency" value="weekly"> A weekly digest' in page.text
    assert '<input type="radio" name="frequency" value="newsletter-only"> Only the newsletter' \
        in page.text
    assert '<div class="trap" aria-hidden="true">' in page.text
    assert 'name="website" tabindex="-1" autocomplete="off">' in page.text
    assert 'href="https://learning.example-scp.org.uk/privacy.html">privacy notice</a>' in page.text
    assert '<a href="manage-request">Manage your subscription</a>' in page.text
    assert page.headers["Set-Cookie"].startswith("cascade_form=")


def test_a_sign_up_sends_a_confirmation_and_subscribes_no_one_until_confirmed(project, pages):
    answer = sign_up(pages, name="Amina Rahman")
    assert answer.status_code == 200
    assert "<h1>Check your email</h1>" in answer.text
    assert "We have sent an email to <strong>amina@example.org</strong>." in answer.text
    assert project.cascade("subscribers", "list").output == "0 subscribers.\n"       # nobody yet
    [message] = outbox(project)
    assert message["To"] == ADDRESS
    assert message["Subject"].startswith("Confirm your email updates from ")
    token = token_in(message, "confirm")
    assert "https://learning.example-scp.org.uk/subscriptions/confirm?token=" in text_of(message)
    assert tokens.expiring_id(token, "confirm") == 1
    assert figures(project) == {"signed-up": 1}

    browser = requests.Session()
    for _ in range(3):                      # mail scanners follow the link: nothing changes
        shown = browser.get(f"{pages}confirm", params={"token": token})
        assert shown.status_code == 200
    assert "<h1>Confirm your email updates</h1>" in shown.text
    assert "<dd>amina@example.org</dd>" in shown.text and "<dd>Amina Rahman</dd>" in shown.text
    assert "<dd>Health</dd>" in shown.text and "<dd>Safer sleep</dd>" in shown.text
    assert "<dd>A weekly digest of alerts</dd>" in shown.text
    assert '<button type="submit">Confirm my email updates</button>' in shown.text
    assert project.cascade("subscribers", "list").output == "0 subscribers.\n"

    done = browser.post(f"{pages}confirm", params={"token": token},
                        data={"token": token, "csrf": csrf_of(shown.text)})
    assert done.status_code == 200
    assert "<h1>You are signed up</h1>" in done.text
    preferences = re.search(r'href="preferences\?token=([^"]+)"', done.text).group(1)
    assert tokens.verify(KEY, preferences, "preferences", 1, ADDRESS)
    assert project.cascade("subscribers", "list").output == \
        "amina@example.org\tweekly\tactive\thealth\tsafer-sleep\n1 subscriber.\n"
    assert db_rows(project, "SELECT name, status_note FROM subscribers") == \
        [("Amina Rahman", "confirmed sign-up")]
    assert db_rows(project, "SELECT COUNT(*) FROM signups") == [(0,)]
    assert figures(project) == {"signed-up": 1, "confirmed": 1}

    again = browser.post(f"{pages}confirm", params={"token": token},
                         data={"token": token, "csrf": csrf_of(shown.text)})
    assert again.status_code == 403 and "<h1>You have already confirmed</h1>" in again.text
    assert browser.get(f"{pages}confirm", params={"token": token}).status_code == 403
    assert figures(project) == {"signed-up": 1, "confirmed": 1}


def _normalised(page: str, email: str) -> str:
    return re.sub(r'name="csrf" value="[^"]+"', 'name="csrf" value=""',
                  page.replace(email, "ADDRESS"))


def test_the_answer_is_the_same_for_new_pending_active_unsubscribed_and_suppressed(project,
                                                                                     pages):
    """No enumeration: the page is byte for byte the same, and each gets one email."""
    assert subscribers_csv(project, ["active@example.org,,health,,immediate",
                                     "unsubbed@example.org,,health,,immediate",
                                     "suppress@example.org,,health,,immediate"]).exit_code == 0
    with sqlite3.connect(project.root / ".cascade/state.db") as db:
        db.execute("UPDATE subscribers SET status = 'unsubscribed' WHERE id = 2")
        db.execute("UPDATE subscribers SET status = 'suppressed' WHERE id = 3")
    assert sign_up(pages, "pending@example.org").status_code == 200
    addresses = ["newcomer@example.org", "pending@example.org", "active@example.org",
                 "unsubbed@example.org", "suppress@example.org"]
    answers = [sign_up(pages, email) for email in addresses]
    bodies = {_normalised(a.text, e) for a, e in zip(answers, addresses)}
    assert len(bodies) == 1, bodies
    assert all(a.status_code == 200 for a in answers)
    headers = {tuple((k, v) for k, v in a.headers.items() if k not in ("Date", "Set-Cookie",
                                                                      "Content-Length"))
               for a in answers}
    assert len(headers) == 1
    sent = outbox(project)[1:]
    assert [m["To"] for m in sent] == addresses                 # one email each
    kinds = [m["Subject"].split(" ")[0] for m in sent]
    assert kinds == ["Confirm", "Confirm", "Manage", "Confirm", "Confirm"]
    assert token_in(sent[2], "manage")
    manage = token_in(sent[2], "manage")
    assert tokens.verify_expiring(KEY, manage, "manage", 1, "active@example.org",
                                  datetime.now(timezone.utc)) == "ok"
    # The pending address still has one sign-up waiting, with the latest choices.
    assert db_rows(project, "SELECT email FROM signups ORDER BY id") == [
        ("pending@example.org",), ("newcomer@example.org",), ("unsubbed@example.org",),
        ("suppress@example.org",)]
    assert status_of(project, "unsubbed@example.org") == "unsubscribed"
    assert status_of(project, "suppress@example.org") == "suppressed"


def test_confirming_brings_back_an_unsubscribed_or_suppressed_address_with_new_choices(
        project, pages):
    assert subscribers_csv(project, ["gone@example.org,Old Name,police,,immediate"]).exit_code == 0
    with sqlite3.connect(project.root / ".cascade/state.db") as db:
        db.execute("UPDATE subscribers SET status = 'suppressed', soft_bounces = 3")
    sign_up(pages, "gone@example.org", name="New Name")
    token = token_in(outbox(project)[-1], "confirm")
    browser = requests.Session()
    shown = browser.get(f"{pages}confirm", params={"token": token})
    assert status_of(project, "gone@example.org") == "suppressed"
    browser.post(f"{pages}confirm", params={"token": token},
                 data={"token": token, "csrf": csrf_of(shown.text)})
    assert project.cascade("subscribers", "list").output == \
        "gone@example.org\tweekly\tactive\thealth\tsafer-sleep\n1 subscriber.\n"
    assert db_rows(project, "SELECT id, name, soft_bounces FROM subscribers") == \
        [(1, "New Name", 0)]


def test_mistakes_are_listed_and_nothing_is_stored_or_sent(project, pages):
    answer = sign_up(pages, "not an address", name="x" * 101, audiences=[],
                     frequency="hourly")
    assert answer.status_code == 400
    assert "<title>Error: Get email updates - " in answer.text
    assert "<h1>Get email updates</h1>" in answer.text
    for field, message in (
            ("email", "Enter an email address in the correct format, like name@example.org."),
            ("name", "Enter a name of up to 100 characters, or leave it empty."),
            ("audiences", "Choose at least one group you work with."),
            ("frequency", "Choose how often you want email.")):
        assert f'<li><a href="#{field}">{message}</a></li>' in answer.text
    assert '<p class="error-message" id="email-error">' in answer.text
    assert 'value="not an address"' in answer.text              # kept to correct
    empty = sign_up(pages, "")
    assert empty.status_code == 400
    assert '<li><a href="#email">Enter your email address.</a></li>' in empty.text
    assert outbox(project) == [] and db_rows(project, "SELECT * FROM signups") == []


def test_a_filled_honeypot_gets_the_same_answer_and_nothing_happens(project, pages):
    bot = sign_up(pages, "bot@example.org", website="https://spam.example")
    person = sign_up(pages, "bot@example.org")
    assert bot.status_code == 200
    assert _normalised(bot.text, "x") == _normalised(person.text, "x")
    assert len(outbox(project)) == 1            # the person's email alone
    assert figures(project) == {"signed-up": 1}


def _confirm_link(project, pages) -> str:
    sign_up(pages)
    return token_in(outbox(project)[-1], "confirm")


def _tampered(token: str) -> str:
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def test_forged_altered_wrong_purpose_and_other_address_tokens_are_refused(project, pages):
    token = _confirm_link(project, pages)
    now = datetime.now(timezone.utc)
    bad = [
        _tampered(token),                                                  # altered
        token.replace("v2.confirm.1.", "v2.confirm.2."),                   # another sign-up
        tokens.make_expiring(b"another-key-of-a-decent-length", "confirm", 1, ADDRESS, now),
        tokens.make_expiring(KEY, "manage", 1, ADDRESS, now),              # wrong purpose
        tokens.make_expiring(KEY, "address", 1, ADDRESS, now),             # wrong purpose
        tokens.make_expiring(KEY, "confirm", 1, "someone@example.org", now),
        tokens.make(KEY, "unsubscribe", 1, ADDRESS),
        token + "\n", "", "nonsense", "v2.confirm.1.zz.",
    ]
    browser = requests.Session()
    csrf = csrf_of(browser.get(f"{pages}subscribe").text)
    for forged in bad:
        for answer in (browser.get(f"{pages}confirm", params={"token": forged}),
                       browser.post(f"{pages}confirm", params={"token": forged},
                                    data={"csrf": csrf})):
            assert answer.status_code == 403, forged
            assert "<h1>This link is not valid</h1>" in answer.text
            assert '<a href="subscribe">sign up again</a>' in answer.text
    assert project.cascade("subscribers", "list").output == "0 subscribers.\n"
    assert db_rows(project, "SELECT COUNT(*) FROM signups") == [(1,)]
    assert db_rows(project, "SELECT COUNT(*) FROM used_tokens") == [(0,)]
    # The genuine link still works after all that.
    shown = browser.get(f"{pages}confirm", params={"token": token})
    assert shown.status_code == 200


def test_an_expired_link_says_so_and_offers_to_sign_up_again(project, pages):
    sign_up(pages)
    long_ago = datetime.now(timezone.utc) - timedelta(days=8)
    token = tokens.make_expiring(KEY, "confirm", 1, ADDRESS, long_ago)
    browser = requests.Session()
    shown = browser.get(f"{pages}confirm", params={"token": token})
    assert shown.status_code == 403
    assert "<h1>This link has expired</h1>" in shown.text
    assert '<a href="subscribe">Sign up again</a>' in shown.text
    csrf = csrf_of(browser.get(f"{pages}subscribe").text)
    posted = browser.post(f"{pages}confirm", params={"token": token},
                          data={"token": token, "csrf": csrf})
    assert posted.status_code == 403 and "expired" in posted.text
    assert project.cascade("subscribers", "list").output == "0 subscribers.\n"
    # Its sign-up deleted after 7 days: the link is still said to have expired.
    with sqlite3.connect(project.root / ".cascade/state.db") as db:
        db.execute("DELETE FROM signups")
    assert "<h1>This link has expired</h1>" in \
        browser.get(f"{pages}confirm", params={"token": token}).text


def test_a_confirm_post_needs_its_form_token_and_the_link_token_twice_must_agree(project, pages):
    token = _confirm_link(project, pages)
    browser = requests.Session()
    shown = browser.get(f"{pages}confirm", params={"token": token})
    assert browser.post(f"{pages}confirm", params={"token": token},
                        data={"token": token}).status_code == 403        # no CSRF token
    other = tokens.make_expiring(KEY, "confirm", 1, ADDRESS,
                                  datetime.now(timezone.utc) - timedelta(minutes=1))
    assert browser.post(f"{pages}confirm", params={"token": token},
                        data={"token": other, "csrf": csrf_of(shown.text)}).status_code == 400
    assert project.cascade("subscribers", "list").output == "0 subscribers.\n"


def test_unconfirmed_sign_ups_are_deleted_after_seven_days_by_the_pass(project, pages):
    sign_up(pages)
    created = db_rows(project, "SELECT created_at FROM signups")[0][0]
    day = datetime.fromisoformat(created)
    assert project.cascade("run", "--now", (day + timedelta(days=6)).isoformat()).exit_code == 0
    assert db_rows(project, "SELECT COUNT(*) FROM signups") == [(1,)]
    assert project.cascade("run", "--now",
                           (day + timedelta(days=7, minutes=1)).isoformat()).exit_code == 0
    assert db_rows(project, "SELECT COUNT(*) FROM signups") == [(0,)]


def test_a_used_link_is_remembered_while_any_link_could_still_be_valid(project, pages):
    browser = requests.Session()
    sign_up(pages)
    token = token_in(outbox(project)[-1], "confirm")
    shown = browser.get(f"{pages}confirm", params={"token": token})
    assert browser.post(f"{pages}confirm", params={"token": token},
                        data={"csrf": csrf_of(shown.text)}).status_code == 200
    used = datetime.fromisoformat(db_rows(project, "SELECT used_at FROM used_tokens")[0][0])
    assert project.cascade("run", "--now", (used + timedelta(days=30)).isoformat()).exit_code == 0
    assert db_rows(project, "SELECT COUNT(*) FROM used_tokens") == [(1,)]
    assert project.cascade("run", "--now",
                           (used + timedelta(days=31, minutes=1)).isoformat()).exit_code == 0
    assert db_rows(project, "SELECT COUNT(*) FROM used_tokens") == [(0,)]
    with pytest.raises(ValueError):
        tokens.make_expiring(KEY, "confirm", 1, ADDRESS, used, days=32)


def test_a_new_sign_up_deletes_stale_ones_too(project, pages):
    sign_up(pages, "old@example.org")
    stale = (datetime.now(timezone.utc) - timedelta(days=8)).isoformat(timespec="seconds")
    with sqlite3.connect(project.root / ".cascade/state.db") as db:
        db.execute("UPDATE signups SET created_at = ?", (stale,))
    sign_up(pages, "new@example.org")
    assert db_rows(project, "SELECT email FROM signups") == [("new@example.org",)]


def test_forget_unconfirmed_keeps_the_last_seven_days(project):
    from pipeline.state import open_state
    now = datetime(2026, 3, 10, 12, tzinfo=timezone.utc)
    with open_state(project.config.state_db) as db:
        for days in (1, 6.9, 7.1, 30):
            db.execute("INSERT INTO signups(email, frequency, created_at) VALUES (?, ?, ?)",
                       (f"{days}@example.org", "weekly",
                        (now - timedelta(days=days)).isoformat(timespec="seconds")))
        assert signup.forget_unconfirmed(db, now) == 2
        left = [r["email"] for r in db.execute("SELECT email FROM signups ORDER BY id")]
    assert left == ["1@example.org", "6.9@example.org"]


def test_forget_unconfirmed_compares_times_as_instants_across_clock_changes(project):
    """A sign-up stamped in summer time (+01:00) is 7 days old by the instant, not by
    the digits: at 10:30 UTC a week later it is 7 days and 30 minutes old."""
    from pipeline.state import open_state
    with open_state(project.config.state_db) as db:
        db.execute("INSERT INTO signups(email, frequency, created_at) VALUES "
                   "('summer@example.org', 'weekly', '2026-10-20T11:00:00+01:00')")
        assert signup.forget_unconfirmed(
            db, datetime(2026, 10, 27, 9, 30, tzinfo=timezone.utc)) == 0
        assert signup.forget_unconfirmed(
            db, datetime(2026, 10, 27, 10, 30, tzinfo=timezone.utc)) == 1
