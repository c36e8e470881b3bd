"""Each briefing's PDF: tagged PDF/UA-1 with its title, language, headings and alt text,
linked from the page, and made again only when the briefing changes."""

from __future__ import annotations

import base64
from datetime import datetime

import pikepdf
import pypdf

from conftest import SECTIONS
from pipeline.content.load import load_content
from pipeline.publish import build_site

NOW = "2025-06-01T12:00"
# A 1x1 PNG: a real picture for the briefing to show.
DOT_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")
BODY_WITH_PICTURE = "\n".join(
    f"## {h}\n\nPractitioners should talk with parents about this.\n"
    + ("\n![A cot with a firm flat mattress and no bumpers](safe-cot.png)\n"
       if h == "Information" else "")
    for h in SECTIONS)


def run(project, now=NOW, command="run"):
    result = project.cascade(command, "--now", now)
    assert result.exit_code == 0, result.output
    return result


def structure(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element of the tagged PDF, depth first."""
    found = []

    def walk(node):
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                found.append(node)
            if "/K" in node:
                walk(node.K)
    walk(pdf.Root.StructTreeRoot.K)
    return found


def text_of(path) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
                    .split())


def test_a_briefing_gets_a_tagged_accessible_pdf(project):
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\n"
                                 "partnership: Northshire Safeguarding Children Partnership\n")
    project.briefing("safer-sleep", body=BODY_WITH_PICTURE)
    project.write("content/briefings/safe-cot.png", DOT_PNG)
    run(project)
    path = project.root / "site/briefings/safer-sleep.pdf"
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert str(root.Lang) == "en-GB"
        assert str(pdf.docinfo.Title) == "Safer sleep for babies"
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert root.MarkInfo.Marked is True
        with pdf.open_metadata() as xmp:
            assert xmp.get("pdfuaid:part") == "1"      # declares PDF/UA-1
        elements = structure(pdf)
        kinds = [str(e.S) for e in elements]
        figures = [e for e in elements if e.S == "/Figure"]
        assert len(figures) == 1, kinds
        assert all(str(f.get("/Alt", "")).strip() for f in figures)
        assert str(figures[0].Alt) == "A cot with a firm flat mattress and no bumpers"
        assert kinds.count("/H1") == 1 and kinds.count("/H2") == len(SECTIONS)
    text = text_of(path)
    assert "Safer sleep for babies" in text
    for heading in SECTIONS:
        assert heading in text
    # Whose it is, where it lives online, and when it was made.
    assert "Northshire Safeguarding Children Partnership" in text
    assert "https://learning.example-scp.org.uk/briefings/safer-sleep.html" in text
    assert "Generated 1 June 2025" in text


def test_the_page_links_to_its_pdf_in_the_facts_panel(project):
    project.briefing("safer-sleep")
    run(project)
    page = (project.root / "site/briefings/safer-sleep.html").read_text(encoding="utf-8")
    facts = page[page.index('class="cascade-facts"'):page.index("</aside>")]
    assert '<a href="safer-sleep.pdf">Download PDF</a>' in facts
    size = (project.root / "site/briefings/safer-sleep.pdf").stat().st_size
    assert f"(A4, {max(1, round(size / 1024))} KB)" in facts
    # The PDF itself does not link to itself, and its links lead to the website.
    text = text_of(project.root / "site/briefings/safer-sleep.pdf")
    assert "Download PDF" not in text
    assert "https://learning.example-scp.org.uk/themes/safer-sleep.html" in text


def test_a_pdf_is_made_again_only_when_its_briefing_changes(project):
    project.briefing("safer-sleep")
    project.briefing("neglect", title="Neglect")
    run(project, "2025-06-01T12:00")
    site_pdf = project.root / "site/briefings/safer-sleep.pdf"
    cached = list((project.root / ".cascade/build/pdf").glob("safer-sleep.*.pdf"))
    assert len(cached) == 1
    before = (site_pdf.read_bytes(), site_pdf.stat().st_mtime_ns, cached[0].stat().st_mtime_ns)
    # Another briefing changes, a day later: the site is rebuilt, this PDF is not.
    project.briefing("neglect", title="Neglect: the new toolkit")
    result = run(project, "2025-06-02T12:00")
    assert "Built site/" in result.output
    assert (site_pdf.read_bytes(), site_pdf.stat().st_mtime_ns,
            cached[0].stat().st_mtime_ns) == before
    assert "Generated 1 June 2025" in text_of(site_pdf)
    assert "Neglect: the new toolkit" in text_of(project.root / "site/briefings/neglect.pdf")
    # This briefing changes: its PDF is made again, and the old one is not kept.
    project.briefing("safer-sleep", title="Safer sleep: the 2025 advice")
    run(project, "2025-06-03T12:00")
    assert site_pdf.read_bytes() != before[0]
    text = text_of(site_pdf)
    assert "Safer sleep: the 2025 advice" in text and "Generated 3 June 2025" in text
    assert not cached[0].exists()
    assert len(list((project.root / ".cascade/build/pdf").glob("safer-sleep.*.pdf"))) == 1


def test_a_changed_picture_makes_the_pdf_again(project, monkeypatch):
    monkeypatch.chdir(project.root)     # the engine reads the glossary from the project
    project.briefing("safer-sleep", body=BODY_WITH_PICTURE)
    picture = project.write("content/briefings/safe-cot.png", DOT_PNG)
    config = project.config
    public = load_content(config)
    build_site(config, public, now=datetime(2025, 6, 1, 12, tzinfo=config.tz))
    cached = list((project.root / ".cascade/build/pdf").glob("*.pdf"))
    build_site(config, public, now=datetime(2025, 6, 2, 12, tzinfo=config.tz))
    assert list((project.root / ".cascade/build/pdf").glob("*.pdf")) == cached
    picture.write_bytes(DOT_PNG + b"\0")       # trailing bytes: another file, same picture
    build_site(config, public, now=datetime(2025, 6, 3, 12, tzinfo=config.tz))
    assert not cached[0].exists()
    assert "Generated 3 June 2025" in text_of(project.root / "site/briefings/safer-sleep.pdf")


def test_a_withdrawn_briefing_loses_its_pdf(project):
    project.briefing("safer-sleep")
    run(project, "2025-06-01T12:00")
    assert (project.root / "site/briefings/safer-sleep.pdf").exists()
    project.briefing("safer-sleep", status="withdrawn")
    run(project, "2025-06-02T12:00")
    assert not (project.root / "site/briefings/safer-sleep.pdf").exists()
    assert list((project.root / ".cascade/build/pdf").glob("*.pdf")) == []
    page = (project.root / "site/briefings/safer-sleep.html").read_text(encoding="utf-8")
    assert "Download PDF" not in page


def test_the_pdf_fetches_nothing_from_the_network(project, httpserver):
    """A picture from another site stays out of the PDF: a build never reaches out."""
    httpserver.expect_request("/tracker.png").respond_with_data(DOT_PNG,
                                                               content_type="image/png")
    body = BODY_WITH_PICTURE.replace("safe-cot.png", httpserver.url_for("/tracker.png"))
    project.briefing("safer-sleep", body=body)
    run(project, command="build")
    assert (project.root / "site/briefings/safer-sleep.pdf").exists()
    assert httpserver.log == []
