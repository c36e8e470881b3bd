"""The sign-up page under a burst of requests on loopback, and with broken requests:
each limit holds (429 with Retry-After), and nothing gets a 500."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

import pytest
import requests

from browser import serve_wsgi
from smtp_server import SIGNING_KEY
from test_mail_web import csrf_of
from test_signup import CHOICES, db_rows, outbox
from pipeline.service.http import MAX_BODY
from pipeline.service.web import make_app


@pytest.fixture
def pages(project, monkeypatch):
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)
    with serve_wsgi(make_app(project.config)) as base:
        yield base


def form_session(base: str) -> tuple[requests.Session, str]:
    browser = requests.Session()
    return browser, csrf_of(browser.get(f"{base}subscribe").text)


def test_one_address_may_ask_four_times_a_minute(project, pages):
    browser, csrf = form_session(pages)
    answers = [browser.post(f"{pages}subscribe", data={"email": email, "csrf": csrf, **CHOICES})
               for email in ["amina@example.org", "Amina@example.org", "AMINA@example.org",
                             "amina@EXAMPLE.org", "amina@example.org", "aMina@example.org"]]
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429, 429]
    refused = answers[-1]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "<h1>Too many requests</h1>" in refused.text
    assert "There have been too many requests for this email address. Try again in 1 minute." \
        in refused.text
    assert len(outbox(project)) == 4
    # Another address is not held up by it.
    other = browser.post(f"{pages}subscribe", data={"email": "ben@example.org", "csrf": csrf,
                                                    **CHOICES})
    assert other.status_code == 200 and len(outbox(project)) == 5


def test_one_client_may_post_as_often_as_the_setting_says(project, monkeypatch):
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\n"
                                 "serve:\n  posts_per_client_per_hour: 3\n")
    with serve_wsgi(make_app(project.config)) as base:
        browser, csrf = form_session(base)
        answers = [browser.post(f"{base}subscribe", data={"email": f"p{n}@example.org",
                                                          "csrf": csrf, **CHOICES})
                   for n in range(5)]
        form = browser.get(f"{base}subscribe")          # reading is never limited
    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
    assert 3000 < int(answers[3].headers["Retry-After"]) <= 3600
    assert "too many requests from your network" in answers[3].text
    assert form.status_code == 200
    assert len(outbox(project)) == 3


def raw_request(base: str, data: bytes) -> bytes:
    """Send bytes as they are (requests would tidy them) and return the status line."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
        connection.sendall(data)
        answer = b""
        while b"\r\n" not in answer:
            chunk = connection.recv(4096)
            if not chunk:
                break
            answer += chunk
    return answer.split(b"\r\n", 1)[0]


def test_oversize_and_malformed_bodies_get_a_4xx_never_a_500(project, pages):
    browser, csrf = form_session(pages)
    url = f"{pages}subscribe"
    good = {"email": "amina@example.org", "csrf": csrf, **CHOICES}

    def post(**kwargs):
        return browser.post(url, **kwargs).status_code

    assert post(data={**good, "pad": "x" * MAX_BODY}) == 413
    assert post(data=b"email=a%zz&csrf=" + csrf.encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"}) == 400
    assert post(data=b"email=\xff\xfe@example.org&csrf=" + csrf.encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"}) == 400
    assert post(data=b"email=%FF%FE%40example.org&csrf=" + csrf.encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded"}) == 400
    assert post(data={**good, "email": ["a@example.org", "b@example.org"]}) == 400
    assert post(json=good) == 415
    assert post(files={"email": ("x.txt", b"a@example.org")}, data={"csrf": csrf}) == 400
    assert post(data={**good, "audiences": ["health"] * 300}) == 400      # too many fields
    assert post(data={**good, "email": "x" * 300 + "@example.org"}) == 400  # too long
    assert post(data={**good, "name": "bell\x07"}) == 400                   # control characters
    assert browser.get(url, params={"themes": "%zz"}).status_code == 200    # ignored
    path = urlsplit(url).path
    host = urlsplit(url).netloc
    assert raw_request(pages, f"GET {path}?themes=%zz HTTP/1.1\r\nHost: {host}\r\n"
                       "Connection: close\r\n\r\n".encode()).startswith(b"HTTP/1.1 4")
    assert raw_request(pages, f"GET {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 3\r\n"
                       "Connection: close\r\n\r\nabc".encode()) == b"HTTP/1.1 400 Bad Request"
    assert raw_request(pages, f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Length: x\r\n"
                       "Connection: close\r\n\r\n".encode()).startswith(b"HTTP/1.1 4")
    assert outbox(project) == [] and db_rows(project, "SELECT * FROM signups") == []


def test_when_mail_cannot_be_sent_the_reader_is_asked_to_try_later(project, monkeypatch):
    import yaml
    from smtp_server import free_port, settings
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)
    project.write("cascade.yml", yaml.safe_dump(settings(free_port())))   # nothing listens
    with serve_wsgi(make_app(project.config)) as base:
        browser, csrf = form_session(base)
        answer = browser.post(f"{base}subscribe", data={"email": "amina@example.org",
                                                        "csrf": csrf, **CHOICES})
    assert answer.status_code == 503
    assert "<h1>Sorry, we could not send the email</h1>" in answer.text
    assert "Email could not be sent just now. Please try again later." in answer.text
