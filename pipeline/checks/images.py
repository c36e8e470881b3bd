"""Rules on pictures beside the content: they exist, they are pictures, they are small.

A picture the page shows must be a file inside content/ (a path relative to the
Markdown file, e.g. ![Body map](safer-sleep/image-1.png)), a real PNG, JPEG, GIF,
WebP or SVG by its bytes, with no script in an SVG, and no larger than
`images.max_bytes`. Web addresses are not fetched. Each function is one rule with
one stable id; see CHECKS in pipeline/checks/rules.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from pipeline.content import images
from pipeline.content.load import FOLDERS, Item
from pipeline.findings import ERROR, WARNING, Finding, short

if TYPE_CHECKING:
    from pipeline.checks.context import CheckContext

# Wider than any screen shows a picture in the page's column (even at 2x density):
# the rest is download time on a practitioner's phone.
DISPLAY_WIDTH = 2000
SNIFF_BYTES = 64 * 1024   # enough for any header the formats put first


@dataclass(frozen=True)
class Picture:
    line: int
    ref: images.Reference
    size: int = 0
    data: bytes = b""          # the whole file when within the limit, else its first bytes
    kind: str | None = None    # png, jpeg, gif, webp, svg; None when not a picture


def max_bytes(context: CheckContext) -> int:
    return context.config["images"]["max_bytes"]


def pictures(item: Item, context: CheckContext) -> list[Picture]:
    """Each local picture the body shows, read once per run for all the rules."""
    doc = context.doc(item)
    if "pictures" not in doc.memo:
        found, limit = [], max_bytes(context)
        for link in doc.links:
            if not link.image or link.auto or not images.is_local(link.dest):
                continue
            ref = images.resolve(context.config.content_dir, FOLDERS[item.kind], link.dest)
            if ref.path is None:
                found.append(Picture(link.line, ref))
                continue
            try:
                size = ref.path.stat().st_size
                with open(ref.path, "rb") as handle:
                    data = handle.read(size if size <= limit else SNIFF_BYTES)
            except OSError:
                found.append(Picture(link.line, images.Reference(link.dest, None, "unreadable")))
                continue
            found.append(Picture(link.line, ref, size, data, images.sniff(data)))
        doc.memo["pictures"] = found
    return doc.memo["pictures"]


PROBLEMS = {
    "missing": ("there is no such file", "put the picture in content/ and give its path "
                "relative to this file, e.g. ![Body map](safer-sleep/image-1.png)"),
    "outside": ("the path leads outside the content folder", "copy the picture into "
                "content/, beside the briefing, and link to the copy"),
    "not-a-file": ("the path is a folder, not a picture", "give the picture's file name"),
    "unreadable": ("the file could not be read", "check the file's permissions"),
}


def image_missing(item: Item, context: CheckContext) -> Iterable[Finding]:
    for picture in pictures(item, context):
        if picture.ref.problem:
            message, fix = PROBLEMS[picture.ref.problem]
            yield Finding(item.rel, picture.line, "image-missing",
                          f'image "{short(picture.ref.dest)}": {message}', fix, ERROR)


def image_not_picture(item: Item, context: CheckContext) -> Iterable[Finding]:
    for picture in pictures(item, context):
        if picture.ref.path is not None and picture.kind is None:
            yield Finding(item.rel, picture.line, "image-not-picture",
                          f'image "{short(picture.ref.dest)}" is not a PNG, JPEG, GIF, WebP '
                          "or SVG picture (judged by its contents, not its name)",
                          "save or export the picture as PNG or JPEG and link to that file",
                          ERROR)


def image_too_large(item: Item, context: CheckContext) -> Iterable[Finding]:
    limit = max_bytes(context)
    for picture in pictures(item, context):
        if picture.ref.path is not None and picture.size > limit:
            yield Finding(item.rel, picture.line, "image-too-large",
                          f'image "{short(picture.ref.dest)}" is {_size(picture.size)}; the '
                          f"limit is {_size(limit)} (images.max_bytes)",
                          "make it smaller: resize it to at most 2,000 pixels wide, or save "
                          "a photo as JPEG", ERROR)


def image_svg_unsafe(item: Item, context: CheckContext) -> Iterable[Finding]:
    for picture in pictures(item, context):
        if picture.kind != "svg" or picture.size > max_bytes(context):
            continue
        problem = images.svg_problem(picture.data)
        if problem:
            yield Finding(item.rel, picture.line, "image-svg-unsafe",
                          f'SVG image "{short(picture.ref.dest)}" cannot be published: '
                          f"{problem}", "export the drawing again as a plain SVG (no scripts, "
                          "links or embedded content), or as PNG", ERROR)


def image_dimensions(item: Item, context: CheckContext) -> Iterable[Finding]:
    for picture in pictures(item, context):
        if picture.kind in (None, "svg"):
            continue
        size = images.dimensions(picture.data, picture.kind)
        if size and size[0] > DISPLAY_WIDTH:
            yield Finding(item.rel, picture.line, "image-dimensions",
                          f'image "{short(picture.ref.dest)}" is {size[0]:,} x {size[1]:,} '
                          f"pixels, far wider than a page shows it ({DISPLAY_WIDTH:,})",
                          f"resize it to at most {DISPLAY_WIDTH:,} pixels wide", WARNING)


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.0f} kB"
