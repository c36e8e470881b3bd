"""Damaged, missing or private files: the state folder's permissions, a lost or corrupt
state database, unreadable or read-only files. Each ends in a clear message and exit 2,
changing nothing, never in a traceback."""

from __future__ import annotations

import os
import stat

import pytest

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
