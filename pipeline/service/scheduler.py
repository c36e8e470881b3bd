"""The service's timekeeping: an explicit clock, quiet hours, and APScheduler run on that clock.

APScheduler 3 reads the system clock in its main loop and its executor. Cascade
runs it on a Clock object instead, so `cascade serve --now 2025-07-01T08:59:57`
behaves exactly as the real service would three seconds before 09:00. The
overrides below are the only places that read the time; everything else is
APScheduler's own behaviour (job store, triggers, coalescing, max instances).

Job functions are module-level (the SQLAlchemy job store keeps references to
them) and take plain arguments; the executor hands each one the running
service as the keyword `service` when it runs, so nothing of the running
process is ever stored.
"""

from __future__ import annotations

import json
import sys
import threading
import traceback
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from threading import TIMEOUT_MAX
from typing import Callable, TextIO

from apscheduler.events import (EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED,
                                JobExecutionEvent)
from apscheduler.executors.base import MaxInstancesReachedError
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_PAUSED
from apscheduler.triggers.base import BaseTrigger

from pipeline.settings.kinds import parse_quiet_hours
from pipeline.exceptions import CascadeError
from pipeline.state import open_state

KEEP_RUNS = 200   # per job: enough history for status, bounded for a service that runs for years


@dataclass(frozen=True)
class Clock:
    """The service's time: the system clock moved by a fixed offset, running at real speed."""

    tz: object
    offset: timedelta = timedelta(0)

    @classmethod
    def starting_at(cls, when: datetime, tz) -> "Clock":
        return cls(tz, when - datetime.now(tz))

    def now(self) -> datetime:
        return datetime.now(self.tz) + self.offset


@dataclass(frozen=True)
class QuietHours:
    """A daily window (local time) in which no job starts; a job due then starts at its end."""

    start: time
    end: time
    tz: object

    @classmethod
    def parse(cls, text: str, tz) -> "QuietHours":
        start, end = parse_quiet_hours(text)
        return cls(start, end, tz)

    def contains(self, when: datetime) -> bool:
        local = when.astimezone(self.tz).time()
        return self.start <= local < self.end

    def end_after(self, when: datetime) -> datetime:
        """The end of the window `when` falls in (03:00 exists on both changeover days)."""
        day: date = when.astimezone(self.tz).date()
        return datetime.combine(day, self.end, tzinfo=self.tz)

    def defer(self, when: datetime | None) -> datetime | None:
        return self.end_after(when) if when is not None and self.contains(when) else when


class QuietTrigger(BaseTrigger):
    """Any APScheduler trigger, with fire times inside quiet hours moved to their end.

    APScheduler passes the moved time back as the previous fire time, so fires
    that fall in one window collapse into one, and a one-off date still fires.
    """

    def __init__(self, inner: BaseTrigger, quiet: QuietHours):
        self.inner, self.quiet = inner, quiet

    def get_next_fire_time(self, previous_fire_time, now):
        return self.quiet.defer(self.inner.get_next_fire_time(previous_fire_time, now))

    def __str__(self):
        return f"{self.inner} outside {self.quiet.start:%H:%M}-{self.quiet.end:%H:%M}"


def missed(run_time: datetime, now: datetime, grace_seconds: float | None) -> bool:
    """A run is missed when it could not start within its grace time."""
    return grace_seconds is not None and now - run_time > timedelta(seconds=grace_seconds)


def publication_times(items, now: datetime) -> dict[str, datetime]:
    """A date job per item that is ready but not yet due: {"publish:<id>": its date}."""
    return {f"publish:{item.id}": item.meta["date"] for item in items
            if item.state(now) == "scheduled"}


def due_run_times(job, now: datetime) -> list[datetime]:
    """The run times of `job` at or before `now`; the newest only when runs coalesce."""
    times = job._get_run_times(now)
    return times[-1:] if times and job.coalesce else times


class Journal:
    """Structured log lines on stderr (one JSON object each) and job runs in the state DB."""

    def __init__(self, config, clock: Clock, stream: TextIO | None = None):
        self.config, self.clock = config, clock
        self.stream = stream or sys.stderr
        self._lock = threading.Lock()

    def event(self, kind: str, /, **fields) -> None:
        record = {"time": self.clock.now().isoformat(timespec="seconds"), "event": kind}
        record.update({k: v for k, v in fields.items() if v is not None})
        line = json.dumps(record, default=str, ensure_ascii=False)
        with self._lock:
            self.stream.write(line + "\n")
            self.stream.flush()

    def started(self, job_id: str, run_time: datetime) -> int:
        self.event("job-start", job=job_id, scheduled_for=_iso(run_time))
        with open_state(self.config.state_db) as db:
            cursor = db.execute(
                "INSERT INTO job_runs(job_id, scheduled_for, started_at, outcome) "
                "VALUES (?, ?, ?, 'running')", (job_id, _iso(run_time), _iso(self.clock.now())))
            return cursor.lastrowid

    def ended(self, run_id: int, job_id: str, outcome: str, detail: str, **fields) -> None:
        self.event("job-end" if outcome == "ok" else "job-error", job=job_id, outcome=outcome,
                   detail=detail or None, **fields)
        with open_state(self.config.state_db) as db:
            db.execute("UPDATE job_runs SET ended_at = ?, outcome = ?, detail = ? WHERE id = ?",
                       (_iso(self.clock.now()), outcome, detail, run_id))
            db.execute("DELETE FROM job_runs WHERE job_id = ? AND id NOT IN (SELECT id FROM "
                       "job_runs WHERE job_id = ? ORDER BY id DESC LIMIT ?)",
                       (job_id, job_id, KEEP_RUNS))

    def missed(self, job_id: str, run_time: datetime) -> None:
        late = (self.clock.now() - run_time).total_seconds()
        self.event("job-missed", job=job_id, scheduled_for=_iso(run_time),
                   late_seconds=round(late))
        now = _iso(self.clock.now())
        with open_state(self.config.state_db) as db:
            db.execute("INSERT INTO job_runs(job_id, scheduled_for, started_at, ended_at, "
                       "outcome, detail) VALUES (?, ?, ?, ?, 'missed', ?)",
                       (job_id, _iso(run_time), now, now,
                        f"could not start within its grace time (late by {late:.0f} s)"))


    def close_interrupted(self) -> int:
        """Runs left 'running' by a process that was killed are marked interrupted."""
        with open_state(self.config.state_db) as db:
            return db.execute("UPDATE job_runs SET outcome = 'interrupted', detail = "
                              "'the service stopped before the job ended' "
                              "WHERE outcome = 'running'").rowcount


def last_runs(db) -> dict[str, dict]:
    """The latest run of each job, by job id."""
    rows = db.execute("SELECT * FROM job_runs WHERE id IN (SELECT MAX(id) FROM job_runs "
                      "GROUP BY job_id) ORDER BY job_id").fetchall()
    return {row["job_id"]: dict(row) for row in rows}


def _iso(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


class ClockedExecutor(ThreadPoolExecutor):
    """A thread pool that runs jobs on the service's clock and journals every run."""

    def __init__(self, service, journal: Journal, workers: int = 3):
        super().__init__(max_workers=workers)
        self.service, self.journal = service, journal

    def _do_submit_job(self, job, run_times):
        def done(future):
            exc = future.exception()
            if exc is not None:
                self._run_job_error(job.id, exc, exc.__traceback__)
            else:
                self._run_job_success(job.id, future.result())
        future = self._pool.submit(run_job, job, run_times, self.service, self.journal)
        future.add_done_callback(done)

    def drain(self) -> None:
        """Wait for the jobs in flight; accept no more."""
        self._pool.shutdown(wait=True)


def run_job(job, run_times: list[datetime], service, journal: Journal) -> list:
    """Run one job for its due times: skip (and log) a missed time, record the rest."""
    events = []
    for run_time in run_times:
        if missed(run_time, journal.clock.now(), job.misfire_grace_time):
            journal.missed(job.id, run_time)
            events.append(JobExecutionEvent(EVENT_JOB_MISSED, job.id, job._jobstore_alias,
                                            run_time))
            continue
        run_id = journal.started(job.id, run_time)
        try:
            result = job.func(*job.args, service=service, **job.kwargs) or {}
        except CascadeError as exc:
            journal.ended(run_id, job.id, "error", str(exc))
            events.append(JobExecutionEvent(EVENT_JOB_ERROR, job.id, job._jobstore_alias,
                                            run_time, exception=exc))
        except Exception as exc:  # a bug: keep the service up, log where it happened
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            journal.ended(run_id, job.id, "error", detail,
                          traceback=traceback.format_exc(limit=8))
            events.append(JobExecutionEvent(EVENT_JOB_ERROR, job.id, job._jobstore_alias,
                                            run_time, exception=exc))
        else:
            summary = result.pop("summary", "")
            journal.ended(run_id, job.id, "ok", summary, **result)
            events.append(JobExecutionEvent(EVENT_JOB_EXECUTED, job.id, job._jobstore_alias,
                                            run_time))
    return events


class ClockedScheduler(BackgroundScheduler):
    """APScheduler's background scheduler, reading the time from a Clock."""

    def __init__(self, clock: Clock, journal: Journal, on_skipped: Callable[[str], None],
                 **options):
        self.clock, self.journal, self.on_skipped = clock, journal, on_skipped
        super().__init__(**options)

    def _process_jobs(self):
        """APScheduler's loop step with clock.now() for the system time; seconds to wait."""
        if self.state == STATE_PAUSED:
            return None
        try:
            return self._process_due(self.clock.now())
        except Exception as exc:  # a bug: say so, keep the loop (and the service) alive
            self.journal.event("scheduler-error", detail=str(exc)[:200],
                               traceback=traceback.format_exc(limit=8))
            return float(self.jobstore_retry_interval)

    def _process_due(self, now: datetime):
        wakeup = None
        with self._jobstores_lock:
            for alias, store in self._jobstores.items():
                try:
                    due = store.get_due_jobs(now)
                except Exception as exc:  # the database is busy or gone: try again shortly
                    self.journal.event("jobstore-error", detail=str(exc)[:200])
                    retry = now + timedelta(seconds=self.jobstore_retry_interval)
                    wakeup = retry if wakeup is None else min(wakeup, retry)
                    continue
                for job in due:
                    run_times = due_run_times(job, now)
                    if not run_times:
                        continue
                    try:
                        self._lookup_executor(job.executor).submit_job(job, run_times)
                    except MaxInstancesReachedError:
                        self.on_skipped(job.id)
                    except RuntimeError:   # the pool was closed: the service is stopping
                        self.journal.event("job-not-started", job=job.id,
                                           detail="the service is stopping")
                    following = job.trigger.get_next_fire_time(run_times[-1], now)
                    if following:
                        job._modify(next_run_time=following)
                        store.update_job(job)
                    else:
                        self.remove_job(job.id, alias)
                upcoming = store.get_next_run_time()
                if upcoming and (wakeup is None or upcoming < wakeup):
                    wakeup = upcoming
        if wakeup is None or self.state == STATE_PAUSED:
            return None
        return min(max((wakeup - self.clock.now()).total_seconds(), 0), TIMEOUT_MAX)


def add_job(scheduler, func, job_id: str, trigger: BaseTrigger, clock: Clock, grace: float,
            args: tuple = (), start: datetime | None = None, keep_schedule: bool = False) -> None:
    """Add or replace a job, its first run computed on the service's clock.

    `start`: the first run of an interval job (its trigger starts then).
    `keep_schedule`: keep a stored job's next run when its schedule is unchanged, so a
    time that passed while the service was down is run late (or logged as missed).
    """
    first = trigger.get_next_fire_time(None, start or clock.now())
    existing = scheduler.get_job(job_id)
    if first is None:
        if existing is not None:
            scheduler.remove_job(job_id)
        return
    if existing is not None and str(existing.trigger) == str(trigger):
        if keep_schedule and existing.next_run_time is not None:
            first = existing.next_run_time
        if existing.next_run_time == first and list(existing.args) == list(args) \
                and existing.misfire_grace_time == int(grace):
            return   # unchanged: leave the job store alone
    scheduler.add_job(func, trigger=trigger, id=job_id, name=job_id, args=list(args),
                      replace_existing=True, misfire_grace_time=int(grace), coalesce=True,
                      max_instances=1, next_run_time=first)
