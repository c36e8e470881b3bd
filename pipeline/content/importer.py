"""`cascade import`: a Word document becomes a draft briefing or procedure-change note.

The document's headings are matched to the briefing's sections (see sections.py);
a heading that is not a section is kept, as a sub-heading of the section before it,
and reported. Pictures are saved beside the Markdown, in a folder named after the
item's id (content/briefings/<id>/image-1.png), with Word's alt text. The front
matter is the scaffold's, with what the document knows filled in.

The first front-matter line is a comment holding a hash of what the import wrote.
Importing the same document again replaces the file only while it still has that
hash, so an officer's edits are never lost without --force.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pipeline.content.htmlmd import HEADINGS, Converter, Heading, Node, parse
from pipeline.content.scaffold import (PLACEHOLDER_CHANGE, front_matter, section_placeholder,
                                       slugify)
from pipeline.content.sections import match_sections, words
from pipeline.content.load import FOLDERS
from pipeline.content.word import Picture, read_docx
from pipeline.exceptions import CascadeError
from pipeline.settings.config import Config

MARKER = re.compile(r"^# Imported from .* by cascade import \(import-hash ([0-9a-f]{16})\)"
                    r".*\n", re.M)
WEB_IMAGES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif",
              "image/webp": "webp"}
MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "jpg": b"\xff\xd8\xff", "gif": b"GIF8", "webp": b"RIFF"}
OTHER_IMAGES = {"emf", "wmf", "tiff", "bmp"}   # Word's own formats, kept for the officer
IMAGE_FILE = re.compile(r"image-\d+\.[a-z0-9]+\Z")
# Word writes its own guess at alt text, ending in this sentence.
AUTO_ALT = re.compile(r"\s*Description automatically generated(?: with \w+ confidence)?\.?\s*\Z",
                      re.I)


@dataclass
class Note:
    """Something the officer should look at in the file the import wrote."""

    line: int
    message: str
    find: str = ""       # text on the line, when the line is not known yet


@dataclass
class Imported:
    """What became of one document."""

    source: Path
    path: Path | None = None          # the Markdown file, when one was written or kept
    action: str = ""                  # created | replaced | unchanged
    error: str = ""
    pictures: int = 0
    without_alt: int = 0
    notes: list = field(default_factory=list)
    to_fill: list = field(default_factory=list)     # (key, line): the officer must fill in
    to_check: list = field(default_factory=list)    # (key, line): guessed, to be checked
    optional: list = field(default_factory=list)    # keys commented out, for when they apply


def import_documents(config: Config, sources: list[Path], kind: str, now: datetime,
                     force: bool = False) -> list[Imported]:
    """Import each document; one that cannot be imported is reported, the rest go ahead."""
    results, written = [], {}
    for source in sources:
        try:
            results.append(import_document(config, source, kind, now, force, written))
        except CascadeError as exc:
            results.append(Imported(source=source, error=str(exc)))
    return results


def import_document(config: Config, source: Path, kind: str, now: datetime, force: bool,
                    written: dict) -> Imported:
    """Convert and write one document; `written` maps the files of this run to their
    sources, so two documents with the same title do not overwrite each other."""
    document = read_docx(source)
    tree = parse(document.html)
    sections = config["briefing_sections"] if kind == "briefing" else []
    first = _first_heading(tree, sections)
    title = document.title or first or _from_file_name(source)
    slug = slugify(title)
    if not slug:
        raise CascadeError(f"{source.name}: cannot make an id from the title {title!r}; give "
                           "the document a title with letters or digits (File > Info > Title)")
    path = config.content_dir / FOLDERS[kind] / f"{slug}.md"
    if path in written and written[path].resolve() == source.resolve():
        raise CascadeError(f"{source.name}: named twice; it was imported once")
    if path in written:
        raise CascadeError(f"{source.name}: has the same title as {written[path].name}, "
                           f"imported just now, so both would be {_rel(path, config)}; change "
                           "one document's title (File > Info > Title) and import it again")
    result = Imported(source=source, path=path, pictures=len(document.pictures))
    converter = Converter(lambda src, alt: _picture_link(document.pictures, src, slug, result))
    blocks = converter.blocks(tree)
    heading = next((n for n, b in enumerate(blocks) if isinstance(b, Heading)
                    and words(b.text) == words(title)), None)
    if heading is not None:
        del blocks[heading]   # the title is the page's own heading already
    # Line 2 is left empty for the marker comment, so line numbers are the file's.
    header = ["---", "", *front_matter(config, kind, slug, title, now), "---", ""]
    body: list[str] = []
    if kind == "briefing":
        notes = _briefing_body(blocks, sections, body, len(header))
    else:
        notes = _procedure_body(blocks, body)
    if not document.title:
        notes.insert(0, Note(_line_of(header, "title:"), "the document has no Title property "
                             "(File > Info): the title was taken from its "
                             f"{'first heading' if first else 'file name'}; check it"))
    result.notes = notes + _placed(result.notes, body, len(header))
    _keys_for_the_officer(result, kind, header)
    pictures = [(_picture_name(p)[0], p.data) for p in document.pictures]
    result.action = _write(config, path, _with_marker(header, body, source.name, pictures),
                           pictures, force)
    written[path] = source
    return result


def _placed(notes: list[Note], body: list[str], offset: int) -> list[Note]:
    """Picture notes given the line their picture is on."""
    for note in notes:
        note.line = next((offset + n for n, line in enumerate(body, start=1)
                          if note.find and note.find in line), offset)
    return notes


def _keys_for_the_officer(result: Imported, kind: str, header: list[str]) -> None:
    fill, check = ["summary", "themes", "audience"], []
    if kind == "procedure":
        fill, check = fill + ["chapter_url"], ["change_type", "update_cycle"]
    result.to_fill = [(key, _line_of(header, f"{key}:")) for key in fill]
    result.to_check = [(key, _line_of(header, f"{key}:")) for key in check]
    result.optional = ["source", "review_by"] if kind == "briefing" else \
        ["practitioner_action", "driver"]


def _line_of(lines: list[str], start: str) -> int:
    return next((n for n, line in enumerate(lines, start=1) if line.startswith(start)), 1)


def _first_heading(tree: Node, sections: list[str]) -> str:
    """The text of the first heading that is not a section (a title, not "Background")."""
    for child in tree.children:
        if isinstance(child, Node) and child.tag in HEADINGS:
            text = " ".join(_plain(child).split())
            if text and not match_sections([text], sections):
                return text
    return ""


def _plain(node) -> str:
    return node if isinstance(node, str) else "".join(_plain(c) for c in node.children)


def _from_file_name(source: Path) -> str:
    return " ".join(re.sub(r"[_-]+", " ", source.stem).split())


def _picture_link(pictures: list[Picture], src: str, slug: str,
                  result: Imported) -> tuple[str, str] | None:
    """(alt, address) of a picture in the Markdown; it is saved as <slug>/image-N.ext."""
    match = re.fullmatch(r"picture-(\d+)", src)
    if not match or not 0 < int(match.group(1)) <= len(pictures):
        return None
    picture = pictures[int(match.group(1)) - 1]
    name, problem = _picture_name(picture)
    if AUTO_ALT.search(picture.alt):
        picture.alt = AUTO_ALT.sub("", picture.alt)
        result.notes.append(Note(0, f"picture {picture.number}: Word wrote its alt text "
                                    "itself; check that it says what the picture shows",
                                 f"/{name})"))
    if not picture.alt:
        result.without_alt += 1
    if problem:
        result.notes.append(Note(0, f"picture {picture.number} {problem}, which web browsers "
                                    "cannot show; save it from Word as PNG (right-click > Save "
                                    "as Picture) and replace the file", f"/{name})"))
    return picture.alt, f"{slug}/{name}"


def _picture_name(picture: Picture) -> tuple[str, str]:
    """(file name, what is wrong with it for the web or ""). A picture whose bytes are not
    what its type says, or an SVG (it can hold a script), is kept as .bin: inert."""
    ext = WEB_IMAGES.get(picture.content_type)
    if ext is not None and picture.data.startswith(MAGIC[ext]):
        return f"image-{picture.number}.{ext}", ""
    subtype = picture.content_type.rsplit("/", 1)[-1].lower().removeprefix("x-")
    if ext is not None:
        return f"image-{picture.number}.bin", f"is not the {ext.upper()} file it claims to be"
    known = re.fullmatch(r"[a-z0-9.+-]{1,20}", subtype)
    return (f"image-{picture.number}.{subtype if subtype in OTHER_IMAGES else 'bin'}",
            f"is in {subtype.upper()} format" if known else "is in an unknown format")


def _briefing_body(blocks: list, sections: list[str], body: list[str], offset: int) -> list:
    """The sections, in order, filled from the document (`offset`: lines above the body);
    returns notes on what was moved or is missing."""
    level, matched = _section_headings(blocks, sections)
    buckets: list[list] = [[] for _ in sections]
    leading: list = []
    current, order = None, []
    for block in blocks:
        if isinstance(block, Heading) and id(block) in matched:
            current = matched[id(block)]
            order.append(current)
            continue
        target = leading if current is None else buckets[current]
        if isinstance(block, Heading):
            unmapped = level is None or block.level <= level
            target.append((3 + max(0, block.level - (level or block.level)), block, unmapped))
        else:
            target.append(block)
    home = None
    if leading:
        home = 0 if 0 not in order else order[0]
        buckets[home] = leading + buckets[home]
    notes = []
    for s, section in enumerate(sections):
        body += [f"## {section}", ""]
        if not buckets[s]:
            notes.append(Note(offset + len(body) + 1, f'the document has no "{section}" '
                                                      "section: placeholder text left for you"))
            body += [section_placeholder(section), ""]
            continue
        if s == home:
            notes.append(Note(offset + len(body) + 1, "text before the first section heading "
                                                      f'was put under "{section}"'))
        previous = 2
        for block in buckets[s]:
            if isinstance(block, str):
                body += block.split("\n") + [""]
                continue
            depth, heading, unmapped = block
            previous = min(depth, previous + 1, 6)
            if unmapped:
                notes.append(Note(offset + len(body) + 1, f'heading "{heading.text}" is not '
                                  f'one of the sections: kept under "{section}" as a '
                                  "sub-heading"))
            body += [f"{'#' * previous} {heading.markdown}", ""]
    if order != sorted(order):
        notes.append(Note(offset + 1, "the document's sections were in another order: they "
                                      "are now in the briefing's order"))
    return notes


def _section_headings(blocks: list, sections: list[str]) -> tuple[int | None, dict]:
    """The heading level the sections are at, and {id(heading): section index}: the
    shallowest level at which any heading is a section."""
    headings = [b for b in blocks if isinstance(b, Heading)]
    for level in sorted({h.level for h in headings}):
        at_level = [h for h in headings if h.level == level]
        found = match_sections([h.text for h in at_level], sections)
        if found:
            return level, {id(at_level[h]): s for h, s in found.items()}
    return None, {}


def _procedure_body(blocks: list, body: list[str]) -> list:
    levels = [b.level for b in blocks if isinstance(b, Heading)]
    top, previous = (min(levels) if levels else 1), 1
    for block in blocks:
        if isinstance(block, Heading):
            depth = min(2 + block.level - top, previous + 1, 6)
            previous = depth
            body += [f"{'#' * depth} {block.markdown}", ""]
        else:
            body += block.split("\n") + [""]
    if not blocks:
        body += [PLACEHOLDER_CHANGE, ""]
    return []


def _with_marker(header: list[str], body: list[str], name: str, pictures: list) -> str:
    """The file's text, its second line the comment with the hash of the rest and of
    the pictures."""
    rest = "\n".join(header[:1] + header[2:] + body).rstrip("\n") + "\n"
    shown = re.sub(r'[\x00-\x1f\x7f"\\]', "", name)[:80]
    marker = (f'# Imported from "{shown}" by cascade import (import-hash '
              f"{_digest(rest, pictures)}); a new import replaces this file only while it "
              "and its pictures are unchanged")
    return "\n".join(header[:1] + [marker] + header[2:] + body).rstrip("\n") + "\n"


def _digest(rest: str, pictures: list[tuple[str, bytes]]) -> str:
    digest = hashlib.sha256(rest.encode("utf-8"))
    for name, data in sorted(pictures):
        digest.update(b"\0" + name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()[:16]


def imported_unchanged(text: str, pictures: list[tuple[str, bytes]]) -> bool:
    """True when the file and its pictures are exactly what an import wrote."""
    match = MARKER.search(text)
    if match is None:
        return False
    return _digest(text[: match.start()] + text[match.end():], pictures) == match.group(1)


def _pictures_on_disk(folder: Path) -> list[tuple[str, bytes]]:
    if not folder.is_dir():
        return []
    return [(p.name, p.read_bytes()) for p in sorted(folder.iterdir())
            if IMAGE_FILE.match(p.name) and p.is_file()]


def _write(config: Config, path: Path, text: str, pictures: list, force: bool) -> str:
    """Write the file and its pictures, unless the officer changed what an earlier import
    wrote (then only with `force`). Returns created, replaced or unchanged."""
    folder = path.parent / path.stem
    action = "created"
    if path.exists():
        try:
            before = path.read_text(encoding="utf-8")
            kept = _pictures_on_disk(folder)
        except (OSError, UnicodeDecodeError):
            before, kept = None, []
        unedited = before is not None and imported_unchanged(before, kept)
        if unedited and before == text:
            return "unchanged"   # the same document, imported again
        if not unedited and not force:
            why = ("was changed after it was imported" if before and MARKER.search(before)
                   else "was not made by cascade import")
            raise CascadeError(f"{_rel(path, config)} {why}: it was not replaced, so nothing "
                               "in it is lost. To replace it with a fresh import, add --force")
        action = "replaced"
    path.parent.mkdir(parents=True, exist_ok=True)
    _save_pictures(folder, pictures)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".import-", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)
    os.replace(temporary, path)
    return action


def _save_pictures(folder: Path, pictures: list[tuple[str, bytes]]) -> None:
    """Write the pictures, removing those a previous import of the document left."""
    if folder.is_dir():
        for old in folder.iterdir():
            if IMAGE_FILE.match(old.name) and old.is_file():
                old.unlink()
    if pictures:
        folder.mkdir(exist_ok=True)
        for name, data in pictures:
            (folder / name).write_bytes(data)
    elif folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def _rel(path: Path, config: Config) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return path.as_posix()
