"""The HTML report beside earlier periods and by sector, and readable on a 320 px phone."""

from __future__ import annotations

import html as htmllib
import re
from datetime import date, datetime, timezone

import pytest

from pipeline.evidence.compare import change, earlier
from test_reports import LONDON, act, write_log

PERIOD = ["--since", "2026-04-01", "--until", "2026-06-30"]
NOW = "2026-07-10T12:00"


def offline(when, item, channel, audience, reach):
    return act(when, item, "delivered-offline", channel, audience, reach)


@pytest.fixture
def periods(project):
    """Acts in the second quarter of 2026, the quarter before it and the same quarter of
    2025, and one just after the period (at 00:30 on 1 July in London)."""
    project.briefing("safer-sleep", date="2025-01-10")
    project.briefing("neglect", title="Neglect toolkit", date="2025-02-01")
    write_log(project, [
        offline(datetime(2025, 5, 1, 10, tzinfo=LONDON), "neglect", "training", "health", 50),
        act(datetime(2026, 1, 10, 9, tzinfo=LONDON), "safer-sleep", "published", "website",
            "all-practitioners"),
        offline(datetime(2026, 3, 31, 10, tzinfo=LONDON), "neglect", "dsl-network", "health",
                20),
        act(datetime(2026, 4, 15, 9, tzinfo=LONDON), "safer-sleep", "sent", "email-alert",
            "health", 120),
        offline(datetime(2026, 5, 2, 10, tzinfo=LONDON), "neglect", "training",
                "health;social-care", 40),
        offline(datetime(2026, 6, 30, 23, 0, tzinfo=LONDON), "safer-sleep", "team-briefing",
                "education", 10),
        offline(datetime(2026, 6, 30, 23, 30, tzinfo=timezone.utc), "safer-sleep",
                "team-briefing", "health", 999),
    ], now=datetime(2026, 7, 2, 9, tzinfo=LONDON))
    return project


def tables(page: str) -> dict:
    """caption -> rows of cell texts."""
    found = {}
    for caption, body in re.findall(r"<caption>(.*?)</caption>(.*?)</table>", page, re.S):
        found[htmllib.unescape(caption)] = [
            [htmllib.unescape(c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>",
                                                             row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    return found


HEAD = ["This period", "Previous period", "Change", "A year before", "Change"]


def test_the_period_sits_beside_the_previous_one_and_a_year_before(periods):
    result = periods.cascade("log", "report", *PERIOD, "--format", "html", "--now", NOW)
    assert result.exit_code == 0, result.output
    page = result.output
    assert ("<p>This period is 1 April 2026 to 30 June 2026; the previous period of the same "
            "length is 31 December 2025 to 31 March 2026; the same period a year before is "
            "1 April 2025 to 30 June 2025.</p>") in page
    found = tables(page)
    assert found["This period, the previous period and the same period a year before"] == [
        ["Figure", *HEAD],
        ["Acts of dissemination", "3", "2", "+1 (+50%)", "1", "+2 (+200%)"],
        ["Items", "2", "2", "no change", "1", "+1 (+100%)"],
        ["People reached", "170", "20", "+150 (+750%)", "50", "+120 (+240%)"]]
    zero = ["0", "0", "no change", "0", "no change"]
    assert found["People reached by sector, compared with earlier periods"] == [
        ["Sector", *HEAD],
        ["All practitioners", *zero],
        ["Health", "160", "20", "+140 (+700%)", "50", "+110 (+220%)"],
        ["Education", "10", "0", "+10 (none before)", "0", "+10 (none before)"],
        ["Early years", *zero],
        ["Police", *zero],
        ["Social care", "40", "0", "+40 (none before)", "0", "+40 (none before)"],
        ["Voluntary sector", *zero],
        ["DSL network", *zero]]
    acts = found["Acts of dissemination by sector, compared with earlier periods"]
    assert acts[1] == ["All practitioners", "0", "1", "-1 (-100%)", "0", "no change"]
    assert acts[2] == ["Health", "2", "1", "+1 (+100%)", "1", "+1 (+100%)"]
    # The sections sit after the summary, before the breakdown by channel.
    order = re.findall(r"<h2>(.*?)</h2>", page)
    assert order[:4] == ["Summary", "Compared with earlier periods", "By sector", "By channel"]


def test_a_report_from_the_first_entry_says_how_to_compare(periods):
    result = periods.cascade("log", "report", "--format", "html", "--now", NOW)
    assert result.exit_code == 0
    assert ("<p>Give the period a first day (--since) to compare it with the previous period "
            "of the same length and with the same period a year before.</p>") in result.output
    assert "People reached by sector" not in result.output


def test_the_comparison_is_only_in_the_html_report(periods):
    result = periods.cascade("log", "report", *PERIOD, "--now", NOW)
    assert result.exit_code == 0
    assert "Compared with earlier periods" not in result.output


@pytest.mark.parametrize("start, end, previous, year_ago", [
    (date(2026, 4, 1), date(2026, 6, 30), (date(2025, 12, 31), date(2026, 3, 31)),
     (date(2025, 4, 1), date(2025, 6, 30))),
    (date(2024, 2, 29), date(2024, 2, 29), (date(2024, 2, 28), date(2024, 2, 28)),
     (date(2023, 2, 28), date(2023, 2, 28))),
    (date(2026, 1, 1), date(2026, 1, 31), (date(2025, 12, 1), date(2025, 12, 31)),
     (date(2025, 1, 1), date(2025, 1, 31))),
])
def test_earlier_periods(start, end, previous, year_ago):
    assert earlier(start, end) == (previous, year_ago)


@pytest.mark.parametrize("now, before, text", [
    (3, 2, "+1 (+50%)"), (1, 3, "-2 (-67%)"), (0, 0, "no change"), (5, 5, "no change"),
    (4, 0, "+4 (none before)"), (1200, 1000, "+200 (+20%)"), (0, 7, "-7 (-100%)")])
def test_change_text(now, before, text):
    assert change(now, before) == text


# In a real browser -------------------------------------------------------------------

# Every text on the page and in its charts, as rendered: an SVG drawn smaller than its
# own size shrinks its labels with it.
RENDERED_SIZES = """() => {
  const sizes = [];
  for (const el of document.querySelectorAll('main *')) {
    if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
    if (el.closest('title') || el.tagName === 'title') continue;
    if (!el.getClientRects().length) continue;     // not rendered: a script, a hidden part
    let size = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest('svg');
    if (svg) size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    sizes.push([size, el.tagName, el.textContent.trim().slice(0, 40)]);
  }
  return sizes;
}"""


def read_well(folder, names: list) -> str:
    """What is wrong with these pages, served from `folder`, at 1280 and 320 px: sideways
    page scroll, text rendered under 12 px, a scrolling region without a name or keyboard
    access, axe violations. Empty if nothing."""
    helpers = pytest.importorskip("browser")
    if not helpers.chromium_available():
        pytest.skip("needs Chromium (apt install chromium)")
    failures, violations = [], []
    with helpers.serve_folder(folder) as url, helpers.launch_chromium() as chromium:
        for name in names:
            for viewport in (helpers.DESKTOP, helpers.PHONE):
                where = f"{name} at {viewport['width']}px"
                page = chromium.new_page(viewport=viewport)
                try:
                    page.goto(url + name)
                    assert page.locator("svg[role=img]").count() >= 1, where
                    overflow = page.evaluate("document.documentElement.scrollWidth - "
                                             "innerWidth")
                    if overflow > 0:
                        failures.append(f"{where} scrolls sideways by {overflow}px")
                    sizes = page.evaluate(RENDERED_SIZES)
                    assert len(sizes) > 50, where
                    failures += [f"{where}: {tag} {text!r} is {size:.1f}px"
                                 for size, tag, text in sizes if size < 11.95]
                    for region in page.locator(".scroll, .cascade-table").all():
                        if region.evaluate("e => e.scrollWidth > e.clientWidth"):
                            if region.get_attribute("tabindex") != "0" or \
                                    not region.get_attribute("aria-label"):
                                failures.append(f"{where}: a scrolling region without a "
                                                "name or keyboard access")
                    violations += helpers.blocking(helpers.axe_violations(page))
                finally:
                    page.close()
    return "\n".join(failures) + (helpers.summary(violations) if violations else "")


@pytest.mark.browser
@pytest.mark.slow
def test_the_reports_read_well_at_320px_and_1280px(periods):
    out = periods.root / "out"
    out.mkdir()
    assert periods.cascade("log", "report", *PERIOD, "--format", "html", "--output",
                           "out/report.html", "--now", NOW).exit_code == 0
    assert periods.cascade("report", "annual", "2026-27", "--format", "html", "--output",
                           "out/annual.html", "--now", NOW).exit_code == 0
    assert read_well(out, ["report.html", "annual.html"]) == ""


@pytest.mark.browser
@pytest.mark.slow
def test_the_websites_dissemination_page_reads_well_at_320px_and_1280px(periods):
    # Built on 2 July 2026: the page shows the 12 months to June, charts included.
    assert periods.cascade("build", "--now", "2026-07-02T09:00").exit_code == 0
    page = (periods.root / "site" / "dissemination.html").read_text()
    assert page.count('<div aria-label="Chart: ') == 3   # each chart in its own region
    assert read_well(periods.root / "site", ["dissemination.html"]) == ""
