"""Generate a deterministic corpus: years of briefings and procedure changes.

    python benchmarks/corpus.py OUT_DIR [--briefings 1000] [--procedures 300] [--seed 7]

Writes OUT_DIR/content/..., OUT_DIR/mkdocs.yml and OUT_DIR/cascade.yml. Every
file is valid under the project's schema and passes the blocking checks, so
the whole corpus publishes. Same seed, same bytes.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SECTIONS = ["Background", "Why it matters", "Information", "What we learned",
            "Questions to consider", "What you should do", "Further information"]
THEMES = ["neglect", "exploitation", "safer-sleep", "domestic-abuse", "non-accidental-injury",
          "professional-curiosity", "escalation", "was-not-brought", "online-safety",
          "mental-health", "harmful-practices", "information-sharing", "early-help",
          "safer-recruitment", "child-protection", "voice-of-the-child"]
AUDIENCES = ["all-practitioners", "health", "education", "early-years", "police",
             "social-care", "voluntary-sector", "dsl-network"]
SUBJECTS = ["The health visitor", "The school nurse", "A police officer", "The social worker",
            "The nursery key worker", "The family support worker", "The designated lead",
            "The midwife", "The youth worker", "The housing officer"]
VERBS = ["noticed", "recorded", "shared", "checked", "questioned", "discussed", "reviewed",
         "escalated", "followed up", "explained"]
OBJECTS = ["the bruise on the baby's arm", "the missed appointments", "the new partner in the home",
           "the family's housing worries", "the child's own words", "the school attendance",
           "the concerns from the nursery", "the safety plan", "the referral to early help",
           "the advice on safer sleep"]
ENDINGS = ["before the next home visit.", "with the rest of the team.", "at the strategy meeting.",
           "on the same day.", "with the child's parents.", "in the case record.",
           "with a manager.", "through the escalation process."]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(ENDINGS)}"


def paragraph(rng: random.Random, n: int) -> str:
    return " ".join(sentence(rng) for _ in range(n))


def briefing(rng: random.Random, number: int, day: date) -> tuple[str, str]:
    slug = f"briefing-{number:04d}"
    themes = rng.sample(THEMES, 2)
    audience = rng.sample(AUDIENCES, 2)
    body = []
    for heading in SECTIONS:
        body.append(f"## {heading}\n")
        body.append(paragraph(rng, 4) + "\n")
        body.append(paragraph(rng, 3) + "\n")
        if heading in ("What we learned", "What you should do", "Questions to consider"):
            body += [f"- {sentence(rng)}" for _ in range(4)]
            body.append("")
        body.append(paragraph(rng, 3) + "\n")
    text = (f"---\nid: {slug}\ntitle: \"Learning review {number}: {rng.choice(OBJECTS)}\"\n"
            f"date: {day.isoformat()}\nstatus: ready\n"
            f"summary: What review {number} teaches about {rng.choice(OBJECTS)}.\n"
            f"themes: [{', '.join(themes)}]\naudience: [{', '.join(audience)}]\n"
            f"source:\n  type: rapid-review\n  title: \"Rapid review {number}\"\n"
            f"review_by: {(day + timedelta(days=730)).isoformat()}\n---\n\n" + "\n".join(body))
    return slug, text


def procedure(rng: random.Random, number: int, day: date) -> tuple[str, str]:
    slug = f"procedure-{number:04d}"
    kind = rng.choice(["new", "updated", "updated", "refreshed"])
    text = (f"---\nid: {slug}\ntitle: \"Chapter {number}: {rng.choice(OBJECTS)}\"\n"
            f"date: {day.isoformat()}\nstatus: ready\n"
            f"summary: This chapter has been {kind} in line with local procedure.\n"
            f"change_type: {kind}\nchapter_url: https://procedures.example.org.uk/chapters/{slug}\n"
            f"update_cycle: \"{day:%Y-%m}\"\ndriver: local\n"
            f"themes: [{rng.choice(THEMES)}]\naudience: [all-practitioners]\n---\n\n"
            f"{paragraph(rng, 5)}\n")
    return slug, text


def generate(out: Path, briefings: int = 1000, procedures: int = 300, seed: int = 7) -> Path:
    rng = random.Random(seed)
    for folder in ("content/briefings", "content/procedures"):
        shutil.rmtree(out / folder, ignore_errors=True)
        (out / folder).mkdir(parents=True)
    start = date(2016, 4, 1)
    for n in range(1, briefings + 1):
        slug, text = briefing(rng, n, start + timedelta(days=n * 3650 // max(briefings, 1)))
        (out / "content/briefings" / f"{slug}.md").write_text(text, encoding="utf-8")
    for n in range(1, procedures + 1):
        day = start + timedelta(days=(n * 3650 // max(procedures, 1)))
        day = day.replace(month=6 if day.month <= 6 else 12, day=1)
        slug, text = procedure(rng, n, day)
        (out / "content/procedures" / f"{slug}.md").write_text(text, encoding="utf-8")
    shutil.copy(REPO / "mkdocs.yml", out / "mkdocs.yml")
    (out / "cascade.yml").write_text("site_url: https://learning.example-scp.org.uk/\n",
                                     encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--briefings", type=int, default=1000)
    parser.add_argument("--procedures", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.out, args.briefings, args.procedures, args.seed)
    print(f"{args.briefings} briefings and {args.procedures} procedure changes in {args.out}")


if __name__ == "__main__":
    main()
