"""Both feedback forms, sent from a built page in Chromium to `cascade serve`, accepted
into the log; the page and the thank-you page pass the axe-core gate."""

from __future__ import annotations

import pytest

from browser import (DESKTOP, PHONE, axe_violations, blocking, chromium_available,
                     launch_chromium, serve_folder, serve_wsgi, summary)
from pipeline.service.web import make_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="needs Chromium (apt install chromium)"),
]

KEY = "a-feedback-signing-key-long-enough"
ITEM = "safer-sleep-test"


def gate(page) -> list:
    """Blocking violations at desktop width and on a 320px phone, and no sideways scroll."""
    found = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {viewport}"
        found += blocking(axe_violations(page))
    page.set_viewport_size(DESKTOP)
    return found


def test_both_forms_sent_from_a_built_page_reach_the_queue_and_the_log(project, monkeypatch):
    monkeypatch.setenv("CASCADE_SIGNING_KEY", KEY)
    project.briefing(ITEM)
    app = {}
    # The service's address goes into the pages, so it is listening before they are built.
    with serve_wsgi(lambda environ, start: app["now"](environ, start)) as service:
        project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\n"
                      f"subscribe_url: \"{service}\"\n")
        assert project.cascade("run", "--now", "2025-03-10T09:00").exit_code == 0
        app["now"] = make_app(project.config)
        found = []
        with serve_folder(project.root / "site") as site, launch_chromium() as browser:
            page = browser.new_page(viewport=DESKTOP)
            page.goto(f"{site}briefings/{ITEM}.html")
            found += gate(page)

            page.get_by_label("Yes", exact=True).check()
            page.get_by_label("What will you do differently? (optional)").fill(
                "Ask about the sleeping place at every visit.")
            page.get_by_role("button", name="Send feedback").click()
            page.wait_for_load_state()
            assert page.url == f"{service}feedback"
            assert page.get_by_role("heading", level=1).inner_text() == "Thank you"
            found += gate(page)
            page.get_by_role("link", name="Back to the briefing").first.wait_for()

            page.goto(f"{site}briefings/{ITEM}.html")
            page.get_by_label("Date you shared it").fill("2025-06-02")
            page.get_by_label("Sector").select_option("health")
            page.get_by_label("Number of people").fill("14")
            page.get_by_label("Team meeting").check()
            page.get_by_role("button", name="Send team return").click()
            page.wait_for_load_state()
            assert "Your team return" in page.content()

            # A mistake comes back as an error page that passes the gate too.
            page.goto(f"{site}briefings/{ITEM}.html")
            page.get_by_role("button", name="Send team return").click()
            page.wait_for_load_state()
            assert page.title().startswith("Error: I shared this with my team")
            found += gate(page)
            page.close()
    assert not found, summary(found)

    listed = project.cascade("feedback", "list")
    assert [line.split("\t")[3] for line in listed.stdout.splitlines()] == ["useful", "shared"]
    accepted = project.cascade("feedback", "accept", "1", "2")
    assert accepted.exit_code == 0, accepted.output
    [row] = [r for r in project.log_rows() if r["action"] == "delivered-offline"]
    assert (row["item_id"], row["channel"], row["audience"], row["reach"],
            row["disseminated_by"], row["occurred_at"][:10]) == \
        (ITEM, "team-briefing", "health", "14", "self-reported", "2025-06-02")
    assert row["notes"] == "Self-reported team return, feedback 2 (team meeting)"
