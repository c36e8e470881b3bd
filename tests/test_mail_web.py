"""The unsubscribe and preferences pages, served by waitress on loopback."""

from __future__ import annotations


import re

import pytest

from browser import serve_wsgi
import requests

from smtp_server import SIGNING_KEY, subscribers_csv
from pipeline.mail import tokens
from pipeline.service.http import MAX_BODY
from pipeline.service.web import make_app

KEY = SIGNING_KEY.encode()
ONE_CLICK = {"List-Unsubscribe": "One-Click"}


def serve(config):
    """The app on waitress in a thread on loopback (see browser.serve_wsgi)."""
    return serve_wsgi(make_app(config))


@pytest.fixture
def site(project, monkeypatch):
    """Two subscribers and the pages running; yields (project, base URL)."""
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)
    assert subscribers_csv(project, [
        "amina@example.org,Amina,health,safer-sleep,immediate",
        "ben@example.org,Ben,police,,weekly",
    ]).exit_code == 0
    with serve(project.config) as base:
        yield project, base


def status_of(project, email: str) -> str:
    for line in project.cascade("subscribers", "list").output.splitlines():
        if line.startswith(email + "\t"):
            return line.split("\t")[2]
    raise AssertionError(f"{email} is not listed")


def csrf_of(page: str) -> str:
    """The CSRF token a page's form carries."""
    match = re.search(r'<input type="hidden" name="csrf" value="([^"]+)">', page)
    assert match, "the page has no CSRF token"
    return match.group(1)


def unsubscribe_token(subscriber_id=1, email="amina@example.org", key=KEY):
    return tokens.make(key, "unsubscribe", subscriber_id, email)


def test_a_get_shows_a_confirmation_and_never_unsubscribes(site):
    project, base = site
    for _ in range(3):                       # a mail scanner may follow the link repeatedly
        page = requests.get(f"{base}unsubscribe", params={"token": unsubscribe_token()})
        assert page.status_code == 200
    assert status_of(project, "amina@example.org") == "active"
    assert '<html lang="en">' in page.text
    assert "<h1>Unsubscribe from our emails</h1>" in page.text
    assert "<strong>amina@example.org</strong>" in page.text
    assert '<input type="hidden" name="List-Unsubscribe" value="One-Click">' in page.text
    assert '<button type="submit">Unsubscribe</button>' in page.text
    headers = page.headers
    assert headers["Content-Security-Policy"].startswith("default-src 'none'; style-src 'sha256-")
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Cache-Control"] == "no-store"


def test_a_one_click_post_unsubscribes(site):
    project, base = site
    answer = requests.post(f"{base}unsubscribe", params={"token": unsubscribe_token()},
                           data=ONE_CLICK)
    assert answer.status_code == 200
    assert "<h1>You have been unsubscribed</h1>" in answer.text
    assert status_of(project, "amina@example.org") == "unsubscribed"
    assert status_of(project, "ben@example.org") == "active"
    again = requests.get(f"{base}unsubscribe", params={"token": unsubscribe_token()})
    assert "<h1>You are already unsubscribed</h1>" in again.text


def test_a_multipart_one_click_post_unsubscribes_too(site):
    project, base = site
    token = unsubscribe_token(2, "ben@example.org")
    answer = requests.post(f"{base}unsubscribe", params={"token": token},
                           files={"List-Unsubscribe": (None, "One-Click")})
    assert answer.status_code == 200
    assert status_of(project, "ben@example.org") == "unsubscribed"


@pytest.mark.parametrize("token", [
    unsubscribe_token()[:-1] + ("A" if unsubscribe_token()[-1] != "A" else "B"),  # tampered
    unsubscribe_token().replace("v1.u.1.", "v1.u.2."),            # another subscriber's id
    unsubscribe_token(key=b"a-different-key-of-some-length"),     # forged with another key
    tokens.make(KEY, "preferences", 1, "amina@example.org"),      # made for another purpose
    unsubscribe_token(1, "someone@example.org"),                  # for another address
    unsubscribe_token() + "\n",                                  # %0A appended
    "", "v1.u.1.", "nonsense", "v1.u.999.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
])
def test_forged_or_tampered_tokens_are_refused(site, token):
    project, base = site
    for method in ("get", "post"):
        answer = requests.request(method, f"{base}unsubscribe", params={"token": token},
                                  data=ONE_CLICK if method == "post" else None)
        assert answer.status_code == 403
        assert "<h1>This link is not valid</h1>" in answer.text
    assert status_of(project, "amina@example.org") == "active"
    assert status_of(project, "ben@example.org") == "active"


def test_a_post_without_the_one_click_field_or_too_big_is_refused(site):
    project, base = site
    params = {"token": unsubscribe_token()}
    assert requests.post(f"{base}unsubscribe", params=params, data={"x": "y"}).status_code == 400
    big = requests.post(f"{base}unsubscribe", params=params,
                        data={"List-Unsubscribe": "One-Click", "pad": "x" * MAX_BODY})
    assert big.status_code == 413
    json = requests.post(f"{base}unsubscribe", params=params, json={"a": 1})
    assert json.status_code == 415
    assert status_of(project, "amina@example.org") == "active"
    assert requests.get(f"{base}elsewhere").status_code == 404
    put = requests.put(f"{base}unsubscribe", params=params)
    assert put.status_code == 405 and put.headers["Allow"] == "GET, HEAD, POST"


def test_the_preferences_page_changes_audiences_themes_and_frequency(site):
    project, base = site
    params = {"token": tokens.make(KEY, "preferences", 1, "amina@example.org")}
    browser = requests.Session()
    form = browser.get(f"{base}preferences", params=params)
    assert form.status_code == 200
    assert "<legend>Who do you work with?</legend>" in form.text
    assert ('<label><input type="checkbox" name="audiences" value="health" checked> Health'
            '</label>') in form.text
    assert ('<label><input type="radio" name="frequency" value="immediate" checked> Each alert '
            'as soon as it is published</label>') in form.text
    csrf = csrf_of(form.text)
    saved = browser.post(f"{base}preferences", params=params, data={
        "audiences": ["early-years", "dsl-network"], "themes": ["neglect"],
        "frequency": "weekly", "csrf": csrf})
    assert saved.status_code == 200
    assert '<p role="status">Your choices were saved.</p>' in saved.text
    assert project.cascade("subscribers", "list").output.splitlines()[0] == \
        "amina@example.org\tweekly\tactive\tearly-years;dsl-network\tneglect"
    wrong = browser.post(f"{base}preferences", params=params, data={
        "audiences": ["astronauts"], "frequency": "hourly", "csrf": csrf})
    assert wrong.status_code == 400
    assert "<title>Error: Choose what you get" in wrong.text
    assert ('<div class="error-summary" role="alert" aria-labelledby="error-summary-title" '
            'tabindex="-1">\n<h2 id="error-summary-title">There is a problem</h2>') in wrong.text
    assert '<li><a href="#frequency">Choose how often you want email.</a></li>' in wrong.text
    none = browser.post(f"{base}preferences", params=params,
                        data={"frequency": "weekly", "csrf": csrf})
    assert none.status_code == 400 and "Choose at least one group" in none.text
    assert project.cascade("subscribers", "list").output.splitlines()[0] == \
        "amina@example.org\tweekly\tactive\tearly-years;dsl-network\tneglect"
    unsubscribe_link = requests.get(f"{base}preferences",
                                    params={"token": unsubscribe_token()})
    assert unsubscribe_link.status_code == 403          # an unsubscribe token is not enough


@pytest.mark.parametrize("cron, label", [
    (None, "Only the newsletter (every two months)"),                  # the default schedule
    ("0 9 1 * *", "Only the newsletter (every month)"),
    ("0 9 1 1,4,7,10 *", "Only the newsletter (every three months)"),
    ("0 9 1 1,2,6 *", "Only the newsletter"),                          # irregular: no claim
])
def test_the_newsletter_choice_says_how_often_its_schedule_sends(project, monkeypatch, cron,
                                                                  label):
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)
    if cron:
        project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\n"
                      f"newsletter:\n  cron: \"{cron}\"\n")
    assert subscribers_csv(project, ["amina@example.org,Amina,health,,immediate"]).exit_code == 0
    with serve(project.config) as base:
        params = {"token": tokens.make(KEY, "preferences", 1, "amina@example.org")}
        form = requests.get(f"{base}preferences", params=params)
    assert f'value="newsletter-only"> {label}</label>' in form.text


def test_a_form_post_without_its_csrf_token_or_from_another_site_changes_nothing(site):
    project, base = site
    params = {"token": tokens.make(KEY, "preferences", 1, "amina@example.org")}
    browser = requests.Session()
    csrf = csrf_of(browser.get(f"{base}preferences", params=params).text)
    change = {"audiences": ["police"], "frequency": "weekly"}
    for attempt in (
        requests.post(f"{base}preferences", params=params, data={**change, "csrf": csrf}),
        browser.post(f"{base}preferences", params=params, data=change),
        browser.post(f"{base}preferences", params=params, data={**change, "csrf": "x" + csrf}),
        browser.post(f"{base}preferences", params=params, data={**change, "csrf": csrf},
                     headers={"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}),
        browser.post(f"{base}preferences", params=params, data={**change, "csrf": csrf},
                     headers={"Origin": "https://evil.example"}),
    ):
        assert attempt.status_code == 403
        assert "This form has expired or was sent from another website." in attempt.text
    assert project.cascade("subscribers", "list").output.splitlines()[0] == \
        "amina@example.org\timmediate\tactive\thealth\tsafer-sleep"
    cookie = browser.cookies.get_dict()
    assert list(cookie) == ["cascade_form"]

