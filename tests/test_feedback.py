"""The feedback forms: on the built pages, received by `cascade serve`, and the queue."""

from __future__ import annotations

import re
import shutil
import sqlite3
from datetime import date, datetime, timedelta
from html import unescape

import pytest
import requests

from browser import serve_wsgi
from conftest import REPO, Project
from pipeline.evidence import feedback as queue
from pipeline.service.http import MAX_BODY
from pipeline.service.web import make_app
from pipeline.site import pages

KEY = "a-feedback-signing-key-long-enough"
NOW = "2025-03-10T09:00"
ITEM = "safer-sleep-test"
SUBSCRIBE = "https://learning.example-scp.org.uk/subscriptions/"
PAGE = "https://learning.example-scp.org.uk/briefings/safer-sleep-test.html"


def write_settings(project, subscribe_url=SUBSCRIBE):
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\n"
                  f"subscribe_url: \"{subscribe_url}\"\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One briefing on the site, built with the feedback forms, and one withdrawn; made
    once, copied for each test."""
    root = tmp_path_factory.mktemp("feedback") / "project"
    (root / "content" / "briefings").mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    project = Project(root)
    write_settings(project)
    project.briefing(ITEM)
    project.briefing("withdrawn-one", title="An old briefing")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CASCADE_SIGNING_KEY", KEY)
        result = project.cascade("run", "--now", NOW)
        assert result.exit_code == 0, result.output
        project.briefing("withdrawn-one", title="An old briefing", status="withdrawn",
                         extra="change_note: Superseded by newer guidance.\n")
        result = project.cascade("run", "--now", "2025-03-11T09:00")
        assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def published(built, tmp_path, monkeypatch):
    monkeypatch.setenv("CASCADE_SIGNING_KEY", KEY)
    shutil.copytree(built, tmp_path / "project", symlinks=True)
    return Project(tmp_path / "project")


@pytest.fixture
def site(published):
    with serve_wsgi(make_app(published.config)) as base:
        yield published, base


def token(item=ITEM):
    return queue.page_token(KEY.encode(), item)


def useful(**fields):
    return {"kind": "useful", "item": ITEM, "csrf": token(), "useful": "yes", "comment": "",
            "website": "", **fields}


def shared(**fields):
    return {"kind": "shared", "item": ITEM, "csrf": token(), "shared_on": "2025-06-02",
            "sector": "health", "people": "12", "format": "team-meeting", "website": "",
            **fields}


def stored(project) -> list[sqlite3.Row]:
    db = sqlite3.connect(project.config.state_db)
    db.row_factory = sqlite3.Row
    try:
        return db.execute("SELECT * FROM feedback ORDER BY id").fetchall()
    finally:
        db.close()


# The forms on the built pages

def test_briefing_pages_carry_both_forms_signed_for_their_item(published):
    html = (published.root / "site" / "briefings" / f"{ITEM}.html").read_text()
    assert html.count(f'action="{SUBSCRIBE}feedback" method="post"') == 2
    assert html.count(f'<input type="hidden" name="csrf" value="{token()}">') == 2
    assert html.count(f'<input type="hidden" name="item" value="{ITEM}">') == 2
    assert '<legend>Was this useful?</legend>' in html
    assert 'maxlength="500"' in html
    assert '<h3 id="feedback-shared-title">I shared this with my team</h3>' in html
    assert '<input type="date" id="feedback-shared-on" name="shared_on" min="2025-03-04"' in html
    assert '<option value="dsl-network">DSL network</option>' in html   # through the glossary
    for fmt in ("team-meeting", "supervision", "training", "other"):
        assert f'name="format" value="{fmt}"' in html
    assert html.count('<div class="trap" aria-hidden="true">') == 2
    assert "<script" not in html.split('class="cascade-feedback"')[1].split("</section>")[0]
    # Withdrawn pages say so, and take no feedback; nor do index pages.
    gone = (published.root / "site" / "briefings" / "withdrawn-one.html").read_text()
    assert "has been withdrawn" in gone and "cascade-feedback" not in gone
    index = (published.root / "site" / "briefings" / "index.html").read_text()
    assert "cascade-feedback" not in index


def test_without_subscribe_url_no_page_has_a_form(project):
    project.briefing(ITEM)
    project.procedure()
    assert project.cascade("run", "--now", NOW).exit_code == 0
    for html in (project.root / "site").rglob("*.html"):
        assert "cascade-feedback" not in html.read_text(), html


def test_procedure_pages_carry_the_forms_and_drafts_never_do(project, monkeypatch):
    monkeypatch.setenv("CASCADE_SIGNING_KEY", KEY)
    write_settings(project)
    config = project.config
    project.procedure()
    project.briefing("a-draft", status="draft")
    from pipeline.content.load import load_content
    items = {item.id: item for item in load_content(config)}
    site = pages.Site(config, [items["a-draft"]], [items["info-sharing-2024-12"]],
                      feedback_action=SUBSCRIBE + "feedback",
                      feedback_tokens={i: token(i) for i in items})
    procedure = pages.procedure_page(site, items["info-sharing-2024-12"])
    assert f'  token: "{token("info-sharing-2024-12")}"\n' in procedure
    assert '  kind: "procedure change"\n' in procedure
    assert "feedback:" not in pages.briefing_page(site, items["a-draft"])


def test_a_new_signing_key_rebuilds_the_pages_with_new_tokens(published, monkeypatch):
    monkeypatch.setenv("CASCADE_SIGNING_KEY", "another-key-that-is-long-enough")
    assert published.cascade("run", "--now", "2025-03-12T09:00").exit_code == 0
    html = (published.root / "site" / "briefings" / f"{ITEM}.html").read_text()
    new = queue.page_token(b"another-key-that-is-long-enough", ITEM)
    assert f'name="csrf" value="{new}"' in html and token() not in html


# What `cascade serve` does with a post

def test_a_useful_answer_is_queued_as_plain_text_and_thanked(site):
    project, base = site
    answer = requests.post(f"{base}feedback", data=useful(
        useful="no", comment="Ask about  <b>sleep</b>\r\nat every visit\x07"))
    assert answer.status_code == 200
    assert "<h1>Thank you</h1>" in answer.text
    assert f'<a href="{PAGE}">Back to the briefing</a>' in answer.text
    assert "<strong>Safer sleep for babies</strong>" in answer.text
    [row] = stored(project)
    assert (row["item_id"], row["kind"], row["useful"], row["status"]) == \
        (ITEM, "useful", "no", "pending")
    assert row["comment"] == "Ask about  <b>sleep</b>\nat every visit"
    assert row["item_version"] != ""


def test_a_team_return_is_queued(site):
    project, base = site
    answer = requests.post(f"{base}feedback", data=shared(people="7", format="supervision"))
    assert answer.status_code == 200, answer.text
    assert "Your team return" in answer.text
    # A browser without a date box sends the date as typed.
    typed = requests.post(f"{base}feedback", data=shared(shared_on=" 3/6/2025 "))
    assert typed.status_code == 200, typed.text
    assert [(row["kind"], row["shared_on"], row["sector"], row["people"], row["format"])
            for row in stored(project)] == [("shared", "2025-06-02", "health", 7, "supervision"),
                                            ("shared", "2025-06-03", "health", 12,
                                             "team-meeting")]


TOMORROW = (date.today() + timedelta(days=2)).isoformat()


@pytest.mark.parametrize("fields, field_id, message", [
    (useful(useful=""), "feedback-useful", "Select yes if this was useful, or no if it was not"),
    (useful(useful="maybe"), "feedback-useful", "Select yes if this was useful"),
    (useful(comment="x" * 501), "feedback-comment", "must be 500 characters or fewer"),
    (shared(shared_on=""), "feedback-shared-on", "Enter the date you shared it"),
    (shared(shared_on="2025-02-30"), "feedback-shared-on", "as a real date"),
    (shared(shared_on="next week"), "feedback-shared-on", "as a real date"),
    (shared(shared_on="31/11/2025"), "feedback-shared-on", "as a real date"),
    (shared(shared_on=TOMORROW), "feedback-shared-on", "must be today or in the past"),
    (shared(shared_on="2025-03-03"), "feedback-shared-on",
     "must be on or after 4 March 2025, when it was published"),
    (shared(sector="aliens"), "feedback-sector", "Choose the sector you work in"),
    (shared(people=""), "feedback-people", "Enter the number of people"),
    (shared(people="0"), "feedback-people", "between 1 and 500"),
    (shared(people="501"), "feedback-people", "between 1 and 500"),
    (shared(people="12.5"), "feedback-people", "as a whole number"),
    (shared(people="١٢"), "feedback-people", "as a whole number"),
    (shared(format="coffee"), "feedback-format", "Select how you shared it"),
])
def test_a_wrong_answer_comes_back_with_the_error_beside_its_field(site, fields, field_id,
                                                                   message):
    project, base = site
    answer = requests.post(f"{base}feedback", data=fields)
    assert answer.status_code == 400
    page = unescape(answer.text)
    assert "<title>Error: " in page
    assert '<h2 id="error-summary-title">There is a problem</h2>' in page
    link = re.search(rf'<li><a href="#{field_id}">([^<]*)</a></li>', page)
    assert link and message in link.group(1)
    assert f'id="{field_id}"' in page                       # the link has somewhere to go
    assert f'<p class="error-message" id="{field_id}-error">' in page
    assert f'<a href="{PAGE}">Back to the briefing</a>' in page
    # The form comes back filled in, with the page's token, to send again.
    assert f'<input type="hidden" name="csrf" value="{token()}">' in page
    assert stored(project) == []


def test_the_form_sent_back_can_be_corrected_and_sent(site):
    project, base = site
    first = requests.post(f"{base}feedback", data=shared(people="lots"))
    assert 'value="2025-06-02"' in first.text and '<option value="health" selected>' in first.text
    again = requests.post(f"{base}feedback", data=shared(people="9"))
    assert again.status_code == 200
    assert [row["people"] for row in stored(project)] == [9]


@pytest.mark.parametrize("item", ["withdrawn-one", "no-such-item"])
def test_an_item_not_on_the_site_is_refused_with_a_clear_page(site, item):
    project, base = site
    answer = requests.post(f"{base}feedback", data=useful(item=item, csrf=token(item)))
    assert answer.status_code == 400
    assert "<h1>This page is not on the website</h1>" in answer.text
    assert stored(project) == []


def test_the_honeypot_gets_the_same_thanks_and_nothing_is_kept(site):
    project, base = site
    real = requests.post(f"{base}feedback", data=shared())
    bot = requests.post(f"{base}feedback", data=shared(website="http://spam.example"))
    assert bot.status_code == real.status_code == 200
    assert bot.text == real.text
    assert len(stored(project)) == 1


@pytest.mark.parametrize("fields", [
    useful(csrf=""),
    useful(csrf=token()[:-1] + ("A" if token()[-1] != "A" else "B")),
    useful(csrf=token("withdrawn-one")),                          # another page's token
    useful(csrf=queue.page_token(b"a-different-key-of-some-length", ITEM)),
])
def test_a_forged_page_token_is_refused(site, fields):
    project, base = site
    answer = requests.post(f"{base}feedback", data=fields)
    assert answer.status_code == 403
    assert "This form has expired" in answer.text
    assert stored(project) == []


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
    {"Origin": "https://evil.example"},
])
def test_a_cross_site_post_is_refused(site, headers):
    project, base = site
    answer = requests.post(f"{base}feedback", data=useful(), headers=headers)
    assert answer.status_code == 403
    assert stored(project) == []
    # From the website itself it goes through.
    ok = requests.post(f"{base}feedback", data=useful(), headers={
        "Sec-Fetch-Site": "same-site", "Origin": "https://learning.example-scp.org.uk"})
    assert ok.status_code == 200 and len(stored(project)) == 1


def test_a_get_changes_nothing_and_a_big_post_is_refused(site):
    project, base = site
    assert requests.get(f"{base}feedback", params=useful()).status_code == 200
    big = requests.post(f"{base}feedback", data=useful(comment="x" * MAX_BODY))
    assert big.status_code == 413
    twice = requests.post(f"{base}feedback", data=[*useful().items(), ("useful", "no")])
    assert twice.status_code == 400
    assert stored(project) == []


def test_the_per_client_limit_applies(published):
    published.write("cascade.yml", published.root.joinpath("cascade.yml").read_text()
                    + "serve:\n  posts_per_client_per_hour: 2\n")
    with serve_wsgi(make_app(published.config)) as base:
        codes = [requests.post(f"{base}feedback", data=useful()).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert len(stored(published)) == 2


# The queue

def queue_some(project, base):
    """Four returns: a useful answer, two team returns for the same day and sector, one
    more; ids 1 to 4."""
    for data in (useful(comment="Talk it through \x1b[31mred\x1b[0m \u202egnirts\nnext"),
                 shared(people="12"), shared(people="5"),
                 shared(shared_on="2025-07-01", sector="police", people="30",
                        format="training")):
        assert requests.post(f"{base}feedback", data=data).status_code == 200


def offline_rows(project):
    return [row for row in project.log_rows() if row["action"] == "delivered-offline"]


def test_list_shows_pending_returns_with_comments_neutralised(site):
    project, base = site
    queue_some(project, base)
    result = project.cascade("feedback", "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    first = lines[0].split("\t")
    assert first[0] == "1" and first[2:4] == [ITEM, "useful"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", first[1])
    # Stored without the escape characters; shown without the direction override.
    assert first[4] == "useful: yes; will do differently: Talk it through [31mred[0m " \
                       "gnirts next"
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert lines[3].split("\t")[4] == "shared on 2025-07-01, police, 30 people, training"
    assert "4 pending returns" in result.stderr


def test_accept_logs_team_returns_and_reject_keeps_them_out(site):
    project, base = site
    queue_some(project, base)
    before = len(project.log_rows())
    result = project.cascade("feedback", "accept", "1", "2", "3", "--now", "2025-08-01T10:00")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Feedback 1 accepted: feedback, not dissemination, so no log row.",
        f"Feedback 2 accepted: log entry {before + 1}.",
        f"Feedback 3 accepted: log entry {before + 2}."]
    rejected = project.cascade("feedback", "reject", "4", "--now", "2025-08-01T10:00")
    assert rejected.exit_code == 0 and rejected.stdout == "Feedback 4 rejected.\n"
    rows = offline_rows(project)
    # Two teams in the same sector on the same day are two acts, not one.
    assert [(r["entry_id"], r["reach"]) for r in rows] == [(str(before + 1), "12"),
                                                           (str(before + 2), "5")]
    row = rows[0]
    assert (row["item_id"], row["item_type"], row["channel"], row["audience"],
            row["disseminated_by"], row["occurred_at"][:10]) == \
        (ITEM, "briefing", "team-briefing", "health", "self-reported", "2025-06-02")
    assert row["notes"] == "Self-reported team return, feedback 2 (team meeting)"
    assert row["item_version"] != ""
    assert not any(r["audience"] == "police" for r in project.log_rows())   # rejected
    assert [(r["id"], r["status"], r["entry_id"]) for r in stored(project)] == [
        (1, "accepted", None), (2, "accepted", before + 1), (3, "accepted", before + 2),
        (4, "rejected", None)]
    assert project.cascade("log", "verify").exit_code == 0
    assert project.cascade("feedback", "list").stdout == "No pending feedback.\n"
    listed = project.cascade("feedback", "list", "--status", "all").stdout.splitlines()
    assert [line.split("\t")[-1] for line in listed] == ["accepted"] * 3 + ["rejected"]


def test_unknown_and_decided_ids_are_errors_and_the_rest_goes_ahead(site):
    project, base = site
    queue_some(project, base)
    assert project.cascade("feedback", "reject", "4").exit_code == 0
    result = project.cascade("feedback", "accept", "4", "99", "x1", "2")
    assert result.exit_code == 2
    assert result.stdout.startswith("Feedback 2 accepted: log entry ")
    assert "Error: feedback 4 was already rejected on " in result.stderr
    assert "Error: there is no feedback 99; `cascade feedback list --status all` lists them" \
        in result.stderr
    assert "Error: 'x1' is not a feedback id" in result.stderr
    assert len(offline_rows(project)) == 1
    again = project.cascade("feedback", "reject", "2")
    assert again.exit_code == 2 and "feedback 2 was already accepted" in again.stderr
    assert len(offline_rows(project)) == 1
    usage = project.cascade("feedback", "accept")
    assert usage.exit_code == 2 and "Missing argument 'ID...'" in usage.output


def test_accept_after_a_crash_between_log_and_state_writes_no_second_row(site):
    project, base = site
    queue_some(project, base)
    assert project.cascade("feedback", "accept", "2").exit_code == 0
    [row] = offline_rows(project)
    # As if the process had died after the log append, before the state update.
    db = sqlite3.connect(project.config.state_db)
    db.execute("UPDATE feedback SET status = 'pending', decided_at = '', entry_id = NULL "
               "WHERE id = 2")
    db.commit()
    db.close()
    result = project.cascade("feedback", "accept", "2")
    assert result.exit_code == 0
    assert result.stdout == f"Feedback 2 accepted: log entry {row['entry_id']}.\n"
    assert offline_rows(project) == [row]
    assert stored(project)[1]["entry_id"] == int(row["entry_id"])
    assert project.cascade("log", "verify").exit_code == 0


def test_a_return_the_log_refuses_stays_pending(site):
    project, base = site
    queue_some(project, base)
    # The sector has since left the configured audiences.
    project.write("cascade.yml", project.root.joinpath("cascade.yml").read_text()
                  + "audiences: [all-practitioners, police]\n")
    result = project.cascade("feedback", "accept", "2")
    assert result.exit_code == 1
    assert "feedback 2 was not accepted: the log refuses it (audience:" in result.stderr
    assert stored(project)[1]["status"] == "pending"
    assert offline_rows(project) == []


def test_the_help_of_every_command_ends_with_an_example(project):
    for args in (["feedback"], ["feedback", "list"], ["feedback", "accept"],
                 ["feedback", "reject"]):
        result = project.cascade(*args, "--help")
        assert result.exit_code == 0
        assert "Example:\n    cascade feedback" in result.output


def test_a_preview_shows_the_forms_on_ready_items_and_never_on_drafts(project, monkeypatch):
    from pipeline.service import preview as pv

    monkeypatch.chdir(project.root)
    monkeypatch.setenv("CASCADE_SIGNING_KEY", KEY)
    write_settings(project)
    project.briefing(ITEM)
    project.briefing("a-draft", status="draft", title="A draft briefing")
    config = project.config
    with pv.scratch_folder(config) as folder:
        now = datetime.fromisoformat(NOW).replace(tzinfo=config.tz)
        pv.build_preview(config, pv.scratch_config(config, folder), now)
        ready = (folder / "site" / "briefings" / f"{ITEM}.html").read_text()
        draft = (folder / "site" / "briefings" / "a-draft.html").read_text()
    assert f'name="csrf" value="{token()}"' in ready
    assert "A draft briefing" in draft and "cascade-feedback" not in draft
