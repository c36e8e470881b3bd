"""The site's Atom feeds parse cleanly and carry what feed readers need."""

from __future__ import annotations

import feedparser


def test_feeds_are_valid_atom(project):
    project.briefing("b", title="Safer sleep: babies & carers")
    project.briefing("c", id="c", date="2025-05-01",
                     extra="updated: 2025-05-20\nchange_note: Added the ICON link.\n")
    project.procedure("p")
    assert project.cascade("run", "--now", "2025-06-01T12:00").exit_code == 0
    feed = feedparser.parse((project.root / "site/feeds/briefings.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.feed.title == "Safeguarding Children Partnership: learning: 7-minute briefings"
    titles = [e.title for e in feed.entries]
    assert titles == ["Safer sleep for babies", "Safer sleep: babies & carers"]
    updated = feed.entries[0]
    assert updated.id == "tag:learning.example-scp.org.uk,2025-05-01:briefing/c"
    assert updated.link == "https://learning.example-scp.org.uk/briefings/c.html"
    assert updated.updated == "2025-05-20T00:00:00+01:00"
    assert updated.summary.endswith("Updated 20 May 2025: Added the ICON link.")
    for entry in feed.entries:
        assert entry.id and entry.title and entry.link and entry.updated and entry.summary
    procedures = feedparser.parse((project.root / "site/feeds/procedures.xml").read_bytes())
    assert procedures.bozo == 0
    assert [e.link for e in procedures.entries] == [
        "https://learning.example-scp.org.uk/procedures/p.html"]


def test_feed_is_unchanged_when_content_is(project):
    project.briefing("b")
    project.cascade("build", "--now", "2025-06-01T12:00")
    first = (project.root / "site/feeds/briefings.xml").read_bytes()
    (project.root / "site").rename(project.root / "old-site")
    project.cascade("build", "--now", "2025-06-02T12:00")
    assert (project.root / "site/feeds/briefings.xml").read_bytes() == first


def test_an_empty_feed_is_dated_by_the_site_not_a_fixed_year(project):
    project.briefing("b", date="2025-05-01")
    assert project.cascade("run", "--now", "2025-06-01T12:00").exit_code == 0
    procedures = feedparser.parse((project.root / "site/feeds/procedures.xml").read_bytes())
    assert procedures.bozo == 0 and procedures.entries == []
    assert procedures.feed.updated == "2025-05-01T00:00:00+01:00"     # the newest item
    (project.root / "content/briefings/b.md").unlink()
    assert project.cascade("run", "--now", "2026-02-03T12:00").exit_code == 0
    empty = feedparser.parse((project.root / "site/feeds/briefings.xml").read_bytes())
    assert empty.feed.updated == "2026-02-03T12:00:00+00:00"          # the pass that emptied it
