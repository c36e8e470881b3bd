"""Charts as PNG pictures, for the Word version of a report (Word cannot show inline SVG
reliably, and the partnership's annual report is assembled in Word).

Drawn with Pillow at twice the printed size, so the picture stays sharp when Word
scales it to the page. Labels are 11 pt or more once printed at 16 cm wide. Only
bar charts are drawn; every chart's table carries its figures anyway.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from pipeline.evidence.report_html import DEFAULT_COLOUR, GRID, TEXT, Chart

WIDTH = 1800                 # pixels; printed 16 cm wide, so 1 pt is about 4 px
FONT_SIZE = 46
ROW = 84


def drawable(chart: Chart) -> bool:
    return chart.kind == "bars" and not chart.empty


def png(chart: Chart) -> bytes:
    """A horizontal bar chart: one labelled bar per category, its value at its end."""
    font = ImageFont.load_default(size=FONT_SIZE)
    names = [str(name) for name in chart.categories]
    values = list(next(iter(chart.series.values())))
    label_w = min(WIDTH // 2, max(int(font.getlength(n)) for n in names) + 40)
    value_w = max(int(font.getlength(f"{v:,}")) for v in values) + 40
    bar_max = WIDTH - label_w - value_w - 20
    height = len(names) * ROW + 40
    image = Image.new("RGB", (WIDTH, height), "#ffffff")
    draw = ImageDraw.Draw(image)
    colour = chart.colours[0] if chart.colours else DEFAULT_COLOUR
    top = max(values) or 1
    draw.line([(label_w, 10), (label_w, height - 10)], fill=GRID, width=3)
    for row, (name, value) in enumerate(zip(names, values)):
        y = 20 + row * ROW
        middle = y + ROW // 2 - 6
        draw.text((label_w - 20, middle), _fit(draw, name, font, label_w - 30), fill=TEXT,
                  font=font, anchor="rm")
        width = round(value * bar_max / top)
        if width:
            draw.rectangle([(label_w, y + 8), (label_w + width, y + ROW - 20)], fill=colour)
        draw.text((label_w + width + 16, middle), f"{value:,}", fill=TEXT, font=font,
                  anchor="lm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _fit(draw, text: str, font, room: int) -> str:
    """A label cut with an ellipsis if it is wider than its room (the table has it in full)."""
    if draw.textlength(text, font=font) <= room:
        return text
    while text and draw.textlength(text + "…", font=font) > room:
        text = text[:-1]
    return text.rstrip() + "…"
