"""External feeds in: `cascade feeds poll` against a real HTTP server serving Atom and RSS.

Covers the polite client (User-Agent, conditional GET, 304, 429 + Retry-After,
backoff after failures and recovery, the size cap), parsing (malformed with and
without entries), deduplication, edited entries, sanitising, and what happens
next: the National updates page and its log rows.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from werkzeug import Response

from pipeline import __version__

from browser import axe_violations, blocking, chromium_available, launch_chromium, \
    serve_folder, summary

FEEDS = Path(__file__).parent / "feeds"
NOW = "2025-06-10T10:00"
AGENT = f"Cascade/{__version__} (+https://learning.example-scp.org.uk/)"
ATOM = "application/atom+xml"
PANEL = "Review Panel"


@pytest.fixture
def server(httpserver):
    """The pytest-httpserver plugin's loopback server, emptied after each test."""
    return httpserver


def fixture(name: str) -> bytes:
    return (FEEDS / name).read_bytes()


def use_feeds(project, server, **feeds) -> None:
    lines = ["site_url: https://learning.example-scp.org.uk/", "feeds:"]
    for name, path in feeds.items():
        lines += [f"  - name: {name.replace('_', ' ')}", f"    url: {server.url_for(path)}"]
    project.write("cascade.yml", "\n".join(lines) + "\n")


def poll(project, now=NOW):
    return project.cascade("feeds", "poll", "--now", now)


def stored(project) -> list[dict]:
    db = sqlite3.connect(project.root / ".cascade/state.db")
    db.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in db.execute("SELECT * FROM national_updates ORDER BY title")]
    finally:
        db.close()


def feed_status(project, now=NOW) -> dict:
    result = project.cascade("status", "--format", "json", "--now", now)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["feeds"][0]


def serve_panel(server, name="panel.atom.xml", **headers) -> None:
    server.expect_request("/panel.atom").respond_with_data(fixture(name), content_type=ATOM,
                                                           headers=headers)


def test_a_new_feed_is_fetched_parsed_and_stored(project, server):
    use_feeds(project, server, Review_Panel="/panel.atom")
    serve_panel(server)
    result = poll(project)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Review Panel: 3 new, 0 edited (3 entries in the feed)",
        "1 feed: 3 new, 0 edited entries"]
    request = server.log[0][0]
    assert request.headers["User-Agent"] == AGENT
    assert "If-None-Match" not in request.headers
    rows = stored(project)
    assert [r["title"] for r in rows] == [
        "Child Safeguarding Practice Review Panel: annual report 2023 to 2024",
        "Safeguarding children with disabilities and complex health needs in residential "
        "settings",
        "The myth of invisible men: safeguarding children under 1 from non-accidental injury "
        "caused by male carers"]
    report = rows[0]
    assert report["feed"] == PANEL
    assert report["link"] == ("https://www.gov.uk/government/publications/child-safeguarding-"
                              "practice-review-panel-annual-report-2023-to-2024")
    assert report["summary_html"] == (
        "<p>This report summarises the panel's work between April 2023 and March 2024, "
        "including the themes from serious incident notifications.</p>")
    assert report["updated"] == "2024-11-28T09:30:05+00:00"
    assert report["first_seen"] == "2025-06-10T10:00:00+01:00"
    assert report["edited"] == 0
    # A plain-text summary is escaped, not taken as HTML.
    assert rows[2]["summary_html"] == ("A national review of serious incidents involving "
                                       "babies and the men who care for them.")
    health = feed_status(project)
    assert (health["last_outcome"], health["error_count"], health["entries"]) == ("ok", 0, 3)
    assert health["last_success"] == "2025-06-10T10:00:00+01:00"


def test_validators_are_sent_back_and_304_keeps_everything(project, server):
    use_feeds(project, server, Review_Panel="/panel.atom")
    serve_panel(server, ETag='"v1"', **{"Last-Modified": "Thu, 28 Nov 2024 09:30:05 GMT"})
    assert poll(project).exit_code == 0
    server.clear()
    server.expect_request("/panel.atom", headers={
        "If-None-Match": '"v1"', "If-Modified-Since": "Thu, 28 Nov 2024 09:30:05 GMT",
    }).respond_with_data("", status=304)
    result = poll(project, "2025-06-10T11:00")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Review Panel: not modified since the last poll"
    assert len(server.log) == 1 and server.log[0][1].status_code == 304
    assert len(stored(project)) == 3
    assert feed_status(project, "2025-06-10T11:00")["last_outcome"] == "not-modified"


def test_429_is_honoured_until_retry_after(project, server):
    use_feeds(project, server, Review_Panel="/panel.atom")
    server.expect_request("/panel.atom").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "120"})
    result = poll(project)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "Review Panel: failed: HTTP 429 TOO MANY REQUESTS; 1 failure in a row, next attempt "
        "not before 2025-06-10 10:02:00",
        "1 feed: 0 new, 0 edited entries; 1 failing"]
    # A minute later the feed is not asked at all.
    result = poll(project, "2025-06-10T10:01")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "Review Panel: not polled: the server asked us to wait after 1 failure in a row "
        "(last: HTTP 429 TOO MANY REQUESTS) until 2025-06-10 10:02:00")
    assert len(server.log) == 1
    health = feed_status(project, "2025-06-10T10:01")
    assert (health["error_count"], health["retry_at"]) == (1, "2025-06-10T10:02:00+01:00")
    server.clear()
    serve_panel(server)
    result = poll(project, "2025-06-10T10:02")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == \
        "Review Panel: 3 new, 0 edited (3 entries in the feed)"
    assert feed_status(project, "2025-06-10T10:02")["error_count"] == 0


def test_server_errors_back_off_exponentially_then_recover(project, server):
    use_feeds(project, server, Review_Panel="/panel.atom")
    server.expect_request("/panel.atom").respond_with_data("oops", status=500)
    assert poll(project).output.splitlines()[0] == (
        "Review Panel: failed: HTTP 500 INTERNAL SERVER ERROR; 1 failure in a row, next "
        "attempt not before 2025-06-10 10:05:00")
    assert poll(project, "2025-06-10T10:05").output.splitlines()[0] == (
        "Review Panel: failed: HTTP 500 INTERNAL SERVER ERROR; 2 failures in a row, next "
        "attempt not before 2025-06-10 10:15:00")
    status = project.cascade("status", "--now", "2025-06-10T10:06")
    assert ("  Review Panel: error; never succeeded; 0 entries stored; 2 failures in a row "
            "(last: HTTP 500 INTERNAL SERVER ERROR); next attempt not before 2025-06-10 10:15"
            ) in status.output.splitlines()
    assert poll(project, "2025-06-10T10:14").output.splitlines()[0].startswith(
        "Review Panel: not polled: backing off after 2 failures in a row")
    assert len(server.log) == 2
    server.clear()
    serve_panel(server)
    result = poll(project, "2025-06-10T10:15")
    assert result.exit_code == 0
    health = feed_status(project, "2025-06-10T10:15")
    assert (health["last_outcome"], health["error_count"], health["retry_at"]) == ("ok", 0, None)


def test_malformed_xml_without_entries_is_an_error(project, server):
    use_feeds(project, server, Review_Panel="/panel.atom")
    serve_panel(server, "malformed.xml")
    result = poll(project)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "Review Panel: failed: not a readable feed: <unknown>:6:0: no element found; 1 failure "
        "in a row, next attempt not before 2025-06-10 10:05:00")
    assert stored(project) == []
    assert feed_status(project)["error_count"] == 1


def test_malformed_xml_with_entries_is_a_warning_and_keeps_them(project, server):
    use_feeds(project, server, Review_Panel="/panel.atom")
    serve_panel(server, "truncated.atom.xml")
    result = poll(project)
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == (
        "Review Panel: 1 new, 0 edited (1 entry in the feed); warning: the feed is malformed "
        "(<unknown>:16:0: no element found); 1 entry could be read")
    assert [r["title"] for r in stored(project)] == [
        "Child Safeguarding Practice Review Panel: annual report 2023 to 2024"]
    health = feed_status(project)
    assert (health["last_outcome"], health["error_count"]) == ("warning", 0)


def test_not_a_feed_at_all_is_an_error(project, server):
    use_feeds(project, server, Review_Panel="/panel.atom")
    server.expect_request("/panel.atom").respond_with_data(
        "<html><body><p>Page moved</p></body></html>", content_type="text/html")
    result = poll(project)
    assert result.exit_code == 1
    assert "Review Panel: failed: not " in result.output
    assert stored(project) == []


def test_duplicates_are_stored_once_and_edits_replace_the_entry(project, server):
    use_feeds(project, server, Review_Panel="/panel.atom")
    serve_panel(server)
    assert poll(project).exit_code == 0
    server.clear()
    serve_panel(server, "panel-edited.atom.xml")   # one entry twice, one entry edited
    result = poll(project, "2025-06-11T10:00")
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == \
        "Review Panel: 0 new, 1 edited (3 entries in the feed)"
    rows = stored(project)
    assert len(rows) == 3
    edited = rows[0]
    assert edited["edited"] == 1 and edited["edited_at"] == "2025-06-11T10:00:00+01:00"
    assert "An accessible version of the report has been added." in edited["summary_html"]
    assert edited["first_seen"] == "2025-06-10T10:00:00+01:00"
    assert [r["edited"] for r in rows[1:]] == [0, 0]
    # The same document again changes nothing.
    result = poll(project, "2025-06-12T10:00")
    assert result.output.splitlines()[0] == \
        "Review Panel: 0 new, 0 edited (3 entries in the feed)"


def test_rss_entries_are_recognised_by_guid_then_link_then_content(project, server):
    use_feeds(project, server, Guidance="/guidance.rss")
    server.expect_request("/guidance.rss").respond_with_data(
        fixture("guidance.rss.xml"), content_type="application/rss+xml")
    assert poll(project).output.splitlines()[0] == \
        "Guidance: 3 new, 0 edited (3 entries in the feed)"
    keys = {r["title"]: r["dedupe_key"].split(":", 1)[0] for r in stored(project)}
    assert keys == {"Working Together to Safeguard Children 2023: updated July 2024": "guid",
                    "Keeping children safe in education 2024": "link",
                    "Information sharing advice for practitioners": "hash"}
    assert poll(project, "2025-06-10T11:00").output.splitlines()[0] == \
        "Guidance: 0 new, 0 edited (3 entries in the feed)"
    assert len(stored(project)) == 3


INERT_SUMMARY = ('<p>Read the <a href="" rel="noopener noreferrer external">guidance</a> and '
                 'the <a href="https://www.gov.uk/guidance" rel="noopener noreferrer external">'
                 'summary</a>.</p>')


def test_script_injection_comes_out_inert(project, server):
    use_feeds(project, server, Hostile="/hostile.atom")
    server.expect_request("/hostile.atom").respond_with_data(fixture("injection.atom.xml"),
                                                             content_type=ATOM)
    assert poll(project).exit_code == 0
    rows = {r["dedupe_key"]: r for r in stored(project)}
    html_entry = rows["guid:tag:feeds.example.org,2025:hostile/1"]
    assert html_entry["title"] == "Guidance update"
    assert html_entry["link"] == ""                      # javascript: is not a link
    assert html_entry["summary_html"] == INERT_SUMMARY
    text_entry = rows["guid:tag:feeds.example.org,2025:hostile/2"]
    assert text_entry["title"] == "Plain title with [brackets] and *stars*"
    assert text_entry["summary_html"] == (
        "&lt;b&gt;not bold&lt;/b&gt; &amp; plain &lt;script&gt;window.cascadeXss='text'"
        "&lt;/script&gt;")
    assert project.cascade("run", "--now", NOW).exit_code == 0
    page = (project.root / "site/national-updates.html").read_text(encoding="utf-8")
    article = page[page.index("<article"):page.index("</article>")]
    assert INERT_SUMMARY in article
    for bad in ("onerror", "onclick", "onmouseover", "onload", "javascript:", "<iframe",
                "<svg", "<img", "<script", "<style"):
        assert bad not in article, bad


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="needs Chromium (apt install chromium)")
def test_hostile_entries_run_nothing_in_a_browser(project, server):
    use_feeds(project, server, Hostile="/hostile.atom", Review_Panel="/panel.atom")
    server.expect_request("/hostile.atom").respond_with_data(fixture("injection.atom.xml"),
                                                             content_type=ATOM)
    serve_panel(server)
    assert poll(project).exit_code == 0
    assert project.cascade("run", "--now", NOW).exit_code == 0
    with serve_folder(project.root / "site") as url, launch_chromium() as browser:
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url + "national-updates.html", wait_until="load")
        for link in page.locator(".national-update a").all():
            link.hover()
        page.locator(".national-update p").first.click()
        assert page.evaluate("typeof window.cascadeXss") == "undefined"
        assert dialogs == []
        assert page.locator("h2").count() == 5
        failing = blocking(axe_violations(page))
        assert failing == [], summary(failing)


def test_new_entries_become_a_site_page_and_are_logged_once(project, server):
    use_feeds(project, server, Review_Panel="/panel.atom")
    serve_panel(server)
    project.briefing("b")
    assert poll(project).exit_code == 0
    result = project.cascade("run", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert "Logged 4 rows in dissemination_log.csv: 4 published." in result.output
    rows = [r for r in project.log_rows() if r["item_type"] == "national-update"]
    assert len(rows) == 3
    assert {(r["action"], r["channel"], r["audience"]) for r in rows} == \
        {("published", "website", "all-practitioners")}
    assert rows[0]["notes"].startswith("Review Panel: ")
    page = (project.root / "site/national-updates.html").read_text(encoding="utf-8")
    assert "The myth of invisible men" in page
    assert 'href="national-updates.html"' in (project.root / "site/index.html").read_text()
    # Nothing new: no rebuild, no rows.
    result = project.cascade("run", "--now", "2025-06-10T10:30")
    assert result.output.splitlines()[0].startswith("Nothing to do")
    # An edit changes the page (so the site is rebuilt) but is not a new publication.
    server.clear()
    serve_panel(server, "panel-edited.atom.xml")
    assert poll(project, "2025-06-11T10:00").exit_code == 0
    result = project.cascade("run", "--now", "2025-06-11T10:05")
    assert "Built site/" in result.output and "Logged" not in result.output
    page = (project.root / "site/national-updates.html").read_text(encoding="utf-8")
    assert "An accessible version of the report has been added." in page
    assert len(project.log_rows()) == 4


def test_a_run_interrupted_after_logging_does_not_log_again(project, server):
    use_feeds(project, server, Review_Panel="/panel.atom")
    serve_panel(server)
    assert poll(project).exit_code == 0
    assert project.cascade("run", "--now", NOW).exit_code == 0
    assert len(project.log_rows()) == 3
    # As if the run had stopped after writing the rows but before noting them.
    db = sqlite3.connect(project.root / ".cascade/state.db")
    db.execute("UPDATE national_updates SET shown_at = NULL")
    db.commit()
    db.close()
    result = project.cascade("run", "--now", "2025-06-10T10:30")
    assert result.exit_code == 0
    assert len(project.log_rows()) == 3


def test_an_oversized_response_is_refused(project, server):
    use_feeds(project, server, Big="/big.atom", Streamed="/streamed.atom")
    server.expect_request("/big.atom").respond_with_data(b"x" * (2 * 1024 * 1024 + 1),
                                                         content_type=ATOM)
    chunk = b"<!-- padding -->" * 4096
    server.expect_request("/streamed.atom").respond_with_handler(
        lambda request: Response((chunk for _ in range(40)), content_type=ATOM))
    result = poll(project)
    assert result.exit_code == 1
    assert result.output.splitlines()[:2] == [
        "Big: failed: the response is 2,097,153 bytes; the limit is 2 MB; 1 failure in a row, "
        "next attempt not before 2025-06-10 10:05:00",
        "Streamed: failed: the response is larger than 2 MB; the rest was not read; 1 failure "
        "in a row, next attempt not before 2025-06-10 10:05:00"]


def test_an_unreachable_server_is_a_failure_not_a_crash(project, server):
    url = server.url_for("/gone.atom")
    server.stop()
    project.write("cascade.yml", f"feeds:\n  - name: Gone\n    url: {url}\n")
    result = poll(project)
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        "Gone: failed: cannot connect (Connection refused); 1 failure in a row, next attempt "
        "not before 2025-06-10 10:05:00")
    server.start()   # so the fixture can stop it


def test_no_feeds_means_no_network_and_no_page(project):
    result = poll(project)
    assert (result.exit_code, result.output) == (
        0, "No feeds configured (add them under feeds: in cascade.yml).\n")
    project.briefing("b")
    assert project.cascade("run", "--now", NOW).exit_code == 0
    assert not (project.root / "site/national-updates.html").exists()


def test_feed_settings_are_validated(project):
    project.write("cascade.yml", "feeds:\n  - name: Panel\n    url: ftp://example.org/x\n"
                  "  - name: Panel\n    url: https://example.org/feed\n    titel: x\n"
                  "  - just-a-url\n")
    result = poll(project)
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Configuration error:",
        "  feeds[0].url: expected an http(s) URL, got 'ftp://example.org/x'",
        "  feeds[1].titel: unknown setting (known: name, url)",
        "  feeds[1].name: expected a name no other feed has, got 'Panel'",
        "  feeds[2]: expected a mapping with name and url, got 'just-a-url'"]


def test_status_says_one_entry_not_one_entries(project):
    from pipeline.service.status import _feed_line
    feed = {"last_attempt": "2025-06-10T10:00:00+01:00", "last_outcome": "ok",
            "last_success": "2025-06-10T10:00:00+01:00", "entries": 1, "error_count": 0,
            "last_error": "", "retry_at": None}
    assert _feed_line(feed, project.config).startswith(
        "ok; last success 2025-06-10 10:00; 1 entry stored; next attempt")
