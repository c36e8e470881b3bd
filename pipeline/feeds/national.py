"""External feeds (national publications): poll, dedupe, store, and publish as national updates.

Each configured feed is polled with a conditional GET. New entries are stored
once (recognised by guid, else link, else title and content), an edited entry
replaces its stored version and is marked edited. A failing feed backs off
exponentially and its error counter shows in `cascade status`; it is never
given up. The site's "National updates" page and the newsletter read the
stored entries; the page changes only when an entry arrives or changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


from markupsafe import Markup

from pipeline.evidence import chain as dlog
from pipeline.settings.config import Config
from pipeline.feeds.fetch import Entry, FeedError, fetch, parse_feed, user_agent
from pipeline.render import render
from pipeline.text import long_date, md_inline, md_url, plural
from pipeline.state import exclusive, open_state

BACKOFF_BASE = timedelta(minutes=5)        # doubles with each failure in a row ...
BACKOFF_MAX = timedelta(hours=24)          # ... up to a day, and keeps trying
PAGE_LIMIT = 50                            # the newest entries on the site page
PAGE = "national-updates.md"


@dataclass(frozen=True)
class FeedResult:
    name: str
    outcome: str          # ok | not-modified | warning | error | waiting
    message: str
    new: int = 0
    edited: int = 0

    @property
    def failed(self) -> bool:
        return self.outcome in ("error", "waiting")


def poll(config: Config, now: datetime) -> list[FeedResult]:
    """Poll every configured feed once (those backing off wait); one result per feed."""
    if not config["feeds"]:
        return []
    busy = "another feed poll is in progress on this project; try again when it has finished"
    with exclusive(config.state_db.parent / "feeds.lock", config["lock_timeout_seconds"], busy):
        with open_state(config.state_db) as db:
            return [poll_one(config, db, feed, now) for feed in config["feeds"]]


def poll_one(config: Config, db, feed: dict, now: datetime) -> FeedResult:
    name, url = feed["name"], feed["url"]
    state = _state(db, name, url)
    retry_at = _when(state["retry_at"])
    if retry_at and retry_at > now:
        why = "the server asked us to wait" if state["last_error"].startswith("HTTP 429") \
            or state["last_error"].startswith("HTTP 503") else "backing off"
        return FeedResult(name, "waiting", f"not polled: {why} after "
                          f"{failures(state['error_count'])} (last: {state['last_error']}) "
                          f"until {_local(retry_at, config)}")
    try:
        response = fetch(url, agent=user_agent(config.site_url), now=now, etag=state["etag"],
                         last_modified=state["last_modified"])
        if response.status == 304:
            _succeed(db, name, now, "not-modified", response.etag, response.last_modified)
            return FeedResult(name, "not-modified", "not modified since the last poll")
        if response.status != 200:
            return _fail(config, db, state, now, f"HTTP {response.status} {response.reason}"
                         .strip(), response.retry_after)
        parsed = parse_feed(response.body)
    except FeedError as exc:
        return _fail(config, db, state, now, str(exc), None)
    outcome = "warning" if parsed.warning else "ok"
    db.execute("BEGIN IMMEDIATE")   # the entries and the validators that led to them, together
    try:
        new, edited = store_entries(db, name, parsed.entries, now)
        _succeed(db, name, now, outcome, response.etag, response.last_modified, parsed.warning)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    count = len(parsed.entries)
    message = f"{new} new, {edited} edited ({count} entr{'y' if count == 1 else 'ies'} in " \
              "the feed)"
    if parsed.warning:
        message += f"; warning: {parsed.warning}"
    return FeedResult(name, outcome, message, new, edited)


def _state(db, name: str, url: str) -> dict:
    row = db.execute("SELECT * FROM feed_state WHERE name = ?", (name,)).fetchone()
    if row is None or row["url"] != url:
        # A new feed, or its address changed: the old validators belong to the old address.
        db.execute("INSERT INTO feed_state(name, url) VALUES (?, ?) ON CONFLICT(name) DO "
                   "UPDATE SET url = excluded.url, etag = '', last_modified = '', "
                   "error_count = 0, retry_at = NULL", (name, url))
        row = db.execute("SELECT * FROM feed_state WHERE name = ?", (name,)).fetchone()
    return dict(row)


def _succeed(db, name, now, outcome, etag, last_modified, warning="") -> None:
    stamp = _iso(now)
    db.execute("UPDATE feed_state SET etag = ?, last_modified = ?, last_attempt = ?, "
               "last_success = ?, last_outcome = ?, last_error = ?, error_count = 0, "
               "retry_at = NULL WHERE name = ?",
               (etag, last_modified, stamp, stamp, outcome, warning, name))


def _fail(config, db, state, now, error: str, retry_after) -> FeedResult:
    errors = state["error_count"] + 1
    retry_at = retry_after if retry_after and retry_after > now else now + backoff(errors)
    db.execute("UPDATE feed_state SET last_attempt = ?, last_outcome = 'error', last_error = ?, "
               "error_count = ?, retry_at = ? WHERE name = ?",
               (_iso(now), error, errors, _iso(retry_at), state["name"]))
    return FeedResult(state["name"], "error", f"failed: {error}; {failures(errors)}, next "
                      f"attempt not before {_local(retry_at, config)}")


def backoff(errors: int) -> timedelta:
    """How long to wait after `errors` failures in a row."""
    return min(BACKOFF_BASE * 2 ** max(errors - 1, 0), BACKOFF_MAX)


def store_entries(db, feed: str, entries: list[Entry], now: datetime) -> tuple[int, int]:
    """Insert new entries, replace edited ones; return (new, edited)."""
    new = edited = 0
    for entry in entries:
        row = db.execute("SELECT content_hash FROM national_updates WHERE id = ?",
                         (entry.id,)).fetchone()
        if row is None:
            db.execute("INSERT INTO national_updates(id, feed, dedupe_key, title, link, "
                       "summary_html, published, updated, content_hash, first_seen) VALUES "
                       "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       (entry.id, feed, entry.key, entry.title, entry.link, entry.summary_html,
                        entry.published, entry.updated, entry.content_hash, _iso(now)))
            new += 1
        elif row["content_hash"] != entry.content_hash:
            db.execute("UPDATE national_updates SET title = ?, link = ?, summary_html = ?, "
                       "published = ?, updated = ?, content_hash = ?, edited = 1, "
                       "edited_at = ? WHERE id = ?",
                       (entry.title, entry.link, entry.summary_html, entry.published,
                        entry.updated, entry.content_hash, _iso(now), entry.id))
            edited += 1
    return new, edited


def updates(db, since: datetime | None = None, limit: int | None = None) -> list[dict]:
    """Stored national updates, newest first; `since` keeps those first seen or edited
    after it (what the next newsletter should carry)."""
    rows = [dict(r) for r in db.execute("SELECT * FROM national_updates")]
    chosen = sorted(rows, key=lambda r: (dated(r), r["id"]), reverse=True)
    if since is not None:
        chosen = [r for r in chosen if _when(r["first_seen"]) > since
                  or (r["edited_at"] and _when(r["edited_at"]) > since)]
    return chosen[:limit] if limit else chosen


def site_pages(config: Config, db, now: datetime, items) -> tuple[dict, list]:
    """The site's National updates page, and its navigation entry (none until there are any).

    Made from stored entries only, so it changes only when an entry arrives or is edited.
    """
    shown = updates(db, limit=PAGE_LIMIT)
    if not shown:
        return {}, []
    out = ["---\ntitle: National updates\ndescription: New publications from national "
           "bodies, collected from their feeds.\n---\n\n# National updates\n\n",
           "New and updated publications from national bodies, collected from their feeds. "
           "Each title links to the original publication.\n"]
    for entry in shown:
        title = md_inline(entry["title"])
        out.append(f"\n## [{title}]({md_url(entry['link'])})\n\n" if entry["link"]
                   else f"\n## {title}\n\n")
        facts = [md_inline(entry["feed"]), long_date(dated(entry), config.tz)]
        if entry["edited"]:   # the date shown is already the update's when there is no other
            facts.append(f"updated {long_date(_when(entry['updated']), config.tz)}"
                         if entry["published"] and entry["updated"] else "updated")
        out.append(" · ".join(facts) + "\n")
        if entry["summary_html"]:
            # Stored HTML, cleaned with nh3 when it was fetched.
            out.append("\n" + render("site/national-update.md",
                                      summary=Markup(entry["summary_html"])))
    return {PAGE: "".join(out)}, [{"National updates": PAGE}]


def disseminate(config: Config, db, outcome, now: datetime) -> list[dict]:
    """Log national updates that the site now shows for the first time; return the rows."""
    if db.execute("SELECT 1 FROM national_updates WHERE shown_at IS NULL LIMIT 1").fetchone() \
            is None:
        return []   # the usual pass: nothing new since the last one
    fresh = [e for e in updates(db, limit=PAGE_LIMIT) if not e["shown_at"]]
    if not fresh:
        return []
    # A run that stopped between writing the rows and noting them must not log them twice.
    logged = {r["item_id"] for r in dlog.read_rows(config.log_file)
              if r["item_type"] == "national-update" and r["action"] == "published"}
    # National publications are for everyone working with children.
    everyone = config["everyone_audience"] or ";".join(config["audiences"])
    acts = [dlog.Act(occurred_at=now, item_id=e["id"], item_version=e["content_hash"],
                     item_type="national-update", action="published", channel="website",
                     audience=everyone, disseminated_by="cascade run",
                     notes=f"{e['feed']}: {e['title']}"[:200])
            for e in fresh if e["id"] not in logged]
    rows = dlog.append(config.log_file, acts, db, now, timeout=config["lock_timeout_seconds"])
    db.executemany("UPDATE national_updates SET shown_at = ? WHERE id = ?",
                   [(_iso(now), e["id"]) for e in fresh])
    return rows


def health(config: Config, db) -> list[dict]:
    """Each configured feed's state, for `cascade status`."""
    stored = {r["name"]: dict(r) for r in db.execute("SELECT * FROM feed_state")}
    counts = dict(db.execute("SELECT feed, COUNT(*) FROM national_updates GROUP BY feed")
                  .fetchall())
    result = []
    for feed in config["feeds"]:
        state = stored.get(feed["name"])
        if state is not None and state["url"] != feed["url"]:
            state = None
        state = state or {"last_attempt": None, "last_success": None, "last_outcome": "",
                          "last_error": "", "error_count": 0, "retry_at": None}
        result.append({"name": feed["name"], "url": feed["url"],
                       "last_attempt": state["last_attempt"],
                       "last_success": state["last_success"],
                       "last_outcome": state["last_outcome"] or "never polled",
                       "last_error": state["last_error"], "error_count": state["error_count"],
                       "retry_at": state["retry_at"], "entries": counts.get(feed["name"], 0)})
    return result


def dated(entry: dict) -> datetime:
    """The entry's own date (published, else updated), else when Cascade first saw it."""
    return _when(entry["published"] or entry["updated"] or entry["first_seen"])


def failures(n: int) -> str:
    return f"{plural(n, 'failure')} in a row"


def _iso(when: datetime) -> str:
    return when.isoformat(timespec="seconds")


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _local(when: datetime, config: Config) -> str:
    return f"{when.astimezone(config.tz):%Y-%m-%d %H:%M:%S}"
