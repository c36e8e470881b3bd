"""Report blocks as HTML, and charts as inline SVG with text alternatives.

Every chart is drawn inside a <figure> whose <figcaption> names it and whose
data table gives every figure the chart shows; the SVG itself is an image
(role="img") with a one-sentence summary as its accessible name. Nothing is
fetched: no scripts, fonts or images from elsewhere.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from html import escape

# Each channel keeps its colour in every chart; all have 3:1 contrast or more on white.
CHANNEL_COLOURS = {
    "website": "#1d4ed8", "newsletter": "#b45309", "email-alert": "#047857",
    "team-briefing": "#7e22ce", "training": "#be123c", "dsl-network": "#0e7490",
    "social-media": "#4d7c0f", "other": "#4b5563",
}
DEFAULT_COLOUR = "#374151"
TEXT = "#1f2937"
GRID = "#d1d5db"
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"'
NUMBER = re.compile(r"^-?[\d,]+\Z|^-\Z")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: list


@dataclass(frozen=True)
class Table:
    caption: str
    headers: list
    rows: list          # lists of text; the first cell names the row

    def numeric(self, column: int) -> bool:
        return bool(self.rows) and all(NUMBER.match(row[column]) for row in self.rows)


@dataclass(frozen=True)
class Chart:
    title: str
    kind: str               # "stacked" (columns per month) or "bars" (horizontal)
    categories: list        # months as YYYY-MM for "stacked"; labels for "bars"
    series: dict            # series name -> values, one per category
    colours: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.categories or not any(v for values in self.series.values()
                                              for v in values)


@dataclass(frozen=True)
class Figure:
    chart: Chart
    table: Table


def svg(chart: Chart) -> str:
    """One line of SVG (a blank line would end an HTML block inside Markdown)."""
    return _stacked(chart) if chart.kind == "stacked" else _bars(chart)


def _month(key: str) -> tuple[str, str]:
    when = datetime.strptime(key, "%Y-%m")
    return f"{when:%b}", f"{when:%Y}"


def _nice_max(value: float) -> tuple[int, int]:
    """A round top for the axis, and the step between its four or five gridlines."""
    if value <= 0:
        return 1, 1
    raw = value / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step)) if step >= 1 else 1
    return int(math.ceil(value / step) * step), step


def _open(width: int, height: int, title: str, summary: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{escape(summary)}"'
            f' viewBox="0 0 {width} {height}" width="{width}" height="{height}" {FONT} '
            f'font-size="12" style="max-width:100%;height:auto">'
            f"<title>{escape(title)}</title>")


def _summary(chart: Chart, totals: list, names: list) -> str:
    best = max(range(len(totals)), key=lambda i: totals[i])
    if chart.kind == "stacked":
        first, last = (" ".join(_month(chart.categories[i])) for i in (0, -1))
        return (f"Stacked column chart of {chart.title.lower()}, {first} to {last}. "
                f"Highest: {names[best]}, {totals[best]:,}. The table gives every figure.")
    return (f"Bar chart of {chart.title.lower()}. Highest: {names[best]}, "
            f"{totals[best]:,}. The table gives every figure.")


def _stacked(chart: Chart) -> str:
    names = list(chart.series)
    months = chart.categories
    totals = [sum(chart.series[s][i] for s in names) for i in range(len(months))]
    top, step = _nice_max(max(totals))
    left, head, plot_h, bar_w, gap = 56, 12, 180, 26, 18
    width = max(360, left + len(months) * (bar_w + gap) + 16)
    per_row = max(1, (width - left) // 150)
    legend_rows = math.ceil(len(names) / per_row)
    height = head + plot_h + 44 + legend_rows * 22
    colours = chart.colours or [DEFAULT_COLOUR] * len(names)
    parts = [_open(width, height, chart.title,
                   _summary(chart, totals, [" ".join(_month(m)) for m in months]))]
    base = head + plot_h
    for tick in range(0, top + 1, step):
        y = base - tick * plot_h / top
        parts.append(f'<line x1="{left}" x2="{width - 8}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="{GRID}" stroke-width="1"/>'
                     f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
                     f'fill="{TEXT}">{tick:,}</text>')
    for i, month in enumerate(months):
        x = left + gap / 2 + i * (bar_w + gap)
        y = base
        short, year = _month(month)
        for name, colour in zip(names, colours):
            value = chart.series[name][i]
            if not value:
                continue
            h = value * plot_h / top
            y -= h
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w}" height="{h:.1f}" '
                         f'fill="{colour}" stroke="#ffffff" stroke-width="1">'
                         f"<title>{short} {year}, {escape(name)}: {value:,}</title></rect>")
        centre = x + bar_w / 2
        parts.append(f'<text x="{centre:.1f}" y="{base + 16}" text-anchor="middle" '
                     f'fill="{TEXT}">{short}</text>')
        if i == 0 or short == "Jan":
            parts.append(f'<text x="{centre:.1f}" y="{base + 30}" text-anchor="middle" '
                         f'fill="{TEXT}">{year}</text>')
    parts.append(f'<line x1="{left}" x2="{width - 8}" y1="{base}" y2="{base}" '
                 f'stroke="{TEXT}" stroke-width="1"/>')
    for n, (name, colour) in enumerate(zip(names, colours)):
        x = left + (n % per_row) * 150
        y = base + 44 + (n // per_row) * 22
        parts.append(f'<rect x="{x}" y="{y - 11}" width="14" height="14" fill="{colour}"/>'
                     f'<text x="{x + 20}" y="{y}" fill="{TEXT}">{escape(name)}</text>')
    return "".join(parts) + "</svg>"


def _bars(chart: Chart) -> str:
    names = list(chart.categories)
    values = next(iter(chart.series.values()))
    label_w, bar_max, row_h = 170, 280, 26
    width, height = label_w + bar_max + 80, len(names) * row_h + 8
    top = max(values) or 1
    parts = [_open(width, height, chart.title, _summary(chart, values, names))]
    for i, (name, value) in enumerate(zip(names, values)):
        y = 4 + i * row_h
        w = value * bar_max / top
        parts.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" '
                     f'fill="{TEXT}">{escape(name)}</text>'
                     f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" '
                     f'fill="{chart.colours[0] if chart.colours else DEFAULT_COLOUR}">'
                     f"<title>{escape(name)}: {value:,}</title></rect>"
                     f'<text x="{label_w + w + 6:.1f}" y="{y + 16}" fill="{TEXT}">'
                     f"{value:,}</text>")
    return "".join(parts) + "</svg>"


def table_html(table: Table) -> str:
    if not table.rows:
        return "<p>No entries.</p>\n"
    cls = [' class="num"' if table.numeric(i) else "" for i in range(len(table.headers))]
    head = "".join(f'<th scope="col"{cls[i]}>{escape(h)}</th>'
                   for i, h in enumerate(table.headers))
    body = "".join("<tr>" + f'<th scope="row">{escape(row[0])}</th>' +
                   "".join(f"<td{cls[i]}>{escape(cell)}</td>"
                           for i, cell in enumerate(row) if i) + "</tr>\n"
                   for row in table.rows)
    # A wide table scrolls inside its own focusable region, not the whole page.
    return (f'<div class="scroll" role="region" tabindex="0" '
            f'aria-label="{escape(table.caption)}">\n'
            f"<table>\n<caption>{escape(table.caption)}</caption>\n"
            f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n</div>\n")


def blocks_html(blocks: list) -> str:
    out = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f"<h{block.level}>{escape(block.text)}</h{block.level}>\n")
        elif isinstance(block, Para):
            out.append(f"<p>{escape(block.text)}</p>\n")
        elif isinstance(block, Bullets):
            out.append("<ul>\n" + "".join(f"<li>{escape(t)}</li>\n" for t in block.items)
                       + "</ul>\n")
        elif isinstance(block, Table):
            out.append(table_html(block))
        elif isinstance(block, Figure):
            drawing = "" if block.chart.empty else svg(block.chart) + "\n"
            out.append(f"<figure>\n<figcaption>{escape(block.chart.title)}</figcaption>\n"
                       f"{drawing}{table_html(block.table)}</figure>\n")
    return "".join(out)


STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       line-height: 1.5; color: #1f2937; background: #ffffff; margin: 0; }
main { max-width: 62rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 1.8rem; margin: 1rem 0 0.5rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid #9ca3af; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
th, td { border: 1px solid #9ca3af; padding: 0.3rem 0.6rem; text-align: left;
         vertical-align: top; }
thead th { background: #f3f4f6; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0 2rem; }
.scroll { overflow-x: auto; }
.scroll:focus { outline: 3px solid #1d4ed8; outline-offset: 2px; }
figcaption { font-weight: 700; margin-bottom: 0.5rem; }
@media print { main { max-width: none; } figure, table { break-inside: avoid; } }
"""


def page(title: str, intro: list, blocks: list, partnership: str) -> str:
    """A standalone, accessible HTML page: it opens from a file or an email attachment."""
    paragraphs = "".join(f"<p>{escape(text)}</p>\n" for text in intro)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}: {escape(partnership)}</title>\n"
            f"<style>{STYLE}</style>\n</head>\n<body>\n<main>\n"
            f"<p>{escape(partnership)}</p>\n<h1>{escape(title)}</h1>\n{paragraphs}"
            f"{blocks_html(blocks)}</main>\n</body>\n</html>\n")
