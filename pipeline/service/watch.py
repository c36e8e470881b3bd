"""Watch content/ and ask for one reconcile per burst of saves.

Editors save through temporary files and renames, so one save is several file
events (create, write, close, move). The watcher ignores editors' temporary
files and waits until the folder has been quiet for `debounce` seconds (at
most `max_delay` after the first event) before calling back once. File events
can be lost (a full inotify queue, a network share), which is why the service
also runs a full reconcile - a rescan by content hash - every few minutes.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Callable

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

# Events that can change content. Opening or reading a file (which every
# reconcile does) is not one of them, or a reconcile would trigger the next.
CHANGES = {"created", "deleted", "modified", "moved", "closed"}


def is_content_file(path: str) -> bool:
    """A Markdown file an editor has finished writing (not its temporary or backup copy)."""
    name = os.path.basename(path)
    # An editor's swap or backup copy (.x.md.swp, x.md~) does not end in .md.
    return name.endswith(".md") and not name.startswith((".", "~", "#"))


class ContentWatcher(FileSystemEventHandler):
    """Calls `on_change(paths)` once per burst of changes to content files under `root`."""

    def __init__(self, root: Path, on_change: Callable[[list[str]], None], debounce: float,
                 max_delay: float | None = None):
        super().__init__()
        self.root, self.on_change = Path(root), on_change
        self.debounce = debounce
        self.max_delay = max_delay if max_delay is not None else debounce * 10
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._paths: set[str] = set()
        self._first = 0.0
        self._observer = None

    def start(self) -> None:
        self._observer = Observer()
        self._observer.schedule(self, str(self.root), recursive=True)
        self._observer.daemon = True
        self._observer.start()

    def stop(self) -> None:
        """Stop watching; a burst still waiting is dropped (the next reconcile sees it)."""
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
            self._observer = None
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self._paths.clear()

    def on_any_event(self, event) -> None:
        if event.event_type not in CHANGES:
            return
        paths = [event.src_path, getattr(event, "dest_path", "") or ""]
        if event.is_directory:
            # A folder moved or deleted takes its files with it.
            relevant = [p for p in paths if p] if event.event_type in ("moved", "deleted") \
                else []
        else:
            relevant = [p for p in paths if p and is_content_file(p)]
        if relevant:
            self.changed([os.fsdecode(p) for p in relevant])

    def changed(self, paths: list[str]) -> None:
        """Note changed paths and (re)start the quiet-period timer."""
        with self._lock:
            now = time.monotonic()
            if not self._paths:
                self._first = now
            self._paths.update(paths)
            if self._timer is not None:
                self._timer.cancel()
            delay = max(0.0, min(self.debounce, self._first + self.max_delay - now))
            self._timer = threading.Timer(delay, self._fire)
            self._timer.daemon = True
            self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            if threading.current_thread() is not self._timer:
                return   # superseded by a later event
            paths = sorted(self._paths)
            self._paths.clear()
            self._timer = None
        if paths:
            self.on_change([self._relative(p) for p in paths])

    def _relative(self, path: str) -> str:
        try:
            return Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return path
