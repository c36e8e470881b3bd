"""Limits on one page that keep the site engine working for everyone: nesting depth,
element count, line length. Each is held back at the line where its limit is passed,
up to the limit passes, and the limits are settings.

Procedure bodies are used because they have no required sections; their first body
line is line 14 of the file.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

P = "content/procedures/info-sharing-2024-12.md"
NOW = datetime(2025, 6, 1, 9, 0, tzinfo=ZoneInfo("Europe/London"))


def found(project, body: str, rule: str) -> list[str]:
    project.procedure(body=body)
    return [line for line in project.findings(NOW) if f": {rule}: " in line]


def nested_list(levels: int) -> str:
    return "\n".join("    " * level + "- step" for level in range(levels)) + "\n"


def test_a_list_nested_past_the_limit_is_held_back_at_the_line_that_passes_it(project):
    assert found(project, nested_list(300), "nesting-too-deep") == [
        f"{P}:34: nesting-too-deep: lists and quotes are nested 21 levels deep here; the limit "
        "is 20 - fix: use at most 20 levels: flatten the list or the quotes"]


def test_a_list_nested_to_the_limit_passes(project):
    assert found(project, nested_list(20), "nesting-too-deep") == []


def test_quotes_nested_past_the_limit_are_held_back(project):
    body = "Intro.\n\n" + "\n".join(">" * level + " said" for level in range(1, 40)) + "\n"
    assert found(project, body, "nesting-too-deep") == [
        f"{P}:36: nesting-too-deep: lists and quotes are nested 21 levels deep here; the limit "
        "is 20 - fix: use at most 20 levels: flatten the list or the quotes"]


def test_a_thematic_break_and_code_are_not_nesting(project):
    body = ("- - - - - - - - - - - - - - - - - - - - - - - - -\n\n```\n"
            + nested_list(40) + "```\n")
    assert found(project, body, "nesting-too-deep") == []


def test_emphasis_opened_inside_itself_past_the_limit_is_held_back(project):
    body = "Intro.\n\n" + "*a " * 1000 + "x" + " a*" * 1000 + "\n"
    assert found(project, body, "nesting-too-deep") == [
        f"{P}:16: nesting-too-deep: emphasis (* or _) is opened more than 20 times inside "
        "itself here; the limit is 20 - fix: close each * or _ before opening another, or "
        "write a literal one as \\* or \\_"]


def test_a_long_run_of_asterisks_counts_as_nesting(project):
    body = "Intro.\n\n" + "*" * 2000 + "x" + "*" * 2000 + "\n"   # the engine recurses on it
    assert len(found(project, body, "nesting-too-deep")) == 1


def test_ordinary_emphasis_in_many_paragraphs_passes(project):
    body = "\n".join("Some **bold**, some *italic*, a snake_case_name and ***both***.\n"
                     for _ in range(30))
    assert found(project, body, "nesting-too-deep") == []


def test_thousands_of_tags_are_held_back_where_the_limit_is_passed(project):
    body = "Press these keys:\n\n" + "\n".join("<kbd>Esc</kbd> " * 10 for _ in range(3200))
    assert found(project, body, "elements-too-many") == [
        f"{P}:215: elements-too-many: the page has 32,002 elements (paragraphs, list items, "
        "headings, table rows, links, emphasis, tags); the limit is 2,000, passed on this "
        "line - fix: split it into shorter pages, or remove repeated markup"]


def test_tens_of_thousands_of_short_paragraphs_are_held_back(project):
    assert len(found(project, "x\n\n" * 20_000, "elements-too-many")) == 1


def test_elements_up_to_the_limit_pass(project):
    body = "\n\n".join(["[A link](https://example.org/page)"] * 1000)   # 2 elements each
    assert found(project, body, "elements-too-many") == []


def test_a_line_past_the_limit_is_held_back(project):
    body = "Intro.\n\n" + "Talk with parents. " * 600 + "\n"
    assert found(project, body, "line-too-long") == [
        f"{P}:16: line-too-long: the line is 11,400 characters long; the limit is 10,000 - "
        "fix: break the text into paragraphs (a blank line between them)"]


def test_the_limits_are_settings(project):
    (project.root / "cascade.yml").write_text(
        "site_url: https://learning.example-scp.org.uk/\n"
        "limits: {nesting_depth: 2, elements: 10, line_length: 40}\n", encoding="utf-8")
    project.procedure(body=nested_list(3) + "\n" + "word " * 10 + "\n\n"
                      + "\n\n".join(["*x*"] * 10) + "\n")
    rules = {line.split(": ")[1] for line in project.findings(NOW)}
    assert {"nesting-too-deep", "elements-too-many", "line-too-long"} <= rules


def test_the_sample_content_is_far_inside_the_default_limits(sample_project):
    now = datetime(2026, 1, 1, tzinfo=ZoneInfo("Europe/London"))
    assert not [line for line in sample_project.findings(now)
                if any(f": {rule}: " in line for rule in (
                    "nesting-too-deep", "elements-too-many", "line-too-long"))]
