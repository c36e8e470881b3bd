"""`cascade preview`: each item's state and findings in its banner, and nothing written.

The pages are built by the real site engine into a scratch folder; the end-to-end
test runs the command as the officer does and compares every byte of the project
(apart from content/) before and after.
"""

from __future__ import annotations

import socket
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import SECTIONS, briefing_text
from preview_process import running_preview
from pipeline.service import preview as pv

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=ZoneInfo("Europe/London"))
VAGUE = "\n".join(f"## {h}\n\nPractitioners should talk with parents about this.\n"
                  for h in SECTIONS[:3]) + "\nRead more [here](https://example.org/sleep).\n" + \
    "\n".join(f"## {h}\n\nPractitioners should talk with parents about this.\n"
              for h in SECTIONS[3:])


@pytest.fixture
def previewed(project, monkeypatch):
    """Build the preview of `project` at NOW; yield a function giving an item's page as
    the preview serves it, and the Preview."""
    monkeypatch.chdir(project.root)   # as the officer runs it: from the project folder
    config = project.config
    with pv.scratch_folder(config) as folder:
        shown = {}

        def build():
            preview = pv.build_preview(config, pv.scratch_config(config, folder), NOW)
            for page, item in preview.pages.items():
                built = (folder / "site" / page).read_text(encoding="utf-8")
                name = item.id or Path(item.rel).stem
                shown[name] = pv.decorate(built, item, 1, NOW, config)
                shown[f"{name} as built"] = built
            return preview
        yield build, shown


def test_the_banner_says_each_items_state(project, previewed):
    project.briefing("drafted", status="draft", title="A draft briefing")
    project.briefing("later", date="2025-09-01T10:30")
    project.briefing("due")
    project.briefing("vague", body=VAGUE)
    project.procedure("info-sharing-2024-12", status="draft")
    project.briefing("gone", status="withdrawn")
    build, shown = previewed
    build()
    assert "Withdrawn: this page is not on the site" in shown["gone"]
    assert "Draft: it will not be published until its status is ready." in shown["drafted"]
    assert "Scheduled for 1 September 2025 10:30: it goes live then." in shown["later"]
    assert "Would be published: it is ready and its date has come." in shown["due"]
    assert "Held back: it has errors to fix" in shown["vague"]
    assert "Draft:" in shown["info-sharing-2024-12"]
    # The draft is on its page as the site would show it, title and sections.
    assert '<h1 id="a-draft-briefing">A draft briefing' in shown["drafted"]
    assert "No findings: every check passes." in shown["drafted"]


def test_a_finding_links_to_the_section_it_is_in(project, previewed):
    project.briefing("vague", body=VAGUE)
    build, shown = previewed
    build()
    page = shown["vague"]
    banner = _banner(page)
    assert '<li data-rule="link-text-vague">' in banner
    # The link sits under "Information" (the third section), whose heading has that id.
    assert '<a href="#information">line 2' in banner
    assert '<h2 id="information">Information' in page
    # The banner comes first in the article, before the page's own title.
    assert page.index('id="cascade-preview"') < page.index("<h1")


def test_an_item_with_unusable_front_matter_is_shown_plainly_with_its_findings(
        project, previewed):
    project.write("content/briefings/no-date.md",
                  briefing_text(id="no-date", title="Undated", date="soon"))
    build, shown = previewed
    build()
    page = shown["no-date"]
    assert "Held back" in page
    assert '<h1 id="undated">Undated' in page
    assert "date" in _banner(page)


def test_the_banner_and_script_are_added_when_served_not_built(project, previewed):
    project.briefing("due")
    build, shown = previewed
    build()
    assert "/__preview__/version" in shown["due"]
    assert 'id="cascade-preview"' in shown["due"]
    # The built page is the site's page: no banner, no script of the preview's.
    assert "__preview__" not in shown["due as built"]
    assert "cascade-preview" not in shown["due as built"]


def test_nothing_outside_content_changes_while_previewing(project):
    """site/, the log, the state database and the outbox: same bytes before and after."""
    project.briefing("due")
    result = project.cascade("run", "--now", "2025-06-01T09:00")
    assert result.exit_code == 0, result.output
    (project.root / ".cascade" / "outbox" / "new").mkdir(parents=True, exist_ok=True)
    (project.root / ".cascade" / "outbox" / "new" / "1.eml").write_bytes(b"Subject: kept\n")
    draft = project.briefing("drafted", status="draft", body=VAGUE)
    before = _everything_but_content(project.root)
    assert "site/index.html" in before and "dissemination_log.csv" in before

    with running_preview(project.root) as preview:
        page = preview.get("briefings/drafted.html")
        assert "Draft, with errors to fix: it will not be published until they are fixed" \
            in page                                   # a draft: nothing was held back
        assert "link-text-vague" in page
        version = preview.version()
        draft.write_text(briefing_text(id="drafted", status="draft", title="Now fixed"),
                         encoding="utf-8")
        preview.wait_for_version(version)
        page = preview.get("briefings/drafted.html")
        assert "Draft: it will not be published" in page
        assert "Now fixed" in page
    assert preview.process.returncode == 0, preview.lines
    assert "Preview stopped." in preview.lines
    assert _everything_but_content(project.root) == before


def _banner(page: str) -> str:
    start = page.index('id="cascade-preview"')
    return page[start:page.index("</div>", start)]


def _everything_but_content(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*"))
            if path.is_file() and path.relative_to(root).parts[0] != "content"}


def test_a_file_named_is_previewed_alone_and_its_address_given(project):
    project.briefing("due")
    project.briefing("other")
    with running_preview(project.root, "content/briefings/due.md",
                         open_browser=True) as preview:
        lines = [preview.read_line(), preview.read_line()]
        assert "Previewing 1 item at" in preview.lines[0]
    page = f"{preview.base}briefings/due.html"
    # No desktop here, so the address is printed rather than a text browser started.
    assert lines == [f"  content/briefings/due.md (ready): {page}",
                     f"Open {page} in your web browser."]


def test_a_path_that_holds_no_content_is_a_usage_error(project):
    project.briefing("due")
    project.write("notes.md", "Not a briefing.\n")
    result = project.cascade("preview", "notes.md", "--port", "0", "--no-browser")
    assert result.exit_code == 2
    assert ("Error: notes.md: no briefing or procedure file there; name a file or folder "
            "in content/") in result.output
    assert not (project.root / "site").exists()


def test_a_port_in_use_is_a_usage_error(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = project.cascade("preview", "--port", str(port), "--no-browser")
    assert result.exit_code == 2
    assert f"Error: --port {port}: that port is in use on 127.0.0.1" in result.output


def test_the_command_has_help_with_an_example(project):
    result = project.cascade("preview", "--help")
    assert result.exit_code == 0
    assert "cascade preview content/briefings/safer-sleep.md" in result.output


def test_a_folder_named_narrows_the_preview_to_its_items(project, monkeypatch):
    project.briefing("due")
    project.procedure("info-sharing-2024-12", status="draft")
    monkeypatch.chdir(project.root)
    config = project.config
    with pv.scratch_folder(config) as folder:
        preview = pv.build_preview(config, pv.scratch_config(config, folder), NOW,
                                   [project.root / "content" / "procedures"])
        assert list(preview.pages) == ["procedures/info-sharing-2024-12.html"]
        assert (folder / "site" / "procedures" / "info-sharing-2024-12.html").is_file()
        assert not (folder / "site" / "briefings" / "due.html").exists()
    assert not folder.exists()   # the scratch folder goes when the preview ends
