"""A reader's whole journey in Chromium, on loopback: from a theme page of the built site
to signing up, confirming from the email, getting an alert, then (signing up again) the
manage link, changing how often, and unsubscribing; axe-core finds nothing on any page
of it, at desktop and phone widths."""

from __future__ import annotations

import re

import pytest

from browser import (DESKTOP, PHONE, axe_violations, blocking, chromium_available,
                     launch_chromium, serve_folder, serve_wsgi, summary)
from smtp_server import SIGNING_KEY, free_port
from test_signup import outbox, text_of
from pipeline.service.web import make_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="needs Chromium (apt install chromium)"),
]
ADDRESS = "amina@example.org"


def link_in(message, page: str) -> str:
    match = re.search(rf"(http://127\.0\.0\.1:\d+/subscriptions/{page}\?token=\S+)",
                      text_of(message))
    assert match, f"no {page} link in:\n{text_of(message)}"
    return match.group(1)


def test_a_reader_signs_up_from_a_theme_page_and_manages_their_email(project, monkeypatch):
    monkeypatch.setenv("CASCADE_SIGNING_KEY", SIGNING_KEY)
    port = free_port()
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\n"
                                 f"subscribe_url: http://127.0.0.1:{port}/subscriptions/\n")
    project.briefing("safer-sleep-test", date="2025-03-04", themes="[safer-sleep]",
                     audience="[health]")
    assert project.cascade("run", "--now", "2025-03-05T09:00").exit_code == 0
    found = []

    def gate(page):
        """axe-core on the page as it is now, at both widths."""
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            found.extend(blocking(axe_violations(page)))
        page.set_viewport_size(DESKTOP)

    with serve_wsgi(make_app(project.config), port=port), \
            serve_folder(project.root / "site") as site, launch_chromium() as browser:
        page = browser.new_page(viewport=DESKTOP)
        page.goto(site + "themes/safer-sleep.html")
        gate(page)
        page.get_by_role("link", name="Get email updates about Safer sleep").click()
        page.wait_for_url(re.compile(r"/subscriptions/subscribe\?themes=safer-sleep$"))
        assert page.get_by_role("checkbox", name="Safer sleep").is_checked()
        gate(page)
        page.get_by_label("Email address").fill("not an address")       # a mistake first
        page.get_by_role("button", name="Sign up").click()
        assert page.title().startswith("Error: Get email updates")
        gate(page)
        page.get_by_label("Email address").fill(ADDRESS)
        page.get_by_label("Your name (optional)").fill("Amina")
        page.get_by_role("checkbox", name="Health", exact=True).check()
        page.get_by_role("radio", name="Each alert as soon as it is published").check()
        page.get_by_role("button", name="Sign up").click()
        assert page.locator("h1").inner_text() == "Check your email"
        gate(page)

        [confirmation] = outbox(project)
        assert confirmation["To"] == ADDRESS
        page.goto(link_in(confirmation, "confirm"))
        assert page.locator("h1").inner_text() == "Confirm your email updates"
        gate(page)
        assert "0 subscribers." in project.cascade("subscribers", "list").output
        page.get_by_role("button", name="Confirm my email updates").click()
        assert page.locator("h1").inner_text() == "You are signed up"
        gate(page)
        assert project.cascade("subscribers", "list").output.splitlines()[0] == \
            f"{ADDRESS}\timmediate\tactive\thealth\tsafer-sleep"

        project.briefing("safer-sleep-new", date="2025-03-06", themes="[safer-sleep]",
                         audience="[health]", title="Safer sleep in winter")
        assert project.cascade("run", "--now", "2025-03-06T09:00").exit_code == 0
        alert = outbox(project)[-1]
        assert alert["To"] == f"Amina <{ADDRESS}>" and "Safer sleep in winter" in alert["Subject"]

        assert link_in(alert, "preferences") and link_in(alert, "unsubscribe")

        # Signing up again, already subscribed: the email brings a link to manage it.
        page.goto(site + "index.html")
        page.locator("nav.cascade-footer-links").get_by_role("link",
                                                             name="Get email updates").click()
        page.get_by_label("Email address").fill(ADDRESS)
        page.get_by_role("checkbox", name="Health", exact=True).check()
        page.get_by_role("button", name="Sign up").click()
        assert page.locator("h1").inner_text() == "Check your email"
        manage = outbox(project)[-1]
        assert manage["Subject"].startswith("Manage your email updates")
        page.goto(link_in(manage, "manage"))
        assert ADDRESS in page.locator("main").inner_text()
        gate(page)
        page.get_by_role("radio", name="A weekly digest of alerts").check()
        page.get_by_role("button", name="Save my choices").click()
        assert page.get_by_role("status").inner_text() == "Your choices were saved."
        gate(page)
        page.get_by_role("button", name="Unsubscribe from everything").click()
        assert page.locator("h1").inner_text() == "You have been unsubscribed"
        gate(page)
    assert project.cascade("subscribers", "list").output.splitlines()[0] == \
        f"{ADDRESS}\tweekly\tunsubscribed\thealth\tsafer-sleep"
    assert not found, summary(found)
