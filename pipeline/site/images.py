"""Pictures shown by the public items, copied into the site beside their pages.

Each picture gets a name with a hash of its bytes (briefings/safer-sleep/
image-1.3f2a9c1b.png) and the page's Markdown is rewritten to point at it, so a
changed picture is a new file and a new page: nothing stale is cached anywhere,
and the site's fingerprint changes with it. Only pictures that pass the checks'
tests are copied (a held-back item's last good version may point at a file that
has since gone bad: it stays out of the site).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.checks.body import read_body
from pipeline.content import images
from pipeline.content.load import FOLDERS, Item
from pipeline.settings.config import Config
from pipeline.text import md_url



@dataclass
class Pictures:
    files: dict = field(default_factory=dict)    # site path -> bytes
    bodies: dict = field(default_factory=dict)   # item id -> body with the links rewritten
    urls: dict = field(default_factory=dict)     # (item id, dest as written) -> site path


def picture(config: Config, item: Item, dest: str) -> tuple[str, bytes] | None:
    """(site path, bytes) of the picture `dest` in `item`, or None when it cannot go out."""
    folder = FOLDERS[item.kind]
    ref = images.resolve(config.content_dir, folder, dest)
    if ref.path is None:
        return None
    try:
        if ref.path.stat().st_size > config["images"]["max_bytes"]:
            return None
        data = ref.path.read_bytes()
    except OSError:
        return None
    kind = images.sniff(data)
    if kind is None or len(data) > config["images"]["max_bytes"] or (
            kind == "svg" and images.svg_problem(data)):
        return None
    return f"{folder}/{item.id}/{images.site_name(ref.path, data, kind)}", data


def collect(config: Config, items) -> Pictures:
    """The pictures of `items` and their bodies pointing at the copies."""
    found = Pictures()
    for item in items:
        changes = []
        for link in read_body(item.body, item.body_line).links:
            if not link.image or link.auto or not images.is_local(link.dest):
                continue
            chosen = picture(config, item, link.dest)
            if chosen is None:
                continue
            path, data = chosen
            found.files[path] = data
            found.urls[(item.id, link.dest)] = path
            # Percent-encoded: a space in the officer's file name must not end the link.
            changes.append((link.line - item.body_line, link.dest,
                            md_url(path.split("/", 1)[1])))
        if changes:
            found.bodies[item.id] = rewrite(item.body, changes)
    return found


def rewrite(body: str, changes: list[tuple[int, str, str]]) -> str:
    """`body` with each (line index, dest, new dest) rewritten: the inline link on that
    line, or else the reference definition that gives the dest."""
    lines = body.split("\n")
    for index, dest, new in changes:
        inline = re.compile(r"(\]\(\s*<?)" + re.escape(dest) + r"(?=[>\s)])")
        lines[index], count = inline.subn(lambda m: m.group(1) + new, lines[index])
        if count:
            continue
        definition = re.compile(r"^( {0,3}\[[^\]]+\]:\s*<?)" + re.escape(dest) + r"(?=[>\s]|\Z)")
        lines = [definition.sub(lambda m: m.group(1) + new, line) for line in lines]
    return "\n".join(lines)
