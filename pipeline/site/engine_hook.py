"""Site-engine hooks (MkDocs `hooks:`): sanitise every page, keep the search index whole.

Every generated page holds text from outside: content written by people, entries
from external feeds, newsletter issues. So the rendered HTML of every page,
index pages included, is cleaned with nh3 against an allowlist before the theme
wraps it: the Markdown engine passes raw HTML through untouched, and the checks
and encoders that keep such text out must not be the only defence.

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

import nh3

CACHE_NAME = "search-entries.json"
SEARCH_EXCLUDED = "\nsearch:\n  exclude: true"   # as pages.py writes it
TAGS = {"a", "abbr", "aside", "b", "blockquote", "br", "caption", "code", "dd", "del", "details",
        "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small",
        "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "u", "ul"}
# The dissemination page's charts: Cascade draws them as inline SVG from escaped figures.
SVG_TAGS = {"svg", "title", "line", "rect", "text"}
COMMON = {"id", "class", "title", "lang", "dir", "aria-label", "aria-hidden", "role"}
ATTRIBUTES = {"*": COMMON, "a": {"href", "rel"}, "img": {"src", "alt", "width", "height"},
              "th": {"scope", "colspan", "rowspan", "align", "style"},
              "td": {"colspan", "rowspan", "align", "style"}, "ol": {"start", "reversed"},
              "details": {"open"}, "div": {"tabindex", "style"},
              "svg": {"xmlns", "viewBox", "width", "height", "font-family", "font-size",
                      "style"},
              "line": {"x1", "x2", "y1", "y2", "stroke", "stroke-width"},
              "rect": {"x", "y", "width", "height", "fill", "stroke", "stroke-width"},
              "text": {"x", "y", "text-anchor", "fill"}}
# Layout only: nothing in a style attribute may load an address or draw over the page.
STYLE_PROPERTIES = {"text-align", "overflow-x", "min-width", "max-width", "height"}


# The day the pages are made (e.g. "3 December 2026"), written by build.py beside the
# docs folder for the theme override, which prints it on paper copies. A page an
# incremental build skips keeps the day it was made.
GENERATED_NAME = "generated.txt"


def on_page_content(html, page, config, files, **_kwargs):
    return clean(html)


def on_page_context(context, page, config, **_kwargs):
    path = Path(config["docs_dir"]).parent / GENERATED_NAME
    context["cascade_generated"] = path.read_text(encoding="utf-8") if path.exists() else ""
    return context


def clean(html: str, attribute_filter=None) -> str:
    """Only ordinary document markup survives: no scripts, handlers or javascript: URLs.

    `attribute_filter(tag, attribute, value)` may rewrite what is kept (the PDF makes
    its links absolute with it)."""
    return nh3.clean(html, tags=TAGS | SVG_TAGS, attributes=ATTRIBUTES, link_rel=None,
                     url_schemes={"http", "https", "mailto", "tel"}, strip_comments=True,
                     filter_style_properties=STYLE_PROPERTIES,
                     attribute_filter=attribute_filter)


def _page_url(relative: str) -> str:
    return relative[:-3] + ".html"


def _kept_out_of_search(source: Path) -> bool:
    """Whether Cascade's front matter for the page says `search: exclude: true`."""
    with open(source, encoding="utf-8") as handle:
        head = handle.read(2048)
    return head.startswith("---\n") and SEARCH_EXCLUDED in head.split("\n---\n", 1)[0]


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
    sources = {_page_url(p.relative_to(docs_dir).as_posix()): p for p in docs_dir.rglob("*.md")}
    pages = sorted(sources)
    # A page kept out of search (a withdrawn item's) must not get its old entries back.
    merged = {page: [] if _kept_out_of_search(sources[page]) else
              rebuilt.get(page, cached.get(page, [])) for page in pages}
    fresh["docs"] = [entry for page in pages for entry in merged[page]]
    index_path.write_text(json.dumps(fresh, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
    tmp = cache_path.with_suffix(".tmp")
    tmp.write_text(json.dumps(merged, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, cache_path)
