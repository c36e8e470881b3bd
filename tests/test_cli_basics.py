"""Scaffolding, configuration errors and help, as a new user meets them."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.cli.main import cli


def test_new_briefing_scaffold_passes_checks(project):
    result = project.cascade("new", "briefing", "Safer sleep: what to say", "--now",
                             "2025-03-04T10:00")
    assert result.exit_code == 0
    assert result.output == ("Created content/briefings/safer-sleep-what-to-say.md (status: "
                             "draft). Fill in the sections, then run: cascade check "
                             "content/briefings/safer-sleep-what-to-say.md\n")
    text = (project.root / "content/briefings/safer-sleep-what-to-say.md").read_text()
    assert 'title: "Safer sleep: what to say"' in text
    assert "date: 2025-03-04" in text
    assert text.count("\n## ") == 7
    check = project.cascade("check")
    assert check.exit_code == 0, check.output
    assert check.output.splitlines()[-1] == "1 item: 1 draft"


def test_ready_scaffold_without_themes_is_refused(project):
    project.cascade("new", "briefing", "Neglect", "--now", "2025-03-04T10:00")
    path = project.root / "content/briefings/neglect.md"
    path.write_text(path.read_text().replace("status: draft", "status: ready"))
    result = project.cascade("check")
    assert result.exit_code == 1
    assert "content/briefings/neglect.md:7: key-missing: themes is empty - fix: choose at " \
           "least one of: neglect," in result.output


def test_new_refuses_to_overwrite(project):
    project.cascade("new", "procedure", "Information Sharing")
    result = project.cascade("new", "procedure", "Information Sharing")
    assert result.exit_code == 1
    assert result.output == ("Error: content/procedures/information-sharing.md already "
                             "exists; choose another title or edit that file\n")


def test_new_procedure_scaffold_passes_checks(project):
    assert project.cascade("new", "procedure", "Information Sharing").exit_code == 0
    assert project.cascade("check").exit_code == 0


def test_config_errors_are_reported_at_once(project):
    (project.root / "cascade.yml").write_text(
        "site_url: learning.example\nthemes: neglect\nreading:\n  max_minutes: -1\n"
        "colour: blue\n")
    result = project.cascade("check")
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == "Configuration error:"
    assert "  colour: unknown setting (known: accessibility, audiences, briefing_sections," in result.output
    (project.root / "cascade.yml").write_text(
        "site_url: learning.example\nthemes: neglect\nreading:\n  max_minutes: -1\n")
    result = project.cascade("check")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Configuration error:",
        "  site_url: expected an http(s) URL ending in /, got 'learning.example'",
        "  themes: expected a non-empty list of slugs ([a-z0-9-]+), got 'neglect'",
        "  reading.max_minutes: expected a positive number, got -1",
    ]


def test_bad_now_is_a_usage_error(project):
    result = project.cascade("run", "--now", "tomorrow")
    assert result.exit_code == 2
    assert "Invalid value for --now: 'tomorrow' is not an ISO 8601 date-time" in result.output


def test_a_now_no_zone_can_show_is_a_usage_error_not_a_traceback(project):
    project.briefing("b")
    result = project.cascade("run", "--now", "9999-12-31T23:59:59-23:59")
    assert result.exit_code == 2
    assert "Invalid value for --now: '9999-12-31T23:59:59-23:59' is not an ISO 8601 " \
           "date-time in the years 1900 to 2999, e.g. 2025-03-04T09:00" in result.output
    assert not (project.root / "site").exists()


@pytest.mark.parametrize("command", [["check"], ["build"], ["run"], ["new", "briefing"],
                                     ["new", "procedure"], ["import"]])
def test_every_command_help_ends_with_an_example(command):
    from click.testing import CliRunner
    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert result.output.strip().splitlines()[-1].strip().startswith("-") or \
        "cascade" in result.output.split("Example:")[1]


def test_python_dash_m_pipeline_works(tmp_path):
    result = subprocess.run([sys.executable, "-m", "pipeline", "--version"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("cascade, version ")


def test_a_long_title_makes_an_id_cut_between_words(project):
    title = ("Learning from the thematic review of neglect in families with children under "
             "five years old")
    result = project.cascade("new", "briefing", title, "--now", "2025-03-04T10:00")
    assert result.exit_code == 0, result.output
    slug = "learning-from-the-thematic-review-of-neglect-in-families"  # not "...families-wit"
    assert (project.root / f"content/briefings/{slug}.md").is_file()
    assert [p.name for p in (project.root / "content/briefings").iterdir()] == [f"{slug}.md"]


@pytest.mark.parametrize("title, slug", [
    ("A" * 70, "a" * 60),                                 # one word longer than the limit
    ("x" * 55 + " abcd", "x" * 55 + "-abcd"),             # exactly 60: kept whole
    ("x" * 55 + " abcde", "x" * 55),                      # 61: the last word goes
])
def test_slugs_are_cut_at_a_word_boundary_when_there_is_one(title, slug):
    from pipeline.content.scaffold import slugify
    assert slugify(title) == slug


def test_a_draft_with_errors_is_reported_as_a_draft_not_held_back(project):
    project.briefing("ready-one", id="ready-one")
    project.briefing("draft-one", id="draft-one", status="draft", audience="[nobody]")
    project.briefing("draft-two", id="draft-two", status="draft")
    result = project.cascade("run", "--now", "2025-03-05T09:00")
    assert result.exit_code == 0, result.output      # nothing that was due was held back
    lines = result.output.splitlines()
    assert "Held back" not in result.output
    assert "Draft: content/briefings/draft-one.md: 1 error to fix before it can be " \
           "published" in lines
    assert "Logged 1 row in dissemination_log.csv: 1 published." in lines
    assert lines[-1] == "3 items: 1 ready, 2 drafts (1 with errors)"
    check = project.cascade("check")
    assert check.exit_code == 1                       # check still fails on any error
    assert check.output.splitlines()[-1] == "3 items: 1 ready, 2 drafts (1 with errors)"
