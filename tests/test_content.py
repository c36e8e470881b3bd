"""Front-matter and structure validation, as the officer sees it through `cascade check`."""

from __future__ import annotations

import pytest

from conftest import SECTIONS, briefing_text

B = "content/briefings/b.md"


def check_lines(project, *args):
    result = project.cascade("check", *args)
    return result, [line.strip() for line in result.output.splitlines()]


def test_valid_briefing_passes(project):
    project.briefing("b")
    result, lines = check_lines(project)
    assert result.exit_code == 0
    assert lines == ["1 item: 1 ready"]


@pytest.mark.parametrize("text, expected", [
    ("", f"{B}:1: file-empty: the file is empty - fix: start from a scaffold: "
         "cascade new briefing \"Title\""),
    ("# Safer sleep\n", f"{B}:1: front-matter-missing: the file does not start with front "
     "matter - fix: put a line '---' first, then the keys (id, title, date, ...), then '---'"),
    ("---\nid: b\ntitle: x\n", f"{B}:1: front-matter-unclosed: the front matter has no "
     "closing '---' line - fix: add a line '---' after the last key"),
    ("---\nid: b\ntitle: Safer sleep: what to say\n---\n",
     f"{B}:3: yaml-invalid: front matter is not valid YAML: mapping values are not allowed "
     "in this context - fix: check quotes and indentation; put text containing ': ' in double quotes"),
    ("---\n- a\n- b\n---\n", f"{B}:2: front-matter-not-mapping: front matter must be "
     "'key: value' lines - fix: write one 'key: value' per line, e.g. 'title: Safer sleep'"),
])
def test_structural_errors(project, text, expected):
    project.write(B, text)
    result, lines = check_lines(project)
    assert result.exit_code == 1
    assert expected in lines
    assert lines[-1] == "1 item: 1 held back"


def test_not_utf8_names_the_line(project):
    project.write(B, briefing_text(id="b").replace("Safer sleep for babies", "Caf\u00e9")
                  .encode("utf-8").replace("Caf\u00e9".encode(), b"Caf\xe9"))
    result, lines = check_lines(project)
    assert result.exit_code == 1
    assert (f"{B}:3: encoding-invalid: the file is not UTF-8 (byte 0xe9 at line 3) - fix: "
            "save the file as UTF-8 in your editor (Save As > Encoding: UTF-8)") in lines


def test_bom_and_crlf_are_accepted(project):
    text = briefing_text(id="b").replace("\n", "\r\n")
    project.write(B, b"\xef\xbb\xbf" + text.encode("utf-8"))
    result, lines = check_lines(project)
    assert result.exit_code == 0, result.output
    assert lines == ["1 item: 1 ready"]


def test_missing_and_unknown_keys(project):
    text = briefing_text(id="b").replace("summary:", "sumary:")
    project.write(B, text)
    result, lines = check_lines(project)
    assert result.exit_code == 1
    assert f"{B}:6: key-unknown: unknown key 'sumary' - fix: did you mean 'summary'?" in lines
    assert (f"{B}:1: key-missing: required key 'summary' is missing or empty - fix: add "
            "'summary: One or two sentences for listings and emails.'") in lines


def test_duplicate_key(project):
    project.write(B, briefing_text(id="b", extra="status: draft\n"))
    result, lines = check_lines(project)
    assert f"{B}:9: key-duplicate: key 'status' appears twice (first at line 5) - fix: " \
           "keep one of them" in lines
    assert result.exit_code == 1


@pytest.mark.parametrize("date, message", [
    ("2025-13-01", "date '2025-13-01' is not an ISO 8601 date"),
    ("next tuesday", "date 'next tuesday' is not an ISO 8601 date"),
])
def test_bad_dates(project, date, message):
    project.briefing("b", date=date)
    result, lines = check_lines(project)
    assert result.exit_code == 1
    assert (f"{B}:4: date-invalid: {message} - fix: write 2025-03-04, or 2025-03-04T09:00 for "
            "a time (Europe/London)") in lines


def test_id_must_be_a_slug(project):
    project.briefing("b", id="Safer_Sleep")
    result, lines = check_lines(project)
    assert result.exit_code == 1
    assert (f"{B}:2: id-not-slug: id 'Safer_Sleep' is not a slug - fix: use lower-case "
            "letters, digits and hyphens, e.g. 'safer-sleep-2025'") in lines


def test_ids_must_be_unique_across_folders(project):
    project.briefing("b", id="same")
    project.procedure("p", id="same")
    result, lines = check_lines(project)
    assert result.exit_code == 1
    assert (f"{B}:2: id-duplicate: id 'same' is also used by content/procedures/p.md:2 - fix: "
            "give each file its own id; ids must be unique across all content") in lines
    assert ("content/procedures/p.md:2: id-duplicate: id 'same' is also used by "
            f"{B}:2 - fix: give each file its own id; ids must be unique across all "
            "content") in lines
    assert lines[-1] == "2 items: 2 held back"


def test_vocabulary_values_with_suggestion(project):
    project.briefing("b", themes="[safer-sleeping]", audience="[teachers]")
    result, lines = check_lines(project)
    assert result.exit_code == 1
    assert (f"{B}:7: vocabulary-unknown: themes value 'safer-sleeping' is not in the configured "
            "vocabulary - fix: did you mean 'safer-sleep'?") in lines
    assert any(line.startswith(f"{B}:8: vocabulary-unknown: audience value 'teachers' is not "
                               "in the configured vocabulary - fix: choose from: "
                               "all-practitioners, health,") for line in lines)


def test_status_must_be_known(project):
    project.briefing("b", status="published")
    result, lines = check_lines(project)
    assert (f"{B}:5: value-invalid: status 'published' is not one of draft, ready, withdrawn - "
            "fix: use 'draft' while writing and 'ready' to publish") in lines
    assert result.exit_code == 1


def test_major_update_needs_change_note(project):
    project.briefing("b", extra="updated: 2025-04-01\n")
    result, lines = check_lines(project)
    assert (f"{B}:9: change-note-missing: a major update needs a change_note - fix: add "
            "'change_note: <one line saying what changed>', or 'change: minor'") in lines
    project.briefing("b", extra="updated: 2025-04-01\nchange: minor\n")
    assert check_lines(project)[0].exit_code == 0


def test_sections_missing(project):
    body = "\n".join(f"## {h}\n\nText.\n" for h in SECTIONS if h != "What we learned")
    project.briefing("b", body=body)
    result, lines = check_lines(project)
    assert result.exit_code == 1
    assert (f"{B}:10: section-missing: section '## What we learned' is missing - fix: add "
            "'## What we learned'; the sections are: Background, Why it matters, Information, "
            "What we learned, Questions to consider, What you should do, Further "
            "information") in lines


def test_a_body_without_sections_gets_one_finding(project):
    project.briefing("b", body="Just some text.\n")
    result, lines = check_lines(project)
    assert result.exit_code == 1
    assert lines[1:-1] == [
        f"{B}:10: section-missing: the briefing has none of its sections - fix: add the "
        "sections as ## headings, in this order: Background, Why it matters, Information, "
        "What we learned, Questions to consider, What you should do, Further information"]


def test_sections_out_of_order_and_unknown(project):
    order = SECTIONS[:]
    order[2], order[3] = order[3], order[2]
    body = "\n".join(f"## {h}\n\nText.\n" for h in order) + "\n## Appendix\n\nMore.\n"
    project.briefing("b", body=body)
    result, lines = check_lines(project)
    assert result.exit_code == 1
    assert any(line.startswith(f"{B}:23: section-order: section 'Information' is out of "
                               "order - fix: the sections go in this order: Background,")
               for line in lines), lines
    assert any(line.startswith(f"{B}:39: section-unknown: '## Appendix' is not one of the "
                               "briefing's sections - fix: use ### for a sub-heading")
               for line in lines), lines


def test_headings_inside_code_fences_are_not_sections(project):
    body = "\n".join(f"## {h}\n\nText.\n" for h in SECTIONS)
    body = body.replace("## Information\n", "## Information\n\n```\n## Not a section\n```\n")
    project.briefing("b", body=body)
    assert check_lines(project)[0].exit_code == 0


def test_procedure_fields(project):
    project.procedure("p", change_type="rewritten", cycle="2024-13")
    result, lines = check_lines(project)
    assert result.exit_code == 1
    assert ("content/procedures/p.md:7: value-invalid: change_type 'rewritten' is not one of "
            "new, updated, refreshed, removed - fix: 'new' for a new chapter, 'updated' or "
            "'refreshed' for a changed one") in lines
    assert ("content/procedures/p.md:9: value-invalid: update_cycle '2024-13' is not YYYY-MM (a "
            "year from 1900 to 2999) - fix: write the manual's update round as year and month, e.g. 2024-12") in lines


def test_a_bad_file_does_not_stop_the_others(project):
    project.briefing("good", id="good")
    project.write(B, "---\nid: [\n---\n")
    result, lines = check_lines(project)
    assert result.exit_code == 1
    assert lines[-1] == "2 items: 1 ready, 1 held back"


def test_json_output(project):
    import json
    project.briefing("b", status="published")
    result = project.cascade("check", "--format", "json")
    data = json.loads(result.output)
    assert result.exit_code == 1
    assert data["items"][0]["path"] == B
    assert data["items"][0]["state"] == "held-back"
    assert data["items"][0]["findings"][0]["rule"] == "value-invalid"
    assert data["items"][0]["findings"][0]["line"] == 5
    assert data["text"] == "1 item: 1 held back"


def test_check_named_paths_only(project):
    project.briefing("good", id="good")
    project.write(B, "")
    result, lines = check_lines(project, "content/briefings/good.md")
    assert result.exit_code == 0
    assert lines == ["1 item: 1 ready"]


def test_dates_are_london_time(project):
    from datetime import datetime, timezone
    project.briefing("b", date="2025-07-01")
    from pipeline.content.load import load_content
    item = load_content(project.config)[0]
    # Midnight in London in summer is 23:00 UTC the day before, not midnight UTC.
    assert item.meta["date"].astimezone(timezone.utc) == datetime(2025, 6, 30, 23, 0,
                                                                  tzinfo=timezone.utc)
    project.briefing("b", date="2025-07-01T09:00+00:00")
    item = load_content(project.config)[0]
    assert item.meta["date"].astimezone(timezone.utc).hour == 9


def test_a_tab_in_the_front_matter_is_named_and_the_body_is_still_checked(project):
    body = "\n".join(f"## {h}\n\nPractitioners should talk with parents about this.\n"
                     for h in SECTIONS if h != "Background")
    body += "\n![](cot.png)\n"
    text = briefing_text(id="b", body=body, extra="source:\n\ttype: cspr\n\ttitle: Baby A\n")
    project.write(B, text)
    result, lines = check_lines(project)
    assert result.exit_code == 1
    assert (f"{B}:10: yaml-tab: front matter line 10 is indented with a tab; YAML allows "
            "only spaces - fix: replace the tab at the start of the line with spaces (two "
            "for each level), or set your editor to insert spaces for Tab") in lines
    # The rest of the file is still checked while the front matter is broken.
    rules = {line.split(": ")[1] for line in lines if line.startswith(B + ":")}
    assert {"yaml-tab", "section-missing", "img-alt-missing"} <= rules, lines


def test_other_yaml_errors_do_not_blame_a_tab(project):
    project.write(B, briefing_text(id="b", title="x").replace('title: "x"', 'title: "x'))
    result, lines = check_lines(project)
    assert [line.split(": ")[1] for line in lines if line.startswith(B + ":")][0] == "yaml-invalid"
    assert "tab" not in result.output
