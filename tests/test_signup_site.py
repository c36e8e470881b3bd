"""The website's way in to email updates: the footer, the home page and theme pages link to
the sign-up page when subscribe_url is set; the privacy notice is always built."""

from __future__ import annotations

import re

SUBSCRIBE = "https://learning.example-scp.org.uk/subscriptions/"
SIGN_UP = f'<a href="{SUBSCRIBE}subscribe">Get email updates</a>'


def built(project, subscribe_url: str) -> dict[str, str]:
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\n"
                                 f"subscribe_url: \"{subscribe_url}\"\n")
    project.briefing("safer-sleep-test", themes="[safer-sleep]")
    result = project.cascade("build", "--now", "2025-03-05T09:00")
    assert result.exit_code == 0, result.output
    site = project.root / "site"
    return {path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
            for path in site.rglob("*.html")}


def test_with_subscribe_url_every_page_links_to_the_sign_up_page(project):
    pages = built(project, SUBSCRIBE)
    for name in ("index.html", "briefings/index.html", "briefings/safer-sleep-test.html",
                 "themes/index.html", "themes/safer-sleep.html", "procedures/index.html",
                 "accessibility.html", "privacy.html", "404.html"):
        footer = pages[name].split('<footer class="md-footer">', 1)[1]
        assert '<nav class="cascade-footer-links" aria-label="About this site">' in footer, name
        assert f"<li>{SIGN_UP}</li>" in footer, name
        assert re.search(r'<li><a href="[^"]*privacy\.html">Privacy notice</a></li>', footer), name
        assert re.search(r'<li><a href="[^"]*accessibility\.html">Accessibility statement</a>',
                         footer), name
    home = pages["index.html"].split('id="stay-informed"', 1)[1]
    assert f"published: {SIGN_UP}" in home
    theme = pages["themes/safer-sleep.html"]
    assert (f'<a href="{SUBSCRIBE}subscribe?themes=safer-sleep">Get email updates about '
            'Safer sleep</a>') in theme


def test_without_subscribe_url_no_page_offers_a_sign_up_but_the_privacy_notice_is_there(project):
    pages = built(project, "")
    assert not [name for name, html in pages.items() if "Get email updates" in html]
    assert all("Privacy notice</a>" in pages[n] for n in ("index.html", "404.html"))
    notice = pages["privacy.html"]
    assert "<h1 id=\"privacy-notice-for-email-updates\">Privacy notice for email updates</h1>" \
        in notice
    assert "sign up for email updates" not in notice


def test_the_privacy_notice_says_what_is_kept_how_long_and_how_to_delete_it(project):
    from pipeline.site.privacy import notice
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\n"
                                 f"subscribe_url: \"{SUBSCRIBE}\"\n"
                                 "contact_email: data@example-scp.org.uk\n")
    text = notice(project.config)
    for heading in ("## What we keep", "## Why we keep it", "## How long we keep it",
                    "## How to see or delete what we keep", "## Cookies"):
        assert heading in text
    for kept in ("your email address", "your name, if you give it", "your choices",
                 "waiting for confirmation, active, unsubscribed", "the dates you signed up"):
        assert kept in text
    assert "they never name anyone or show an address" in text
    assert "no tracking images and no tracked links" in text
    assert "A sign-up that is not confirmed within 7 days is deleted." in text
    assert "until you ask us to delete them" in text
    assert "download what we keep about you, or delete it" in text
    assert f"[our subscription pages]({SUBSCRIBE}manage-request)" in text
    assert "[data@example-scp.org.uk](mailto:data@example-scp.org.uk)" in text
    assert "one cookie, `cascade_form`, which is strictly necessary" in text
    assert f"[sign up for email updates]({SUBSCRIBE}subscribe)" in text


def test_the_accessibility_statement_covers_the_sign_up_pages(project):
    from pipeline.site.accessibility import statement
    text = " ".join(statement(project.config, None).split())
    assert "this statement, the privacy notice and search) is tested with the axe-core" in text
    assert "So is every page of signing up for email updates, confirming, and changing or " \
           "stopping them" in text
