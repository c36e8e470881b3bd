"""The officer's subscriber commands: update, export, stats, and bounces read from a mailbox."""

from __future__ import annotations

import csv
import io
import mailbox
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

from smtp_server import subscribers_csv

PEOPLE = [
    "amina@example.org,Amina Rahman,health;early-years,safer-sleep,immediate",
    "ben@example.org,,police,,Weekly",
    "carys@example.org,=HYPERLINK(1),social-care,neglect,newsletter-only",
]
NOW = "2026-11-02T10:00"


def dsn(recipient: str, status: str, action: str = "failed", message_id: str | None = None
        ) -> bytes:
    """A delivery status notification (RFC 3464), as a mail server writes one."""
    report = MIMEMultipart("report", report_type="delivery-status")
    report["From"] = "Mail Delivery System <MAILER-DAEMON@mx.example.org>"
    report["To"] = "learning@example-scp.org.uk"
    report["Subject"] = "Undelivered Mail Returned to Sender"
    if message_id:
        report["Message-ID"] = message_id
    report.attach(MIMEText(f"Your message could not be delivered to {recipient}.\n"))
    per_message, per_recipient = Message(), Message()
    per_message["Reporting-MTA"] = "dns; mx.example.org"
    per_recipient["Final-Recipient"] = f"rfc822; {recipient}"
    per_recipient["Action"] = action
    per_recipient["Status"] = status
    per_recipient["Diagnostic-Code"] = f"smtp; {status.replace('.', '')} mailbox problem"
    status_part = MIMEBase("message", "delivery-status")
    status_part.set_payload([per_message, per_recipient])
    report.attach(status_part)
    report.attach(MIMEText("Subject: Safer sleep\n", "rfc822-headers"))
    return report.as_bytes()


def statuses(project) -> dict[str, str]:
    listed = project.cascade("subscribers", "list").output.splitlines()[:-1]
    return {line.split("\t")[0]: line.split("\t")[2] for line in listed}


def test_update_changes_only_what_is_given_and_reads_frequency_in_any_case(project):
    assert subscribers_csv(project, PEOPLE, "people.csv").exit_code == 0
    result = project.cascade("subscribers", "update", "amina@example.org", "--frequency",
                             "WEEKLY", "--themes", "neglect; Safer-Sleep", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert result.output == ("Updated amina@example.org: weekly; audiences health;early-years; "
                             "themes neglect;safer-sleep.\n")
    listed = project.cascade("subscribers", "list").output.splitlines()
    assert listed[0] == "amina@example.org\tweekly\tactive\thealth;early-years\tneglect;safer-sleep"
    assert listed[1] == "ben@example.org\tweekly\tactive\tpolice\tall themes"


def test_update_refuses_unknown_values_and_addresses_and_changes_nothing(project):
    subscribers_csv(project, PEOPLE, "people.csv")
    before = project.cascade("subscribers", "list").output
    typo = project.cascade("subscribers", "update", "amina@example.org", "--audiences", "helth")
    assert typo.exit_code == 2
    assert typo.output.startswith("Error: --audiences: 'helth' is not in the settings (did you "
                                  "mean health?); known: all-practitioners, health")
    daily = project.cascade("subscribers", "update", "amina@example.org", "--frequency", "daily")
    assert daily.exit_code == 2
    assert daily.output == ("Error: --frequency: expected immediate, weekly, newsletter-only, "
                            "got 'daily'\n")
    nobody = project.cascade("subscribers", "update", "zed@example.org", "--frequency", "weekly")
    assert nobody.exit_code == 1
    assert nobody.output == ("Error: zed@example.org is not on the subscriber list; see: "
                             "cascade subscribers list\n")
    empty = project.cascade("subscribers", "update", "amina@example.org")
    assert empty.exit_code == 2
    assert "nothing to change" in empty.output
    assert project.cascade("subscribers", "list").output == before


def test_export_gives_everything_held_as_csv_safe_for_spreadsheets(project):
    subscribers_csv(project, PEOPLE, "people.csv")
    everyone = project.cascade("subscribers", "export")
    assert everyone.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(everyone.output)))
    assert [r["email"] for r in rows] == ["amina@example.org", "ben@example.org",
                                          "carys@example.org"]
    assert rows[2]["name"] == "'=HYPERLINK(1)"            # never run as a formula
    assert set(rows[0]) == {"email", "name", "audiences", "themes", "frequency", "status",
                            "status_note", "created_at", "changed_at"}

    one = project.cascade("subscribers", "export", "--email", "ben@example.org", "--output",
                          "ben.csv")
    assert one.exit_code == 0
    assert one.output == "Wrote 1 subscriber to ben.csv.\n"
    [ben] = list(csv.DictReader(open(project.root / "ben.csv", encoding="utf-8")))
    assert (ben["email"], ben["frequency"], ben["themes"]) == ("ben@example.org", "weekly", "")


def test_stats_count_without_naming_anyone(project):
    subscribers_csv(project, PEOPLE, "people.csv")
    project.cascade("subscribers", "remove", "carys@example.org")
    result = project.cascade("subscribers", "stats", "--now", NOW)
    assert result.exit_code == 0
    assert "@" not in result.output
    lines = result.output.splitlines()
    assert lines[0] == "2 subscribers: 2 active, 0 unsubscribed, 0 suppressed."
    assert lines[1:4] == ["By frequency (active):", "  immediate: 1", "  weekly: 1"]
    assert "  every theme: 1" in lines and "  safer-sleep: 1" in lines
    assert lines[-7:] == ["Since 2 November 2025:", "  imported: 3", "  signed-up: 0",
                          "  confirmed: 0", "  unsubscribed: 0", "  suppressed: 0",
                          "  erased: 1"]


def test_bounces_suppress_permanent_failures_and_count_temporary_ones_once(project):
    subscribers_csv(project, PEOPLE, "people.csv")
    (project.root / "cascade.yml").write_text(
        "site_url: https://learning.example-scp.org.uk/\nmail: {soft_bounce_limit: 2}\n",
        encoding="utf-8")
    box = mailbox.Maildir(project.root / "bounces", create=True)
    box.add(dsn("amina@example.org", "5.1.1", message_id="<b1@mx.example.org>"))
    box.add(dsn("ben@example.org", "4.2.2", action="delayed"))
    box.add(dsn("zed@example.org", "5.1.1"))
    box.add(MIMEText("An out-of-office reply, not a bounce.").as_bytes())

    first = project.cascade("subscribers", "bounces", "bounces", "--now", NOW)

    assert first.exit_code == 0, first.output
    assert first.output == ("Bounces: 3 new reports (0 read before, 1 other message); "
                            "1 address suppressed, 1 temporary failure counted, "
                            "1 not on the list.\n")
    assert statuses(project) == {"amina@example.org": "suppressed", "ben@example.org": "active",
                                 "carys@example.org": "active"}

    again = project.cascade("subscribers", "bounces", "bounces", "--now", NOW)
    assert again.output == ("Bounces: 0 new reports (3 read before, 1 other message); "
                            "0 addresses suppressed, 0 temporary failures counted, "
                            "0 not on the list.\n")
    assert statuses(project)["ben@example.org"] == "active"

    mbox = mailbox.mbox(project.root / "later.mbox")
    mbox.add(dsn("ben@example.org", "4.4.7", message_id="<b2@mx.example.org>"))
    mbox.flush()
    second = project.cascade("subscribers", "bounces", "later.mbox", "--now", NOW)
    assert "1 address suppressed" in second.output
    assert statuses(project)["ben@example.org"] == "suppressed"
    export = project.cascade("subscribers", "export", "--email", "ben@example.org").output
    assert "bounced: 2 temporary failures, the last 4.4.7" in export


def test_bounces_from_something_that_is_no_mailbox_is_a_clear_error(project):
    (project.root / "folder").mkdir()
    result = project.cascade("subscribers", "bounces", "folder")
    assert result.exit_code == 2
    assert result.output == ("Error: folder: not a Maildir folder (it has no cur/ or new/); "
                             "give a Maildir folder or an mbox file\n")
