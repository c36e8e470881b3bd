"""The publish pass: scheduling, withdrawal, the atomic swap, idempotence, the first log rows."""

from __future__ import annotations

import re

from pipeline.evidence.chain import COLUMNS, read_and_verify

NOW = "2025-06-01T12:00"


def run(project, now=NOW):
    return project.cascade("run", "--now", now)


def test_run_publishes_and_logs(project):
    project.briefing("b")
    project.procedure("p")
    result = run(project)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert re.fullmatch(r"Built site/: \d+ pages, 2 items published\.", lines[-3])
    assert lines[-2:] == ["Logged 2 rows in dissemination_log.csv: 2 published.",
                          "2 items: 2 ready"]
    assert (project.root / "site/briefings/b.html").is_file()
    assert (project.root / "site/procedures/p.html").is_file()
    rows = project.log_rows()
    assert list(rows[0]) == COLUMNS
    assert [(r["entry_id"], r["item_id"], r["item_type"], r["action"], r["channel"])
            for r in rows] == [("1", "p", "procedure", "published", "website"),
                               ("2", "b", "briefing", "published", "website")]
    assert rows[1]["occurred_at"] == "2025-06-01T12:00:00+01:00"
    assert rows[1]["audience"] == "all-practitioners"
    assert rows[1]["accessibility"] == "pass"
    assert len(rows[1]["item_version"]) == 12


def test_second_run_does_nothing(project):
    project.briefing("b")
    assert run(project).exit_code == 0
    index = project.root / "site/index.html"
    mtime = index.stat().st_mtime_ns
    result = run(project)
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Nothing to do: the site is up to date (1 item published).", "1 item: 1 ready"]
    assert index.stat().st_mtime_ns == mtime
    assert len(project.log_rows()) == 1


def test_scheduled_item_appears_when_due(project):
    project.briefing("later", date="2025-07-01T09:00")
    result = run(project, "2025-07-01T08:59")
    assert "Scheduled: content/briefings/later.md (later) goes live 1 July 2025 09:00" \
        in result.output
    assert result.output.splitlines()[-1] == "1 item: 1 scheduled"
    assert not (project.root / "site/briefings/later.html").exists()
    assert project.log_rows() == []
    result = run(project, "2025-07-01T09:00")
    assert result.output.splitlines()[-1] == "1 item: 1 ready"
    assert (project.root / "site/briefings/later.html").exists()
    assert [r["action"] for r in project.log_rows()] == ["published"]


def test_check_lists_scheduled_items(project):
    project.briefing("later", date="2030-01-01")
    result = project.cascade("check", "--now", NOW)
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Scheduled: content/briefings/later.md (later) goes live 1 January 2030 00:00",
        "1 item: 1 scheduled"]


def test_withdrawn_item_leaves_the_site_and_the_log_says_so(project):
    project.briefing("b")
    run(project)
    project.briefing("b", status="withdrawn")
    result = run(project)
    assert result.exit_code == 0
    page = (project.root / "site/briefings/b.html").read_text()   # says it was withdrawn
    assert "This briefing has been withdrawn" in page
    assert "talk with parents" not in page
    assert "b.html" not in (project.root / "site/briefings/index.html").read_text()
    rows = project.log_rows()
    assert [(r["action"], r["notes"]) for r in rows] == [
        ("published", "first publication"), ("withdrawn", "status set to withdrawn")]
    assert "b.html" not in (project.root / "site/feeds/briefings.xml").read_text()


def test_deleted_file_is_withdrawn(project):
    path = project.briefing("b")
    run(project)
    path.unlink()
    run(project)
    assert project.log_rows()[-1]["notes"] == "source file content/briefings/b.md was removed"


def test_updates_are_logged_with_their_change_note(project):
    project.briefing("b")
    run(project)
    project.briefing("b", extra="updated: 2025-06-02\nchange_note: Added the new pathway.\n")
    run(project, "2025-06-02T10:00")
    project.briefing("b", extra="updated: 2025-06-03\nchange: minor\n")
    run(project, "2025-06-03T10:00")
    rows = project.log_rows()
    assert [(r["action"], r["notes"]) for r in rows] == [
        ("published", "first publication"), ("updated", "Added the new pathway."),
        ("updated", "minor change: republished without alerts")]
    page = (project.root / "site/briefings/b.html").read_text()
    assert "3 June 2025" in page                          # the Updated date
    # A minor change does not drop the note of the major change before it.
    assert _history(page) == ["2 June 2025: Added the new pathway.",
                              "4 March 2025: first published"]
    project.briefing("b", extra="updated: 2025-06-04\nchange_note: New contact numbers.\n")
    run(project, "2025-06-04T10:00")
    page = (project.root / "site/briefings/b.html").read_text()
    assert _history(page) == ["4 June 2025: New contact numbers.",
                              "2 June 2025: Added the new pathway.",
                              "4 March 2025: first published"]
    assert run(project, "2025-06-04T11:00").output.startswith("Nothing to do")


def _history(page: str) -> list[str]:
    """The Page history list of a built page, as text."""
    section = page.split('id="page-history"', 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", section,
                                                                     re.S)]


def test_held_back_item_keeps_its_last_good_version(project):
    project.briefing("b", title="Safer sleep, first version")
    project.briefing("c", id="c")
    run(project)
    project.briefing("b", title="Safer sleep, broken", status="publish")
    result = run(project)
    assert result.exit_code == 1
    assert ("Held back: content/briefings/b.md: 1 error (its last published version stays "
            "on the site)") in result.output
    page = (project.root / "site/briefings/b.html").read_text()
    assert "Safer sleep, first version" in page
    assert [r["action"] for r in project.log_rows()] == ["published", "published"]


def test_new_item_with_error_is_held_back_and_others_publish(project):
    project.briefing("good", id="good")
    project.briefing("bad", id="bad", audience="[nobody]")
    result = run(project)
    assert result.exit_code == 1
    assert "Held back: content/briefings/bad.md: 1 error" in result.output
    assert "content/briefings/bad.md:8: vocabulary-unknown:" in result.output
    assert (project.root / "site/briefings/good.html").exists()
    assert not (project.root / "site/briefings/bad.html").exists()
    assert [r["item_id"] for r in project.log_rows()] == ["good"]


def test_failed_build_leaves_the_previous_site(project):
    project.briefing("b", title="First title")
    run(project)
    before = sorted(p.relative_to(project.root / "site")
                    for p in (project.root / "site").rglob("*"))
    # A hook that fails after the engine has written some of the new pages.
    project.write("boom.py", "def on_post_page(output, page, config):\n"
                  "    if page.file.src_uri.startswith('procedures'):\n"
                  "        raise RuntimeError('disk full')\n    return output\n")
    mkdocs = project.root / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text() + "hooks:\n  - boom.py\n")
    project.briefing("b", title="Second title")
    result = run(project)
    assert result.exit_code == 1
    assert "Error: site build failed; the published site was left as it was." in result.output
    assert "disk full" in result.output
    after = sorted(p.relative_to(project.root / "site") for p in (project.root / "site").rglob("*"))
    assert after == before
    assert "First title" in (project.root / "site/briefings/b.html").read_text()
    assert not (project.root / ".site.next").exists()
    assert len(project.log_rows()) == 1  # nothing logged for a site that did not go out
    # Once the engine works again, the next run publishes the change.
    mkdocs.write_text(mkdocs.read_text().replace("hooks:\n  - boom.py\n", ""))
    assert run(project).exit_code == 0
    assert "Second title" in (project.root / "site/briefings/b.html").read_text()


def test_a_stalled_build_is_stopped_at_its_deadline_and_leaves_the_previous_site(project):
    project.briefing("b", title="First title")
    assert run(project).exit_code == 0
    site = project.root / "site"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    # An engine that stalls (for two minutes: without a deadline the run would wait and
    # then publish), and a deadline of one second.
    project.write("stall.py", "import threading\n\n\ndef on_config(config):\n"
                  "    threading.Event().wait(120)\n")
    mkdocs = project.root / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text() + "hooks:\n  - stall.py\n")
    settings = project.root / "cascade.yml"
    settings.write_text(settings.read_text() + "build_timeout_seconds: 1\n")
    project.briefing("b", title="Second title")
    result = run(project)
    assert result.exit_code == 1
    assert "Error: site build stopped: the site engine had not finished after 1 s " \
           "(build_timeout_seconds); the published site was left as it was." in result.output
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not (project.root / ".site.next").exists()
    assert len(project.log_rows()) == 1   # nothing logged for a site that did not go out
    # With the engine working again, the next run publishes the change.
    mkdocs.write_text(mkdocs.read_text().replace("hooks:\n  - stall.py\n", ""))
    settings.write_text(settings.read_text().replace("build_timeout_seconds: 1\n", ""))
    assert run(project).exit_code == 0
    assert "Second title" in (site / "briefings/b.html").read_text()


def test_interrupted_swap_is_recovered(project):
    project.briefing("b")
    run(project)
    site, old = project.root / "site", project.root / ".site.old"
    site.rename(old)  # as if the process died between the two renames of a fallback swap
    project.briefing("b", title="Changed")
    assert run(project).exit_code == 0
    assert (site / "briefings/b.html").exists() and not old.exists()


def test_build_publishes_without_logging(project):
    project.briefing("b")
    result = project.cascade("build", "--now", NOW)
    assert result.exit_code == 0
    assert re.search(r"Built site/: \d+ pages, 1 item published\.", result.output)
    assert project.log_rows() == []
    result = run(project)
    assert "Nothing to do" not in result.output
    assert [r["action"] for r in project.log_rows()] == ["published"]


def test_log_chain_verifies_after_runs(project):
    project.briefing("b")
    run(project)
    project.briefing("b", status="withdrawn")
    run(project)
    from pipeline.state import open_state
    with open_state(project.config.state_db) as db:
        rows, problem = read_and_verify(project.root / "dissemination_log.csv", db)
    assert problem is None and len(rows) == 2


def test_sample_content_publishes(sample_project):
    result = sample_project.cascade("run", "--now", "2026-11-22T12:00")
    assert result.exit_code == 0, result.output
    out = result.output.splitlines()
    assert out[-1] == "42 items: 40 ready, 1 scheduled, 1 withdrawn"
    site = sample_project.root / "site"
    assert (site / "briefings/invisible-men-non-mobile-babies.html").exists()
    assert not (site / "briefings/transitions-to-adulthood.html").exists()
    assert not (site / "briefings/resolving-professional-disagreements-2023.html").exists()
    procedures = (site / "procedures/index.html").read_text()
    assert "New chapters: December 2024" in procedures
    assert "Updated chapters: June 2024" in procedures
    assert procedures.index("December 2024") < procedures.index("June 2024")
