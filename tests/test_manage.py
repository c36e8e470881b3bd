"""Managing a subscription without an account, through the real server on loopback:
ask for a link, change choices, change address, unsubscribe, download and delete."""

from __future__ import annotations

import email
import email.policy
import json
import mailbox
import re
import socket
import time
from datetime import datetime, timedelta, timezone

import pytest
import requests

from browser import serve_wsgi
from smtp_server import SIGNING_KEY, subscribers_csv
from pipeline.mail import tokens
from pipeline.service.web import make_app
from pipeline.state import open_state

KEY = SIGNING_KEY.encode()
AMINA = "amina@example.org"


@pytest.fixture
def site(project, monkeypatch):
    """Amina active, Ben unsubscribed, the pages running; yields (project, base URL)."""
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)
    assert subscribers_csv(project, [
        f"{AMINA},Amina,health,safer-sleep,immediate",
        "ben@example.org,Ben,police,,weekly",
    ]).exit_code == 0
    ben = requests.Session()
    with serve_wsgi(make_app(project.config)) as base:
        answer = ben.post(f"{base}unsubscribe", data={"List-Unsubscribe": "One-Click"},
                          params={"token": tokens.make(KEY, "unsubscribe", 2, "ben@example.org")})
        assert answer.status_code == 200
        yield project, base


def inbox(project) -> list[email.message.EmailMessage]:
    folder = project.root / ".cascade" / "outbox"
    if not all((folder / part).is_dir() for part in ("tmp", "new", "cur")):
        return []       # not yet made by the first email, which may be on its way
    box = mailbox.Maildir(folder, create=False)
    return [email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
            for key in sorted(box.keys())]


def mail_to(project, address: str) -> email.message.EmailMessage:
    """The message to `address`, once it has arrived (links are sent beside the answer)."""
    deadline = time.monotonic() + 30   # a loaded machine may take a while
    while time.monotonic() < deadline:
        found = [m for m in inbox(project) if m["To"] == address]
        if found:
            return found[0]
        time.sleep(0.02)
    raise AssertionError(f"no email to {address}")


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link_in(message, page: str, base: str) -> str:
    """The emailed link to `page`, pointed at the server on loopback."""
    match = re.search(rf"https://learning\.example-scp\.org\.uk/subscriptions/{page}"
                      rf"\?token=(\S+)", text_of(message))
    assert match, f"no {page} link in the email"
    return f"{base}{page}?token={match.group(1)}"


def csrf_of(page: str) -> str:
    match = re.search(r'<input type="hidden" name="csrf" value="([^"]+)">', page)
    assert match, "the page has no CSRF token"
    return match.group(1)


def status_of(project, address: str) -> str | None:
    for line in project.cascade("subscribers", "list").output.splitlines():
        if line.split("\t")[0] == address:
            return line.split("\t")[2]
    return None


def manage_token(subscriber_id=1, address=AMINA, now=None, key=KEY, purpose="manage"):
    return tokens.make_expiring(key, purpose, subscriber_id, address,
                                now or datetime.now(timezone.utc))


def ask(browser, base, address: str, **extra) -> requests.Response:
    form = browser.get(f"{base}manage-request")
    assert form.status_code == 200
    return browser.post(f"{base}manage-request",
                        data={"email": address, "csrf": csrf_of(form.text), **extra})


def test_the_answer_is_the_same_whoever_asks_and_only_an_active_subscriber_gets_a_link(site):
    project, base = site
    browser = requests.Session()
    answers = {}
    for address in ("ben@example.org", "nobody@example.org", AMINA):
        asked = ask(browser, base, address)
        assert asked.status_code == 200
        # The page repeats what was typed; with that put back, every answer is the same.
        answers[address] = asked.content.replace(address.encode(), b"ADDRESS")
    assert answers["ben@example.org"] == answers["nobody@example.org"] == answers[AMINA]
    assert b"<h1>Check your email</h1>" in answers[AMINA]
    message = mail_to(project, AMINA)
    assert [m["To"] for m in inbox(project)] == [AMINA]      # no one else was sent anything
    assert message["Subject"] == f"Manage your email from {project.config['partnership']}"
    link = link_in(message, "manage", base)
    assert link.startswith(f"{base}manage?token=v2.manage.1.")
    page = browser.get(link)
    assert page.status_code == 200 and f"<strong>{AMINA}</strong>" in page.text


def test_a_bad_address_gets_an_error_summary_and_a_filled_honeypot_gets_nothing(site):
    project, base = site
    browser = requests.Session()
    wrong = ask(browser, base, "not an address")
    assert wrong.status_code == 400
    assert "<title>Error: Manage your subscription" in wrong.text
    assert '<li><a href="#email">Enter an email address in the correct format, like ' \
        'name@example.org.</a></li>' in wrong.text
    assert 'value="not an address"' in wrong.text
    bot = ask(browser, base, AMINA, website="http://spam.example")
    assert bot.status_code == 200 and "<h1>Check your email</h1>" in bot.text
    ask(browser, base, AMINA)                     # then a real request: one email only
    mail_to(project, AMINA)
    assert len(inbox(project)) == 1


def test_each_address_may_ask_four_times_a_minute(site):
    project, base = site
    browser = requests.Session()
    answers = [ask(browser, base, "Nobody@Example.org" if n % 2 else "nobody@example.org")
               for n in range(5)]
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    assert 1 <= int(answers[-1].headers["Retry-After"]) <= 60
    assert ask(browser, base, AMINA).status_code == 200        # another address is not held


def test_the_manage_page_shows_the_address_and_saves_choices_only_on_post(site):
    project, base = site
    browser = requests.Session()
    params = {"token": manage_token()}
    for _ in range(2):
        page = browser.get(f"{base}manage", params=params)
    assert page.status_code == 200
    assert "<h1>Manage your subscription</h1>" in page.text
    assert f"<p>This page is for <strong>{AMINA}</strong>.</p>" in page.text
    assert '<input type="checkbox" name="audiences" value="health" checked>' in page.text
    assert '<button type="submit" class="warning">Unsubscribe from everything</button>' \
        in page.text
    assert status_of(project, AMINA) == "active"
    csrf = csrf_of(page.text)
    saved = browser.post(f"{base}manage", params=params, data={
        "action": "choices", "audiences": ["police"], "frequency": "weekly", "csrf": csrf})
    assert saved.status_code == 200 and '<p role="status">Your choices were saved.</p>' \
        in saved.text
    assert project.cascade("subscribers", "list").output.splitlines()[0] == \
        f"{AMINA}\tweekly\tactive\tpolice\tall themes"
    wrong = browser.post(f"{base}manage", params=params, data={
        "action": "choices", "frequency": "hourly", "csrf": csrf})
    assert wrong.status_code == 400 and "<title>Error: Manage your subscription" in wrong.text
    assert '<li><a href="#frequency">Choose how often you want email.</a></li>' in wrong.text
    no_csrf = requests.post(f"{base}manage", params=params, data={"action": "unsubscribe"})
    assert no_csrf.status_code == 403
    assert status_of(project, AMINA) == "active"


def test_forged_altered_expired_and_wrong_purpose_links_are_refused(site):
    project, base = site
    good = manage_token()
    long_ago = datetime.now(timezone.utc) - timedelta(days=8)
    refused = {
        "altered": good[:-1] + ("A" if good[-1] != "A" else "B"),
        "another subscriber": good.replace("v2.manage.1.", "v2.manage.2."),
        "another key": manage_token(key=b"a-different-key-of-some-length"),
        "another address": manage_token(address="someone@example.org"),
        "another purpose": manage_token(purpose="confirm"),
        "a preferences link": tokens.make(KEY, "preferences", 1, AMINA),
        "empty": "",
    }
    browser = requests.Session()
    csrf = csrf_of(browser.get(f"{base}manage-request").text)     # a form token that passes
    for name, token in refused.items():
        shown = browser.get(f"{base}manage", params={"token": token})
        posted = browser.post(f"{base}manage", params={"token": token},
                              data={"action": "unsubscribe", "csrf": csrf})
        for answer in (shown, posted):
            assert answer.status_code == 403, name
            assert "<h1>This link is not valid</h1>" in answer.text, name
    expired = requests.get(f"{base}manage", params={"token": manage_token(now=long_ago)})
    assert expired.status_code == 403
    assert "<h1>This link has expired</h1>" in expired.text
    assert '<a href="manage-request">Get a new link to manage your subscription</a>' \
        in expired.text
    assert status_of(project, AMINA) == "active"


def figures(project) -> dict:
    with open_state(project.config.state_db) as db:
        return {r["event"]: r["n"] for r in db.execute(
            "SELECT event, SUM(count) AS n FROM subscriber_figures GROUP BY event")}


def test_unsubscribe_from_everything_is_counted(site):
    project, base = site
    browser = requests.Session()
    params = {"token": manage_token()}
    csrf = csrf_of(browser.get(f"{base}manage", params=params).text)
    done = browser.post(f"{base}manage", params=params, data={"action": "unsubscribe",
                                                              "csrf": csrf})
    assert done.status_code == 200 and "<h1>You have been unsubscribed</h1>" in done.text
    assert status_of(project, AMINA) == "unsubscribed"
    assert figures(project)["unsubscribed"] == 2          # Ben by his link, Amina here
    again = browser.get(f"{base}manage", params=params)
    assert "We no longer send email to this address." in again.text
    assert "Unsubscribe from everything" not in again.text


def test_download_my_data_is_a_json_file_of_everything_held(site):
    project, base = site
    with open_state(project.config.state_db) as db:
        for n, status in enumerate(("sent", "sent", "failed")):
            db.execute("INSERT INTO deliveries(subscriber_id, subject_id, version, batch, "
                       "status, created_at, updated_at) VALUES (1, ?, 'v1', 'b', ?, 'x', 'x')",
                       (f"item-{n}", status))
    browser = requests.Session()
    params = {"token": manage_token()}
    csrf = csrf_of(browser.get(f"{base}manage", params=params).text)
    download = browser.post(f"{base}manage", params=params, data={"action": "download",
                                                                  "csrf": csrf})
    assert download.status_code == 200
    assert download.headers["Content-Type"] == "application/json; charset=utf-8"
    assert download.headers["Content-Disposition"] == \
        'attachment; filename="my-subscription-data.json"'
    data = json.loads(download.content)
    assert (data["email"], data["name"], data["audiences"], data["themes"], data["frequency"],
            data["status"]) == (AMINA, "Amina", ["health"], ["safer-sleep"], "immediate",
                                "active")
    assert data["messages"] == {"sent": 2, "failed": 1, "waiting": 0, "cancelled": 0}
    assert data["subscribed_at"] and data["changed_at"]


def test_delete_my_data_asks_once_more_then_leaves_only_a_count(site):
    project, base = site
    browser = requests.Session()
    params = {"token": manage_token()}
    csrf = csrf_of(browser.get(f"{base}manage", params=params).text)
    asked = browser.post(f"{base}manage", params=params, data={"action": "delete",
                                                               "csrf": csrf})
    assert asked.status_code == 200 and "<h1>Delete your data</h1>" in asked.text
    assert status_of(project, AMINA) == "active"              # not yet
    done = browser.post(f"{base}manage", params=params, data={"action": "erase", "csrf": csrf})
    assert done.status_code == 200 and "<h1>Your data has been deleted</h1>" in done.text
    assert status_of(project, AMINA) is None
    assert figures(project)["erased"] == 1
    with open_state(project.config.state_db) as db:
        assert db.execute("SELECT COUNT(*) FROM subscribers WHERE email = ?",
                          (AMINA,)).fetchone()[0] == 0
    assert browser.get(f"{base}manage", params=params).status_code == 403


def start_change(browser, base, new: str, token=None) -> requests.Response:
    params = {"token": token or manage_token()}
    csrf = csrf_of(browser.get(f"{base}manage", params=params).text)
    return browser.post(f"{base}manage", params=params,
                        data={"action": "address", "email": new, "csrf": csrf})


def test_a_change_of_address_is_confirmed_at_the_new_address(site):
    project, base = site
    browser = requests.Session()
    old_token = manage_token()
    asked = start_change(browser, base, "amina.rahman@example.org", old_token)
    assert asked.status_code == 200 and "<h1>Check your email</h1>" in asked.text
    [message] = inbox(project)
    assert message["To"] == "amina.rahman@example.org"
    link = link_in(message, "address", base)
    assert "token=v2.address." in link
    for _ in range(2):                                      # a mail scanner changes nothing
        shown = browser.get(link)
    assert shown.status_code == 200 and '<button type="submit">Use this address</button>' \
        in shown.text
    assert status_of(project, AMINA) == "active"
    done = browser.post(link, data={"csrf": csrf_of(shown.text)})
    assert done.status_code == 200 and "<h1>Your email address has changed</h1>" in done.text
    assert status_of(project, AMINA) is None
    assert status_of(project, "amina.rahman@example.org") == "active"
    assert browser.post(link, data={"csrf": csrf_of(shown.text)}).status_code == 403  # reused
    assert browser.get(f"{base}manage", params={"token": old_token}).status_code == 403
    fresh = browser.get(f"{base}manage", params={"token": manage_token(
        address="amina.rahman@example.org")})
    assert "<strong>amina.rahman@example.org</strong>" in fresh.text


def test_moving_to_an_address_already_subscribed_looks_the_same_and_changes_nothing(site,
                                                                                   monkeypatch):
    project, base = site
    assert subscribers_csv(project, ["carys@example.org,Carys,health,,weekly"],
                           "more.csv").exit_code == 0
    browser = requests.Session()
    taken = start_change(browser, base, "carys@example.org")
    free = start_change(browser, base, "dafydd@example.org")
    assert taken.content.replace(b"carys", b"X") == free.content.replace(b"dafydd", b"X")
    links = {m["To"]: link_in(m, "address", base) for m in inbox(project)}
    page = browser.get(links["carys@example.org"])
    done = browser.post(links["carys@example.org"], data={"csrf": csrf_of(page.text)})
    assert "<h1>This address already gets our emails</h1>" in done.text
    assert status_of(project, AMINA) == "active"
    assert project.cascade("subscribers", "list").output.count("carys@example.org\tweekly") == 1


def test_an_expired_change_of_address_link_says_how_to_get_another(site):
    project, base = site
    browser = requests.Session()
    start_change(browser, base, "amina.rahman@example.org")
    link = link_in(inbox(project)[0], "address", base)
    signup_id = int(re.search(r"v2\.address\.(\d+)\.", link).group(1))
    old = tokens.make_expiring(KEY, "address", signup_id, "amina.rahman@example.org",
                               datetime.now(timezone.utc) - timedelta(days=8))
    answer = browser.get(f"{base}address", params={"token": old})
    assert answer.status_code == 403 and "<h1>This link has expired</h1>" in answer.text
    wrong = browser.get(f"{base}address", params={"token": manage_token()})
    assert wrong.status_code == 403 and "<h1>This link is not valid</h1>" in wrong.text


def test_the_preferences_page_names_its_address_and_offers_unsubscribe(site):
    project, base = site
    page = requests.get(f"{base}preferences",
                        params={"token": tokens.make(KEY, "preferences", 1, AMINA)})
    assert f"<p>This page is for <strong>{AMINA}</strong>.</p>" in page.text
    assert '<p><a href="https://learning.example-scp.org.uk/">Back to the website</a></p>' \
        in page.text
    link = re.search(r'<a href="(unsubscribe\?token=[^"]+)">unsubscribe from all our emails',
                     page.text).group(1)
    unsubscribe = requests.get(base + link)
    assert unsubscribe.status_code == 200
    assert "<h1>Unsubscribe from our emails</h1>" in unsubscribe.text


def test_when_the_email_to_a_new_address_cannot_be_sent_the_page_says_so(site):
    project, base = site
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))          # a port nothing listens on: the server is down
    port = closed.getsockname()[1]
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\nmail:\n"
                  f"  transport: smtp\n  smtp: {{host: 127.0.0.1, port: {port}, "
                  "security: none}\n")
    try:
        with serve_wsgi(make_app(project.config)) as down:
            answer = start_change(requests.Session(), down, "amina.rahman@example.org")
    finally:
        closed.close()
    assert answer.status_code == 503
    assert "<h1>Sorry, we could not send the email</h1>" in answer.text
    assert status_of(project, AMINA) == "active"
