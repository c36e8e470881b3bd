"""`cascade import`: Word documents, built here with python-docx, become draft Markdown."""

from __future__ import annotations

import struct
import zlib
from io import BytesIO

import docx
import markdown
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches

from pipeline.content.htmlmd import Converter, parse
from pipeline.content.sections import match_sections

NOW = "2026-12-03T10:00"
SECTIONS = ["Background", "Why it matters", "Information", "What we learned",
            "Questions to consider", "What you should do", "Further information"]
MD = "content/briefings/safer-sleep-for-babies.md"


def png(colour=(200, 30, 30), width=4, height=3) -> bytes:
    """A real, tiny PNG (no imaging library needed)."""
    raw = b"".join(b"\x00" + bytes(colour) * width for _ in range(height))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                              0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


RED, BLUE = png((200, 30, 30)), png((0, 0, 200))


def hyperlink(paragraph, url: str, text: str) -> None:
    rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run, words = OxmlElement("w:r"), OxmlElement("w:t")
    words.text = text
    run.append(words)
    link.append(run)
    paragraph._p.append(link)


def picture(document, data: bytes, description: str | None) -> None:
    document.add_picture(BytesIO(data), width=Inches(1))
    if description is not None:
        # Word keeps a picture's alt text in the drawing's docPr "descr" attribute.
        document.inline_shapes[-1]._inline.docPr.set("descr", description)


def new_document(title: str = "Safer sleep for babies"):
    document = docx.Document()
    document.core_properties.title = title
    document.core_properties.comments = ""
    return document


def briefing_docx(path, pictures=((RED, "A baby asleep on its back in a cot"), (BLUE, None))):
    """A briefing as officers write them: numbered and reworded headings, an extra one."""
    document = new_document()
    document.add_heading("Safer sleep for babies", 0)
    document.add_heading("1. Background", 1)
    paragraph = document.add_paragraph("Two babies died while ")
    paragraph.add_run("co-sleeping").bold = True
    paragraph.add_run(" after their parents had ")
    paragraph.add_run("drunk alcohol").italic = True
    paragraph.add_run(".")
    document.add_heading("Case summary", 1)
    document.add_paragraph("Both families were known to services.")
    document.add_heading("2. WHY DOES IT MATTER?", 1)
    document.add_paragraph("Most deaths happen when a baby sleeps on a sofa.")
    document.add_heading("Key information", 1)
    table = document.add_table(rows=3, cols=2)
    for row, cells in enumerate([("Age", "Risk"), ("0 to 3 months", "Highest"),
                                 ("4 to 12 months", "High")]):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    document.add_heading("What have we learned?", 1)
    document.add_heading("Health visitors", 2)   # a sub-heading: no note
    document.add_paragraph("Advice was given once, at birth.", style="List Bullet")
    document.add_paragraph("Fathers were not spoken to.", style="List Bullet")
    document.add_heading("Questions for reflection", 1)
    document.add_paragraph("Do you ask where the baby sleeps?", style="List Number")
    document.add_paragraph("Do you see where the baby sleeps?", style="List Number")
    document.add_heading("What should you do?", 1)
    for data, description in pictures:
        picture(document, data, description)
    document.add_heading("Further reading", 1)
    paragraph = document.add_paragraph("Read ")
    hyperlink(paragraph, "https://www.lullabytrust.org.uk/safer-sleep-advice/",
              "the Lullaby Trust's safer sleep advice")
    paragraph.add_run(".")
    document.save(path)
    return path


BODY = """\
## Background

Two babies died while **co-sleeping** after their parents had *drunk alcohol*.

### Case summary

Both families were known to services.

## Why it matters

Most deaths happen when a baby sleeps on a sofa.

## Information

| Age | Risk |
| --- | --- |
| 0 to 3 months | Highest |
| 4 to 12 months | High |

## What we learned

### Health visitors

- Advice was given once, at birth.
- Fathers were not spoken to.

## Questions to consider

1. Do you ask where the baby sleeps?
2. Do you see where the baby sleeps?

## What you should do

![A baby asleep on its back in a cot](safer-sleep-for-babies/image-1.png)

![](safer-sleep-for-babies/image-2.png)

## Further information

Read [the Lullaby Trust's safer sleep advice](https://www.lullabytrust.org.uk/safer-sleep-advice/).
"""


def body_of(text: str) -> str:
    return text.split("\n---\n", 1)[1].lstrip("\n")


def test_import_maps_headings_keeps_structure_and_saves_pictures(project, tmp_path):
    source = briefing_docx(tmp_path / "Safer sleep (final).docx")
    result = project.cascade("import", str(source), "--now", NOW)
    text = (project.root / MD).read_text(encoding="utf-8")
    assert body_of(text) == BODY
    folder = project.root / "content/briefings/safer-sleep-for-babies"
    assert sorted(p.name for p in folder.iterdir()) == ["image-1.png", "image-2.png"]
    assert (folder / "image-1.png").read_bytes() == RED
    assert (folder / "image-2.png").read_bytes() == BLUE
    lines = text.split("\n")
    assert lines[0] == "---" and lines[1].startswith(
        '# Imported from "Safer sleep (final).docx" by cascade import (import-hash ')
    assert lines[2:7] == ["id: safer-sleep-for-babies", 'title: "Safer sleep for babies"',
                          "date: 2026-12-03            # publish on or after this date (add "
                          "T09:00 for a time)",
                          "status: draft             # draft while writing; ready to publish",
                          "summary: One or two sentences for listings, feeds and emails."]
    image_line = lines.index("![](safer-sleep-for-babies/image-2.png)") + 1
    summary_line = 7
    assert result.output.splitlines() == [
        f"Imported: Safer sleep (final).docx as {MD} (status: draft), with 2 pictures in "
        "content/briefings/safer-sleep-for-babies/, 1 without alt text",
        f'  {MD}:{lines.index("### Case summary") + 1}: note: heading "Case summary" is not '
        'one of the sections: kept under "Background" as a sub-heading',
        "  Fill in: summary (line 7), themes (line 8), audience (line 9); if they apply: "
        "source, review_by",
        MD,
        f"  {MD}:{summary_line}: placeholder-text: warning: the summary is still the "
        "placeholder text - fix: write one or two sentences saying what the item is about "
        "and why it matters; they appear in listings, feeds and emails",
        f'  {MD}:{image_line}: img-alt-missing: image "safer-sleep-for-babies/image-2.png" '
        "has no alt text (WCAG 1.1.1) - fix: describe what the image shows between the "
        "brackets: ![A health visitor talking with a parent](photo.jpg)",
        "1 item: 1 draft (1 with errors)",
    ]
    assert result.exit_code == 1    # the picture without alt text is an error


def test_every_alt_text_given_imports_clean(project, tmp_path):
    source = briefing_docx(tmp_path / "b.docx", pictures=[(RED, "A cot with no bumpers")])
    result = project.cascade("import", str(source), "--now", NOW)
    assert result.exit_code == 0, result.output
    assert "1 picture in content/briefings/safer-sleep-for-babies/\n" in result.output
    assert result.output.splitlines()[-1] == "1 item: 1 draft"


def test_word_written_alt_text_is_trimmed_and_reported(project, tmp_path):
    source = briefing_docx(tmp_path / "b.docx", pictures=[
        (RED, "A baby in a cot\n\nDescription automatically generated")])
    result = project.cascade("import", str(source), "--now", NOW)
    text = (project.root / MD).read_text(encoding="utf-8")
    line = text.split("\n").index("![A baby in a cot](safer-sleep-for-babies/image-1.png)") + 1
    assert (f"  {MD}:{line}: note: picture 1: Word wrote its alt text itself; check that it "
            "says what the picture shows") in result.output.splitlines()


def test_title_from_first_heading_and_missing_sections(project, tmp_path):
    document = new_document(title="")
    document.add_heading("Neglect: seeing the child", 1)
    document.add_paragraph("Neglect is the most common reason for a plan.")
    document.add_heading("What you should do", 1)
    document.add_paragraph("Use the neglect toolkit.")
    document.save(tmp_path / "neglect.docx")
    result = project.cascade("import", str(tmp_path / "neglect.docx"), "--now", NOW)
    rel = "content/briefings/neglect-seeing-the-child.md"
    text = (project.root / rel).read_text(encoding="utf-8")
    assert 'title: "Neglect: seeing the child"' in text
    body = body_of(text)
    assert body.startswith("## Background\n\nNeglect is the most common reason for a plan.\n")
    assert "## Why it matters\n\nWrite the why it matters here.\n" in body
    assert "## What you should do\n\nUse the neglect toolkit.\n" in body
    lines = text.split("\n")
    output = result.output.splitlines()
    assert (f"  {rel}:4: note: the document has no Title property (File > Info): the title "
            "was taken from its first heading; check it") in output
    assert (f"  {rel}:{lines.index('Neglect is the most common reason for a plan.') + 1}: "
            'note: text before the first section heading was put under "Background"') in output
    assert (f"  {rel}:{lines.index('Write the why it matters here.') + 1}: note: the "
            'document has no "Why it matters" section: placeholder text left for you') in output
    assert (f"  {rel}:{lines.index('Write the why it matters here.') + 1}: placeholder-text: "
            'warning: "Write the why it matters here." is placeholder text - fix: replace it '
            "with your own text") in output
    assert result.exit_code == 0
    assert output[-1] == "1 item: 1 draft"


def test_procedure_kind(project, tmp_path):
    document = new_document(title="Information Sharing")
    document.add_heading("What has changed", 2)
    document.add_paragraph("The chapter follows the 2024 government advice.")
    document.add_heading("Consent", 3)
    document.add_paragraph("You do not always need consent to share.")
    document.save(tmp_path / "info.docx")
    result = project.cascade("import", "--kind", "procedure", str(tmp_path / "info.docx"),
                             "--now", NOW)
    rel = "content/procedures/information-sharing.md"
    text = (project.root / rel).read_text(encoding="utf-8")
    assert body_of(text) == ("## What has changed\n\nThe chapter follows the 2024 government "
                             "advice.\n\n### Consent\n\nYou do not always need consent to "
                             "share.\n")
    assert "chapter_url: https://procedures.example/chapters/information-sharing" in text
    assert ("  Fill in: summary (line 7), themes (line 8), audience (line 9), chapter_url "
            "(line 11); check: change_type (line 10), update_cycle (line 12); if they apply: "
            "practitioner_action, driver") in result.output.splitlines()
    assert (f"  {rel}:11: placeholder-text: warning: chapter_url \"https://procedures.example/"
            "chapters/information-sharing\" is the example address - fix: put the chapter's "
            "real address in the procedures manual") in result.output.splitlines()
    assert result.exit_code == 0


def test_hostile_document_imports_inert(project, tmp_path):
    document = new_document(title="Online safety")
    document.add_heading("Background", 1)
    paragraph = document.add_paragraph("Click ")
    hyperlink(paragraph, "javascript:alert(1)", "this harmless link")
    hyperlink(paragraph, "JaVaScRiPt:alert(2)", " and this one")
    document.add_paragraph("<script>alert(1)</script>")
    document.add_paragraph('<img src=x onerror="alert(1)"> and <a href="javascript:alert(1)">x</a>')
    document.add_paragraph("[link](javascript:alert(1)) and ![x](javascript:alert(1)) "
                           '{: onclick="alert(1)"}')
    document.add_paragraph("# not a heading")
    document.add_paragraph("&lt;script&gt; written as an entity, and --8<-- snippets.md")
    document.save(tmp_path / "hostile.docx")
    result = project.cascade("import", str(tmp_path / "hostile.docx"), "--now", NOW)
    text = (project.root / "content/briefings/online-safety.md").read_text(encoding="utf-8")
    body = body_of(text)
    html = markdown.markdown(body, extensions=["abbr", "admonition", "attr_list", "def_list",
                                               "md_in_html", "tables"])
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "onclick=" not in html.replace("{: onclick=", "") and "<h1" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html     # shown as the words it was
    assert "&amp;lt;script&amp;gt; written as an entity" in html
    assert "Click this harmless link and this one" in html     # the text stays; no link
    for rule in ("html-script", "html-event-handler", "url-javascript", "html-not-allowed",
                 "snippet-not-allowed", "heading-h1"):
        assert rule not in result.output
    assert result.exit_code == 0, result.output


def test_reimport_keeps_edits_unless_forced(project, tmp_path):
    source = briefing_docx(tmp_path / "b.docx")
    project.cascade("import", str(source), "--now", NOW)
    path = project.root / MD
    first = path.read_text(encoding="utf-8")

    again = project.cascade("import", str(source), "--now", NOW)
    assert again.output.startswith(f"Already imported: b.docx as {MD}")
    assert path.read_text(encoding="utf-8") == first

    # A changed document replaces an unedited import, and its pictures with it.
    briefing_docx(source, pictures=[(BLUE, "A cot")])
    changed = project.cascade("import", str(source), "--now", NOW)
    assert changed.output.startswith(f"Imported again: b.docx as {MD}")
    folder = project.root / "content/briefings/safer-sleep-for-babies"
    assert [p.name for p in folder.iterdir()] == ["image-1.png"]
    assert (folder / "image-1.png").read_bytes() == BLUE

    # A picture changed in Word (the text is the same) replaces the unedited picture...
    briefing_docx(source, pictures=[(RED, "A cot")])
    assert project.cascade("import", str(source), "--now", NOW).output.startswith(
        f"Imported again: b.docx as {MD}")
    assert (folder / "image-1.png").read_bytes() == RED
    # ...but a picture the officer replaced is kept, as an edit to the text would be.
    (folder / "image-1.png").write_bytes(BLUE)
    briefing_docx(source, pictures=[(png((0, 200, 0)), "A cot")])
    kept = project.cascade("import", str(source), "--now", NOW)
    assert kept.exit_code == 1 and "was changed after it was imported" in kept.output
    assert (folder / "image-1.png").read_bytes() == BLUE

    edited = path.read_text(encoding="utf-8").replace("Most deaths", "Most sudden deaths")
    path.write_text(edited, encoding="utf-8")
    refused = project.cascade("import", str(source), "--now", NOW)
    assert refused.exit_code == 1
    assert refused.output == (
        f"Error: {MD} was changed after it was imported: it was not replaced, so nothing in "
        "it is lost. To replace it with a fresh import, add --force\n"
        "Not imported: 1 file (see the errors above).\n")
    assert path.read_text(encoding="utf-8") == edited

    forced = project.cascade("import", "--force", str(source), "--now", NOW)
    assert forced.output.startswith(f"Imported again: b.docx as {MD}")
    assert "Most sudden deaths" not in path.read_text(encoding="utf-8")


def test_import_never_replaces_a_file_it_did_not_write(project, tmp_path):
    project.cascade("new", "briefing", "Safer sleep for babies", "--now", NOW)
    before = (project.root / MD).read_text(encoding="utf-8")
    result = project.cascade("import", str(briefing_docx(tmp_path / "b.docx")), "--now", NOW)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {MD} was not made by cascade import: it was not "
                                    "replaced")
    assert (project.root / MD).read_text(encoding="utf-8") == before


def test_bad_files_are_named_and_the_others_import(project, tmp_path):
    good = briefing_docx(tmp_path / "good.docx", pictures=[(RED, "A cot")])
    (tmp_path / "notes.txt").write_text("not Word")
    (tmp_path / "renamed.docx").write_text("plain text with a .docx name")
    (tmp_path / "truncated.docx").write_bytes(good.read_bytes()[:400])
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    (tmp_path / "locked.docx").write_bytes(ole + "EncryptionInfo".encode("utf-16-le"))
    (tmp_path / "old.doc").write_bytes(ole)
    names = ["notes.txt", "renamed.docx", "truncated.docx", "locked.docx", "old.doc",
             "missing.docx", "good.docx"]
    result = project.cascade("import", *[str(tmp_path / n) for n in names], "--now", NOW)
    assert result.exit_code == 1
    damaged = ("the file is damaged (not a readable .docx); open it in Word, save it again, "
               "and import the new copy")
    assert result.output.splitlines()[:6] == [
        "Error: notes.txt: not a Word .docx file; import documents saved as 'Word Document "
        "(.docx)'",
        f"Error: renamed.docx: {damaged}",
        f"Error: truncated.docx: {damaged}",
        "Error: locked.docx: the document is password-protected; in Word remove the password "
        "(File > Info > Protect Document), save, and import again",
        "Error: old.doc: this is an old Word 97-2003 document; open it in Word, Save As 'Word "
        "Document (.docx)', and import the .docx",
        "Error: missing.docx: no such file",
    ]
    assert f"Imported: good.docx as {MD} (status: draft)" in result.output
    assert result.output.splitlines()[-1] == "Not imported: 6 files (see the errors above)."
    assert (project.root / MD).exists()


def test_two_documents_with_one_title_do_not_overwrite_each_other(project, tmp_path):
    first = briefing_docx(tmp_path / "first.docx", pictures=[(RED, "A cot")])
    second = briefing_docx(tmp_path / "second.docx", pictures=[(BLUE, "A sofa")])
    result = project.cascade("import", str(first), str(second), "--now", NOW)
    assert result.exit_code == 1
    assert ("Error: second.docx: has the same title as first.docx, imported just now, so both "
            f"would be {MD}; change one document's title (File > Info > Title) and import it "
            "again") in result.output.splitlines()
    assert (project.root / "content/briefings/safer-sleep-for-babies/image-1.png"
            ).read_bytes() == RED


def test_line_breaks_and_escapes(project, tmp_path):
    document = new_document(title="Escapes")
    document.add_heading("Background", 1)
    paragraph = document.add_paragraph("First line")
    paragraph.add_run().add_break()
    paragraph.add_run("- second line, *starred* and_underscored | piped")
    document.add_paragraph("2024. A year, not a list item")
    document.add_paragraph("=== and : and > at the start")
    document.save(tmp_path / "e.docx")
    project.cascade("import", str(tmp_path / "e.docx"), "--now", NOW)
    body = body_of((project.root / "content/briefings/escapes.md").read_text(encoding="utf-8"))
    assert ("## Background\n\nFirst line  \n"
            "\\- second line, \\*starred\\* and\\_underscored \\| piped\n\n"
            "2024\\. A year, not a list item\n\n"
            "&#61;== and : and > at the start\n\n## Why it matters") in body
    html = markdown.markdown(body, extensions=["def_list", "tables"])
    assert "<p>First line<br />\n- second line, *starred* and_underscored | piped</p>" in html
    assert "<p>2024. A year, not a list item</p>\n<p>&#61;== and : and &gt; at the start</p>" in html


def test_word_contents_lines_are_left_out_and_bookmark_links_kept_as_text():
    html = ('<p><a href="#_Toc1">Background\t2</a></p><p>See <a href="#_Toc2">the next '
            'part</a> and <a href="#footnote-1">[1]</a>.</p>')
    assert Converter(lambda src, alt: None).blocks(parse(html)) == [
        "See the next part and \\[1\\]."]


def test_nested_lists_as_mammoth_writes_them():
    html = ("<ol><li>Level one<ol><li>Level two<ul><li>Bullet three</li></ul></li></ol></li>"
            "<li>Back to one</li></ol>")
    blocks = Converter(lambda src, alt: None).blocks(parse(html))
    assert blocks == ["1. Level one\n    1. Level two\n        - Bullet three\n2. Back to one"]
    assert markdown.markdown(blocks[0]) == (
        "<ol>\n<li>Level one<ol>\n<li>Level two<ul>\n<li>Bullet three</li>\n</ul>\n</li>\n"
        "</ol>\n</li>\n<li>Back to one</li>\n</ol>")


@pytest.mark.parametrize("heading, section", [
    ("Background", "Background"), ("1. Background", "Background"),
    ("BACKGROUND:", "Background"), ("Why does it matter?", "Why it matters"),
    ("2) Why it matters", "Why it matters"), ("Key information", "Information"),
    ("Step 3 - Information", "Information"), ("What have we learned?", "What we learned"),
    ("What we learnt", "What we learned"), ("Questions for reflection", "Questions to consider"),
    ("What should you do?", "What you should do"), ("What you need to do", "What you should do"),
    ("Further reading", "Further information"),
    ("Further information and resources", "Further information"),
    ("Case summary", None), ("Introduction", None), ("Useful links", None),
])
def test_heading_wordings(heading, section):
    found = match_sections([heading], SECTIONS)
    assert (SECTIONS[found[0]] if found else None) == section


def test_each_section_goes_to_one_heading():
    assert match_sections(["Information", "Further information", "Key information"],
                          SECTIONS) == {0: 2, 1: 6}


def test_sections_out_of_order_and_a_title_from_the_file_name(project, tmp_path):
    document = new_document(title="")
    document.add_paragraph("Said before any heading.")
    document.add_heading("What you should do", 2)
    document.add_paragraph("Ask where the baby sleeps.")
    document.add_heading("Background", 2)
    document.add_paragraph("Three deaths in a year.")
    document.save(tmp_path / "SUDI_briefing-v3.docx")
    result = project.cascade("import", str(tmp_path / "SUDI_briefing-v3.docx"), "--now", NOW)
    rel = "content/briefings/sudi-briefing-v3.md"
    text = (project.root / rel).read_text(encoding="utf-8")
    assert 'title: "SUDI briefing v3"' in text
    body = body_of(text)
    assert body.startswith("## Background\n\nThree deaths in a year.\n\n## Why it matters")
    assert ("## What you should do\n\nSaid before any heading.\n\nAsk where the baby sleeps.\n"
            in body)
    output = result.output.splitlines()
    assert (f"  {rel}:4: note: the document has no Title property (File > Info): the title "
            "was taken from its file name; check it") in output
    assert (f"  {rel}:17: note: the document's sections were in another order: they are now "
            "in the briefing's order") in output
    assert result.exit_code == 0


def _replace_in_docx(path, member: str, change) -> None:
    import zipfile
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts[member] = change(parts[member])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_pictures_the_web_cannot_show_are_kept_inert_and_reported(project, tmp_path):
    source = briefing_docx(tmp_path / "b.docx", pictures=[(RED, "A cot")])
    # The picture's bytes are a script dressed as a PNG.
    _replace_in_docx(source, "word/media/image1.png", lambda _: b"<svg onload=alert(1)>")
    result = project.cascade("import", str(source), "--now", NOW)
    folder = project.root / "content/briefings/safer-sleep-for-babies"
    text = (project.root / MD).read_text(encoding="utf-8")
    assert [p.name for p in folder.iterdir()] == ["image-1.bin"]
    assert (folder / "image-1.bin").read_bytes() == b"<svg onload=alert(1)>"
    line = text.split("\n").index("![A cot](safer-sleep-for-babies/image-1.bin)") + 1
    assert (f"  {MD}:{line}: note: picture 1 is not the PNG file it claims to be, which web "
            "browsers cannot show; save it from Word as PNG (right-click > Save as Picture) "
            "and replace the file") in result.output.splitlines()

    # A Word drawing (EMF) is kept under its own name for the officer to convert.
    source = briefing_docx(tmp_path / "b.docx", pictures=[(RED, "A cot")])
    _replace_in_docx(source, "[Content_Types].xml", lambda xml: xml.replace(
        b'Extension="png" ContentType="image/png"', b'Extension="png" ContentType="image/x-emf"'))
    result = project.cascade("import", str(source), "--now", NOW)
    assert [p.name for p in folder.iterdir()] == ["image-1.emf"]   # the .bin is gone
    assert "note: picture 1 is in EMF format, which web browsers cannot show" in result.output
