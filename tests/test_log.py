"""The dissemination log itself: chained rows, tamper evidence, formula injection, locking."""

from __future__ import annotations

import csv
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from pipeline.evidence import chain as dlog
from pipeline.exceptions import LogIntegrityError
from pipeline.state import get_meta, open_state

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=LONDON)


def act(n: int, **fields) -> dlog.Act:
    values = dict(occurred_at=datetime(2026, 10, n, 9, 0, tzinfo=LONDON), item_id=f"item-{n}",
                  item_version="abc123def456", item_type="briefing", action="published",
                  channel="website", audience="all-practitioners")
    values.update(fields)
    return dlog.Act(**values)


@pytest.fixture
def log(project):
    """A project whose log holds five rows; returns (config, path)."""
    config = project.config
    with open_state(config.state_db) as db:
        dlog.append(config.log_file, [act(n) for n in range(1, 6)], db, NOW)
    return config, config.log_file


def lines_of(path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def problem_in(config) -> str | None:
    with open_state(config.state_db) as db:
        return dlog.read_and_verify(config.log_file, db)[1]


def test_rows_have_the_columns_in_order_and_each_chains_to_the_one_before(log):
    config, path = log
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == dlog.COLUMNS
    prev = dlog.GENESIS
    for number, values in enumerate(rows[1:], start=1):
        row = dict(zip(dlog.COLUMNS, values))
        assert row["entry_id"] == str(number)
        assert row["prev_hash"] == prev
        assert row["row_hash"] == dlog.row_hash(prev, values[:13])
        assert row["recorded_at"] == "2026-11-22T10:00:00+00:00"
        prev = row["row_hash"]
    assert path.read_bytes().count(b"\r\n") == 6
    with open_state(config.state_db) as db:
        assert get_meta(db, "log_head") == f"5:{prev}"
    assert dlog.verify(config) == ("dissemination_log.csv: 5 entries, chain intact "
                                   "(last entry 5, 2026-11-22)")


def swap(lines, a, b):
    lines[a], lines[b] = lines[b], lines[a]
    return lines


def forged_row(lines) -> str:
    """A row for entry 3 with a correct hash: what someone who knows the scheme could add."""
    prev = lines[2].rstrip("\r\n").split(",")[-1]
    fields = ["3", "2026-11-22T10:00:00+00:00", "2026-10-03T09:00:00+01:00", "made-up",
              "abc123def456", "briefing", "published", "website", "all-practitioners", "",
              "cascade", "", ""]
    return ",".join([*fields, prev, dlog.row_hash(prev, fields)]) + "\r\n"


# Line 1 is the header, so entry N is on line N + 1.
TAMPERING = {
    "edited": (lambda lines: lines[:3] + [lines[3].replace("all-practitioners", "police")]
               + lines[4:],
               "line 4: entry 3 was edited after it was written (its contents no longer "
               "match its row_hash)"),
    "deleted": (lambda lines: lines[:3] + lines[4:],
                "line 4: entry 4 does not follow the row before it: entry 3 was deleted"),
    "copied in": (lambda lines: lines[:3] + [lines[2]] + lines[3:],
                  "line 4: entry 2 does not follow the row before it (line 3): a row was "
                  "inserted or copied here"),
    "forged and inserted": (lambda lines: lines[:3] + [forged_row(lines)] + lines[3:],
                            "line 5: entry 3 does not follow the row before it (line 4): a row "
                            "was inserted or copied here"),
    "reordered": (lambda lines: swap(list(lines), 3, 4),
                  "line 4: entry 4 does not follow the row before it: rows were moved "
                  "(entry 3 comes later in the file)"),
    "tail cut off": (lambda lines: lines[:4],
                     "the log ends at entry 3 but entry 5 was written: rows were removed "
                     "from the end"),
    "emptied": (lambda lines: lines[:1],
                "the log ends at entry 0 but entry 5 was written: rows were removed from "
                "the end"),
    "header changed": (lambda lines: [lines[0].replace("reach", "people")] + lines[1:],
                       "line 1: the header is not the log's columns (" +
                       ",".join(dlog.COLUMNS) + ")"),
    "cell dropped": (lambda lines: lines[:2] + [lines[2].replace(",cascade", "", 1)]
                     + lines[3:],
                     "line 3: the row does not have 15 columns"),
}


@pytest.mark.parametrize("how", TAMPERING)
def test_tampering_is_detected_at_the_first_bad_row(log, how):
    config, path = log
    change, expected = TAMPERING[how]
    path.write_text("".join(change(lines_of(path))), encoding="utf-8", newline="")
    assert problem_in(config) == expected
    with pytest.raises(LogIntegrityError) as caught:
        dlog.verify(config)
    assert str(caught.value) == (f"dissemination_log.csv: chain broken: {expected}. To "
                                 f"recover: {dlog.RECOVERY}")


def test_a_broken_log_is_never_appended_to(log):
    config, path = log
    path.write_text("".join(lines_of(path)[:3] + lines_of(path)[4:]), encoding="utf-8",
                    newline="")
    before = path.read_bytes()
    with open_state(config.state_db) as db, pytest.raises(LogIntegrityError) as caught:
        dlog.append(path, [act(9)], db, NOW)
    assert "entry 3 was deleted; nothing was appended. To recover: restore" in str(caught.value)
    assert path.read_bytes() == before


def test_a_cut_tail_without_the_state_database_is_flagged_as_unchecked(log):
    config, path = log
    path.write_text("".join(lines_of(path)[:4]), encoding="utf-8", newline="")
    config.state_db.unlink()
    assert dlog.verify(config) == (
        "dissemination_log.csv: 3 entries, chain intact (last entry 3, 2026-11-22); no state "
        "database, so a cut-off end cannot be ruled out")


def test_a_file_saved_in_another_encoding_is_reported_by_line(log):
    config, path = log
    path.write_bytes(path.read_bytes().replace(b"all-practitioners", b"caf\xe9", 3))
    assert problem_in(config) == ("line 2: the file is not UTF-8 (byte 0xe9): it was saved by "
                                  "another program")


def test_line_endings_changed_by_a_tool_do_not_break_the_chain(log):
    config, path = log
    path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n"))
    assert problem_in(config) is None


def test_a_hand_edited_cell_spanning_lines_is_reported_not_crashed_on(log):
    config, path = log
    lines = lines_of(path)
    lines[2] = lines[2].replace(",cascade,", ',"cascade\r\nand more",')
    path.write_text("".join(lines), encoding="utf-8", newline="")
    assert problem_in(config) == ("line 3: entry 2 was edited after it was written (its "
                                  "contents no longer match its row_hash)")


PAYLOADS = ['=HYPERLINK("http://x","y")', "@SUM(1)", "+1", "-1+1", "\t=1", "\r=1",
            "=1+1", "\n=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_payloads_in_every_free_text_cell_come_out_inert(project, payload):
    config = project.config
    risky = act(1, action="delivered-offline", channel="team-briefing", audience=payload,
                disseminated_by=payload, notes=payload, accessibility=payload,
                item_version=payload)
    with open_state(config.state_db) as db:
        dlog.append(config.log_file, [risky], db, NOW)
    with open(config.log_file, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1  # no line break got into the file
    folded = " ".join(payload.replace("\r", "\n").split("\n"))
    for column in ("item_version", "audience", "disseminated_by", "accessibility", "notes"):
        assert rows[0][column] == "'" + folded, column
    assert problem_in(config) is None


def test_neutralise_folds_line_breaks_strips_controls_and_leaves_plain_text_alone():
    assert dlog.neutralise("Locality team\r\nmeeting") == "Locality team meeting"
    assert dlog.neutralise("a\x1fb\x00c") == "a b c"  # \x1f joins fields for hashing
    assert dlog.neutralise("25 attendees - good discussion") == "25 attendees - good discussion"
    assert dlog.neutralise("  =1") == "'  =1"
    assert dlog.neutralise(None) == ""


def test_the_same_offline_act_is_recorded_once_whoever_records_it(project):
    config = project.config
    when = datetime(2026, 10, 20, 14, 0, tzinfo=LONDON)
    first = act(1, occurred_at=when, action="delivered-offline", channel="training",
                audience="health", reach=12, disseminated_by="Trainer", notes="first")
    again = act(1, occurred_at=when, action="delivered-offline", channel="training",
                audience="health", reach=14, disseminated_by="Someone else", notes="again",
                item_version="different")
    other_time = act(1, occurred_at=when.replace(hour=15), action="delivered-offline",
                     channel="training", audience="health")
    with open_state(config.state_db) as db:
        assert len(dlog.append(config.log_file, [first, again], db, NOW)) == 1
        assert dlog.append(config.log_file, [again], db, NOW) == []
        assert len(dlog.append(config.log_file, [other_time], db, NOW)) == 1
    assert [r["notes"] for r in project.log_rows()] == ["first", ""]


WORKER = textwrap.dedent("""
    import sys, time
    from datetime import datetime
    from pathlib import Path
    from zoneinfo import ZoneInfo
    from pipeline.evidence import chain as dlog
    from pipeline.state import open_state

    root, worker, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    while not (root / "go").exists():
        time.sleep(0.002)
    tz = ZoneInfo("Europe/London")
    for n in range(count):
        act = dlog.Act(occurred_at=datetime(2026, 11, 1, 9, tzinfo=tz),
                       item_id=f"w{worker}-{n}", item_version="v", item_type="briefing",
                       action="sent", channel="email-alert", audience="health", reach=n,
                       notes=f"worker {worker} " + "x" * 2000)
        with open_state(root / "state.db") as db:
            dlog.append(root / "log.csv", [act], db, datetime.now(tz), timeout=120)
""")


def test_concurrent_appends_from_several_processes_lose_and_interleave_nothing(tmp_path):
    workers, count = 6, 25
    processes = [subprocess.Popen([sys.executable, "-c", WORKER, str(tmp_path), str(w),
                                   str(count)], stderr=subprocess.PIPE, text=True)
                 for w in range(workers)]
    time.sleep(0.5)  # let every process reach the starting line
    (tmp_path / "go").touch()
    for process in processes:
        assert process.wait(timeout=300) == 0, process.stderr.read()
    with open_state(tmp_path / "state.db") as db:
        rows, problem = dlog.read_and_verify(tmp_path / "log.csv", db)
    assert problem is None
    assert [r["entry_id"] for r in rows] == [str(n) for n in range(1, workers * count + 1)]
    assert all(r["_count"] == 15 for r in rows)
    assert sorted(r["item_id"] for r in rows) == sorted(
        f"w{w}-{n}" for w in range(workers) for n in range(count))
    for w in range(workers):  # each process's rows in the order it wrote them
        mine = [int(r["reach"]) for r in rows if r["item_id"].startswith(f"w{w}-")]
        assert mine == list(range(count))
    assert all(r["notes"] == f"worker {r['item_id'][1]} " + "x" * 2000 for r in rows)


def test_acts_already_written_by_an_interrupted_run_are_not_written_again(project):
    config = project.config
    with open_state(config.state_db) as db:
        dlog.append(config.log_file, [act(1), act(2)], db, NOW)
        # The run stopped after writing, before recording the head.
        db.execute("DELETE FROM meta WHERE key = 'log_head'")
        written = dlog.append(config.log_file, [act(2), act(3)], db, NOW)
    assert [r["item_id"] for r in written] == ["item-3"]
    assert [r["entry_id"] for r in project.log_rows()] == ["1", "2", "3"]


def test_times_keep_their_offset_in_the_log(project):
    config = project.config
    utc = act(1, occurred_at=datetime(2026, 3, 31, 23, 30, tzinfo=timezone.utc))
    with open_state(config.state_db) as db:
        dlog.append(config.log_file, [utc], db, NOW)
    assert project.log_rows()[0]["occurred_at"] == "2026-03-31T23:30:00+00:00"
