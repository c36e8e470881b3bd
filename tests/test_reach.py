"""Honest reach: distinct people and messages per item and in total, the learning journey
of one item, and the row-level CSV extract."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from smtp_server import NOW, SIGNING_KEY, configure, mail_project, subscribers_csv
from pipeline.evidence import chain as dlog
from pipeline.state import open_state

__all__ = ["mail_project"]

LONDON = ZoneInfo("Europe/London")
# Amina has alerts as they happen; Ben and Fay a weekly digest (Fay's carries both
# items in one message); Eve only the newsletter. Everyone gets the newsletter.
SUBSCRIBERS = ["amina@example.org,Amina,health,,immediate",
               "ben@example.org,Ben,police,,weekly",
               "fay@example.org,Fay,health;police,,weekly",
               "eve@example.org,Eve,voluntary-sector,,newsletter-only"]
LATER = "2025-05-02T09:00"
AGENT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15"


@pytest.fixture(autouse=True)
def signing_key(monkeypatch):
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)


@pytest.fixture
def sent(mail_project):
    """An alert, a weekly digest and a newsletter issue, sent through the Maildir transport
    by `cascade run`, and one team briefing recorded by hand."""
    project = mail_project
    configure(project, mail={"transport": "maildir"})
    assert subscribers_csv(project, SUBSCRIBERS).exit_code == 0
    first = project.cascade("run", "--now", NOW)                    # the alert to Amina
    assert first.exit_code == 0, first.output
    second = project.cascade("run", "--now", "2025-05-01T09:05")    # digests, newsletter
    assert second.exit_code == 0, second.output
    added = project.cascade("log", "add", "--item", "safer-sleep-test", "--channel",
                            "team-briefing", "--audience", "health", "--reach", "12", "--by",
                            "self-reported", "--when", "2025-04-10T14:00", "--now", LATER)
    assert added.exit_code == 0, added.output
    return project


def sent_rows(project) -> list[tuple]:
    return [(r["item_id"], r["channel"], r["reach"], r["notes"].rsplit(" (batch: ", 1)[1])
            for r in project.log_rows() if r["action"] == "sent"]


def test_each_message_counts_its_recipient_once_per_item_and_says_what_it_took(sent):
    assert sent_rows(sent) == [
        ("safer-sleep-test", "email-alert", "1",
         f"alert:safer-sleep-test:{version(sent, 'safer-sleep-test')}; messages: 1)"),
        # Two digests: Ben's with the procedure, Fay's with both items.
        ("info-sharing-2025-03", "email-alert", "2", "digest:digest-2025-04-28; messages: 2)"),
        ("safer-sleep-test", "email-alert", "1", "digest:digest-2025-04-28; messages: 2)"),
        # One newsletter issue to all four, carrying both items.
        ("info-sharing-2025-03", "newsletter", "4", "newsletter:newsletter-2025-05; messages: 4)"),
        ("safer-sleep-test", "newsletter", "4", "newsletter:newsletter-2025-05; messages: 4)")]
    assert sent.cascade("log", "verify").exit_code == 0


def version(project, item_id: str) -> str:
    return next(r["item_version"] for r in project.log_rows()
                if r["item_id"] == item_id and r["action"] == "published")


def test_the_report_counts_distinct_people_and_messages_in_total_and_per_item(sent):
    result = sent.cascade("log", "report", "--now", LATER)
    assert result.exit_code == 0, result.output
    # 7 messages (1 alert, 2 digests, 4 newsletters) reached 4 distinct people; the
    # log's reach cells add up to 12 person-items. 12 more at a team briefing.
    assert "- 16 people reached: 4 by email (distinct recipients of 7 messages) and 12 at 1 " \
        "offline session.\n" in result.output
    by_item = result.output[result.output.index("## By item"):].splitlines()[2:6]
    assert by_item == [
        "| Item | Type | Acts | Messages | People | Channels |",
        "| --- | --- | ---: | ---: | ---: | --- |",
        "| Safer sleep for babies | briefing | 5 | 6 | 16 | Website, Newsletter, Email alert, "
        "Team briefing |",
        "| Information Sharing (March 2025) | procedure | 3 | 6 | 4 | Website, Newsletter, "
        "Email alert |"]
    # Sent only in the newsletter or a digest, nothing is "never sent" any more.
    assert "None: every item published in the period was also sent or cascaded." \
        in result.output


def test_the_learning_journey_of_one_item(sent):
    sent.write("access.log", "".join(
        f'192.0.2.7 - - [{when}] "GET /briefings/safer-sleep-test/ HTTP/1.1" 200 5120 '
        f'"-" "{AGENT}"\n'
        for when in ["10/Mar/2025:09:15:00 +0000", "11/Mar/2025:09:15:00 +0000",
                     "02/Apr/2025:10:00:00 +0100"]))
    assert sent.cascade("log", "views", "access.log").exit_code == 0
    stamp = "2025-04-20T10:00:00+01:00"
    with open_state(sent.config.state_db) as db:
        db.executemany("INSERT INTO feedback(item_id, kind, useful, status, received_at) "
                       "VALUES ('safer-sleep-test', 'useful', ?, ?, ?)",
                       [("yes", "accepted", stamp), ("yes", "accepted", stamp),
                        ("no", "accepted", stamp), ("yes", "rejected", stamp),
                        ("yes", "pending", stamp)])
        db.executemany("INSERT INTO followup_answers(item_id, subscriber_id, answer, "
                       "answered_at) VALUES ('safer-sleep-test', ?, ?, ?)",
                       [(1, "yes", stamp), (2, "not-yet", stamp), (3, "yes", stamp)])
    result = sent.cascade("log", "report", "--item", "safer-sleep-test", "--now", LATER)
    assert result.exit_code == 0, result.output
    journey = result.output[result.output.index("## Learning journey"):
                            result.output.index("## Summary")]
    assert journey == """\
## Learning journey: Safer sleep for babies

From publication to practice: people are counted once each by email; team cascades add \
the people at each session.

| Step | Figure |
| --- | --- |
| Published | 4 March 2025 (before the log began: the item's own date) |
| Updated | never |
| Alerts and digests | 2 messages, 2 people |
| Newsletter | 4 people |
| By email in all | 6 messages, 4 people (each once) |
| Website views | 3 |
| Team cascades | 1 session, 12 people (of which self-reported: 1 session, 12 people) |
| Useful | yes 3, no 1 (of these, 1 still waiting for a decision) |
| Practice change | Yes 2, not yet 1, not relevant 0 |

### Website views by month

| Month | Views |
| --- | ---: |
| March 2025 | 2 |
| April 2025 | 1 |

"""
    html = sent.cascade("log", "report", "--item", "safer-sleep-test", "--format", "html",
                        "--now", LATER)
    assert html.exit_code == 0
    assert "Learning journey: Safer sleep for babies</h2>" in html.output
    assert "<td>Yes 2, not yet 1, not relevant 0</td>" in html.output


def test_an_unknown_item_is_a_usage_error_naming_close_matches(sent):
    result = sent.cascade("log", "report", "--item", "safer-sleep", "--now", LATER)
    assert result.exit_code == 2
    assert result.output == ("Error: --item 'safer-sleep' is not in the log or the content; "
                             "did you mean 'safer-sleep-test'?\n")


def test_the_row_level_extract_has_one_row_per_act(sent):
    result = sent.cascade("log", "report", "--format", "csv-rows", "--since", "2025-05-01",
                          "--now", LATER)
    assert result.exit_code == 0, result.output
    assert result.output.replace("\r\n", "\n") == """\
entry_id,date,month,item_id,title,item_type,action,channel,audience,reach,self_reported,\
batch,batch_messages,disseminated_by,notes
4,2025-05-01,2025-05,info-sharing-2025-03,Information Sharing (March 2025),procedure,sent,\
email-alert,police,2,,digest:digest-2025-04-28,2,cascade mail (maildir),weekly digest \
digest-2025-04-28 (batch: digest:digest-2025-04-28; messages: 2)
5,2025-05-01,2025-05,safer-sleep-test,Safer sleep for babies,briefing,sent,email-alert,\
health,1,,digest:digest-2025-04-28,2,cascade mail (maildir),weekly digest digest-2025-04-28 \
(batch: digest:digest-2025-04-28; messages: 2)
6,2025-05-01,2025-05,info-sharing-2025-03,Information Sharing (March 2025),procedure,sent,\
newsletter,health;police;voluntary-sector,4,,newsletter:newsletter-2025-05,4,\
cascade mail (maildir),"newsletter issue: New 7-minute briefings (1), Updated procedure \
chapters (1) (batch: newsletter:newsletter-2025-05; messages: 4)"
7,2025-05-01,2025-05,safer-sleep-test,Safer sleep for babies,briefing,sent,newsletter,\
health;police;voluntary-sector,4,,newsletter:newsletter-2025-05,4,cascade mail (maildir),\
"newsletter issue: New 7-minute briefings (1), Updated procedure chapters (1) (batch: \
newsletter:newsletter-2025-05; messages: 4)"
"""
    # The summary CSV is unchanged beside it.
    summary = sent.cascade("log", "report", "--format", "csv", "--now", LATER)
    assert summary.output.splitlines()[0] == \
        "section,month,channel,audience,item_id,item_type,title,acts,items,reach,date"


def test_the_extract_neutralises_formulas_and_marks_self_reported_rows(sent):
    result = sent.cascade("log", "add", "--item", "safer-sleep-test", "--channel", "training",
                          "--audience", "health", "--reach", "3", "--by", "self-reported",
                          "--when", "2025-05-02T08:00", "--notes", "=HYPERLINK(\"x\")",
                          "--now", LATER)
    assert result.exit_code == 0, result.output
    extract = sent.cascade("log", "report", "--format", "csv-rows", "--channel", "training",
                           "--now", LATER)
    rows = list(csv.DictReader(io.StringIO(extract.output)))
    assert [(r["item_id"], r["reach"], r["self_reported"], r["notes"]) for r in rows] == [
        ("safer-sleep-test", "3", "yes", "'=HYPERLINK(\"x\")")]


def test_an_item_published_before_the_log_began_shows_its_own_date(project):
    project.briefing("old-learning", title="Old learning", date="2023-06-12")
    project.briefing("new-learning", title="New learning", date="2025-03-01")
    assert project.cascade("run", "--now", "2025-03-03T09:00").exit_code == 0
    # The first pass logged both as published on 3 March 2025; only the old one was
    # on the partnership's website long before.
    assert [r["occurred_at"][:10] for r in project.log_rows()] == ["2025-03-03"] * 2
    # A back-dated item added after the log began went on the website when the log says.
    project.briefing("late-learning", title="Late learning", date="2024-01-15")
    assert project.cascade("run", "--now", "2025-03-04T09:00").exit_code == 0
    result = project.cascade("log", "report", "--format", "csv", "--now", "2025-03-05T09:00")
    assert [line for line in result.output.splitlines() if line.startswith("never-sent")] == [
        "never-sent,,,,old-learning,,Old learning,,,,2023-06-12",
        "never-sent,,,,new-learning,,New learning,,,,2025-03-01",
        "never-sent,,,,late-learning,,Late learning,,,,2025-03-04"]
    old = project.cascade("log", "report", "--item", "old-learning", "--now",
                          "2025-03-05T09:00")
    assert "| Published | 12 June 2023 (before the log began: the item's own date) |" \
        in old.output
    late = project.cascade("log", "report", "--item", "late-learning", "--now",
                           "2025-03-05T09:00")
    assert "| Published | 4 March 2025 |" in late.output


def test_old_rows_are_read_as_they_were_written(project):
    """Rows from before the batch convention: an issue-level newsletter row stands for
    the items the state's copy of the issue carried; an alert is one message per person."""
    project.briefing("safer-sleep", title="Safer sleep", date="2025-03-01")
    when = datetime(2025, 3, 2, 9, tzinfo=LONDON)
    act = lambda item, kind, channel, reach, notes: dlog.Act(  # noqa: E731
        occurred_at=when, item_id=item, item_version="v1", item_type=kind, action="sent",
        channel=channel, audience="health", reach=reach, notes=notes)
    with open_state(project.config.state_db) as db:
        dlog.append(project.config.log_file, [
            dlog.Act(occurred_at=when, item_id="safer-sleep", item_version="v1",
                     item_type="briefing", action="published", channel="website",
                     audience="health"),
            act("safer-sleep", "briefing", "email-alert", 30, "topic alert: first publication"),
            act("newsletter-2025-03", "newsletter", "newsletter", 50,
                "newsletter issue: New 7-minute briefings (1)")], db, when)
        db.execute("INSERT INTO issues(issue_id, kind, version, cutoff, snapshot, created_at) "
                   "VALUES ('newsletter-2025-03', 'newsletter', 'v1', '', ?, '')",
                   ('{"sections": [["New 7-minute briefings", [{"id": "safer-sleep"}]]]}',))
    result = project.cascade("log", "report", "--item", "safer-sleep", "--now",
                             "2025-03-04T09:00")
    assert result.exit_code == 0, result.output
    assert "| Alerts and digests | 30 messages, 30 people |" in result.output
    assert "| Newsletter | 50 people |" in result.output
    # Without the ledger's recipients the two batches cannot be told apart: added up.
    assert "| By email in all | 80 messages, 80 people (each once) |" in result.output
    full = project.cascade("log", "report", "--now", "2025-03-04T09:00")
    assert "- 80 people reached by email (distinct recipients of 80 messages).\n" \
        in full.output
    assert "None: every item published in the period was also sent or cascaded." \
        in full.output
    assert project.cascade("log", "verify").exit_code == 0


def test_the_html_comparison_counts_the_same_distinct_people_as_the_summary(sent):
    result = sent.cascade("log", "report", "--since", "2025-03-01", "--format", "html",
                          "--now", LATER)
    assert result.exit_code == 0, result.output
    # 16 people (4 by email, 12 at a team briefing), not the 24 the reach cells add up to.
    assert '<tr><th scope="row">People reached</th><td class="num">16</td>' in result.output
