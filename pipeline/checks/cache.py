"""Remember check results per file version, so a run re-checks only what changed.

A result is reused when the file's bytes, its path, the settings and the check
code are the same, and every other item it links to is at the version it was
when it was checked (links and anchors into other items are checked too).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import re
import threading
from concurrent.futures import ProcessPoolExecutor
from importlib import resources
from pathlib import Path

from pipeline.checks import rules as checks
from pipeline.settings.config import Config
from pipeline.content import images
from pipeline.content.load import KINDS, Item
from pipeline.findings import Finding

LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]+)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?\s*$", re.M)


def _code_hash() -> str:
    """The code whose change can change a finding: the rules, and the content schema and
    placeholder texts they read."""
    digest = hashlib.sha256()
    for package in ("pipeline.checks", "pipeline.content"):
        folder = Path(str(resources.files(package)))
        for path in sorted(folder.glob("*.py")):
            digest.update(f"{package}.{path.name}".encode() + path.read_bytes())
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


def pictures_stamp(item: Item, config: Config) -> str:
    """What the files the body may show look like on disk (size, time, inode), so a
    picture replaced, grown or removed is checked again though the Markdown is not."""
    folder = next(f for f, kind in KINDS.items() if kind == item.kind)
    stamp = []
    for match in LINK_TARGET.finditer(item.body):
        target = (match.group(1) or match.group(2) or "").split("#")[0].split("?")[0]
        if not images.is_local(target) or target.endswith((".md", ".html")):
            continue
        ref = images.resolve(config.content_dir, folder, target)
        try:
            info = ref.path.stat() if ref.path else None
        except OSError:
            info = None
        stamp.append((target, ref.problem, info and (info.st_size, info.st_mtime_ns,
                                                     info.st_ino)))
    return hashlib.sha256(json.dumps(stamp).encode()).hexdigest() if stamp else ""


PARALLEL_FROM = 200   # items to check before a second process pays for itself


def _parallel(todo: list[Item]) -> bool:
    """Use every core for a big first check, but never fork a process that runs threads
    (cascade serve): a lock held by another thread would stay held in the child."""
    return (len(todo) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1
            and threading.active_count() == 1 and "fork" in mp.get_all_start_methods())


def _check_in_parallel(items: list[Item], config: Config, todo: list[Item]) -> list | None:
    workers = min(os.cpu_count() or 1, 4)
    positions = {id(item): n for n, item in enumerate(items)}
    shares = [[positions[id(item)] for item in todo[k::workers]] for k in range(workers)]
    context = mp.get_context("fork")  # the children inherit the loaded items; nothing is pickled
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_adopt,
                             initargs=(items, config)) as pool:
        parts = list(pool.map(_check_share, shares))
    found = {}
    for share, part in zip(shares, parts):
        found.update(zip(share, part))
    return [found[positions[id(item)]] for item in todo]


_WORKER: dict = {}   # set in each child process only, by _adopt


def _adopt(items: list[Item], config: Config) -> None:
    _WORKER.update(items=items, config=config)


def _check_share(share: list[int]) -> list[list[dict]]:
    items, config = _WORKER["items"], _WORKER["config"]
    chosen = [items[n] for n in share]
    before = [len(item.findings) for item in chosen]
    checks.run_checks(items, config, only=chosen)
    return [[f.as_dict() for f in item.findings[b:]] for item, b in zip(chosen, before)]


def run_checks_cached(items: list[Item], config: Config, db) -> int:
    """Like checks.run_checks, reusing stored results; returns how many items were checked."""
    versions = {i.id: i.version for i in items if isinstance(i.id, str) and i.id and i.meta}
    salt = f"{_code_hash()}:{config.fingerprint()}"
    todo, keys = [], {}
    for item in items:
        if not item.checkable:
            continue
        key = hashlib.sha256(f"{salt}:{item.rel}:{item.version}:"
                             f"{pictures_stamp(item, config)}".encode()).hexdigest()
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
    results = _check_in_parallel(items, config, todo) if _parallel(todo) else None
    if results is None:
        before = {id(item): len(item.findings) for item in todo}
        checks.run_checks(items, config, only=todo)
        results = [[f.as_dict() for f in item.findings[before[id(item)]:]] for item in todo]
    else:
        for item, found in zip(todo, results):
            item.findings.extend(Finding(**f) for f in found)
    db.execute("BEGIN IMMEDIATE")
    for item, new in zip(todo, results):
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
