"""Pictures beside the content: checked by their bytes, copied into the site with a hash
in their names, rebuilt when they change, and sent in emails as links."""

from __future__ import annotations

import hashlib
import os
import re

import pytest

from browser import chromium_available, launch_chromium, serve_folder
from conftest import SECTIONS
from pictures import EXE, SVG, png

NOW = "2025-06-01T09:00:00+00:00"
B = "content/briefings/safer-sleep.md"
LINE = 21      # the picture's line in the briefing briefing_with writes
ALT = "A cot with a firm flat mattress and nothing else in it"


def briefing_with(project, dest: str, alt: str = ALT):
    body = "\n".join(f"## {h}\n\nPractitioners should talk with parents about this.\n"
                     for h in SECTIONS)
    body = body.replace("## Information\n", f"## Information\n\n![{alt}]({dest})\n", 1)
    path = project.briefing("safer-sleep", body=body)
    assert path.read_text().split("\n")[LINE - 1] == f"![{alt}]({dest})"
    return path


def hashed(data: bytes, name: str = "image-1", ext: str = ".png") -> str:
    return f"{name}.{hashlib.sha256(data).hexdigest()[:8]}{ext}"


def test_a_picture_beside_a_briefing_is_copied_into_the_site_with_a_hash_in_its_name(project):
    picture = png(40, 30)
    project.write("content/briefings/safer-sleep/image-1.png", picture)
    briefing_with(project, "safer-sleep/image-1.png")
    result = project.cascade("build", "--now", NOW)
    assert result.exit_code == 0, result.output
    copy = project.root / "site/briefings/safer-sleep" / hashed(picture)
    assert copy.read_bytes() == picture
    page = (project.root / "site/briefings/safer-sleep.html").read_text(encoding="utf-8")
    assert f'<img alt="{ALT}" src="safer-sleep/{hashed(picture)}"' in page


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="needs Chromium (apt install chromium)")
def test_the_published_picture_shows_in_chromium(project):
    project.write("content/briefings/safer-sleep/image-1.png", png(40, 30))
    briefing_with(project, "safer-sleep/image-1.png")
    assert project.cascade("build", "--now", NOW).exit_code == 0
    with serve_folder(project.root / "site") as url, launch_chromium() as browser:
        page = browser.new_page()
        page.goto(url + "briefings/safer-sleep.html")
        image = page.get_by_role("img", name=ALT)
        image.wait_for()
        page.wait_for_function("() => [...document.images].every(i => i.complete)")
        assert image.evaluate("i => [i.naturalWidth, i.naturalHeight]") == [40, 30]


def test_a_picture_with_spaces_in_its_name_is_published(project):
    picture = png(40, 30)
    project.write("content/briefings/safer-sleep/body map.png", picture)
    briefing_with(project, "safer-sleep/body%20map.png")
    assert project.cascade("build", "--now", NOW).exit_code == 0
    assert (project.root / "site/briefings/safer-sleep" / hashed(picture, "body map")).is_file()
    page = (project.root / "site/briefings/safer-sleep.html").read_text(encoding="utf-8")
    assert f'src="safer-sleep/{hashed(picture, "body%20map")}"' in page


def test_a_missing_picture_is_an_error_with_its_line(project):
    briefing_with(project, "safer-sleep/image-1.png")
    result = project.cascade("check")
    assert result.exit_code == 1
    assert (f'  {B}:{LINE}: image-missing: image "safer-sleep/image-1.png": there is no such '
            "file - fix: put the picture in content/ and give its path relative to this file, "
            "e.g. ![Body map](safer-sleep/image-1.png)") in result.output.splitlines()


@pytest.mark.parametrize("dest", ["../../cascade.yml", "../../../outside.png",
                                  "safer-sleep/link.png"])
def test_a_picture_outside_the_content_folder_is_an_error(project, dest):
    (project.root.parent / "outside.png").write_bytes(png())
    project.write("content/briefings/safer-sleep/.keep", "")
    os.symlink(project.root.parent / "outside.png",
               project.root / "content/briefings/safer-sleep/link.png")
    briefing_with(project, dest)
    result = project.cascade("check")
    assert result.exit_code == 1
    assert (f'  {B}:{LINE}: image-missing: image "{dest}": the path leads outside the content '
            "folder - fix: copy the picture into content/, beside the briefing, and link to the "
            "copy") in result.output.splitlines()


def test_a_picture_name_too_long_for_the_file_system_is_missing_not_a_crash(project):
    briefing_with(project, "x" * 5000 + ".png")
    result = project.cascade("check")
    assert result.exit_code == 1
    assert f"{B}:{LINE}: image-missing: image " in result.output


def test_a_program_renamed_to_png_is_not_a_picture(project):
    project.write("content/briefings/safer-sleep/image-1.png", EXE)
    briefing_with(project, "safer-sleep/image-1.png")
    result = project.cascade("check")
    assert result.exit_code == 1
    assert (f'  {B}:{LINE}: image-not-picture: image "safer-sleep/image-1.png" is not a PNG, '
            "JPEG, GIF, WebP or SVG picture (judged by its contents, not its name) - fix: save "
            "or export the picture as PNG or JPEG and link to that file"
            ) in result.output.splitlines()


def test_a_picture_over_the_size_limit_is_an_error(project):
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\n"
                                 "images:\n  max_bytes: 100000\n")
    project.write("content/briefings/safer-sleep/image-1.png", png() + bytes(150_000))
    briefing_with(project, "safer-sleep/image-1.png")
    result = project.cascade("build", "--now", NOW)
    assert result.exit_code == 1
    assert (f'  {B}:{LINE}: image-too-large: image "safer-sleep/image-1.png" is 0.2 MB; the '
            "limit is 0.1 MB (images.max_bytes) - fix: make it smaller: resize it to at most "
            "2,000 pixels wide, or save a photo as JPEG") in result.output.splitlines()
    assert not (project.root / "site/briefings/safer-sleep").exists()


def test_the_default_size_limit_is_two_megabytes(project):
    project.write("content/briefings/safer-sleep/image-1.png", png() + bytes(2_000_001))
    briefing_with(project, "safer-sleep/image-1.png")
    assert [f for f in project.findings(NOW) if "image-too-large" in f] == [
        f'{B}:{LINE}: image-too-large: image "safer-sleep/image-1.png" is 2.0 MB; the limit is '
        "2.0 MB (images.max_bytes) - fix: make it smaller: resize it to at most 2,000 pixels "
        "wide, or save a photo as JPEG"]


def test_a_picture_far_wider_than_the_page_is_a_warning_with_its_size(project):
    project.write("content/briefings/safer-sleep/image-1.png", png(2400, 1600))
    briefing_with(project, "safer-sleep/image-1.png")
    assert project.findings(NOW) == [
        f'{B}:{LINE}: image-dimensions: warning: image "safer-sleep/image-1.png" is 2,400 x '
        "1,600 pixels, far wider than a page shows it (2,000) - fix: resize it to at most "
        "2,000 pixels wide"]


@pytest.mark.parametrize("svg, problem", [
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "it contains a <script> element"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
     'it has an event handler ("onload")'),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
     b'<image x:href="https://tracker.example/p.png"/></svg>',
     "it refers to something outside the picture (href)"),
    (b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
     "it declares entities"),
])
def test_an_svg_with_a_script_or_outside_reference_is_refused(project, svg, problem):
    project.write("content/briefings/safer-sleep/chart.svg", svg)
    briefing_with(project, "safer-sleep/chart.svg")
    result = project.cascade("build", "--now", NOW)
    assert result.exit_code == 1
    assert (f'  {B}:{LINE}: image-svg-unsafe: SVG image "safer-sleep/chart.svg" cannot be '
            f"published: {problem} - fix: export the drawing again as a plain SVG (no scripts, "
            "links or embedded content), or as PNG") in result.output.splitlines()
    assert not list((project.root / "site").rglob("*.svg"))


@pytest.mark.parametrize("svg", [SVG, SVG.replace(b"<svg", b'<!DOCTYPE svg PUBLIC "-//W3C//DTD '
                                                  b'SVG 1.1//EN" "http://www.w3.org/Graphics/'
                                                  b'SVG/1.1/DTD/svg11.dtd">\n<svg')])
def test_a_plain_svg_is_published(project, svg):
    project.write("content/briefings/safer-sleep/chart.svg", svg)
    briefing_with(project, "safer-sleep/chart.svg")
    assert project.cascade("build", "--now", NOW).exit_code == 0
    copy = project.root / "site/briefings/safer-sleep" / hashed(svg, "chart", ".svg")
    assert copy.read_bytes() == svg


def test_changing_the_picture_rebuilds_the_site_and_is_checked_again(project):
    picture = project.write("content/briefings/safer-sleep/image-1.png", png(filler=1))
    briefing_with(project, "safer-sleep/image-1.png")
    assert project.cascade("build", "--now", NOW).exit_code == 0
    folder = project.root / "site/briefings/safer-sleep"
    assert [p.name for p in folder.iterdir()] == [hashed(png(filler=1))]

    picture.write_bytes(png(filler=2))      # the Markdown file is untouched
    result = project.cascade("build", "--now", NOW)
    assert result.exit_code == 0
    assert result.output.startswith("Built site/")
    assert [p.name for p in folder.iterdir()] == [hashed(png(filler=2))]
    page = (project.root / "site/briefings/safer-sleep.html").read_text(encoding="utf-8")
    assert f'src="safer-sleep/{hashed(png(filler=2))}"' in page

    picture.write_bytes(EXE)                # the check result for the old bytes is not reused
    result = project.cascade("check")
    assert result.exit_code == 1
    assert f"{B}:{LINE}: image-not-picture" in result.output


def test_an_email_about_a_briefing_links_to_its_picture_instead_of_showing_it(project):
    from pipeline.content.load import load_content
    from pipeline.mail import compose

    picture = png(40, 30)
    project.write("content/briefings/safer-sleep/image-1.png", picture)
    body = "\n".join(f"## {h}\n\nPractitioners should talk with parents about this.\n"
                     for h in SECTIONS)
    body = body.replace("## What you should do\n", "## What you should do\n\nUse the leaflet."
                        f"\n\n![{ALT}](safer-sleep/image-1.png)\n", 1)
    project.briefing("safer-sleep", body=body)
    config = project.config
    item = next(i for i in load_content(config) if i.id == "safer-sleep")
    entry = compose.entry(config, item)
    links = {"preferences": "https://learning.example-scp.org.uk/p",
             "unsubscribe": "https://learning.example-scp.org.uk/u"}
    _subject, html, text = compose.alert(config, entry, None, links)
    url = f"https://learning.example-scp.org.uk/briefings/safer-sleep/{hashed(picture)}"
    assert "<img" not in html
    assert re.search(rf'<a href="{re.escape(url)}"[^>]*>Image: {ALT}</a>', html)
    assert f"Image: {ALT} ({url})" in text
