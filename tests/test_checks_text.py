"""Source checks on the writing: reading time, sentence length, reading ease, abbreviations.

Procedure bodies start on line 14 of the file; briefing bodies on line 11, with
each of the seven sections taking four lines (heading, blank, text, blank).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import datetime
from zoneinfo import ZoneInfo

from conftest import SECTIONS


P = "content/procedures/info-sharing-2024-12.md"
B = "content/briefings/safer-sleep-test.md"
NOW = datetime(2025, 6, 1, 9, 0, tzinfo=ZoneInfo("Europe/London"))
SENTENCE = "Practitioners should talk with parents about this."   # 7 words
HARD = ("Multidisciplinary safeguarding arrangements necessitate comprehensive interagency "
        "communication and accountability. ")                    # 9 long words


def found(project, kind: str = "procedure", **fields) -> list[str]:
    """Every finding for one item, formatted as `cascade check` prints it."""
    (project.procedure if kind == "procedure" else project.briefing)(**fields)
    return project.findings(NOW)


def sections(last: str = SENTENCE) -> str:
    """A briefing body with the seven sections; the last one's text replaced."""
    texts = [SENTENCE] * 6 + [last]
    return "\n".join(f"## {h}\n\n{t}\n" for h, t in zip(SECTIONS, texts))


def settings(project, **reading) -> None:
    lines = "".join(f"  {key}: {value}\n" for key, value in reading.items())
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\n"
                                 f"reading:\n{lines}")


# Reading time -------------------------------------------------------------------

def test_a_briefing_over_seven_minutes_is_an_error_where_it_runs_over(project):
    # 10 words a minute for 7 minutes allows 70 words: the headings and six sections
    # have 59, the last section's first line brings it to 66 and the 71st is on line 38.
    settings(project, words_per_minute=10)
    body = sections(f"{SENTENCE}\nRead the local guidance and the national guidance today.")
    assert found(project, "briefing", body=body) == [
        f"{B}:38: reading-time: takes about 8 minutes to read (75 words at 10 a minute); a "
        "briefing must take at most 7, and this is where it runs over - fix: cut about 5 "
        "words, or move detail into a linked document"]


def test_a_briefing_within_seven_minutes_passes(project):
    settings(project, words_per_minute=10)
    body = sections(f"{SENTENCE}\nRead the local guidance.")   # exactly 70 words
    assert found(project, "briefing", body=body) == []


def test_the_default_is_238_words_a_minute_for_seven_minutes(project):
    # 17 heading words + 7 sections x 34 sentences x 7 words = 1,683 words > 1,666.
    text = " ".join([SENTENCE] * 34)
    body = "\n".join(f"## {h}\n\n{text}\n" for h in SECTIONS)
    assert found(project, "briefing", body=body) == [
        f"{B}:37: reading-time: takes about 8 minutes to read (1,683 words at 238 a minute); "
        "a briefing must take at most 7, and this is where it runs over - fix: cut about 17 "
        "words, or move detail into a linked document"]


def test_procedure_changes_have_no_reading_time_limit(project):
    settings(project, words_per_minute=10)
    assert found(project, body=" ".join([SENTENCE] * 20) + "\n") == []


# Sentence length ----------------------------------------------------------------

LONG = ("When a baby is brought to a health appointment by a relative the practitioner "
        "should check who holds parental responsibility and also record the adult's name.")


def test_a_sentence_over_25_words_is_a_warning_at_its_first_line(project):
    body = "This is short.\n" + LONG.replace(" the practitioner", "\nthe practitioner") + "\n"
    assert found(project, body=body) == [
        f'{P}:15: sentence-long: warning: sentence has 26 words (at most 25): "When a baby is '
        'brought to ..." (WCAG 3.1.5) - fix: split it into shorter sentences; one idea per '
        "sentence"]


def test_sentences_of_25_words_or_fewer_pass(project):
    body = (LONG.replace("also ", "") + " Section 1.2.1 (e.g. the Children Act 1989 and "
            "other law) applies. See approx. five pages.\n\n"
            "- list items are read as separate sentences even without a full stop\n"
            "- so this item and the one before it are not one long sentence at all\n")
    assert found(project, body=body) == []


def test_the_sentence_limit_is_configurable(project):
    settings(project, max_sentence_words=5)
    assert found(project, body=f"{SENTENCE}\n") == [
        f'{P}:14: sentence-long: warning: sentence has 7 words (at most 5): "Practitioners '
        'should talk with parents about ..." (WCAG 3.1.5) - fix: split it into shorter '
        "sentences; one idea per sentence"]


# Reading ease -------------------------------------------------------------------

def test_hard_text_is_a_warning(project):
    body = "Intro line here.\n\n" + HARD * 12 + "\n"
    assert found(project, body=body) == [
        f"{P}:14: reading-ease: warning: Flesch reading ease is -125 (the floor is 40): the "
        "text is hard to read (WCAG 3.1.5) - fix: use shorter sentences and everyday words"]


def test_plain_text_passes_and_the_floor_is_configurable(project):
    assert found(project, body=" ".join([SENTENCE] * 20) + "\n") == []
    settings(project, flesch_floor=-200)
    assert found(project, body=HARD * 12 + "\n") == []


def test_short_text_has_no_reading_ease_score(project):
    assert found(project, body=HARD * 10 + "\n") == []   # 90 words: too few to score


def test_reading_ease_is_measured_without_downloading_anything(project):
    """The checks must never fetch a dictionary at run time (textstat's English syllable
    counter downloads NLTK's CMU dictionary when it is missing): run a check in a fresh
    interpreter and show the NLTK package was never even imported."""
    project.procedure(body=HARD * 12 + "\n")
    script = textwrap.dedent("""
        import sys
        from datetime import datetime, timezone
        from pipeline import publish
        from pipeline.settings.config import load_config
        outcome = publish.check(load_config(), datetime.now(timezone.utc))
        print(sorted(f.rule for i in outcome.items for f in i.findings))
        print("nltk" in sys.modules, "textstat" in sys.modules)
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=project.root,
                            capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["['reading-ease']", "False False"]


# Abbreviations ------------------------------------------------------------------

def test_an_unexplained_abbreviation_is_a_warning_at_its_first_use(project):
    body = "Intro.\n\nRefer to the MAST team.\nThe MAST team will call back.\n"
    assert found(project, body=body) == [
        f'{P}:16: abbr-unexplained: warning: abbreviation "MAST" is not explained where it is '
        'first used (WCAG 3.1.4) - fix: write it out the first time, e.g. "Full name (MAST)", '
        "or add it to the glossary in cascade.yml"]


def test_an_abbreviation_explained_later_still_needs_explaining_first(project):
    body = "Ask the IRO.\n\nThe Independent Reviewing Officer (IRO) chairs reviews.\n"
    assert found(project, body=body) == [
        f'{P}:14: abbr-unexplained: warning: abbreviation "IRO" is not explained where it is '
        'first used (WCAG 3.1.4) - fix: write it out the first time, e.g. "Full name (IRO)", '
        "or add it to the glossary in cascade.yml"]


def test_explained_known_and_ignored_abbreviations_pass(project):
    body = ("The Multi-Agency Support Team (MAST) helps. MAST also trains staff.\n"
            "An IRO (Independent Reviewing Officer) chairs reviews; ask your IRO.\n"
            "**Early Help Assessment** (EHA) first; two EHAs a month.\n"
            "Every DSL and GP, and the NHS, knows this (see Part XIV and Appendix II).\n"
            "Run `cascade check --format JSON` or read https://example.org/CSPR/ABC.\n"
            "Download the [toolkit (PDF, 1.2 MB)](toolkit.pdf). Do NOT shake a baby.\n"
            "The LOC is defined below.\n\n*[LOC]: Letter of Concern\n")
    assert found(project, body=body) == []


def test_the_glossary_comes_from_the_settings(project):
    project.write("cascade.yml", "site_url: https://learning.example-scp.org.uk/\n"
                                 "glossary:\n  MAST: Multi-Agency Support Team\n")
    assert found(project, body="Refer to the MAST team, or the DSL.\n") == [
        f'{P}:14: abbr-unexplained: warning: abbreviation "DSL" is not explained where it is '
        'first used (WCAG 3.1.4) - fix: write it out the first time, e.g. "Full name (DSL)", '
        "or add it to the glossary in cascade.yml"]
