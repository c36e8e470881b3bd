"""Remember check results per file version, so a run re-checks only what changed.

A result is reused when the file's bytes, its path, the settings and the check
code are the same, and every other item it links to is at the version it was
when it was checked (links and anchors into other items are checked too).
"""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources
from pathlib import Path

from pipeline import checks
from pipeline.config import Config
from pipeline.content import Item
from pipeline.findings import Finding

SCHEMA = """
CREATE TABLE IF NOT EXISTS check_cache (
    key      TEXT PRIMARY KEY,
    deps     TEXT NOT NULL,
    findings TEXT NOT NULL
);
"""
LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?\s*$", re.M)


def _code_hash() -> str:
    digest = hashlib.sha256()
    package = Path(str(resources.files("pipeline")))
    for path in sorted(package.glob("check*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def linked_ids(item: Item) -> set[str]:
    """Ids of the items this item's body may link to (over-approximated, never missed)."""
    found = set()
    for match in LINK_TARGET.finditer(item.body):
        target = (match.group(1) or match.group(2) or "").split("#")[0].split("?")[0]
        name = target.rstrip("/").rsplit("/", 1)[-1]
        for suffix in (".md", ".html"):
            if name.endswith(suffix):
                found.add(name[: -len(suffix)])
    return found


def run_checks_cached(items: list[Item], config: Config, db) -> int:
    """Like checks.run_checks, reusing stored results; returns how many items were checked."""
    db.executescript(SCHEMA)
    versions = {i.id: i.version for i in items if isinstance(i.id, str) and i.id and i.meta}
    salt = f"{_code_hash()}:{config.fingerprint()}:{checks.settings_key(config)}"
    todo, keys = [], {}
    for item in items:
        if not item.meta or not item.source:
            continue
        key = hashlib.sha256(f"{salt}:{item.rel}:{item.version}".encode()).hexdigest()
        keys[id(item)] = key
        row = db.execute("SELECT deps, findings FROM check_cache WHERE key = ?",
                         (key,)).fetchone()
        if row and all(versions.get(dep) == version
                       for dep, version in json.loads(row["deps"]).items()):
            item.findings.extend(Finding(**f) for f in json.loads(row["findings"]))
        else:
            todo.append(item)
    if not todo:
        return 0
    before = {id(item): len(item.findings) for item in todo}
    checks.run_checks(items, config, only=todo)
    db.execute("BEGIN IMMEDIATE")
    for item in todo:
        new = [f.as_dict() for f in item.findings[before[id(item)]:]]
        deps = {dep: versions.get(dep) for dep in linked_ids(item) if dep != item.id}
        db.execute("INSERT OR REPLACE INTO check_cache(key, deps, findings) VALUES (?, ?, ?)",
                   (keys[id(item)], json.dumps(deps), json.dumps(new)))
    if db.execute("SELECT COUNT(*) FROM check_cache").fetchone()[0] > 3 * len(items) + 100:
        # Forget results for versions that are gone, so the table stays small.
        db.execute("CREATE TEMP TABLE IF NOT EXISTS live_keys(key TEXT PRIMARY KEY)")
        db.execute("DELETE FROM live_keys")
        db.executemany("INSERT OR IGNORE INTO live_keys VALUES (?)", [(k,) for k in keys.values()])
        db.execute("DELETE FROM check_cache WHERE key NOT IN (SELECT key FROM live_keys)")
    db.execute("COMMIT")
    return len(todo)
