"""Report blocks as a Word document (.docx), for annual reports assembled in Word.

Accessible as Word's own checker wants it: real headings (Heading 1, 2, 3 styles,
so the navigation pane and a table of contents find them), tables with a header
row that repeats on every page and a caption, charts as pictures with alt text,
and the document's title and language set.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from pipeline.evidence import chart_png
from pipeline.evidence.report_html import Bullets, Figure, Heading, Para, Table, describe

LANGUAGE = "en-GB"
PICTURE_WIDTH = Cm(16)


def document(title: str, intro: list, blocks: list, partnership: str) -> bytes:
    """The .docx file's bytes."""
    doc = Document()
    doc.core_properties.title = title
    doc.core_properties.author = partnership
    _language(doc)
    doc.add_paragraph(partnership)
    doc.add_heading(title, level=1)
    for text in intro:
        doc.add_paragraph(text)
    for block in blocks:
        if isinstance(block, Heading):
            doc.add_heading(block.text, level=min(block.level, 9))
        elif isinstance(block, Para):
            doc.add_paragraph(block.text)
        elif isinstance(block, Bullets):
            for text in block.items:
                doc.add_paragraph(text, style="List Bullet")
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Figure):
            _figure(doc, block)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _language(doc) -> None:
    properties = doc.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), LANGUAGE)
    properties.append(lang)


def _figure(doc, figure: Figure) -> None:
    doc.add_paragraph(figure.chart.title, style="Caption")
    if chart_png.drawable(figure.chart):
        doc.add_picture(io.BytesIO(chart_png.png(figure.chart)), width=PICTURE_WIDTH)
        picture = doc.inline_shapes[-1]._inline.docPr
        picture.set("descr", describe(figure.chart))
        picture.set("title", figure.chart.title)
    _table(doc, figure.table)


def _table(doc, table: Table) -> None:
    if not table.rows:
        doc.add_paragraph("No entries.")
        return
    doc.add_paragraph(table.caption, style="Caption")
    grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.headers))
    grid.style = "Table Grid"
    properties = grid._tbl.tblPr
    caption = OxmlElement("w:tblCaption")      # the table's alt text in Word
    caption.set(qn("w:val"), table.caption)
    properties.append(caption)
    numeric = [table.numeric(i) for i in range(len(table.headers))]
    header = grid.rows[0]
    # Repeated at the top of every page the table runs onto; screen readers use it too.
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for i, text in enumerate(table.headers):
        _cell(header.cells[i], text, numeric[i] and i > 0, bold=True)
    for r, row in enumerate(table.rows, start=1):
        for i, text in enumerate(row):
            _cell(grid.rows[r].cells[i], text, numeric[i] and i > 0, bold=False)


def _cell(cell, text: str, right: bool, bold: bool) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.add_run(str(text)).bold = bold
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
