"""The main pass: load, check, select what is due, build the site, log what went out.

Events say when to look; content hashes and the ledger of published versions
say what to do, so a second run with nothing changed does nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import resources
from pathlib import Path

from pipeline import __version__
from pipeline.feeds import national as feeds
from pipeline.mail import newsletter, tokens
from pipeline.mail import stage as mail
from pipeline.evidence import reports
from pipeline.evidence import anchor
from pipeline.evidence import chain as dlog
from pipeline.evidence import feedback
from pipeline.evidence import rebuild as state_rebuild
from pipeline.exceptions import CascadeError, FileProblem
from pipeline.checks.cache import run_checks_cached
from pipeline.checks.rules import accessibility_summary
from pipeline.settings.config import SITE_KEYS, Config
from pipeline.content.load import Item, load_content, parse_bytes
from pipeline.site import atom, build, pages, pdf
from pipeline.site import images as site_images
from pipeline.text import plural
from pipeline.state import (check_writable, exclusive, get_meta, log_head, open_state,
                            published_items, set_meta)

STATES = ("ready", "held-back", "scheduled", "draft", "withdrawn")


@dataclass
class Outcome:
    """What a pass did, for the CLI to report."""

    items: list[Item]
    now: datetime
    public: dict = field(default_factory=dict)
    kept: list = field(default_factory=list)       # held back, last good version still live
    build_mode: str = ""                          # full | incremental; "" = not built
    pages: int = 0
    rows: list = field(default_factory=list)
    rebuilt: list = field(default_factory=list)    # what --rebuild-state said
    followups: int = 0                             # follow-up questions sent (not logged)

    @property
    def held_back(self) -> list[Item]:
        """Items kept off the site (or at their last good version) by an error."""
        return [i for i in self.items if i.held_back and i.state(self.now) == "held-back"]

    @property
    def drafts_with_errors(self) -> list[Item]:
        return [i for i in self.items if i.held_back and i.state(self.now) == "draft"]

    @property
    def built(self) -> bool:
        return bool(self.build_mode)

    def actions(self) -> str:
        """What was logged, e.g. '2 published, 1 sent' ('' when nothing was)."""
        return ", ".join(f"{n} {a}" for a, n in Counter(r["action"] for r in self.rows).items())

    def counts(self) -> Counter:
        return Counter(item.state(self.now) for item in self.items)

    def summary(self) -> str:
        counts = self.counts()
        parts = []
        for state in STATES:
            if not counts[state]:
                continue
            # Only "draft" is a noun: "2 drafts", but "2 ready", "2 held back".
            parts.append(plural(counts[state], "draft") if state == "draft"
                         else f"{counts[state]} {state.replace('-', ' ')}")
            if state == "draft" and self.drafts_with_errors:
                parts[-1] += f" ({len(self.drafts_with_errors)} with errors)"
        return f"{plural(len(self.items), 'item')}: " + ", ".join(parts or ["none"])


def check(config: Config, now: datetime, paths: list[Path] | None = None) -> Outcome:
    """Load and check content (all of it, or the files named), without building."""
    items = load_content(config)
    with open_state(config.state_db) as db:
        run_checks_cached(items, config, db)
    if paths:
        # realpath, unlike Path.resolve, does not raise on a symlink loop in content/.
        wanted = {Path(os.path.realpath(p)) for p in paths}
        items = [i for i in items if _within(Path(os.path.realpath(config.root / i.rel)),
                                             wanted)]
    return Outcome(items=items, now=now)


def _within(path: Path, wanted: set[Path]) -> bool:
    return any(path == w or path.is_relative_to(w) for w in wanted)


def run(config: Config, now: datetime, *, log_acts: bool = True,
        rebuild_state: bool = False) -> Outcome:
    """One full pass. With log_acts=False (cascade build) the site is built but not logged.

    A state database lost next to a log that goes on stops the pass, unless
    rebuild_state asks to rebuild it from the log first.
    """
    with exclusive(config.state_db.parent / "run.lock", config["lock_timeout_seconds"],
                   _busy(config)):
        if not rebuild_state:
            state_rebuild.refuse_if_lost(config)   # before opening creates an empty one
        with open_state(config.state_db) as db:
            rebuilt = []
            if rebuild_state:
                check_files(config, db, log_acts, head=False)
                rebuilt = state_rebuild.rebuild(config, db, load_content(config), now)
            elif reason := state_rebuild.lost(config, db):
                raise FileProblem(reason)
            check_files(config, db, log_acts)
            outcome = _run_locked(config, now, db, log_acts)
            outcome.rebuilt = rebuilt
            return outcome


def check_files(config: Config, db, log_acts: bool, head: bool = True) -> None:
    """The files a pass writes must all be writable before it changes any of them."""
    check_writable(db, config.state_db)
    if head:
        log_head(db)  # a garbled record of the log's head stops the pass here, not midway
    build.check_site_dir(config)
    if log_acts:
        dlog.check_appendable(config.log_file, config.shown(config.log_file))


def _busy(config: Config) -> str:
    return ("another cascade run or build is in progress on this project; it was not "
            f"finished after {config['lock_timeout_seconds']} s. Try again when it has "
            "finished.")


def _run_locked(config: Config, now: datetime, db, log_acts: bool) -> Outcome:
    # Load: parse and validate every content file.
    items = load_content(config)
    # Check: accessibility and house rules (re-checking only what changed);
    # an item with an error is held back.
    run_checks_cached(items, config, db)
    outcome = Outcome(items=items, now=now)
    # Select: what is public now; a held-back item keeps its last good version live.
    ledger = published_items(db)
    outcome.public, outcome.kept = select_public(items, ledger, now, config)
    withdrawn = select_withdrawn(db, items, outcome.public, ledger, now)
    # Freeze: the newsletter issue that is due, from what this pass publishes, so the
    # email and its archive page say the same and the page goes up with this build.
    if log_acts:
        mail.freeze(config, db, outcome.public, now)
    # Build: only when the public set, the other stages' pages, the settings or the
    # site code changed.
    history = page_history(db, outcome.public, ledger, config)
    outcome.pages, outcome.build_mode = build_if_changed(config, db, now, outcome.public,
                                                         items, history, withdrawn,
                                                         check_log=log_acts)
    # Log: one row per item published, updated or withdrawn, then the ledger.
    if log_acts:
        acts = website_acts(outcome.public, ledger, items, now)
        outcome.rows = dlog.append(config.log_file, acts, db, now,
                                   timeout=config["lock_timeout_seconds"])
        update_ledger(db, outcome.public, ledger, now, history)
        # Disseminate: national updates now on the site, topic alerts, and the
        # newsletter when due (each stage logs its own acts).
        try:
            outcome.rows += feeds.disseminate(config, db, outcome, now)
            outcome.rows += mail.disseminate(config, db, outcome, now)
        except CascadeError as exc:
            # The site and its log rows stand: the error carries them, so the command
            # can say what was done before it says why sending stopped.
            exc.outcome = outcome
            raise
        finally:  # whatever was logged, the site says where the log now ends
            anchor.publish_head(config.site_dir, published_head(config, db))
    return outcome


def build_if_changed(config: Config, db, now: datetime, public: dict, items: list[Item],
                     history: dict, withdrawn: list, check_log: bool = True
                     ) -> tuple[int, str]:
    """Build the site when anything on it would change; (pages, mode), mode '' if not built."""
    extra_files, extra_nav = stage_pages(config, db, now, items)
    extra_files.update(pages.withdrawn_pages(config, public, withdrawn))
    key = tokens.signing_key(config, db) if config["subscribe_url"] else None
    fingerprint = site_fingerprint(config, public, extra_files, history, key)
    if fingerprint == get_meta(db, "site_fingerprint") and config.site_dir.is_dir():
        return 0, ""
    if check_log:  # a log that cannot take this pass's rows stops it before anything goes live
        dlog.check_chain_appendable(config.log_file, db, timeout=config["lock_timeout_seconds"])
    # The log's head goes out with every build (not in the fingerprint: it changes with
    # every row, and is brought up to date after the rows are written).
    head = {anchor.HEAD_FILE: published_head(config, db)}
    built = build_site(config, list(public.values()), {**extra_files, **head}, extra_nav,
                       site_first_built(db, config, now), now=now, history=history,
                       feedback_key=key)
    set_meta(db, "site_fingerprint", fingerprint)
    return built


def send_newsletter(config: Config, now: datetime) -> newsletter.SendReport:
    """`cascade newsletter send`: freeze the issue that is due, put its archive page on the
    site (with what is published now, from the ledger), then send it, so the email's
    "view in browser" link works when it arrives."""
    with exclusive(config.state_db.parent / "run.lock", config["lock_timeout_seconds"],
                   _busy(config)):
        state_rebuild.refuse_if_lost(config)   # before opening creates an empty one
        with open_state(config.state_db) as db:
            report = newsletter.prepare_send(config, db, now)
            if report.state == "sending":
                ledger = published_items(db)
                public = {item.id: item for item in newsletter.live_items(config, db)
                          if not item.held_back}
                items = load_content(config)
                build_if_changed(config, db, now, public, items,
                                 page_history(db, public, ledger, config),
                                 select_withdrawn(db, items, public, ledger, now))
    if report.state != "sending":
        return report
    with open_state(config.state_db) as db:
        return newsletter.finish_send(config, db, now, report)


def published_head(config: Config, db) -> str:
    """log-head.json: the log's entry count and newest row_hash, for anyone to keep."""
    return anchor.head_json(config.log_file, get_meta(db, dlog.HEAD),
                            bool(get_meta(db, anchor.KEYED_FROM)))


def stage_pages(config: Config, db, now: datetime, items: list[Item]) -> tuple[dict, list]:
    """Pages other stages add to the site (newsletter archive, dissemination figures).

    They must depend only on state that changes when there is something new to
    show, or every run would rebuild the site.
    """
    files, nav = {}, []
    for stage in (feeds, mail, reports):
        stage_files, stage_nav = stage.site_pages(config, db, now, items=items)
        files.update(stage_files)
        nav += stage_nav
    return files, nav


def select_public(items: list[Item], ledger: dict, now: datetime, config: Config):
    """Items that belong on the website now, by id; and the held-back ones kept live."""
    public, kept = {}, []
    for item in items:
        if not item.held_back and item.is_due(now):
            public[item.id] = item
    for item in items:
        if not item.held_back:
            continue
        row = ledger.get(item.id) or next(
            (r for r in ledger.values() if r["rel"] == item.rel), None)
        if row is not None and row["item_id"] not in public:
            last_good = parse_bytes(row["source"].encode("utf-8"), row["kind"], row["rel"],
                                    config)
            if not last_good.held_back and last_good.status == "ready":
                last_good.version = row["version"]
                last_good.findings = []
                public[last_good.id] = last_good
                kept.append(item)
    return public, kept


def select_withdrawn(db, items: list[Item], public: dict, ledger: dict,
                     now: datetime) -> list[tuple[Item, datetime]]:
    """Withdrawn items that were on the website, with when they left it.

    Their old address gets a page saying so. The time is kept in the state
    database, so every later build says the same date. An item that was never
    published gets no page: its address was never given out.
    """
    known = {row["item_id"]: row["withdrawn_at"]
             for row in db.execute("SELECT item_id, withdrawn_at FROM withdrawn")}
    chosen = []
    for item in items:
        if item.status != "withdrawn" or item.held_back or item.id in public:
            continue
        if item.id in known:
            chosen.append((item, datetime.fromisoformat(known[item.id])))
        elif item.id in ledger:
            db.execute("INSERT INTO withdrawn(item_id, withdrawn_at) VALUES (?, ?)",
                       (item.id, now.isoformat(timespec="seconds")))
            chosen.append((item, now))
    for item_id in known.keys() & public.keys():   # back on the site: a new withdrawal
        db.execute("DELETE FROM withdrawn WHERE item_id = ?", (item_id,))   # gets a new date
    return chosen


def page_history(db, public: dict, ledger: dict, config: Config) -> dict[str, list]:
    """Each public item's change notes, newest first: [(updated, note), ...].

    The stored notes, the item's own, and those of the version it replaces (whose
    note a minor change or a new note takes out of the front matter). The same set
    is stored when the pass is logged, so the next pass builds the same page.
    """
    stored: dict[str, list] = {}
    for row in db.execute("SELECT item_id, note, changed_on FROM page_history"):
        stored.setdefault(row["item_id"], []).append(
            (datetime.fromisoformat(row["changed_on"]), row["note"]))
    history = {}
    for item in public.values():
        entries = list(stored.get(item.id, []))
        sources = [item]
        before = ledger.get(item.id)
        if before is not None and before["version"] != item.version:
            sources.append(parse_bytes(before["source"].encode("utf-8"), before["kind"],
                                       before["rel"], config))
        for source in sources:
            entry = change_entry(source)
            if entry is not None and entry[1] not in {note for _, note in entries}:
                entries.append(entry)
        if entries:
            history[item.id] = sorted(entries, key=lambda e: (e[0], e[1]), reverse=True)
    return history


def change_entry(item: Item) -> tuple[datetime, str] | None:
    """(updated, note) for a version that records a change; minor changes are not listed."""
    note = " ".join(str(item.meta.get("change_note") or "").split())
    updated = item.meta.get("updated")
    if not note or not isinstance(updated, datetime) or \
            item.meta.get("change", "major") == "minor":
        return None
    return updated, note


def site_fingerprint(config: Config, public: dict, extra_files: dict,
                     history: dict | None = None, feedback_key: bytes | None = None) -> str:
    """Changes whenever the built site would: content, settings, theme config, Cascade,
    and the key the feedback forms' tokens are signed with (never the key itself)."""
    code = hashlib.sha256()
    site_package = Path(str(resources.files("pipeline.site")))
    for path in sorted(site_package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            code.update(path.relative_to(site_package).as_posix().encode() + path.read_bytes())
    # Not a readable file: the build says why (engine_config) instead of a traceback here.
    try:
        mkdocs_yml = config.mkdocs_config.read_bytes() if config.mkdocs_config.is_file() else b""
    except OSError:
        mkdocs_yml = b""
    data = [__version__, code.hexdigest(), config.fingerprint(SITE_KEYS),
            hashlib.sha256(mkdocs_yml).hexdigest(),
            sorted((i.kind, i.id, i.version) for i in public.values()),
            # A picture's site name carries a hash of its bytes: a new picture rebuilds.
            sorted(site_images.collect(config, public.values()).files),
            sorted((name, hashlib.sha256(_bytes(text)).hexdigest())
                   for name, text in extra_files.items()),
            sorted((item_id, [(when.isoformat(), note) for when, note in entries])
                   for item_id, entries in (history or {}).items()),
            feedback.page_token(feedback_key, "") if feedback_key else ""]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()


def _bytes(text: str | bytes) -> bytes:
    return text.encode("utf-8") if isinstance(text, str) else text


def site_first_built(db, config: Config, now: datetime) -> date:
    """The day the site was first built: the accessibility statement's default date."""
    day = get_meta(db, "site_first_built")
    if day is None:
        day = now.astimezone(config.tz).date().isoformat()
        set_meta(db, "site_first_built", day)
    return date.fromisoformat(day)


def build_site(config: Config, public: list[Item], extra_files: dict | None = None,
               extra_nav: list | None = None, first_built: date | None = None,
               engine=None, now: datetime | None = None,
               pdfs: bool = True, history: dict | None = None,
               feedback_key: bytes | None = None) -> tuple[int, str]:
    """Generate pages, feeds and (with `pdfs`) briefing PDFs for the public items and
    swap the built site into place.

    `engine` runs the site engine (build.run_engine unless the caller has a faster way).
    With `feedback_key` and subscribe_url set, each ready item's page carries the
    feedback forms, with its page token signed by that key."""
    now = now or datetime.now(config.tz)
    site = pages.make_site(config, public, first_built, history)
    if feedback_key and config["subscribe_url"]:
        site = dataclasses.replace(
            site, feedback_action=tokens.base_url(config) + "feedback",
            feedback_tokens={i.id: feedback.page_token(feedback_key, i.id) for i in public})
    # PDFs first: each briefing page links to its PDF and says how large it is.
    made = pdf.briefing_pdfs(config, site, {**site.pictures.files, **(extra_files or {})},
                             now) if pdfs else {}
    site = dataclasses.replace(site, pdfs={i: len(data) for i, data in made.items()})
    files: dict[str, str | bytes] = dict(pages.generate_pages(site))
    files.update({f"briefings/{i}.pdf": data for i, data in made.items()})
    files["feeds/briefings.xml"] = atom.feed(site, "briefing", now)
    files["feeds/procedures.xml"] = atom.feed(site, "procedure", now)
    files.update(site.pictures.files)
    files.update(build.assets())
    files.update(extra_files or {})
    nav = pages.NAV[:-1] + list(extra_nav or []) + pages.NAV[-1:]
    mode = build.build(config, files, nav, engine, now)
    return sum(1 for name in files if name.endswith(".md")), mode


def website_acts(public: dict, ledger: dict, items: list[Item], now: datetime) -> list[dlog.Act]:
    """Compare what is public with what was published before: one act per difference."""
    acts = []
    for item in sorted(public.values(), key=lambda i: (i.meta["date"], i.id)):
        before = ledger.get(item.id)
        if before is not None and before["version"] == item.version:
            continue
        if before is None:
            action, notes = "published", "first publication"
        else:
            action = "updated"
            minor = item.meta.get("change") == "minor"
            notes = "minor change: republished without alerts" if minor else \
                (item.meta.get("change_note") or "content changed")
        acts.append(dlog.Act(occurred_at=now, item_id=item.id, item_version=item.version,
                             item_type=item.kind, action=action, channel="website",
                             audience=";".join(item.meta["audience"]),
                             disseminated_by="cascade run",
                             accessibility=accessibility_summary(item), notes=notes))
    current = {i.id: i for i in items if i.id}
    for item_id, row in sorted(ledger.items()):
        if item_id in public:
            continue
        item = current.get(item_id)
        if item is None:
            # rel is unknown for a ledger row rebuilt from the log (--rebuild-state)
            reason = f"source file {row['rel']} was removed" if row["rel"] else \
                "its source file was removed"
        elif item.status == "withdrawn":
            reason = "status set to withdrawn"
        elif item.status == "draft":
            reason = "status set back to draft"
        else:
            reason = "publication date moved into the future"
        # The file may now be held back with any value here (audience: [1]).
        audience = item.meta.get("audience") if item else None
        audience = ";".join(a for a in audience if isinstance(a, str)) \
            if isinstance(audience, list) else ""
        acts.append(dlog.Act(occurred_at=now, item_id=item_id, item_version=row["version"],
                             item_type=row["kind"], action="withdrawn", channel="website",
                             audience=audience, disseminated_by="cascade run",
                             accessibility="", notes=reason))
    return acts


def update_ledger(db, public: dict, ledger: dict, now: datetime,
                  history: dict | None = None) -> None:
    stamp = now.isoformat(timespec="seconds")
    db.execute("BEGIN IMMEDIATE")
    for item_id, entries in (history or {}).items():
        db.executemany("INSERT OR IGNORE INTO page_history(item_id, note, changed_on) "
                       "VALUES (?, ?, ?)",
                       [(item_id, note, when.isoformat()) for when, note in entries])
    for item in public.values():
        before = ledger.get(item.id)
        if before is not None and before["version"] == item.version:
            continue
        db.execute(
            "INSERT INTO published(item_id, kind, version, rel, source, first_published, "
            "last_changed) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(item_id) DO UPDATE SET "
            "kind = excluded.kind, version = excluded.version, rel = excluded.rel, "
            "source = excluded.source, last_changed = excluded.last_changed",
            (item.id, item.kind, item.version, item.rel, item.source, stamp, stamp))
    for item_id in ledger:
        if item_id not in public:
            db.execute("DELETE FROM published WHERE item_id = ?", (item_id,))
    db.execute("COMMIT")


def import_word(config: Config, sources: list[Path], kind: str, now: datetime,
                force: bool = False) -> tuple[list, Outcome]:
    """`cascade import`: a draft per Word document, then the checks on what was written."""
    from pipeline.content import importer   # here: the Word reader takes 0.2 s to load
    results = importer.import_documents(config, sources, kind, now, force)
    written = [r.path for r in results if r.path is not None and not r.error]
    return results, check(config, now, written) if written else Outcome(items=[], now=now)
