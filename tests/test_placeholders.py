"""Placeholder text from `cascade new` or `cascade import` never publishes."""

from __future__ import annotations

from conftest import SECTIONS

NOW = "2025-03-04T10:00"
B = "content/briefings/neglect.md"
P = "content/procedures/information-sharing.md"


def _ready(path, themes="themes: [neglect]", audience="audience: [all-practitioners]"):
    text = path.read_text(encoding="utf-8").replace("status: draft", "status: ready")
    lines = [themes if line.startswith("themes:") else
             audience if line.startswith("audience:") else line for line in text.split("\n")]
    path.write_text("\n".join(lines), encoding="utf-8")


def test_ready_briefing_with_placeholders_is_held_back(project):
    project.cascade("new", "briefing", "Neglect", "--now", NOW)
    _ready(project.root / B)
    lines = (project.root / B).read_text(encoding="utf-8").split("\n")
    result = project.cascade("check", "--now", NOW)
    assert result.exit_code == 1
    found = [line.strip() for line in result.output.splitlines() if "placeholder-text" in line]
    expected = [f"{B}:6: placeholder-text: the summary is still the placeholder text - fix: "
                "write one or two sentences saying what the item is about and why it matters; "
                "they appear in listings, feeds and emails"]
    for heading in SECTIONS:
        text = f"Write the {heading.lower()} here."
        expected.append(f'{B}:{lines.index(text) + 1}: placeholder-text: "{text}" is '
                        "placeholder text - fix: replace it with your own text")
    assert found == expected
    assert result.output.splitlines()[-1] == "1 item: 1 held back"


def test_draft_placeholders_are_warnings(project):
    project.cascade("new", "briefing", "Neglect", "--now", NOW)
    result = project.cascade("check", "--now", NOW)
    assert result.exit_code == 0
    assert f"{B}:6: placeholder-text: warning: the summary is still the placeholder text" \
        in result.output
    assert result.output.count("placeholder-text: warning:") == 1 + len(SECTIONS)


def test_filled_in_briefing_passes(project):
    project.cascade("new", "briefing", "Neglect", "--now", NOW)
    path = project.root / B
    text = path.read_text(encoding="utf-8").replace(
        "summary: One or two sentences for listings, feeds and emails.",
        "summary: How to see the child when neglect is long-standing.")
    for heading in SECTIONS:
        text = text.replace(f"Write the {heading.lower()} here.",
                            "Practitioners should talk with parents about this.")
    path.write_text(text, encoding="utf-8")
    _ready(path)
    result = project.cascade("check", "--now", NOW)
    assert "placeholder-text" not in result.output
    assert result.exit_code == 0, result.output


def test_procedure_example_address_and_text(project):
    project.cascade("new", "procedure", "Information Sharing", "--now", NOW)
    _ready(project.root / P, themes="themes: [information-sharing]")
    result = project.cascade("check", "--now", NOW)
    lines = (project.root / P).read_text(encoding="utf-8").split("\n")
    change = lines.index("Say what changed in the chapter and why, in plain English.") + 1
    assert [line.strip() for line in result.output.splitlines()
            if "placeholder-text" in line] == [
        f"{P}:6: placeholder-text: the summary is still the placeholder text - fix: write one "
        "or two sentences saying what the item is about and why it matters; they appear in "
        "listings, feeds and emails",
        f'{P}:10: placeholder-text: chapter_url "https://procedures.example/chapters/'
        'information-sharing" is the example address - fix: put the chapter\'s real address '
        "in the procedures manual",
        f'{P}:{change}: placeholder-text: "Say what changed in the chapter and why, in plain '
        'English." is placeholder text - fix: replace it with your own text',
    ]
    assert result.exit_code == 1


def test_real_chapter_addresses_and_withdrawn_items_pass(project):
    project.procedure("info-sharing-2024-12")     # a real-looking manual address
    project.briefing("old", status="withdrawn",
                     body="\n".join(f"## {h}\n\nWrite the {h.lower()} here.\n" for h in SECTIONS))
    result = project.cascade("check", "--now", NOW)
    assert "placeholder-text" not in result.output
    assert result.exit_code == 0, result.output
