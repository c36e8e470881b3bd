"""`cascade preview` in a real browser: the draft with its findings, and a save shown
without reloading by hand.

The command runs as the officer runs it (a subprocess on a free port); Chromium
opens the draft's page, the test saves a change to the file, and the page must
show it within two seconds, which is the promise the preview makes.
"""

from __future__ import annotations


import pytest

from browser import (DESKTOP, axe_violations, blocking, chromium_available,
                     launch_chromium, summary)
from conftest import SECTIONS, briefing_text
from preview_process import running_preview

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="needs Chromium (apt install chromium)"),
]

VAGUE = "\n".join(f"## {h}\n\nPractitioners should talk with parents about this.\n"
                  for h in SECTIONS[:2]) + "\nRead more [here](https://example.org/sleep).\n" + \
    "\n".join(f"## {h}\n\nPractitioners should talk with parents about this.\n"
              for h in SECTIONS[2:])


def test_the_preview_shows_a_draft_and_follows_each_save(project):
    from playwright.sync_api import expect

    draft = project.briefing("safer-sleep-draft", status="draft", title="Safer sleep draft",
                             body=VAGUE)
    project.briefing("published-one")
    with running_preview(project.root, "content/briefings/safer-sleep-draft.md") as preview, \
            launch_chromium() as browser:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(preview.base + "briefings/safer-sleep-draft.html")
        banner = page.locator("#cascade-preview")
        expect(banner).to_contain_text("Preview, not published.")
        expect(banner).to_contain_text("Draft, with errors to fix")
        finding = banner.locator("li[data-rule=link-text-vague]")
        expect(finding).to_contain_text('link text "here" does not say where the link goes')
        # The finding's link goes to the section it is in.
        finding.get_by_role("link").click()
        expect(page).to_have_url(preview.base + "briefings/safer-sleep-draft.html"
                                 "#why-it-matters")
        expect(page.get_by_role("heading", level=1)).to_have_text("Safer sleep draft")
        # The banner keeps the page as accessible as the site's own.
        failing = blocking(axe_violations(page))
        assert failing == [], summary(failing)

        page.evaluate("window.notReloadedByHand = true")
        draft.write_text(briefing_text(id="safer-sleep-draft", status="draft",
                                       title="Safer sleep, second draft"), encoding="utf-8")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Safer sleep, second draft", timeout=2000)
        expect(banner).to_contain_text("Draft: it will not be published")
        expect(banner).to_contain_text("No findings")
        # The page reloaded itself: the marker set before the save is gone.
        assert page.evaluate("window.notReloadedByHand") is None
        page.close()
    for name in ("site", "dissemination_log.csv", ".cascade/outbox"):
        assert not (project.root / name).exists(), name
    assert [p.name for p in (project.root / ".cascade").iterdir()
            if p.name.startswith("preview-")] == []
