"""Which published versions alert subscribers: new, major with a new note; never minor."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from conftest import briefing_text
from pipeline.content.load import parse_bytes
from pipeline.mail.alerts import decide

NOW = datetime(2025, 3, 5, 9, 0, tzinfo=ZoneInfo("Europe/London"))


def item(project, **fields):
    text = briefing_text(id="b", **fields)
    parsed = parse_bytes(text.encode(), "briefing", "content/briefings/b.md", project.config)
    assert not parsed.held_back, parsed.findings
    return parsed


@pytest.mark.parametrize("date, expected", [
    ("2025-03-04", ("new", "")),            # published yesterday
    ("2025-02-26T09:00", ("new", "")),      # exactly the 7-day window
    ("2025-02-20", (None, "")),             # back-dated: published quietly
])
def test_a_new_item_alerts_unless_it_is_back_dated(project, date, expected):
    assert decide(project.config, item(project, date=date), None, NOW) == expected


def test_updates_alert_only_with_a_new_change_note(project):
    seen = {"version": "old", "alerted_note": ""}
    minor = item(project, extra="updated: 2025-03-05\nchange: minor\n")
    assert decide(project.config, minor, seen, NOW) == (None, "")
    no_note = item(project, extra="change: major\n")
    assert decide(project.config, no_note, seen, NOW) == (None, "")
    major = item(project, extra="updated: 2025-03-05\nchange_note: New advice on slings.\n")
    assert decide(project.config, major, seen, NOW) == ("updated", "New advice on slings.")
    # The same note after a later edit is the same change: no second alert.
    again = {"version": major.version, "alerted_note": "New advice on slings."}
    edited = item(project, extra="updated: 2025-03-05\nchange_note: New advice on slings.\n",
                  title="Safer sleep for babies (edited)")
    assert decide(project.config, edited, again, NOW) == (None, "")


def test_an_update_without_an_updated_date_is_dated_by_the_pass_that_published_it(project):
    from pipeline.mail.compose import entry, meta_line
    note = item(project, extra="change_note: New advice on slings.\n")
    assert meta_line(entry(project.config, note, "updated", "x", when=NOW)) == \
        "7-minute briefing · Updated 5 March 2025"
    assert meta_line(entry(project.config, note, "new", when=NOW)) == \
        "7-minute briefing · Published 4 March 2025"


def test_the_everyone_audience_is_a_setting_not_a_fixed_name(project):
    from smtp_server import subscribers_csv
    from pipeline.mail.alerts import record
    from pipeline.state import open_state
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\n"
                  "audiences: [whole-workforce, health, police]\n"
                  "everyone_audience: whole-workforce\n")
    assert subscribers_csv(project, ["ben@example.org,Ben,police,,immediate",
                                     "amina@example.org,Amina,health,,immediate"]).exit_code == 0
    for_all = item(project, audience="[whole-workforce]")
    for_health = item(project, audience="[health]")
    for_health.meta["id"] = "h"
    with open_state(project.config.state_db) as db:
        assert record(project.config, db, {"b": for_all, "h": for_health}, NOW) == 2
        sent = sorted((r["subject_id"], r["email"]) for r in db.execute(
            "SELECT d.subject_id, s.email FROM deliveries d JOIN subscribers s "
            "ON s.id = d.subscriber_id"))
    assert sent == [("b", "amina@example.org"), ("b", "ben@example.org"),
                    ("h", "amina@example.org")]


def test_the_everyone_audience_must_be_one_of_the_audiences(project):
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\n"
                  "everyone_audience: all-staff\n")
    result = project.cascade("check")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Configuration error:",
        "  everyone_audience: expected one of the audiences, or \"\" for none, got 'all-staff'"]
