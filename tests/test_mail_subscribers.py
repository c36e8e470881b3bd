"""`cascade subscribers import|list|remove`: idempotent imports, bad rows reported by line."""

from __future__ import annotations

import csv
import re
import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

from conftest import REPO
from smtp_server import subscribers_csv
from pipeline.mail.subscribers import set_status
from pipeline.state import open_state

GOOD = [
    "amina@example.org,Amina Rahman,health;early-years,safer-sleep,immediate",
    "ben@example.org,,police,,weekly",
]
BAD = [
    "not-an-address,Someone,health,,immediate",                    # line 4
    "carys@example.org,Carys,helth,,immediate",                     # line 5
    "dev@example.org,Dev,social-care,neglect,daily",                # line 6
    "AMINA@example.org,Amina again,health,,immediate",              # line 7
]


def test_import_reports_bad_rows_by_line_and_keeps_the_good_ones(project):
    result = subscribers_csv(project, GOOD + BAD + [
        "", "erin@example.org,Erin,dsl-network,,newsletter-only"], "people.csv")
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        "people.csv:4: email-invalid: 'not-an-address' is not an email address - fix: write "
        "one address such as name@example.org",
        "people.csv:5: vocabulary-unknown: audiences value 'helth' is not in the configured "
        "vocabulary - fix: did you mean 'health'?",
        "people.csv:6: frequency-invalid: frequency 'daily' is not one of immediate, weekly, "
        "newsletter-only - fix: leave it empty for immediate alerts",
        "people.csv:7: email-duplicate: AMINA@example.org is also on line 2 - fix: keep one row "
        "per address (line 2 was used)",
        "Subscribers: 3 added; 0 already subscribed (unchanged); 4 row problems (those rows "
        "were skipped).",
    ]
    listed = project.cascade("subscribers", "list")
    assert listed.exit_code == 0
    assert listed.output.splitlines() == [
        "amina@example.org\timmediate\tactive\thealth;early-years\tsafer-sleep",
        "ben@example.org\tweekly\tactive\tpolice\tall themes",
        "erin@example.org\tnewsletter-only\tactive\tdsl-network\tall themes",
        "3 subscribers.",
    ]


def test_import_is_idempotent_and_never_resubscribes(project):
    assert subscribers_csv(project, GOOD, "people.csv").exit_code == 0
    with open_state(project.config.state_db) as db:
        ben = db.execute("SELECT id FROM subscribers WHERE email = 'ben@example.org'").fetchone()
        set_status(db, ben["id"], "unsubscribed", "unsubscribe link",
                   datetime(2025, 3, 1, tzinfo=ZoneInfo("Europe/London")))
        before = [tuple(r) for r in db.execute("SELECT * FROM subscribers ORDER BY id")]
    # The same file again, with a changed name for Amina: nothing changes.
    again = subscribers_csv(project, [GOOD[0].replace("Amina Rahman", "A. Rahman"), GOOD[1]],
                            "people.csv")
    assert again.exit_code == 0
    assert again.output == ("Subscribers: 0 added; 1 already subscribed (unchanged); 1 "
                            "unsubscribed or suppressed earlier (not signed up again).\n")
    with open_state(project.config.state_db) as db:
        assert [tuple(r) for r in db.execute("SELECT * FROM subscribers ORDER BY id")] == before


def test_a_bad_header_names_the_column_and_imports_nothing(project):
    project.write("people.csv", "emial,name,audiences\nx@example.org,X,health\n")
    result = project.cascade("subscribers", "import", "people.csv")
    assert result.exit_code == 1
    assert result.output == (
        "Error: people.csv:1: header-invalid: unknown column 'emial' (did you mean 'email'?); "
        "column 'email' is missing - fix: the first line must name the columns: "
        "email,name,audiences,themes,frequency (name, themes and frequency may be left out)\n")
    assert project.cascade("subscribers", "list").output == "0 subscribers.\n"


def test_a_file_that_is_not_utf8_is_refused_with_its_line(project):
    project.write("people.csv", b"email,name,audiences\nzoe@example.org,Zo\xe9,health\n")
    result = project.cascade("subscribers", "import", "people.csv")
    assert result.exit_code == 1
    assert result.output.startswith("Error: people.csv:2: encoding-invalid: the file is not "
                                    "UTF-8 - fix:")


def test_spreadsheet_exports_with_a_byte_order_mark_and_few_columns_import(project):
    project.write("people.csv", "\ufeffEmail,Audiences\r\nzoe@example.org,health; police\r\n")
    result = project.cascade("subscribers", "import", "people.csv")
    assert result.exit_code == 0, result.output
    assert project.cascade("subscribers", "list").output.splitlines()[0] == \
        "zoe@example.org\timmediate\tactive\thealth;police\tall themes"


def test_remove_erases_the_subscriber(project):
    subscribers_csv(project, GOOD, "people.csv")
    removed = project.cascade("subscribers", "remove", "ben@example.org")
    assert removed.exit_code == 0
    assert removed.output == "Removed ben@example.org and their delivery history.\n"
    assert "ben@example.org" not in project.cascade("subscribers", "list").output
    again = project.cascade("subscribers", "remove", "ben@example.org")
    assert again.exit_code == 1
    assert again.output == ("Error: ben@example.org is not on the subscriber list; see: "
                            "cascade subscribers list\n")


def test_the_sample_subscribers_cover_every_audience_and_frequency_and_import(project):
    shutil.copy(REPO / "samples/subscribers.csv", project.root / "subscribers.csv")
    with open(project.root / "subscribers.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    audiences = {a for row in rows for a in row["audiences"].split(";")}
    assert audiences == set(project.config["audiences"])
    assert {row["frequency"] for row in rows} == {"immediate", "weekly", "newsletter-only"}
    assert all(row["email"].endswith("@example.org") for row in rows)
    result = project.cascade("subscribers", "import", "subscribers.csv")
    assert result.exit_code == 0
    assert result.output == f"Subscribers: {len(rows)} added; 0 already subscribed (unchanged).\n"


def test_every_command_has_an_example_in_its_help(project):
    for command in (["newsletter", "preview"], ["newsletter", "send"], ["subscribers", "import"],
                    ["subscribers", "list"], ["subscribers", "remove"], ["newsletter"],
                    ["subscribers"]):
        result = project.cascade(*command, "--help")
        assert result.exit_code == 0
        assert re.search(r"\n  Example:\n    cascade \S", result.output), command
