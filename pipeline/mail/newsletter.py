"""The newsletter: an issue every time its schedule fires, with what was published since.

An issue is named after its schedule time (`newsletter-2026-11`) and covers the
items first published (or updated with a change note) after the previous
issue's cut-off and up to its own. When it is sent it is frozen: its content
is stored, one delivery per active subscriber is queued in the same
transaction, and the website's archive page shows exactly what was sent.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import yaml

from pipeline.feeds import national as feeds
from pipeline.settings.config import Config
from pipeline.content.load import Item, parse_bytes
from pipeline.evidence import rebuild as state_rebuild
from pipeline.exceptions import CascadeError, FileProblem
from pipeline.mail import compose, deliver, ledger
from pipeline import crontab as schedule
from pipeline.mail.schema import atomic
from pipeline.mail.subscribers import active
from pipeline.text import long_date, md_inline, md_url
from pipeline.state import open_state

GROUPS = [("briefing", "new", "New 7-minute briefings"),
          ("briefing", "updated", "Updated briefings"),
          ("procedure", "new", "New procedure chapters"),
          ("procedure", "updated", "Updated procedure chapters"),
          ("procedure", "removed", "Removed procedure chapters"),
          ("national-update", "new", "National updates")]
PROCEDURE_GROUPS = {"new": "new", "updated": "updated", "refreshed": "updated",
                    "removed": "removed"}


@dataclass
class SendReport:
    issue_id: str
    state: str                       # sending (frozen, to send) | sent | already-sent | empty
    heading: str = ""
    items: int = 0
    counts: dict = field(default_factory=dict)
    rows: list = field(default_factory=list)
    sent_at: str = ""
    next_due: datetime | None = None


def issue_id(config: Config, fire: datetime) -> str:
    local = fire.astimezone(config.tz)
    before = schedule.previous_fire(config["newsletter"]["cron"], config.tz, fire)
    same_month = before is not None and f"{before.astimezone(config.tz):%Y-%m}" == \
        f"{local:%Y-%m}"
    return f"newsletter-{local:%Y-%m-%d}" if same_month else f"newsletter-{local:%Y-%m}"


def _utc(when: datetime) -> str:
    return when.astimezone(timezone.utc).isoformat(timespec="seconds")


def live_items(config: Config, db) -> list[Item]:
    """The versions on the website now, from the ledger of published versions."""
    items = []
    for published in db.execute("SELECT * FROM published ORDER BY item_id"):
        item = parse_bytes(published["source"].encode("utf-8"), published["kind"],
                           published["rel"], config)
        item.version = published["version"]
        items.append(item)
    return items


def compose_issue(config: Config, db, fire: datetime, upto: datetime | None = None,
                  published: list[Item] | None = None) -> dict:
    """What the issue for this schedule time says (items up to `upto`, default the fire time),
    from the `published` versions (default: those on the website now)."""
    cutoff = upto or fire
    row = db.execute("SELECT MAX(cutoff) AS c FROM issues WHERE kind = 'newsletter' AND "
                     "cutoff < ?", (_utc(fire),)).fetchone()
    since = datetime.fromisoformat(row["c"]) if row["c"] else \
        schedule.previous_fire(config["newsletter"]["cron"], config.tz, fire)
    groups: dict[tuple, list] = {}
    if published is None:
        published = live_items(config, db)
    for item in sorted(published, key=lambda i: i.id):
        if item.held_back or not isinstance(item.meta.get("date"), datetime):
            continue
        meta, note = item.meta, " ".join(str(item.meta.get("change_note") or "").split())
        updated = meta.get("updated")
        if (since is None or meta["date"] > since) and meta["date"] <= cutoff:
            change, note = "new", ""
        elif isinstance(updated, datetime) and (since is None or updated > since) and \
                updated <= cutoff and meta.get("change", "major") == "major" and note:
            change = "updated"
        else:
            continue
        # Procedure notes are grouped as the manual's amendment lists are: by change type.
        group = PROCEDURE_GROUPS.get(meta.get("change_type"), "updated") \
            if item.kind == "procedure" else change
        groups.setdefault((item.kind, group), []).append(
            (meta["date"], compose.entry(config, item, change, note)))
    # National publications picked up from the configured feeds since the last issue.
    for update in feeds.updates(db, since=since):
        first_seen = datetime.fromisoformat(update["first_seen"])
        if first_seen <= cutoff:
            change = "updated" if update["edited"] and since and first_seen <= since else "new"
            groups.setdefault(("national-update", "new"), []).append(
                (first_seen, compose.national_entry(config, update, change)))
    ident = issue_id(config, fire)
    month = fire.astimezone(config.tz)
    heading = f"{config['newsletter']['title']}: {month:%B} {month.year}"
    sections = [(title, [e for _, e in sorted(groups[(kind, change)], key=lambda p: p[0],
                                                  reverse=True)])
                for kind, change, title in GROUPS if groups.get((kind, change))]
    start = f"since {long_date(since, config.tz)}" if since else "so far"
    return {"issue_id": ident, "heading": heading, "cutoff": _utc(cutoff),
            "intro": f"Learning shared by {config['partnership']} {start}, "
                     f"up to {long_date(cutoff, config.tz)}.",
            "url": f"{config.site_url}newsletters/{ident}.html", "sections": sections,
            "count": sum(len(entries) for _, entries in sections)}


def freeze(config: Config, db, snapshot: dict, now: datetime) -> bool:
    """Store the issue and queue one message per active subscriber, together."""
    subscribers = active(db)
    if not subscribers:
        return False
    text = json.dumps(snapshot, sort_keys=True)
    version = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    ident, stamp = snapshot["issue_id"], now.isoformat(timespec="seconds")
    batch = f"newsletter:{ident}"
    counts = [f"{title} ({len(entries)})" for title, entries in snapshot["sections"]]
    with atomic(db):
        db.execute("INSERT OR IGNORE INTO issues(issue_id, kind, version, cutoff, snapshot, "
                   "created_at) VALUES (?, 'newsletter', ?, ?, ?, ?)",
                   (ident, version, snapshot["cutoff"], text, stamp))
        version = db.execute("SELECT version FROM issues WHERE issue_id = ?",
                             (ident,)).fetchone()["version"]
        for subscriber in subscribers:
            ledger.add_delivery(db, subscriber.id, ident, version, batch, [], stamp)
        ledger.add_batch(db, batch, "newsletter", ident, version,
                         {"notes": "newsletter issue: " + ", ".join(counts)}, stamp)
    return True


def freeze_due(config: Config, db, now: datetime, published: list[Item]) -> str | None:
    """In a run, before the site is built: freeze the issue whose schedule time has come,
    once, from the versions this pass publishes. The email and its archive page are both
    made from the frozen copy, and the page goes up in the same pass."""
    fire = _due_fire(config, db, now)
    if fire is None:
        return None
    ident = issue_id(config, fire)
    if db.execute("SELECT 1 FROM issues WHERE issue_id = ?", (ident,)).fetchone():
        return None
    snapshot = compose_issue(config, db, fire, published=published)
    if not snapshot["count"]:
        return None  # nothing new: no empty newsletter
    return ident if freeze(config, db, snapshot, now) else None


def _due_fire(config: Config, db, now: datetime) -> datetime | None:
    return schedule.due_fire(db, config["newsletter"]["cron"], config.tz, now)


def prepare_send(config: Config, db, now: datetime) -> SendReport:
    """Freeze the issue that is due (if it is not yet); state 'sending' when it is to be sent."""
    cron = config["newsletter"]["cron"]
    fire = schedule.latest_fire(cron, config.tz, now)
    if fire is None:
        raise CascadeError(f"newsletter.cron '{cron}' has no schedule time before "
                           f"{now:%Y-%m-%d %H:%M}; nothing is due")
    if reason := state_rebuild.lost(config, db):
        raise FileProblem(reason)
    ident = issue_id(config, fire)
    report = SendReport(ident, "sending", next_due=schedule.next_fire(cron, config.tz, now))
    row = db.execute("SELECT * FROM issues WHERE issue_id = ?", (ident,)).fetchone()
    if row is not None:
        retry_failed(db, ident, f"newsletter:{ident}")
        row = db.execute("SELECT * FROM issues WHERE issue_id = ?", (ident,)).fetchone()
    if row is not None and row["status"] == "sent":
        report.state, report.sent_at = "already-sent", row["sent_at"]
        report.heading = json.loads(row["snapshot"])["heading"]
        return report
    if row is None:
        snapshot = compose_issue(config, db, fire)
        report.heading, report.items = snapshot["heading"], snapshot["count"]
        if not snapshot["count"]:
            report.state = "empty"
            return report
        if not freeze(config, db, snapshot, now):
            raise CascadeError("there are no active subscribers to send to; add them "
                               "with: cascade subscribers import subscribers.csv")
    else:
        snapshot = json.loads(row["snapshot"])
        report.heading, report.items = snapshot["heading"], snapshot["count"]
    return report


def finish_send(config: Config, db, now: datetime, report: SendReport) -> SendReport:
    """Send what waits for the frozen issue of `report`, and log it when it is done."""
    batch = f"newsletter:{report.issue_id}"
    report.rows = deliver.send_waiting(config, db, now, batch=batch,
                                       label=f"Sending {report.issue_id}")
    report.counts = ledger.counts(db, batch)
    report.state = "sent"
    return report


def retry_failed(db, ident: str, batch: str) -> int:
    """Queue again the failed messages of an issue not yet delivered; return how many.

    An issue that reached someone stays as it was logged; one that reached nobody
    (every message refused, as a wrong template makes it) is not really sent, even
    if an earlier version of Cascade marked it so.
    """
    reached = db.execute("SELECT 1 FROM deliveries WHERE batch = ? AND status = 'sent' "
                         "LIMIT 1", (batch,)).fetchone()
    issue = db.execute("SELECT status FROM issues WHERE issue_id = ?", (ident,)).fetchone()
    if issue["status"] == "sent" and reached:
        return 0
    with atomic(db):
        again = db.execute(
            "UPDATE deliveries SET status = 'pending', error = '', attempts = 0 WHERE "
            "batch = ? AND status = 'failed' AND subscriber_id IN (SELECT id FROM subscribers "
            "WHERE status = 'active')", (batch,)).rowcount
        if again:
            db.execute("UPDATE issues SET status = 'sending', sent_at = '' WHERE issue_id = ?",
                       (ident,))
            db.execute("UPDATE batches SET logged = 0 WHERE batch = ?", (batch,))
    return again


def preview(config: Config, now: datetime, output: Path) -> tuple[dict, list[Path]]:
    """Write the next issue as it stands (HTML, text, archive page) without sending it."""
    cron = config["newsletter"]["cron"]
    with open_state(config.state_db) as db:
        # The issue `send` would send now, if there is one; else the next one so far.
        fire = schedule.latest_fire(cron, config.tz, now)
        sent = fire is not None and db.execute(
            "SELECT 1 FROM issues WHERE issue_id = ?", (issue_id(config, fire),)).fetchone()
        snapshot = compose_issue(config, db, fire) if fire is not None and not sent else None
        if snapshot is None or not snapshot["count"]:
            fire = schedule.next_fire(cron, config.tz, now)
            snapshot = compose_issue(config, db, fire, upto=now)
    links = {"unsubscribe": "#unsubscribe", "preferences": "#preferences",
             "mailto": "mailto:" + config["contact_email"]}
    subject, html, text = compose.newsletter(config, snapshot, None, links)
    output.mkdir(parents=True, exist_ok=True)
    paths = []
    for suffix, body in ((".html", html), (".txt", text), (".md", archive_page(snapshot))):
        path = output / f"{snapshot['issue_id']}{suffix}"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return snapshot, paths


def archive_page(snapshot: dict) -> str:
    """The issue as a website page ("view in browser")."""
    meta = yaml.safe_dump({"title": snapshot["heading"]}, allow_unicode=True)
    out = [f"---\n{meta}---\n\n# {md_inline(snapshot['heading'])}\n\n",
           f"{md_inline(snapshot['intro'])}\n\n"]
    if not snapshot["sections"]:
        out.append("Nothing new has been published in this period.\n")
    for title, entries in snapshot["sections"]:
        out.append(f"## {md_inline(title)}\n\n")
        for entry in entries:
            out.append(f"### [{md_inline(entry['title'])}]({md_url(entry['url'])})\n\n"
                       f"{compose.meta_line(entry)}\n\n"
                       f"{md_inline(entry['summary'])}\n\n")
            if entry["change_note"]:
                out.append(f"**What changed:** {md_inline(entry['change_note'])}\n\n")
    return "".join(out)


def site_pages(config: Config, db, now: datetime) -> tuple[dict, list]:
    """Archive pages of the frozen issues: each exactly what its email says."""
    issues = {row["issue_id"]: json.loads(row["snapshot"])
              for row in db.execute("SELECT * FROM issues WHERE kind = 'newsletter'")}
    if not issues:
        return {}, []
    files = {f"newsletters/{ident}.md": archive_page(s) for ident, s in issues.items()}
    index = ["---\ntitle: Newsletters\n---\n\n# Newsletters\n\n",
             "Every issue of the newsletter, newest first.\n\n"]
    for ident, snapshot in sorted(issues.items(), key=lambda p: p[1]["cutoff"], reverse=True):
        count = snapshot["count"]
        index.append(f"- [{md_inline(snapshot['heading'])}]({md_url(ident)}.md) · {count} "
                     f"item{'s' if count != 1 else ''}\n")
    files["newsletters/index.md"] = "".join(index)
    return files, [{"Newsletters": "newsletters/index.md"}]
