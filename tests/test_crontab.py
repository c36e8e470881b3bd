"""Crontab lines mean what crontab(5) says they mean, to the minute, across the clock changes.

Each expectation is the documented meaning written out as exact local times with
their UTC offsets, so a line read differently (Monday counted as 0, a step
counted from the wrong day, a clock change run twice) fails here.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from pipeline.crontab import CrontabError, latest_fire, next_fire, parse, previous_fire

LONDON = ZoneInfo("Europe/London")


def at(text: str, fold: int = 0) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON, fold=fold)


def fires(line: str, after: str, count: int) -> list[str]:
    """The next `count` fire times after `after`, as local ISO times with their offsets."""
    out, when = [], at(after)
    for _ in range(count):
        when = next_fire(line, LONDON, when)
        out.append(when.isoformat())
    return out


# (line, start, what crontab(5) says it means, the fire times that follows from it).
# 23 March 2025 is a Sunday; the clocks go forward at 01:00 GMT on Sunday 30 March
# and back at 02:00 BST on Sunday 26 October.
MEANINGS = [
    ("0 8 * * 0-6", "2025-03-27T00:00", "08:00 every day (0 and 6 are Sunday and Saturday)",
     ["2025-03-27T08:00:00+00:00", "2025-03-28T08:00:00+00:00", "2025-03-29T08:00:00+00:00",
      "2025-03-30T08:00:00+01:00", "2025-03-31T08:00:00+01:00", "2025-04-01T08:00:00+01:00",
      "2025-04-02T08:00:00+01:00", "2025-04-03T08:00:00+01:00"]),
    ("0 8 * * 0-3", "2025-03-23T00:00", "08:00 Sunday to Wednesday",
     ["2025-03-23T08:00:00+00:00", "2025-03-24T08:00:00+00:00", "2025-03-25T08:00:00+00:00",
      "2025-03-26T08:00:00+00:00", "2025-03-30T08:00:00+01:00", "2025-03-31T08:00:00+01:00"]),
    ("0 8 * * */2", "2025-03-23T00:00", "08:00 on every other day of the week counted from "
     "Sunday (0): Sunday, Tuesday, Thursday, Saturday",
     ["2025-03-23T08:00:00+00:00", "2025-03-25T08:00:00+00:00", "2025-03-27T08:00:00+00:00",
      "2025-03-29T08:00:00+00:00", "2025-03-30T08:00:00+01:00", "2025-04-01T08:00:00+01:00"]),
    ("0 8 * * 1-5", "2025-03-27T00:00", "08:00 Monday to Friday",
     ["2025-03-27T08:00:00+00:00", "2025-03-28T08:00:00+00:00", "2025-03-31T08:00:00+01:00",
      "2025-04-01T08:00:00+01:00", "2025-04-02T08:00:00+01:00", "2025-04-03T08:00:00+01:00",
      "2025-04-04T08:00:00+01:00", "2025-04-07T08:00:00+01:00"]),
    ("0 8 * * MON-FRI", "2025-03-27T00:00", "08:00 Monday to Friday, by name",
     ["2025-03-27T08:00:00+00:00", "2025-03-28T08:00:00+00:00", "2025-03-31T08:00:00+01:00",
      "2025-04-01T08:00:00+01:00", "2025-04-02T08:00:00+01:00", "2025-04-03T08:00:00+01:00",
      "2025-04-04T08:00:00+01:00", "2025-04-07T08:00:00+01:00"]),
    ("0 8 1 */2 *", "2025-01-01T09:00", "08:00 on the 1st of every other month from January: "
     "March, May, July, September, November, January",
     ["2025-03-01T08:00:00+00:00", "2025-05-01T08:00:00+01:00", "2025-07-01T08:00:00+01:00",
      "2025-09-01T08:00:00+01:00", "2025-11-01T08:00:00+00:00", "2026-01-01T08:00:00+00:00"]),
    ("@weekly", "2025-03-20T00:00", "midnight at the start of Sunday ('0 0 * * 0')",
     ["2025-03-23T00:00:00+00:00", "2025-03-30T00:00:00+00:00", "2025-04-06T00:00:00+01:00",
      "2025-04-13T00:00:00+01:00"]),
    ("0 8 * * 7", "2025-03-23T09:00", "08:00 on Sundays (7 is Sunday too)",
     ["2025-03-30T08:00:00+01:00", "2025-04-06T08:00:00+01:00"]),
]


@pytest.mark.parametrize("line, start, meaning, expected", MEANINGS,
                         ids=[m[0] for m in MEANINGS])
def test_a_line_fires_at_the_times_crontab_documents(line, start, meaning, expected):
    assert fires(line, start, len(expected)) == expected, meaning


@pytest.mark.parametrize("line, start, meaning, expected", MEANINGS,
                         ids=[m[0] for m in MEANINGS])
def test_looking_back_finds_the_same_times(line, start, meaning, expected):
    last = datetime.fromisoformat(expected[-1])
    assert latest_fire(line, LONDON, last) == last          # a fire time is its own latest
    assert latest_fire(line, LONDON, at("2030-01-01")) is not None
    back, when = [], last
    for _ in expected[:-1]:
        when = previous_fire(line, LONDON, when)
        back.append(when.isoformat())
    assert back == expected[-2::-1]


def test_a_fixed_time_the_spring_change_skips_fires_just_after_the_jump():
    assert fires("30 1 * * *", "2025-03-29T12:00", 3) == [
        "2025-03-30T02:00:00+01:00", "2025-03-31T01:30:00+01:00", "2025-04-01T01:30:00+01:00"]
    assert latest_fire("30 1 * * *", LONDON, at("2025-03-30T02:10")).isoformat() == \
        "2025-03-30T02:00:00+01:00"


def test_a_fixed_time_the_autumn_change_repeats_fires_once():
    assert fires("30 1 * * *", "2025-10-25T12:00", 3) == [
        "2025-10-26T01:30:00+01:00", "2025-10-27T01:30:00+00:00", "2025-10-28T01:30:00+00:00"]
    # Asked during the repeated hour, after its first 01:30 (which was 00:30 UTC):
    second_pass = at("2025-10-26T01:15", fold=1)
    assert next_fire("30 1 * * *", LONDON, second_pass).isoformat() == \
        "2025-10-27T01:30:00+00:00"
    assert latest_fire("30 1 * * *", LONDON, second_pass).isoformat() == \
        "2025-10-26T01:30:00+01:00"


def test_an_hourly_line_fires_in_both_repeated_hours_as_cron_does():
    """Lines with * in the hour run by the clock: cron runs them in the repeated hour too."""
    assert fires("0 * * * *", "2025-10-26T00:30", 4) == [
        "2025-10-26T01:00:00+01:00", "2025-10-26T01:00:00+00:00", "2025-10-26T02:00:00+00:00",
        "2025-10-26T03:00:00+00:00"]


@pytest.mark.parametrize("nickname, line", [
    ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"),
    ("@weekly", "0 0 * * 0"), ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"),
    ("@hourly", "0 * * * *"), ("@WEEKLY", "0 0 * * 0"), ("  0  8 * *  1-5 ", "0 8 * * 1-5"),
])
def test_nicknames_stand_for_the_lines_crontab_gives(nickname, line):
    assert parse(nickname) == line


@pytest.mark.parametrize("line, reason", [
    ("0 8 * * 8", "bad day-of-week"),
    ("61 8 * * *", "bad minute"),
    ("0 8 31 2 *", "bad day-of-month"),
    ("every monday", "five fields"),
    ("0 8 * *", "five fields"),
    ("0 0 8 * * *", "five fields"),       # six fields: seconds are not crontab
    ("@reboot", "five fields"),           # not a time
    (None, "not text"),
])
def test_lines_cron_would_refuse_are_refused_with_the_reason(line, reason):
    with pytest.raises(CrontabError, match=reason):
        parse(line)


def test_weekday_ranges_from_sunday_are_accepted_as_settings(project):
    project.write("cascade.yml", "newsletter: {cron: '0 9 * * 0-6'}\n"
                  "mail: {digest_cron: '0 8 * * 0-3'}\n"
                  "schedules: {review_reminder_cron: '@weekly'}\n")
    result = project.cascade("status", "--now", "2025-06-10T10:00")
    assert result.exit_code == 0, result.output
    assert "Configuration error" not in result.output


def test_a_line_cron_would_refuse_is_a_configuration_error(project):
    project.write("cascade.yml", "newsletter: {cron: '0 9 * * 8'}\n")
    result = project.cascade("status", "--now", "2025-06-10T10:00")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Configuration error:",
        "  newsletter.cron: expected a crontab line of five fields, e.g. '0 9 1 1,3,5,7,9,11 *', "
        "got '0 9 * * 8'"]


def test_the_newsletter_follows_a_weekday_step_as_crontab_does(project):
    """*/2 in the weekday field is Sunday, Tuesday, Thursday, Saturday, not Monday first."""
    project.write("cascade.yml", "newsletter: {cron: '0 9 * * */2'}\n")
    result = project.cascade("newsletter", "send", "--now", "2025-06-10T10:00")   # a Tuesday
    assert result.exit_code == 0, result.output
    assert result.output == ("newsletter-2025-06-10: nothing new was published in its period, "
                             "so no issue was sent. The next issue is due 12 June 2025 09:00.\n")
