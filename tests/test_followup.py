"""Follow-up questions: "Has this briefing changed your practice?" once per person per item,
`mail.followup_after_days` after the alert or digest that carried it, through the main pass."""

from __future__ import annotations

import email
import email.policy
import mailbox
import re
from collections import Counter
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from smtp_server import NOW, SIGNING_KEY, configure, mail_project, subscribers_csv
from pipeline.mail import followup, ledger, subscribers, tokens
from pipeline.state import open_state

__all__ = ["mail_project"]

KEY = SIGNING_KEY.encode()
LONDON = ZoneInfo("Europe/London")
QUESTION = "Has this briefing changed your practice?"
PROCEDURE_QUESTION = "Has this procedure change changed your practice?"
BRIEFING, PROCEDURE = "safer-sleep-test", "info-sharing-2025-03"
PEOPLE = [
    "amina@example.org,Amina,health,,immediate",        # the briefing's alert
    "ben@example.org,Ben,health,,weekly",                # the briefing, in the digest of 10 March
    "chris@example.org,Chris,police,,immediate",         # the procedure's alert
    "dee@example.org,Dee,health;police,,immediate",      # both alerts
    "fay@example.org,Fay,social-care,,immediate",        # no alert: never asked
]


def outbox(project) -> list[email.message.EmailMessage]:
    box = mailbox.Maildir(project.root / ".cascade/outbox", create=False)
    return [email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
            for message in box]


def asked(project) -> Counter:
    """(recipient, question, item title) of every follow-up question in the outbox."""
    found = Counter()
    for message in outbox(project):
        if "changed your practice" in message["Subject"]:
            text = message.get_body(("plain",)).get_content()
            title = text.split("sent you this ")[1].splitlines()[1]
            found[(message["To"].addresses[0].addr_spec, message["Subject"], title)] += 1
    return found


def run(project, now: str):
    result = project.cascade("run", "--now", now)
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def alerted(mail_project, monkeypatch):
    """Alerts sent on 5 March (09:00), the weekly digest on Monday 10 March; mail to a Maildir."""
    project = mail_project
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)
    configure(project, mail={"transport": "maildir"})
    assert subscribers_csv(project, PEOPLE).exit_code == 0
    run(project, NOW)
    run(project, "2025-03-10T09:00")
    subjects = Counter(m["Subject"] for m in outbox(project))
    assert subjects == {"New 7-minute briefing: Safer sleep for babies": 2,
                        "Procedure change: Information Sharing": 2,
                        "Safeguarding learning this week: 1 item": 1}
    return project


def test_each_recipient_is_asked_once_per_item_six_weeks_after_it_reached_them(alerted):
    project = alerted
    logged = project.log_rows()
    early = run(project, "2025-04-16T08:59")            # 42 days after 5 March 09:00, nearly
    assert not asked(project) and "follow-up" not in early.output

    due = run(project, "2025-04-16T09:00")
    assert "Sent 4 follow-up questions.\n" in due.output
    assert asked(project) == {
        ("amina@example.org", QUESTION, "Safer sleep for babies"): 1,
        ("dee@example.org", QUESTION, "Safer sleep for babies"): 1,
        ("chris@example.org", PROCEDURE_QUESTION, "Information Sharing"): 1,
        ("dee@example.org", PROCEDURE_QUESTION, "Information Sharing"): 1}

    digest = run(project, "2025-04-21T09:00")              # 42 days after the digest
    assert "Sent 1 follow-up question.\n" in digest.output
    for later in ("2025-04-21T09:00", "2025-04-22T10:00", "2025-04-30T10:00"):
        assert "follow-up" not in run(project, later).output
    assert asked(project) == {
        ("amina@example.org", QUESTION, "Safer sleep for babies"): 1,
        ("ben@example.org", QUESTION, "Safer sleep for babies"): 1,
        ("dee@example.org", QUESTION, "Safer sleep for babies"): 1,
        ("chris@example.org", PROCEDURE_QUESTION, "Information Sharing"): 1,
        ("dee@example.org", PROCEDURE_QUESTION, "Information Sharing"): 1}
    # A question is not dissemination: the log has no row for it.
    assert [r for r in project.log_rows() if r["action"] == "sent"] == \
        [r for r in logged if r["action"] == "sent"]
    with open_state(project.config.state_db) as db:
        ledger = db.execute("SELECT subject_id, version, status FROM deliveries WHERE batch "
                            "LIKE 'followup:%' ORDER BY subject_id").fetchall()
        batches = db.execute("SELECT COUNT(*) FROM batches WHERE batch LIKE 'followup:%'")
        assert batches.fetchone()[0] == 0
    assert [tuple(row) for row in ledger] == [
        (f"followup:{PROCEDURE}", "", "sent")] * 2 + [(f"followup:{BRIEFING}", "", "sent")] * 3


def test_the_question_carries_three_signed_answers_a_stop_link_and_the_unsubscribe_headers(
        alerted):
    project = alerted
    run(project, "2025-04-16T09:00")
    [message] = [m for m in outbox(project) if m["Subject"] == QUESTION
                 and m["To"].addresses[0].addr_spec == "amina@example.org"]
    base = "https://learning.example-scp.org.uk/subscriptions/"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.search(r"<(https://[^>]+)>", message["List-Unsubscribe"]).group(1)
    assert unsubscribe.startswith(f"{base}unsubscribe?token=v1.u.1.")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert text.startswith(f"{QUESTION}\n\nHello Amina,\n\nOn 5 March 2025 we sent you this "
                           "7-minute briefing:\nSafer sleep for babies\n"
                           f"https://learning.example-scp.org.uk/briefings/{BRIEFING}.html\n")
    links = re.findall(r"^(Yes|Not yet|Not relevant to my role):\n(\S+)$", text, re.M)
    assert [label for label, _ in links] == ["Yes", "Not yet", "Not relevant to my role"]
    amina = subscribers.Subscriber(1, "amina@example.org", "Amina", ("health",), (),
                                   "immediate", "active")
    sent_at = datetime(2025, 4, 16, 9, 0, tzinfo=LONDON)
    for (label, url), answer in zip(links, followup.ANSWERS):
        assert url.startswith(f"{base}followup?")
        assert url.replace("&", "&amp;") in html
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        assert (query["item"], query["answer"]) == (BRIEFING, answer)
        token = query["token"]
        assert token.startswith("v2.followup.1.")
        for when, verdict in ((sent_at, "ok"), (sent_at + timedelta(days=29), "ok"),
                              (sent_at + timedelta(days=30, seconds=1), "expired")):
            assert followup.check_answer(KEY, token, amina, BRIEFING, answer, when) == verdict
        # The token is bound to its item and its answer: changing either breaks it.
        other = "not-yet" if answer == "yes" else "yes"
        assert followup.check_answer(KEY, token, amina, BRIEFING, other, sent_at) == "invalid"
        assert followup.check_answer(KEY, token, amina, PROCEDURE, answer, sent_at) == \
            "invalid"
    stop = re.search(r"To stop follow-up questions[^\n]*\n(\S+)", text).group(1)
    assert stop.startswith(f"{base}followup-stop?token=v1.f.1.")
    assert tokens.verify(KEY, parse_qs(urlsplit(stop).query)["token"][0], "followups", 1,
                         "amina@example.org")
    assert "Stop follow-up questions</a> (you will still get the alerts you chose)." in html
    assert f"Unsubscribe: {unsubscribe}\n" in text


def test_nobody_who_stopped_the_questions_or_unsubscribed_is_asked(alerted):
    project = alerted
    now = datetime(2025, 3, 20, 9, 0, tzinfo=LONDON)
    with open_state(project.config.state_db) as db:
        assert followup.stop(db, 4, now) is True                 # Dee, by the stop link
        assert followup.stop(db, 4, now) is False                # already stopped
        subscribers.set_status(db, 1, "unsubscribed", "unsubscribe link", now)   # Amina
    run(project, "2025-04-16T09:00")
    run(project, "2025-04-21T09:00")
    assert asked(project) == {
        ("ben@example.org", QUESTION, "Safer sleep for babies"): 1,
        ("chris@example.org", PROCEDURE_QUESTION, "Information Sharing"): 1}


def test_stopping_cancels_a_question_already_waiting_to_be_sent(alerted):
    project = alerted
    config, now = project.config, datetime(2025, 4, 16, 9, 0, tzinfo=LONDON)
    with open_state(config.state_db) as db:
        assert followup.queue(config, db, now) == 4
        assert followup.queue(config, db, now) == 0             # the same slice again: nothing
        followup.stop(db, 4, now)
        waiting = db.execute("SELECT subscriber_id, status, error FROM deliveries WHERE "
                             "batch LIKE 'followup:%' ORDER BY subscriber_id, subject_id")
        assert [tuple(r) for r in waiting] == [
            (1, "pending", ""), (3, "pending", ""),
            (4, "cancelled", "the subscriber stopped follow-up questions"),
            (4, "cancelled", "the subscriber stopped follow-up questions")]
    run(project, "2025-04-16T09:05")
    assert {who for who, _, _ in asked(project)} == {"amina@example.org", "chris@example.org"}


def test_an_item_withdrawn_before_its_follow_up_is_not_asked_about(alerted):
    project = alerted
    path = project.root / f"content/briefings/{BRIEFING}.md"
    path.write_text(path.read_text().replace("status: ready", "status: withdrawn"))
    run(project, "2025-04-01T09:00")
    run(project, "2025-04-16T09:00")
    run(project, "2025-04-21T09:00")
    assert asked(project) == {
        ("chris@example.org", PROCEDURE_QUESTION, "Information Sharing"): 1,
        ("dee@example.org", PROCEDURE_QUESTION, "Information Sharing"): 1}


def test_an_item_alerted_again_after_an_update_is_asked_about_once(alerted):
    project = alerted
    path = project.root / f"content/briefings/{BRIEFING}.md"
    path.write_text(path.read_text().replace(
        "status: ready", "status: ready\nupdated: 2025-03-20\nchange_note: New advice on slings."))
    update = run(project, "2025-03-20T09:00")
    assert "1 updated" in update.output
    assert sum(1 for m in outbox(project) if m["Subject"].startswith("Updated 7-minute")) == 2
    for now in ("2025-04-16T09:00", "2025-04-21T09:00", "2025-05-01T10:00", "2025-05-02T10:00"):
        run(project, now)
    briefing = Counter(who for (who, question, _), n in asked(project).items()
                       if question == QUESTION for _ in range(n))
    assert briefing == {"amina@example.org": 1, "ben@example.org": 1, "dee@example.org": 1}


def test_zero_days_turns_the_questions_off_and_turning_them_on_starts_afresh(alerted):
    project = alerted
    configure(project, mail={"transport": "maildir", "followup_after_days": 0})
    run(project, "2025-04-16T09:00")
    run(project, "2025-04-21T09:00")
    assert not asked(project)
    # On again: alerts sent before the questions were switched back on are not asked about.
    configure(project, mail={"transport": "maildir", "followup_after_days": 42})
    run(project, "2025-04-22T09:00")
    run(project, "2025-04-30T09:00")
    assert not asked(project)


def test_a_shorter_delay_asks_sooner(alerted):
    project = alerted
    configure(project, mail={"transport": "maildir", "followup_after_days": 7})
    run(project, "2025-03-12T08:59")     # 7 days after the alerts, nearly (and the digest's 2)
    assert not asked(project)
    assert "Sent 4 follow-up questions." in run(project, "2025-03-12T09:00").output
    assert "Sent 1 follow-up question." in run(project, "2025-03-17T09:00").output


def test_a_message_more_than_a_week_past_its_follow_up_date_is_not_asked_about(alerted):
    """No pass ran for weeks: a question that much later would puzzle people."""
    project = alerted
    run(project, "2025-04-23T09:01")      # 42 + 7 days after the alerts of 5 March, and a bit
    assert asked(project) == {("ben@example.org", QUESTION, "Safer sleep for babies"): 1}


def test_answers_are_counted_per_item_one_per_person(project):
    now = datetime(2025, 4, 20, 9, 0, tzinfo=LONDON)
    with open_state(project.config.state_db) as db:
        for item, person, answer in (("a", 1, "yes"), ("a", 2, "yes"), ("a", 3, "not-yet"),
                                     ("b", 1, "not-relevant"), ("a", 1, "not-relevant")):
            followup.record_answer(db, item, person, answer, now)
        with pytest.raises(ValueError):
            followup.record_answer(db, "a", 4, "maybe", now)
        assert followup.answer_counts(db) == {
            "a": {"yes": 1, "not-yet": 1, "not-relevant": 1},   # person 1 changed their mind
            "b": {"yes": 0, "not-yet": 0, "not-relevant": 1}}
        assert followup.answer_counts(db, ["b", "c"]) == {
            "b": {"yes": 0, "not-yet": 0, "not-relevant": 1},
            "c": {"yes": 0, "not-yet": 0, "not-relevant": 0}}


def test_erasing_a_subscriber_erases_their_answers(alerted):
    project = alerted
    now = datetime(2025, 4, 20, 9, 0, tzinfo=LONDON)
    with open_state(project.config.state_db) as db:
        followup.record_answer(db, BRIEFING, 1, "yes", now)
        followup.record_answer(db, BRIEFING, 3, "not-yet", now)
    result = project.cascade("subscribers", "remove", "amina@example.org")
    assert result.exit_code == 0, result.output
    with open_state(project.config.state_db) as db:
        assert followup.answer_counts(db) == {
            BRIEFING: {"yes": 0, "not-yet": 1, "not-relevant": 0}}


def test_a_question_in_flight_when_a_sender_died_is_not_sent_again(alerted):
    """Killed between handing it to the transport and marking it sent, it may have gone:
    the next sender does not ask again (at most one question per person per item)."""
    project = alerted
    config, now = project.config, datetime(2025, 4, 16, 9, 0, tzinfo=LONDON)
    with open_state(config.state_db) as db:
        followup.queue(config, db, now)
        [row] = db.execute("SELECT id FROM deliveries WHERE subscriber_id = 1 AND batch "
                           "LIKE 'followup:%'").fetchall()
        assert ledger.claim(db, row["id"], now)          # what a killed sender leaves
    run(project, "2025-04-16T09:05")
    assert {who for who, _, _ in asked(project)} == {"chris@example.org", "dee@example.org"}
    with open_state(config.state_db) as db:
        found = db.execute("SELECT status, error FROM deliveries WHERE id = ?",
                           (row["id"],)).fetchone()
    assert tuple(found) == ("cancelled", followup.INTERRUPTED)


def test_a_hostile_name_and_title_stay_text_in_the_question(project):
    hostile = "<script>alert(\"x\")</script> & 'co'"
    escaped = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;co&#39;"
    reader = subscribers.Subscriber(1, "a@example.org", hostile, ("health",), (),
                                    "immediate", "active")
    entry = {"title": hostile, "url": "https://x.example/b.html?a=1&b=\"2\"",
             "kind": "briefing"}
    links = {"unsubscribe": "https://x.example/u", "preferences": "https://x.example/p"}
    asking = followup.links(project.config, KEY, reader, "b", datetime(2025, 4, 1,
                                                                       tzinfo=LONDON))
    subject, html, text = followup.compose(project.config, entry, "2025-03-05T09:00:00+00:00",
                                           reader, links, asking)
    assert "<script" not in html and f"Hello {escaped}," in html
    assert f">{escaped}</a>" in html
    assert 'href="https://x.example/b.html?a=1&amp;b=&#34;2&#34;"' in html
    assert f"Hello {' '.join(hostile.split())}," in text     # plain text stays as written


def test_a_subscribers_data_download_holds_their_answers_and_whether_they_are_asked(alerted):
    import json
    from pipeline.mail import manage
    project = alerted
    now = datetime(2025, 4, 20, 9, 0, tzinfo=LONDON)
    with open_state(project.config.state_db) as db:
        followup.record_answer(db, BRIEFING, 4, "not-yet", now)
        followup.record_answer(db, PROCEDURE, 4, "yes", now + timedelta(days=1))
        followup.record_answer(db, BRIEFING, 1, "yes", now)       # someone else's
        followup.stop(db, 4, now)
        data = json.loads(manage.data_export(db, subscribers.get(db, 4), now))
    assert data["follow_up_questions"] is False
    assert data["follow_up_answers"] == [
        {"item": BRIEFING, "answer": "not-yet", "answered_at": "2025-04-20T09:00:00+01:00"},
        {"item": PROCEDURE, "answer": "yes", "answered_at": "2025-04-21T09:00:00+01:00"}]
