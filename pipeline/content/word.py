"""Read a Word (.docx) file into sanitised HTML, its pictures and its own title.

mammoth turns the document's structure (headings, lists, tables, links, bold and
italic) into plain semantic HTML; nh3 then keeps only the tags and addresses that
can become Markdown, so a `javascript:` link or a script never reaches the page.
A file that is not a readable .docx raises a CascadeError naming it.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import mammoth
import nh3

from pipeline.exceptions import CascadeError

MAX_DOCX_BYTES = 50_000_000        # a briefing with photographs is a few MB
MAX_UNPACKED_BYTES = 250_000_000   # a zip bomb unpacks to far more than it weighs
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # Word 97-2003, or an encrypted .docx
# Word's "Title" style is the document's visible title; "Subtitle" is ordinary text.
STYLE_MAP = "p[style-name='Title'] => h1:fresh\np[style-name='Subtitle'] => p:fresh"
TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "a", "img",
        "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "br",
        "sup", "sub"}
ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}}
URL_SCHEMES = {"http", "https", "mailto"}
CORE = {"dc": "http://purl.org/dc/elements/1.1/"}


@dataclass
class Picture:
    number: int                # 1, 2, ... in document order
    content_type: str          # e.g. image/png
    data: bytes
    alt: str                   # Word's alt text ("description"), "" when there is none


@dataclass
class WordDocument:
    html: str                  # sanitised: only TAGS, only http(s) and mailto links
    title: str                 # the document's Title property, "" when unset
    pictures: list = field(default_factory=list)   # <img src="picture-N"> is pictures[N-1]


def read_docx(path: Path) -> WordDocument:
    """Open, validate and convert one .docx; CascadeError says what is wrong with it."""
    name = path.name
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_DOCX_BYTES + 1)
    except IsADirectoryError:
        raise CascadeError(f"{name}: is a folder, not a Word file") from None
    except FileNotFoundError:
        raise CascadeError(f"{name}: no such file") from None
    except OSError as exc:
        raise CascadeError(f"{name}: cannot read the file ({exc.strerror})") from None
    if len(data) > MAX_DOCX_BYTES:
        raise CascadeError(f"{name}: the file is larger than {MAX_DOCX_BYTES // 1_000_000} MB; "
                           "make the pictures smaller in Word (Compress Pictures) and save again")
    if data.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise CascadeError(f"{name}: the document is password-protected; in Word remove "
                               "the password (File > Info > Protect Document), save, and "
                               "import again")
        raise CascadeError(f"{name}: this is an old Word 97-2003 document; open it in Word, "
                           "Save As 'Word Document (.docx)', and import the .docx")
    if path.suffix.lower() != ".docx":
        raise CascadeError(f"{name}: not a Word .docx file; import documents saved as "
                           "'Word Document (.docx)'")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise CascadeError(f"{name}: the file is damaged (not a readable .docx); open it in "
                           "Word, save it again, and import the new copy") from None
    if "word/document.xml" not in {m.filename for m in members}:
        raise CascadeError(f"{name}: not a Word document (it has no word/document.xml); "
                           "save it from Word as 'Word Document (.docx)'")
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise CascadeError(f"{name}: the document unpacks to more than "
                           f"{MAX_UNPACKED_BYTES // 1_000_000} MB, far more than a briefing; "
                           "it was not read")
    title = _core_title(archive)
    pictures: list[Picture] = []

    def keep_picture(image) -> dict:
        with image.open() as stream:
            pictures.append(Picture(len(pictures) + 1, image.content_type or "",
                                    stream.read(), (image.alt_text or "").strip()))
        return {"src": f"picture-{len(pictures)}"}

    try:
        result = mammoth.convert_to_html(io.BytesIO(data), style_map=STYLE_MAP,
                                         convert_image=mammoth.images.img_element(keep_picture),
                                         external_file_access=False)
    except Exception as exc:  # noqa: BLE001 - any failure inside a damaged file is the file's
        raise CascadeError(f"{name}: the document could not be read ({type(exc).__name__}); "
                           "open it in Word, save it again, and import the new copy") from None
    html = nh3.clean(result.value, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel=None, strip_comments=True)
    return WordDocument(html=html, title=title, pictures=pictures)


def _core_title(archive: zipfile.ZipFile) -> str:
    """The Title property (File > Info) from docProps/core.xml; "" when unset or unreadable."""
    try:
        root = ElementTree.fromstring(archive.read("docProps/core.xml"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError):
        return ""
    node = root.find("dc:title", CORE)
    return " ".join((node.text or "").split()) if node is not None else ""
