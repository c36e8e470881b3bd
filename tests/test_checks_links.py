"""Source checks on links: meaningful text, targets that exist, documents that say what they are.

Procedure bodies start on line 14 of the file; briefing bodies on line 11.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pictures import png


P = "content/procedures/info-sharing-2024-12.md"
NOW = datetime(2025, 6, 1, 9, 0, tzinfo=ZoneInfo("Europe/London"))


def found(project, body: str | None = None, **fields) -> list[str]:
    """Every finding for the procedure change, formatted as `cascade check` prints it."""
    if body is not None:
        fields["body"] = body
    project.procedure(**fields)
    return project.findings(NOW, P)


# Link text ----------------------------------------------------------------------

def test_a_link_without_text_is_an_error(project):
    assert found(project, "See the chapter.\n[](https://procedures.example.org.uk/x)\n") == [
        f'{P}:15: link-text-empty: link to "https://procedures.example.org.uk/x" has no text '
        "(WCAG 2.4.4) - fix: put words saying where the link goes between the brackets: "
        "[Safer sleep protocol](...)"]


@pytest.mark.parametrize("text", ["click here", "Here", "read more", "More", "link",
                                  "this link", "Click here!", "**find out more**"])
def test_link_text_that_says_nothing_out_of_context_is_an_error(project, text):
    shown = text.strip("*")
    assert found(project, f"For the guidance [{text}](https://www.gov.uk/guidance).\n") == [
        f'{P}:14: link-text-vague: link text "{shown}" does not say where the link goes '
        "(WCAG 2.4.4) - fix: use words that make sense on their own, e.g. [Read the safer "
        "sleep protocol](...)"]


def test_a_vague_reference_link_is_found_where_it_is_used(project):
    body = "Some text.\n\nFor the guidance [click here][g].\n\n[g]: https://www.gov.uk/g\n"
    assert found(project, body) == [
        f'{P}:16: link-text-vague: link text "click here" does not say where the link goes '
        "(WCAG 2.4.4) - fix: use words that make sense on their own, e.g. [Read the safer "
        "sleep protocol](...)"]


def test_a_web_address_as_link_text_is_an_error(project):
    body = ("Read [https://www.gov.uk/guidance](https://www.gov.uk/guidance) or\n"
            "<https://www.gov.uk/guidance>.\n")
    fix = "say where the link goes: [Name of the page](https://www.gov.uk/guidance)"
    assert found(project, body) == [
        f'{P}:14: link-text-url: link text is a web address ("https://www.gov.uk/guidance") '
        f"(WCAG 2.4.4) - fix: {fix}",
        f'{P}:15: link-text-url: link text is a web address ("https://www.gov.uk/guidance") '
        f"(WCAG 2.4.4) - fix: {fix}"]


def test_descriptive_link_text_passes(project):
    project.write("content/procedures/cover.png", png())
    body = ("Read [Working Together to Safeguard Children 2023](https://www.gov.uk/wt) or "
            "[more about the here and now](https://example.org/now).\nEmail "
            "<learning@example-scp.org.uk> or [the learning team](mailto:l@example.org).\n"
            "[![Safer sleep leaflet cover](cover.png)](https://example.org/leaflet)\n")
    assert found(project, body) == []


# Targets on this site -----------------------------------------------------------

def test_a_link_to_a_missing_item_is_an_error(project):
    project.briefing("safer-sleep-sudi")
    assert found(project, "See [safer sleep](../briefings/safer-sleep-sud.md).\n") == [
        f'{P}:14: link-target-missing: link to "../briefings/safer-sleep-sud.md": there is no '
        'briefing or procedure change with id "safer-sleep-sud" - fix: did you mean '
        '"safer-sleep-sudi"?']


def test_a_link_to_an_item_in_the_wrong_folder_is_an_error(project):
    project.briefing("safer-sleep-sudi")
    assert found(project, "See [safer sleep](safer-sleep-sudi.md).\n") == [
        f'{P}:14: link-target-missing: link to "safer-sleep-sudi.md": "safer-sleep-sudi" is a '
        "briefing, not in procedures/ - fix: link to ../briefings/safer-sleep-sudi.md"]


def test_a_link_outside_the_website_is_an_error(project):
    assert found(project, "See [the settings](../../cascade.md).\n") == [
        f'{P}:14: link-target-missing: link to "../../cascade.md" points outside the website '
        "- fix: link to another briefing as ../briefings/ID.md, or use a full https:// "
        "address"]


def test_links_to_items_and_site_pages_that_exist_pass(project):
    project.briefing("safer-sleep-sudi")
    project.procedure("pre-birth-2024-06")
    body = ("See [safer sleep](../briefings/safer-sleep-sudi.md), [pre-birth]"
            "(pre-birth-2024-06.md), [all changes](index.md), [accessibility]"
            "(../accessibility.md) and [the neglect theme](../themes/neglect.md).\n")
    assert found(project, body) == []


def test_a_link_to_a_missing_anchor_on_the_page_is_an_error(project):
    body = "## What changed\n\nText.\n\n## Who it affects\n\nSee [what changed](#what-changd).\n"
    assert found(project, body) == [
        f'{P}:20: link-anchor-missing: link to "#what-changd": no heading on this page has '
        'the anchor "#what-changd" - fix: did you mean "#what-changed"?']


def test_a_link_to_a_missing_anchor_on_another_item_is_an_error(project):
    project.briefing("safer-sleep-sudi")
    assert found(project, "See [the advice](../briefings/safer-sleep-sudi.md#advice).\n") == [
        f'{P}:14: link-anchor-missing: link to "../briefings/safer-sleep-sudi.md#advice": no '
        'heading in "safer-sleep-sudi" has the anchor "#advice" - fix: link to one of: '
        "#safer-sleep-for-babies, #background, #why-it-matters, #information, "
        "#what-we-learned, #questions-to-consider"]


def test_anchors_made_the_way_the_site_engine_makes_them_pass(project):
    project.briefing("safer-sleep-sudi")
    body = ("## What changed?\n\n## Café & “quotes”\n\n## Notes\n\n## Notes\n\n"
            "## Contacts {#who-to-call}\n\n"
            "Links: [a](#what-changed) [b](#cafe-quotes) [c](#notes_1) [d](#who-to-call) "
            "[e](#information-sharing) [f](../briefings/safer-sleep-sudi.md#what-we-learned)\n")
    assert found(project, body) == []


# Documents ----------------------------------------------------------------------

def test_a_document_link_without_format_and_size_is_a_warning(project):
    assert found(project, "Use the [neglect toolkit](files/neglect-toolkit.pdf).\n") == [
        f"{P}:14: link-document-format: warning: link to a PDF file does not say its format "
        "and size - fix: add them to the link text, e.g. [neglect toolkit (PDF, 1.2 MB)](...)"]


def test_a_document_link_with_only_its_format_is_a_warning(project):
    body = "Use the [referral form (Word)](https://example.org/forms/referral.docx?v=2).\n"
    assert found(project, body) == [
        f"{P}:14: link-document-format: warning: link to a Word file does not say its size - "
        "fix: add them to the link text, e.g. [referral form (Word) (Word, 1.2 MB)](...)"]


@pytest.mark.parametrize("link", [
    "[Neglect toolkit (PDF, 1.2 MB)](files/neglect-toolkit.pdf)",
    "[Referral form (Word document, 85 KB)](forms/referral.docx)",
    "[Contacts spreadsheet (Excel, 40KB)](contacts.xlsx)",
    "[Neglect toolkit page](https://example.org/neglect-toolkit)",
])
def test_a_document_link_with_format_and_size_passes(project, link):
    assert found(project, f"Use the {link}.\n") == []
