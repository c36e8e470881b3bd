"""National updates picked up from feeds reach the next newsletter, inert and in every format."""

from __future__ import annotations

from pathlib import Path

FEEDS = Path(__file__).parent / "feeds"


def test_polled_updates_appear_in_the_next_newsletter(project, httpserver):
    for name in ("panel", "injection"):
        httpserver.expect_request(f"/{name}.atom").respond_with_data(
            (FEEDS / f"{name}.atom.xml").read_bytes(), content_type="application/atom+xml")
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\nfeeds:\n"
                  f"  - name: Review Panel\n    url: {httpserver.url_for('/panel.atom')}\n"
                  f"  - name: Odd feed\n    url: {httpserver.url_for('/injection.atom')}\n")
    project.briefing("b", date="2025-03-10")
    assert project.cascade("feeds", "poll", "--now", "2025-03-20T10:00").exit_code in (0, 1)
    result = project.cascade("newsletter", "preview", "--now", "2025-04-20T09:00")
    assert result.exit_code == 0, result.output
    folder = project.root / "newsletter-preview"
    html = (folder / "newsletter-2025-05.html").read_text(encoding="utf-8")
    text = (folder / "newsletter-2025-05.txt").read_text(encoding="utf-8")
    page = (folder / "newsletter-2025-05.md").read_text(encoding="utf-8")
    title = "Child Safeguarding Practice Review Panel: annual report 2023 to 2024"
    assert ">National updates</h2>" in html
    assert title in html and title in text and title in page
    assert "National updates\n----------------" in text
    assert ("https://www.gov.uk/government/publications/child-safeguarding-practice-review-"
            "panel-annual-report-2023-to-2024") in html
    assert "Read the publication" in html
    # Entries that tried to inject script arrive as text only.
    assert "Plain title with [brackets] and *stars*" in text
    assert "Plain title with [brackets] and *stars*" in html
    for body in (html, page):
        assert "<script" not in body.lower() and "javascript:" not in body.lower()
        assert "onerror" not in body.lower()
