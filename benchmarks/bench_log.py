"""How long `cascade log verify`, `log report` and `report annual` take on a 100,000-row log.

Builds a throwaway project (the bundled sample content and a valid, chained log
of 100,000 acts over three years) in a temporary folder, then runs each command
as a whole process several times and prints the median against the target of
2 seconds. Run: python benchmarks/bench_log.py [--rows N] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from pipeline.evidence import chain as dlog
from pipeline.settings.config import load_config
from pipeline.state import open_state

REPO = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 2.0
OFFLINE_CHANNELS = ["team-briefing", "training", "dsl-network", "social-media", "other"]


def make_project(root: Path, rows: int) -> None:
    shutil.copytree(REPO / "content", root / "content")
    (root / "cascade.yml").write_text("{}\n", encoding="utf-8")
    config = load_config(root / "cascade.yml")
    ids = sorted(p.stem for p in (root / "content").rglob("*.md"))
    rnd = random.Random(2026)
    start = datetime(2023, 4, 1, 9, tzinfo=config.tz)
    step = timedelta(days=3 * 365) / rows
    acts = []
    for n in range(rows):
        channel = rnd.choice(["website", "email-alert", "newsletter", *OFFLINE_CHANNELS])
        action = {"website": "published", "email-alert": "sent", "newsletter": "sent"}.get(
            channel, "delivered-offline")
        audience = ";".join(rnd.sample(config["audiences"], rnd.randint(1, 3)))
        acts.append(dlog.Act(
            occurred_at=start + step * n, item_id=rnd.choice(ids), item_version="0123456789ab",
            item_type="briefing", action=action, channel=channel, audience=audience,
            reach=None if channel == "website" else rnd.randint(1, 400),
            disseminated_by="Learning and Improvement Officer", notes=f"session {n}"))
    with open_state(config.state_db) as db:
        dlog.append(config.log_file, acts, db, start + timedelta(days=3 * 365))


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one whole process (CPU time shows the work done
    even when other processes compete for the machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def time_commands(commands: dict, root: Path, count: int, target: float) -> None:
    """Run each command `count` times and print its median wall-clock and CPU seconds
    against the target."""
    print(f"Machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
          "(other work slows the wall-clock figures)")
    width = max(len(name) for name in commands) + 1
    for name, command in commands.items():
        runs = [timed(command, root) for _ in range(count)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        verdict = "within" if wall <= target else "OVER"
        print(f"{name:{width}} median {wall:.2f} s wall, {cpu:.2f} s CPU over {count} "
              f"runs (wall min {min(r[0] for r in runs):.2f}, max "
              f"{max(r[0] for r in runs):.2f}); {verdict} the {target:g} s target")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        began = time.perf_counter()
        make_project(root, args.rows)
        size = (root / "dissemination_log.csv").stat().st_size
        print(f"Generated {args.rows:,} rows ({size / 1e6:.1f} MB) in "
              f"{time.perf_counter() - began:.1f} s")
        cascade = [sys.executable, "-m", "pipeline"]
        commands = {
            "startup only (cascade --version)": [*cascade, "--version"],
            "log verify": [*cascade, "log", "verify"],
            "log report (md)": [*cascade, "log", "report", "--now", "2026-04-01T09:00"],
            "log report (html)": [*cascade, "log", "report", "--format", "html", "--now",
                                  "2026-04-01T09:00", "--output", str(root / "r.html")],
            "log report (html, compared)": [*cascade, "log", "report", "--since",
                                            "2025-04-01", "--format", "html", "--now",
                                            "2026-04-01T09:00", "--output",
                                            str(root / "c.html")],
            "report annual (docx)": [*cascade, "report", "annual", "2024-25", "--format",
                                     "docx", "--now", "2026-04-01T09:00", "--output",
                                     str(root / "a.docx")],
            "log report --since --channel": [*cascade, "log", "report", "--since",
                                             "2025-04-01", "--channel", "training",
                                             "--now", "2026-04-01T09:00"],
        }
        time_commands(commands, root, args.runs, TARGET_SECONDS)


if __name__ == "__main__":
    main()
