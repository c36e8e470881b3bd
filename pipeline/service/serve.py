"""`cascade serve`: one long-running process that publishes on time and reacts to edits.

It runs, until SIGTERM or SIGINT:
- the scheduler (its jobs kept in the state database): a reconcile pass
  (exactly `cascade run`) every few minutes and at each scheduled publication
  time, the feed poll, the newsletter and digest times, the weekly review reminder;
- a watcher on content/ that turns each burst of saves into one reconcile;
- the public pages (sign-up and its confirmation, unsubscribe, preferences, manage),
  the GOV.UK Notify callback and /healthz over HTTP.

Only one runs per project: a second one refuses to start. On SIGTERM or SIGINT
the job in flight finishes, then the process exits 0. Every job start, end,
error and missed run is one JSON line on stderr.
"""

from __future__ import annotations

import os
import signal
import threading
from dataclasses import dataclass
from datetime import timedelta

from waitress.channel import HTTPChannel
from waitress.task import ErrorTask

from pipeline import publish
from pipeline.feeds import national as feeds
from pipeline.settings.config import Config
from pipeline.content.load import load_content
from pipeline.exceptions import CascadeError, ConfigError
from pipeline.mail.mime import Outgoing
from pipeline.mail.transports.choose import open_transport
from pipeline.service.http import MAX_BODY, SECURITY_HEADERS
from pipeline.service.web import make_app
from pipeline.service.scheduler import (Clock, Cron, Every, Journal, Once, Quiet, QuietHours,
                                        Scheduler, publication_times)
from pipeline.state import exclusive, get_meta, open_state, set_meta
from pipeline.service.status import review_reminder
from pipeline.text import plural

REMINDER_GRACE = 24 * 3600        # a weekly reminder is still worth sending a day late
REQUESTED = ("watch", "feeds-arrived")   # one-off reconciles asked for by events
MAX_HEADER = 16 * 1024             # request line and headers; a page address is far shorter


@dataclass
class Service:
    """The running service, handed to every job by the scheduler."""

    config: Config
    clock: Clock
    journal: Journal
    quiet: QuietHours
    scheduler: Scheduler | None = None

    def reconcile(self) -> dict:
        """One pass (= cascade run), then the publication jobs for what is still scheduled."""
        outcome = publish.run(self.config, self.clock.now())
        self.schedule_publications(outcome)
        done = outcome.actions() or "nothing new"
        if outcome.followups:   # not logged, so not among the actions
            done += f", {plural(outcome.followups, 'follow-up question')} sent"
        return {"summary": f"{done}; {outcome.summary()}", "built": outcome.built,
                "rows": len(outcome.rows), "held_back": len(outcome.held_back),
                "followups": outcome.followups}

    def schedule_publications(self, outcome) -> None:
        """One date job per scheduled item (publish:<id>) so it goes out on time."""
        wanted = publication_times(outcome.items, outcome.now)
        grace = self.config["schedules"]["misfire_grace_seconds"]
        for job_id, when in wanted.items():
            self.scheduler.add(job_id, job_publish, Quiet(Once(when), self.quiet), grace,
                               args=(job_id.split(":", 1)[1],))
        for job in self.scheduler.jobs():
            if job.id.startswith("publish:") and job.id not in wanted:
                self.scheduler.remove(job.id)   # published early, withdrawn or moved

    def request_reconcile(self, job_id: str, delay: float = 0) -> None:
        """A one-off reconcile as soon as possible (a burst of edits, new national updates)."""
        when = self.clock.now() + timedelta(seconds=delay)
        grace = self.config["schedules"]["misfire_grace_seconds"]
        self.scheduler.add(job_id, job_requested_reconcile, Quiet(Once(when), self.quiet), grace,
                           args=(job_id,))

    def content_changed(self, paths: list[str]) -> None:
        self.journal.event("content-changed", paths=paths[:20], count=len(paths))
        self.request_reconcile("watch")

    def skipped(self, job_id: str) -> None:
        """A job came due while its previous run was still going."""
        self.journal.event("job-skipped", job=job_id, detail="the previous run is still going")
        if job_id in REQUESTED:   # the running pass may have read the files too early
            self.request_reconcile(job_id, delay=self.config["schedules"]["watch_debounce_seconds"])


# Job functions: module-level, plain arguments (stored by name with their jobs); the
# scheduler passes `service`.

def job_reconcile(*, service: Service = None) -> dict:
    return service.reconcile()


def job_publish(item_id: str, *, service: Service = None) -> dict:
    result = service.reconcile()
    result["item"] = item_id
    return result


def job_requested_reconcile(reason: str, *, service: Service = None) -> dict:
    return service.reconcile()


def job_poll_feeds(*, service: Service = None) -> dict:
    results = feeds.poll(service.config, service.clock.now())
    new = sum(r.new for r in results)
    edited = sum(r.edited for r in results)
    for result in results:
        service.journal.event("feed", name=result.name, outcome=result.outcome,
                              detail=result.message)
    if new or edited:
        service.request_reconcile("feeds-arrived")
    failed = [r.name for r in results if r.failed]
    summary = f"{plural(len(results), 'feed')} polled: {new} new, {edited} edited " + \
        ("entry" if new + edited == 1 else "entries")
    if failed:
        raise CascadeError(f"{summary}; failing: {', '.join(failed)}")
    return {"summary": summary, "new": new, "edited": edited}


def job_newsletter(*, service: Service = None) -> dict:
    """At the newsletter's time: the pass sends the issue that is due."""
    return service.reconcile()


def job_digest(*, service: Service = None) -> dict:
    """At the weekly digest's time: the pass sends the digests that are due."""
    return service.reconcile()


def job_review_reminders(*, service: Service = None) -> dict:
    return {"summary": send_review_reminder(service.config, service.clock.now())}


def send_review_reminder(config: Config, now) -> str:
    """Email the officer the briefings past review_by, once per week at most."""
    reminder = review_reminder(config, load_content(config), now)
    if reminder is None:
        return "no briefing is due for review"
    week = f"{now.astimezone(config.tz):%G-W%V}"
    with open_state(config.state_db) as db:
        if get_meta(db, "review_reminder_week") == week:
            return f"the reminder for {week} was already sent"
    subject, text = reminder
    mail = config["mail"]
    recipient = config["officer_email"] or config["contact_email"]
    domain = mail["from_address"].rsplit("@", 1)[1]
    message = Outgoing(subject=subject, text=text, html=None,
                       sender=(mail["from_name"], mail["from_address"]), to=("", recipient),
                       date=now, message_id=f"<cascade.review-{week}@{domain}>")
    with open_transport(config) as transport:
        result = transport.send(message, recipient)
    if result.status != "sent":
        raise CascadeError(f"the review reminder was not sent ({result.status}: {result.detail})")
    with open_state(config.state_db) as db:
        set_meta(db, "review_reminder_week", week)
    return f"review reminder sent to officer_email ({subject})"


JOB_FUNCTIONS = (job_reconcile, job_publish, job_requested_reconcile, job_poll_feeds,
                 job_newsletter, job_digest, job_review_reminders)


def install_jobs(service: Service) -> None:
    """The fixed jobs; ids never change, so a restart replaces rather than duplicates."""
    config, scheduler = service.config, service.scheduler
    every, tz, quiet = config["schedules"], config.tz, service.quiet
    start = service.clock.now()

    def interval(minutes):
        return Quiet(Every(minutes, start), quiet)

    def cron(line):   # read as crontab reads it, as the mail stage does
        return Quiet(Cron(line, tz), quiet)

    grace = every["misfire_grace_seconds"]
    scheduler.add("reconcile", job_reconcile, interval(every["reconcile_minutes"]),
                  every["reconcile_minutes"] * 60)
    if config["feeds"]:
        scheduler.add("feeds", job_poll_feeds, interval(every["feed_poll_minutes"]),
                      every["feed_poll_minutes"] * 60)
    else:
        scheduler.remove("feeds")
    scheduler.add("newsletter", job_newsletter, cron(config["newsletter"]["cron"]), grace,
                  keep_schedule=True)
    scheduler.add("digest", job_digest, cron(config["mail"]["digest_cron"]), grace,
                  keep_schedule=True)
    scheduler.add("review-reminders", job_review_reminders, cron(every["review_reminder_cron"]),
                  REMINDER_GRACE, keep_schedule=True)


def wsgi_app(config: Config):
    """The public pages (sign-up, manage, unsubscribe, preferences, the Notify callback),
    and /healthz for a monitor or load balancer."""
    pages = make_app(config)

    def app(environ, start_response):
        if environ.get("PATH_INFO") != "/healthz":
            return pages(environ, start_response)
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            start_response("405 Method Not Allowed", [
                ("Content-Type", "text/plain; charset=utf-8"), ("Allow", "GET, HEAD"),
                *SECURITY_HEADERS])
            return [b"Use GET.\n"]
        start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8"),
                                  *SECURITY_HEADERS])
        return [b"ok\n"]
    return app


class _ErrorTask(ErrorTask):
    """Waitress's own refusals (a body or header too large, a garbled request) carry the
    same security headers as the pages."""

    def execute(self):
        self.response_headers.extend(SECURITY_HEADERS)
        super().execute()


class _Channel(HTTPChannel):
    error_task_class = _ErrorTask


def make_server(config: Config):
    """The HTTP server, bound but not yet serving; a port in use is a configuration error.

    Waitress reads a whole request body, spilling it to a temporary file, before the
    application sees it: so a declared or streamed body larger than the pages accept is
    refused here, before it is read, and headers are capped too.
    """
    from waitress import create_server
    from waitress.server import BaseWSGIServer

    host, port = config["serve"]["host"], config["serve"]["port"]
    listeners: dict = {}
    try:
        server = create_server(wsgi_app(config), map=listeners, host=host, port=port,
                               threads=4, ident="Cascade", max_request_body_size=MAX_BODY + 1,
                               max_request_header_size=MAX_HEADER, inbuf_overflow=MAX_BODY + 1)
    except OSError as exc:
        raise ConfigError(f"serve.port: cannot listen on {host}:{port} ({exc.strerror}); "
                          "another program may be using it: choose another port") from None
    for listener in listeners.values():
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = _Channel
    return server


def start_http(config: Config):
    """Bind and serve in a thread (see make_server)."""
    server = make_server(config)
    thread = threading.Thread(target=server.run, name="http", daemon=True)
    thread.start()
    return server


def serve(config: Config, clock: Clock, stream=None) -> None:
    """Run until SIGTERM or SIGINT; BusyError if another serve runs on this project."""
    with exclusive(config.state_db.parent / "serve.lock", 0, lambda: _already_running(config)):
        _serve_locked(config, clock, Journal(config, clock, stream))


def _already_running(config: Config) -> str:
    with open_state(config.state_db) as db:
        pid, since = get_meta(db, "serve_pid"), get_meta(db, "serve_started")
    who = f" (pid {pid}, started {since})" if pid else ""
    lock = (config.state_db.parent / "serve.lock").relative_to(config.root) \
        if config.state_db.parent.is_relative_to(config.root) else config.state_db.parent
    return (f"cascade serve is already running for this project{who}; it holds {lock}. "
            "Only one may run at a time: stop it first (e.g. systemctl stop cascade), or see "
            "what it is doing with: cascade status")


def _serve_locked(config: Config, clock: Clock, journal: Journal) -> None:
    stop, why = threading.Event(), []

    def on_signal(signum, frame):
        why.append(signal.Signals(signum).name)
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        service = Service(config, clock, journal,
                          QuietHours.parse(config["schedules"]["quiet_hours"], config.tz))
        http = start_http(config)
        scheduler = Scheduler(clock, journal, config.state_db, service, JOB_FUNCTIONS,
                              on_skipped=service.skipped)
        service.scheduler = scheduler
        journal.close_interrupted()
        scheduler.load()          # a publication stored before a restart still runs
        install_jobs(service)
        watcher = None
        if config.content_dir.is_dir():
            from pipeline.service.watch import ContentWatcher
            watcher = ContentWatcher(config.content_dir, service.content_changed,
                                     config["schedules"]["watch_debounce_seconds"])
            watcher.start()
        with open_state(config.state_db) as db:
            set_meta(db, "serve_pid", str(os.getpid()))
            set_meta(db, "serve_started", clock.now().isoformat(timespec="seconds"))
        journal.event("serve-start", pid=os.getpid(),
                      address=f"http://{http.effective_host}:{http.effective_port}/",
                      watching=config.data["content_dir"] if watcher else None,
                      jobs={job.id: job.next_run.isoformat(timespec="seconds")
                            for job in scheduler.jobs()},
                      clock_offset_seconds=round(clock.offset.total_seconds()) or None)
        scheduler.start()
        while not stop.wait(0.5):
            pass
        journal.event("serve-stopping", signal=why[0] if why else None,
                      detail="finishing the job in flight")
        if watcher is not None:
            watcher.stop()
        scheduler.stop()          # starts nothing more, waits for the job in flight
        http.close()
        with open_state(config.state_db) as db:
            db.execute("DELETE FROM meta WHERE key IN ('serve_pid', 'serve_started')")
        journal.event("serve-stop")
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
