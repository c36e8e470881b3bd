"""The subscription pages behind the real HTTP server of `cascade serve`, sent what an
attacker or a broken client sends: oversized and malformed requests get a 4xx, never a
500 or a body read to the end, and every answer carries the security headers."""

from __future__ import annotations

import socket

import pytest
import requests

from smtp_server import SIGNING_KEY, subscribers_csv
from pipeline.mail import tokens
from pipeline.service.serve import MAX_HEADER, start_http
from pipeline.service.http import MAX_BODY, SECURITY_HEADERS

KEY = SIGNING_KEY.encode()
TOKEN = tokens.make(KEY, "unsubscribe", 1, "amina@example.org")
PAGE = "/subscriptions/unsubscribe"
FORM = "application/x-www-form-urlencoded"
HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy",
           "X-Frame-Options")


@pytest.fixture
def server(project, monkeypatch):
    """`cascade serve`'s HTTP server on a free loopback port; yields its port."""
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\n"
                                 "serve: {port: 0}\n")
    assert subscribers_csv(project, ["amina@example.org,Amina,health,,immediate"]).exit_code == 0
    http = start_http(project.config)
    try:
        yield http.effective_port
    finally:
        http.close()


def exchange(port: int, data: bytes) -> tuple[int, dict, bytes]:
    """Send raw bytes, read the answer: (status, headers, body). Waits at most 20 s, so a
    server that waits for a body it should have refused fails the test instead of hanging."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
        connection.sendall(data)
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = connection.recv(65536)
            assert chunk, f"the server closed the connection without answering: {answer!r}"
            answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = dict(line.split(": ", 1) for line in lines[1:])
        while len(body) < int(headers.get("Content-Length", 0)):
            chunk = connection.recv(65536)
            assert chunk, "the server closed the connection in the middle of the body"
            body += chunk
    return int(lines[0].split()[1]), headers, body


def request(method: str, target: str, body: bytes = b"", content_type: str = FORM,
            extra: str = "") -> bytes:
    head = f"{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{extra}"
    if body or method == "POST":
        head += f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
    return head.encode("latin-1") + b"\r\n" + body


def multipart(*parts: bytes, boundary: str = "XyZ") -> tuple[bytes, str]:
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + part + b"\r\n" for part in parts)
    return body + b"--" + boundary.encode() + b"--\r\n", \
        f"multipart/form-data; boundary={boundary}"


def field(name: str, value: bytes, headers: bytes = b"") -> bytes:
    return (b'Content-Disposition: form-data; name="' + name.encode() + b'"\r\n' + headers
            + b"\r\n" + value)


NESTED = multipart(field("List-Unsubscribe", b"--in\r\n" + field("x", b"y") + b"\r\n--in--",
                         b"Content-Type: multipart/mixed; boundary=in\r\n"))
UPLOAD = multipart(b'Content-Disposition: form-data; name="List-Unsubscribe"; '
                   b'filename="a.txt"\r\n\r\nOne-Click')
LATIN1 = multipart(field("List-Unsubscribe", b"One-Click\xe9"))
ONE_CLICK = b"List-Unsubscribe=One-Click"

MALFORMED = {
    "nested multipart, no token": (request("POST", PAGE, NESTED[0], NESTED[1]), 400),
    "nested multipart": (request("POST", f"{PAGE}?token={TOKEN}", NESTED[0], NESTED[1]), 400),
    "file upload": (request("POST", f"{PAGE}?token={TOKEN}", UPLOAD[0], UPLOAD[1]), 400),
    "multipart not UTF-8": (request("POST", f"{PAGE}?token={TOKEN}", LATIN1[0], LATIN1[1]),
                            400),
    "multipart without boundary": (request("POST", f"{PAGE}?token={TOKEN}", NESTED[0],
                                           "multipart/form-data"), 400),
    "bad percent-encoding": (request("GET", f"{PAGE}?token=%zz{TOKEN}"), 400),
    "percent-encoded non-UTF-8": (request("GET", f"{PAGE}?token={TOKEN}%ff%fe"), 400),
    "raw non-ASCII in the address": (request("GET", f"{PAGE}?token={TOKEN}\xe9"), 400),
    "form not UTF-8": (request("POST", f"{PAGE}?token={TOKEN}", ONE_CLICK + b"%ff"), 400),
    "form with bad percent-encoding": (request("POST", f"{PAGE}?token={TOKEN}",
                                               ONE_CLICK + b"&x=%g1"), 400),
    "token twice": (request("GET", f"{PAGE}?token={TOKEN}&token={TOKEN}x"), 400),
    "two different tokens": (request("POST", f"{PAGE}?token={TOKEN}",
                                     ONE_CLICK + b"&token=v1.u.2.AAAA"), 400),
    "field twice": (request("POST", f"{PAGE}?token={TOKEN}", ONE_CLICK + b"&" + ONE_CLICK),
                    400),
    "GET with a body": (request("GET", f"{PAGE}?token={TOKEN}", ONE_CLICK), 400),
    "wrong content type": (request("POST", f"{PAGE}?token={TOKEN}", b'{"a": 1}',
                                   "application/json"), 415),
    "header too large": (f"GET {PAGE} HTTP/1.1\r\nHost: localhost\r\nX-Pad: ".encode()
                         + b"a" * MAX_HEADER, 431),
    "bad content length": (request("POST", PAGE, extra="Content-Length: -1\r\n"), 400),
    "garbled request line": (b"GET\x00 / HTTP/1.1\r\nHost: localhost\r\n\r\n", 400),
    "other method": (request("DELETE", f"{PAGE}?token={TOKEN}"), 405),
    "healthz posted to": (request("POST", "/healthz", b"x=1"), 405),
    "no such page": (request("GET", "/subscriptions/elsewhere"), 404),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_a_malformed_request_gets_a_4xx_with_the_security_headers(server, project, name):
    data, expected = MALFORMED[name]
    status, headers, _body = exchange(server, data)
    assert status == expected
    for header, value in SECURITY_HEADERS:
        if header in HEADERS:
            assert headers.get(header) == value, header
    assert project.cascade("subscribers", "list").output.splitlines()[0].split("\t")[2] == \
        "active"


def test_a_huge_declared_body_is_refused_before_it_is_read(server):
    # Three of these used to fill 2.6 GB of temporary disk before the page refused them.
    head = (f"POST {PAGE}?token={TOKEN} HTTP/1.1\r\nHost: localhost\r\nContent-Type: {FORM}"
            f"\r\nContent-Length: 900000000\r\n\r\n").encode()
    status, headers, _body = exchange(server, head + ONE_CLICK)
    assert status == 413
    assert headers["Connection"] == "close"
    assert headers["X-Frame-Options"] == "DENY"


def test_a_streamed_body_is_refused_once_it_passes_the_limit(server):
    chunk = b"x" * 1024
    data = (f"POST {PAGE}?token={TOKEN} HTTP/1.1\r\nHost: localhost\r\nContent-Type: {FORM}"
            "\r\nTransfer-Encoding: chunked\r\n\r\n").encode()
    data += b"".join(b"400\r\n" + chunk + b"\r\n" for _ in range(MAX_BODY // 1024 + 1))
    status, headers, _body = exchange(server, data)    # no last chunk: the stream goes on
    assert status == 413
    assert headers["Content-Security-Policy"] == dict(SECURITY_HEADERS)["Content-Security-Policy"]


def test_a_body_at_the_limit_is_still_read(server):
    body = ONE_CLICK + b"&pad=" + b"x" * (MAX_BODY - len(ONE_CLICK) - 5)
    assert len(body) == MAX_BODY
    status, _headers, page = exchange(server, request("POST", f"{PAGE}?token={TOKEN}", body))
    assert status == 200 and b"<h1>You have been unsubscribed</h1>" in page


def test_the_pages_own_button_sends_the_token_twice_and_works(server, project):
    base = f"http://127.0.0.1:{server}{PAGE}"
    answer = requests.post(base, params={"token": TOKEN},
                           data={"List-Unsubscribe": "One-Click", "token": TOKEN})
    assert answer.status_code == 200
    assert "<h1>You have been unsubscribed</h1>" in answer.text
    assert project.cascade("subscribers", "list").output.splitlines()[0].split("\t")[2] == \
        "unsubscribed"


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_healthz_carries_the_security_headers(server, method):
    answer = requests.request(method, f"http://127.0.0.1:{server}/healthz")
    assert answer.status_code == 200
    assert answer.text == ("ok\n" if method == "GET" else "")
    for header, value in SECURITY_HEADERS:
        assert answer.headers.get(header) == value, header
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]


def test_an_unknown_transfer_coding_is_501_as_http_says_with_the_headers(server):
    data = (f"POST {PAGE} HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip\r\n"
            "Connection: close\r\n\r\n").encode()
    status, headers, _body = exchange(server, data)
    assert status == 501        # RFC 9112 6.1: a transfer coding the server does not know
    for header, value in SECURITY_HEADERS:
        assert headers.get(header) == value, header
