"""How long the full `cascade log report` takes with honest reach: 100,000 log rows about
1,000 items, and the delivery ledger they came from.

Builds a throwaway project in a temporary folder: 1,000 generated items
(corpus.py), 2,000 subscribers' deliveries (an alert per item to 100 people, a weekly
digest to 300, a monthly newsletter to all), the log rows those batches wrote, in
the format the mail stage writes (a row per item, the batch and its messages in the
notes), and offline sessions (a fifth self-reported) up to 100,000 rows. Then it
runs each report as a whole process several times and prints the median against the
target of 3 seconds. Run: python benchmarks/bench_reach.py [--rows N] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_log import time_commands  # noqa: E402
from corpus import generate  # noqa: E402
from pipeline.evidence import chain as dlog  # noqa: E402
from pipeline.evidence.reach import batch_note  # noqa: E402
from pipeline.settings.config import load_config  # noqa: E402
from pipeline.state import open_state  # noqa: E402

TARGET_SECONDS = 3.0
SUBSCRIBERS = 2000
IMMEDIATE = range(1, 101)          # subscriber ids with alerts as they happen
WEEKLY = range(101, 401)           # with a weekly digest
OFFLINE = ["team-briefing", "training", "dsl-network", "social-media", "other"]


def make_project(root: Path, rows: int) -> str:
    """The project; returns one item id to follow through the journey."""
    generate(root, briefings=800, procedures=200)
    config = load_config(root / "cascade.yml")
    ids = sorted(p.stem for p in (root / "content").rglob("*.md"))
    kinds = {p.stem: "procedure" if p.parent.name == "procedures" else "briefing"
             for p in (root / "content").rglob("*.md")}
    rnd = random.Random(2026)
    start = datetime(2023, 4, 1, 9, tzinfo=config.tz)
    span = timedelta(days=3 * 365)
    acts, deliveries, issues = [], [], []

    def act(when, item_id, action, channel, reach=None, by="cascade mail (smtp)", notes=""):
        acts.append(dlog.Act(
            occurred_at=when, item_id=item_id, item_version="0123456789ab",
            item_type=kinds[item_id], action=action, channel=channel,
            audience=";".join(rnd.sample(config["audiences"], rnd.randint(1, 3))),
            reach=reach, disseminated_by=by, notes=notes))

    published = {}
    for n, item_id in enumerate(ids):   # one item a day or so, each alerted when published
        when = start + span * n / len(ids)
        published[item_id] = when
        act(when, item_id, "published", "website", by="cascade run", notes="first publication")
        batch = f"alert:{item_id}:0123456789ab"
        deliveries += [(s, item_id, "0123456789ab", batch, "[]") for s in IMMEDIATE]
        act(when, item_id, "sent", "email-alert", len(IMMEDIATE),
            notes=batch_note("topic alert: first publication", batch, len(IMMEDIATE)))
    week = 0
    while start + timedelta(weeks=week + 1) < start + span:   # weekly digests
        begin, end = start + timedelta(weeks=week), start + timedelta(weeks=week + 1)
        carried = [i for i in ids if begin <= published[i] < end]
        week += 1
        if not carried:
            continue
        batch, counts = f"digest:digest-{end:%Y-%m-%d}", {}
        for s in WEEKLY:
            mine = rnd.sample(carried, rnd.randint(1, len(carried)))
            deliveries.append((s, batch[7:], "1", batch, json.dumps([[i, "0123456789ab"]
                                                                      for i in mine])))
            for i in mine:
                counts[i] = counts.get(i, 0) + 1
        for item_id, count in sorted(counts.items()):
            act(end, item_id, "sent", "email-alert", count,
                notes=batch_note(f"weekly digest {batch[7:]}", batch, len(WEEKLY)))
    for month in range(36):                                     # monthly newsletters
        begin, end = start + span * month / 36, start + span * (month + 1) / 36
        carried = [i for i in ids if begin <= published[i] < end]
        issue = f"newsletter-{end:%Y-%m-%d}"
        batch = f"newsletter:{issue}"
        issues.append((issue, json.dumps({"sections": [["New", [{"id": i} for i in carried]]]})))
        deliveries += [(s, issue, "1", batch, "[]") for s in range(1, SUBSCRIBERS + 1)]
        for item_id in carried:
            act(end, item_id, "sent", "newsletter", SUBSCRIBERS,
                notes=batch_note("newsletter issue: New (n)", batch, SUBSCRIBERS))
    for n in range(rows - len(acts)):                           # offline sessions
        item_id = rnd.choice(ids)
        when = published[item_id] + (start + span - published[item_id]) * rnd.random()
        act(when, item_id, "delivered-offline", rnd.choice(OFFLINE), rnd.randint(1, 40),
            by="self-reported" if n % 5 == 0 else "Learning and Improvement Officer",
            notes=f"session {n}")
    acts.sort(key=lambda a: a.occurred_at)
    stamp = (start + span).isoformat()
    with open_state(config.state_db) as db:
        db.executemany("INSERT INTO issues(issue_id, kind, version, cutoff, snapshot, "
                       "status, created_at) VALUES (?, 'newsletter', '1', '', ?, 'sent', '')",
                       issues)
        db.executemany("INSERT INTO deliveries(subscriber_id, subject_id, version, batch, "
                       "payload, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, "
                       f"'sent', '{stamp}', '{stamp}')", deliveries)
        dlog.append(config.log_file, acts, db, start + span)
    return ids[len(ids) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        began = time.perf_counter()
        item = make_project(root, args.rows)
        print(f"Generated {args.rows:,} log rows about 1,000 items and their delivery ledger "
              f"in {time.perf_counter() - began:.1f} s")
        cascade = [sys.executable, "-m", "pipeline", "log", "report", "--now",
                   "2026-04-01T09:00"]
        commands = {
            "full report (md)": cascade,
            "full report (html)": [*cascade, "--format", "html", "--output",
                                   str(root / "r.html")],
            "one item's journey (--item)": [*cascade, "--item", item],
            "row-level extract (csv-rows)": [*cascade, "--format", "csv-rows", "--output",
                                             str(root / "rows.csv")],
        }
        time_commands(commands, root, args.runs, TARGET_SECONDS)


if __name__ == "__main__":
    main()
