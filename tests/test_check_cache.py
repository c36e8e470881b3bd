"""Check results are reused per file version, and redone when anything they depend on changes."""

from __future__ import annotations

from pipeline.checks.cache import run_checks_cached
from pipeline.content.load import load_content
from pipeline.state import open_state


def checked(project) -> tuple[int, dict]:
    items = load_content(project.config)
    with open_state(project.config.state_db) as db:
        count = run_checks_cached(items, project.config, db)
    return count, {i.id: [f.format() for f in i.findings] for i in items}


LINK_BODY = "\n".join(f"## {h}\n\nSee [the safer sleep section](a.md#{anchor}).\n"
                      for h, anchor in [("Background", "background"),
                                        ("Why it matters", "why-it-matters"),
                                        ("Information", "information"),
                                        ("What we learned", "what-we-learned"),
                                        ("Questions to consider", "questions-to-consider"),
                                        ("What you should do", "what-you-should-do"),
                                        ("Further information", "further-information")])


def test_results_are_reused_until_the_file_changes(project):
    project.briefing("a", id="a")
    project.briefing("b", id="b", extra="review_by: 2026-01-01\n")
    first = checked(project)
    assert first[0] == 2
    assert checked(project) == (0, first[1])
    project.briefing("b", id="b", title="Changed title")
    assert checked(project)[0] == 1


def test_a_link_into_another_item_is_rechecked_when_that_item_changes(project):
    project.briefing("a", id="a")
    project.briefing("b", id="b", body=LINK_BODY)
    count, findings = checked(project)
    assert count == 2 and findings["b"] == []
    # Renaming a's headings breaks b's anchors although b did not change.
    body = LINK_BODY.replace("## Background", "## Context").replace("## Information",
                                                                    "## Details")
    project.briefing("a", id="a", body=body.replace("a.md#", "b.md#"))
    count, findings = checked(project)
    assert count == 2
    assert any("link-anchor-missing" in line for line in findings["b"]), findings["b"]


def test_a_settings_change_rechecks_everything(project):
    project.briefing("a", id="a")
    assert checked(project)[0] == 1
    (project.root / "cascade.yml").write_text("site_url: https://learning.example-scp.org.uk/\n"
                                              "reading:\n  max_sentence_words: 3\n")
    count, findings = checked(project)
    assert count == 1
    assert any("sentence" in line for line in findings["a"]), findings["a"]


def test_a_big_first_check_in_several_processes_finds_what_one_process_finds(project):
    from pipeline.checks import cache as check_cache
    from pipeline.checks import rules as checks
    for n in range(check_cache.PARALLEL_FROM + 10):
        extra = "" if n % 3 else "Read the CSPR and the MAST notes. **A bold line**\n\n"
        body = "\n".join(f"## {h}\n\n{extra}Talk to parents about sleep.\n" for h in (
            "Background", "Why it matters", "Information", "What we learned",
            "Questions to consider", "What you should do", "Further information"))
        link = f"\n[the next briefing](b{n + 1}.md)\n" if n % 7 == 0 else ""
        project.briefing(f"b{n}", id=f"b{n}", body=body + link)
    items = load_content(project.config)
    parallel = check_cache._check_in_parallel(items, project.config, items)
    checks.run_checks(items, project.config)
    serial = [[f.as_dict() for f in item.findings] for item in items]
    assert parallel == serial
    assert sum(1 for found in serial if found) >= 70   # the samples do have findings
