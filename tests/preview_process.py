"""`cascade preview` started as the officer starts it, for tests that talk to it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


class Preview:
    def __init__(self, process: subprocess.Popen, base: str, lines: list[str]):
        self.process, self.base, self.lines = process, base, lines

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.base + path, timeout=30) as response:
            return response.read().decode("utf-8")

    def read_line(self) -> str:
        """The next line the command prints."""
        line = self.process.stdout.readline().rstrip("\n")
        self.lines.append(line)
        return line

    def version(self) -> int:
        return int(self.get("__preview__/version"))

    def wait_for_version(self, above: int, within: float = 60) -> int:
        """The build number once it is above `above` (a rebuild has finished)."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            version = self.version()
            if version > above:
                return version
            time.sleep(0.05)
        raise AssertionError(f"no rebuild after {within} s; output so far: {self.lines}")


@contextmanager
def running_preview(root: Path, *args: str, open_browser: bool = False) -> Iterator[Preview]:
    """Start `cascade preview --port 0 --no-browser ARGS` in `root`; stop it afterwards.
    With open_browser, without --no-browser, on a machine with no desktop."""
    flags = [] if open_browser else ["--no-browser"]
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "preview", "--port", "0", *flags, *args],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    try:
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            match = re.search(r"at (http://127\.0\.0\.1:\d+/) ", line)
            if match:
                break
        else:
            process.wait(timeout=30)
            raise AssertionError(f"cascade preview did not start: {lines}")
        # The per-item lines follow the address line; read them as they come.
        preview = Preview(process, match.group(1), lines)
        yield preview
    finally:
        process.terminate()
        rest, _ = process.communicate(timeout=60)
        lines += rest.splitlines()
