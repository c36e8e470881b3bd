"""The content watcher on a real folder: bursts of editor saves become one call."""

from __future__ import annotations

import os
import threading
import time

import pytest

from pipeline.service.watch import ContentWatcher, is_content_file

DEBOUNCE = 0.4


class Calls:
    def __init__(self):
        self.batches, self.changed = [], threading.Condition()

    def __call__(self, paths):
        with self.changed:
            self.batches.append(paths)
            self.changed.notify_all()

    def wait_for(self, count: int, timeout: float = 10) -> list:
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.batches) >= count, timeout), \
                self.batches
            return list(self.batches)


@pytest.fixture
def watched(project):
    calls = Calls()
    watcher = ContentWatcher(project.root / "content", calls, DEBOUNCE)
    watcher.start()
    time.sleep(0.2)   # let inotify settle before the test writes
    yield project.root / "content", calls
    watcher.stop()


def nothing_more_came(content, calls, seen: int) -> list:
    """Prove an absence by an event, not a pause: a later save is the very next batch, so
    no batch for the earlier events can still be on its way."""
    (content / "briefings" / "zz-sentinel.md").write_text("sentinel\n")
    batches = calls.wait_for(seen + 1)
    assert batches[-1] == ["briefings/zz-sentinel.md"], batches
    return batches[:-1]


def save_like_an_editor(folder, name: str, text: str) -> None:
    """Swap file, temporary file written in pieces, renamed over the target: many events."""
    swap = folder / f".{name}.swp"
    swap.write_text("swap")
    temp = folder / f".{name}.tmp"
    with open(temp, "w", encoding="utf-8") as handle:
        for line in text.splitlines(keepends=True):
            handle.write(line)
            handle.flush()
    os.replace(temp, folder / name)
    os.utime(folder / name)
    swap.unlink()


def test_a_save_through_a_temporary_file_and_rename_is_one_change(watched, project):
    content, calls = watched
    save_like_an_editor(content / "briefings", "safer-sleep.md", "---\nid: a\n---\n\nline\n")
    assert calls.wait_for(1) == [["briefings/safer-sleep.md"]]
    assert nothing_more_came(content, calls, 1) == [["briefings/safer-sleep.md"]]


def test_saves_in_quick_succession_are_one_change(watched, project):
    content, calls = watched
    for n in range(5):
        (content / "procedures" / f"p{n}.md").write_text(f"version {n}\n")
        time.sleep(DEBOUNCE / 4)
    calls.wait_for(1)
    assert nothing_more_came(content, calls, 1) == [[f"procedures/p{n}.md" for n in range(5)]]


def test_separate_saves_are_separate_changes(watched, project):
    content, calls = watched
    (content / "briefings" / "one.md").write_text("one\n")
    calls.wait_for(1)
    (content / "briefings" / "two.md").write_text("two\n")
    assert calls.wait_for(2) == [["briefings/one.md"], ["briefings/two.md"]]


def test_editor_temporary_files_and_reading_are_not_changes(watched, project):
    content, calls = watched
    briefing = project.briefing("b")
    calls.wait_for(1)
    for name in (".b.md.swp", "b.md~", "#b.md#", ".#b.md", "b.md.tmp", "notes.txt", "4913"):
        (content / "briefings" / name).write_text("x")
    briefing.read_text()            # every reconcile reads every file
    assert nothing_more_came(content, calls, 1) == [["briefings/b.md"]]


def test_deleting_a_briefing_is_a_change(watched, project):
    content, calls = watched
    briefing = project.briefing("gone")
    calls.wait_for(1)
    briefing.unlink()
    assert calls.wait_for(2)[1] == ["briefings/gone.md"]


def test_a_continuous_stream_of_saves_still_calls_back_within_the_longest_wait(project):
    calls = Calls()
    watcher = ContentWatcher(project.root / "content", calls, debounce=0.3, max_delay=0.9)
    watcher.start()
    try:
        time.sleep(0.2)
        started = time.monotonic()
        path = project.root / "content/briefings/busy.md"
        while not calls.batches and time.monotonic() - started < 5:
            path.write_text(str(time.monotonic()))
            time.sleep(0.1)
        assert calls.batches == [["briefings/busy.md"]]
    finally:
        watcher.stop()


@pytest.mark.parametrize("name, expected", [
    ("safer-sleep.md", True), ("content/briefings/x.md", True), (".x.md", False),
    (".x.md.swp", False), ("x.md~", False), ("x.md.tmp", False), ("#x.md#", False),
    ("~$x.md", False), ("x.txt", False), ("x.md.part", False),
])
def test_which_files_are_content(name, expected):
    assert is_content_file(name) is expected
