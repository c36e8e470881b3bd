"""An incremental build gives exactly the site a full rebuild gives."""

from __future__ import annotations

import shutil
from pathlib import Path

NOW = "2025-06-01T12:00"
# gzip stores the time it compressed the sitemap; that is a build timestamp.
TIMESTAMPED = {"sitemap.xml.gz"}


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()
            and p.relative_to(site).as_posix() not in TIMESTAMPED}


def full_rebuild(project) -> dict[str, bytes]:
    shutil.rmtree(project.root / "site")
    shutil.rmtree(project.root / ".cascade/build")
    result = project.cascade("build", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert "(incremental)" not in result.output
    return snapshot(project.root / "site")


def test_one_edit_rebuilds_incrementally_and_matches_a_full_build(project):
    for n in range(4):
        project.briefing(f"b{n}", title=f"Briefing number {n}", date=f"2025-0{n + 1}-10",
                         themes="[neglect, safer-sleep]" if n % 2 else "[neglect]")
    project.procedure("p")
    assert "(incremental)" not in project.cascade("run", "--now", NOW).output
    project.briefing("b2", title="Briefing number 2, revised", date="2025-03-10",
                     body="\n".join(f"## {h}\n\nNew words about sleeping babies.\n" for h in (
                         "Background", "Why it matters", "Information", "What we learned",
                         "Questions to consider", "What you should do",
                         "Further information")))
    result = project.cascade("run", "--now", NOW)
    assert result.exit_code == 0, result.output
    assert "(incremental)." in result.output
    incremental = snapshot(project.root / "site")
    assert "Briefing number 2, revised" in incremental["briefings/b2.html"].decode()
    assert b"New words about sleeping babies" in incremental["search/search_index.json"]
    assert full_rebuild(project) == incremental


def test_withdrawal_and_new_item_incrementally_match_a_full_build(project):
    for n in range(3):
        project.briefing(f"b{n}", title=f"Briefing number {n}", date=f"2025-0{n + 1}-10")
    project.cascade("run", "--now", NOW)
    project.briefing("b1", title="Briefing number 1", date="2025-02-10", status="withdrawn")
    project.briefing("b9", title="A brand new briefing", date="2025-05-10",
                     themes="[online-safety]")
    result = project.cascade("run", "--now", NOW)
    assert "(incremental)." in result.output, result.output
    incremental = snapshot(project.root / "site")
    assert b"This briefing has been withdrawn" in incremental["briefings/b1.html"]
    assert "themes/online-safety.html" in incremental
    assert b"briefings/b1.html" not in incremental["search/search_index.json"]
    assert full_rebuild(project) == incremental


def test_settings_change_forces_a_full_build(project):
    project.briefing("b")
    project.cascade("run", "--now", NOW)
    (project.root / "cascade.yml").write_text(
        "site_url: https://learning.example-scp.org.uk/\nsite_name: Learning hub\n")
    result = project.cascade("run", "--now", NOW)
    assert "Built site/" in result.output and "(incremental)" not in result.output
    assert "Learning hub" in (project.root / "site/briefings/b.html").read_text()


def test_content_pages_are_sanitised_by_the_engine_hook():
    from pipeline.site.engine_hook import clean
    html = ('<h2 id="background">Background</h2><p onclick="x()">Text <abbr title="Designated '
            'Safeguarding Lead">DSL</abbr> <a href="javascript:alert(1)">bad</a> '
            '<a href="https://www.gov.uk/x">good</a></p><script>alert(1)</script>'
            '<table><tr><th scope="col">A</th></tr></table><img src="x.png" alt="A chart" '
            'onerror="x()">')
    assert clean(html) == (
        '<h2 id="background">Background</h2><p>Text <abbr title="Designated Safeguarding '
        'Lead">DSL</abbr> <a>bad</a> <a href="https://www.gov.uk/x">good</a></p>'
        '<table><tbody><tr><th scope="col">A</th></tr></tbody></table>'
        '<img src="x.png" alt="A chart">')
