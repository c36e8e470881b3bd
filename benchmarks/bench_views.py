"""How long `cascade log views` takes over 1,000,000 access-log lines.

Writes a year of combined-format access log in a temporary project (pages, assets,
bots, 404s; one file plain and one gzip-rotated), then runs `cascade log views` as
a whole process, and once more to show that re-reading costs only the reading.
Prints each figure against the target of 10 seconds.
Run: python benchmarks/bench_views.py [--lines N]
"""

from __future__ import annotations

import argparse
import gzip
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

TARGET_SECONDS = 10.0
AGENTS = ["Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36",
          "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"]


def write_logs(root: Path, lines: int) -> list[Path]:
    rnd = random.Random(2026)
    pages = [f"/briefings/briefing-{n:04d}/" for n in range(1000)] + ["/", "/briefings/"]
    assets = ["/assets/stylesheets/main.css", "/assets/javascripts/bundle.js", "/feeds/briefings.xml"]
    start = datetime(2025, 4, 1, tzinfo=timezone.utc)
    step = timedelta(days=365) / lines
    out = []
    for n in range(lines):
        when = (start + step * n).strftime("%d/%b/%Y:%H:%M:%S +0000")
        path = rnd.choice(pages) if rnd.random() < 0.7 else rnd.choice(assets)
        status = 200 if rnd.random() < 0.95 else 404
        out.append(f'198.51.100.{n % 250} - - [{when}] "GET {path} HTTP/1.1" {status} 4096 '
                   f'"-" "{rnd.choice(AGENTS)}"\n')
    half = len(out) // 2
    rotated, current = root / "access.log.1.gz", root / "access.log"
    with gzip.open(rotated, "wt", encoding="utf-8") as handle:
        handle.writelines(out[:half])
    current.write_text("".join(out[half:]), encoding="utf-8")
    return [rotated, current]


def timed(command: list[str], cwd: Path) -> float:
    start = time.monotonic()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=1_000_000)
    lines = parser.parse_args().lines
    with tempfile.TemporaryDirectory(prefix="cascade-views-") as tmp:
        root = Path(tmp)
        (root / "cascade.yml").write_text("{}\n", encoding="utf-8")
        files = write_logs(root, lines)
        command = [sys.executable, "-m", "pipeline", "log", "views", *map(str, files)]
        first = timed(command, root)
        again = timed(command, root)
    for name, seconds in (("first read", first), ("re-read (nothing new)", again)):
        met = "met" if seconds <= TARGET_SECONDS else "NOT met"
        print(f"cascade log views, {lines:,} lines, {name}: {seconds:.2f} s "
              f"(target {TARGET_SECONDS:.0f} s: {met})")


if __name__ == "__main__":
    main()
