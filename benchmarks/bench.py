"""Measure Cascade at ten years of content and print each figure against its target.

    python benchmarks/bench.py [--runs 3] [--briefings 1000] [--procedures 300] [--growth]

Every figure is a whole process (`cascade ...` or `mkdocs build`) timed with a
monotonic clock, repeated --runs times, median quoted. Peak memory is the
largest resident set of the process and its children. Run it by hand on a
quiet machine; the tests never time anything.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import generate  # noqa: E402

NOW = "2026-11-22T12:00"
CASCADE = [sys.executable, "-m", "pipeline"]


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS in MB of one whole process tree (wait4 counts children)."""
    with tempfile.TemporaryFile() as out:
        start = time.monotonic()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                   env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):
            out.seek(0)
            sys.exit(f"{' '.join(command)} failed:\n{out.read().decode()}")
    return seconds, usage.ru_maxrss // 1024


def median(values: list[float]) -> float:
    return statistics.median(values)


def reset(root: Path) -> None:
    for name in ("site", ".cascade", "dissemination_log.csv", "bare-site"):
        path = root / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def bare_config(root: Path) -> Path:
    """The generated engine config without Cascade's hook: what a bare mkdocs build reads."""
    cfg = yaml.safe_load((root / ".cascade/build/mkdocs.yml").read_text())
    cfg["hooks"] = [h for h in cfg.get("hooks", []) if not h.endswith("engine_hook.py")]
    cfg["site_dir"] = str(root / "bare-site")
    path = root / ".cascade/bare-mkdocs.yml"
    path.write_text(yaml.safe_dump(cfg, sort_keys=False))
    return path


def edit_one(root: Path, n: int) -> None:
    path = root / "content/briefings/briefing-0500.md"
    text = path.read_text()
    path.write_text(text.replace("## Background\n", f"## Background\n\nEdit number {n}.\n", 1))


def report(name: str, value: str, target: str, met: bool | None) -> None:
    verdict = "" if met is None else ("met" if met else "MISSED")
    print(f"{name:<58} {value:>16}   target {target:<22} {verdict}")


def measure(root: Path, runs: int) -> dict:
    figures: dict[str, list] = {"cold": [], "cold_mb": [], "bare": [], "bare_mb": [],
                                "noop": [], "edit": [], "check": []}
    for n in range(runs):
        reset(root)
        seconds, mb = timed([*CASCADE, "build", "--now", NOW], root)
        figures["cold"].append(seconds)
        figures["cold_mb"].append(mb)
        bare = bare_config(root)
        seconds, mb = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(bare)], root)
        figures["bare"].append(seconds)
        figures["bare_mb"].append(mb)
        timed([*CASCADE, "run", "--now", NOW], root)  # log the first publication
        figures["noop"].append(timed([*CASCADE, "run", "--now", NOW], root)[0])
        edit_one(root, n)
        figures["edit"].append(timed([*CASCADE, "run", "--now", NOW], root)[0])
        shutil.rmtree(root / ".cascade")  # no stored results: check everything
        figures["check"].append(timed([*CASCADE, "check", "--now", NOW], root)[0])
    return {k: median(v) for k, v in figures.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--briefings", type=int, default=1000)
    parser.add_argument("--procedures", type=int, default=300)
    parser.add_argument("--growth", action="store_true",
                        help="also build at 250, 500 and 1,000 briefings")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cascade-bench-") as tmp:
        root = generate(Path(tmp), args.briefings, args.procedures)
        print(f"Corpus: {args.briefings} briefings, {args.procedures} procedure changes; "
              f"{args.runs} runs each, medians; {os.cpu_count()} cores\n")
        f = measure(root, args.runs)
        report("cold cascade build (checks + site) / bare mkdocs build",
               f"{f['cold']:.1f} / {f['bare']:.1f} s = {f['cold'] / f['bare']:.2f} x", "<= 1.3 x",
               f["cold"] / f["bare"] <= 1.3)
        report("cascade run, nothing changed / cold build",
               f"{f['noop']:.2f} s = {f['noop'] / f['cold']:.3f} x", "<= 0.1 x",
               f["noop"] / f["cold"] <= 0.1)
        report("cascade run after editing one briefing / cold build",
               f"{f['edit']:.2f} s = {f['edit'] / f['cold']:.3f} x", "<= 0.3 x (aim 0.1 x)",
               f["edit"] / f["cold"] <= 0.3)
        report("cascade check over the whole corpus (nothing cached)", f"{f['check']:.2f} s",
               "< 5 s",
               f["check"] < 5)
        report("peak memory of a cold build (largest process)", f"{f['cold_mb']:.0f} MB",
               "< 400 MB", f["cold_mb"] < 400)
        report("peak memory of the bare mkdocs build", f"{f['bare_mb']:.0f} MB", "(reference)",
               None)
        if args.growth:
            print("\nGrowth (one cold build each; cost per page should stay flat):")
            for size in (250, 500, 1000):
                generate(root, size, size * 3 // 10)
                reset(root)
                seconds, _ = timed([*CASCADE, "build", "--now", NOW], root)
                pages = len(list((root / ".cascade/build/docs").rglob("*.md")))
                print(f"  {size:>5} briefings: {seconds:6.1f} s, {pages} pages, "
                      f"{1000 * seconds / pages:.1f} ms per page")
        print("\nSMTP throughput and log figures: benchmarks/bench_smtp.py, benchmarks/bench_log.py")


if __name__ == "__main__":
    main()
