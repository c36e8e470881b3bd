"""The service's timekeeping with fixed times: quiet hours, the clock changes, grace, coalescing.

The schedules (Every, Cron, Once, each inside Quiet) are given fixed datetimes.
The scheduler itself runs for real (worker threads, SQLite job tables) on a
clock the test sets by hand, so hours pass in milliseconds; a test waits for the
runs it started, never for time to pass.
"""

from __future__ import annotations

import io
import json
import sqlite3
import threading
from concurrent.futures import wait
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from pipeline.content.load import load_content
from pipeline.service.scheduler import (Clock, Cron, Every, Journal, Once, Quiet, QuietHours,
                                        Scheduler, missed, publication_times)
from pipeline.state import MIGRATIONS, SCHEMA_VERSION, open_state
from test_crontab import MEANINGS

LONDON = ZoneInfo("Europe/London")
QUIET = QuietHours.parse("01:00-03:00", LONDON)


def at(text: str, fold: int = 0) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LONDON, fold=fold)


def fires(schedule, start: datetime, end: datetime) -> list[str]:
    """Every fire time from start to end, as the scheduler asks for them."""
    out, fire = [], schedule.first(start)
    while fire is not None and fire.timestamp() <= end.timestamp():
        out.append(fire.astimezone(LONDON).strftime("%d %H:%M %Z"))
        fire = schedule.following(fire)
    return out


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
    schedule = Quiet(Cron("30 1 * * *", LONDON), QUIET)
    assert fires(schedule, at("2025-03-29T00:00"), at("2025-03-31T12:00")) == [
        "29 03:00 GMT", "30 03:00 BST", "31 03:00 BST"]
    assert fires(schedule, at("2025-10-25T00:00"), at("2025-10-27T12:00")) == [
        "25 03:00 BST", "26 03:00 GMT", "27 03:00 GMT"]


def test_an_interval_job_skips_the_quiet_hours_and_resumes_at_three():
    autumn = Quiet(Every(30, at("2025-10-26T00:00")), QUIET)
    assert fires(autumn, at("2025-10-26T00:00"), at("2025-10-26T04:00")) == [
        "26 00:00 BST", "26 00:30 BST", "26 03:00 GMT", "26 03:30 GMT", "26 04:00 GMT"]
    spring = Quiet(Every(30, at("2025-03-30T00:00")), QUIET)
    assert fires(spring, at("2025-03-30T00:00"), at("2025-03-30T03:30")) == [
        "30 00:00 GMT", "30 00:30 GMT", "30 03:00 BST", "30 03:30 BST"]


def test_an_interval_counts_elapsed_time_across_a_clock_change():
    """Every 5 minutes means every 300 seconds, whatever the wall clock does."""
    hourly = Every(60, at("2025-10-26T00:10"))
    assert fires(hourly, at("2025-10-26T00:00"), at("2025-10-26T03:30")) == [
        "26 00:10 BST", "26 01:10 BST", "26 01:10 GMT", "26 02:10 GMT", "26 03:10 GMT"]
    # Added in the middle of a period: that period's time is due at once, then the grid.
    started = Every(5, at("2025-06-10T09:00"))
    assert started.first(at("2025-06-10T09:07")) == at("2025-06-10T09:05")
    assert started.following(at("2025-06-10T09:05")) == at("2025-06-10T09:10")
    assert started.following(at("2025-06-10T09:07")) == at("2025-06-10T09:10")


def test_a_publication_time_in_the_quiet_hours_moves_to_their_end_and_fires_once():
    night = Quiet(Once(at("2025-06-10T01:30")), QUIET)
    assert fires(night, at("2025-06-09T12:00"), at("2025-06-11T12:00")) == ["10 03:00 BST"]
    morning = Quiet(Once(at("2025-06-10T09:00")), QUIET)
    assert fires(morning, at("2025-06-09T12:00"), at("2025-06-11T12:00")) == ["10 09:00 BST"]


@pytest.mark.parametrize("line, start, meaning, expected", MEANINGS,
                         ids=[m[0] for m in MEANINGS])
def test_the_services_crontab_jobs_fire_when_crontab_says(line, start, meaning, expected):
    """The newsletter, digest and reminder jobs read their lines as the mail stage does."""
    schedule = Cron(line, LONDON)
    out, fire = [], schedule.first(at(start))
    for _ in expected:
        out.append(fire.isoformat())
        fire = schedule.following(fire)
    assert out == expected, meaning


def test_a_crontab_job_added_at_its_fire_time_runs_then():
    schedule = Cron("0 8 * * 1-5", LONDON)
    assert schedule.first(at("2025-06-10T08:00")) == at("2025-06-10T08:00")
    assert schedule.first(at("2025-06-10T08:00:00.5")) == at("2025-06-11T08:00")


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
    later = first
    while later == first:   # the system clock ticks: wait for it, not for a set time
        later = clock.now()
    assert later > first


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
        self.release = threading.Event()

    def wait_for(self, count: int, timeout: float = 10) -> list:
        with self.done:
            assert self.done.wait_for(lambda: len(self.calls) >= count, timeout), self.calls
            return list(self.calls)


def record(name: str, *, service: Runs = None) -> dict:
    with service.done:
        service.calls.append(name)
        service.done.notify_all()
    return {"summary": f"ran {name}"}


def held(name: str, *, service: Runs = None) -> dict:
    """Records its start, then runs until the test releases it."""
    record(name, service=service)
    assert service.release.wait(10)
    return {"summary": f"released {name}"}


def explode(*, service=None):
    return 1 / 0


FUNCTIONS = (record, held, explode)


def scheduler_for(project, clock, runs=None, skipped=None, workers=3):
    stream, runs = io.StringIO(), runs or Runs()
    journal = Journal(project.config, clock, stream)
    on_skipped = skipped.append if skipped is not None else None
    scheduler = Scheduler(clock, journal, project.config.state_db, runs, FUNCTIONS,
                          on_skipped=on_skipped, workers=workers)
    return scheduler, runs, stream


def events(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def finish(started) -> None:
    done, pending = wait(started, timeout=10)
    assert not pending
    for future in done:
        future.result()


def stored(project) -> dict[str, tuple]:
    with open_state(project.config.state_db) as db:
        return {row["id"]: (row["function"], json.loads(row["args"]), row["next_run"])
                for row in db.execute("SELECT * FROM jobs")}


def test_the_scheduler_runs_on_its_clock_coalesces_and_logs_missed_runs(project):
    clock = HandClock(at("2025-06-10T09:00"))
    scheduler, runs, stream = scheduler_for(project, clock)
    every = Quiet(Every(5, clock.now()), QUIET)
    scheduler.add("reconcile", record, every, 300, args=("reconcile",))
    scheduler.add("publish:b", record, Quiet(Once(at("2025-06-10T09:02")), QUIET), 60,
                  args=("publish:b",))
    finish(scheduler.run_due())
    assert runs.calls == ["reconcile"]
    assert scheduler.get("reconcile").next_run == at("2025-06-10T09:05")
    assert scheduler.run_due() == []                 # nothing else is due at 09:00
    # Seventeen minutes pass at once (as after a pause): the three reconcile times
    # run as one; the publication, 15 minutes late with 60 s of grace, is missed.
    clock.when = at("2025-06-10T09:17")
    finish(scheduler.run_due())
    assert runs.calls == ["reconcile", "reconcile"]
    assert scheduler.get("reconcile").next_run == at("2025-06-10T09:20")
    assert scheduler.get("publish:b") is None
    assert set(stored(project)) == {"reconcile"}
    scheduler.stop()
    lines = events(stream)
    assert [(e["job"], e["scheduled_for"][11:16]) for e in lines
            if e["event"] == "job-start"] == [("reconcile", "09:00"), ("reconcile", "09:15")]
    missed_line = [e for e in lines if e["event"] == "job-missed"]
    assert [(e["job"], e["scheduled_for"][11:16], e["late_seconds"]) for e in missed_line] == \
        [("publish:b", "09:02", 900)]
    with open_state(project.config.state_db) as db:
        rows = db.execute("SELECT job_id, outcome, detail FROM job_runs ORDER BY id").fetchall()
    # The missed-run record and the second reconcile's rows come from different
    # threads, so their order in the table is not fixed; each is there once.
    assert sorted(tuple(r) for r in rows) == sorted([
        ("reconcile", "ok", "ran reconcile"),
        ("publish:b", "missed", "could not start within its grace time (late by 900 s)"),
        ("reconcile", "ok", "ran reconcile")])


def test_a_job_due_while_its_last_run_goes_on_is_skipped_not_doubled(project):
    clock, skipped = HandClock(at("2025-06-10T09:00")), []
    scheduler, runs, stream = scheduler_for(project, clock, skipped=skipped)
    scheduler.add("reconcile", held, Every(5, clock.now()), 300, args=("reconcile",))
    first = scheduler.run_due()
    runs.wait_for(1)
    clock.when = at("2025-06-10T09:05")
    assert scheduler.run_due() == []
    assert skipped == ["reconcile"]
    assert scheduler.get("reconcile").next_run == at("2025-06-10T09:10")
    runs.release.set()
    finish(first)
    clock.when = at("2025-06-10T09:10")
    finish(scheduler.run_due())
    assert runs.calls == ["reconcile", "reconcile"]
    scheduler.stop()


def test_a_failing_job_is_journalled_and_the_scheduler_carries_on(project):
    clock = HandClock(at("2025-06-10T09:00"))
    scheduler, runs, stream = scheduler_for(project, clock)
    scheduler.add("broken", explode, Once(clock.now()), 60)
    scheduler.add("after", record, Once(clock.now()), 60, args=("after",))
    finish(scheduler.run_due())
    scheduler.stop()
    assert runs.calls == ["after"]
    error = next(e for e in events(stream) if e["event"] == "job-error")
    assert (error["job"], error["outcome"], error["detail"]) == \
        ("broken", "error", "ZeroDivisionError: division by zero")
    assert "explode" in error["traceback"]
    assert next(e for e in events(stream) if e["event"] == "job-end")["job"] == "after"


def test_jobs_outlive_a_restart_once_each_and_a_missed_time_runs_late(project):
    clock = HandClock(at("2025-06-10T08:00"))
    scheduler, runs, stream = scheduler_for(project, clock)
    scheduler.add("newsletter", record, Cron("0 9 * * 1-5", LONDON), 3600, args=("newsletter",),
                  keep_schedule=True)
    scheduler.add("publish:x", record, Once(at("2025-06-10T09:30")), 3600, args=("publish:x",))
    scheduler.stop()
    assert stored(project) == {
        "newsletter": ("record", ["newsletter"], "2025-06-10T09:00:00+01:00"),
        "publish:x": ("record", ["publish:x"], "2025-06-10T09:30:00+01:00")}
    # Down over 09:00 and 09:30; back at 09:40, within the grace of both.
    clock.when = at("2025-06-10T09:40")
    scheduler, runs, stream = scheduler_for(project, clock)
    assert scheduler.load() == ["newsletter", "publish:x"]
    scheduler.add("newsletter", record, Cron("0 9 * * 1-5", LONDON), 3600, args=("newsletter",),
                  keep_schedule=True)       # as the service adds its fixed jobs at start
    assert scheduler.get("newsletter").next_run == at("2025-06-10T09:00")
    finish(scheduler.run_due())
    assert sorted(runs.calls) == ["newsletter", "publish:x"]
    assert sorted((e["job"], e["scheduled_for"][11:16]) for e in events(stream)
                  if e["event"] == "job-start") == [("newsletter", "09:00"), ("publish:x", "09:30")]
    assert stored(project) == {
        "newsletter": ("record", ["newsletter"], "2025-06-11T09:00:00+01:00")}
    scheduler.stop()


def test_a_changed_schedule_replaces_the_stored_job(project):
    clock = HandClock(at("2025-06-10T08:30"))   # a Tuesday
    scheduler, runs, stream = scheduler_for(project, clock)
    scheduler.add("digest", record, Cron("0 9 * * 1-5", LONDON), 60, keep_schedule=True)
    scheduler.stop()
    scheduler, runs, stream = scheduler_for(project, clock)
    scheduler.load()
    scheduler.add("digest", record, Cron("0 8 * * */2", LONDON), 60, keep_schedule=True)
    assert scheduler.get("digest").next_run == at("2025-06-12T08:00")   # the next Thursday
    assert [job.id for job in scheduler.jobs()] == ["digest"]
    assert stored(project)["digest"][2] == "2025-06-12T08:00:00+01:00"
    scheduler.remove("digest")
    assert stored(project) == {}
    scheduler.stop()


def test_a_stored_job_this_version_does_not_know_is_dropped(project):
    with open_state(project.config.state_db) as db:
        db.execute("INSERT INTO jobs VALUES ('gone', 'job_gone', '[]', 'once', "
                   "'2025-06-10T09:00:00+01:00', 60)")
    scheduler, runs, stream = scheduler_for(project, HandClock(at("2025-06-10T08:00")))
    assert scheduler.load() == []
    assert stored(project) == {}
    scheduler.stop()


def test_the_loop_runs_jobs_when_their_time_comes_and_stop_waits_for_the_one_in_flight(project):
    clock = HandClock(at("2025-06-10T09:00"))
    scheduler, runs, stream = scheduler_for(project, clock)
    scheduler.add("feeds", record, Every(60, clock.now()), 3600, args=("feeds",))
    scheduler.start()
    assert runs.wait_for(1) == ["feeds"]
    scheduler.add("publish:x", held, Once(at("2025-06-10T09:30")), 60, args=("publish:x",))
    clock.when = at("2025-06-10T09:30")
    scheduler.wakeup()
    assert runs.wait_for(2) == ["feeds", "publish:x"]
    # SIGTERM: stop() returns only once the publication in flight has ended.
    releaser = threading.Timer(0.2, runs.release.set)
    releaser.start()
    scheduler.stop()
    assert [e["job"] for e in events(stream) if e["event"] == "job-end"] == ["feeds", "publish:x"]
    assert runs.release.is_set()


def test_at_stop_a_run_still_waiting_for_a_worker_is_not_started(project):
    clock = HandClock(at("2025-06-10T09:00"))
    scheduler, runs, stream = scheduler_for(project, clock, workers=1)
    scheduler.add("digest", held, Once(clock.now()), 60, args=("digest",))
    scheduler.add("newsletter", record, Once(clock.now()), 60, args=("newsletter",))
    scheduler.run_due()
    runs.wait_for(1)
    threading.Timer(0.2, runs.release.set).start()
    scheduler.stop()
    assert runs.calls == ["digest"]
    assert [(e["event"], e["job"]) for e in events(stream)
            if e["event"] in ("job-end", "job-not-started")] == [
        ("job-end", "digest"), ("job-not-started", "newsletter")]


def test_an_older_database_loses_the_old_scheduler_store_and_gains_the_jobs_table(tmp_path):
    path = tmp_path / "state.db"
    connection = sqlite3.connect(path)
    before = [m.__name__ for m in MIGRATIONS].index("_4_service_jobs")   # the version before
    for migration in MIGRATIONS[:before]:            # a database as that version left it
        migration(connection)
    connection.execute("CREATE TABLE apscheduler_jobs (id VARCHAR(191) PRIMARY KEY, "
                       "next_run_time FLOAT, job_state BLOB NOT NULL)")
    connection.execute("INSERT INTO apscheduler_jobs VALUES ('reconcile', 1.0, x'00')")
    connection.execute(f"PRAGMA user_version = {before}")
    connection.commit()
    connection.close()
    with open_state(path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master "
                                                "WHERE type = 'table'")}
        version = db.execute("PRAGMA user_version").fetchone()[0]
    assert "jobs" in tables and "apscheduler_jobs" not in tables
    assert version == SCHEMA_VERSION


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
