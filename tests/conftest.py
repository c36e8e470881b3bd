"""Shared fixtures: a throwaway Cascade project in tmp_path, and a way to run the CLI."""

from __future__ import annotations

import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli.main import cli
from pipeline.settings.config import load_config

REPO = Path(__file__).resolve().parent.parent
SECTIONS = ["Background", "Why it matters", "Information", "What we learned",
            "Questions to consider", "What you should do", "Further information"]


def briefing_text(id="safer-sleep-test", title="Safer sleep for babies", date="2025-03-04",
                  status="ready", extra="", body=None, themes="[safer-sleep]",
                  audience="[all-practitioners]") -> str:
    """A valid briefing; override any part to make it invalid."""
    if body is None:
        body = "\n".join(f"## {h}\n\nPractitioners should talk with parents about this.\n"
                         for h in SECTIONS)
    return (f"---\nid: {id}\ntitle: \"{title}\"\ndate: {date}\nstatus: {status}\n"
            f"summary: Why safe sleep matters and what to say to parents.\n"
            f"themes: {themes}\naudience: {audience}\n{extra}---\n\n{body}")


def procedure_text(id="info-sharing-2024-12", title="Information Sharing", date="2024-12-02",
                   status="ready", change_type="updated", cycle="2024-12", extra="",
                   body="The chapter now follows the updated government guidance.\n") -> str:
    return (f"---\nid: {id}\ntitle: \"{title}\"\ndate: {date}\nstatus: {status}\n"
            f"summary: Revised in line with updated government guidance.\n"
            f"change_type: {change_type}\n"
            f"chapter_url: https://procedures.example.org.uk/chapters/{id}\n"
            f"update_cycle: \"{cycle}\"\nthemes: [information-sharing]\n"
            f"audience: [all-practitioners]\n{extra}---\n\n{body}")


@dataclass
class Project:
    root: Path

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text,
                            encoding="utf-8")
        return path

    def briefing(self, name="safer-sleep-test", **fields) -> Path:
        fields.setdefault("id", name)
        return self.write(f"content/briefings/{name}.md", briefing_text(**fields))

    def procedure(self, name="info-sharing-2024-12", **fields) -> Path:
        fields.setdefault("id", name)
        return self.write(f"content/procedures/{name}.md", procedure_text(**fields))

    @property
    def config(self):
        return load_config(self.root / "cascade.yml")

    def findings(self, now, rel: str | None = None) -> list[str]:
        """Every finding (of the file `rel`, or of all), formatted as `cascade check` prints it."""
        from pipeline import publish
        outcome = publish.check(self.config, now)
        return [f.format() for item in outcome.items if rel is None or item.rel == rel
                for f in sorted(item.findings, key=lambda f: (f.line, f.rule))]

    def cascade(self, *args: str):
        """Run the CLI as a user would, from the project folder."""
        import os
        runner = CliRunner()
        cwd = os.getcwd()
        os.chdir(self.root)
        try:
            return runner.invoke(cli, list(args), catch_exceptions=False)
        finally:
            os.chdir(cwd)

    def log_rows(self) -> list[dict]:
        import csv
        path = self.root / "dissemination_log.csv"
        if not path.exists():
            return []
        with open(path, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def httpserver_listen_address():
    """pytest-httpserver's server, for feeds and the Notify API, on IPv4 loopback."""
    return ("127.0.0.1", 0)


@pytest.fixture
def project(tmp_path) -> Project:
    """An empty project: cascade.yml (defaults), the shipped mkdocs.yml, empty content."""
    root = tmp_path / "project"
    (root / "content" / "briefings").mkdir(parents=True)
    (root / "content" / "procedures").mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "cascade.yml").write_text("site_url: https://learning.example-scp.org.uk/\n",
                                      encoding="utf-8")
    return Project(root)


@pytest.fixture
def sample_project(tmp_path) -> Project:
    """A copy of the bundled sample content."""
    root = tmp_path / "sample"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    if (REPO / "cascade.yml").exists():
        shutil.copy(REPO / "cascade.yml", root / "cascade.yml")
    else:
        (root / "cascade.yml").write_text("{}\n", encoding="utf-8")
    return Project(root)
