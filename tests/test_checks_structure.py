"""Source checks on structure: images, headings, tables, raw HTML, scripts, file includes.

Each rule has a failing sample with the exact line the officer sees, and a
passing one. Procedure bodies are used because they have no required sections;
their first body line is line 14 of the file.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from conftest import SECTIONS
from pictures import png


P = "content/procedures/info-sharing-2024-12.md"
NOW = datetime(2025, 6, 1, 9, 0, tzinfo=ZoneInfo("Europe/London"))


def found(project, body: str | None = None, **fields) -> list[str]:
    """Every finding for one procedure change, formatted as `cascade check` prints it."""
    if body is not None:
        fields["body"] = body
    project.procedure(**fields)
    return project.findings(NOW)


# Images -------------------------------------------------------------------------

def test_image_without_alt_text_is_an_error(project):
    project.write("content/procedures/photos/health-visitor.jpg", png())
    assert found(project, "Intro.\n\n![](photos/health-visitor.jpg)\n") == [
        f'{P}:16: img-alt-missing: image "photos/health-visitor.jpg" has no alt text '
        "(WCAG 1.1.1) - fix: describe what the image shows between the brackets: "
        "![A health visitor talking with a parent](photo.jpg)"]


@pytest.mark.parametrize("alt", ["image", "Picture", "a photo", "IMG_2041.JPG",
                                 "health-visitor.jpg", "DSC 0042"])
def test_alt_text_that_is_a_file_name_or_says_image_is_a_warning(project, alt):
    project.write("content/procedures/photos/health-visitor.jpg", png())
    assert found(project, f"![{alt}](photos/health-visitor.jpg)\n") == [
        f'{P}:14: img-alt-poor: warning: alt text "{alt}" does not say what the image shows '
        "(WCAG 1.1.1) - fix: describe the image's content or purpose, not its file name "
        "or type"]


def test_descriptive_alt_text_passes(project):
    project.write("content/procedures/photos/hv.jpg", png())
    project.write("content/procedures/charts/referrals.png", png())
    assert found(project, "![A health visitor weighing a baby at home](photos/hv.jpg)\n"
                          "![Chart of referrals by month, rising in winter][chart]\n\n"
                          "[chart]: charts/referrals.png\n") == []


def test_a_reference_style_image_without_alt_text_is_found(project):
    project.write("content/procedures/charts/referrals.png", png())
    assert found(project, "Intro.\n\n![][chart]\n\n[chart]: charts/referrals.png\n") == [
        f'{P}:16: img-alt-missing: image "charts/referrals.png" has no alt text '
        "(WCAG 1.1.1) - fix: describe what the image shows between the brackets: "
        "![A health visitor talking with a parent](photo.jpg)"]


# Headings -----------------------------------------------------------------------

def test_a_level_one_heading_in_the_body_is_an_error(project):
    assert found(project, "Intro.\n\n# What changed\n\nText.\n") == [
        f'{P}:16: heading-h1: level-1 heading "What changed": the page title is already the '
        "level-1 heading (WCAG 1.3.1) - fix: make it a section heading: ## What changed"]


def test_an_underlined_level_one_heading_is_found_too(project):
    assert found(project, "What changed\n============\n\nText.\n") == [
        f'{P}:14: heading-h1: level-1 heading "What changed": the page title is already the '
        "level-1 heading (WCAG 1.3.1) - fix: make it a section heading: ## What changed"]


def test_a_skipped_heading_level_is_an_error(project):
    assert found(project, "## What changed\n\nText.\n\n#### Who it affects\n\nText.\n") == [
        f'{P}:18: heading-skip: level-4 heading "Who it affects" skips a level: it comes '
        "after a level-2 heading (WCAG 1.3.1) - fix: use ### here, or add the missing "
        "level-3 heading above it"]


def test_a_first_heading_below_level_two_skips_from_the_page_title(project):
    assert found(project, "### What changed\n\nText.\n") == [
        f'{P}:14: heading-skip: level-3 heading "What changed" skips a level: it comes '
        "after the page title (level 1) (WCAG 1.3.1) - fix: use ## here, or add the "
        "missing level-2 heading above it"]


def test_an_empty_heading_is_an_error(project):
    assert found(project, "## What changed\n\nText.\n\n##\n\nMore text.\n") == [
        f"{P}:18: heading-empty: level-2 heading has no text (WCAG 2.4.6) - fix: write the "
        "heading's text after the #s, or remove the line"]


def test_well_ordered_headings_pass(project):
    body = ("## What changed\n\n### For schools\n\nText.\n\n#### Primary schools\n\n"
            "Text.\n\n## Who it affects ##\n\nWhere to go next\n----------------\n\nText.\n")
    assert found(project, body) == []


def test_headings_inside_code_blocks_are_not_headings(project):
    body = "Text.\n\n```\n# a comment in a shell script\n```\n\n    # indented code\n"
    assert found(project, body) == []


# Tables -------------------------------------------------------------------------

def test_pipe_rows_without_a_header_row_are_an_error(project):
    body = "Contacts:\n\n| MASH | 01422 393336 |\n| Police | 101 |\n"
    assert found(project, body) == [
        f"{P}:16: table-header-missing: table has no header row (WCAG 1.3.1) - fix: make the "
        "first row the column headings and put a line like | --- | --- | under it"]


def test_an_empty_header_row_is_an_error(project):
    body = "|  |  |\n| --- | --- |\n| MASH | 01422 393336 |\n"
    assert found(project, body) == [
        f"{P}:14: table-header-missing: table's header row is empty (WCAG 1.3.1) - fix: "
        "write a heading for each column in the first row"]


def test_rows_with_a_different_number_of_cells_are_an_error(project):
    body = ("| Service | Phone |\n| --- | --- |\n| MASH | 01422 393336 | out of hours |\n"
            "| Police |\n| Health | `0800 | 111` |\n")
    fix = "give every row as many cells as the header row (use | | for an empty cell)"
    assert found(project, body) == [
        f"{P}:16: table-cells-mismatch: table row has 3 cells; the header has 2 "
        f"(WCAG 1.3.1) - fix: {fix}",
        f"{P}:17: table-cells-mismatch: table row has 1 cell; the header has 2 "
        f"(WCAG 1.3.1) - fix: {fix}"]


def test_a_separator_line_that_does_not_match_the_header_is_an_error(project):
    body = "| Service | Phone | Hours |\n| --- | --- |\n| MASH | 01422 393336 | 9-5 |\n"
    assert found(project, body) == [
        f"{P}:15: table-cells-mismatch: the line under the header has 2 cells; the header "
        "has 3 (WCAG 1.3.1) - fix: give every row as many cells as the header row (use | | "
        "for an empty cell)"]


def test_a_table_straight_after_text_is_an_error(project):
    body = "Who to call:\n| Service | Phone |\n| --- | --- |\n| Police | 101 |\n"
    assert found(project, body) == [
        f"{P}:15: table-blank-line: table follows the text above without a blank line, so "
        "it is shown as plain text (WCAG 1.3.1) - fix: put a blank line before the table"]


def test_a_table_with_a_header_row_passes(project):
    body = ("Who to call:\n\n| Service | Phone |\n|:--- | ---:|\n| Police | 101 |\n"
            "| Health visiting | `0300 | 123` \\| 456 |\n\nService | Phone\n--- | ---\n"
            "Police | 101\n")
    assert found(project, body) == []


# Bold lines ---------------------------------------------------------------------

def test_a_bold_line_used_as_a_heading_is_a_warning(project):
    assert found(project, "Intro.\n\n**Key messages**\n\nText.\n") == [
        f'{P}:16: bold-as-heading: warning: bold line "**Key messages**" looks like a heading '
        "(WCAG 1.3.1) - fix: if it starts a section, make it a heading (### Key messages) so "
        "screen reader users can find it"]


def test_bold_sentences_and_bold_words_in_a_sentence_pass(project):
    body = "**Never shake a baby.**\n\nThis is **important** to remember.\n\n- **Item**\n"
    assert found(project, body) == []


# Raw HTML and scripts -----------------------------------------------------------

def test_html_outside_the_allowlist_is_an_error(project):
    body = 'Text.\n\n<div class="box">A box</div>\n\n<img src="chart.png">\n'
    assert found(project, body) == [
        f"{P}:16: html-not-allowed: raw HTML <div> is not allowed - fix: use Markdown "
        "instead; only <abbr>, <kbd>, <sup>, <sub> and <br> may be written as HTML",
        f"{P}:18: html-not-allowed: raw HTML <img> is not allowed - fix: use a Markdown "
        "image with alt text: ![What the image shows](picture.png)"]


def test_a_tag_the_parser_cannot_read_is_an_error(project):
    # A browser would run on past the unclosed quote; the check must not let it through.
    assert found(project, 'Text <abbr title="a>b" onclick="steal()">x</abbr>.\n') == [
        f"{P}:14: html-not-allowed: raw HTML <abbr ...> cannot be read safely - fix: check "
        "the tag's quotes (a quoted value cannot hold < or >), or use Markdown instead"]


def test_a_script_is_an_error(project):
    assert found(project, "Text.\n<script>alert('hello')</script>\n") == [
        f"{P}:15: html-script: <script> is not allowed - fix: remove it: published pages and "
        "emails cannot run scripts"]


def test_an_event_handler_is_an_error_even_on_an_allowed_tag(project):
    assert found(project, 'Press <kbd onmouseover="steal()">Ctrl</kbd>.\n') == [
        f"{P}:14: html-event-handler: event handler onmouseover= on <kbd> is not allowed - "
        "fix: remove the onmouseover attribute: pages cannot run scripts"]


@pytest.mark.parametrize("address", ["javascript:alert(1)", "JavaScript:void(0)",
                                     "java&#115;cript:alert(1)", " javascript:x"])
def test_a_javascript_address_in_a_link_is_an_error(project, address):
    assert found(project, f"Read the [safer sleep guide](<{address}>).\n") == [
        f'{P}:14: url-javascript: address "{address.strip()}" runs a script, which is not '
        "allowed - fix: link to a web page (https://...) instead"]


def test_a_javascript_address_in_a_reference_or_attribute_is_an_error(project):
    body = ('See the [guide][g] and <abbr title="x" data-href="javascript:go()">MASH</abbr>.'
            "\n\n[g]: javascript:alert(1)\n")
    fix = "link to a web page (https://...) instead"
    assert found(project, body) == [
        f'{P}:14: url-javascript: address "javascript:alert(1)" runs a script, which is not '
        f"allowed - fix: {fix}",
        f'{P}:14: url-javascript: address "javascript:go()" runs a script, which is not '
        f"allowed - fix: {fix}"]


def test_allowed_inline_html_and_escaped_html_pass(project):
    body = ('The <abbr title="Multi-Agency Safeguarding Hub">MASH</abbr> takes calls. '
            "Press <kbd>Ctrl</kbd> and <kbd>F</kbd>.<br>\nH<sub>2</sub>O and 10<sup>th</sup>."
            "\n\nWrite &lt;div&gt; as text, or `<div>` as code.\n\n<!-- a note <div> -->\n")
    assert found(project, body) == []


def test_html_in_the_title_or_summary_is_an_error(project):
    assert found(project, title="Information <b>Sharing</b>") == [
        f"{P}:3: html-not-allowed: title contains HTML <b>, which would show as text - fix: "
        "write plain text, without tags"]


def test_a_javascript_address_in_the_front_matter_is_an_error(project):
    assert found(project, title="Information javascript:alert(1)") == [
        f'{P}:3: url-javascript: address "Information javascript:alert(1)" runs a script, '
        "which is not allowed - fix: link to a web page (https://...) instead"]


def test_a_file_include_is_an_error_even_in_a_code_block(project):
    # The site engine expands snippets before it looks for code blocks.
    assert found(project, 'Text.\n\n```\n--8<-- "cascade.yml"\n```\n') == [
        f"{P}:17: snippet-not-allowed: '--8<--' would copy another file into the page - fix: "
        "remove the line and write the text itself"]


def test_nothing_inside_code_is_checked(project):
    body = ("Use `<script>` and `[click here](javascript:x)` in ``code with ` inside``.\n\n"
            "```html\n<div onclick=\"x()\"><img src=a.png></div>\n# Heading\n```\n\n"
            "~~~\n| a | b |\n| c | d |\n~~~\n\n    <div>indented code</div>\n")
    assert found(project, body) == []


def test_a_fence_is_published_as_code_never_as_live_html(project):
    # The build always turns on a fenced-code extension, so what the checks treat as
    # code is code on the page too.
    body = "\n".join(f"## {h}\n\nText.\n" for h in SECTIONS)
    body = body.replace("## Information\n\nText.\n",
                        "## Information\n\nText.\n\n```\n<script>alert(1)</script>\n```\n")
    project.briefing("b", id="b", body=body)
    result = project.cascade("run", "--now", "2025-06-01T12:00")
    assert result.exit_code == 0, result.output
    page = (project.root / "site/briefings/b.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page

def test_unbalanced_brackets_that_would_stall_the_engine_are_held_back(project):
    body = "Text.\n\n" + "[" * 201 + "\n"
    assert found(project, body) == [
        f"{P}:13: brackets-unbalanced: the text has 201 more '[' than ']' - fix: close each "
        "[ with a ], or write the brackets as \\[ and \\]"]
    balanced = found(project, "Text.\n\n" + "[a] " * 300 + "\n")
    assert not any("brackets-unbalanced" in line for line in balanced)
