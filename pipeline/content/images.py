"""Pictures beside the content: where a reference points, what the bytes really are.

A picture is judged by its bytes, never by its name: a renamed program is not a
PNG because it ends in .png. Dimensions are read from the file's own header (a
few bytes), so a large picture is measured without decoding it. SVG is text
that a browser can run when it is opened on its own, so one that carries a
script, an event handler or a reference to anything outside itself is refused
rather than cleaned: the officer fixes the drawing, and nothing is guessed.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re
import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Format -> file extension the site gives it, whatever the officer named it.
EXTENSIONS = {"png": ".png", "jpeg": ".jpg", "gif": ".gif", "webp": ".webp", "svg": ".svg"}
SVG_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                       rb"(?:<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>\s*)?(?:<!--.*?-->\s*)*<svg[\s>]",
                       re.S | re.I)
SVG_HREF = re.compile(r"(?:^|})href\Z")
CSS_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.I)
SVG_ACTIVE = frozenset({"script", "foreignobject", "iframe", "embed", "object", "audio",
                        "video", "handler", "listener"})


@dataclass(frozen=True)
class Reference:
    """Where an image reference in a content file points."""

    dest: str                  # as written in the Markdown
    path: Path | None          # the file, when it is inside content/
    problem: str = ""          # why there is no usable file: outside, missing, not-a-file


def is_local(dest: str) -> bool:
    """A relative path (no scheme, host or leading slash): a file beside the content."""
    dest = dest.strip()
    parts = urlsplit(dest)
    return bool(dest) and not (parts.scheme or parts.netloc or dest.startswith(("/", "\\", "#")))


def resolve(content_dir: Path, rel_dir: str, dest: str) -> Reference:
    """The file `dest` names, relative to the folder `rel_dir` inside `content_dir`
    (e.g. "briefings"). Outside content/ (by .. or by a symbolic link) is a problem."""
    path = unquote(urlsplit(dest.strip()).path)
    joined = posixpath.normpath(posixpath.join(rel_dir, path))
    if joined.startswith("../") or joined == ".." or "\\" in path:
        return Reference(dest, None, "outside")
    root = Path(os.path.realpath(content_dir))
    candidate = content_dir / joined
    real = Path(os.path.realpath(candidate))
    if not real.is_relative_to(root):
        return Reference(dest, None, "outside")
    try:
        if not candidate.exists():
            return Reference(dest, None, "missing")
        if not real.is_file():
            return Reference(dest, None, "not-a-file")
    except OSError:   # a name too long for the file system, a loop: no such picture
        return Reference(dest, None, "missing")
    return Reference(dest, real)


def sniff(data: bytes) -> str | None:
    """png, jpeg, gif, webp or svg from the file's first bytes; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if SVG_START.match(head):
        return "svg"
    return None


def dimensions(data: bytes, kind: str) -> tuple[int, int] | None:
    """(width, height) in pixels from the header; None when it cannot be read."""
    try:
        if kind == "png" and data[12:16] == b"IHDR":
            return struct.unpack(">II", data[16:24])
        if kind == "gif":
            return struct.unpack("<HH", data[6:10])
        if kind == "webp":
            return _webp_size(data)
        if kind == "jpeg":
            return _jpeg_size(data)
    except struct.error:
        return None
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X":
        width = int.from_bytes(data[24:27], "little") + 1
        return width, int.from_bytes(data[27:30], "little") + 1
    if chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Walk the segments to the first start-of-frame marker."""
    pos = 2
    while pos + 9 < len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1    # fill byte
            continue
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[pos + 5:pos + 9])
            return width, height
        pos += 2 + length
    return None


def svg_problem(data: bytes) -> str:
    """Why an SVG is unsafe to publish ("" when it is safe): what was found in it."""
    # Entities can expand to gigabytes or read files; a plain DOCTYPE line is harmless.
    if re.search(rb"<!ENTITY|<!DOCTYPE[^>]*\[", data, re.I):
        return "it declares entities"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return f"it is not well-formed XML ({exc})"
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""
        if tag in SVG_ACTIVE:
            return f"it contains a <{tag}> element"
        if tag == "style" and CSS_URL.search(element.text or ""):
            return "its style sheet loads something from outside the picture"
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on"):
                return f'it has an event handler ("{local}")'
            if SVG_HREF.search(name.lower()) and not value.strip().startswith("#"):
                return "it refers to something outside the picture (href)"
            if local == "style" and CSS_URL.search(value):
                return "its style attribute loads something from outside the picture"
    return ""


def site_name(path: Path, data: bytes, kind: str) -> str:
    """The picture's name on the site: its own name, a hash of its bytes, the true
    extension (image-1.png -> image-1.3f2a9c1b.png). A new picture gets a new name, so
    no browser or mail client shows a stale copy."""
    digest = hashlib.sha256(data).hexdigest()[:8]
    return f"{path.stem}.{digest}{EXTENSIONS[kind]}"
