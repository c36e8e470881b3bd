"""Load content files and validate them against the front-matter schema of docs/design.md.

Every problem becomes a Finding with the file, the line, a rule id and a fix.
A file with an error is held back by the caller; loading never stops at the
first bad file.
"""

from __future__ import annotations

import difflib
import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from pathlib import Path

import yaml

from pipeline.settings.config import Config
from pipeline.settings.kinds import RESERVED_NAMES, SLUG
from pipeline.findings import ERROR, WARNING, Finding, has_errors, short

MAX_FILE_BYTES = 1_000_000
MAX_YAML_DEPTH = 20        # front matter needs two levels (source: type, title, url)
KINDS = {"briefings": "briefing", "procedures": "procedure"}
FOLDERS = {kind: folder for folder, kind in KINDS.items()}   # kind -> its folder
STATUSES = ("draft", "ready", "withdrawn")
CHANGES = ("major", "minor")
SOURCE_TYPES = ("cspr", "rapid-review", "national-panel", "sar", "dhr",
                "multi-agency-audit", "guidance", "other")
CHANGE_TYPES = ("new", "updated", "refreshed", "removed")
COMMON_KEYS = {"id", "title", "date", "status", "summary", "themes", "audience",
               "updated", "change", "change_note", "replaced_by"}
KEYS = {
    "briefing": {"required": ["id", "title", "date", "status", "summary", "themes", "audience"],
                 "allowed": COMMON_KEYS | {"source", "review_by"}},
    "procedure": {"required": ["id", "title", "date", "status", "summary", "change_type",
                               "chapter_url", "update_cycle", "themes", "audience"],
                  "allowed": COMMON_KEYS | {"change_type", "chapter_url", "update_cycle",
                                            "practitioner_action", "driver"}},
}
# A web address as content may give one: no whitespace, and none of ) < > that would
# end a Markdown link or start a tag. \Z, not $: $ also matches before a final line break.
URL = re.compile(r"^https?://[^\s/()<>]+[^\s)<>]*\Z")
URL_FIX = "write ) < > as %29 %3C %3E, and no spaces or line breaks"
CYCLE = re.compile(r"(19\d\d|2\d\d\d)-(0[1-9]|1[0-2])\Z")   # within YEARS, as dates are
RESERVED_IDS = RESERVED_NAMES      # pages the site writes into the content folders
# Dates are read as years from 1900 to 2999, in their own offset, in UTC and in the
# configured zone: far beyond real content, and far from the ends of what Python's
# datetime can hold (0001-01-01T00:00+14:00 is a valid ISO date that no zone can show).
YEARS = (1900, 2999)
# Longest front-matter text, in characters: pages, feeds and email subjects repeat it.
TEXT_LIMITS = {"title": 300, "change_note": 500, "summary": 1000, "practitioner_action": 2000,
               "driver": 2000}
HEADING2 = re.compile(r"^##\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is ~10x faster


class _ContentLoader(_SafeLoader):
    """Safe YAML that leaves dates as text: Cascade parses them itself, in Europe/London,
    and reports an impossible date (2025-13-01) as a finding rather than a crash."""


_ContentLoader.add_constructor("tag:yaml.org,2002:timestamp",
                               yaml.SafeLoader.construct_yaml_str)


# How each `source.type` is named on pages and in the annual report.
SOURCE_LABELS = {
    "cspr": "Child Safeguarding Practice Review",
    "rapid-review": "Rapid review",
    "national-panel": "National Child Safeguarding Practice Review Panel",
    "sar": "Safeguarding Adults Review",
    "dhr": "Domestic Homicide Review",
    "multi-agency-audit": "Multi-agency audit",
    "guidance": "Guidance",
    "other": "Other",
}


@dataclass
class Item:
    """One content file: its parsed front matter, body and what the checks said."""

    kind: str                  # briefing | procedure
    rel: str                   # path relative to the project root
    source: str                # decoded text, LF line endings, no BOM
    version: str               # short hash of the file's bytes
    meta: dict = field(default_factory=dict)
    key_lines: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1         # line number of the body's first line
    findings: list = field(default_factory=list)

    # Text or "": a held-back file's front matter may hold any YAML value (id: 12345),
    # and the rest of the pass sorts, joins and compares these.
    @property
    def id(self) -> str:
        return _text(self.meta.get("id"))

    @property
    def title(self) -> str:
        return _text(self.meta.get("title"))

    @property
    def status(self) -> str:
        return _text(self.meta.get("status"))

    @property
    def checkable(self) -> bool:
        """Whether the body checks can read it: a file read as text whose front matter or
        body was found (broken YAML still leaves a body to check)."""
        return bool(self.source) and bool(self.meta or self.body)

    @property
    def held_back(self) -> bool:
        return has_errors(self.findings)

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)

    def add(self, line: int, rule: str, message: str, fix: str = "", severity: str = ERROR,
            wcag: str = "") -> None:
        self.findings.append(Finding(self.rel, line, rule, message, fix, severity, wcag))

    def is_due(self, now: datetime) -> bool:
        return self.status == "ready" and self.meta["date"] <= now

    def state(self, now: datetime) -> str:
        """held-back, draft, withdrawn, scheduled or ready (public).

        A draft with errors is still a draft: it was not going to be published, so
        nothing was held back (its findings are reported all the same)."""
        if self.status == "draft":
            return "draft"
        if self.held_back:
            return "held-back"
        if self.status != "ready":
            return self.status
        return "ready" if self.is_due(now) else "scheduled"


def load_content(config: Config) -> list[Item]:
    """Parse and validate every content file; ids are checked across all of them."""
    items = []
    # realpath, unlike Path.resolve, does not raise on a symlink loop.
    content_root = Path(os.path.realpath(config.content_dir))
    inside = _names_inside(content_root)
    for folder, kind in KINDS.items():
        directory = config.content_dir / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if path.suffix != ".md" or path.name.startswith((".", "~")):
                continue  # editors' temporary files are not content
            items.append(load_file(path, kind, config, content_root, inside))
    _check_unique_ids(items)
    _check_replacements(items)
    return items


def _names_inside(root: Path) -> dict:
    """How many names each hard-linked file has inside `root`, by (device, inode)."""
    names: dict = {}
    for folder, _dirs, files in os.walk(root):
        for name in files:
            try:
                info = os.lstat(os.path.join(folder, name))
            except OSError:
                continue
            if stat.S_ISREG(info.st_mode) and info.st_nlink > 1:
                names[(info.st_dev, info.st_ino)] = names.get((info.st_dev, info.st_ino), 0) + 1
    return names


def load_file(path: Path, kind: str, config: Config, content_root: Path | None = None,
              inside: dict | None = None) -> Item:
    """Read one file. With `content_root`, a file that is a link (symbolic or hard) to a
    file outside it is refused: content/ is what the officer sees and reviews, and a link
    could publish anything the process can read. `inside` counts the names each
    hard-linked file has within content/ (from _names_inside)."""
    rel = _relative(path, config.root)
    item = Item(kind=kind, rel=rel, source="", version="")
    if content_root is not None and path.is_symlink():
        target = Path(os.path.realpath(path))
        if not target.is_relative_to(content_root):
            _outside(item, "a link")
            return item
    try:
        # A pipe or device named *.md would block the run, or never end: read only regular
        # files, and never more than the size limit (a huge file must not fill the memory).
        if not stat.S_ISREG(path.stat().st_mode):
            item.add(1, "file-not-regular", "this is not an ordinary file",
                     "content files are Markdown text files; remove this one from content/")
            return item
        with open(path, "rb") as handle:
            info = os.fstat(handle.fileno())   # the file opened, not whatever the name is now
            if content_root is not None and info.st_nlink > 1 and info.st_nlink > (
                    inside or {}).get((info.st_dev, info.st_ino), 0):
                _outside(item, "a hard link")
                return item
            if info.st_size > MAX_FILE_BYTES:
                _too_large(item, info.st_size)
                return item
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        _unreadable(item, path, exc)
        return item
    return parse_bytes(raw, kind, rel, config)


def _outside(item: Item, what: str) -> None:
    item.add(1, "file-outside-content", f"this file is {what} to a file outside content/",
             "copy the file into content/ instead of linking to it")


def _unreadable(item: Item, path: Path, exc: OSError) -> None:
    if exc.errno == errno.ELOOP:
        item.add(1, "file-link-loop", "this file is a link that leads back to itself "
                 "(a symlink loop)", "remove the link, or point it at a real file in content/")
    elif exc.errno == errno.ENOENT and path.is_symlink():
        item.add(1, "file-link-broken", "this file is a link to a file that does not exist",
                 "remove the link, or copy the file into content/")
    else:
        item.add(1, "file-unreadable", f"cannot read the file ({exc.strerror})",
                 "check the file's permissions")


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _too_large(item: Item, size: int) -> None:
    item.add(1, "file-too-large", f"the file is {size:,} bytes; the limit is "
             f"{MAX_FILE_BYTES:,}", "a briefing is a short document: split or shorten it")


def parse_bytes(raw: bytes, kind: str, rel: str, config: Config) -> Item:
    """Parse and validate one file's bytes (also used for stored, last-good versions)."""
    item = Item(kind=kind, rel=rel, source="", version=hashlib.sha256(raw).hexdigest()[:12])
    if len(raw) > MAX_FILE_BYTES:
        _too_large(item, len(raw))
        return item
    text = _decode(raw, item)
    if text is None:
        return item
    item.source = text
    if not text.strip():
        item.add(1, "file-empty", "the file is empty",
                 f"start from a scaffold: cascade new {kind} \"Title\"")
        return item
    front, body_line = _split_front_matter(text, item)
    if front is None:
        return item
    item.body = "\n".join(text.split("\n")[body_line - 1:])
    item.body_line = body_line
    _parse_front_matter(front, item)
    if not item.findings:
        _validate_meta(item, config)
    if kind == "briefing":
        _check_sections(item, config["briefing_sections"])
    return item


def _relative(path: Path, root: Path) -> str:
    try:
        return path.absolute().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _decode(raw: bytes, item: Item) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte order mark, as some Windows editors write
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        item.add(line, "encoding-invalid",
                 f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} at line {line})",
                 "save the file as UTF-8 in your editor (Save As > Encoding: UTF-8)")
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        item.add(line, "encoding-invalid", "the file contains a NUL byte (binary data)",
                 "save the file as plain UTF-8 text")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_front_matter(text: str, item: Item) -> tuple[str | None, int]:
    lines = text.split("\n")
    if lines[0].strip() != "---":
        item.add(1, "front-matter-missing", "the file does not start with front matter",
                 "put a line '---' first, then the keys (id, title, date, ...), then '---'")
        return None, 0
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), index + 2
    item.add(1, "front-matter-unclosed", "the front matter has no closing '---' line",
             "add a line '---' after the last key")
    return None, 0


def _parse_front_matter(front: str, item: Item) -> None:
    offset = 2  # front matter starts on line 2
    try:
        unsafe = _unsafe_shape(front)
        if unsafe is not None:
            line, rule, message, fix = unsafe
            item.add(offset + line, rule, message, fix)
            return
        loader = _ContentLoader(front)
        try:
            node = loader.get_single_node()  # keeps line numbers for the findings
            values = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        tab = _tab_indented(front, mark.line if mark else 0)
        if tab is not None:
            item.add(offset + tab, "yaml-tab",
                     f"front matter line {offset + tab} is indented with a tab; YAML allows "
                     "only spaces", "replace the tab at the start of the line with spaces "
                     "(two for each level), or set your editor to insert spaces for Tab")
            return
        line = offset + (mark.line if mark else 0)
        problem = (exc.problem or "invalid YAML").strip()
        if "nesting depth" in problem:
            # Newer YAML libraries stop deep nesting themselves, before the event walk in
            # _unsafe_shape reaches its own limit: the same problem, the same rule.
            item.add(line, *_TOO_DEEP)
            return
        item.add(line, "yaml-invalid", f"front matter is not valid YAML: {problem}",
                 "check quotes and indentation; put text containing ': ' in double quotes")
        return
    except (yaml.YAMLError, RecursionError, ValueError, TypeError) as exc:
        item.add(offset, "yaml-invalid", f"front matter is not valid YAML: {type(exc).__name__}",
                 "check quotes and indentation")
        return
    if not isinstance(node, yaml.MappingNode) or not isinstance(values, dict):
        item.add(offset, "front-matter-not-mapping", "front matter must be 'key: value' lines",
                 "write one 'key: value' per line, e.g. 'title: Safer sleep'")
        return
    seen = {}
    for key_node, _value in node.value:
        key, line = key_node.value, offset + key_node.start_mark.line
        if key in seen:
            item.add(line, "key-duplicate", f"key '{key}' appears twice (first at line "
                     f"{seen[key]})", "keep one of them")
        seen.setdefault(key, line)
    item.key_lines = seen
    item.meta = {str(k): v for k, v in values.items()}


def _tab_indented(front: str, error_line: int) -> int | None:
    """The (0-based) front matter line whose tab indentation caused a YAML error, if one did.

    The YAML library names the character, never "tab", and often the line after it."""
    lines = front.split("\n")
    for number in (error_line, error_line - 1):
        if 0 <= number < len(lines) and "\t" in _indent(lines[number]):
            return number
    return None


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _unsafe_shape(front: str) -> tuple | None:
    """(line, rule, message, fix) for front matter that must not be built into values.

    Read first as a stream of events, which costs little and stops early: an alias
    (*name) lets a few lines stand for billions of values (the checks would walk
    them all), and deep nesting overflows the YAML library's stack and kills the
    process. Neither has any use in front matter.
    """
    depth = 0
    for event in yaml.parse(front, Loader=_SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            return (event.start_mark.line, "yaml-alias",
                    f"front matter uses a YAML alias (*{event.anchor})",
                    "write the value out in full; aliases are not allowed in front matter")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return (event.start_mark.line, *_TOO_DEEP)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return None


_TOO_DEEP = ("yaml-too-deep", f"front matter is nested more than {MAX_YAML_DEPTH} levels deep",
             "front matter keys take plain values or short lists")


def _validate_meta(item: Item, config: Config) -> None:
    schema = KEYS[item.kind]
    meta, tz = item.meta, config.tz
    for key in meta:
        if key not in schema["allowed"]:
            close = difflib.get_close_matches(key, sorted(schema["allowed"]), n=1)
            hint = f"did you mean '{close[0]}'?" if close else \
                f"allowed keys: {', '.join(sorted(schema['allowed']))}"
            item.add(item.line_of(key), "key-unknown", f"unknown key '{key}'", hint)
    for key in schema["required"]:
        if meta.get(key) in (None, ""):
            item.add(item.line_of(key) if key in meta else 1, "key-missing",
                     f"required key '{key}' is missing or empty", _example(key, config))

    _check_text(item, "title")
    _check_text(item, "summary")
    if "id" in meta and meta["id"] not in (None, ""):
        if not isinstance(meta["id"], str) or not SLUG.match(meta["id"]) or len(meta["id"]) > 80:
            item.add(item.line_of("id"), "id-not-slug",
                     f"id {meta['id']!r} is not a slug",
                     "use lower-case letters, digits and hyphens, e.g. 'safer-sleep-2025'")
        elif meta["id"] in RESERVED_IDS:
            item.add(item.line_of("id"), "id-reserved",
                     f"id '{meta['id']}' is the name of a page the site makes itself",
                     "choose another id, e.g. one that says what the item is about")
    if "status" in meta and meta["status"] not in STATUSES:
        item.add(item.line_of("status"), "value-invalid",
                 f"status {meta['status']!r} is not one of {', '.join(STATUSES)}",
                 "use 'draft' while writing and 'ready' to publish")
    if "change" in meta and meta["change"] not in CHANGES:
        item.add(item.line_of("change"), "value-invalid",
                 f"change {meta['change']!r} is not one of major, minor",
                 "'major' re-alerts subscribers; 'minor' republishes quietly")
    for key in ("date", "updated", "review_by"):
        if key in meta and meta[key] not in (None, ""):
            when = _read_when(meta[key], tz)
            if when is None:
                item.add(item.line_of(key), "date-invalid",
                         f"{key} {short(meta[key])!r} is not an ISO 8601 date",
                         "write 2025-03-04, or 2025-03-04T09:00 for a time (Europe/London)")
            elif not in_years(when, tz):
                item.add(item.line_of(key), "date-out-of-range",
                         f"{key} {short(meta[key])!r} is outside the years {YEARS[0]} to "
                         f"{YEARS[1]}", "check the year, e.g. 2025-03-04")
                when = None   # nothing later may compute with it
            meta[key] = when
    published, updated = meta.get("date"), meta.get("updated")
    if isinstance(published, datetime) and isinstance(updated, datetime) and updated < published:
        item.add(item.line_of("updated"), "date-order", "updated is earlier than date",
                 "updated is the date of the last change, on or after date")
    if updated is not None and meta.get("change", "major") == "major" and not meta.get("change_note"):
        item.add(item.line_of("updated"), "change-note-missing",
                 "a major update needs a change_note",
                 "add 'change_note: <one line saying what changed>', or 'change: minor'")
    if "change_note" in meta:
        _check_text(item, "change_note")
    replacement = meta.get("replaced_by")
    if "replaced_by" in meta and not (isinstance(replacement, str) and SLUG.match(replacement)):
        item.add(item.line_of("replaced_by"), "value-invalid",
                 f"replaced_by {replacement!r} is not an id",
                 "write the id of the briefing or procedure change that replaces this one")
    for key, vocabulary in (("themes", config["themes"]), ("audience", config["audiences"])):
        _check_vocabulary(item, key, vocabulary)
    if item.kind == "briefing" and meta.get("source") is not None:
        _check_source(item)
    if item.kind == "procedure":
        _check_procedure(item)


def parse_when(value, tz) -> datetime | None:
    """A date or date-time from front matter, in `tz` unless it carries an offset; None
    when it is not one, or falls outside YEARS."""
    when = _read_when(value, tz)
    return when if when is not None and in_years(when, tz) else None


def in_years(when: datetime, tz) -> bool:
    """Whether `when` lies in YEARS as written, in UTC and in `tz` (so no conversion of it
    can overflow)."""
    try:
        shown = (when, when.astimezone(timezone.utc), when.astimezone(tz))
    except (OverflowError, ValueError):
        return False
    return all(YEARS[0] <= moment.year <= YEARS[1] for moment in shown)


def _read_when(value, tz) -> datetime | None:
    if isinstance(value, datetime):
        when = value
    elif isinstance(value, date):
        when = datetime.combine(value, time(0))
    elif isinstance(value, str):
        try:
            when = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    return when.replace(tzinfo=tz) if when.tzinfo is None else when


def _check_text(item: Item, key: str) -> None:
    value = item.meta.get(key)
    if value not in (None, "") and not isinstance(value, str):
        item.add(item.line_of(key), "value-invalid", f"{key} must be text, got "
                 f"{short(repr(value))}", f"put the {key} in double quotes")
    elif isinstance(value, str) and len(value.strip()) > TEXT_LIMITS[key]:
        item.add(item.line_of(key), "value-too-long", f"{key} is {len(value.strip()):,} "
                 f"characters; the limit is {TEXT_LIMITS[key]:,}",
                 f"shorten the {key}; put detail in the body")
    elif isinstance(value, str) and "\n" in value.strip() and key != "summary":
        item.add(item.line_of(key), "value-invalid", f"{key} must be one line",
                 f"shorten the {key} to one line")


def _check_vocabulary(item: Item, key: str, vocabulary: list[str]) -> None:
    if key not in item.meta:
        return
    values = item.meta[key]
    if values is None:
        values = []
    if isinstance(values, str):
        values = [values]
        item.meta[key] = values
    if not isinstance(values, list):
        item.add(item.line_of(key), "value-invalid", f"{key} must be a list",
                 f"write {key}: [{vocabulary[0]}]")
        return
    if not values and item.status == "ready":
        item.add(item.line_of(key), "key-missing", f"{key} is empty",
                 f"choose at least one of: {', '.join(vocabulary)}")
    for value in values:
        if value not in vocabulary:
            close = difflib.get_close_matches(str(value), vocabulary, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"choose from: {', '.join(vocabulary)}"
            item.add(item.line_of(key), "vocabulary-unknown",
                     f"{key} value {value!r} is not in the configured vocabulary", hint)


def _check_source(item: Item) -> None:
    source, line = item.meta["source"], item.line_of("source")
    if not isinstance(source, dict):
        item.add(line, "value-invalid", "source must have type, title and (optionally) url",
                 "write source: on its own line with indented 'type:', 'title:' and 'url:'")
        return
    for key in source:
        if key not in ("type", "title", "url"):
            item.add(line, "key-unknown", f"unknown key 'source.{key}'",
                     "source takes type, title and url")
    if source.get("type") not in SOURCE_TYPES:
        item.add(line, "value-invalid", f"source.type {source.get('type')!r} is not one of "
                 f"{', '.join(SOURCE_TYPES)}", "use 'other' if none fits")
    if not isinstance(source.get("title"), str) or not source["title"].strip():
        item.add(line, "key-missing", "source.title is missing",
                 "name the review, e.g. 'Child Safeguarding Practice Review: Baby A'")
    if "url" in source and not (isinstance(source["url"], str) and URL.match(source["url"])):
        item.add(line, "value-invalid", f"source.url {source['url']!r} is not a web address",
                 f"use a full address starting https://; {URL_FIX}")


def _check_procedure(item: Item) -> None:
    meta = item.meta
    if "change_type" in meta and meta["change_type"] not in CHANGE_TYPES:
        item.add(item.line_of("change_type"), "value-invalid",
                 f"change_type {meta['change_type']!r} is not one of {', '.join(CHANGE_TYPES)}",
                 "'new' for a new chapter, 'updated' or 'refreshed' for a changed one")
    url = meta.get("chapter_url")
    if url not in (None, "") and not (isinstance(url, str) and URL.match(url)):
        item.add(item.line_of("chapter_url"), "value-invalid",
                 f"chapter_url {url!r} is not a web address",
                 "use the chapter's full address in the procedures manual, starting "
                 f"https://; {URL_FIX}")
    cycle = meta.get("update_cycle")
    if isinstance(cycle, date):  # YAML reads 2024-12-01 as a date
        cycle = None
    if cycle not in (None, "") and not (isinstance(cycle, str) and CYCLE.match(cycle)):
        item.add(item.line_of("update_cycle"), "value-invalid",
                 f"update_cycle {short(repr(meta['update_cycle']))} is not YYYY-MM (a year "
                 f"from {YEARS[0]} to {YEARS[1]})",
                 "write the manual's update round as year and month, e.g. 2024-12")
    for key in ("practitioner_action", "driver"):
        _check_text(item, key)


def _check_sections(item: Item, expected: list[str]) -> None:
    """The seven ## sections of a 7-minute briefing, all present, in order."""
    wanted = [_norm(h) for h in expected]
    found = []
    in_fence = False
    for number, line in enumerate(item.body.split("\n"), start=item.body_line):
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else HEADING2.match(line)
        if match:
            found.append((match.group(1), number))
    order = ", ".join(expected)
    positions, last = {}, -1
    for heading, line in found:
        key = _norm(heading)
        if key not in wanted:
            item.add(line, "section-unknown", f"'## {heading}' is not one of the briefing's "
                     f"sections", f"use ### for a sub-heading; the sections are: {order}")
            continue
        if key in positions:
            item.add(line, "section-duplicate", f"section '{heading}' appears twice",
                     "merge the two sections")
            continue
        index = wanted.index(key)
        positions[key] = line
        if index < last:
            item.add(line, "section-order", f"section '{heading}' is out of order",
                     f"the sections go in this order: {order}")
        last = max(last, index)
    if not positions:
        item.add(item.body_line, "section-missing", "the briefing has none of its sections",
                 f"add the sections as ## headings, in this order: {order}")
        return
    for heading, key in zip(expected, wanted):
        if key not in positions:
            item.add(item.body_line, "section-missing", f"section '## {heading}' is missing",
                     f"add '## {heading}'; the sections are: {order}")


def _norm(heading: str) -> str:
    return " ".join(heading.lower().rstrip(":").split())


def _check_unique_ids(items: list[Item]) -> None:
    by_id: dict[str, list[Item]] = {}
    for item in items:
        if isinstance(item.id, str) and item.id:
            by_id.setdefault(item.id, []).append(item)
    for item_id, same in by_id.items():
        if len(same) < 2:
            continue
        for item in same:
            others = ", ".join(f"{o.rel}:{o.line_of('id')}" for o in same if o is not item)
            item.add(item.line_of("id"), "id-duplicate",
                     f"id '{item_id}' is also used by {others}",
                     "give each file its own id; ids must be unique across all content")


def _check_replacements(items: list[Item]) -> None:
    """replaced_by names another item, which the withdrawn page links to."""
    ids = {item.id for item in items if isinstance(item.id, str)}
    for item in items:
        replacement = item.meta.get("replaced_by")
        if not isinstance(replacement, str) or not SLUG.match(replacement):
            continue   # reported by _validate_meta
        line = item.line_of("replaced_by")
        if replacement == item.id:
            item.add(line, "replaced-by-itself", "replaced_by names this item itself",
                     "write the id of the item that replaces it, or remove replaced_by")
        elif replacement not in ids:
            close = difflib.get_close_matches(replacement, sorted(ids), n=1)
            item.add(line, "replaced-by-unknown", f"replaced_by '{replacement}' is not the id "
                     f"of any briefing or procedure change",
                     f"did you mean '{close[0]}'?" if close else
                     "write the id from the front matter of the item that replaces it")
        elif item.status != "withdrawn":
            item.add(line, "replaced-by-unused", "replaced_by is shown only when status is "
                     "withdrawn", "set status: withdrawn, or remove replaced_by",
                     severity=WARNING)


def _example(key: str, config: Config) -> str:
    theme, audience = config["themes"][0], config["audiences"][0]   # from the vocabulary in use
    examples = {
        "id": "add 'id: safer-sleep-2025' (lower-case letters, digits, hyphens)",
        "title": "add 'title: \"Safer sleep for babies\"'",
        "date": "add 'date: 2025-03-04' (the publication date, Europe/London)",
        "status": "add 'status: draft' (or 'ready' to publish)",
        "summary": "add 'summary: One or two sentences for listings and emails.'",
        "themes": f"add 'themes: [{theme}]' with values from the configured themes",
        "audience": f"add 'audience: [{audience}]' with configured audiences",
        "change_type": "add 'change_type: updated' (new, updated, refreshed or removed)",
        "chapter_url": "add 'chapter_url: https://...' (the chapter in the procedures manual)",
        "update_cycle": "add 'update_cycle: 2024-12' (the manual's update round)",
    }
    return examples.get(key, f"add '{key}:'")
