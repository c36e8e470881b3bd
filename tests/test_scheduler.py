"""The service's timekeeping with fixed times: quiet hours, the clock changes, grace, coalescing.

The pure parts (QuietHours, QuietTrigger, missed, publication_times) are given
fixed datetimes. The scheduler itself runs for real (threads, SQLite job runs)
on a clock the test sets by hand, so hours pass in milliseconds.
"""

from __future__ import annotations

import io
import json
import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from pipeline.content.load import load_content
from pipeline.service.scheduler import (Clock, ClockedExecutor, ClockedScheduler, Journal, QuietHours,
                                QuietTrigger, add_job, missed, publication_times)
from pipeline.state import open_state

LONDON = ZoneInfo("Europe/London")
QUIET = QuietHours.parse("01:00-03:00", LONDON)


def at(text: str, fold: int = 0) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON, fold=fold)


def fires(trigger, start: datetime, end: datetime) -> list[str]:
    """Every fire time from start to end, as APScheduler would ask for them."""
    out, previous = [], None
    now = start
    while True:
        following = trigger.get_next_fire_time(previous, now)
        if following is None or following > end:
            return out
        out.append(following.astimezone(LONDON).strftime("%d %H:%M %Z"))
        previous = now = following


def test_quiet_hours_are_one_to_three_local_time():
    assert not QUIET.contains(at("2025-06-10T00:59:59"))
    assert QUIET.contains(at("2025-06-10T01:00"))
    assert QUIET.contains(at("2025-06-10T02:59:59"))
    assert not QUIET.contains(at("2025-06-10T03:00"))
    # Both 01:30s of the October changeover are quiet.
    assert QUIET.contains(at("2025-10-26T01:30", fold=0))
    assert QUIET.contains(at("2025-10-26T01:30", fold=1))
    assert QUIET.defer(at("2025-10-26T01:30", fold=1)) == at("2025-10-26T03:00")


def test_a_daily_job_in_the_quiet_hours_runs_once_at_three_even_on_changeover_days():
    trigger = QuietTrigger(CronTrigger.from_crontab("30 1 * * *", timezone=LONDON), QUIET)
    assert fires(trigger, at("2025-03-29T00:00"), at("2025-03-31T12:00")) == [
        "29 03:00 GMT", "30 03:00 BST", "31 03:00 BST"]
    assert fires(trigger, at("2025-10-25T00:00"), at("2025-10-27T12:00")) == [
        "25 03:00 BST", "26 03:00 GMT", "27 03:00 GMT"]


def test_an_interval_job_skips_the_quiet_hours_and_resumes_at_three():
    trigger = QuietTrigger(IntervalTrigger(minutes=30, start_date=at("2025-10-26T00:00"),
                                           timezone=LONDON), QUIET)
    assert fires(trigger, at("2025-10-26T00:00"), at("2025-10-26T04:00")) == [
        "26 00:00 BST", "26 00:30 BST", "26 03:00 GMT", "26 03:30 GMT", "26 04:00 GMT"]
    spring = QuietTrigger(IntervalTrigger(minutes=30, start_date=at("2025-03-30T00:00"),
                                          timezone=LONDON), QUIET)
    assert fires(spring, at("2025-03-30T00:00"), at("2025-03-30T03:30")) == [
        "30 00:00 GMT", "30 00:30 GMT", "30 03:00 BST", "30 03:30 BST"]


def test_a_publication_time_in_the_quiet_hours_moves_to_their_end_and_fires_once():
    night = QuietTrigger(DateTrigger(at("2025-06-10T01:30"), timezone=LONDON), QUIET)
    assert fires(night, at("2025-06-09T12:00"), at("2025-06-11T12:00")) == ["10 03:00 BST"]
    morning = QuietTrigger(DateTrigger(at("2025-06-10T09:00"), timezone=LONDON), QUIET)
    assert fires(morning, at("2025-06-09T12:00"), at("2025-06-11T12:00")) == ["10 09:00 BST"]


def test_a_run_is_missed_only_beyond_its_grace_time():
    run = at("2025-06-10T09:00")
    assert not missed(run, at("2025-06-10T09:00:59"), 60)
    assert not missed(run, at("2025-06-10T09:01"), 60)
    assert missed(run, at("2025-06-10T09:01:01"), 60)
    assert not missed(run, at("2025-06-11T09:00"), None)


def test_only_ready_items_not_yet_due_get_publication_jobs(project):
    project.briefing("due", date="2025-06-10T09:00")
    project.briefing("later", date="2025-06-10T09:00:01")
    project.briefing("draft", date="2025-07-01", status="draft")
    project.briefing("broken", date="2025-07-01", extra="colour: red\n")
    project.procedure("proc", date="2025-06-11T09:00+00:00")
    items = load_content(project.config)
    assert publication_times(items, at("2025-06-10T09:00")) == {
        "publish:later": at("2025-06-10T09:00:01"),
        "publish:proc": datetime.fromisoformat("2025-06-11T09:00+00:00")}


def test_the_offset_clock_starts_where_it_is_told_and_runs_on():
    clock = Clock.starting_at(at("2025-06-10T08:59:57"), LONDON)
    first = clock.now()
    assert abs(first - at("2025-06-10T08:59:57")) < timedelta(seconds=1)
    time.sleep(0.05)
    assert clock.now() > first


class HandClock:
    """A clock the test moves by hand."""

    def __init__(self, when: datetime):
        self.when = when

    def now(self) -> datetime:
        return self.when


class Runs:
    """Stands in for the service: the job functions below record their calls here."""

    def __init__(self):
        self.calls, self.done = [], threading.Condition()

    def wait_for(self, count: int, timeout: float = 10) -> list:
        with self.done:
            assert self.done.wait_for(lambda: len(self.calls) >= count, timeout), self.calls
            return list(self.calls)


def record(name: str, *, service: Runs = None) -> dict:
    with service.done:
        service.calls.append(name)
        service.done.notify_all()
    return {"summary": f"ran {name}"}


def start_scheduler(project, clock: HandClock):
    stream, runs = io.StringIO(), Runs()
    journal = Journal(project.config, clock, stream)
    scheduler = ClockedScheduler(clock, journal, lambda job_id: None, timezone=LONDON,
                                 jobstores={"default": MemoryJobStore()},
                                 executors={"default": ClockedExecutor(runs, journal)})
    scheduler.start(paused=True)
    return scheduler, runs, stream


def events(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def wait_until_idle(stream: io.StringIO, ended: int) -> None:
    """Until `ended` runs have ended, and a moment for the executor to count them done."""
    deadline = time.monotonic() + 10
    while sum(e["event"] in ("job-end", "job-error") for e in events(stream)) < ended:
        assert time.monotonic() < deadline, stream.getvalue()
        time.sleep(0.02)
    time.sleep(0.2)


def test_the_scheduler_runs_on_its_clock_coalesces_and_logs_missed_runs(project):
    clock = HandClock(at("2025-06-10T09:00"))
    scheduler, runs, stream = start_scheduler(project, clock)
    try:
        every = QuietTrigger(IntervalTrigger(minutes=5, start_date=clock.now(), timezone=LONDON),
                             QUIET)
        add_job(scheduler, record, "reconcile", every, clock, 300, args=("reconcile",),
                start=clock.now())
        add_job(scheduler, record, "publish:b", QuietTrigger(DateTrigger(
            at("2025-06-10T09:02"), timezone=LONDON), QUIET), clock, 60, args=("publish:b",))
        scheduler.resume()
        assert runs.wait_for(1) == ["reconcile"]
        wait_until_idle(stream, ended=1)
        # Seventeen minutes pass at once (as after a pause): the three reconcile times
        # run as one; the publication, 15 minutes late with 60 s of grace, is missed.
        clock.when = at("2025-06-10T09:17")
        scheduler.wakeup()
        assert runs.wait_for(2) == ["reconcile", "reconcile"]
        time.sleep(0.3)
        assert runs.calls == ["reconcile", "reconcile"]
        assert scheduler.get_job("reconcile").next_run_time == at("2025-06-10T09:20")
        assert scheduler.get_job("publish:b") is None
    finally:
        scheduler.shutdown()
    lines = events(stream)
    assert [(e["event"], e["job"], e["scheduled_for"][11:16]) for e in lines
            if e["event"] in ("job-start", "job-missed")] == [
        ("job-start", "reconcile", "09:00"),
        ("job-missed", "publish:b", "09:02"),
        ("job-start", "reconcile", "09:15")]
    missed_line = next(e for e in lines if e["event"] == "job-missed")
    assert missed_line["late_seconds"] == 900
    with open_state(project.config.state_db) as db:
        rows = db.execute("SELECT job_id, outcome, detail FROM job_runs ORDER BY id").fetchall()
    # The missed-run record and the second reconcile's end come from different
    # threads, so their order in the table is not fixed; each is there once.
    assert sorted(tuple(r) for r in rows) == sorted([
        ("reconcile", "ok", "ran reconcile"),
        ("publish:b", "missed", "could not start within its grace time (late by 900 s)"),
        ("reconcile", "ok", "ran reconcile")])


def test_a_failing_job_is_journalled_and_the_scheduler_carries_on(project):
    clock = HandClock(at("2025-06-10T09:00"))
    scheduler, runs, stream = start_scheduler(project, clock)
    try:
        add_job(scheduler, explode, "broken", DateTrigger(clock.now(), timezone=LONDON), clock,
                60)
        add_job(scheduler, record, "after", DateTrigger(clock.now(), timezone=LONDON), clock,
                60, args=("after",))
        scheduler.resume()
        runs.wait_for(1)
        wait_until_idle(stream, ended=2)
    finally:
        scheduler.shutdown()
    error = next(e for e in events(stream) if e["event"] == "job-error")
    assert (error["job"], error["outcome"], error["detail"]) == \
        ("broken", "error", "ZeroDivisionError: division by zero")
    assert "explode" in error["traceback"]


def explode(*, service=None):
    return 1 / 0


def test_service_settings_are_validated_at_once(project):
    project.write("cascade.yml", "serve: {port: 70000, host: ''}\n"
                  "schedules: {quiet_hours: '03:00-01:00', review_reminder_cron: every monday,\n"
                  "            reconcile_minutes: 0, misfire_grace_seconds: -1}\n"
                  "officer_email: nobody\n")
    result = project.cascade("status")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Configuration error:",
        "  serve.host: expected a host name or address, got ''",
        "  serve.port: expected a port number from 0 to 65535 (0 = any free port), got 70000",
        "  schedules.reconcile_minutes: expected a whole number of minutes from 1 to 1440, "
        "got 0",
        "  schedules.misfire_grace_seconds: expected a positive number of seconds, got -1",
        "  schedules.review_reminder_cron: expected a crontab line of five fields, e.g. "
        "'0 8 * * 1', got 'every monday'",
        "  schedules.quiet_hours: expected HH:MM-HH:MM with the start before the end, e.g. "
        "'01:00-03:00', got '03:00-01:00'",
        "  officer_email: expected an email address, or \"\" for contact_email, got 'nobody'"]


def test_crontab_day_numbers_mean_what_crontab_means(project):
    """1 is Monday and 0 or 7 Sunday, as in crontab (APScheduler alone counts from Monday = 0)."""
    project.write("cascade.yml", "schedules: {review_reminder_cron: '0 8 * * 7'}\n")
    assert project.cascade("status", "--now", "2025-06-10T10:00").exit_code == 0
