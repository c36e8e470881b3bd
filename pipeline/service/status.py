"""`cascade status`: what the service does next, what it last did, feed health, what is held back.

Everything comes from the state database and the content itself, so status
works whether or not `cascade serve` is running. Also here: which briefings
are past their review date, and the reminder the service sends about them.
"""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

from pipeline import publish
from pipeline.feeds import national as feeds
from pipeline.settings.config import Config
from pipeline.content.load import Item
from pipeline.evidence import rebuild as state_rebuild
from pipeline.evidence import subscriber_figures
from pipeline.mail import deliver, ledger
from pipeline.service.scheduler import last_runs, stored_jobs
from pipeline.state import get_meta, open_state
from pipeline.text import plural

RECENT_ONE_OFF_RUNS = 10     # finished one-off jobs (publications) still worth showing
SUBSCRIBER_DAYS = 30         # the subscriber figures cover this many days to today


def gather(config: Config, now: datetime) -> dict:
    """The whole status as plain data (the JSON output is exactly this)."""
    missing = state_rebuild.lost_before_opening(config)   # before check() creates it
    outcome = publish.check(config, now)
    with open_state(config.state_db) as db:
        service = _service(db)
        jobs = _jobs(db)
        feed_health = feeds.health(config, db)
        mail = _mail(db)
        subscribers = _subscribers(db, now.astimezone(config.tz))
        lost = missing or state_rebuild.lost(config, db)
    return {
        "now": _iso(now),
        "state_lost": lost,
        "service": service,
        "jobs": jobs,
        "feeds": feed_health,
        "mail": mail,
        "subscribers": subscribers,
        "held_back": [_held(item) for item in outcome.held_back],
        "scheduled": [{"path": i.rel, "id": i.id, "date": _iso(i.meta["date"])}
                      for i in sorted(outcome.items, key=lambda i: str(i.meta.get("date")))
                      if i.state(now) == "scheduled"],
        "review_due": [{"path": i.rel, "id": i.id, "title": i.title,
                        "review_by": _iso(i.meta["review_by"])}
                       for i in review_due(outcome.items, now)],
        "summary": outcome.summary(),
    }


def _service(db) -> dict:
    pid = get_meta(db, "serve_pid")
    running = bool(pid) and _alive(int(pid))
    return {"running": running, "pid": int(pid) if running else None,
            "since": get_meta(db, "serve_started") if running else None}


def _mail(db) -> dict:
    """What waits in the delivery ledger, issues not yet delivered, and why sending stopped."""
    stopped = deliver.stopped(db)
    waiting = len(ledger.waiting(db))
    unsent = [row["issue_id"] for row in db.execute(
        "SELECT issue_id FROM issues WHERE kind = 'newsletter' AND status != 'sent' "
        "ORDER BY cutoff")]
    return {"waiting": waiting, "unsent_issues": unsent,
            "stopped": None if stopped is None else {"at": stopped["at"],
                                                     "reason": stopped["reason"]}}


def _subscribers(db, now: datetime) -> dict:
    """Counts only: active now, and each event over the last SUBSCRIBER_DAYS days."""
    today = now.date()
    found = subscriber_figures.read(db, today - timedelta(days=SUBSCRIBER_DAYS - 1), today)
    return {"active": found.active, "days": SUBSCRIBER_DAYS, "events": found.events,
            "shown": found.shown}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _jobs(db) -> list[dict]:
    """Scheduled jobs (as the service stored them) with how each last ended."""
    stored = stored_jobs(db)
    runs = last_runs(db)
    finished = sorted((r for job_id, r in runs.items() if job_id not in stored),
                      key=lambda r: r["id"], reverse=True)
    recurring = [r for r in finished if ":" not in r["job_id"]]
    one_off = [r for r in finished if ":" in r["job_id"]][:RECENT_ONE_OFF_RUNS]
    jobs = []
    for job_id in [*stored, *(r["job_id"] for r in recurring + one_off)]:
        next_run = stored.get(job_id)
        last = runs.get(job_id)
        jobs.append({
            "id": job_id,
            "next_run": _iso(next_run.astimezone(timezone.utc))
            if next_run is not None else None,
            "last_run": None if last is None else {
                "scheduled_for": last["scheduled_for"], "started_at": last["started_at"],
                "ended_at": last["ended_at"], "outcome": last["outcome"],
                "detail": last["detail"]},
        })
    return sorted(jobs, key=lambda j: (j["next_run"] is None, j["next_run"] or "", j["id"]))


def _held(item: Item) -> dict:
    errors = [f for f in item.findings if f.severity == "error"]
    first = sorted(errors, key=lambda f: (f.line, f.rule))[0]
    return {"path": item.rel, "id": item.id or None, "errors": len(errors),
            "first": first.format()}


def review_due(items: list[Item], now: datetime) -> list[Item]:
    """Published-or-scheduled briefings whose review_by date has come, oldest first."""
    due = [i for i in items if i.kind == "briefing" and i.status == "ready"
           and isinstance(i.meta.get("review_by"), datetime) and i.meta["review_by"] <= now]
    return sorted(due, key=lambda i: (i.meta["review_by"], i.id))


def review_reminder(config: Config, items: list[Item], now: datetime) -> tuple[str, str] | None:
    """The weekly reminder to the officer as (subject, plain text); None if nothing is due."""
    due = review_due(items, now)
    if not due:
        return None
    n = len(due)
    subject = f"{n} briefing{'s are' if n != 1 else ' is'} due for review"
    lines = [f"{subject} ({config['site_name']}).", "",
             "Each of these 7-minute briefings has passed its review_by date. Check that "
             "it is still accurate, then either set a new review_by date (and an updated "
             "date and change_note if you changed it) or withdraw it.", ""]
    for item in due:
        when = item.meta["review_by"].astimezone(config.tz)
        days = (now - item.meta["review_by"]).days
        overdue = "today" if days == 0 else f"{plural(days, 'day')} ago"
        lines += [f"- {item.title}", f"  {item.rel} (id {item.id})",
                  f"  review by {when.day} {when:%B %Y} ({overdue})",
                  f"  {config.site_url}briefings/{item.id}.html", ""]
    lines.append("This reminder is sent every week while any briefing is due for review.")
    return subject, "\n".join(lines) + "\n"


def render_text(status: dict, config: Config) -> str:
    """The status for a person: short sections, local times."""
    out = []
    if status["state_lost"]:
        out += [f"State: {status['state_lost']}", ""]
    service = status["service"]
    if service["running"]:
        since = _local(service["since"], config)
        out.append(f"Service: running (pid {service['pid']}, since {since})")
    else:
        out.append("Service: not running (start it with: cascade serve)")
    out.append("")
    out.append("Jobs:")
    if not status["jobs"]:
        out.append("  none scheduled yet (cascade serve schedules them when it starts)")
    for job in status["jobs"]:
        nxt = f"next {_local(job['next_run'], config)}" if job["next_run"] else "not scheduled"
        last = job["last_run"]
        if last is None:
            ended = "never run"
        else:
            ended = f"last {_local(last['started_at'], config)}: {last['outcome']}"
            if last["detail"]:
                ended += f" ({_clip(last['detail'])})"
        out.append(f"  {job['id']}: {nxt}; {ended}")
    out.append("")
    out.append("Feeds:")
    if not status["feeds"]:
        out.append("  none configured (see feeds: in cascade.yml)")
    for feed in status["feeds"]:
        out.append(f"  {feed['name']}: {_feed_line(feed, config)}")
    out.append("")
    out += _mail_lines(status["mail"], config)
    out += _subscriber_lines(status["subscribers"])
    if status["held_back"]:
        out.append(f"Held back: {len(status['held_back'])} (run cascade check for every finding)")
        for held in status["held_back"]:
            out.append(f"  {held['path']}: {held['errors']} error"
                       f"{'s' if held['errors'] != 1 else ''}; first: {held['first']}")
    else:
        out.append("Held back: none")
    if status["scheduled"]:
        out.append("Scheduled:")
        out += [f"  {s['path']} ({s['id']}): {_local(s['date'], config)}"
                for s in status["scheduled"]]
    if status["review_due"]:
        out.append(f"Due for review: {len(status['review_due'])}")
        out += [f"  {r['path']}: review by {_local(r['review_by'], config)[:10]}"
                for r in status["review_due"]]
    out.append(status["summary"])
    return "\n".join(out)


def _mail_lines(mail: dict, config: Config) -> list[str]:
    stopped, waiting = mail["stopped"], mail["waiting"]
    if not stopped and not waiting and not mail["unsent_issues"]:
        return []  # nothing to say: the section shows only when mail needs attention
    out = [f"Mail: {plural(waiting, 'message')} waiting"]
    if stopped:
        out[0] += f"; sending stopped {_local(stopped['at'], config)}:"
        out += [f"  {line}" for line in stopped["reason"].splitlines()]
    for ident in mail["unsent_issues"]:
        out.append(f"  {ident} is not sent yet; after fixing the cause run: "
                   "cascade newsletter send")
    return out + [""]


def _subscriber_lines(figures: dict) -> list[str]:
    if not figures["shown"]:
        return []   # a partnership that sends no email has nothing to say here
    events = figures["events"]
    return [f"Subscribers: {figures['active']:,} active; in the last {figures['days']} days: "
            f"{plural(events['signed-up'], 'new sign-up')}, {events['confirmed']:,} confirmed, "
            f"{events['unsubscribed']:,} unsubscribed, {events['suppressed']:,} suppressed, "
            f"{events['erased']:,} deleted their data", ""]


def _feed_line(feed: dict, config: Config) -> str:
    if feed["last_attempt"] is None:
        return "never polled"
    last = f"last success {_local(feed['last_success'], config)}" if feed["last_success"] \
        else "never succeeded"
    text = f"{feed['last_outcome']}; {last}; {plural(feed['entries'], 'entry', 'entries')} stored"
    if feed["error_count"]:
        text += f"; {feeds.failures(feed['error_count'])} (last: {_clip(feed['last_error'])})"
    elif feed["last_error"]:
        text += f" ({_clip(feed['last_error'])})"
    if feed["retry_at"]:
        text += f"; next attempt not before {_local(feed['retry_at'], config)}"
    else:
        text += "; next attempt at the next scheduled poll"
    return text


def _clip(text: str, width: int = 100) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _iso(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


def _local(text: str | None, config: Config) -> str:
    if not text:
        return "-"
    return f"{datetime.fromisoformat(text).astimezone(config.tz):%Y-%m-%d %H:%M}"
