"""Report blocks as HTML, and charts as inline SVG with text alternatives.

Every chart is drawn inside a figure whose caption names it and whose data table
gives every figure the chart shows; the SVG itself is an image (role="img") with
a one-sentence summary as its accessible name. Nothing is fetched: no scripts,
fonts or images from elsewhere. The markup is in templates/reports/; this module
works out what goes where.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup

from pipeline.render import render

# Each channel keeps its colour in every chart; all have 3:1 contrast or more on white.
CHANNEL_COLOURS = {
    "website": "#1d4ed8", "newsletter": "#b45309", "email-alert": "#047857",
    "team-briefing": "#7e22ce", "training": "#be123c", "dsl-network": "#0e7490",
    "social-media": "#4d7c0f", "other": "#4b5563",
}
DEFAULT_COLOUR = "#374151"
TEXT = "#1f2937"
GRID = "#d1d5db"
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


def svg(chart: Chart) -> Markup:
    """One line of SVG (a blank line would end an HTML block inside Markdown)."""
    drawing = _stacked(chart) if chart.kind == "stacked" else _bars(chart)
    return Markup(render("reports/chart.svg", kind=chart.kind, title=chart.title, text=TEXT,
                         grid=GRID, **drawing))


def describe(chart: Chart) -> str:
    """The one-sentence summary a chart is named by (its text alternative)."""
    if chart.kind == "stacked":
        names = list(chart.series)
        totals = [sum(chart.series[s][i] for s in names) for i in range(len(chart.categories))]
        return _summary(chart, totals, [" ".join(_month(m)) for m in chart.categories])
    return _summary(chart, next(iter(chart.series.values())), list(chart.categories))


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


def _summary(chart: Chart, totals: list, names: list) -> str:
    best = max(range(len(totals)), key=lambda i: totals[i])
    if chart.kind == "stacked":
        first, last = (" ".join(_month(chart.categories[i])) for i in (0, -1))
        return (f"Stacked column chart of {chart.title.lower()}, {first} to {last}. "
                f"Highest: {names[best]}, {totals[best]:,}. The table gives every figure.")
    return (f"Bar chart of {chart.title.lower()}. Highest: {names[best]}, "
            f"{totals[best]:,}. The table gives every figure.")


def _stacked(chart: Chart) -> dict:
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
    base = head + plot_h
    gridlines = []
    for tick in range(0, top + 1, step):
        y = base - tick * plot_h / top
        gridlines.append({"y": f"{y:.1f}", "label_x": left - 6, "label_y": f"{y + 4:.1f}",
                          "tick": f"{tick:,}"})
    columns = []
    for i, month in enumerate(months):
        x = left + gap / 2 + i * (bar_w + gap)
        y = base
        short, year = _month(month)
        rects = []
        for name, colour in zip(names, colours):
            value = chart.series[name][i]
            if not value:
                continue
            h = value * plot_h / top
            y -= h
            rects.append({"x": f"{x:.1f}", "y": f"{y:.1f}", "height": f"{h:.1f}",
                          "colour": colour, "name": name, "value": f"{value:,}"})
        columns.append({"rects": rects, "centre": f"{x + bar_w / 2:.1f}", "month": short,
                        "year": year, "show_year": i == 0 or short == "Jan"})
    legend = []
    for n, (name, colour) in enumerate(zip(names, colours)):
        x = left + (n % per_row) * 150
        y = base + 44 + (n // per_row) * 22
        legend.append({"x": x, "box_y": y - 11, "label_x": x + 20, "y": y,
                       "colour": colour, "name": name})
    return {"width": width, "height": height, "left": left, "right": width - 8,
            "base": base, "bar_width": bar_w, "month_y": base + 16, "year_y": base + 30,
            "summary": _summary(chart, totals, [" ".join(_month(m)) for m in months]),
            "gridlines": gridlines, "columns": columns, "legend": legend}


def _bars(chart: Chart) -> dict:
    """Each bar under its own label, so the drawing is narrow enough for a 320 px phone
    at full size: its labels are never scaled below the 12 px they are drawn at."""
    names = list(chart.categories)
    values = next(iter(chart.series.values()))
    width, row_h = 280, 46
    # Digits are about 7 px wide at 12 px; room for the longest value after its bar.
    value_room = 8 * max(len(f"{v:,}") for v in values) + 10
    bar_max = width - value_room
    height = len(names) * row_h + 4
    top = max(values) or 1
    rows = []
    for i, (name, value) in enumerate(zip(names, values)):
        y = 2 + i * row_h
        w = value * bar_max / top
        rows.append({"name": name, "value": f"{value:,}", "label_x": 0, "label_y": y + 14,
                     "text_y": y + 35, "bar_x": 0, "bar_y": y + 21, "width": f"{w:.1f}",
                     "height": 18, "value_x": f"{w + 6:.1f}"})
    return {"width": width, "height": height, "rows": rows,
            "colour": chart.colours[0] if chart.colours else DEFAULT_COLOUR,
            "summary": _summary(chart, values, names)}


def _shown(blocks: list) -> list:
    """(kind, block, extra) for templates/reports/blocks.html: what a template cannot
    work out itself (which columns are numbers, the drawing of a chart)."""
    shown = []
    for block in blocks:
        kind = type(block).__name__.lower()
        extra = {}
        if isinstance(block, (Table, Figure)):
            table = block if isinstance(block, Table) else block.table
            extra["numeric"] = [table.numeric(i) for i in range(len(table.headers))]
        if isinstance(block, Figure):
            extra["drawing"] = "" if block.chart.empty else svg(block.chart)
        shown.append((kind, block, extra))
    return shown


def page(title: str, intro: list, blocks: list, partnership: str) -> str:
    """A standalone, accessible HTML page: it opens from a file or an email attachment."""
    return render("reports/page.html", title=title, intro=intro, partnership=partnership,
                  blocks=_shown(blocks))
