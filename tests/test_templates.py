"""HTML comes from the Jinja2 templates, autoescaped, and from nowhere else.

One test reads every Python file in pipeline/ with `ast` and fails on an HTML tag in any
string (f-string parts too; docstrings may show markup). The others put a hostile value
into each template family (mail, web, reports, site) and check it comes out as text.
"""

from __future__ import annotations

import ast
import io
import json
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest

from conftest import REPO
from pipeline.content.load import load_content
from pipeline.evidence import report_html, reports
from pipeline.evidence.report_html import Bullets, Chart, Figure, Heading, Para, Table
from pipeline.mail import compose
from pipeline.render import environment
from pipeline.service.web import make_app
from pipeline.site import atom
from pipeline.site.pages import generate_pages, make_site

# A start or end tag as a browser reads one: "<" or "</" and a letter at once ("a < b" is text).
TAG = r"</?[a-zA-Z][a-zA-Z0-9]*[\s>/]"
# Text that looks like a tag and is no HTML, in the file named: check messages that name a
# tag to a content author (printed in a terminal), placeholders in messages and comments.
NOT_HTML = {
    ("checks/structure.py", "<abbr>, <kbd>, <sup>, <sub> and <br>"),
    ("checks/structure.py", "<script> is not allowed"),
    ("content/load.py", "<one line saying what changed>"),
    ("state.py", "publish:<item id>"),     # an SQL comment of a migration, kept as it ran
}
HOSTILE = "<script>alert(\"x\")</script> & 'co'"
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;co&#39;"


def html_in_strings(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string constant in `source` holding an HTML tag, docstrings
    left out. f-string parts are constants of their own, so they are read too."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return sorted((node.lineno, node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and id(node) not in docstrings and re.search(TAG, node.value))


def test_the_scan_finds_tags_in_strings_and_f_strings_but_not_in_docstrings():
    source = ('"""A <b>docstring</b>."""\n'
              'def f(a):\n    """<p>also a docstring</p>"""\n'
              '    x = "<p>" + a\n'
              '    y = f"<td class=\'n\'>{a}</td>"\n'
              '    z = "a < b and c<d"\n'
              '    return "</ul>"\n')
    assert html_in_strings(source) == [(4, "<p>"), (5, "</td>"), (5, "<td class='n'>"),
                                       (7, "</ul>")]


def test_no_html_tag_in_any_python_string_outside_the_templates():
    package = REPO / "pipeline"
    found = []
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package).as_posix()
        for line, text in html_in_strings(path.read_text(encoding="utf-8")):
            for where, allowed in NOT_HTML:
                text = text.replace(allowed, "") if where == rel else text
            if re.search(TAG, text):
                found.append(f"pipeline/{rel}:{line}: {text[:70]!r}")
    assert found == [], "HTML belongs in pipeline/templates/ (render.render):\n" + \
        "\n".join(found)


def test_each_allowance_is_still_needed():
    """An allowance outlives its text only by mistake: then it must go."""
    for rel, allowed in NOT_HTML:
        strings = [t for _, t in html_in_strings((REPO / "pipeline" / rel).read_text())]
        assert any(allowed in text for text in strings), (rel, allowed)


def test_every_template_compiles_and_is_autoescaped():
    env = environment()
    names = env.list_templates()
    for family in ("mail", "web", "reports", "site"):
        assert any(name.startswith(family + "/") for name in names), family
    for name in names:
        env.get_template(name)      # each one compiles
        assert env.autoescape(name) is True, name
    assert env.from_string("{{ x }}").render(x=HOSTILE) == ESCAPED


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, as a browser would read them."""

    def __init__(self, page: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def names(self) -> set[str]:
        return {tag for tag, _ in self.tags}


def assert_inert(page: str) -> Elements:
    """`page` shows HOSTILE as text: no script element, the text escaped."""
    elements = Elements(page)
    assert "script" not in elements.names()
    assert "<script" not in page.lower()
    assert ESCAPED in page or "&lt;script&gt;" in page
    return elements


@pytest.fixture
def hostile_project(project):
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\n"
                                 f"partnership: {json.dumps(HOSTILE)}\n")
    project.briefing(title="Safer sleep <script>x</script>", extra=(
        "source:\n  type: cspr\n  title: \"Review <script>alert(1)</script> & co\"\n"))
    return project


def test_a_hostile_subscriber_name_and_item_title_stay_text_in_every_email(hostile_project):
    config = hostile_project.config
    assert config["partnership"] == HOSTILE
    item = load_content(config)[0]
    entry = dict(compose.entry(config, item), title=HOSTILE, summary=HOSTILE,
                 change_note=HOSTILE, action=f"Ask {HOSTILE} about it.")
    reader = SimpleNamespace(name=HOSTILE, audiences=["health"], themes=[])
    links = {"unsubscribe": "https://x.example/u?token=a&b=\"c\"",
             "preferences": "https://x.example/p", "mailto": "mailto:a@example.org"}
    issue = {"heading": HOSTILE, "intro": HOSTILE, "url": "https://x.example/n.html",
             "sections": [(HOSTILE, [entry])]}
    for subject, html, text in (compose.alert(config, entry, reader, links),
                                compose.digest(config, [entry], reader, links, HOSTILE),
                                compose.newsletter(config, issue, reader, links)):
        elements = assert_inert(html)
        assert f"Hello {ESCAPED}," in html
        # A quote in the subject stays inside the attribute that names the message.
        (article,) = [attrs for tag, attrs in elements.tags if attrs.get("role") == "article"]
        assert article["aria-label"] == subject
        hrefs = [attrs["href"] for tag, attrs in elements.tags if tag == "a"]
        assert links["unsubscribe"] in hrefs
        assert HOSTILE in text                      # the text part is plain text


def wsgi_get(app, path: str) -> tuple[str, str]:
    answer = {}

    def start_response(status, headers):
        answer["status"] = status

    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "",
               "wsgi.input": io.BytesIO(b""), "wsgi.errors": io.StringIO()}
    body = b"".join(app(environ, start_response)).decode("utf-8")
    return answer["status"], body


def test_a_hostile_partnership_name_stays_text_on_the_subscription_pages(hostile_project):
    status, page = wsgi_get(make_app(hostile_project.config), "/nowhere")
    assert status == "404 Not Found"
    assert_inert(page)
    assert f"<title>Page not found - {ESCAPED}</title>" in page
    assert f'<header><p class="org"><a href="https://learning.example-scp.org.uk/">{ESCAPED}</a>' \
        '</p></header>' in page
    assert "<p>There is no page at this address.</p>" in page


def test_hostile_text_stays_text_in_reports_and_their_charts():
    table = Table(HOSTILE, ["Channel", "Acts"], [[HOSTILE, "3"], ["Website", "1,204"]])
    stacked = Chart(HOSTILE, "stacked", ["2025-01", "2025-02"], {HOSTILE: [2, 5], "web": [1, 0]})
    bars = Chart(HOSTILE, "bars", [HOSTILE, "Health"], {"acts": [4, 9]})
    blocks = [Heading(2, HOSTILE), Para(HOSTILE), Bullets([HOSTILE]), table,
              Figure(stacked, table), Figure(bars, table)]
    page = report_html.page(HOSTILE, [HOSTILE], blocks, HOSTILE)
    elements = assert_inert(page)
    assert f"<title>{ESCAPED}: {ESCAPED}</title>" in page
    labels = [attrs["aria-label"] for tag, attrs in elements.tags if tag == "svg"]
    assert len(labels) == 2 and all(label.startswith("Stacked column chart of <script>")
                                    or label.startswith("Bar chart of <script>")
                                    for label in labels)
    for chart in (stacked, bars):
        drawing = report_html.svg(chart)
        assert "\n" not in drawing and drawing.endswith("</svg>")
    website = reports.to_markdown(blocks, website=True)
    assert_inert(website)
    assert f'aria-label="{ESCAPED}"' in website


def test_hostile_front_matter_stays_text_in_the_facts_panel_and_the_atom_feed(hostile_project):
    config = hostile_project.config
    site = make_site(config, load_content(config))
    page = generate_pages(site)["briefings/safer-sleep-test.md"]
    panel = page[page.index("<aside"):page.index("</aside>")]
    assert panel.startswith('<aside class="cascade-facts" aria-label="About this briefing" '
                            "markdown>\n\n")
    assert "Source\n:   Review &lt;script&gt;alert(1)&lt;/script&gt; &amp; co (Child " \
        "Safeguarding Practice Review)\n\n" in panel
    assert "<script" not in panel
    feed = atom.feed(site, "briefing", site.briefings[0].meta["date"])
    assert "<title>Safer sleep &lt;script&gt;x&lt;/script&gt;</title>" in feed
    assert f"<name>{ESCAPED}</name>" in feed
    assert "<script" not in feed
