"""`cascade log add|import|verify` and a run on a broken log, as a user meets them."""

from __future__ import annotations

import csv
import re
import subprocess
import sys

import pytest

NOW = "2026-11-22T10:00"
ADD = ["log", "add", "--item", "safer-sleep", "--channel", "team-briefing", "--audience",
       "early-years,health", "--reach", "25", "--by", "Health visiting team lead",
       "--when", "2026-11-20T14:00", "--notes", "Locality team meeting", "--now", NOW]


@pytest.fixture
def published(project):
    """A project with one briefing and one procedure change published by `cascade run`."""
    project.briefing("safer-sleep")
    project.procedure("info-sharing-2024-12")
    result = project.cascade("run", "--now", "2026-10-01T09:00")
    assert result.exit_code == 0, result.output
    return project


def add(project, *changes: str):
    """`cascade log add` with ADD's options, some replaced: ("--reach", "-3")."""
    args = list(ADD)
    for option, value in zip(changes[::2], changes[1::2]):
        args[args.index(option) + 1] = value
    return project.cascade(*args)


def test_add_records_an_offline_act(published):
    result = add(published)
    assert result.exit_code == 0, result.output
    assert result.output == ("Recorded entry 3 in dissemination_log.csv: safer-sleep, "
                             "team-briefing, health;early-years, reach 25, "
                             "2026-11-20T14:00:00+00:00.\n")
    row = published.log_rows()[-1]
    website = published.log_rows()[1]
    assert (row["item_id"], row["item_type"], row["action"], row["channel"]) == \
        ("safer-sleep", "briefing", "delivered-offline", "team-briefing")
    assert row["audience"] == "health;early-years"  # the configured order, whatever was typed
    assert (row["reach"], row["disseminated_by"], row["notes"]) == \
        ("25", "Health visiting team lead", "Locality team meeting")
    assert row["recorded_at"] == "2026-11-22T10:00:00+00:00"
    assert row["item_version"] == website["item_version"]  # the version that was live
    assert published.cascade("log", "verify").exit_code == 0


def test_adding_the_same_act_again_records_nothing(published):
    assert add(published).exit_code == 0
    result = add(published, "--notes", "typed in twice", "--reach", "26")
    assert result.exit_code == 0
    assert result.output == ("Nothing recorded: dissemination_log.csv already has this act "
                             "(same item, channel, audience and time).\n")
    assert len(published.log_rows()) == 3


BAD_ADDS = {
    "unknown channel": (("--channel", "teams"), "--channel: value-invalid: channel 'teams' is "
                        "not one of the log's channels - fix: use one of: website, newsletter, "
                        "email-alert, team-briefing, training, dsl-network, social-media, other"),
    "unknown audience": (("--audience", "health,parents"), "--audience: vocabulary-unknown: "
                         "audience 'parents' is not in the configured audiences - fix: use one "
                         "or more of: all-practitioners, health, education, early-years, police, "
                         "social-care, voluntary-sector, dsl-network (separated by commas)"),
    "unknown item": (("--item", "safer-sleeep"), "--item: item-unknown: item 'safer-sleeep' "
                     "is not a content id or a newsletter issue in the log - fix: use the id "
                     "from the item's front matter (e.g. safer-sleep-sudi); `cascade check` "
                     "lists them"),
    "negative reach": (("--reach", "-3"), "--reach: value-invalid: reach '-3' is not a whole "
                       "number of people - fix: give the number of people reached, e.g. 25, or "
                       "leave it empty if unknown"),
    "future date": (("--when", "2026-12-01"), "--when: date-future: 2026-12-01 is in the "
                    "future - fix: record a session after it has happened"),
    "not a date": (("--when", "20/11/2026"), "--when: date-invalid: '20/11/2026' is not an "
                   "ISO 8601 date - fix: write 2026-11-20, or 2026-11-20T14:00 for a time "
                   "(Europe/London)"),
    "email address": (("--by", "jo.bloggs@example.org"), "--by: personal-data: this contains "
                      "an email address, and the log holds no personal data - fix: give a role "
                      "or team instead of a person's details"),
    "superscript reach": (("--reach", "\u00b2"), "--reach: value-invalid: reach '\u00b2' is not a "
                          "whole number of people - fix: give the number of people reached, "
                          "e.g. 25, or leave it empty if unknown"),
    "4,300-digit reach": (("--reach", "9" * 4300), "--reach: value-invalid: reach "
                          "'99999999999999999999999999999... (4,300 characters) is more than "
                          "100,000,000 people - fix: check the number: give the people this act "
                          "reached"),
    "year 1": (("--when", "0001-01-01T00:00+01:00"), "--when: date-invalid: "
               "0001-01-01T00:00+01:00 is not a plausible date for a session (before 1900) - "
               "fix: check the year: write the date the session happened, e.g. 2026-11-20"),
    "year 9999": (("--when", "9999-12-31T23:59:59-23:59"), "--when: date-invalid: "
                  "9999-12-31T23:59:59-23:59 is not a plausible date for a session (before "
                  "1900) - fix: check the year: write the date the session happened, e.g. "
                  "2026-11-20"),
    "wrong item type": (("--item", "safer-sleep"), None),
}


@pytest.mark.parametrize("case", [c for c in BAD_ADDS if BAD_ADDS[c][1]])
def test_bad_input_is_refused_with_the_fix_and_writes_nothing(published, case):
    change, message = BAD_ADDS[case]
    before = published.root.joinpath("dissemination_log.csv").read_bytes()
    result = add(published, *change)
    assert result.exit_code == 2
    assert result.stderr == f"Error: nothing was recorded:\n  {message}\n"
    assert published.root.joinpath("dissemination_log.csv").read_bytes() == before


def test_every_problem_is_reported_at_once(published):
    result = add(published, "--channel", "teams", "--reach", "lots", "--when", "2027-01-01")
    assert result.exit_code == 2
    assert [line.split(":")[0].strip() for line in result.stderr.splitlines()[1:]] == \
        ["--channel", "--reach", "--when"]


def test_item_type_must_match_the_item(published):
    result = published.cascade(*ADD, "--item-type", "procedure")
    assert result.exit_code == 2
    assert "--item-type: value-invalid: item 'safer-sleep' is a briefing, not a procedure" \
        in result.stderr


def test_a_missing_option_is_a_usage_error(published):
    args = [a for a in ADD if a not in ("--by", "Health visiting team lead")]
    result = published.cascade(*args)
    assert result.exit_code == 2
    assert "Missing option '--by'" in result.output


def test_a_newsletter_issue_in_the_log_can_be_cascaded(published):
    from pipeline.evidence import chain as dlog
    from pipeline.content.load import parse_when
    from pipeline.state import open_state

    config = published.config
    issue = dlog.Act(occurred_at=parse_when("2026-11-02T09:00", config.tz),
                     item_id="newsletter-2026-11", item_version="f00d", item_type="newsletter",
                     action="sent", channel="newsletter", audience="all-practitioners",
                     reach=850, disseminated_by="cascade newsletter")
    with open_state(config.state_db) as db:
        dlog.append(config.log_file, [issue], db, parse_when(NOW, config.tz))
    result = add(published, "--item", "newsletter-2026-11", "--channel", "dsl-network",
                 "--audience", "dsl-network")
    assert result.exit_code == 0, result.output
    assert published.log_rows()[-1]["item_type"] == "newsletter"


def test_formula_payloads_typed_into_add_are_stored_inert(published):
    result = add(published, "--notes", '=HYPERLINK("http://x","y")', "--by", "@SUM(1)")
    assert result.exit_code == 0, result.output
    row = published.log_rows()[-1]
    assert row["notes"] == '\'=HYPERLINK("http://x","y")'
    assert row["disseminated_by"] == "'@SUM(1)"


IMPORT = (
    "item_id,channel,audience,reach,disseminated_by,occurred_at,notes\n"
    "safer-sleep,team-briefing,health,12,Health visiting,2026-10-05,Team meeting\n"
    "safer-sleep,training,\"health,early-years\",30,Trainer,2026-10-06T13:00,\"=1+1\"\n"
    "info-sharing-2024-12,teams,health,5,DSL,2026-10-07,\n"
    "\n"
    "info-sharing-2024-12,dsl-network,dsl-network,,DSL network chair,2026-10-08,-1+1\n"
    "safer-sleep,social-media,all-practitioners,many,Comms,2099-01-01,\n"
)


def test_import_adds_valid_rows_and_reports_invalid_ones_by_line(published):
    path = published.write("sessions.csv", IMPORT)
    result = published.cascade("log", "import", str(path), "--now", NOW)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "sessions.csv:4: value-invalid: channel: channel 'teams' is not one of the log's "
        "channels; row skipped - fix: use one of: website, newsletter, email-alert, "
        "team-briefing, training, dsl-network, social-media, other",
        "sessions.csv:7: value-invalid: reach: reach 'many' is not a whole number of people; "
        "row skipped - fix: give the number of people reached, e.g. 25, or leave it empty if "
        "unknown",
        "sessions.csv:7: date-future: occurred_at: 2099-01-01 is in the future; row skipped "
        "- fix: record a session after it has happened",
        "Imported 3 entries into dissemination_log.csv; 0 already recorded; 2 invalid rows "
        "skipped.",
    ]
    rows = published.log_rows()[2:]
    assert [(r["item_id"], r["channel"], r["audience"], r["reach"], r["notes"]) for r in rows] == [
        ("safer-sleep", "team-briefing", "health", "12", "Team meeting"),
        ("safer-sleep", "training", "health;early-years", "30", "'=1+1"),
        ("info-sharing-2024-12", "dsl-network", "dsl-network", "", "'-1+1")]
    assert rows[2]["item_type"] == "procedure"
    assert rows[0]["occurred_at"] == "2026-10-05T00:00:00+01:00"


def test_rows_that_used_to_crash_the_import_are_reported_and_the_rest_imported(published):
    path = published.write("sessions.csv", (
        "item_id,channel,audience,reach,disseminated_by,occurred_at,notes\n"
        "safer-sleep,training,health,\u00b2,Trainer,2026-10-05,\n"
        f"safer-sleep,training,health,{'9' * 4300},Trainer,2026-10-06,\n"
        "safer-sleep,training,health,12,Trainer,0001-01-01T00:00+01:00,\n"
        "safer-sleep,training,health,12,Trainer,2026-10-08,Good row\n"))
    result = published.cascade("log", "import", str(path), "--now", NOW)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert [line.split(": ")[0:2] for line in lines[:3]] == [
        ["sessions.csv:2", "value-invalid"], ["sessions.csv:3", "value-invalid"],
        ["sessions.csv:4", "date-invalid"]]
    assert lines[-1] == ("Imported 1 entry into dissemination_log.csv; 0 already recorded; "
                         "3 invalid rows skipped.")
    assert [r["notes"] for r in published.log_rows()[2:]] == ["Good row"]


def test_an_import_header_that_repeats_a_column_is_a_usage_error(published):
    path = published.write("sessions.csv", (
        "item_id,channel,audience,reach,disseminated_by,occurred_at,audience\n"
        "safer-sleep,training,health,12,Trainer,2026-10-05,police\n"))
    result = published.cascade("log", "import", str(path), "--now", NOW)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: sessions.csv:1: header-invalid: the header row is wrong (repeated 'audience') "
        "- fix: the columns are item_id,channel,audience,reach,disseminated_by,occurred_at,"
        "notes\n")
    assert len(published.log_rows()) == 2


def test_importing_the_same_file_again_adds_nothing(published):
    path = published.write("sessions.csv", "\ufeff" + "\n".join(IMPORT.splitlines()[:3]) + "\n")
    first = published.cascade("log", "import", str(path), "--now", NOW)
    assert first.exit_code == 0, first.output
    assert first.output == ("Imported 2 entries into dissemination_log.csv; 0 already "
                            "recorded; 0 invalid rows skipped.\n")
    again = published.cascade("log", "import", str(path), "--now", NOW)
    assert again.exit_code == 0
    assert again.output == ("Imported 0 entries into dissemination_log.csv; 2 already "
                            "recorded; 0 invalid rows skipped.\n")
    assert len(published.log_rows()) == 4


def test_an_import_file_with_the_wrong_columns_is_a_usage_error(published):
    path = published.write("sessions.csv", "item,channel,audience,when\nsafer-sleep,x,y,z\n")
    result = published.cascade("log", "import", str(path), "--now", NOW)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: sessions.csv:1: header-invalid: the header row is wrong (missing item_id, "
        "disseminated_by, occurred_at; unknown 'item', 'when') - fix: the columns are "
        "item_id,channel,audience,reach,disseminated_by,occurred_at,notes\n")
    assert len(published.log_rows()) == 2


def test_an_import_file_that_is_not_utf8_is_a_usage_error(published):
    path = published.write("sessions.csv", IMPORT.replace("Team meeting", "Caf\xe9").encode(
        "latin-1"))
    result = published.cascade("log", "import", str(path), "--now", NOW)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: sessions.csv:2: encoding-invalid: the file is "
                                    "not UTF-8 - fix: save it as 'CSV UTF-8'")


def test_verify_reports_an_intact_chain(published):
    result = published.cascade("log", "verify")
    assert result.exit_code == 0
    assert result.output == ("dissemination_log.csv: 2 entries, chain intact (last entry 2, "
                             "2026-10-01)\n")


def test_verify_names_the_edited_row_and_how_to_recover(published):
    path = published.root / "dissemination_log.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("first publication", "first",
                                                             1), encoding="utf-8", newline="")
    result = published.cascade("log", "verify")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: dissemination_log.csv: chain broken: line 2: entry 1 was edited after it was "
        "written (its contents no longer match its row_hash). To recover: restore "
        "dissemination_log.csv from your backup, or move the broken file aside (keep it as "
        "evidence) so a new log is started, then run again\n")


def test_verify_on_a_new_project(project):
    result = project.cascade("log", "verify")
    assert result.exit_code == 0
    assert result.output == ("dissemination_log.csv: no entries yet; no state database, so a "
                             "cut-off end cannot be ruled out\n")


def test_run_refuses_to_append_to_a_tampered_log(published):
    path = published.root / "dissemination_log.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:1] + lines[2:]), encoding="utf-8", newline="")
    tampered = path.read_bytes()
    published.briefing("was-not-brought")
    result = published.cascade("run", "--now", "2026-10-02T09:00")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: dissemination_log.csv: line 2: entry 2 does not follow the row before it: "
        "entry 1 was deleted; nothing was appended. To recover: restore dissemination_log.csv "
        "from your backup, or move the broken file aside (keep it as evidence) so a new log is "
        "started, then run again\n")
    assert path.read_bytes() == tampered
    add_result = add(published)
    assert add_result.exit_code == 1
    assert "nothing was appended. To recover:" in add_result.stderr
    assert path.read_bytes() == tampered


def test_concurrent_log_add_commands_all_land(published):
    processes = [subprocess.Popen(
        [sys.executable, "-m", "pipeline", *ADD[:-4], "--when", f"2026-11-{10 + n}T10:00",
         "--now", NOW], cwd=published.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True) for n in range(4)]
    outputs = [p.communicate(timeout=300) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0, 0], outputs
    rows = published.log_rows()
    assert sorted(r["occurred_at"][:10] for r in rows[2:]) == \
        ["2026-11-10", "2026-11-11", "2026-11-12", "2026-11-13"]
    assert published.cascade("log", "verify").exit_code == 0


@pytest.mark.parametrize("command", [["log"], ["log", "add"], ["log", "import"],
                                     ["log", "verify"], ["log", "report"], ["report"],
                                     ["report", "annual"]])
def test_every_command_has_help_with_an_example(project, command):
    result = project.cascade(*command, "--help")
    assert result.exit_code == 0
    assert re.search(r"\n  Example:\n    cascade \S", result.output), result.output


def test_the_log_opens_as_a_spreadsheet_would_read_it(published):
    add(published)
    with open(published.root / "dissemination_log.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert all(len(row) == 15 for row in rows)
    assert rows[3][2] == "2026-11-20T14:00:00+00:00"  # ISO 8601, as spreadsheets read it
