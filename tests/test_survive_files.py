"""Damaged, missing or private files: the state folder's permissions, a lost or corrupt
state database, unreadable or read-only files. Each ends in a clear message and exit 2,
changing nothing, never in a traceback."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
from contextlib import closing

import pytest

from conftest import Project

NOW = "2025-03-05T09:00"


@pytest.fixture
def umask_022():
    """The usual login umask, under which a plain mkdir makes a folder 0755."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.parametrize("command", [["run"], ["build"], ["check"], ["status"],
                                     ["subscribers", "list"],
                                     ["newsletter", "preview"]])
def test_the_state_folder_is_private_whichever_command_comes_first(project, umask_022,
                                                                    command):
    project.briefing()
    result = project.cascade(*command, "--now", NOW) if command[0] not in (
        "subscribers",) else project.cascade(*command)
    assert result.exit_code in (0, 1), result.output
    folder = project.root / ".cascade"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.glob("state.db*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


# A project that has published once (site, log, state), and has a new briefing waiting,
# so that a run that went ahead would change the site, the log and the state.

LATER = "2025-03-06T09:00"


@pytest.fixture
def published(tmp_path, tmp_path_factory):
    template = tmp_path_factory.getbasetemp() / "published-once"
    if not (template / "site").is_dir():
        from conftest import REPO
        (template / "content/briefings").mkdir(parents=True)
        (template / "content/procedures").mkdir(parents=True)
        shutil.copy(REPO / "mkdocs.yml", template / "mkdocs.yml")
        (template / "cascade.yml").write_text("site_url: https://learning.example-scp.org.uk/\n",
                                              encoding="utf-8")
        first = Project(template)
        first.briefing()
        assert first.cascade("run", "--now", NOW).exit_code == 0
        first.briefing("next-one", title="Another briefing")
    root = tmp_path / "project"
    shutil.copytree(template, root)
    yield Project(root)
    if os.geteuid() == 0:   # undo the read-only marks so the folder can be removed
        subprocess.run(["chattr", "-R", "-i", str(root)], capture_output=True)


def read_only(path):
    """Make a file or folder read-only for the account running the tests, root included."""
    if os.geteuid() != 0:
        path.chmod(0o555 if path.is_dir() else 0o444)
        return
    if shutil.which("chattr") is None or subprocess.run(
            ["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("running as root where chattr +i does not work: nothing is read-only")


def unreadable(path):
    """Make a file unreadable; root reads every file, so the case cannot be made as root."""
    if os.geteuid() == 0:
        pytest.skip("root reads every file: an unreadable file cannot be made")
    path.chmod(0)


def snapshot(root) -> dict:
    """Every file's bytes, and the state database's rows (its file changes on open)."""
    files = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_dir() or rel.endswith((".lock", "-wal", "-shm")):
            continue
        files[rel] = path.read_bytes()
    db = root / ".cascade/state.db"
    if db.is_file():
        try:
            with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
                files[".cascade/state.db"] = "\n".join(connection.iterdump())
        except sqlite3.DatabaseError:
            pass   # damaged: its bytes were taken above
    return files


def _state(root):
    return root / ".cascade/state.db"


def _replace_state(root, data: bytes):
    for path in root.glob(".cascade/state.db*"):
        path.unlink()
    _state(root).write_bytes(data)


def _sql(root, statement: str):
    with closing(sqlite3.connect(_state(root))) as connection:
        connection.execute(statement)
        connection.commit()


def _swap_for_folder(path):
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink()
    path.mkdir()


def _swap_for_file(path):
    shutil.rmtree(path)
    path.write_text("not a folder\n")


DAMAGE = {
    "state-garbage": (lambda r: _replace_state(r, bytes(range(256)) * 32),
                      ".cascade/state.db: the state database is damaged (file is not a "
                      "database); nothing was changed. Restore .cascade/state.db from your "
                      "backup, or move it aside (keep it) and run: cascade run --rebuild-state"),
    "state-truncated": (lambda r: _replace_state(r, _state(r).read_bytes()[:6000]),
                        ".cascade/state.db: the state database is damaged (database disk image "
                        "is malformed); nothing was changed."),
    "state-a-folder": (lambda r: _swap_for_folder(_state(r)),
                       ".cascade/state.db: cannot open the state database (unable to open "
                       "database file); nothing was changed."),
    "state-read-only": (lambda r: read_only(_state(r)),
                        ".cascade/state.db: the state database cannot be written (attempt to "
                        "write a readonly database); nothing was changed."),
    "state-folder-read-only": (lambda r: read_only(r / ".cascade"),
                               ".cascade/state.db: cannot open the state database (unable to "
                               "open database file); nothing was changed. It must be a file (or "
                               "not exist yet) in a folder the account that runs Cascade can "
                               "write"),
    "head-garbled": (lambda r: _sql(r, "UPDATE meta SET value = 'garbage' "
                                       "WHERE key = 'log_head'"),
                     ".cascade/state.db: the state database records the log's newest entry as "
                     "'garbage', which is not ENTRY:HASH; nothing was changed."),
    "log-a-folder": (lambda r: _swap_for_folder(r / "dissemination_log.csv"),
                     "dissemination_log.csv: is a folder, not the dissemination log; nothing "
                     "was changed."),
    "log-read-only": (lambda r: read_only(r / "dissemination_log.csv"),
                      "dissemination_log.csv: the dissemination log cannot be read and "
                      "appended to"),
    "site-read-only": (lambda r: read_only(r / "site"),
                       "site/ is read-only, so the website cannot be rebuilt; nothing was "
                       "changed."),
    "site-a-file": (lambda r: _swap_for_file(r / "site"),
                    "site: is a file, not the folder Cascade builds the website into; nothing "
                    "was changed."),
    "settings-a-folder": (lambda r: _swap_for_folder(r / "cascade.yml"),
                          "cascade.yml: cannot be read (Is a directory); it must be a file"),
    "settings-unreadable": (lambda r: unreadable(r / "cascade.yml"),
                            "cascade.yml: cannot be read (Permission denied); it must be a file"),
    "settings-not-utf8": (lambda r: (r / "cascade.yml").write_bytes(b"site_name: \xff\xfe\n"),
                          "cascade.yml: not valid YAML ('utf-8' codec can't decode byte 0xff"),
    "engine-settings-a-folder": (lambda r: _swap_for_folder(r / "mkdocs.yml"),
                                 "mkdocs.yml: cannot be read (Is a directory)"),
    "engine-settings-not-utf8": (lambda r: (r / "mkdocs.yml").write_bytes(b"site_name: \xff\n"),
                                 "mkdocs.yml: cannot be read ('utf-8' codec can't decode"),
}


@pytest.mark.parametrize("case", DAMAGE)
def test_a_damaged_or_read_only_file_stops_the_run_cleanly_and_changes_nothing(
        published, case):
    damage, message = DAMAGE[case]
    damage(published.root)
    before = snapshot(published.root)
    result = published.cascade("run", "--now", LATER)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert snapshot(published.root) == before


LOST = (".cascade/state.db: the state database {what}, but dissemination_log.csv has entries: "
        "the state was lost. Nothing was changed. Going on would forget every subscriber, take "
        "the newsletter pages off the website and leave the log without its anchor. Restore "
        ".cascade/state.db from your backup, or run: cascade run --rebuild-state (it rebuilds "
        "what the log holds and lists what it cannot)")


@pytest.mark.parametrize("loss, what", [
    ("deleted", "is missing"),
    ("emptied", "is missing"),
    ("replaced", "has no record of the site it built (it was emptied or replaced)"),
    ("adopted", "has no record of the site it built (it was emptied or replaced)"),
])
def test_a_lost_state_stops_run_build_and_send_until_it_is_rebuilt_from_the_log(
        published, loss, what):
    root = published.root
    for path in root.glob(".cascade/state.db*"):
        path.unlink()
    if loss == "emptied":
        _state(root).write_bytes(b"")
    elif loss == "replaced":   # a fresh database, as a command run meanwhile would make
        assert published.cascade("subscribers", "list").exit_code == 0
    elif loss == "adopted":    # a fresh database that recorded an offline act's log head
        added = published.cascade("log", "add", "--item", "safer-sleep-test", "--channel",
                                  "team-briefing", "--audience", "health", "--reach", "12",
                                  "--by", "Team lead", "--when", "2025-03-05T14:00",
                                  "--now", "2025-03-05T15:00")
        assert added.exit_code == 0, added.output
    before = snapshot(root)
    for command in (["run"], ["build"], ["newsletter", "send"]):
        result = published.cascade(*command, "--now", LATER)
        assert result.exit_code == 2, result.output
        assert result.output == "Error: " + LOST.format(what=what) + "\n"
    assert snapshot(root) == before
    status = published.cascade("status", "--now", LATER)
    assert status.output.startswith("State: " + LOST.format(what=what))
    rebuilt = published.cascade("run", "--rebuild-state", "--now", LATER)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert rebuilt.output.splitlines()[:9] == [
        "Rebuilt the state from dissemination_log.csv: its anchor (entry "
        f"{2 if loss == 'adopted' else 1}).",
        "Rebuilt the ledger of published items: 1 item the log shows on the website.",
        "Could not be rebuilt (the log does not hold them):",
        "  - subscribers, their choices, and who unsubscribed or was suppressed (import the "
        "list again with: cascade subscribers import FILE)",
        "  - delivery history and any email still waiting to be sent",
        "  - newsletter issues already sent: their pages leave the website (the log still "
        "records each issue)",
        "  - national updates fetched from feeds (the next poll fetches them again)",
        "  - the last good version of an item that is now held back (it leaves the website "
        "until it passes its checks)",
        "Built site/: 10 pages, 2 items published.",
    ]
    # The item published before the loss is not logged again; the new one is.
    assert [(r["item_id"], r["action"]) for r in published.log_rows()
            if r["channel"] == "website"] == [
        ("safer-sleep-test", "published"), ("next-one", "published")]
    verified = published.cascade("log", "verify")
    assert verified.exit_code == 0 and "chain intact" in verified.output
    again = published.cascade("run", "--rebuild-state", "--now", LATER)
    assert again.exit_code == 2
    assert "the state database is not lost" in again.output
    assert published.cascade("run", "--now", LATER).output.startswith("Nothing to do")


def test_a_garbled_log_head_is_rebuilt_from_the_log_and_the_rest_of_the_state_kept(
        published):
    root = published.root
    _sql(root, "UPDATE meta SET value = 'garbage' WHERE key = 'log_head'")
    assert published.cascade("run", "--now", LATER).exit_code == 2
    rebuilt = published.cascade("run", "--rebuild-state", "--now", LATER)
    assert rebuilt.exit_code == 0, rebuilt.output
    assert rebuilt.output.splitlines()[:2] == [
        "Rebuilt the state from dissemination_log.csv: its anchor (entry 1).",
        "Built site/: 10 pages, 2 items published."]
    assert [(r["item_id"], r["action"]) for r in published.log_rows()] == [
        ("safer-sleep-test", "published"), ("next-one", "published")]


def test_a_project_that_has_never_logged_needs_no_state_to_start(project):
    project.briefing()
    result = project.cascade("run", "--now", NOW)
    assert result.exit_code == 0, result.output


def test_the_rebuilt_ledger_logs_what_changed_while_the_state_was_lost(project):
    for name in ("kept", "changed", "removed", "withdrawn"):
        project.briefing(name, title=f"Briefing {name}")
    assert project.cascade("run", "--now", NOW).exit_code == 0
    project.briefing("withdrawn", title="Briefing withdrawn", status="withdrawn")
    assert project.cascade("run", "--now", LATER).exit_code == 0
    for path in project.root.glob(".cascade/state.db*"):
        path.unlink()
    project.briefing("changed", title="Briefing changed", extra="updated: 2025-03-07\n"
                     "change_note: The advice on room temperature is new.\n")
    (project.root / "content/briefings/removed.md").unlink()
    result = project.cascade("run", "--rebuild-state", "--now", "2025-03-07T09:00")
    assert result.exit_code == 0, result.output
    assert "Rebuilt the ledger of published items: 3 items the log shows on the website." \
        in result.output
    assert [(r["item_id"], r["action"], r["notes"]) for r in project.log_rows()][5:] == [
        ("changed", "updated", "The advice on room temperature is new."),
        ("removed", "withdrawn", "its source file was removed")]


@pytest.mark.parametrize("case", ["state-garbage", "state-truncated", "state-a-folder"])
@pytest.mark.parametrize("command", [["check"], ["build"], ["status"], ["subscribers", "list"],
                                     ["newsletter", "send"], ["newsletter", "preview"],
                                     ["log", "verify"]])
def test_every_command_names_a_damaged_state_database_and_stops(published, case, command):
    damage, message = DAMAGE[case]
    damage(published.root)
    before = snapshot(published.root)
    timed = command[0] in ("check", "build", "status", "newsletter")
    result = published.cascade(*command, *(["--now", LATER] if timed else []))
    assert result.exit_code == 2, result.output
    assert result.output.startswith("Error: " + message), result.output
    assert snapshot(published.root) == before
