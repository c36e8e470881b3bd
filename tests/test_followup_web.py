"""The pages a follow-up question's links open, served by waitress on loopback: a GET shows
the answer and a confirm button and records nothing; the POST records it; a forged,
altered, expired or wrong-purpose link is a 403 and records nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

from browser import serve_wsgi
from smtp_server import NOW, SIGNING_KEY, configure, mail_project, subscribers_csv
from test_mail_web import csrf_of
from pipeline.mail import followup, subscribers, tokens
from pipeline.service.web import make_app
from pipeline.state import open_state

__all__ = ["mail_project"]

KEY = SIGNING_KEY.encode()
LONDON = ZoneInfo("Europe/London")
ITEM = "safer-sleep-test"
AMINA = subscribers.Subscriber(1, "amina@example.org", "Amina", ("health",), (), "immediate",
                               "active")


@pytest.fixture
def site(mail_project, monkeypatch):
    """Two subscribers, the alerts recorded, the pages running; yields (project, base URL)."""
    project = mail_project
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)
    configure(project, mail={"transport": "maildir"})
    assert subscribers_csv(project, ["amina@example.org,Amina,health,,immediate",
                                     "ben@example.org,Ben,health,,immediate"]).exit_code == 0
    assert project.cascade("run", "--now", NOW).exit_code == 0
    with serve_wsgi(make_app(project.config)) as base:
        yield project, base


def link(answer="yes", item=ITEM, who=AMINA, key=KEY, days_ago=0.0) -> dict:
    now = datetime.now(LONDON) - timedelta(days=days_ago)
    return {"token": followup.answer_token(key, who, item, answer, now), "item": item,
            "answer": answer}


def answers(project) -> list[tuple]:
    with open_state(project.config.state_db) as db:
        return [tuple(r) for r in db.execute(
            "SELECT item_id, subscriber_id, answer FROM followup_answers ORDER BY 1, 2")]


def test_a_get_shows_the_answer_and_a_confirm_button_and_records_nothing(site):
    project, base = site
    params = link("not-yet")
    for _ in range(3):                       # a mail scanner may follow the link repeatedly
        page = requests.get(f"{base}followup", params=params)
        assert page.status_code == 200
    assert answers(project) == []
    assert "<h1>Has this briefing changed your practice?</h1>" in page.text
    assert ('<p><a href="https://learning.example-scp.org.uk/briefings/safer-sleep-test.html">'
            'Safer sleep for babies</a></p>') in page.text
    assert "<p>Your answer: <strong>Not yet</strong></p>" in page.text
    assert '<input type="hidden" name="answer" value="not-yet">' in page.text
    assert '<button type="submit">Confirm my answer</button>' in page.text
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "no-referrer"


def test_the_post_records_the_answer_and_a_second_answer_replaces_the_first(site):
    project, base = site
    browser = requests.Session()
    params = link("yes")
    page = browser.get(f"{base}followup", params=params)
    done = browser.post(f"{base}followup", params=params,
                        data={**params, "csrf": csrf_of(page.text)})
    assert done.status_code == 200
    assert "<h1>Thank you for your answer</h1>" in done.text
    assert ("We recorded your answer to “Has this briefing changed your practice?” for Safer "
            "sleep for babies: <strong>Yes</strong>.") in done.text
    assert answers(project) == [(ITEM, 1, "yes")]

    params = link("not-relevant")
    page = browser.get(f"{base}followup", params=params)
    today = datetime.now(LONDON)
    assert (f"You answered “Yes” on {today.day} {today:%B %Y}. Confirming replaces that "
            "answer.") in page.text
    browser.post(f"{base}followup", params=params, data={**params, "csrf": csrf_of(page.text)})
    assert answers(project) == [(ITEM, 1, "not-relevant")]
    with open_state(project.config.state_db) as db:
        assert followup.answer_counts(db) == {ITEM: {"yes": 0, "not-yet": 0, "not-relevant": 1}}


def _tampered(token: str) -> str:
    return token[:-1] + ("A" if token[-1] != "A" else "B")


BEN = subscribers.Subscriber(2, "ben@example.org", "Ben", ("health",), (), "immediate",
                             "active")


@pytest.mark.parametrize("params, title", [
    ({**link(), "token": _tampered(link()["token"])}, "This link is not valid"),
    ({**link(), "item": "info-sharing-2025-03"}, "This link is not valid"),  # another item
    ({**link(), "answer": "not-yet"}, "This link is not valid"),          # another answer
    ({**link(), "answer": "maybe"}, "This link is not valid"),            # no such answer
    (link(key=b"a-different-key-of-some-length"), "This link is not valid"),   # forged
    ({**link(), "token": link(who=BEN)["token"].replace(".2.", ".1.", 1)},
     "This link is not valid"),                                          # Ben's, renamed
    ({**link(), "token": tokens.make_expiring(KEY, "manage", 1, "amina@example.org",
                                              datetime.now(LONDON))},
     "This link is not valid"),                                          # another purpose
    ({**link(), "token": tokens.make(KEY, "unsubscribe", 1, "amina@example.org")},
     "This link is not valid"),
    ({"token": "", "item": ITEM, "answer": "yes"}, "This link is not valid"),
    ({"item": ITEM, "answer": "yes"}, "This link is not valid"),
    (link(days_ago=30.01), "This link has expired"),
])
def test_forged_altered_expired_or_wrong_purpose_links_are_refused(site, params, title):
    project, base = site
    browser = requests.Session()
    # A good page first, for a CSRF token that is valid: only the link is wrong.
    csrf = csrf_of(browser.get(f"{base}followup", params=link()).text)
    for method in ("get", "post"):
        answer = browser.request(method, f"{base}followup", params=params,
                                 data={**params, "csrf": csrf} if method == "post" else None)
        assert answer.status_code == 403
        assert f"<h1>{title}</h1>" in answer.text
    assert answers(project) == []


def test_a_post_without_its_csrf_token_or_with_a_changed_field_records_nothing(site):
    project, base = site
    browser = requests.Session()
    params = link("yes")
    csrf = csrf_of(browser.get(f"{base}followup", params=params).text)
    assert browser.post(f"{base}followup", params=params, data=params).status_code == 403
    assert requests.post(f"{base}followup", params=params,
                         data={**params, "csrf": csrf}).status_code == 403     # no cookie
    changed = browser.post(f"{base}followup", params=params,
                           data={**params, "answer": "not-yet", "csrf": csrf})
    assert changed.status_code == 400                # the form and the link disagree
    assert answers(project) == []


def test_the_stop_link_asks_then_stops_the_questions(site):
    project, base = site
    params = {"token": followup.stop_token(KEY, AMINA)}
    browser = requests.Session()
    page = browser.get(f"{base}followup-stop", params=params)
    page = browser.get(f"{base}followup-stop", params=params)
    assert page.status_code == 200
    assert "<h1>Stop follow-up questions</h1>" in page.text
    assert "<strong>amina@example.org</strong>" in page.text
    assert '<button type="submit">Stop follow-up questions</button>' in page.text
    with open_state(project.config.state_db) as db:
        assert followup.wants_followups(db, 1)
    done = browser.post(f"{base}followup-stop", params=params,
                        data={**params, "csrf": csrf_of(page.text)})
    assert done.status_code == 200
    assert "<h1>You will get no more follow-up questions</h1>" in done.text
    with open_state(project.config.state_db) as db:
        assert not followup.wants_followups(db, 1)
        assert followup.wants_followups(db, 2)
        assert subscribers.get(db, 1).status == "active"     # still gets the alerts
    again = browser.get(f"{base}followup-stop", params=params)
    assert "<h1>Follow-up questions are already stopped</h1>" in again.text


def test_a_subscriber_stops_and_restarts_follow_ups_on_the_choices_page(site):
    project, base = site
    browser = requests.Session()
    stop = {"token": followup.stop_token(KEY, AMINA)}
    page = browser.get(f"{base}followup-stop", params=stop)
    done = browser.post(f"{base}followup-stop", params=stop,
                        data={**stop, "csrf": csrf_of(page.text)})
    preferences = tokens.make(KEY, "preferences", 1, "amina@example.org")
    assert f'<a href="preferences?token={preferences}">' in done.text
    box = '<input type="checkbox" name="followups" value="yes"'
    form = browser.get(f"{base}preferences", params={"token": preferences})
    assert box + "> Some weeks after an alert" in form.text          # shown, not ticked
    choices = {"audiences": ["health"], "frequency": "immediate", "csrf": csrf_of(form.text)}
    saved = browser.post(f"{base}preferences", params={"token": preferences},
                         data={**choices, "followups": "yes"})
    assert saved.status_code == 200 and box + " checked>" in saved.text
    with open_state(project.config.state_db) as db:
        assert followup.wants_followups(db, 1)
    browser.post(f"{base}preferences", params={"token": preferences}, data=choices)
    with open_state(project.config.state_db) as db:
        assert not followup.wants_followups(db, 1)        # an unticked box stops them again
    signup = requests.get(f"{base}subscribe")
    assert 'name="followups"' not in signup.text          # a sign-up is asked by default


@pytest.mark.parametrize("token", [
    _tampered(followup.stop_token(KEY, AMINA)),
    followup.stop_token(b"a-different-key-of-some-length", AMINA),
    tokens.make(KEY, "unsubscribe", 1, "amina@example.org"),
    tokens.make(KEY, "preferences", 1, "amina@example.org"),
    link()["token"],
])
def test_a_forged_or_other_stop_link_is_refused(site, token):
    project, base = site
    browser = requests.Session()
    good = {"token": followup.stop_token(KEY, AMINA)}
    csrf = csrf_of(browser.get(f"{base}followup-stop", params=good).text)
    for method in ("get", "post"):
        answer = browser.request(method, f"{base}followup-stop", params={"token": token},
                                 data={"token": token, "csrf": csrf} if method == "post"
                                 else None)
        assert answer.status_code == 403
    with open_state(project.config.state_db) as db:
        assert followup.wants_followups(db, 1)
