"""Markup injection without a browser: addresses, reserved names, attribute lists, line ends.

What the site engine reads differently from what Cascade meant: an address holding a
line break, a tab or a `)` ends its Markdown link and can start a raw HTML block; an
item named like a generated page replaces it; an attribute list sets any attribute;
a pattern ending in `$` accepts a final line break. Each is refused or made inert here,
with the real Markdown engine, the real site build and the CLI as a user runs it.
The same payloads are loaded in Chromium by test_survive_injection.py.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import markdown
import pytest

from pipeline.checks import inline, links, structure, writing
from pipeline.content import load
from pipeline.evidence import annual, report_html
from pipeline.findings import short
from pipeline.mail import newsletter, tokens
from pipeline.mail.transports import notify
from pipeline.settings import kinds
from pipeline.site import engine_hook
from pipeline.site.pages import generate_pages, make_site
from pipeline.text import md_url

FEEDS = Path(__file__).parent / "feeds"
NOW = datetime(2025, 6, 1, 9, 0, tzinfo=ZoneInfo("Europe/London"))
BRIEFING = "content/briefings/safer-sleep-test.md"
PROCEDURE = "content/procedures/info-sharing-2024-12.md"
HOSTILE_URLS = [
    "https://www.gov.uk/a\n<script>pwned`newline`</script>",
    "https://www.gov.uk/b\t\r\n\n<img/src=x/onerror=pwned`tab`>",
    "https://www.gov.uk/c)\n\n<svg/onload=pwned`paren`></svg>",
    "https://www.gov.uk/d){: onclick=\"pwned('attr')\" }",
    'https://www.gov.uk/e"><script>pwned`quote`</script>',
]


# Addresses in generated Markdown -------------------------------------------------------

@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_an_encoded_address_stays_inside_its_link(url):
    html = markdown.markdown(f"## [Title]({md_url(url)})\n\nNext paragraph.\n",
                             extensions=["attr_list", "md_in_html"])
    heading, rest = html.split("\n", 1)
    assert re.fullmatch(r'<h2><a href="https://www\.gov\.uk/[^"\s<>]*">Title</a></h2>', heading)
    assert rest == "<p>Next paragraph.</p>"
    assert "pwned" not in html.replace(heading, "")


def test_the_encoder_leaves_ordinary_addresses_alone_and_never_encodes_twice():
    plain = "https://www.gov.uk/guidance/x?a=1&b=%20two#part-3"
    assert md_url(plain) == plain
    assert md_url("https://x.example/a b\t(c)<d>\"e\"\\") == \
        "https://x.example/a%20b%09%28c%29%3Cd%3E%22e%22%5C"
    assert md_url("https://x.example/café") == "https://x.example/caf%C3%A9"
    assert md_url(md_url(HOSTILE_URLS[0])) == md_url(HOSTILE_URLS[0])


def test_feed_links_with_line_breaks_and_tabs_cannot_start_html_on_the_national_page(
        project, httpserver):
    httpserver.expect_request("/linebreak.atom").respond_with_data(
        (FEEDS / "linebreak.atom.xml").read_bytes(), content_type="application/atom+xml")
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\nfeeds:\n"
                  f"  - name: Hostile\n    url: {httpserver.url_for('/linebreak.atom')}\n")
    assert project.cascade("feeds", "poll", "--now", "2025-04-20T08:00").exit_code == 0
    result = project.cascade("build", "--now", "2025-04-20T09:00")
    assert result.exit_code == 0, result.output
    docs = (project.root / ".cascade/build/docs/national-updates.md").read_text("utf-8")
    headings = [line for line in docs.split("\n") if line.startswith("## ")]
    assert len(headings) == 4 and all(line.endswith(")") for line in headings)
    assert "\t" not in docs and "\r" not in docs and "<script" not in docs
    page = (project.root / "site/national-updates.html").read_text(encoding="utf-8")
    assert "pwned" not in re.sub(r'href="[^"]*"', "", page)     # only inside the addresses
    assert 'href="https://www.gov.uk/a%0A%3Cscript%3Epwned%60feed-link-newline%60' \
        "%3C/script%3E" in page
    assert 'href="https://www.gov.uk/b%09%0D%0A%0A%3Cimg/src=x/onerror=' in page


def test_an_archived_issue_with_a_line_break_in_a_link_keeps_it_in_the_link():
    """Issues already frozen carry the address as the feed gave it."""
    entry = {"title": "Link with a line break", "url": HOSTILE_URLS[0], "kind": "national-update",
             "date": "4 February 2025", "change": "new", "summary": "Summary.",
             "change_note": ""}
    snapshot = {"heading": "Learning newsletter: May 2025", "intro": "Learning shared.",
                "sections": [["National updates", [entry]]]}
    page = newsletter.archive_page(snapshot)
    assert "### [Link with a line break](https://www.gov.uk/a%0A%3Cscript%3Epwned%60newline" \
        "%60%3C/script%3E)\n" in page
    assert "<script" not in page


@pytest.mark.parametrize("page", ["briefings/index.md", "procedures/index.md", "index.md",
                                  "national-updates.md", "newsletters/index.md",
                                  "newsletters/newsletter-2025-05.md", "dissemination.md",
                                  "themes/neglect.md", "briefings/safer-sleep.md"])
def test_every_generated_page_is_cleaned_by_the_engine_hook(page):
    html = ('<p onclick="pwned()">Text</p><script>pwned()</script>'
            '<a href="javascript:pwned()">link</a><img src=x onerror="pwned()">')
    cleaned = engine_hook.on_page_content(
        html, page=SimpleNamespace(file=SimpleNamespace(src_uri=page)), config={}, files=None)
    assert cleaned == '<p>Text</p><a>link</a><img src="x">'


def test_the_cleaning_keeps_the_dissemination_charts_and_drops_what_styles_could_load():
    chart = report_html.Chart(title="Reach by audience", kind="bars",
                              categories=["Health", "Police"], series={"Reach": [40, 12]})
    drawing = f'<div markdown="0">{report_html.svg(chart)}</div>'
    cleaned = engine_hook.clean(f'<figure class="cascade-chart"><figcaption>Reach'
                                f'</figcaption>{drawing}</figure>')
    assert cleaned.count("<rect ") == 2 and cleaned.count("<text ") == 4
    assert 'role="img"' in cleaned and "viewBox=" in cleaned and "<title>" in cleaned
    assert engine_hook.clean('<div style="overflow-x: auto; background: url(x)">t</div>') == \
        '<div style="overflow-x:auto">t</div>'


# Reserved names -----------------------------------------------------------------------

def test_an_id_the_site_uses_for_its_own_page_is_an_error(project):
    project.briefing("index-page", id="index")
    project.procedure("procedures-index", id="index")
    result = project.cascade("check", "--now", "2025-06-01T09:00")
    assert result.exit_code == 1
    fix = "choose another id, e.g. one that says what the item is about"
    for rel in ("content/briefings/index-page.md", "content/procedures/procedures-index.md"):
        assert f"{rel}:2: id-reserved: id 'index' is the name of a page the site makes " \
               f"itself - fix: {fix}" in result.output


def test_the_reserved_names_are_every_name_the_site_gives_its_own_pages_in_a_folder(project):
    """The folders of items (briefings, procedures) and of themes hold the site's own
    listing pages too; an item id or a theme with the same name would replace them."""
    pages = generate_pages(make_site(project.config, []))
    written = {Path(name).stem for name in pages
               if name.startswith(("briefings/", "procedures/", "themes/"))}
    assert written and written <= load.RESERVED_IDS == kinds.RESERVED_NAMES


def test_a_theme_named_like_the_themes_page_is_a_configuration_error(project):
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\n"
                                 "themes: [neglect, index]\n")
    result = project.cascade("check")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Configuration error:",
        "  themes: expected no theme named 'index' (themes/index is the site's own page), "
        "got 'index'"]


def test_an_item_named_index_leaves_the_generated_listing_in_place(project):
    project.briefing("safer-sleep-test")
    project.briefing("index-page", id="index", title="Replaced listing")
    result = project.cascade("run", "--now", "2025-06-01T09:00")
    assert result.exit_code == 1
    assert "Held back: content/briefings/index-page.md: " in result.output
    listing = (project.root / "site/briefings/index.html").read_text(encoding="utf-8")
    assert "All briefings" in listing and "Replaced listing" not in listing


# Attribute lists ------------------------------------------------------------------------

def findings(project, body: str) -> list[str]:
    project.procedure(body=body)
    return [f for f in project.findings(NOW) if ": attr-list-not-allowed: " in f]


FIX = ("remove it; to show braces as text write \\{ and \\}; a heading may end with its own "
       "anchor, e.g. ## Contacts {#contacts}")


@pytest.mark.parametrize("body, text", [
    ('Talk to parents.\n{: tabindex="0" autofocus onfocus="pwned()" }',
     '{: tabindex="0" autofocus onfocus="pwned()" }'),
    ('[Guidance](https://example.org){: href="javascript:pwned()" }',
     '{: href="javascript:pwned()" }'),
    ('**Ask**{onclick=pwned()} about sleep.', "{onclick=pwned()}"),
    ("## Ask about sleep {#ask .x onclick=pwned()}", "{#ask .x onclick=pwned()}"),
    ("## Ask about sleep {: .wide }", "{: .wide }"),
    ("## Ask about sleep {#__search}", "{#__search}"),
    ("- Talk to parents.\n{: onclick=pwned() }", "{: onclick=pwned() }"),
    ("| Who | What |\n| --- | --- |\n| DSL {: onclick=pwned() } | Call |",
     "{: onclick=pwned() }"),
])
def test_attribute_lists_hold_the_item_back(project, body, text):
    line = 14 + body.split("\n").index(next(part for part in body.split("\n") if text in part))
    assert findings(project, body) == [
        f'{PROCEDURE}:{line}: attr-list-not-allowed: attribute list "{short(text, 40)}" is not '
        f"allowed - fix: {FIX}"]


@pytest.mark.parametrize("body", [
    "## Contacts {#who-to-call}\n\nSee [who to call](#who-to-call).",
    "## Contacts {: #who-to-call }",
    "Write the braces as text: \\{name\\}.",
    "Type `{: .x}` to see it, or:\n\n```\n{: onclick=x }\n```",
    "An empty pair {} and { } are text.",
])
def test_heading_anchors_escaped_braces_and_code_pass(project, body):
    assert findings(project, body) == []


# Addresses the content gives ------------------------------------------------------------

@pytest.mark.parametrize("url", ["https://example.org/a)b", "https://example.org/a<b",
                                 "https://example.org/a>b", "https://example.org/a b",
                                 "https://example.org/a\tb", "https://example.org/a\n",
                                 "https://example.org/a)<script>pwned()</script>"])
def test_a_source_address_that_could_end_its_link_is_refused(project, url):
    # A JSON string is a YAML double-quoted string: the line break and tab arrive as such.
    project.briefing(extra=f"source:\n  type: other\n  title: Guidance\n"
                           f"  url: {json.dumps(url)}\n")
    fix = "use a full address starting https://; write ) < > as %29 %3C %3E, and no spaces " \
          "or line breaks"
    assert project.findings(NOW) == [
        f"{BRIEFING}:9: value-invalid: source.url {url!r} is not a web address - fix: {fix}"]


@pytest.mark.parametrize("url", ["https://procedures.example.org/ch)<b>", "https://x.org/c\n"])
def test_a_chapter_address_that_could_end_its_link_is_refused(project, url):
    path = project.procedure()
    source = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"chapter_url: .*", lambda _: f"chapter_url: {json.dumps(url)}",
                           source), encoding="utf-8")
    found = [f for f in project.findings(NOW) if "chapter_url" in f]
    assert found == [f"{PROCEDURE}:8: value-invalid: chapter_url {url!r} is not a web "
                     "address - fix: use the chapter's full address in the procedures manual, "
                     "starting https://; write ) < > as %29 %3C %3E, and no spaces or line "
                     "breaks"]


def test_an_address_with_an_opening_parenthesis_is_published_encoded(project):
    project.briefing(extra="source:\n  type: other\n  title: Guidance\n"
                           "  url: https://example.org/guide(2025\n")
    result = project.cascade("run", "--now", "2025-06-01T09:00")
    assert result.exit_code == 0, result.output
    page = (project.root / "site/briefings/safer-sleep-test.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/guide%282025"' in page


# A final line break ------------------------------------------------------------------------

def test_an_id_with_a_final_line_break_is_not_a_slug(project):
    project.briefing(id='"safer-sleep-test\\n"')
    assert project.findings(NOW) == [
        f"{BRIEFING}:2: id-not-slug: id 'safer-sleep-test\\n' is not a slug - fix: use "
        "lower-case letters, digits and hyphens, e.g. 'safer-sleep-2025'"]


def test_an_update_cycle_with_a_final_line_break_is_refused(project):
    path = project.procedure()
    path.write_text(path.read_text(encoding="utf-8").replace(
        'update_cycle: "2024-12"', 'update_cycle: "2024-12\\n"'), encoding="utf-8")
    assert [f for f in project.findings(NOW) if "update_cycle" in f] == [
        f"{PROCEDURE}:9: value-invalid: update_cycle '2024-12\\n' is not YYYY-MM (a year from "
        "1900 to 2999) - fix: write the manual's update round as year and month, e.g. 2024-12"]


@pytest.mark.parametrize("setting, shown", [
    ('contact_email: "learning@example.org\\n"',
     "contact_email: expected an email address, got 'learning@example.org\\n'"),
    ('site_url: "https://learning.example-scp.org.uk/\\n<script>"',
     "site_url: expected an http(s) URL ending in /, got "
     "'https://learning.example-scp.org.uk/\\n<script>'"),
    ('officer_email: "officer@example.org\\n"',
     "officer_email: expected an email address, or \"\" for contact_email, got "
     "'officer@example.org\\n'"),
    ('feeds: [{name: Panel, url: "https://example.org/feed\\n"}]',
     "feeds[0].url: expected an http(s) URL, got 'https://example.org/feed\\n'"),
])
def test_settings_with_a_final_line_break_are_refused(project, setting, shown):
    text = "site_url: https://learning.example-scp.org.uk/\n"
    project.write("cascade.yml", (setting + "\n") if setting.startswith("site_url") else
                  text + setting + "\n")
    result = project.cascade("check")
    assert result.exit_code == 2
    assert result.output.splitlines() == ["Configuration error:", f"  {shown}"]


KEY = b"k" * 32
UUID = "-".join(["1" * 8, "1" * 4, "1" * 4, "1" * 4, "1" * 12])
# Each validating pattern as the package uses it, with a value it accepts.
VALIDATING = {
    "slug": (kinds.SLUG.match, "safer-sleep"),
    "content url": (load.URL.match, "https://example.org/a"),
    "update cycle": (load.CYCLE.match, "2024-12"),
    "email": (kinds.is_email, "amina@example.org"),
    "quiet hours": (kinds.parse_quiet_hours, "01:00-03:00"),
    "site url": (lambda v: kinds.SITE_URL.ok(v, {}), "https://learning.example.org/"),
    "url": (lambda v: kinds.URL.ok(v, {}), "https://api.example.org"),
    "token": (lambda v: tokens.parse(v, "unsubscribe"),
              tokens.make(KEY, "unsubscribe", 1, "amina@example.org")),
    "notify key": (notify.API_KEY.match, f"key-{UUID}-{UUID}"),
    "year": (annual.YEAR.match, "2024-25"),
    "number": (report_html.NUMBER.match, "1,234"),
    "image file": (structure.IMAGE_FILE.match, "photo.png"),
    "roman": (writing.ROMAN.match, "XIV"),
    "url text": (links.URL_TEXT.match, "https://example.org"),
    "simple tag": (inline.SIMPLE_TAG.match, "<kbd>"),
}


@pytest.mark.parametrize("name", sorted(VALIDATING))
def test_no_validating_pattern_accepts_a_final_line_break(name):
    accepts, valid = VALIDATING[name]
    assert accepts(valid)
    assert not accepts(valid + "\n")


def test_every_anchored_pattern_in_the_package_ends_in_backslash_z_or_reads_one_line():
    """A sibling added later with `$` must say why a final line break cannot reach it."""
    line_readers = {"FENCE", "QUOTE", "ATX", "SETEXT", "HR", "ABBR_DEF", "TABLE_SEPARATOR",
                    "BOLD_LINE", "ATTR_LIST", "HEADING2", "LINK_TARGET", "STOP",
                    "ABBREVIATION_STOP", "WORDS_BEFORE"}
    package = Path(__file__).resolve().parent.parent / "pipeline"
    offenders = []
    for path in package.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"""\$["')]""", line) and "re." in line:
                name = line.split("=", 1)[0].strip()
                if name not in line_readers:
                    offenders.append(f"{path.relative_to(package)}:{number}: {line.strip()}")
    assert offenders == []
