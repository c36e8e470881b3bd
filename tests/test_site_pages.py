"""Pages that help a reader who arrives at the wrong place: a withdrawn item's old
address, the site's 404 page; and the accessibility statement the 2018 regulations ask for."""

from __future__ import annotations

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from pipeline.state import open_state

NOW = "2025-06-01T12:00"


def run(project, now=NOW):
    result = project.cascade("run", "--now", now)
    assert result.exit_code == 0, result.output
    return result


def text_of(path) -> str:
    """The page's main text, tags removed, whitespace collapsed."""
    page = path.read_text(encoding="utf-8")
    main = page[page.index('<article'):page.index('</article>')]
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())
    return re.sub(r" ([.,:;])", r"\1", text)


def test_a_withdrawn_briefing_says_when_and_why_and_links_to_its_replacement(project):
    project.briefing("old-advice")
    project.briefing("new-advice", title="Safer sleep: the 2025 advice")
    run(project, "2025-06-01T12:00")
    project.briefing("old-advice", status="withdrawn",
                     extra="change_note: \"The national advice changed in May 2025.\"\n"
                           "replaced_by: new-advice\n")
    run(project, "2025-06-03T09:30")
    run(project, "2025-06-20T09:30")     # a later build says the same date
    page = project.root / "site/briefings/old-advice.html"
    text = text_of(page)
    assert "Safer sleep for babies" in text
    assert ("This briefing has been withdrawn This briefing was withdrawn on 3 June 2025. It is "
            "no longer current: do not use it in your work. Why it was withdrawn: The national "
            "advice changed in May 2025. It has been replaced by the briefing Safer sleep: the "
            "2025 advice.") in text
    assert 'href="new-advice.html"' in page.read_text()
    assert "talk with parents" not in text                 # the old body is gone
    assert "<title>Withdrawn: Safer sleep for babies" in page.read_text()
    for link in ("index.html", "../procedures/index.html", "../index.html"):
        assert f'href="{link}"' in page.read_text()
    listing = (project.root / "site/briefings/index.html").read_text()
    assert "old-advice.html" not in listing and "new-advice.html" in listing
    search = (project.root / "site/search/search_index.json").read_text()
    assert "briefings/old-advice.html" not in search      # search finds current learning


def test_a_withdrawn_procedure_without_a_note_still_says_when(project):
    project.procedure("p")
    run(project, "2025-06-01T12:00")
    project.procedure("p", status="withdrawn")
    run(project, "2025-06-02T08:00")
    text = text_of(project.root / "site/procedures/p.html")
    assert "This procedure change was withdrawn on 2 June 2025." in text
    assert "Why it was withdrawn" not in text and "replaced by" not in text


def test_an_item_withdrawn_before_it_was_ever_published_gets_no_page(project):
    project.briefing("never-out", status="withdrawn")
    project.briefing("b")
    run(project)
    assert not (project.root / "site/briefings/never-out.html").exists()
    with open_state(project.root / ".cascade/state.db") as db:
        assert db.execute("SELECT * FROM withdrawn").fetchall() == []


def test_republishing_and_withdrawing_again_gives_the_new_date(project):
    project.briefing("b")
    run(project, "2025-06-01T12:00")
    project.briefing("b", status="withdrawn")
    run(project, "2025-06-02T12:00")
    project.briefing("b")
    run(project, "2025-06-05T12:00")
    assert "withdrawn" not in text_of(project.root / "site/briefings/b.html")
    project.briefing("b", status="withdrawn")
    run(project, "2025-06-09T12:00")
    assert "withdrawn on 9 June 2025" in text_of(project.root / "site/briefings/b.html")


def test_replaced_by_must_name_another_item(project):
    project.briefing("a", status="withdrawn", extra="replaced_by: nothing-like-it\n")
    project.briefing("b", status="withdrawn", extra="replaced_by: b\n")
    project.briefing("c", status="withdrawn", extra="replaced_by: [a]\n")
    project.briefing("d", extra="replaced_by: a\n")
    project.briefing("e", status="withdrawn", extra="replaced_by: d\n")
    result = project.cascade("check", "--now", NOW)
    assert result.exit_code == 1
    lines = [line.strip() for line in result.output.splitlines() if "replaced" in line]
    assert lines == [
        "content/briefings/a.md:9: replaced-by-unknown: replaced_by 'nothing-like-it' is not "
        "the id of any briefing or procedure change - fix: write the id from the front "
        "matter of the item that replaces it",
        "content/briefings/b.md:9: replaced-by-itself: replaced_by names this item itself - "
        "fix: write the id of the item that replaces it, or remove replaced_by",
        "content/briefings/c.md:9: value-invalid: replaced_by ['a'] is not an id - fix: write "
        "the id of the briefing or procedure change that replaces this one",
        "content/briefings/d.md:9: replaced-by-unused: warning: replaced_by is shown only "
        "when status is withdrawn - fix: set status: withdrawn, or remove replaced_by",
    ]
    assert project.findings(datetime(2025, 6, 1, 12, tzinfo=ZoneInfo("Europe/London")),
                            "content/briefings/e.md") == []


def test_the_404_page_offers_search_home_briefings_and_procedures(project):
    project.briefing("b")
    run(project)
    page = (project.root / "site/404.html").read_text(encoding="utf-8")
    assert "<title>Page not found - " in page
    assert "<h1>Page not found</h1>" in page
    # Absolute links: the page is shown at whatever address was asked for.
    assert re.search(r'<form class="cascade-find" action="/index.html" method="get" '
                     r'role="search"\s+aria-label="Search this site">', page)
    assert '<label for="cascade-find-query">Search this site</label>' in page
    assert '<input type="search" id="cascade-find-query" name="q"' in page
    for href, words in (("/index.html", "The home page"),
                        ("/briefings/index.html", "All briefings, newest first"),
                        ("/procedures/index.html", "Procedure changes")):
        assert f'<li><a href="{href}">{words}</a></li>' in page


def statement(project) -> str:
    return text_of(project.root / "site/accessibility.html")


def test_the_accessibility_statement_has_what_the_model_statement_requires(project):
    project.briefing("b")
    run(project, "2025-06-01T12:00")
    text = statement(project)
    assert ("This accessibility statement applies to https://learning.example-scp.org.uk/, "
            "which is run by Safeguarding Children Partnership.") in text
    assert ("Compliance status This website is partially compliant with the Web Content "
            "Accessibility Guidelines version 2.2 AA standard.") in text
    assert ("Non-accessible content The content listed below is non-accessible for the "
            "following reasons. Non-compliance with the accessibility regulations") in text
    assert "Disproportionate burden" in text
    assert ("Content that is not within the scope of the accessibility regulations Documents "
            "and pages on other websites that we link to") in text
    assert ("If you need information on this website in a different format, such as accessible "
            "PDF, large print, easy read, audio recording or braille, email "
            "learning@example-scp.org.uk. We will consider your request and get back to you "
            "within 10 working days.") in text
    assert ("Enforcement procedure The Equality and Human Rights Commission (EHRC) is "
            "responsible for enforcing the Public Sector Bodies (Websites and Mobile "
            "Applications) (No. 2) Accessibility Regulations 2018") in text
    assert "Equality Advisory and Support Service (EASS)" in text
    assert "Equality Commission for Northern Ireland (ECNI)" in text
    # With no dates set, the statement dates from the site's first build, and stays so.
    assert ("This statement was prepared on 1 June 2025. It was last reviewed on 1 June "
            "2025.") in text
    project.briefing("c")
    run(project, "2025-08-04T12:00")
    assert "prepared on 1 June 2025. It was last reviewed on 1 June 2025." in statement(project)


def test_the_statement_says_what_the_settings_say(project):
    project.write("cascade.yml", """
        site_url: https://learning.example-scp.org.uk/
        contact_email: access@example-scp.org.uk
        accessibility:
          compliance: partially
          non_compliance:
            - "Older charts lack a text description (WCAG 1.1.1); fixed by March 2026."
          out_of_scope:
            - "Recordings of live events."
          prepared: 2024-09-23
          reviewed: "2025-09-01"
          reply_working_days: 5
        """)
    project.briefing("b")
    run(project, "2025-10-01T12:00")
    text = statement(project)
    assert ("AA standard, due to the non-compliances listed below.") in text
    assert ("Non-compliance with the accessibility regulations Older charts lack a text "
            "description (WCAG 1.1.1); fixed by March 2026.") in text
    assert "Recordings of live events." in text
    assert "email access@example-scp.org.uk. We will consider your request and get back to " \
        "you within 5 working days." in text
    assert ("This statement was prepared on 23 September 2024. It was last reviewed on "
            "1 September 2025.") in text


def test_statement_settings_that_disagree_are_refused(project):
    project.write("cascade.yml", """
        site_url: https://learning.example-scp.org.uk/
        accessibility:
          compliance: fully
          non_compliance: ["Charts lack descriptions."]
          prepared: 2025-09-23
          reviewed: 2025-01-01
          out_of_scope: "not a list"
        """)
    result = project.cascade("check")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Configuration error:",
        "  accessibility.out_of_scope: expected a list of sentences, got 'not a list'",
        "  accessibility.non_compliance: expected no entries when accessibility.compliance is "
        "fully (or set it to partially), got list [\"Charts lack descriptions.\"]",
        "  accessibility.reviewed: expected a date on or after accessibility.prepared "
        "(2025-09-23), got 2025-01-01",
    ]
