"""A site-engine hook (MkDocs `hooks:`) that keeps the search index whole in incremental builds.

In an incremental (`--dirty`) build the engine indexes only the pages it
rebuilt. After every build this hook merges those entries with the entries
kept from earlier builds for the pages it skipped, drops pages that no longer
exist, and writes the index in one canonical order, so an incremental build
and a full rebuild give the same bytes.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

CACHE_NAME = "search-entries.json"


def _page_url(relative: str) -> str:
    return relative[:-3] + ".html"


def on_post_build(config, **_kwargs) -> None:
    index_path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not index_path.exists():
        return
    docs_dir = Path(config["docs_dir"])
    cache_path = docs_dir.parent / CACHE_NAME
    fresh = json.loads(index_path.read_text(encoding="utf-8"))
    rebuilt: dict[str, list] = {}
    for entry in fresh["docs"]:
        rebuilt.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
    try:
        cached = json.loads(cache_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cached = {}
    pages = sorted(_page_url(p.relative_to(docs_dir).as_posix())
                   for p in docs_dir.rglob("*.md"))
    merged = {page: rebuilt.get(page, cached.get(page, [])) for page in pages}
    fresh["docs"] = [entry for page in pages for entry in merged[page]]
    index_path.write_text(json.dumps(fresh, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
    tmp = cache_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(merged, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, cache_path)
