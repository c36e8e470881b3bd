"""One schema for the state database, created and upgraded by numbered migrations."""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

from pipeline.state import MIGRATIONS, SCHEMA_VERSION, open_state

REPO = Path(__file__).resolve().parent.parent
RELEASE_0_1 = REPO / "tests" / "data" / "state-0.1.0.sql"   # made by release 0.1.0's `cascade run`


def _rows(path: Path, columns: dict | None = None) -> dict[str, list[tuple]]:
    """Every table's rows; with `columns` (table -> names), only those columns."""
    connection = sqlite3.connect(path)
    try:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        found = {}
        for name in tables:
            if columns is not None and name not in columns:
                continue                  # a table a later migration added
            chosen = ", ".join(f'"{c}"' for c in columns[name]) if columns else "*"
            found[name] = sorted(connection.execute(f'SELECT {chosen} FROM "{name}"'), key=repr)
        return found
    finally:
        connection.close()


def _columns(path: Path) -> dict[str, list[str]]:
    connection = sqlite3.connect(path)
    try:
        return {name: [row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')]
                for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE "
                                                  "type = 'table'")}
    finally:
        connection.close()


def _user_version(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA user_version").fetchone()[0]
    finally:
        connection.close()


def _release_0_1_database(root: Path) -> Path:
    path = root / ".cascade" / "state.db"
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    connection = sqlite3.connect(path)
    connection.executescript(RELEASE_0_1.read_text(encoding="utf-8"))
    connection.close()
    return path


def test_a_new_database_is_created_at_the_latest_version_with_every_table(tmp_path):
    path = tmp_path / "state.db"
    with open_state(path):
        pass
    assert _user_version(path) == SCHEMA_VERSION == len(MIGRATIONS)
    assert set(_rows(path)) >= {"meta", "published", "subscribers", "mail_seen", "alerts",
                                "digest_queue", "issues", "deliveries", "batches",
                                "feed_state", "national_updates", "check_cache", "job_runs"}


def test_a_database_made_by_release_0_1_is_upgraded_in_place_and_keeps_every_row(project):
    path = _release_0_1_database(project.root)
    columns = _columns(path)
    before = _rows(path)
    assert _user_version(path) == 0 and len(before["subscribers"]) == 10
    assert len(before["deliveries"]) == 14 and len(before["national_updates"]) == 3

    result = project.cascade("subscribers", "list")

    assert result.exit_code == 0, result.output
    assert "10 subscribers" in result.output or result.output.count("@") == 10
    assert _user_version(path) == SCHEMA_VERSION
    after = _rows(path, columns)      # what 0.1.0 had; later migrations only add
    for table, rows in before.items():
        assert after[table] == rows, f"{table} changed in the upgrade"
    assert _columns(path)["subscribers"][-2:] == ["soft_bounces", "followups"]
    # Every subscriber from before may be asked follow-up questions until they say no.
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("SELECT DISTINCT followups FROM subscribers").fetchall() \
            == [(1,)]
    finally:
        connection.close()


def test_opening_again_changes_nothing(tmp_path):
    path = tmp_path / "state.db"
    with open_state(path) as db:
        db.execute("INSERT INTO meta(key, value) VALUES ('k', 'v')")
    with open_state(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'k'").fetchone()[0] == "v"
    assert _user_version(path) == SCHEMA_VERSION


def test_a_database_from_a_newer_cascade_is_refused_and_left_alone(project):
    path = _release_0_1_database(project.root)
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()
    before = path.read_bytes()

    result = project.cascade("subscribers", "list")

    assert result.exit_code == 2
    assert (f"Error: the state database is at schema version {SCHEMA_VERSION + 1}, newer "
            f"than this Cascade knows ({SCHEMA_VERSION})") in result.output
    assert path.read_bytes() == before


def test_no_executescript_outside_the_migrations():
    """executescript commits any open transaction first: only migrations may run scripts."""
    offenders = []
    for path in (REPO / "pipeline").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "executescript":
                offenders.append(str(path.relative_to(REPO)))
    assert offenders == []
