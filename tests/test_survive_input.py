"""Hostile and broken input: every file publishes or is held back with a clear finding.

Property tests (hypothesis) feed generated front matter, Markdown, raw bytes and
mutated briefings to the loader and the checks directly: no exception escapes, every
finding names the file, a real line, a rule and a fix, and whatever is not held back
can be turned into its pages and feed entry. Then specific files that have broken
other tools (a 10 MB or a sparse 4 GB file, a named pipe, deep YAML nesting, an
alias bomb, very long lines, symlinks out of content/, path-traversal ids, NUL
bytes, a byte order mark, CRLF line endings, duplicate ids) go through the CLI as a
user runs it, in a subprocess with a cap on its memory.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from datetime import datetime

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import SECTIONS, briefing_text, procedure_text
from pipeline.checks.rules import run_checks
from pipeline.settings.config import load_config
from pipeline.content.load import KEYS, STATUSES, parse_bytes
from pipeline.site import atom, pages

EXAMPLES = settings(max_examples=200, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
RULE = re.compile(r"^[a-z][a-z0-9-]*$")
NOW = datetime.fromisoformat("2026-01-01T12:00+00:00")
MEMORY_CAP = 1536 * 2 ** 20          # bytes of address space for a CLI run


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    return load_config(root=tmp_path_factory.mktemp("defaults"))


def read_and_check(raw: bytes, config, kind: str = "briefing"):
    item = parse_bytes(raw, kind, f"content/{kind}s/fuzzed.md", config)
    run_checks([item], config)
    return item


def assert_clear(item, raw: bytes, config) -> None:
    """Held back with findings that say where, what and how to fix; or publishable."""
    lines = len(re.split(rb"\r\n|\r|\n", raw)) + 1
    for finding in item.findings:
        assert finding.path == item.rel
        assert 1 <= finding.line <= lines, finding
        assert RULE.match(finding.rule), finding
        assert finding.message.strip() and finding.severity in ("error", "warning"), finding
        if finding.severity == "error":
            assert finding.fix.strip(), f"{finding.rule} gives no fix: {finding.format()}"
        assert finding.format().startswith(f"{item.rel}:{finding.line}: {finding.rule}: ")
    if item.held_back:
        assert any(f.severity == "error" for f in item.findings)
        event("held back: " + min(f.rule for f in item.findings if f.severity == "error"))
        return
    event(f"publishable ({item.status})")
    meta = item.meta
    assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", meta["id"]) and meta["status"] in STATUSES
    assert isinstance(meta["date"], datetime)
    if item.status == "ready":       # it would publish: its pages and feed entry can be made
        site = pages.make_site(config, [item])
        written = pages.generate_pages(site)
        folder = "briefings" if item.kind == "briefing" else "procedures"
        assert f"{folder}/{meta['id']}.md" in written
        assert meta["id"] in atom.feed(site, item.kind, meta["date"])


# Front matter: close to valid (the schema's own keys, the vocabulary, dates) and not.
VOCABULARY = ["neglect", "safer-sleep", "all-practitioners", "health", "ready", "draft",
              "withdrawn", "major", "minor", "cspr", "new", "updated", "2025-03-04",
              "2025-03-04T09:00", "2025-13-45", "2025-12", "https://example.org/x",
              "javascript:alert(1)", "<script>alert(1)</script>", "=HYPERLINK(\"x\")",
              "../../etc/passwd", "a\u202eb", "", " ", "null", "~", "yes", "0x1F"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                    st.text(max_size=30), st.sampled_from(VOCABULARY), st.dates(),
                    st.datetimes())
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=10)
SCHEMA_KEYS = sorted(KEYS["briefing"]["allowed"] | KEYS["procedure"]["allowed"])
VALID = yaml.safe_load(briefing_text().split("---")[1])

FRAGMENTS = [*(f"## {h}" for h in SECTIONS), "## Unknown", "# Title", "### Sub", "```", "~~~",
             "   ```", "    indented code", "\tcode", "<!--", "-->", "`", "``", "[link](https://"
             "example.org/page)", "[click here](x)", "![](photo.jpg)", "![IMG_0001](a.png)",
             "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
             "<abbr title='t'>T</abbr>",
             "<kbd>Esc</kbd>", "| a | b |", "|---|---|", "| c |", "> quote", ">>>>> deep",
             "- item", "1. item", "  - nested", "{: #anchor }", "!!! note \"t\"", "*[CSPR]: x",
             "--8<-- \"x.md\"", "&amp; &#x3c; &bogus;", "\\", "**Bold line**", "_x_", "*",
             "[", "]", "(", ")", "<", ">", "\u200b", "\u202e", "\ufeff", "\r", "---", "...",
             "word " * 40, "CSPR MASH DSL XYZ", "https://example.org", "a@b.org"]
bodies = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)),
                  max_size=40).map("\n".join)
# The seven sections in order, random Markdown inside each: past the section rule,
# so the other rules see the fragments.
sectioned = st.lists(st.lists(st.one_of(st.sampled_from(FRAGMENTS),
                                        st.just("Talk with parents about safe sleep.")),
                              max_size=6).map("\n".join), min_size=7, max_size=7).map(
    lambda parts: "\n".join(f"## {h}\n\nTalk with parents.\n\n{part}\n"
                            for h, part in zip(SECTIONS, parts)))


@st.composite
def content_files(draw) -> bytes:
    meta = dict(VALID) if draw(st.integers(0, 3)) else {}
    meta.update(draw(st.dictionaries(st.sampled_from(SCHEMA_KEYS) | st.text(min_size=1,
                                                                              max_size=10),
                                     values, max_size=3)))
    for key in draw(st.lists(st.sampled_from(sorted(meta) or ["id"]), max_size=1)):
        meta.pop(key, None)
    try:
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        front = "{}\n"
    closing = draw(st.sampled_from(["---\n", "...\n", "", "--- \n"]))
    text = "---\n" + front + closing + "\n" + draw(sectioned | bodies)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    raw = text.encode("utf-8", "surrogatepass")
    return (b"\xef\xbb\xbf" + raw) if draw(st.booleans()) else raw


@st.composite
def mutated_briefings(draw) -> bytes:
    """A valid briefing with random edits: characters in, slices out, lines moved."""
    text = briefing_text(body="\n".join(f"## {h}\n\nTalk with parents about it.\n"
                                        for h in SECTIONS))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate", "fragment"]))
        if action == "insert":
            text = text[:at] + draw(st.text(max_size=12)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif action == "duplicate":
            lines = text.split("\n")
            line = draw(st.integers(0, len(lines) - 1))
            lines.insert(line, lines[line])
            text = "\n".join(lines)
        else:
            text = text[:at] + draw(st.sampled_from(FRAGMENTS)) + text[at:]
    return text.encode("utf-8", "surrogatepass")


@EXAMPLES
@given(raw=content_files(), kind=st.sampled_from(["briefing", "procedure"]))
def test_generated_front_matter_and_markdown_publish_or_are_held_back(config, raw, kind):
    assert_clear(read_and_check(raw, config, kind), raw, config)


@EXAMPLES
@given(raw=mutated_briefings())
def test_a_valid_briefing_mangled_anywhere_publishes_or_is_held_back(config, raw):
    assert_clear(read_and_check(raw, config), raw, config)


@EXAMPLES
@given(raw=st.binary(max_size=4000))
def test_arbitrary_bytes_are_refused_with_a_finding(config, raw):
    item = read_and_check(raw, config)
    assert item.held_back
    assert_clear(item, raw, config)


@EXAMPLES
@given(body=sectioned | bodies)
def test_any_markdown_body_under_valid_front_matter_is_checked_cleanly(config, body):
    raw = briefing_text(body=body).encode("utf-8", "surrogatepass")
    assert_clear(read_and_check(raw, config), raw, config)


# Specific hostile files, through the command line.

def cascade(project, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`python -m pipeline ...` in the project, with its address space capped: a command
    that tried to read a huge file whole would fail here instead of filling the machine.
    The timeout only stops a hang from stopping the suite."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=project.root,
                          capture_output=True, text=True, timeout=timeout, preexec_fn=cap)


def finding_lines(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if line.startswith("  content/")]


def test_hostile_files_are_held_back_one_by_one_and_the_good_item_still_publishes(
        project, tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text(briefing_text(id="outside-secret", title="Not for publication"),
                       encoding="utf-8")
    briefings = project.root / "content/briefings"
    project.briefing("good", date="2025-03-01")
    project.write("content/briefings/huge.md", b"x" * (10 * 2 ** 20))
    with open(briefings / "sparse.md", "wb") as handle:
        handle.truncate(4 * 2 ** 30)                  # 4 GB of nothing, on no disk
    os.mkfifo(briefings / "pipe.md")                  # reading it would wait for ever
    (briefings / "link-out.md").symlink_to(outside)
    (briefings / "link-zero.md").symlink_to("/dev/zero")
    project.write("content/briefings/deep.md", "---\nid: deep\nx: " + "[" * 100_000 + "\n---\n")
    bomb = "".join(f"l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]\n"
                   for n in range(1, 10))
    project.write("content/briefings/bomb.md", "---\nid: bomb\nl0: &l0 [lol]\n" + bomb + "---\n")
    project.briefing("traversal", id="../../etc/passwd")
    project.write("content/briefings/nul.md", briefing_text(id="nul").replace(
        "## Information", "## Information\x00").encode("utf-8"))
    project.write("content/briefings/long-line.md", briefing_text(
        id="long-line", body="\n".join(f"## {h}\n\n{'Talk with parents. ' * 40_000}\n"
                                       for h in SECTIONS)))
    before = sorted(p.name for p in tmp_path.iterdir())
    result = cascade(project, "run", "--now", "2025-03-05T09:00")
    assert result.returncode == 1, result.stderr
    assert result.stderr == ""                        # no traceback, no warning noise
    found = finding_lines(result.stdout)
    assert "content/briefings/huge.md:1: file-too-large: the file is 10,485,760 bytes; the " \
           "limit is 1,000,000 - fix: a briefing is a short document: split or shorten it" \
        in found
    assert "content/briefings/sparse.md:1: file-too-large: the file is 4,294,967,296 bytes; " \
           "the limit is 1,000,000 - fix: a briefing is a short document: split or shorten it" \
        in found
    assert "content/briefings/pipe.md:1: file-not-regular: this is not an ordinary file - " \
           "fix: content files are Markdown text files; remove this one from content/" in found
    for name in ("link-out", "link-zero"):
        assert f"content/briefings/{name}.md:1: file-outside-content: this file is a link to " \
               "a file outside content/ - fix: copy the file into content/ instead of " \
               "linking to it" in found
    assert "content/briefings/deep.md:3: yaml-too-deep: front matter is nested more than " \
           "20 levels deep - fix: front matter keys take plain values or short lists" in found
    assert "content/briefings/bomb.md:4: yaml-alias: front matter uses a YAML alias (*l0) - " \
           "fix: write the value out in full; aliases are not allowed in front matter" in found
    assert "content/briefings/traversal.md:2: id-not-slug: id '../../etc/passwd' is not a " \
           "slug - fix: use lower-case letters, digits and hyphens, e.g. " \
           "'safer-sleep-2025'" in found
    nul_line = briefing_text(id="nul").split("\n").index("## Information") + 1
    assert f"content/briefings/nul.md:{nul_line}: encoding-invalid: the file contains a NUL " \
           "byte (binary data) - fix: save the file as plain UTF-8 text" in found
    assert any(line.startswith("content/briefings/long-line.md:") for line in found)
    held = set(re.findall(r"^Held back: (\S+): ", result.stdout, re.M))
    assert held == {f"content/briefings/{name}.md" for name in (
        "huge", "sparse", "pipe", "link-out", "link-zero", "deep", "bomb", "traversal", "nul",
        "long-line")}
    assert (project.root / "site/briefings/good.html").is_file()
    built = sorted(p.name for p in (project.root / "site/briefings").iterdir())
    assert built == ["good.html", "good.pdf", "index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == before   # nothing written outside
    assert "Not for publication" not in result.stdout
    assert [(r["item_id"], r["action"]) for r in project.log_rows()] == [("good", "published")]


def test_a_byte_order_mark_and_crlf_line_endings_publish_and_keep_line_numbers(project):
    crlf = briefing_text(id="windows", title="Written on Windows").replace("\n", "\r\n")
    project.write("content/briefings/windows.md", b"\xef\xbb\xbf" + crlf.encode("utf-8"))
    broken = briefing_text(id="crlf-broken", status="finished").replace("\n", "\r\n")
    project.write("content/briefings/crlf-broken.md", broken.encode("utf-8"))
    result = cascade(project, "run", "--now", "2025-03-05T09:00")
    assert result.returncode == 1 and result.stderr == ""
    assert "content/briefings/crlf-broken.md:5: value-invalid: status 'finished' is not one " \
           "of draft, ready, withdrawn - fix: use 'draft' while writing and 'ready' to publish" \
        in finding_lines(result.stdout)
    page = (project.root / "site/briefings/windows.html").read_text(encoding="utf-8")
    assert "<h1 id=\"written-on-windows\">Written on Windows</h1>" in page
    assert "\ufeff" not in page and "\r" not in page.split("<article", 1)[1]
    assert [r["item_id"] for r in project.log_rows()] == ["windows"]


def test_the_same_id_in_two_folders_holds_back_both_and_says_where(project):
    project.briefing("shared-id", date="2025-03-01")
    project.write("content/procedures/shared-id.md", procedure_text(id="shared-id"))
    project.briefing("other", date="2025-03-01")
    result = cascade(project, "run", "--now", "2025-03-05T09:00")
    assert result.returncode == 1 and result.stderr == ""
    found = finding_lines(result.stdout)
    assert "content/briefings/shared-id.md:2: id-duplicate: id 'shared-id' is also used by " \
           "content/procedures/shared-id.md:2 - fix: give each file its own id; ids must be " \
           "unique across all content" in found
    assert "content/procedures/shared-id.md:2: id-duplicate: id 'shared-id' is also used by " \
           "content/briefings/shared-id.md:2 - fix: give each file its own id; ids must be " \
           "unique across all content" in found
    assert [r["item_id"] for r in project.log_rows()] == ["other"]


def test_markdown_that_would_stall_the_site_engine_is_held_back(config):
    raw = briefing_text(body="\n".join(f"## {h}\n\nTalk with parents.\n" for h in SECTIONS)
                        + "\n" + "[" * 16_000 + "\n").encode("utf-8")
    assert read_and_check(raw, config).held_back


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line of `text` that contains `needle`."""
    return next(n for n, line in enumerate(text.split("\n"), start=1) if needle in line)


def sections(extra: str) -> str:
    return "\n".join(f"## {h}\n\nTalk with parents.\n" for h in SECTIONS) + "\n" + extra + "\n"


def test_crashers_and_engine_stress_files_are_held_back_by_name_and_the_rest_publishes(
        project, tmp_path):
    """Each of these once ended every run in a traceback or broke or stalled the site
    engine, so nothing published. Now each is held back with its own finding."""
    briefings = project.root / "content/briefings"
    project.briefing("good", date="2025-03-01")
    project.procedure("good-procedure", date="2025-03-01")
    (briefings / "loop-a.md").symlink_to("loop-b.md")
    (briefings / "loop-b.md").symlink_to("loop-a.md")
    (briefings / "dangling.md").symlink_to("nowhere.md")
    (briefings / "directory.md").mkdir()
    outside = tmp_path / "outside.md"
    outside.write_text(briefing_text(id="outside-secret", title="Not for publication"),
                       encoding="utf-8")
    os.link(outside, briefings / "hard-link.md")
    project.write("content/briefings/latin1.md", briefing_text(id="latin1").encode("utf-8")
                  + "Caf\u00e9\n".encode("latin-1"))
    earliest, latest = "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-23:59"
    texts = {
        "id-number": briefing_text(id=12345),
        "id-list": briefing_text(id="[1, 2]"),
        "id-empty": briefing_text(id="~"),
        "date-earliest": briefing_text(id="date-earliest", date=earliest),
        "date-latest": briefing_text(id="date-latest", date=latest),
        "review-earliest": briefing_text(id="review-earliest", extra=f"review_by: {earliest}\n"),
        "review-latest": briefing_text(id="review-latest", extra=f"review_by: {latest}\n"),
        "updated-latest": briefing_text(id="updated-latest", date="2025-01-01",
                                        extra=f"updated: {latest}\nchange: minor\n"),
        "title-huge": briefing_text(id="title-huge", title="A" * 200_000),
        "list-300": briefing_text(id="list-300", body=sections(
            "\n".join("    " * level + "- step" for level in range(300)))),
        "emphasis-1000": briefing_text(id="emphasis-1000", body=sections(
            "*a " * 1000 + "x" + " a*" * 1000)),
        "kbd-32000": briefing_text(id="kbd-32000", body=sections("<kbd>Esc</kbd>" * 32_000)),
        "paragraphs": briefing_text(id="paragraphs", body=sections("x\n\n" * 30_000)),
    }
    for name, text in texts.items():
        project.write(f"content/briefings/{name}.md", text)
    project.write("content/procedures/cycle-zero.md", procedure_text(id="cycle-zero",
                                                                    cycle="0000-12"))
    project.write("content/procedures/procedure-latest.md",
                  procedure_text(id="procedure-latest", date=latest))

    result = cascade(project, "run", "--now", "2025-03-05T09:00")

    assert result.returncode == 1, result.stderr
    assert result.stderr == ""                        # no traceback
    found = finding_lines(result.stdout)
    b = "content/briefings"
    expected = [
        f"{b}/loop-a.md:1: file-link-loop: this file is a link that leads back to itself (a "
        "symlink loop) - fix: remove the link, or point it at a real file in content/",
        f"{b}/loop-b.md:1: file-link-loop:",
        f"{b}/dangling.md:1: file-link-broken: this file is a link to a file that does not "
        "exist - fix: remove the link, or copy the file into content/",
        f"{b}/directory.md:1: file-not-regular:",
        f"{b}/hard-link.md:1: file-outside-content: this file is a hard link to a file outside "
        "content/ - fix: copy the file into content/ instead of linking to it",
        f"{b}/latin1.md:{line_of(briefing_text(), '## Further') + 3}: encoding-invalid:",
        f"{b}/id-number.md:2: id-not-slug: id 12345 is not a slug",
        f"{b}/id-list.md:2: id-not-slug: id [1, 2] is not a slug",
        f"{b}/id-empty.md:2: key-missing: required key 'id' is missing or empty",
        f"{b}/date-earliest.md:4: date-out-of-range: date '{earliest}' is outside the years "
        "1900 to 2999 - fix: check the year, e.g. 2025-03-04",
        f"{b}/date-latest.md:4: date-out-of-range: date '{latest}' is outside the years 1900 "
        "to 2999",
        f"{b}/review-earliest.md:9: date-out-of-range: review_by '{earliest}'",
        f"{b}/review-latest.md:9: date-out-of-range: review_by '{latest}'",
        f"{b}/updated-latest.md:9: date-out-of-range: updated '{latest}'",
        f"{b}/title-huge.md:3: value-too-long: title is 200,000 characters; the limit is 300 - "
        "fix: shorten the title; put detail in the body",
        f"{b}/list-300.md:{line_of(texts['list-300'], ' ' * 80 + '- step')}: nesting-too-deep: "
        "lists and quotes are nested 21 levels deep here; the limit is 20",
        f"{b}/emphasis-1000.md:{line_of(texts['emphasis-1000'], '*a *a')}: nesting-too-deep: "
        "emphasis (* or _) is opened more than 20 times inside itself here; the limit is 20",
        f"{b}/kbd-32000.md:{line_of(texts['kbd-32000'], '<kbd>')}: elements-too-many: the page "
        "has 32,022 elements (paragraphs, list items, headings, table rows, links, emphasis, "
        "tags); the limit is 2,000, passed on this line",
        f"{b}/paragraphs.md:",
        "content/procedures/cycle-zero.md:9: value-invalid: update_cycle '0000-12' is not "
        "YYYY-MM (a year from 1900 to 2999)",
        "content/procedures/procedure-latest.md:4: date-out-of-range:",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in found), start
    assert any(line.startswith(f"{b}/paragraphs.md:") and ": elements-too-many: " in line
               for line in found)
    held = set(re.findall(r"^Held back: (\S+): ", result.stdout, re.M))
    assert held == {f"{b}/{name}.md" for name in (
        "loop-a", "loop-b", "dangling", "directory", "hard-link", "latin1", *texts)} | {
        "content/procedures/cycle-zero.md", "content/procedures/procedure-latest.md"}
    assert sorted(p.name for p in (project.root / "site/briefings").iterdir()) == [
        "good.html", "good.pdf", "index.html"]
    assert sorted(p.name for p in (project.root / "site/procedures").iterdir()) == [
        "good-procedure.html", "index.html"]
    assert "Not for publication" not in result.stdout
    assert sorted((r["item_id"], r["action"]) for r in project.log_rows()) == [
        ("good", "published"), ("good-procedure", "published")]


def test_a_hard_link_out_of_content_is_refused_and_one_within_content_is_not(project,
                                                                             tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text(briefing_text(id="secret", title="Not for publication"),
                       encoding="utf-8")
    os.link(outside, project.root / "content/briefings/secret.md")
    inner = project.briefing("inner", date="2025-03-01")
    (project.root / "content/copies").mkdir()
    os.link(inner, project.root / "content/copies/inner.md.bak")   # a second name, inside

    result = project.cascade("run", "--now", "2025-03-05T09:00")

    assert result.exit_code == 1
    assert "  content/briefings/secret.md:1: file-outside-content: this file is a hard link " \
           "to a file outside content/ - fix: copy the file into content/ instead of linking " \
           "to it" in result.output.splitlines()
    assert "Held back: content/briefings/secret.md: 1 error" in result.output
    site = project.root / "site"
    assert (site / "briefings/inner.html").is_file()
    assert not (site / "briefings/secret.html").exists()
    assert not any("Not for publication" in p.read_text(encoding="utf-8", errors="replace")
                   for p in site.rglob("*") if p.is_file())
    assert [r["item_id"] for r in project.log_rows()] == ["inner"]


def test_checking_a_folder_that_holds_a_symlink_loop_names_the_loop(project):
    project.briefing("good", date="2025-03-01")
    briefings = project.root / "content/briefings"
    (briefings / "loop-a.md").symlink_to("loop-b.md")
    (briefings / "loop-b.md").symlink_to("loop-a.md")

    result = project.cascade("check", "content/briefings", "--now", "2025-03-05T09:00")

    assert result.exit_code == 1
    lines = result.output.splitlines()
    for name in ("loop-a", "loop-b"):
        assert f"  content/briefings/{name}.md:1: file-link-loop: this file is a link that " \
               "leads back to itself (a symlink loop) - fix: remove the link, or point it at " \
               "a real file in content/" in lines
    assert lines[-1] == "3 items: 1 ready, 2 held back"
