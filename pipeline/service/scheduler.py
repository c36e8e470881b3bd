"""The service's timekeeping: an explicit clock, quiet hours, schedules, the loop that runs jobs.

Everything reads the time from a Clock, so `cascade serve --now 2025-07-01T08:59:57`
behaves exactly as the real service would three seconds before 09:00, and tests
drive the scheduler with a clock they move by hand.

A schedule says when a job first fires (`first(now)`) and when it fires after a
given fire (`following(fire)`): `Every` n minutes, `Cron` for crontab lines,
`Once` for a publication time, each wrapped in `Quiet` to keep out of the quiet
hours. The Scheduler keeps each job's next run in the state database (table
`jobs`), so a restart replaces jobs rather than duplicating them and a time that
passed while the service was down runs late within the job's grace, or is
logged as missed. A job runs in a worker thread, one run of a job at a time; when
several of its times have passed, only the newest runs.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import threading
import traceback
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Callable, Iterable, TextIO

from pipeline import crontab
from pipeline.exceptions import CascadeError
from pipeline.settings.kinds import parse_quiet_hours
from pipeline.state import open_state

KEEP_RUNS = 200   # per job: enough history for status, bounded for a service that runs for years
# The loop looks at the clock at least this often, so a jump of the system clock
# (a suspended machine, a time sync) delays nothing by more than this.
LONGEST_WAIT = 30.0
RETRY_SECONDS = 10.0   # after the state database could not be written


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


# Schedules. str() of a schedule is stored with its job: a job added again with
# the same text keeps its place; with another text it is replaced.

@dataclass(frozen=True)
class Every:
    """Every `minutes` minutes from `start` (elapsed time: a clock change moves nothing)."""

    minutes: int
    start: datetime

    def first(self, now: datetime) -> datetime:
        """`start`, or once it has passed the fire time of the period now is in (due at once)."""
        if crontab.utc(now) <= crontab.utc(self.start):
            return self.start
        return self._at(int((crontab.utc(now) - crontab.utc(self.start)) // self._step))

    def following(self, fire: datetime) -> datetime:
        return self._at(int((crontab.utc(fire) - crontab.utc(self.start)) // self._step) + 1)

    @property
    def _step(self) -> timedelta:
        return timedelta(minutes=self.minutes)

    def _at(self, steps: int) -> datetime:
        return (crontab.utc(self.start) + steps * self._step).astimezone(self.start.tzinfo)

    def __str__(self) -> str:
        return f"every {self.minutes} min from {_iso(self.start)}"


@dataclass(frozen=True)
class Cron:
    """The fire times of a crontab line in a time zone, as cron reads the line."""

    line: str
    tz: object

    def first(self, now: datetime) -> datetime | None:
        return crontab.next_fire(self.line, self.tz, crontab.utc(now) - timedelta(microseconds=1))

    def following(self, fire: datetime) -> datetime | None:
        return crontab.next_fire(self.line, self.tz, fire)

    def __str__(self) -> str:
        return f"cron '{self.line}' in {self.tz}"


@dataclass(frozen=True)
class Once:
    """One fire at `when` (a time already passed still fires: its grace decides)."""

    when: datetime

    def first(self, now: datetime) -> datetime:
        return self.when

    def following(self, fire: datetime) -> None:
        return None

    def __str__(self) -> str:
        return f"once at {_iso(self.when)}"


@dataclass(frozen=True)
class Quiet:
    """Another schedule with fire times inside quiet hours moved to their end.

    The moved time is the fire the next one is counted from, so fires that fall in
    one window collapse into one, and a one-off time still fires.
    """

    inner: object
    quiet: QuietHours

    def first(self, now: datetime) -> datetime | None:
        return self.quiet.defer(self.inner.first(now))

    def following(self, fire: datetime) -> datetime | None:
        return self.quiet.defer(self.inner.following(fire))

    def __str__(self) -> str:
        return f"{self.inner} outside {self.quiet.start:%H:%M}-{self.quiet.end:%H:%M}"


@dataclass(frozen=True)
class Stored:
    """A job's schedule as read back from the state database: its next run, then none.

    Fixed jobs are added again at start (and keep their stored next run when their
    schedule is unchanged); a one-off job read back runs at its time.
    """

    text: str
    next_run: datetime

    def first(self, now: datetime) -> datetime:
        return self.next_run

    def following(self, fire: datetime) -> None:
        return None

    def __str__(self) -> str:
        return self.text


def missed(run_time: datetime, now: datetime, grace_seconds: float | None) -> bool:
    """A run is missed when it could not start within its grace time."""
    return grace_seconds is not None and \
        crontab.utc(now) - crontab.utc(run_time) > timedelta(seconds=grace_seconds)


def publication_times(items, now: datetime) -> dict[str, datetime]:
    """A date job per item that is ready but not yet due: {"publish:<id>": its date}."""
    return {f"publish:{item.id}": item.meta["date"] for item in items
            if item.state(now) == "scheduled"}


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
        late = (crontab.utc(self.clock.now()) - crontab.utc(run_time)).total_seconds()
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


def stored_jobs(db) -> dict[str, datetime]:
    """Each stored job's next run, by job id (for status)."""
    return {row["id"]: datetime.fromisoformat(row["next_run"])
            for row in db.execute("SELECT id, next_run FROM jobs")}


@dataclass
class Job:
    id: str
    func: Callable
    schedule: object
    grace: float
    args: tuple
    next_run: datetime


class Scheduler:
    """Runs each job at its schedule's fire times on the clock, one run of a job at a time.

    Job functions are called as `func(*args, service=context)` and return a dict for
    the journal ("summary" becomes the detail); a CascadeError or any other exception
    is journalled as the run's error and the scheduler carries on.
    """

    def __init__(self, clock, journal: Journal, state_db, context,
                 functions: Iterable[Callable] = (),
                 on_skipped: Callable[[str], None] | None = None, workers: int = 3):
        self.clock, self.journal, self.state_db, self.context = clock, journal, state_db, context
        self.on_skipped = on_skipped or (lambda job_id: None)
        self._functions = {func.__name__: func for func in functions}
        self._jobs: dict[str, Job] = {}
        self._running: dict[str, Future] = {}
        self._lock = threading.RLock()
        self._wake = threading.Event()
        self._stopping = False
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="job")
        self._thread: threading.Thread | None = None

    # The jobs.

    def load(self) -> list[str]:
        """Read back the stored jobs (before adding the fixed ones); the ids read."""
        with open_state(self.state_db) as db:
            rows = db.execute("SELECT * FROM jobs").fetchall()
            for row in rows:
                func = self._functions.get(row["function"])
                if func is None:   # a job this version no longer has
                    db.execute("DELETE FROM jobs WHERE id = ?", (row["id"],))
                    continue
                when = datetime.fromisoformat(row["next_run"])
                self._jobs[row["id"]] = Job(row["id"], func, Stored(row["schedule"], when),
                                            row["grace_seconds"], tuple(json.loads(row["args"])),
                                            when)
        return sorted(self._jobs)

    def add(self, job_id: str, func: Callable, schedule, grace: float, args: tuple = (),
            keep_schedule: bool = False) -> None:
        """Add a job, or replace the one with this id.

        `keep_schedule`: when the schedule is unchanged, keep the job's next run, so
        a time that passed while the service was down runs late (or is logged missed).
        """
        args = tuple(args)
        with self._lock:
            existing = self._jobs.get(job_id)
            first = schedule.first(self.clock.now())
            same = existing is not None and str(existing.schedule) == str(schedule)
            if same and keep_schedule:
                first = existing.next_run
            if first is None:
                self.remove(job_id)
                return
            job = Job(job_id, func, schedule, float(grace), args, first)
            self._jobs[job_id] = job
            if not (same and crontab.utc(existing.next_run) == crontab.utc(first) and existing.args == args
                    and existing.grace == job.grace and existing.func is func):
                self._save(job)
        self._wake.set()

    def remove(self, job_id: str) -> None:
        with self._lock:
            if self._jobs.pop(job_id, None) is not None:
                with open_state(self.state_db) as db:
                    db.execute("DELETE FROM jobs WHERE id = ?", (job_id,))

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def jobs(self) -> list[Job]:
        with self._lock:
            return sorted(self._jobs.values(), key=lambda job: (crontab.utc(job.next_run), job.id))

    # Running them.

    def run_due(self) -> list[Future]:
        """Start every job whose time has come on the clock; the runs started."""
        started, skipped, late, unsaved = [], [], [], []
        with self._lock:
            if self._stopping:
                return []
            now = self.clock.now()
            for job in [job for job in self.jobs() if crontab.utc(job.next_run) <= crontab.utc(now)]:
                run_time, following = job.next_run, job.schedule.following(job.next_run)
                while following is not None and crontab.utc(following) <= crontab.utc(now):
                    run_time, following = following, job.schedule.following(following)
                try:   # the run goes ahead even if the database cannot record its next time
                    if following is None:
                        self.remove(job.id)
                    else:
                        job.next_run = following
                        self._save(job)
                except sqlite3.Error as exc:
                    unsaved.append((job.id, exc))
                if job.id in self._running:
                    skipped.append(job.id)
                elif missed(run_time, now, job.grace):
                    late.append((job.id, run_time))
                else:
                    future = self._pool.submit(self._run, job, run_time)
                    self._running[job.id] = future
                    started.append(future)
        for job_id, exc in unsaved:
            self.journal.event("jobstore-error", job=job_id, detail=str(exc)[:200])
        for job_id, run_time in late:
            self.journal.missed(job_id, run_time)
        for job_id in skipped:
            self.on_skipped(job_id)
        return started

    def seconds_to_next(self) -> float:
        """How long the loop may wait before a job is due (at most LONGEST_WAIT)."""
        with self._lock:
            if not self._jobs:
                return LONGEST_WAIT
            soonest = min(crontab.utc(job.next_run) for job in self._jobs.values())
        wait = (soonest - crontab.utc(self.clock.now())).total_seconds()
        return min(max(wait, 0.0), LONGEST_WAIT)

    def start(self) -> None:
        """Run due jobs in a background thread until stop()."""
        self._thread = threading.Thread(target=self._loop, name="scheduler", daemon=True)
        self._thread.start()

    def wakeup(self) -> None:
        """Look at the clock now (a test moved it, or a job was added)."""
        self._wake.set()

    def stop(self) -> None:
        """Start nothing more; wait for the runs in flight to end."""
        with self._lock:
            self._stopping = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
        # Runs still queued behind busy workers are not started (the next start's
        # pass does their work); the ones already going finish.
        self._pool.shutdown(wait=True, cancel_futures=True)
        for job_id, future in sorted(self._running.items()):
            if future.cancelled():
                self.journal.event("job-not-started", job=job_id,
                                   detail="the service is stopping")

    def _loop(self) -> None:
        while True:
            self._wake.clear()
            with self._lock:
                if self._stopping:
                    return
            try:
                self.run_due()
                wait = self.seconds_to_next()
            except Exception as exc:  # the database is busy or gone: say so, try again
                self.journal.event("scheduler-error", detail=str(exc)[:200],
                                   traceback=traceback.format_exc(limit=8))
                wait = RETRY_SECONDS
            self._wake.wait(wait)

    def _run(self, job: Job, run_time: datetime) -> None:
        try:
            run_job(job, run_time, self.context, self.journal)
        except Exception as exc:  # the journal itself failed: keep the service up
            self.journal.event("scheduler-error", job=job.id, detail=str(exc)[:200],
                               traceback=traceback.format_exc(limit=8))
        finally:
            with self._lock:
                self._running.pop(job.id, None)

    def _save(self, job: Job) -> None:
        with open_state(self.state_db) as db:
            db.execute("INSERT INTO jobs(id, function, args, schedule, next_run, grace_seconds) "
                       "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                       "function = excluded.function, args = excluded.args, "
                       "schedule = excluded.schedule, next_run = excluded.next_run, "
                       "grace_seconds = excluded.grace_seconds",
                       (job.id, job.func.__name__, json.dumps(list(job.args)),
                        str(job.schedule), job.next_run.isoformat(), job.grace))


def run_job(job: Job, run_time: datetime, context, journal: Journal) -> str:
    """Run one job for its due time and journal it; the outcome."""
    run_id = journal.started(job.id, run_time)
    try:
        result = job.func(*job.args, service=context) or {}
    except CascadeError as exc:
        journal.ended(run_id, job.id, "error", str(exc))
        return "error"
    except Exception as exc:  # a bug: keep the service up, log where it happened
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        journal.ended(run_id, job.id, "error", detail, traceback=traceback.format_exc(limit=8))
        return "error"
    summary = result.pop("summary", "")
    journal.ended(run_id, job.id, "ok", summary, **result)
    return "ok"


def _iso(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


