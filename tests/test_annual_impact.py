"""The annual appendix's Impact section, and the appendix as Markdown, HTML and Word."""

from __future__ import annotations

import html as htmllib
import re
from datetime import datetime

import pytest
from docx import Document
from docx.oxml.ns import qn

from pipeline.evidence import chain as dlog
from pipeline.state import open_state
from test_report_compare import read_well
from test_reports import LONDON, write_log, year  # noqa: F401 - a fixture

NOW = "2025-05-01T09:00"

IMPACT = """\
## Impact in 2024-25

What came back from practice in the year. Nothing here names anyone: views are counts per \
page per day from the website's server logs, and feedback, team returns and follow-up \
answers carry no names.

### Website views

157 page views of the website in the year (visits by known bots are not counted).

**Website views by month**

| Month | Views |
| --- | ---: |
| April 2024 | 0 |
| May 2024 | 7 |
| June 2024 | 100 |
| July 2024 | 0 |
| August 2024 | 0 |
| September 2024 | 0 |
| October 2024 | 0 |
| November 2024 | 0 |
| December 2024 | 40 |
| January 2025 | 10 |
| February 2025 | 0 |
| March 2025 | 0 |

### Team cascades

- 3 sessions of learning cascaded to teams, reaching 62 people.
- Of these, 1 session (12 people) was reported by practitioners through the website's \
team return form and accepted.

Team briefings, training sessions and network meetings recorded in the dissemination log. \
A session for several sectors counts once for each of them below.

| Sector | Sessions | People |
| --- | ---: | ---: |
| Health | 2 | 50 |
| Education | 1 | 12 |
| Social care | 1 | 20 |

### Was this useful?

Answers to "Was this useful?" at the foot of the website's pages: 3 yes, 1 no. Answers \
waiting for a decision are counted; rejected ones (spam) are not. Of these, 1 answer was \
still waiting for a decision.

| Answer | Answers |
| --- | ---: |
| Yes | 3 |
| No | 1 |

### Practice change

Answers to the follow-up email "Has this briefing changed your practice?", sent some weeks \
after an alert: 4 in all.

**Answers on practice change**

| Answer | Answers |
| --- | ---: |
| Yes | 2 |
| Not yet | 1 |
| Not relevant to my role | 1 |

### Reach by item

The briefings and procedure changes that reached the most people in the year (up to 10), \
with what came back from each.

| Item | People reached | In team cascades | Views | Useful (yes / no) | Practice \
changed (yes / not yet) |
| --- | ---: | ---: | ---: | --- | --- |
| Neglect toolkit | 32 | 32 | 7 | 0 / 1 | 0 / 0 |
| Safer sleep for babies | 30 | 30 | 50 | 3 / 0 | 2 / 1 |
"""


@pytest.fixture
def impact(year):  # noqa: F811 - the fixture imported above
    """The appendix's year with known views, team cascades, feedback and follow-up answers;
    each kind also has rows outside the year or rejected, which must not count."""
    added = year.cascade("log", "add", "--item", "neglect", "--channel", "training",
                         "--audience", "health,social-care", "--reach", "20", "--by",
                         "Children's services trainer", "--when", "2024-11-05T10:00",
                         "--now", "2025-04-05T09:00")
    assert added.exit_code == 0, added.output
    # An accepted team return from the website's form, as the feedback queue writes it.
    write_log(year, [dlog.Act(occurred_at=datetime(2024, 10, 1, 14, tzinfo=LONDON),
                              item_id="neglect", item_version="v1", item_type="briefing",
                              action="delivered-offline", channel="team-briefing",
                              audience="education", reach=12,
                              disseminated_by="self-reported")],
              now=datetime(2025, 4, 6, 9, tzinfo=LONDON))
    with open_state(year.config.state_db) as db:
        db.executemany("INSERT INTO page_views(day, page, views) VALUES (?, ?, ?)", [
            ("2024-12-09", "briefings/safer-sleep/", 40),
            ("2025-01-02", "briefings/safer-sleep/", 10),
            ("2024-05-21", "briefings/neglect/", 7),
            ("2024-06-01", "/", 100),
            ("2024-03-31", "briefings/safer-sleep/", 999),     # the year before
            ("2025-04-01", "briefings/safer-sleep/", 555)])    # the year after
        db.executemany(
            "INSERT INTO feedback(item_id, kind, useful, status, received_at) "
            "VALUES (?, 'useful', ?, ?, ?)", [
                ("safer-sleep", "yes", "accepted", "2024-12-10T09:00:00+00:00"),
                ("safer-sleep", "yes", "accepted", "2025-01-10T09:00:00+00:00"),
                ("safer-sleep", "yes", "pending", "2025-03-30T09:00:00+01:00"),
                ("neglect", "no", "accepted", "2024-06-10T09:00:00+01:00"),
                ("safer-sleep", "no", "rejected", "2024-12-11T09:00:00+00:00"),
                # 23:30 UTC on 31 March 2025 is 1 April in London: the next year.
                ("safer-sleep", "yes", "accepted", "2025-03-31T23:30:00+00:00")])
        db.execute("INSERT INTO feedback(item_id, kind, sector, people, status, received_at) "
                   "VALUES ('neglect', 'shared', 'education', 12, 'accepted', "
                   "'2024-10-02T09:00:00+01:00')")
        db.executemany("INSERT INTO followup_answers(item_id, subscriber_id, answer, "
                       "answered_at) VALUES (?, ?, ?, ?)", [
                           ("safer-sleep", 1, "yes", "2025-01-20T09:00:00+00:00"),
                           ("safer-sleep", 2, "not-yet", "2025-01-21T09:00:00+00:00"),
                           ("safer-sleep", 3, "yes", "2025-02-01T09:00:00+00:00"),
                           ("neglect", 1, "not-relevant", "2024-07-01T09:00:00+01:00"),
                           ("neglect", 2, "yes", "2025-04-20T09:00:00+01:00")])
    return year


def test_the_impact_section_gives_exact_figures(impact):
    result = impact.cascade("report", "annual", "2024-25", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert result.output.endswith("\n" + IMPACT)


def cells_md(text: str) -> list:
    """Every table row of the Markdown, as lists of cells (unescaped), separators left out."""
    rows = []
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("| ---"):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            rows.append([re.sub(r"(.)", r"\1", htmllib.unescape(c)) for c in cells])
    return rows


def cells_html(text: str) -> list:
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", text, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([htmllib.unescape(c).strip() for c in cells])
    return rows


def cells_docx(doc) -> list:
    return [[cell.text for cell in row.cells] for table in doc.tables for row in table.rows]


def test_markdown_html_and_word_carry_the_same_figures(impact):
    md = impact.cascade("report", "annual", "2024-25", "--now", NOW)
    page = impact.cascade("report", "annual", "2024-25", "--format", "html", "--now", NOW)
    word = impact.cascade("report", "annual", "2024-25", "--format", "docx", "--output",
                          "appendix.docx", "--now", NOW)
    assert (md.exit_code, page.exit_code, word.exit_code) == (0, 0, 0)
    assert word.output == "Wrote appendix.docx: annual report appendix 2024-25 (docx).\n"
    doc = Document(str(impact.root / "appendix.docx"))
    expected = cells_md(md.output)
    assert ["Health", "2", "50"] in expected and \
        ["Safer sleep for babies", "30", "30", "50", "3 / 0", "2 / 1"] in expected
    assert cells_html(page.output) == expected
    assert cells_docx(doc) == expected
    headings = [h.text for h in doc.paragraphs if h.style.name.startswith("Heading")]
    in_md = [line.lstrip("#").strip().replace("\\", "")
             for line in md.output.splitlines() if line.startswith("#")]
    assert headings == in_md
    in_html = [htmllib.unescape(h) for h in re.findall(r"<h[1-6]>(.*?)</h[1-6]>",
                                                        page.output)]
    assert in_html == in_md


def test_the_word_document_is_accessible(impact):
    result = impact.cascade("report", "annual", "2024-25", "--format", "docx", "--output",
                            "appendix.docx", "--now", NOW)
    assert result.exit_code == 0, result.output
    doc = Document(str(impact.root / "appendix.docx"))
    assert doc.core_properties.title == "Learning and improvement 2024-25"
    styles = {p.text: p.style.name for p in doc.paragraphs if p.style.name.startswith("Head")}
    assert styles["Learning and improvement 2024-25"] == "Heading 1"
    assert styles["Impact in 2024-25"] == "Heading 2"
    assert styles["Website views"] == "Heading 3"
    assert styles["Updated chapters - December 2024"] == "Heading 3"
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert "Of these, 1 session (12 people) was reported by practitioners through the " \
        "website's team return form and accepted." in bullets
    assert len(doc.tables) == 8
    for table in doc.tables:
        first, *rest = table.rows
        assert first._tr.trPr is not None and \
            first._tr.trPr.find(qn("w:tblHeader")) is not None, table.rows[0].cells[0].text
        assert all(r._tr.trPr is None or r._tr.trPr.find(qn("w:tblHeader")) is None
                   for r in rest)
        assert table._tbl.tblPr.find(qn("w:tblCaption")).get(qn("w:val"))
        assert all(run.bold for cell in first.cells for run in cell.paragraphs[0].runs)
    pictures = doc.inline_shapes
    # Reach by audience, views by month, practice change: every bar chart is a picture.
    assert len(pictures) == 3
    names = [p._inline.docPr.get("descr") for p in pictures]
    assert names == [
        "Bar chart of reach by audience. Highest: Health, 50. The table gives every figure.",
        "Bar chart of website views by month. Highest: June 2024, 100. The table gives "
        "every figure.",
        "Bar chart of answers on practice change. Highest: Yes, 2. The table gives every "
        "figure."]
    for picture in pictures:
        blob = picture._inline.graphic.graphicData.pic.blipFill.blip.embed
        image = doc.part.related_parts[blob]
        assert image.content_type == "image/png" and image.blob[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_html_appendix_is_a_standalone_page(impact):
    result = impact.cascade("report", "annual", "2024-25", "--format", "html", "--output",
                            "appendix.html", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert result.output == "Wrote appendix.html: annual report appendix 2024-25 (html).\n"
    page = (impact.root / "appendix.html").read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "<title>Learning and improvement 2024-25: " in page
    assert "<script" not in page
    assert page.count('<svg ') == 3


def test_word_needs_an_output_file(impact):
    result = impact.cascade("report", "annual", "2024-25", "--format", "docx", "--now", NOW)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("Error: --format docx writes a Word file, not text for the "
                             "screen: add --output FILE (e.g. --output "
                             "appendix-2024-25.docx)\n")


def test_an_unknown_format_is_a_usage_error(impact):
    result = impact.cascade("report", "annual", "2024-25", "--format", "pdf", "--now", NOW)
    assert result.exit_code == 2
    assert "Invalid value for '--format': 'pdf' is not one of 'md', 'html', 'docx'." \
        in result.stderr


def test_a_broken_log_still_writes_the_word_file_and_warns(impact):
    path = impact.root / "dissemination_log.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",30,", ",300,"),
                    encoding="utf-8", newline="")
    result = impact.cascade("report", "annual", "2024-25", "--format", "docx", "--output",
                            "appendix.docx", "--now", NOW)
    assert result.exit_code == 1
    assert "chain broken" in result.stderr
    assert Document(str(impact.root / "appendix.docx")).tables



@pytest.mark.browser
@pytest.mark.slow
def test_the_html_appendix_reads_well_at_320px_and_1280px(impact):
    out = impact.root / "out"
    out.mkdir()
    assert impact.cascade("report", "annual", "2024-25", "--format", "html", "--output",
                          "out/appendix.html", "--now", NOW).exit_code == 0
    assert read_well(out, ["appendix.html"]) == ""


def test_a_word_file_that_cannot_be_written_is_a_clean_error(impact):
    result = impact.cascade("report", "annual", "2024-25", "--format", "docx", "--output",
                            "no-such-folder/appendix.docx", "--now", NOW)
    assert result.exit_code == 2
    assert result.stderr == ("Error: no-such-folder/appendix.docx: cannot write the annual "
                             "report appendix 2024-25 (docx) (No such file or directory)\n")
