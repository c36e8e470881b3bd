"""Crash injection: `cascade run` killed with SIGKILL at many points, then run again.

Each round adds a briefing and starts a real `cascade run` (a subprocess, SMTP to a
deliberately slow server on loopback, five subscribers who each get an alert). The
run is killed at a moment chosen from outside: a fraction of the time one
uninterrupted run took, or an observable step (the build folder appearing, the
site folder being swapped, the log growing, the SMTP server receiving a message).
Nothing in Cascade knows it is being killed. After each kill the run is started
again and must finish, and then:

- site/ at the moment of the kill was the complete old site or the complete new one;
- every subscriber has every alert, with at most one duplicate per kill;
- the log's chain verifies and holds every act exactly once;
- nothing is left locked or half-done: another run has nothing to do.
"""

from __future__ import annotations

import collections
import gzip
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import yaml

from conftest import REPO, Project
from smtp_server import Slow, free_port, smtp_server
from smtp_server import settings as mail_settings

SUBSCRIBERS = [f"p{n}@example.org" for n in range(5)]
DAY = "2025-03-05"
FRACTIONS = (0.03, 0.07, 0.12, 0.16, 0.2, 0.27, 0.34, 0.41, 0.45, 0.48, 0.55, 0.62, 0.69, 0.76,
             0.83, 0.9, 0.95)
MIN_KILLS = 20


def child_env() -> dict:
    return dict(os.environ, CASCADE_SIGNING_KEY="a-signing-key-for-the-crash-tests")


def snapshot(site: Path) -> dict[str, bytes]:
    """Every file of the site by path; the gzipped sitemap by its content (gzip stores a time).

    log-head.json is left out: it describes the log, not the content, and each run brings
    it up to date after the swap, in one rename of its own.
    """
    if not site.is_dir():
        return {}
    files = {}
    for path in sorted(site.rglob("*")):
        if path.is_file() and path.relative_to(site).as_posix() != "log-head.json":
            data = path.read_bytes()
            files[path.relative_to(site).as_posix()] = \
                gzip.decompress(data) if path.suffix == ".gz" else data
    return files


def difference(a: dict, b: dict) -> str:
    changed = sorted(set(a) ^ set(b)) + sorted(n for n in set(a) & set(b) if a[n] != b[n])
    return ", ".join(changed[:8]) + (" ..." if len(changed) > 8 else "")


def kill_tree(pid: int) -> None:
    """SIGKILL a process and all its descendants at once: stopped first, so none can
    start another process between being found and being killed."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        try:
            os.kill(current, signal.SIGSTOP)
        except ProcessLookupError:
            continue
        found.append(current)
        tasks = Path(f"/proc/{current}/task")
        for task in tasks.iterdir() if tasks.exists() else []:
            try:
                queue += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    for current in found:
        try:
            os.kill(current, signal.SIGKILL)
        except ProcessLookupError:
            pass


class Harness:
    """A project whose runs go to a slow SMTP server, started and killed from outside."""

    def __init__(self, root: Path, store: Slow, port: int):
        self.root, self.store = root, store
        self.project = Project(root)
        root.joinpath("content/briefings").mkdir(parents=True)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        settings = {**mail_settings(port, mail={"retries": 1}),
                    "lock_timeout_seconds": 5}   # a lock left behind fails a run quickly
        self.project.write("cascade.yml", yaml.safe_dump(settings, sort_keys=False))
        self.project.write("subscribers.csv", "email,name,audiences,themes,frequency\n" + "".join(
            f"{address},Practitioner {n},health,,immediate\n"
            for n, address in enumerate(SUBSCRIBERS)))
        self.cli("subscribers", "import", "subscribers.csv", "--now", f"{DAY}T08:00")
        self.briefings: list[str] = []

    @property
    def site(self) -> Path:
        return self.root / "site"

    def cli(self, *args: str):
        result = subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=self.root,
                                env=child_env(), capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, (args, result.stdout, result.stderr)
        return result

    def add_briefing(self) -> str:
        number = len(self.briefings)
        item_id = f"briefing-{number:02d}"
        self.project.briefing(item_id, title=f"Learning from review {number}", date=DAY)
        self.briefings.append(item_id)
        return item_id

    def now(self) -> str:
        return f"{DAY}T10:{len(self.briefings):02d}"

    def run_and_kill(self, trigger) -> tuple[bool, float]:
        """Start `cascade run`; SIGKILL it and everything it started when `trigger` says so.

        Returns (killed, seconds). The whole process tree goes down together, as on a
        power cut or when the service manager kills the unit's processes; the site
        engine runs in a session of its own, so it is found by parentage, not group.
        """
        process = subprocess.Popen([sys.executable, "-m", "pipeline", "run", "--now", self.now()],
                                   cwd=self.root, env=child_env(), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        started = time.monotonic()
        while process.poll() is None:
            if trigger(time.monotonic() - started):
                kill_tree(process.pid)
                break
            time.sleep(0.002)
        code = process.wait()
        return code == -signal.SIGKILL, time.monotonic() - started

    # What a kill moment watches: each factory is called just before the run starts.

    def after(self, seconds: float):
        return lambda elapsed: elapsed >= seconds

    def build_started(self, delay: float = 0.0):
        building = self.root / ".site.next"
        seen = []

        def trigger(elapsed):
            if not seen and building.exists():
                seen.append(elapsed)
            return bool(seen) and elapsed >= seen[0] + delay
        return trigger

    def site_swapped(self):
        before = self.site.stat().st_ino
        return lambda elapsed: self.site.exists() and self.site.stat().st_ino != before

    def log_grew(self, times: int = 1):
        log = self.root / "dissemination_log.csv"
        sizes = [log.stat().st_size]

        def trigger(elapsed):
            size = log.stat().st_size
            if size != sizes[-1]:
                sizes.append(size)
            return len(sizes) > times
        return trigger

    def messages_received(self, count: int):
        before = len(self.store.messages)
        return lambda elapsed: len(self.store.messages) >= before + count

    # The invariants.

    def alerts_received(self) -> collections.Counter:
        """(address, item id) -> copies received."""
        titles = {f"New 7-minute briefing: Learning from review {int(i[-2:])}": i
                  for i in self.briefings}
        with self.store.lock:
            return collections.Counter((address, titles[str(message["Subject"])])
                                       for recipients, message in self.store.messages
                                       for address in recipients)

    def check_log(self) -> None:
        verify = self.project.cascade("log", "verify")
        assert verify.exit_code == 0 and "chain intact" in verify.output, verify.output
        acts = collections.Counter((r["item_id"], r["action"], r["channel"])
                                   for r in self.project.log_rows())
        expected = {(i, "published", "website") for i in self.briefings} | \
                   {(i, "sent", "email-alert") for i in self.briefings}
        missing = expected - set(acts)
        assert not missing, f"rows lost: {sorted(missing)}"
        assert set(acts) == expected, f"unexpected rows: {sorted(set(acts) - expected)}"
        twice = {act: n for act, n in acts.items() if n > 1}
        assert not twice, f"acts logged more than once: {twice}"
        reach = {r["item_id"]: r["reach"] for r in self.project.log_rows()
                 if r["action"] == "sent"}
        assert set(reach.values()) == {str(len(SUBSCRIBERS))}, reach

    def check_nothing_left(self) -> None:
        leftovers = [p.name for p in self.root.iterdir() if p.name.startswith((".site.",))]
        assert not leftovers, f"left behind: {leftovers}"
        received = len(self.store.messages)
        rows = len(self.project.log_rows())
        again = self.project.cascade("run", "--now", self.now())   # in this process: quicker
        assert again.exit_code == 0, again.output
        assert again.output.startswith("Nothing to do: the site is up to date "
                                       f"({len(self.briefings)} items published)."), again.output
        assert len(self.store.messages) == received
        assert len(self.project.log_rows()) == rows


@pytest.mark.slow
def test_sigkill_at_many_points_then_rerun_loses_nothing_and_mixes_nothing(tmp_path):
    store = Slow(0.08)     # each message takes a while, so sending is a phase worth hitting
    port = free_port()
    with smtp_server(store, port=port):
        harness = Harness(tmp_path / "project", store, port)
        # Two uninterrupted rounds: the first builds from nothing; the second, an
        # incremental build like those that follow, is the run whose length is measured.
        for _ in range(2):
            harness.add_briefing()
            started = time.monotonic()
            harness.cli("run", "--now", harness.now())
            seconds = time.monotonic() - started
        harness.check_log()
        plan = [(f"{f:.0%} of a run", lambda f=f: harness.after(f * seconds)) for f in FRACTIONS]
        plan += [
            ("build folder appears", lambda: harness.build_started()),
            ("build under way (+0.15 s)", lambda: harness.build_started(0.15)),
            ("build under way (+0.3 s)", lambda: harness.build_started(0.3)),
            ("site folder swapped", lambda: harness.site_swapped()),
            ("website row appended", lambda: harness.log_grew(1)),
            ("first message accepted", lambda: harness.messages_received(1)),
            ("second message accepted", lambda: harness.messages_received(2)),
            ("third message accepted", lambda: harness.messages_received(3)),
            ("last message accepted", lambda: harness.messages_received(len(SUBSCRIBERS))),
            ("alert row appended", lambda: harness.log_grew(2)),
        ]
        kills, duplicates, figures = 0, 0, []
        for label, make_trigger in plan:
            harness.add_briefing()
            old = snapshot(harness.site)
            killed, at = harness.run_and_kill(make_trigger())
            at_kill = snapshot(harness.site)
            harness.cli("run", "--now", harness.now())       # run again, to the end
            new = snapshot(harness.site)
            kills += killed
            assert f"briefings/{harness.briefings[-1]}.html" in new
            assert at_kill in (old, new), (
                f"killed at '{label}': site/ was a mix; differs from the old site in "
                f"{difference(at_kill, old)} and from the new one in {difference(at_kill, new)}")
            harness.check_log()
            received = harness.alerts_received()
            wanted = {(a, i) for a in SUBSCRIBERS for i in harness.briefings}
            assert set(received) == wanted, f"killed at '{label}': alerts lost"
            now_duplicates = sum(n - 1 for n in received.values())
            assert now_duplicates - duplicates <= (1 if killed else 0), label
            duplicates = now_duplicates
            harness.check_nothing_left()
            figures.append(f"{label}: {'killed' if killed else 'finished first'} at {at:.2f} s, "
                           f"site {'old' if at_kill == old else 'new'}")
        assert kills >= MIN_KILLS, "\n".join(figures)
        assert duplicates <= kills
        # The site the runs left is the site a clean build of the same content makes.
        reference = Project(tmp_path / "reference")
        shutil.copytree(harness.root / "content", reference.root / "content")
        for name in ("mkdocs.yml", "cascade.yml"):
            shutil.copy(harness.root / name, reference.root / name)
        assert reference.cascade("build", "--now", harness.now()).exit_code == 0
        final = snapshot(harness.site)
        assert final == snapshot(reference.root / "site"), \
            difference(final, snapshot(reference.root / "site"))
    print(f"\ncrash injection: {kills} kills survived of {len(plan)} planned, "
          f"{duplicates} duplicate messages, 0 rows lost, run length {seconds:.2f} s")
    print("\n".join(figures))


def test_a_run_killed_between_its_log_rows_and_its_ledger_logs_nothing_twice(project):
    """The website stage appends its rows (and the log's head) and then records what is
    published in its ledger. A kill between the two leaves the rows written and the
    ledger as it was, which this test recreates exactly (the window is too short to hit
    reliably by time). The next run must not log the same acts again, and a real later
    change must still be logged."""
    state = project.root / ".cascade/state.db"

    def ledger(rows=None):
        with sqlite3.connect(state) as db:
            if rows is None:
                return db.execute("SELECT * FROM published ORDER BY item_id").fetchall()
            db.execute("DELETE FROM published")
            db.executemany("INSERT INTO published VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        db.close()

    def acts():
        return [(r["item_id"], r["action"]) for r in project.log_rows()]

    gone = project.briefing("gone", date="2025-03-01")
    project.briefing("kept", date="2025-03-01")
    assert project.cascade("run", "--now", "2025-03-05T09:00").exit_code == 0
    assert acts() == [("gone", "published"), ("kept", "published")]
    both = ledger()
    ledger([])                                   # killed before the ledger was written
    again = project.cascade("run", "--now", "2025-03-05T09:30")
    assert again.exit_code == 0, again.output
    assert acts() == [("gone", "published"), ("kept", "published")]
    assert [r[:3] for r in ledger()] == [r[:3] for r in both]   # caught up, logged nothing

    source = gone.read_text(encoding="utf-8")
    gone.unlink()
    assert project.cascade("run", "--now", "2025-03-05T10:00").exit_code == 0
    ledger(both)                                 # killed before the withdrawal was recorded
    assert project.cascade("run", "--now", "2025-03-05T10:30").exit_code == 0
    assert acts() == [("gone", "published"), ("kept", "published"), ("gone", "withdrawn")]

    gone.write_text(source, encoding="utf-8")    # the same version, published again
    project.briefing("kept", date="2025-03-01", title="Safer sleep, revised",
                     extra="updated: 2025-03-05\nchange_note: New advice on room sharing.\n")
    assert project.cascade("run", "--now", "2025-03-05T11:00").exit_code == 0
    assert acts()[3:] == [("gone", "published"), ("kept", "updated")]
    verify = project.cascade("log", "verify")
    assert verify.exit_code == 0 and "5 entries, chain intact" in verify.output


ORPHAN_HOOK = textwrap.dedent('''
    """A site-engine hook that plays a killed run's engine: it waits, then writes late."""
    import os
    import time
    from pathlib import Path

    HERE = Path(__file__).resolve().parent


    def on_post_build(config, **kwargs):
        try:
            os.rename(HERE / "armed", HERE / "fired")   # only the first build after arming
        except FileNotFoundError:
            return
        site = Path(config["site_dir"])
        first = site.stat().st_ino
        (HERE / "engine-waiting").touch()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:   # until another run builds in the same folder
            try:
                if site.stat().st_ino != first:
                    break
            except FileNotFoundError:
                pass
            time.sleep(0.01)
        (site / "written-by-a-killed-run.html").write_text("stale", encoding="utf-8")
''')


@pytest.mark.slow
def test_an_engine_left_running_by_a_killed_run_cannot_write_into_the_next_site(project):
    """Only the cascade process is killed (as the kernel's out-of-memory killer does, or
    a kill of its process group, which the engine's own session escapes). Whatever its
    site engine does afterwards must not end up in the site the next run publishes."""
    project.write("hooks/late.py", ORPHAN_HOOK)
    mkdocs = yaml.safe_load((project.root / "mkdocs.yml").read_text(encoding="utf-8"))
    mkdocs["hooks"] = ["hooks/late.py"]
    project.write("mkdocs.yml", yaml.safe_dump(mkdocs, sort_keys=False))
    project.briefing("first", date="2025-03-01")
    assert project.cascade("run", "--now", "2025-03-05T09:00").exit_code == 0
    project.briefing("second", date="2025-03-01")
    (project.root / "hooks/armed").touch()
    command = [sys.executable, "-m", "pipeline", "run", "--now", "2025-03-05T10:00"]
    process = subprocess.Popen(command, cwd=project.root, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (project.root / "hooks/engine-waiting").exists():
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.01)
    process.kill()                       # SIGKILL to cascade alone
    process.wait()
    rerun = subprocess.run(command, cwd=project.root, capture_output=True, text=True,
                           timeout=120)
    time.sleep(1)                        # let a surviving engine finish what it does
    assert rerun.returncode == 0, rerun.stderr
    assert (project.root / "site/briefings/second.html").is_file()
    assert not (project.root / "site/written-by-a-killed-run.html").exists()
