"""The accessibility gate as the officer meets it: `cascade check` and `cascade run`.

The rules themselves are tested one by one in test_checks_structure.py,
test_checks_links.py and test_checks_text.py.
"""

from __future__ import annotations

import json

from conftest import SECTIONS
from pictures import png

from pipeline.checks.rules import CHECKS

NOW = "2025-06-01T09:00"
P = "content/procedures/info-sharing-2024-12.md"
VAGUE = (f"{P}:14: link-text-vague: link text \"click here\" does not say where the link "
         "goes (WCAG 2.4.4) - fix: use words that make sense on their own, e.g. [Read the "
         "safer sleep protocol](...)")
UNEXPLAINED = (f"{P}:14: abbr-unexplained: warning: abbreviation \"MAST\" is not explained "
               "where it is first used (WCAG 3.1.4) - fix: write it out the first time, e.g. "
               "\"Full name (MAST)\", or add it to the glossary in cascade.yml")


def test_every_rule_is_a_distinct_function():
    assert len(CHECKS) == len(set(CHECKS)) >= 20
    assert all(callable(rule) for rule in CHECKS)


def test_check_exits_1_and_names_each_error_under_its_file(project):
    project.procedure(body="For the chapter [click here](https://example.org/ch).\n")
    result = project.cascade("check", "--now", NOW)
    assert result.exit_code == 1
    assert result.output.splitlines() == [P, f"  {VAGUE}", "1 item: 1 held back"]


def test_check_exits_0_when_there_are_only_warnings(project):
    project.procedure(body="Refer to the MAST team.\n")
    result = project.cascade("check", "--now", NOW)
    assert result.exit_code == 0
    assert result.output.splitlines() == [P, f"  {UNEXPLAINED}", "1 item: 1 ready"]


def test_check_json_gives_each_finding_with_its_parts(project):
    project.procedure(body="For the chapter [click here](https://example.org/ch).\n")
    result = project.cascade("check", "--format", "json", "--now", NOW)
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["summary"] == {"items": 1, "held-back": 1}
    assert data["text"] == "1 item: 1 held back"
    [item] = data["items"]
    assert (item["path"], item["id"], item["kind"], item["state"]) == \
        (P, "info-sharing-2024-12", "procedure", "held-back")
    assert item["findings"] == [{
        "path": P, "line": 14, "rule": "link-text-vague",
        "message": 'link text "click here" does not say where the link goes',
        "fix": "use words that make sense on their own, e.g. [Read the safer sleep "
               "protocol](...)",
        "severity": "error", "wcag": "2.4.4"}]


def test_checking_one_file_still_follows_links_to_the_others(project):
    project.briefing("safer-sleep-sudi")
    project.procedure(body="See [safer sleep](../briefings/safer-sleep-sudi.md#background) "
                           "and [more](../briefings/safer-sleep-sudi.md#nowhere).\n")
    result = project.cascade("check", "--now", NOW, P)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        P,
        f'  {P}:14: link-anchor-missing: link to "../briefings/safer-sleep-sudi.md#nowhere": '
        'no heading in "safer-sleep-sudi" has the anchor "#nowhere" - fix: link to one of: '
        "#safer-sleep-for-babies, #background, #why-it-matters, #information, "
        "#what-we-learned, #questions-to-consider",
        f'  {P}:14: link-text-vague: link text "more" does not say where the link goes '
        "(WCAG 2.4.4) - fix: use words that make sense on their own, e.g. [Read the safer "
        "sleep protocol](...)",
        "1 item: 1 held back"]


def test_a_held_back_item_never_reaches_the_site_the_feeds_or_the_log(project):
    body = "\n".join(f"## {h}\n\nPractitioners should talk with parents about this.\n"
                     for h in SECTIONS)
    project.briefing("good-briefing", title="Good briefing", body=body)
    project.write("content/briefings/cot.jpg", png())
    project.briefing("bad-briefing", title="Bad briefing",
                     body=body.replace("about this.", "about ![](cot.jpg) this.", 1))
    project.procedure(body="The MAST team reviewed the chapter.\n")
    result = project.cascade("run", "--now", NOW)

    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[:3] == [
        "content/briefings/bad-briefing.md",
        '  content/briefings/bad-briefing.md:13: img-alt-missing: image "cot.jpg" has no alt '
        "text (WCAG 1.1.1) - fix: describe what the image shows between the brackets: "
        "![A health visitor talking with a parent](photo.jpg)",
        "Held back: content/briefings/bad-briefing.md: 1 error"]
    assert lines[-1] == "3 items: 2 ready, 1 held back"

    site = project.root / "site"
    assert (site / "briefings" / "good-briefing.html").is_file()
    assert (site / "procedures" / "info-sharing-2024-12.html").is_file()
    assert not (site / "briefings" / "bad-briefing.html").exists()
    assert not any("bad-briefing" in p.name for p in site.rglob("*"))
    assert "bad-briefing" not in (site / "briefings" / "index.html").read_text("utf-8")
    feed = (site / "feeds" / "briefings.xml").read_text("utf-8")
    assert "good-briefing" in feed and "bad-briefing" not in feed and "Bad briefing" not in feed

    rows = {row["item_id"]: row for row in project.log_rows()}
    assert set(rows) == {"good-briefing", "info-sharing-2024-12"}
    # The log's accessibility column: pass, or the warnings by rule id.
    assert rows["good-briefing"]["accessibility"] == "pass"
    assert rows["info-sharing-2024-12"]["accessibility"] == "warnings: abbr-unexplained"


def test_the_log_lists_every_warning_rule_once(project):
    project.procedure(body="Refer to the MAST team.\n\n**Key contacts**\n\nAsk the MASH or "
                           "the IRO.\n")
    result = project.cascade("run", "--now", NOW)
    assert result.exit_code == 0
    [row] = project.log_rows()
    assert row["accessibility"] == "warnings: abbr-unexplained bold-as-heading"


def test_the_bundled_sample_content_passes_the_checks(sample_project):
    result = sample_project.cascade("check", "--now", NOW, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    findings = [f"{item['path']}:{f['line']}: {f['rule']}" for item in report["items"]
                for f in item["findings"]]
    assert findings == []                    # not even a warning in the sample content
    assert report["summary"] == {"items": 42, "ready": 37, "scheduled": 4, "withdrawn": 1}


def test_a_huge_file_with_hostile_markup_is_checked_without_failing(project):
    # Unclosed brackets, tags and code spans on very long lines: the scanner's work
    # stays linear, and every real problem is still found.
    hostile = ("[a](" * 20_000 + "\n" + "<a" * 40_000 + "\n" + "x" + "`" * 3 + "x" * 50_000 + "\n"
               + "**_" * 30_000 + "\n\n" + "word " * 60_000 + "\n\n<script>x</script>\n")
    project.procedure(body=hostile)
    result = project.cascade("check", "--now", NOW)
    assert result.exit_code == 1
    found = [line.split(": ")[:2] for line in result.output.splitlines()[1:-1]]
    assert found == [[f"  {P}:14", "elements-too-many"], [f"  {P}:14", "line-too-long"],
                     [f"  {P}:14", "reading-ease"], [f"  {P}:14", "sentence-long"],
                     [f"  {P}:17", "nesting-too-deep"],
                     [f"  {P}:19", "sentence-long"], [f"  {P}:21", "html-script"]]
