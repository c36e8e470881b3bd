"""`cascade log report`, the website's Dissemination page and the annual-report appendix."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from conftest import briefing_text, procedure_text
from pipeline.evidence import chain as dlog
from pipeline.state import open_state

LONDON = ZoneInfo("Europe/London")
NOW = "2026-05-01T12:00"


def act(when, item, action, channel, audience, reach=None, kind="briefing") -> dlog.Act:
    return dlog.Act(occurred_at=when, item_id=item, item_version="v1", item_type=kind,
                    action=action, channel=channel, audience=audience, reach=reach)


KNOWN_ACTS = [
    act(datetime(2026, 1, 10, 9, tzinfo=LONDON), "safer-sleep", "published", "website",
        "all-practitioners;health"),
    act(datetime(2026, 2, 1, 9, tzinfo=LONDON), "neglect", "published", "website",
        "all-practitioners"),
    act(datetime(2026, 2, 1, 9, tzinfo=LONDON), "info-sharing-2024-12", "published", "website",
        "all-practitioners", kind="procedure"),
    act(datetime(2026, 2, 3, 10, tzinfo=LONDON), "safer-sleep", "sent", "email-alert",
        "health", 120),
    act(datetime(2026, 2, 20, 14, tzinfo=LONDON), "safer-sleep", "delivered-offline",
        "team-briefing", "health;early-years", 25),
    act(datetime(2026, 3, 5, 10, tzinfo=LONDON), "neglect", "delivered-offline", "training",
        "social-care", 40),
    act(datetime(2026, 3, 10, 9, tzinfo=LONDON), "was-not-brought", "published", "website",
        "all-practitioners"),
    # 23:30 UTC on 31 March is 00:30 on 1 April in London (summer time): an April act.
    act(datetime(2026, 3, 31, 23, 30, tzinfo=timezone.utc), "neglect", "delivered-offline",
        "dsl-network", "dsl-network", 15),
    act(datetime(2026, 4, 10, 9, tzinfo=LONDON), "info-sharing-2024-12", "withdrawn",
        "website", "all-practitioners", kind="procedure"),
    act(datetime(2026, 4, 15, 9, tzinfo=LONDON), "newsletter-2026-04", "sent", "newsletter",
        "all-practitioners;health", 300, kind="newsletter"),
]


def write_log(project, acts, now=datetime(2026, 4, 20, 9, tzinfo=LONDON)) -> None:
    config = project.config
    with open_state(config.state_db) as db:
        dlog.append(config.log_file, acts, db, now)


@pytest.fixture
def known(project):
    """Three briefings, one procedure change and a log of ten known acts."""
    project.briefing("safer-sleep", date="2026-01-10", extra="review_by: 2026-03-01\n")
    project.briefing("neglect", title="Neglect toolkit", date="2026-02-01",
                     extra="review_by: 2027-01-01\n")
    project.briefing("was-not-brought", title="Was not brought", date="2026-03-10")
    project.procedure("info-sharing-2024-12")
    write_log(project, KNOWN_ACTS)
    return project


FULL_REPORT = """\
# Dissemination report

Period: from the first entry to 1 May 2026.

Source: dissemination\\_log.csv: 10 entries, chain intact.

## Summary

- 9 acts of dissemination, 5 items.
- 500 people reached: 420 by email (distinct recipients of 420 messages) and 80 at 3 \
offline sessions.
- 1 withdrawal from the website (not counted above).

People reached are counted once each: by email, the distinct recipients of the messages \
(a digest or newsletter carrying three items is one message, to one person); offline, the \
attendees of each session. Reach in the tables by channel, audience and month counts a \
person once for each item they were reached with. Reach is not recorded for publication \
on the website.

## By channel

| Channel | Acts | Items | Reach |
| --- | ---: | ---: | ---: |
| Website | 4 | 4 | - |
| Newsletter | 1 | 1 | 300 |
| Email alert | 1 | 1 | 120 |
| Team briefing | 1 | 1 | 25 |
| Training | 1 | 1 | 40 |
| DSL network | 1 | 1 | 15 |

## By audience

An act aimed at several audiences counts once for each of them, so these rows can add up \
to more than the total.

**Reach by audience**

| Audience | Acts | Items | Reach |
| --- | ---: | ---: | ---: |
| All practitioners | 5 | 5 | 300 |
| Health | 4 | 2 | 445 |
| Early years | 1 | 1 | 25 |
| Social care | 1 | 1 | 40 |
| DSL network | 1 | 1 | 15 |

## By month

| Month | Acts | Items | Reach |
| --- | ---: | ---: | ---: |
| January 2026 | 1 | 1 | - |
| February 2026 | 4 | 3 | 145 |
| March 2026 | 2 | 2 | 40 |
| April 2026 | 2 | 2 | 315 |
| May 2026 | 0 | 0 | - |

**Items per month by channel**

| Month | Website | Newsletter | Email alert | Team briefing | Training | DSL network |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
| January 2026 | 1 | 0 | 0 | 0 | 0 | 0 |
| February 2026 | 2 | 0 | 1 | 1 | 0 | 0 |
| March 2026 | 1 | 0 | 0 | 0 | 1 | 0 |
| April 2026 | 0 | 1 | 0 | 0 | 0 | 1 |
| May 2026 | 0 | 0 | 0 | 0 | 0 | 0 |

**Reach per month by channel**

| Month | Website | Newsletter | Email alert | Team briefing | Training | DSL network |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
| January 2026 | 0 | 0 | 0 | 0 | 0 | 0 |
| February 2026 | 0 | 0 | 120 | 25 | 0 | 0 |
| March 2026 | 0 | 0 | 0 | 0 | 40 | 0 |
| April 2026 | 0 | 300 | 0 | 0 | 0 | 15 |
| May 2026 | 0 | 0 | 0 | 0 | 0 | 0 |

## By item

| Item | Type | Acts | Messages | People | Channels |
| --- | --- | ---: | ---: | ---: | --- |
| Neglect toolkit | briefing | 3 | 0 | 55 | Website, Training, DSL network |
| Safer sleep for babies | briefing | 3 | 120 | 145 | Website, Email alert, Team briefing |
| Information Sharing (December 2024) | procedure | 1 | - | - | Website |
| newsletter-2026-04 | newsletter | 1 | 300 | 300 | Newsletter |
| Was not brought | briefing | 1 | - | - | Website |

## Published but never sent or cascaded offline

| Item | First published |
| --- | --- |
| Was not brought | 10 March 2026 |

## Briefings past their review date

| Briefing | Review by |
| --- | --- |
| Safer sleep for babies | 1 March 2026 |
"""


def test_report_on_a_known_log_gives_exact_totals(known):
    result = known.cascade("log", "report", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert result.output == FULL_REPORT


def summary_of(result) -> list[str]:
    text = result.output
    return text[text.index("## Summary"):text.index("People reached are")].splitlines()[2:-1]


FILTERED = {
    "channel": (["--channel", "website"], ["- 4 acts of dissemination, 4 items.",
                                           "- No people reached were recorded (publication "
                                           "on the website has no reach).",
                                           "- 1 withdrawal from the website (not counted "
                                           "above)."]),
    "audience": (["--audience", "health"], ["- 4 acts of dissemination, 2 items.",
                                            "- 445 people reached: 420 by email (distinct "
                                            "recipients of 420 messages) and 25 at 1 offline "
                                            "session."]),
    "item": (["--item", "safer-sleep"], ["- 3 acts of dissemination, 1 item.",
                                         "- 145 people reached: 120 by email (distinct "
                                         "recipients of 120 messages) and 25 at 1 offline "
                                         "session."]),
    # The act at 23:30 UTC on 31 March happened on 1 April in London.
    "since": (["--since", "2026-04-01"], ["- 2 acts of dissemination, 2 items.",
                                          "- 315 people reached: 300 by email (distinct "
                                          "recipients of 300 messages) and 15 at 1 offline "
                                          "session.",
                                          "- 1 withdrawal from the website (not counted "
                                          "above)."]),
    "until": (["--until", "2026-03-31"], ["- 7 acts of dissemination, 4 items.",
                                          "- 185 people reached: 120 by email (distinct "
                                          "recipients of 120 messages) and 65 at 2 offline "
                                          "sessions."]),
}


@pytest.mark.parametrize("case", FILTERED)
def test_filters_give_exact_totals(known, case):
    options, expected = FILTERED[case]
    result = known.cascade("log", "report", *options, "--now", NOW)
    assert result.exit_code == 0, result.output
    assert summary_of(result) == expected


def test_csv_report_has_one_row_per_figure(known):
    result = known.cascade("log", "report", "--since", "2026-02-01", "--until", "2026-03-31",
                           "--format", "csv", "--now", NOW)
    assert result.exit_code == 0
    assert result.output.replace("\r\n", "\n") == """\
section,month,channel,audience,item_id,item_type,title,acts,items,reach,date
total,,,,,,,6,4,185,2026-02-01/2026-03-31
channel,,website,,,,,3,3,,
channel,,email-alert,,,,,1,1,120,
channel,,team-briefing,,,,,1,1,25,
channel,,training,,,,,1,1,40,
audience,,,all-practitioners,,,,3,3,,
audience,,,early-years,,,,1,1,25,
audience,,,health,,,,2,1,145,
audience,,,social-care,,,,1,1,40,
month,2026-02,,,,,,4,3,145,
month,2026-03,,,,,,2,2,40,
month-channel,2026-02,email-alert,,,,,1,1,120,
month-channel,2026-02,team-briefing,,,,,1,1,25,
month-channel,2026-02,website,,,,,2,2,,
month-channel,2026-03,training,,,,,1,1,40,
month-channel,2026-03,website,,,,,1,1,,
item,,,,info-sharing-2024-12,procedure,Information Sharing (December 2024),1,1,,
item,,,,neglect,briefing,Neglect toolkit,2,1,40,
item,,,,safer-sleep,briefing,Safer sleep for babies,2,1,145,
item,,,,was-not-brought,briefing,Was not brought,1,1,,
never-sent,,,,info-sharing-2024-12,,Information Sharing (December 2024),,,,2026-02-01
never-sent,,,,was-not-brought,,Was not brought,,,,2026-03-10
review-due,,,,safer-sleep,,Safer sleep for babies,,,,2026-03-01
"""


def test_html_report_is_a_standalone_accessible_page(known):
    result = known.cascade("log", "report", "--format", "html", "--output", "report.html",
                           "--now", NOW)
    assert result.exit_code == 0
    assert result.output == "Wrote report.html: dissemination report (html).\n"
    html = (known.root / "report.html").read_text(encoding="utf-8")
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<script" not in html and "http://" not in html.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    assert html.count("<svg ") == 3 and html.count('role="img"') == 3
    assert html.count("<figure>") == 3 and html.count("<figcaption>") == 3
    for figure in re.findall(r"<figure>.*?</figure>", html, re.S):
        assert re.search(r'<svg [^>]*aria-label="[^"]+The table gives every figure\."', figure)
        assert "<title>" in figure and '<th scope="col"' in figure
        assert '<th scope="row">' in figure
    assert ('aria-label="Bar chart of reach by audience. Highest: Health, 445. The table '
            'gives every figure."') in html
    assert ('<tr><th scope="row">Health</th><td class="num">4</td><td class="num">2</td>'
            '<td class="num">445</td></tr>') in html
    assert "<h2>Briefings past their review date</h2>" in html


def test_report_on_a_broken_log_warns_and_exits_1(known):
    path = known.root / "dissemination_log.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",120,", ",1200,"),
                    encoding="utf-8", newline="")
    result = known.cascade("log", "report", "--now", NOW)
    assert result.exit_code == 1
    assert "Warning: these figures come from a log whose chain is broken" in result.stdout
    assert result.stderr == ("Warning: dissemination_log.csv: chain broken: line 5: entry 4 "
                             "was edited after it was written (its contents no longer match "
                             "its row_hash). Run: cascade log verify\n")


@pytest.mark.parametrize("options, message", [
    (["--since", "2026-04-01", "--until", "2026-03-01"],
     "Error: --since 2026-04-01 is after --until 2026-03-01\n"),
    (["--audience", "parents"], "Error: --audience 'parents' is not in the configured "
     "audiences (all-practitioners, health, education, early-years, police, social-care, "
     "voluntary-sector, dsl-network)\n"),
    (["--item", "safer-slep"], "Error: --item 'safer-slep' is not in the log or the content; "
     "did you mean 'safer-sleep'?\n"),
])
def test_report_usage_errors_exit_2(known, options, message):
    result = known.cascade("log", "report", *options, "--now", NOW)
    assert result.exit_code == 2
    assert result.stderr == message


def test_report_dates_must_be_iso(known):
    result = known.cascade("log", "report", "--since", "1/4/2026")
    assert result.exit_code == 2
    assert "Invalid value for '--since': '1/4/2026' does not match the format '%Y-%m-%d'" \
        in result.output


def test_report_has_no_personal_data(known):
    known.cascade("log", "add", "--item", "neglect", "--channel", "training", "--audience",
                  "health", "--by", "Named Trainer Jo Bloggs", "--when", "2026-04-02",
                  "--notes", "Held at Jo's house", "--now", NOW)
    for fmt in ("md", "csv", "html"):
        output = known.cascade("log", "report", "--format", fmt, "--now", NOW).output
        assert "Bloggs" not in output and "Jo's" not in output


# The website's Dissemination page ------------------------------------------------------

def test_second_run_on_the_sample_does_nothing_with_the_page_enabled(sample_project):
    first = sample_project.cascade("run", "--now", "2026-11-22T12:00")
    assert "Built site/" in first.output
    page = (sample_project.root / "site/dissemination.html").read_text(encoding="utf-8")
    assert "Figures for the 12 months to 31 October 2026; updated monthly." in page
    second = sample_project.cascade("run", "--now", "2026-11-22T12:05")
    assert second.exit_code == first.exit_code
    assert second.output.splitlines()[-2].startswith("Nothing to do: the site is up to date")


def offline(when: datetime, item: str, channel: str, audience: str, reach: int) -> dlog.Act:
    return dlog.Act(occurred_at=when, item_id=item, item_version="v1", item_type="briefing",
                    action="delivered-offline", channel=channel, audience=audience,
                    reach=reach, disseminated_by="DSL")


def test_page_shows_whole_months_so_it_changes_once_a_month(project):
    project.briefing("safer-sleep", date="2026-09-01")
    write_log(project, [offline(datetime(2026, 10, 6, 10, tzinfo=LONDON), "safer-sleep",
                                "training", "health", 40),
                        offline(datetime(2026, 10, 20, 14, tzinfo=LONDON), "safer-sleep",
                                "dsl-network", "dsl-network", 12)],
              now=datetime(2026, 10, 21, 9, tzinfo=LONDON))
    first = project.cascade("run", "--now", "2026-11-05T09:00")
    assert first.exit_code == 0, first.output
    page = project.root / "site/dissemination.html"
    text = page.read_text(encoding="utf-8")
    assert "Figures for the 12 months to 31 October 2026; updated monthly." in text
    assert "2 acts of dissemination, 1 item." in text  # not the run's own November row
    assert "52 people reached" in text
    assert 'aria-label="Bar chart of reach by audience. Highest: Health, 40.' in text
    rows = project.log_rows()
    assert (f"When this month began the log held 2 entries; the newest, entry 2, has the hash "
            f"<code>{rows[1]['row_hash']}</code>") in text
    assert '<a href="log-head.json">log-head.json</a>' in text
    # A session added in November, and another run in November: the page stays as it was.
    added = project.cascade("log", "add", "--item", "safer-sleep", "--channel", "training",
                            "--audience", "education", "--reach", "30", "--by", "Trainer",
                            "--when", "2026-11-10", "--now", "2026-11-20T09:00")
    assert added.exit_code == 0, added.output
    again = project.cascade("run", "--now", "2026-11-20T09:30")
    assert again.output.splitlines() == ["Nothing to do: the site is up to date (1 item "
                                         "published).", "1 item: 1 ready"]
    # December: the page moves on a month and counts November.
    december = project.cascade("run", "--now", "2026-12-01T09:00")
    assert december.output.splitlines()[0].startswith("Built site/")
    text = page.read_text(encoding="utf-8")
    assert "Figures for the 12 months to 30 November 2026; updated monthly." in text
    assert "4 acts of dissemination, 1 item." in text
    assert "82 people reached" in text
    assert "When this month began the log held 4 entries; the newest, entry 4," in text


def test_the_page_can_be_turned_off(project):
    project.briefing("safer-sleep", date="2026-09-01")
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\n"
                                 "dissemination_page: false\n")
    result = project.cascade("run", "--now", "2026-11-05T09:00")
    assert result.exit_code == 0, result.output
    assert not (project.root / "site/dissemination.html").exists()
    assert "dissemination.html" not in (project.root / "site/index.html").read_text()
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\n")
    project.cascade("run", "--now", "2026-11-05T09:10")
    assert 'href="dissemination.html"' in (project.root / "site/index.html").read_text()


def test_page_says_so_when_the_log_is_broken(project):
    project.briefing("safer-sleep", date="2026-09-01")
    write_log(project, [offline(datetime(2026, 10, 6, 10, tzinfo=LONDON), "safer-sleep",
                                "training", "health", 40)])
    path = project.root / "dissemination_log.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",40,", ",400,"),
                    encoding="utf-8", newline="")
    result = project.cascade("run", "--now", "2026-11-05T09:00")
    assert result.exit_code == 1
    assert not (project.root / "site").exists()  # a run that cannot log publishes nothing
    built = project.cascade("build", "--now", "2026-11-05T09:00")
    assert built.exit_code == 0, built.output
    text = (project.root / "site/dissemination.html").read_text(encoding="utf-8")
    assert "The figures are not available at the moment" in text
    assert "400" not in text


# The annual-report appendix ----------------------------------------------------------

def procedure(project, name, title, date, change_type, cycle, summary, status="ready"):
    text = procedure_text(id=name, title=title, date=date, status=status,
                          change_type=change_type, cycle=cycle)
    project.write(f"content/procedures/{name}.md", text.replace(
        "summary: Revised in line with updated government guidance.", f'summary: "{summary}"'))


@pytest.fixture
def year(project):
    """Procedure changes and briefings around the year 2024-25, and a few logged acts."""
    procedure(project, "child-abuse-ict-2024-12",
              "Child Abuse and Information Communication Technology", "2024-12-02", "updated",
              "2024-12", "This chapter has been updated in line with the Online Safety Act 2023.")
    procedure(project, "dangerous-dogs-2024-12", "Dangerous Dogs and Safeguarding Children",
              "2024-12-02", "refreshed", "2024-12", "This chapter has been refreshed.")
    procedure(project, "safer-sleep-protocol-2024-12",
              "West Yorkshire Safer Sleep Protocol Guidance", "2024-12-02", "new", "2024-12",
              "This chapter has been added to the manual.")
    procedure(project, "mappa-2024-06", "MAPPA", "2024-06-03", "updated", "2024-06",
              "This chapter has been updated.")
    procedure(project, "forced-marriage-2024-06", "Forced Marriage", "2024-06-03", "updated",
              "2024-06", "This chapter has been amended in line with local procedure.")
    procedure(project, "bullying-2024-06", "Bullying", "2024-06-03", "removed", "2024-06",
              "This chapter has been removed from the manual.")
    # Not in the year: a draft, last year's round, next year's round.
    procedure(project, "pre-birth-2024-12", "Pre Birth", "2024-12-02", "updated", "2024-12",
              "Not finished.", status="draft")
    procedure(project, "fgm-2024-03", "FGM", "2024-03-04", "updated", "2024-03",
              "Last year.")
    procedure(project, "fgm-2025-06", "FGM", "2025-06-02", "updated", "2025-06", "Next year.")
    project.write("content/briefings/safer-sleep.md", briefing_text(
        id="safer-sleep", date="2024-12-09", extra="source:\n  type: national-panel\n"
        "  title: \"Out of routine\"\n"))
    project.briefing("neglect", title="Neglect toolkit", date="2024-05-21")
    project.briefing("old", title="Older learning", date="2024-03-01")
    write_log(project, [
        offline(datetime(2024, 3, 20, 10, tzinfo=LONDON), "old", "training", "health", 99),
        act(datetime(2024, 12, 9, 9, tzinfo=LONDON), "safer-sleep", "published", "website",
            "all-practitioners"),
        offline(datetime(2025, 1, 15, 10, tzinfo=LONDON), "safer-sleep", "team-briefing",
                "health", 30),
        offline(datetime(2025, 4, 2, 10, tzinfo=LONDON), "safer-sleep", "training",
                "health", 77)], now=datetime(2025, 4, 3, 9, tzinfo=LONDON))
    return project


MONTHS = ["April 2024", "May 2024", "June 2024", "July 2024", "August 2024",
          "September 2024", "October 2024", "November 2024", "December 2024", "January 2025",
          "February 2025", "March 2025"]
BY_MONTH = {"December 2024": "| 1 | 1 | - |", "January 2025": "| 1 | 1 | 30 |"}

APPENDIX = """\
# Learning and improvement 2024-25

## Changes to local multi-agency safeguarding procedures in 2024-25

### Updated chapters - December 2024

- Child Abuse and Information Communication Technology - This chapter has been updated in \
line with the Online Safety Act 2023.
- Dangerous Dogs and Safeguarding Children - This chapter has been refreshed.

### New chapters - December 2024

- West Yorkshire Safer Sleep Protocol Guidance - This chapter has been added to the manual.

### Updated chapters - June 2024

- Forced Marriage - This chapter has been amended in line with local procedure.
- MAPPA - This chapter has been updated.

### Removed chapters - June 2024

- Bullying - This chapter has been removed from the manual.

## 7-minute briefings published in 2024-25

- Safer sleep for babies (9 December 2024) - learning from: Out of routine (National Child \
Safeguarding Practice Review Panel)
- Neglect toolkit (21 May 2024)

## Dissemination in 2024-25

Figures from the dissemination log, 1 April 2024 to 31 March 2025.

### Summary

- 2 acts of dissemination, 1 item.
- 30 people reached at 1 offline session.

People reached are counted once each: by email, the distinct recipients of the messages \
(a digest or newsletter carrying three items is one message, to one person); offline, the \
attendees of each session. Reach in the tables by channel, audience and month counts a \
person once for each item they were reached with. Reach is not recorded for publication \
on the website.

### By channel

| Channel | Acts | Items | Reach |
| --- | ---: | ---: | ---: |
| Website | 1 | 1 | - |
| Team briefing | 1 | 1 | 30 |

### By audience

An act aimed at several audiences counts once for each of them, so these rows can add up to \
more than the total.

**Reach by audience**

| Audience | Acts | Items | Reach |
| --- | ---: | ---: | ---: |
| All practitioners | 1 | 1 | - |
| Health | 1 | 1 | 30 |

### By month

| Month | Acts | Items | Reach |
| --- | ---: | ---: | ---: |
""" + "".join(f"| {m} {BY_MONTH.get(m, '| 0 | 0 | - |')}\n" for m in MONTHS) + """
## Impact in 2024-25

What came back from practice in the year. Nothing here names anyone: views are counts per \
page per day from the website's server logs, and feedback, team returns and follow-up \
answers carry no names.

### Website views

No website views were counted in the year (views are read from the web server's access \
logs with cascade log views).

### Team cascades

- 1 session of learning cascaded to teams, reaching 30 people.
- Of these, 0 sessions (0 people) were reported by practitioners through the website's \
team return form and accepted.

Team briefings, training sessions and network meetings recorded in the dissemination log. \
A session for several sectors counts once for each of them below.

| Sector | Sessions | People |
| --- | ---: | ---: |
| Health | 1 | 30 |

### Was this useful?

Answers to "Was this useful?" at the foot of the website's pages: 0 yes, 0 no. Answers \
waiting for a decision are counted; rejected ones (spam) are not.

| Answer | Answers |
| --- | ---: |
| Yes | 0 |
| No | 0 |

### Practice change

Answers to the follow-up email "Has this briefing changed your practice?", sent some weeks \
after an alert: 0 in all.

**Answers on practice change**

| Answer | Answers |
| --- | ---: |
| Yes | 0 |
| Not yet | 0 |
| Not relevant to my role | 0 |

### Reach by item

The briefings and procedure changes that reached the most people in the year (up to 10), \
with what came back from each.

| Item | People reached | In team cascades | Views | Useful (yes / no) | Practice \
changed (yes / not yet) |
| --- | ---: | ---: | ---: | --- | --- |
| Safer sleep for babies | 30 | 30 | 0 | 0 / 0 | 0 / 0 |
"""


def test_annual_appendix_matches_the_expected_markdown(year):
    result = year.cascade("report", "annual", "2024-25", "--now", "2025-05-01T09:00")
    assert result.exit_code == 0, result.output
    assert result.output == APPENDIX


def test_annual_appendix_can_be_written_to_a_file(year):
    result = year.cascade("report", "annual", "2024-25", "--output", "appendix.md", "--now",
                          "2025-05-01T09:00")
    assert result.exit_code == 0
    assert result.output == "Wrote appendix.md: annual report appendix 2024-25.\n"
    assert (year.root / "appendix.md").read_text(encoding="utf-8") == APPENDIX


def test_annual_appendix_for_a_year_not_over_says_so(year):
    result = year.cascade("report", "annual", "2024-25", "--now", "2025-01-20T09:00")
    assert ("Figures from the dissemination log, 1 April 2024 to 20 January 2025. The year "
            "is not over yet.") in result.output
    assert "| February 2025 |" not in result.output


def test_annual_appendix_leaves_out_files_with_errors_and_says_so(year):
    year.write("content/procedures/broken.md", "---\nid: broken\n---\n")
    result = year.cascade("report", "annual", "2024-25", "--now", "2025-05-01T09:00")
    assert result.exit_code == 1
    assert result.stdout == APPENDIX
    assert result.stderr == ("Warning: content/procedures/broken.md: left out: it has errors "
                             "(run: cascade check content/procedures/broken.md)\n")


@pytest.mark.parametrize("text", ["2024-26", "2024", "24-25", "2024-2025", "2024-24"])
def test_an_invalid_year_is_a_usage_error(project, text):
    result = project.cascade("report", "annual", text)
    assert result.exit_code == 2
    assert result.stderr == (f"Error: YEAR {text!r} is not a financial year such as 2024-25 "
                             "(the first year in full, then the next year's last two "
                             "digits)\n")


def test_the_turn_of_the_century_is_a_valid_year(project):
    result = project.cascade("report", "annual", "2099-00", "--now", "2100-05-01T09:00")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Learning and improvement 2099-00\n")
    assert "Figures from the dissemination log, 1 April 2099 to 31 March 2100." in result.output


# In a real browser -------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.slow
def test_report_page_and_site_page_pass_axe_at_desktop_and_phone_width(known):
    browser_helpers = pytest.importorskip("browser")
    if not browser_helpers.chromium_available():
        pytest.skip("needs Chromium (apt install chromium)")
    # Both pages show the known acts: the site page at the start of May covers to April.
    known.write("content/procedures/info-sharing-2024-12.md", procedure_text())
    assert known.cascade("run", "--now", NOW).exit_code == 0
    assert known.cascade("log", "report", "--format", "html", "--output",
                         "site/report.html", "--now", NOW).exit_code == 0
    failures = []
    with browser_helpers.serve_folder(known.root / "site") as url, \
            browser_helpers.launch_chromium() as chromium:
        for name in ("report.html", "dissemination.html"):
            for viewport in (browser_helpers.DESKTOP, browser_helpers.PHONE):
                page = chromium.new_page(viewport=viewport)
                try:
                    page.goto(url + name)
                    assert page.locator("svg[role=img]").count() == 3, name
                    # Nothing but a table's own scrolling region may scroll sideways.
                    overflow = page.evaluate("document.documentElement.scrollWidth - "
                                             "innerWidth")
                    if overflow > 0:
                        failures.append(f"{name} scrolls sideways by {overflow}px at "
                                        f"{viewport['width']}px")
                    failures += browser_helpers.blocking(browser_helpers.axe_violations(page))
                finally:
                    page.close()
    assert failures == [], browser_helpers.summary(
        [f for f in failures if not isinstance(f, str)]) + "\n".join(
        f for f in failures if isinstance(f, str))


def test_annual_appendix_ignores_errors_in_items_of_other_years(year):
    year.write("content/briefings/next.md", briefing_text(id="next", date="2025-09-01",
                                                          body="## Background\n\nOnly this.\n"))
    result = year.cascade("report", "annual", "2024-25", "--now", "2025-05-01T09:00")
    assert result.exit_code == 0, result.stderr
    assert result.output == APPENDIX
