"""Injection: script in content, front matter, subscriber names and feed entries runs nowhere.

One project is built once for the whole module: briefings carrying script payloads in
the body and in every front-matter string (attribute lists, a reserved id, hostile
addresses), subscribers with script in their names, two external feeds that have been
tampered with (one with markup in its entries, one whose links hold line breaks, tabs
and the end of a Markdown link), an updated item, a newsletter, and log entries with
formula and script payloads. Every payload calls `pwned('<case>')`, a
function the browser exposes to the test, so any payload that runs, in any frame,
is recorded by name. Each page and email is loaded in headless Chromium; then every
inline event handler on the page is fired and every javascript: link is followed,
as a reader hovering and clicking around would. Nothing may call `pwned`.
"""

from __future__ import annotations

import csv
import email
import email.policy
import os
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from browser import chromium_available, launch_chromium, serve_folder
from conftest import REPO, SECTIONS, Project, briefing_text
from pipeline.evidence.chain import FORMULA_START

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not chromium_available(), reason="needs Chromium")]

FEEDS = {name: Path(__file__).parent / "feeds" / f"{name}.atom.xml"
         for name in ("injection", "linebreak")}
FIRE_EVERYTHING = """() => {
  let fired = 0;
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of Array.from(element.attributes)) {
      if (attribute.name.startsWith('on')) {
        element.dispatchEvent(new Event(attribute.name.slice(2)));
        fired += 1;
      }
    }
  }
  for (const link of document.querySelectorAll('a[href]')) {
    if (link.protocol === 'javascript:') { link.click(); fired += 1; }
  }
  return fired;
}"""


def body(action: str = "", information: str = "") -> str:
    """The seven sections; the payloads go where alerts quote the briefing too."""
    parts = []
    for heading in SECTIONS:
        text = "Practitioners should talk with parents about this."
        if heading == "Information" and information:
            text += "\n\n" + information
        if heading == "What you should do" and action:
            text += "\n\n" + action
        parts.append(f"## {heading}\n\n{text}\n")
    return "\n".join(parts)


# Payloads the checks hold back: each must keep its item off the site entirely.
HELD_BACK = {
    "body-script": dict(body=body("<script>pwned('body-script')</script>")),
    "body-img": dict(body=body('<img src="x" onerror="pwned(\'body-img\')">')),
    "body-link": dict(body=body("[Guidance for parents on safe sleep]"
                                "(javascript:pwned('body-link'))")),
    "title": dict(title="Safer sleep <script>pwned('title')</script>"),
    "summary": dict(extra=""),      # summary replaced below
    "change-note": dict(extra="updated: 2025-04-19\n"
                              "change_note: \"<svg onload=pwned('change-note')>\"\n"),
    "source-title": dict(extra="source:\n  type: other\n"
                               "  title: \"<img src=x onerror=pwned('source-title')>\"\n"),
    # An address that ends its Markdown link and starts a tag.
    "source-url": dict(extra="source:\n  type: other\n  title: Guidance\n"
                             "  url: \"https://example.org/a)<script>pwned('source-url')"
                             "</script>\"\n"),
    # Attribute lists put attributes, handlers included, on any block or link: they
    # once passed the checks and were only cleaned; now the checks hold them back.
    "attr-list": dict(body=body("Talk to parents at every visit.\n"
                                "{: tabindex=\"0\" autofocus onfocus=\"pwned('attr-list')\" }")),
    "attr-href": dict(body=body("[Guidance for parents on safe sleep](https://example.org)"
                                "{: href=\"javascript:pwned('attr-href')\" }")),
    "attr-heading": dict(body=body("### Ask about sleep {#ask .x onclick=\"pwned('attr-heading')\"}")),
}
# id: index would replace the generated list of briefings, a page once left uncleaned.
RESERVED = ("reserved-index", dict(
    id="index", body=body("Talk to parents.\n{: onclick=\"pwned('reserved-index')\" }")))
HELD_BACK_SUMMARY = "summary: \"<img src=x onerror=pwned('summary')> Why safe sleep matters.\""

# Payloads that pass the checks (each is Markdown the checks read differently from the
# site engine) and are published: the page must still run nothing.
PUBLISHED = {
    # A fence indented 1-3 spaces is code to the checks, raw HTML to the engine.
    "indented-fence": dict(body=body("   ```\n<script>pwned('indented-fence')</script>\n"
                                     "   ```")),
    # `<!--` inside inline code hid the lines after it from every rule.
    "comment-in-code": dict(body=body("Type `<!--` to start a note.\n\n"
                                      "<script>pwned('comment-in-code')</script>\n\n"
                                      "Type `-->` to end it.")),
    # A fence inside a list item.
    "fence-in-list": dict(body=body("- Talk to parents.\n\n    ```\n"
                                    "<script>pwned('fence-in-list')</script>\n    ```")),
    # An admonition's title.
    "admonition-title": dict(body=body("!!! note \"<img src=x onerror=pwned('admonition-title')>"
                                       "\"\n    Talk to parents.")),
    # A quote in an address the content may give: encoded, it ends nothing.
    "source-url-quote": dict(extra="source:\n  type: other\n  title: Guidance\n  url: "
                                   "'https://example.org/a\"onmouseover=\"pwned`source-url-quote`\"'\n"),
}

# Payloads that once passed the checks and ran on the built site: an unfinished tag
# in a title, a quote that ends the description's attribute. The checks now hold them
# back, and the page writer keeps <, > and " out of the theme's <title> and <meta>.
FORMER_HOLES = {
    "title-unclosed": dict(title="Safer sleep <img src=x onerror=pwned('title-unclosed')//"),
    "summary-quote": dict(extra="", summary="summary: 'Safer sleep\"><img src=x "
                                            "onerror=pwned(''summary-quote'')//'"),
}
HELD_BACK.update(FORMER_HOLES)
HOLES: dict = {}   # payloads that pass the checks and run on the site: none known
NAMES = ["<script>pwned('name-script')</script>", "<img src=x onerror=pwned('name-img')>",
         "\"><svg onload=pwned('name-svg')>"]
FORMULA_NOTE = '=HYPERLINK("https://evil.example/","Click for the update")'


def write_item(project: Project, case: str, fields: dict) -> None:
    fields = dict(fields)
    summary = fields.pop("summary", None)
    text = briefing_text(id=fields.pop("id", case), title=fields.pop("title", f"Learning case {case}"),
                         date="2025-04-18", audience="[all-practitioners]", **fields)
    if summary:
        text = text.replace("summary: Why safe sleep matters and what to say to parents.",
                            summary)
    project.write(f"content/briefings/{case}.md", text)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The whole story, once: publish, alert, update, poll a feed, preview, send, report."""
    root = tmp_path_factory.mktemp("hostile") / "project"
    project = Project(root)
    (root / "content/briefings").mkdir(parents=True)
    project.write("mkdocs.yml", (REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    feeds = ""
    for name, path in FEEDS.items():
        server.expect_request(f"/{name}.atom").respond_with_data(
            path.read_bytes(), content_type="application/atom+xml")
        feeds += f"  - name: Hostile {name}\n    url: {server.url_for(f'/{name}.atom')}\n"
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\n"
                                 "mail:\n  transport: maildir\n"
                                 f"feeds:\n{feeds}")
    rows = "".join(f'p{n}@example.org,"{name.replace(chr(34), chr(34) * 2)}",health,,immediate\n'
                   for n, name in enumerate(NAMES))
    project.write("subscribers.csv", "email,name,audiences,themes,frequency\n" + rows)
    old_key = os.environ.pop("CASCADE_SIGNING_KEY", None)   # maildir makes its own key
    try:
        assert project.cascade("subscribers", "import", "subscribers.csv").exit_code == 0
        write_item(project, "good", dict(title="Sleep 'safely' & soundly", body=body(
            "Use `<script>pwned('code-span')</script>` only as an example.",
            "```\n<img src=x onerror=\"pwned('fence')\">\n```\n\n"
            "&lt;script&gt;pwned('entity')&lt;/script&gt;")))
        for case, fields in HELD_BACK.items():
            write_item(project, case, fields)
        write_item(project, "summary", dict(summary=HELD_BACK_SUMMARY))
        write_item(project, *RESERVED)
        for case, fields in PUBLISHED.items():
            write_item(project, case, fields)
        for case, (fields, _why) in HOLES.items():
            write_item(project, case, fields)
        assert project.cascade("feeds", "poll", "--now", "2025-04-20T08:00").exit_code == 0
        first = project.cascade("run", "--now", "2025-04-20T09:00")
        write_item(project, "good", dict(title="Sleep 'safely' & soundly", extra=(
            f"updated: 2025-04-21\nchange_note: '{FORMULA_NOTE.replace(chr(39), chr(39) * 2)}'\n"),
            body=body("Use `<script>pwned('code-span')</script>` only as an example.")))
        update = project.cascade("run", "--now", "2025-04-21T09:00")
        assert update.exit_code == 1, update.output         # the held-back items
        added = project.cascade("log", "add", "--item", "good", "--channel", "team-briefing",
                                "--audience", "health", "--by", "@SUM(1+1)",
                                "--notes", "<script>pwned('log-notes')</script> -1+1",
                                "--when", "2025-04-22T10:00", "--now", "2025-04-22T12:00")
        assert added.exit_code == 0, added.output
        preview = project.cascade("newsletter", "preview", "--now", "2025-04-25T09:00")
        assert preview.exit_code == 0, preview.output
        issue = project.cascade("run", "--now", "2025-05-01T10:00")
        for fmt in ("html", "csv"):
            report = project.cascade("log", "report", "--format", fmt, "--output",
                                     f"report.{fmt}", "--now", "2025-05-02T09:00")
            assert report.exit_code == 0, report.output
    finally:
        if old_key is not None:
            os.environ["CASCADE_SIGNING_KEY"] = old_key
        server.clear()
        server.stop()
    project.outputs = {"first": first.output, "update": update.output, "issue": issue.output}
    return project


class Probe:
    """One browser tab that records every call to pwned(), in any frame of any page."""

    def __init__(self, browser):
        self.context = browser.new_context()
        self.calls: list = []
        self.context.expose_binding("pwned", lambda _source, which=None: self.calls.append(which))
        self.page = self.context.new_page()
        self.page.on("dialog", lambda dialog: (self.calls.append(f"dialog: {dialog.message}"),
                                               dialog.dismiss()))

    def fired(self, load) -> list:
        """Load a page, fire every handler and javascript: link on it; what called pwned()."""
        self.calls.clear()
        self.page.goto("about:blank")    # set_content needs an HTML document, not a feed
        load(self.page)
        self.page.evaluate(FIRE_EVERYTHING)
        self.page.wait_for_load_state("load")
        return list(self.calls)


@pytest.fixture(scope="module")
def probe():
    with launch_chromium() as browser:
        tab = Probe(browser)
        yield tab
        tab.context.close()


def site_pages(project: Project) -> list[str]:
    site = project.root / "site"
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")) + \
        ["feeds/briefings.xml", "feeds/procedures.xml"]


def emails(project: Project) -> list:
    folder = project.root / ".cascade/outbox/new"
    return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(folder.iterdir())]


def test_payloads_the_checks_catch_keep_their_items_off_the_site(hostile):
    first = hostile.outputs["first"]
    for case in [*HELD_BACK, "summary"]:
        assert f"Held back: content/briefings/{case}.md: " in first, case
        assert not (hostile.root / f"site/briefings/{case}.html").exists()
    for rule in ("html-script", "html-not-allowed", "html-event-handler", "url-javascript",
                 "attr-list-not-allowed", "id-reserved", "value-invalid"):
        assert f": {rule}: " in first, rule
    assert "Held back: content/briefings/reserved-index.md: " in first
    published = {p.stem for p in (hostile.root / "site/briefings").glob("*.html")}
    assert published == {"index", "good", *PUBLISHED, *HOLES}


def test_no_payload_runs_on_any_built_page(hostile, probe):
    """Every page of the site, served over HTTP, with every handler fired: the payloads
    the checks catch, those they miss, the feed's entries. The pages of the known holes
    are left to the test below, one case each."""
    calls = {}
    with serve_folder(hostile.root / "site") as url:
        for name in site_pages(hostile):
            if name.startswith("briefings/") and Path(name).stem in HOLES:
                continue
            found = probe.fired(lambda page: page.goto(url + name, wait_until="load"))
            if found:
                calls[name] = found
    assert calls == {}
    national = (hostile.root / "site/national-updates.html").read_text(encoding="utf-8")
    assert "Guidance update" in national                     # the feed entry is there, inert
    good = (hostile.root / "site/briefings/good.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;pwned(&#39;code-span&#39;)&lt;/script&gt;" in good or \
        "&lt;script&gt;pwned('code-span')&lt;/script&gt;" in good


SCRIPT_TRACES = """() => ({
  global: window.cascadeXss === undefined ? null : String(window.cascadeXss),
  title: document.title,
  javascript: Array.from(document.querySelectorAll('a[href], area[href], [src], [action]'))
    .map(e => e.href || e.src || e.action || '')
    .filter(address => String(address).trim().toLowerCase().startsWith('javascript:')),
})"""


def test_no_script_ran_and_no_javascript_address_on_any_page(hostile, probe):
    """Every generated page, the national updates and newsletter pages built from feeds
    whose links hold line breaks and tabs included: no payload set the global or the
    title, called pwned(), or left a javascript: address."""
    national = (hostile.root / "site/national-updates.html").read_text(encoding="utf-8")
    assert "Link with a line break" in national and "Link with a tab" in national
    archive = next((hostile.root / "site/newsletters").glob("newsletter-*.html"))
    assert "Link with a line break" in archive.read_text(encoding="utf-8")
    traces, titles = {}, {}
    with serve_folder(hostile.root / "site") as url:
        for name in site_pages(hostile):
            if not name.endswith(".html"):
                continue
            calls = probe.fired(lambda page: page.goto(url + name, wait_until="load"))
            found = probe.page.evaluate(SCRIPT_TRACES)
            titles[name] = found["title"]
            if calls or found["global"] is not None or found["javascript"]:
                traces[name] = (calls, found)
    assert traces == {}
    generated = {"index.html", "briefings/index.html", "themes/index.html",
                 "procedures/index.html", "national-updates.html", "newsletters/index.html",
                 f"newsletters/{archive.name}", "briefings/good.html", "accessibility.html"}
    assert generated <= set(titles)                  # every kind of generated page
    assert not [t for t in titles.values() if "pwned" in t or "xss" in t.lower()]
    # The addresses are there, percent-encoded: the line break did not end the link.
    assert 'href="https://www.gov.uk/a%0A%3Cscript%3Epwned%60feed-link-newline%60' in national
    assert 'href="https://www.gov.uk/c%29%0A%0A%3Csvg/onload=window.cascadeXss' in national


def test_an_item_with_a_reserved_id_leaves_the_generated_listing_in_place(hostile):
    listing = (hostile.root / "site/briefings/index.html").read_text(encoding="utf-8")
    assert "All briefings" in listing and "reserved-index" not in listing
    assert "content/briefings/reserved-index.md:2: id-reserved: id 'index' is the name of " \
        "a page the site makes itself" in hostile.outputs["first"]


@pytest.mark.parametrize("case", sorted(FORMER_HOLES))
def test_a_payload_that_passes_the_checks_runs_nothing_on_its_page(hostile, probe, case):
    page = hostile.root / f"site/briefings/{case}.html"
    if not page.exists():
        return                         # held back by the checks: that is inert too
    with serve_folder(hostile.root / "site") as url:
        assert probe.fired(lambda tab: tab.goto(f"{url}briefings/{case}.html",
                                                wait_until="load")) == []


def test_no_payload_runs_in_any_email_or_preview(hostile, probe):
    """Alerts (new and updated), the newsletter with the feed's entries, to subscribers
    whose names are script; and the newsletter preview. The action section is rendered
    and cleaned with nh3, everything else is escaped."""
    messages = emails(hostile)
    subjects = [str(m["Subject"]) for m in messages]
    assert subjects.count("Learning newsletter: May 2025") == len(NAMES)
    assert sum(s.startswith("Updated 7-minute briefing") for s in subjects) == len(NAMES)
    assert sum(s.startswith("New 7-minute briefing") for s in subjects) == \
        len(NAMES) * (1 + len(PUBLISHED) + len(HOLES))
    pages = [m.get_body(("html",)).get_content() for m in messages]
    pages += [p.read_text(encoding="utf-8")
              for p in (hostile.root / "newsletter-preview").glob("*.html")]
    newsletter = next(p for p, s in zip(pages, subjects) if s.startswith("Learning newsletter"))
    assert "Guidance update" in newsletter and "Plain title with [brackets]" in newsletter
    calls = {}
    for number, html in enumerate(pages):
        found = probe.fired(lambda page: page.set_content(html, wait_until="load"))
        if found:
            calls[number] = found
    assert calls == {}
    for message in messages:                   # the names are there, as text
        text = message.get_body(("plain",)).get_content()
        assert any(f"Hello {name}," in text for name in NAMES), text[:200]


def test_formula_payloads_are_inert_in_the_log_and_its_exports(hostile):
    rows = hostile.log_rows()
    updated = next(r for r in rows if r["action"] == "updated")
    assert updated["notes"] == "'" + FORMULA_NOTE
    offline = next(r for r in rows if r["action"] == "delivered-offline")
    assert offline["disseminated_by"] == "'@SUM(1+1)"
    for row in rows:
        for column, value in row.items():
            assert not value.startswith(FORMULA_START), (column, value)
    with open(hostile.root / "report.csv", encoding="utf-8", newline="") as handle:
        cells = [cell for line in csv.reader(handle) for cell in line]
    risky = [cell for cell in cells if cell.startswith(FORMULA_START)]
    assert cells and risky == []


def test_the_log_report_page_runs_nothing(hostile, probe):
    html = (hostile.root / "report.html").read_text(encoding="utf-8")
    assert "soundly" in html                    # the items' rows are in the report ...
    assert probe.fired(lambda page: page.set_content(html, wait_until="load")) == []
