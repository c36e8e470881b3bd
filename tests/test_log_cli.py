"""`cascade log add|import|verify` and a run on a broken log, as a user meets them."""

from __future__ import annotations

import csv
import re
import subprocess
import sys

import pytest

NOW = "2026-11-22T10:00"
NOT_KEYED = ("; not keyed (CASCADE_LOG_KEY is not set), so a row added by hand with a "
             "recomputed hash cannot be ruled out")
RECOVERY = ("restore dissemination_log.csv and dissemination_log.csv.mac from your backup, or "
            "keep the broken log as evidence and start a new one with `cascade log start-new`, "
            "then run again")
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
               "'0001-01-01T00:00+01:00' is not a plausible date for a session (outside 1900 "
               "to 2999) - fix: check the year: write the date the session happened, e.g. "
               "2026-11-20"),
    "year 9999": (("--when", "9999-12-31T23:59:59-23:59"), "--when: date-invalid: "
                  "'9999-12-31T23:59:59-23:59' is not a plausible date for a session (outside "
                  "1900 to 2999) - fix: check the year: write the date the session happened, "
                  "e.g. 2026-11-20"),
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
                             "2026-10-01)" + NOT_KEYED + "\n")


def test_verify_names_the_edited_row_and_how_to_recover(published):
    path = published.root / "dissemination_log.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("first publication", "first",
                                                             1), encoding="utf-8", newline="")
    result = published.cascade("log", "verify")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: dissemination_log.csv: chain broken: line 2: entry 1 was edited after it was "
        "written (its contents no longer match its row_hash). To recover: " + RECOVERY + "\n")


def test_verify_on_a_new_project(project):
    result = project.cascade("log", "verify")
    assert result.exit_code == 0
    assert result.output == ("dissemination_log.csv: no entries yet; no state database, so a "
                             "cut-off end cannot be ruled out" + NOT_KEYED + "\n")


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
        "entry 1 was deleted; nothing was appended. To recover: " + RECOVERY + "\n")
    assert path.read_bytes() == tampered
    # Nothing went live unlogged: the site was not rebuilt with the new briefing.
    assert (published.root / "site" / "briefings" / "safer-sleep.html").exists()
    assert not (published.root / "site" / "briefings" / "was-not-brought.html").exists()
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
                                     ["log", "verify"], ["log", "start-new"], ["log", "report"],
                                     ["report"],
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


# The log as evidence: MACs, the published head, recovery ---------------------------

LOG_KEY = "a-log-key-for-the-cli-tests-0123456789"


@pytest.fixture
def keyed(project, monkeypatch):
    """`published`, with CASCADE_LOG_KEY set from the first run."""
    monkeypatch.setenv("CASCADE_LOG_KEY", LOG_KEY)
    project.briefing("safer-sleep")
    project.procedure("info-sharing-2024-12")
    result = project.cascade("run", "--now", "2026-10-01T09:00")
    assert result.exit_code == 0, result.output
    return project


def recomputed(text: str, change) -> str:
    """The log rewritten by someone who knows the hash scheme (but not the key)."""
    from pipeline.evidence import chain as dlog

    lines = text.splitlines(keepends=True)
    out, prev = [lines[0]], dlog.GENESIS
    for line in lines[1:]:
        fields = change(line.rstrip("\r\n").split(","))[:13]
        digest = dlog.row_hash(prev, fields)
        out.append(",".join([*fields, prev, digest]) + "\r\n")
        prev = digest
    return "".join(out)


def test_verify_reports_a_hand_appended_row_with_a_recomputed_hash(keyed):
    path = keyed.root / "dissemination_log.csv"
    text = path.read_text(encoding="utf-8")
    last = text.splitlines()[-1].split(",")
    forged = ["3", last[1], "2026-10-05T09:00:00+01:00", "safer-sleep", last[4], "briefing",
              "delivered-offline", "training", "health", "900", "Trainer", "", ""]
    path.write_text(recomputed(text + ",".join(forged + ["", ""]) + "\r\n", lambda v: v),
                    encoding="utf-8", newline="")
    result = keyed.cascade("log", "verify")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: dissemination_log.csv: chain broken: line 4: entry 3 has no MAC in "
        "dissemination_log.csv.mac: it was added by hand with a recomputed hash, or by a "
        "command run without CASCADE_LOG_KEY. To recover: " + RECOVERY + "\n")


def test_verify_reports_a_rewrite_with_the_state_database_deleted(keyed):
    path = keyed.root / "dissemination_log.csv"
    path.write_text(recomputed(path.read_text(encoding="utf-8"),
                               lambda v: v[:12] + ["reworded"] if v[0] == "2" else v),
                    encoding="utf-8", newline="")
    (keyed.root / ".cascade" / "state.db").unlink()
    result = keyed.cascade("log", "verify")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: dissemination_log.csv: chain broken: line 3: entry 2 does not match its MAC "
        "(dissemination_log.csv.mac line 3): it was rewritten with a recomputed hash.")


def test_a_keyed_log_without_its_key_stops_the_run_before_the_site_changes(keyed, monkeypatch):
    monkeypatch.delenv("CASCADE_LOG_KEY")
    keyed.briefing("not-logged")
    result = keyed.cascade("run", "--now", "2026-10-02T09:00")
    assert result.exit_code == 2
    assert "CASCADE_LOG_KEY: expected the key dissemination_log.csv is keyed with" in \
        result.stderr
    assert not (keyed.root / "site" / "briefings" / "not-logged.html").exists()
    assert keyed.cascade("log", "verify").exit_code == 2


def published_head(project) -> dict:
    import json
    return json.loads((project.root / "site" / "log-head.json").read_text(encoding="utf-8"))


def test_the_site_publishes_the_log_head_after_every_run(keyed):
    rows = keyed.log_rows()
    assert published_head(keyed) == {"log": "dissemination_log.csv", "entries": 2,
                                     "row_hash": rows[-1]["row_hash"], "keyed": True}
    assert add(keyed).exit_code == 0
    keyed.briefing("second", title="A second briefing")
    assert keyed.cascade("run", "--now", "2026-11-22T10:05").exit_code == 0
    assert published_head(keyed)["entries"] == 4
    assert published_head(keyed)["row_hash"] == keyed.log_rows()[-1]["row_hash"]


def test_verify_against_a_published_head(keyed, httpserver):
    saved = keyed.root / "head-2026-10-01.json"
    saved.write_bytes((keyed.root / "site" / "log-head.json").read_bytes())
    httpserver.expect_request("/log-head.json").respond_with_data(
        saved.read_bytes(), content_type="application/json")
    assert add(keyed).exit_code == 0   # the log grew since: still holds the published entry
    for source in (str(saved), httpserver.url_for("/log-head.json")):
        result = keyed.cascade("log", "verify", "--against", source)
        assert result.exit_code == 0, result.output
        assert result.output.endswith(f"; holds entry 2 as published in {source}\n")
    # Rewritten from the start, MAC file and state database removed: only the published
    # head still knows what the log was.
    path = keyed.root / "dissemination_log.csv"
    path.write_text(recomputed(path.read_text(encoding="utf-8"),
                               lambda v: v[:8] + ["police"] + v[9:]),
                    encoding="utf-8", newline="")
    (keyed.root / "dissemination_log.csv.mac").unlink()
    (keyed.root / ".cascade" / "state.db").unlink()
    result = keyed.cascade("log", "verify", "--against", str(saved))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: dissemination_log.csv: chain broken: line 3: entry 2 is not the entry "
        f"{saved} published (row_hash ")


def test_verify_against_a_head_that_is_not_one_is_a_usage_error(keyed):
    path = keyed.write("head.json", "<html>not found</html>")
    result = keyed.cascade("log", "verify", "--against", str(path))
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {path}: not a published log head (expected the "
                             "log-head.json a Cascade site publishes, with entries and "
                             "row_hash)\n")


def test_the_printed_recovery_works_when_followed(published):
    path = published.root / "dissemination_log.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("first publication", "first",
                                                             1), encoding="utf-8", newline="")
    broken = path.read_bytes()
    published.briefing("after-the-break", title="After the break")
    refused = published.cascade("run", "--now", "2026-10-02T09:00")
    assert refused.exit_code == 1
    assert refused.stderr.endswith("To recover: " + RECOVERY + "\n")
    assert not (published.root / "site" / "briefings" / "after-the-break.html").exists()
    # Follow it: keep the broken log as evidence and start a new one, then run again.
    started = published.cascade("log", "start-new", "--now", "2026-10-02T09:30")
    assert started.exit_code == 0, started.output
    assert started.output == (
        "dissemination_log.csv: line 2: entry 1 was edited after it was written (its contents "
        "no longer match its row_hash). Started a new log: kept "
        "dissemination_log.broken-20261002T093000.csv as evidence; the next run or `cascade "
        "log add` writes entry 1.\n")
    assert (published.root / "dissemination_log.broken-20261002T093000.csv").read_bytes() \
        == broken
    run = published.cascade("run", "--now", "2026-10-02T10:00")
    assert run.exit_code == 0, run.output
    assert (published.root / "site" / "briefings" / "after-the-break.html").exists()
    assert [(r["entry_id"], r["item_id"]) for r in published.log_rows()] == \
        [("1", "after-the-break")]
    assert add(published).exit_code == 0
    assert published.cascade("log", "verify").exit_code == 0


def test_start_new_refuses_an_intact_log(published):
    before = (published.root / "dissemination_log.csv").read_bytes()
    result = published.cascade("log", "start-new")
    assert result.exit_code == 2
    assert result.stderr == ("Error: dissemination_log.csv: the log is intact (cascade log "
                             "verify); there is nothing to start again\n")
    assert (published.root / "dissemination_log.csv").read_bytes() == before


def test_verify_against_a_keyed_head_notices_a_removed_mac_file(keyed):
    saved = keyed.root / "head.json"
    saved.write_bytes((keyed.root / "site" / "log-head.json").read_bytes())
    (keyed.root / "dissemination_log.csv.mac").unlink()
    (keyed.root / ".cascade" / "state.db").unlink()
    result = keyed.cascade("log", "verify", "--against", str(saved))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: dissemination_log.csv: chain broken: {saved} says the log is keyed, but "
        "dissemination_log.csv.mac is missing: it was removed.")
