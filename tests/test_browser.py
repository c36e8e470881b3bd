"""The built site in a real browser: axe-core on every page type, print, keyboard.

The bundled sample is built once per session with `cascade build`, served on
loopback and opened in headless Chromium. The gate: no violation of a WCAG 2.2 A
or AA rule, and no critical or serious best-practice violation, on any page type
at desktop and phone width.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from browser import (DESKTOP, PHONE, axe_violations, blocking, chromium_available,
                     launch_chromium, serve_folder, summary)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="needs Chromium (apt install chromium)"),
]

REPO = Path(__file__).resolve().parent.parent
SAMPLE_NOW = "2026-11-01T12:00"

# Rules not run, each with the reason. None today: the theme's failures are fixed in
# pipeline/site/assets/cascade.css and pipeline/site/overrides/, not hidden here.
EXCLUDED_RULES: dict[str, str] = {}

BRIEFING = "briefings/invisible-men-non-mobile-babies.html"  # source, updates, page history
BRIEFING_WITH_LINKS = "briefings/neglect-toolkit.html"       # external links, printed
PAGE_TYPES = {
    "home": "index.html",
    "briefings index": "briefings/index.html",
    "themes index": "themes/index.html",
    "theme": "themes/neglect.html",
    "briefing": BRIEFING,
    "briefing with links": BRIEFING_WITH_LINKS,
    "procedure changes index": "procedures/index.html",
    "procedure change": "procedures/agency-roles-serious-violence-2024-06.html",
    "accessibility statement": "accessibility.html",
    "privacy notice": "privacy.html",
    "not found": "404.html",
}
PHONE_PAGES = ["home", "briefing", "procedure changes index"]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The bundled sample, built as a user builds it."""
    root = tmp_path_factory.mktemp("browser") / "sample"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    if (REPO / "cascade.yml").exists():
        shutil.copy(REPO / "cascade.yml", root / "cascade.yml")
    result = subprocess.run([sys.executable, "-m", "pipeline", "build", "--now", SAMPLE_NOW],
                            cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Built site/" in result.stdout
    return root / "site"


@pytest.fixture(scope="session")
def site_url(built_site):
    with serve_folder(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    with launch_chromium() as chromium:
        yield chromium


@pytest.fixture
def page(browser):
    page = browser.new_page(viewport=DESKTOP)
    yield page
    page.close()


def assert_no_blocking(violations) -> None:
    failing = blocking(violations)
    assert failing == [], summary(failing)


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_passes_the_gate_at_desktop_width(name, browser, site_url):
    assert_no_blocking(axe_violations(site_url + PAGE_TYPES[name], browser=browser,
                                      exclude_rules=EXCLUDED_RULES))


@pytest.mark.parametrize("name", PHONE_PAGES)
def test_page_type_passes_the_gate_on_a_320px_phone(name, browser, site_url):
    page = browser.new_page(viewport=PHONE)
    try:
        page.goto(site_url + PAGE_TYPES[name])
        # Nothing may need sideways scrolling at 320 px (WCAG 1.4.10 Reflow).
        overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 320px wide"
        assert_no_blocking(axe_violations(page, exclude_rules=EXCLUDED_RULES))
    finally:
        page.close()


@pytest.fixture(scope="session")
def withdrawn_site(tmp_path_factory) -> Path:
    """A briefing published, then withdrawn with a note and a replacement."""
    from conftest import briefing_text
    root = tmp_path_factory.mktemp("withdrawn") / "project"
    (root / "content/briefings").mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "cascade.yml").write_text("site_url: https://learning.example-scp.org.uk/\n")
    old, new = root / "content/briefings/old.md", root / "content/briefings/new.md"
    old.write_text(briefing_text(id="old"))
    new.write_text(briefing_text(id="new", title="Safer sleep: the 2025 advice"))
    for now in ("2025-06-01T12:00", "2025-06-03T12:00"):
        result = subprocess.run([sys.executable, "-m", "pipeline", "run", "--now", now],
                                cwd=root, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        old.write_text(briefing_text(id="old", status="withdrawn", extra=(
            'change_note: "The national advice changed."\nreplaced_by: new\n')))
    return root / "site"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", ["briefings/old.html", "404.html"])
def test_the_withdrawn_and_not_found_pages_pass_the_gate(path, viewport, browser,
                                                         withdrawn_site):
    page = browser.new_page(viewport=viewport)
    try:
        with serve_folder(withdrawn_site) as url:
            page.goto(url + path)
            assert "withdrawn" in page.locator("article").inner_text() if "old" in path \
                else page.locator("h1").inner_text() == "Page not found"
            overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
            assert_no_blocking(axe_violations(page, exclude_rules=EXCLUDED_RULES))
    finally:
        page.close()


def test_the_not_found_page_searches_the_site(page, site_url):
    page.goto(site_url + "404.html")
    page.get_by_role("searchbox", name="Search this site").fill("neglect")
    page.get_by_role("button", name="Search", exact=True).click()
    page.locator(".md-search-result__item").first.wait_for()
    assert page.locator(".md-search__input").input_value() == "neglect"
    assert "matching documents" in page.locator(".md-search-result__meta").inner_text()


def test_search_results_pass_the_gate(page, site_url):
    page.goto(site_url + "index.html")
    search = page.locator(".md-search__input")
    search.click()
    search.press_sequentially("neglect")
    page.locator(".md-search-result__item").first.wait_for()
    assert "matching documents" in page.locator(".md-search-result__meta").inner_text()
    assert_no_blocking(axe_violations(page, exclude_rules=EXCLUDED_RULES))


BREAKAGES = {
    # A grey-on-white link: 1.9:1, far under 4.5:1.
    "grey link": (BRIEFING_WITH_LINKS, "</article>",
                  '<p>Read the <a href="#grey" style="color:#bbb">grey guidance</a> '
                  "first.</p></article>", "color-contrast"),
    # Links in running text told apart from the text by colour alone.
    "links not underlined": ("accessibility.html", "</head>",
                             "<style>.md-typeset a{text-decoration:none !important}</style>"
                             "</head>", "link-in-text-block"),
    # A dialog a screen reader cannot name (a serious best-practice rule).
    "nameless search dialog": ("index.html", re.compile(r'role="dialog"[^>]*>'),
                               'role="dialog">', "aria-dialog-name"),
}


@pytest.mark.parametrize("name", BREAKAGES)
def test_a_deliberately_broken_page_fails_the_gate(name, built_site, browser, tmp_path):
    page_path, old, new, rule = BREAKAGES[name]
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    path = site / page_path
    html = path.read_text(encoding="utf-8")
    broken = old.sub(new, html) if isinstance(old, re.Pattern) else html.replace(old, new, 1)
    assert broken != html
    path.write_text(broken, encoding="utf-8")
    with serve_folder(site) as url:
        failing = blocking(axe_violations(url + page_path, browser=browser,
                                          exclude_rules=EXCLUDED_RULES))
    report = summary(failing)
    assert [v.rule for v in failing] == [rule], report
    assert f"  {rule} (serious) on {url}{page_path}: " in report
    assert "dequeuniversity.com/rules/axe/" in report
    if name == "grey link":
        assert any("#grey" in target for target in failing[0].targets), report


def computed(page, selector: str, prop: str, pseudo: str | None = None) -> str:
    return page.eval_on_selector(
        selector, "(e, [p, pseudo]) => getComputedStyle(e, pseudo).getPropertyValue(p)",
        [prop, pseudo])


def test_a_briefing_prints_its_content_alone_on_a4(page, site_url):
    page.goto(site_url + BRIEFING_WITH_LINKS)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary",
                   ".md-footer"):
        assert computed(page, chrome, "display") == "none", f"{chrome} is printed"
    assert computed(page, "article.md-content__inner", "display") != "none"
    assert page.locator("article h1").is_visible()
    assert page.locator("article .cascade-facts").is_visible()
    # Paper has no links: an external link prints where it goes.
    link = 'article a[href="https://www.example.org.uk/toolkits/neglect-toolkit"]'
    assert "https://www.example.org.uk/toolkits/neglect-toolkit" in \
        computed(page, link, "content", "::after")
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pdf.startswith(b"%PDF") and 1 <= pages <= 4, f"{pages} A4 pages"


def test_a_printed_page_says_whose_it_is_where_it_lives_and_when_it_was_made(page, site_url):
    page.goto(site_url + BRIEFING)
    printed_from = page.locator("article .cascade-printed-from")
    assert not printed_from.is_visible()                  # paper only
    page.emulate_media(media="print")
    assert printed_from.is_visible()
    text = " ".join(printed_from.inner_text().split())
    assert text == ("Safeguarding Children Partnership "
                    f"https://learning.example-scp.org.uk/{BRIEFING} "
                    "Page generated 1 November 2026")
    # Above the title, so the first printed page says it.
    assert printed_from.bounding_box()["y"] < page.locator("article h1").bounding_box()["y"]


def test_the_download_pdf_link_gives_the_briefing_as_a_pdf(page, site_url):
    page.goto(site_url + BRIEFING)
    link = page.get_by_role("link", name="Download PDF")
    assert link.count() == 1
    response = page.request.get(link.evaluate("a => a.href"))
    assert response.status == 200
    assert response.body().startswith(b"%PDF-")


FOCUS_SHOWN = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return "nothing has focus";
  const s = getComputedStyle(e);
  const name = `${e.tagName.toLowerCase()}.${e.className} "${(e.innerText || '').trim()}"`;
  if (s.outlineStyle === "none" || parseFloat(s.outlineWidth) < 2)
    return `${name} has no visible outline`;
  const r = e.getBoundingClientRect();
  if (r.width < 1 || r.height < 1) return `${name} has no size`;
  if (r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth || r.top >= innerHeight)
    return `${name} is off screen`;
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
  const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
  const hit = document.elementFromPoint(x, y);
  if (!(hit === e || e.contains(hit) || (hit && hit.contains(e))))
    return `${name} is covered`;
  return "";
}"""


def wait_for_focus_shown(page) -> str:
    """'' once the focused element shows its focus on screen, else what is wrong."""
    problem = page.evaluate(FOCUS_SHOWN)
    for _ in range(20):  # let slide-in and fade transitions finish
        if not problem:
            break
        page.wait_for_timeout(50)
        problem = page.evaluate(FOCUS_SHOWN)
    return problem


def test_tabbing_from_the_top_reaches_skip_to_content_first(page, site_url):
    page.goto(site_url + BRIEFING)
    page.keyboard.press("Tab")
    skip = page.evaluate("() => [document.activeElement.className, "
                         "document.activeElement.innerText.trim(), "
                         "document.activeElement.getAttribute('href')]")
    assert "md-skip" in skip[0] and skip[1] == "Skip to content"
    assert computed(page, ".md-skip", "outline-style") != "none"
    assert wait_for_focus_shown(page) == ""
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == skip[2]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_early_tab_stop_shows_its_focus_on_screen(viewport, browser, site_url):
    page = browser.new_page(viewport=viewport)
    try:
        page.goto(site_url + BRIEFING)
        problems = []
        for stop in range(1, 16):  # header, search, navigation, then the content
            page.keyboard.press("Tab")
            problem = wait_for_focus_shown(page)
            if problem:
                problems.append(f"tab stop {stop}: {problem}")
        assert problems == [], "\n".join(problems)
    finally:
        page.close()
