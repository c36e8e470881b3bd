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
from pipeline.exceptions import ConfigError, LogIntegrityError
from pipeline.state import get_meta, open_state

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 22, 10, 0, tzinfo=LONDON)
NOT_KEYED = ("; not keyed (CASCADE_LOG_KEY is not set), so a row added by hand with a "
             "recomputed hash cannot be ruled out")


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
                                   "(last entry 5, 2026-11-22)" + NOT_KEYED)


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
        "database, so a cut-off end cannot be ruled out" + NOT_KEYED)


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


# Blank lines and the MAC anchor --------------------------------------------------------

LOG_KEY = "a-log-key-for-the-tests-0123456789"


def test_a_trailing_blank_line_does_not_break_the_log_and_appends_still_chain(log):
    config, path = log
    with open(path, "a", encoding="utf-8", newline="") as handle:
        handle.write("\r\n")
    assert problem_in(config) is None
    with open_state(config.state_db) as db:
        assert [r["entry_id"] for r in dlog.append(path, [act(6)], db, NOW)] == ["6"]
    assert problem_in(config) is None
    assert [r["entry_id"] for r in dlog.read_rows(path)] == ["1", "2", "3", "4", "5", "6"]


def test_a_log_saved_without_its_final_line_break_is_appended_to_on_a_new_line(log):
    config, path = log
    path.write_bytes(path.read_bytes().rstrip(b"\r\n"))
    with open_state(config.state_db) as db:
        dlog.append(path, [act(6)], db, NOW)
    assert problem_in(config) is None
    assert len(lines_of(path)) == 7


@pytest.fixture
def keyed(project, monkeypatch):
    """A project whose log holds five rows written with CASCADE_LOG_KEY; (config, path)."""
    monkeypatch.setenv("CASCADE_LOG_KEY", LOG_KEY)
    config = project.config
    with open_state(config.state_db) as db:
        dlog.append(config.log_file, [act(n) for n in range(1, 6)], db, NOW)
    return config, config.log_file


def rechained(lines, change=lambda values: values) -> list[str]:
    """The log rewritten by someone who knows the scheme: every hash recomputed."""
    out, prev = [lines[0]], dlog.GENESIS
    for line in lines[1:]:
        values = change(line.rstrip("\r\n").split(","))
        fields = values[:13]
        digest = dlog.row_hash(prev, fields)
        out.append(",".join([*fields, prev, digest]) + "\r\n")
        prev = digest
    return out


def mac_file(path):
    return path.with_name(path.name + ".mac")


def test_every_keyed_row_has_a_mac_written_before_it(keyed):
    config, path = keyed
    macs = mac_file(path).read_text(encoding="ascii").splitlines()
    assert macs[0].startswith("cascade-log-mac v1 key-id=")
    assert [line.split(" ")[0] for line in macs[1:]] == ["1", "2", "3", "4", "5"]
    assert LOG_KEY not in mac_file(path).read_text(encoding="ascii")
    assert dlog.verify(config) == ("dissemination_log.csv: 5 entries, chain intact and every "
                                   "entry vouched for by its MAC (last entry 5, 2026-11-22)")


def test_a_hand_appended_row_with_a_recomputed_hash_is_found(keyed):
    config, path = keyed
    lines = lines_of(path)
    prev = lines[-1].rstrip("\r\n").split(",")[-1]
    fields = ["6", "2026-11-22T10:00:00+00:00", "2026-10-06T09:00:00+01:00", "made-up",
              "abc123def456", "briefing", "delivered-offline", "training", "health", "400",
              "Trainer", "", ""]
    digest = dlog.row_hash(prev, fields)
    path.write_text("".join(lines) + ",".join([*fields, prev, digest]) + "\r\n",
                    encoding="utf-8", newline="")
    with open_state(config.state_db) as db:  # the editor updates the state's head as well
        db.execute("UPDATE meta SET value = ? WHERE key = 'log_head'", (f"6:{digest}",))
    expected = ("line 7: entry 6 has no MAC in dissemination_log.csv.mac: it was added by hand "
                "with a recomputed hash, or by a command run without CASCADE_LOG_KEY")
    assert problem_in(config) == expected
    with pytest.raises(LogIntegrityError, match="chain broken: line 7: entry 6 has no MAC"):
        dlog.verify(config)
    before = path.read_bytes()
    with open_state(config.state_db) as db, pytest.raises(LogIntegrityError):
        dlog.append(path, [act(7)], db, NOW)  # a MAC for entry 7 would vouch for entry 6
    assert path.read_bytes() == before


def test_a_rewrite_with_the_state_database_deleted_is_found_at_the_first_changed_row(keyed):
    config, path = keyed
    lines = rechained(lines_of(path), lambda v: v[:8] + ["police"] + v[9:]
                      if v[0] == "3" else v)
    path.write_text("".join(lines), encoding="utf-8", newline="")
    config.state_db.unlink()
    with pytest.raises(LogIntegrityError) as caught:
        dlog.verify(config)
    assert str(caught.value).startswith(
        "dissemination_log.csv: chain broken: line 4: entry 3 does not match its MAC "
        "(dissemination_log.csv.mac line 4): it was rewritten with a recomputed hash. To "
        "recover:")


def test_a_removed_mac_file_is_found_through_the_state_database(keyed):
    config, path = keyed
    mac_file(path).unlink()
    assert problem_in(config) == ("dissemination_log.csv.mac is missing, but the log has "
                                  "been keyed since entry 1: it was removed")


def test_a_log_cut_short_with_the_state_database_deleted_is_found_by_its_macs(keyed):
    config, path = keyed
    path.write_text("".join(lines_of(path)[:4]), encoding="utf-8", newline="")
    config.state_db.unlink()
    with pytest.raises(LogIntegrityError, match="dissemination_log.csv.mac has MACs for "
                       "entries 4 to 5, which are not in the log: rows were removed"):
        dlog.verify(config)


def test_another_key_is_told_apart_from_tampering(keyed, monkeypatch):
    config, _path = keyed
    monkeypatch.setenv("CASCADE_LOG_KEY", "some-other-key-of-enough-length")
    assert problem_in(config) == ("dissemination_log.csv.mac: the MACs were made with another "
                                  "key: CASCADE_LOG_KEY is not the key this log was written "
                                  "with, or the MAC file was replaced")


def test_a_keyed_log_is_not_written_or_verified_without_its_key(keyed, monkeypatch):
    config, path = keyed
    monkeypatch.delenv("CASCADE_LOG_KEY")
    before = path.read_bytes()
    with open_state(config.state_db) as db, pytest.raises(ConfigError) as caught:
        dlog.append(path, [act(6)], db, NOW)
    assert caught.value.problems[0].startswith("CASCADE_LOG_KEY: expected the key "
                                               "dissemination_log.csv is keyed with, got nothing")
    assert path.read_bytes() == before
    with pytest.raises(ConfigError):
        dlog.verify(config)


def test_a_log_written_before_the_key_is_keyed_by_its_next_append(log, monkeypatch):
    config, path = log
    monkeypatch.setenv("CASCADE_LOG_KEY", LOG_KEY)
    assert dlog.verify(config).endswith("; not keyed yet: the next run or `cascade log add` "
                                        "keys it")
    with open_state(config.state_db) as db:
        dlog.append(path, [act(6)], db, NOW)
        assert get_meta(db, "log_keyed_from") == "5"
    macs = mac_file(path).read_text(encoding="ascii").splitlines()
    assert [line.split(" ")[0] for line in macs[1:]] == ["5", "6"]
    assert "every entry vouched for by its MAC (last entry 6" in dlog.verify(config)
    # The old rows are read by their chain, which entry 5's MAC vouches for.
    lines = rechained(lines_of(path), lambda v: v[:8] + ["police"] + v[9:]
                      if v[0] == "2" else v)
    path.write_text("".join(lines), encoding="utf-8", newline="")
    config.state_db.unlink()
    with pytest.raises(LogIntegrityError, match="line 6: entry 5 does not match its MAC "
                       r"\(dissemination_log.csv.mac line 2\): it, or an entry before it, was "
                       "rewritten"):
        dlog.verify(config)


def test_a_log_is_not_keyed_when_the_state_has_no_record_of_its_head(log, monkeypatch):
    config, path = log
    monkeypatch.setenv("CASCADE_LOG_KEY", LOG_KEY)
    with open_state(config.state_db) as db:
        db.execute("DELETE FROM meta WHERE key = 'log_head'")
        with pytest.raises(LogIntegrityError, match="it cannot be keyed: the state database "
                           "has no record of its newest entry"):
            dlog.append(path, [act(6)], db, NOW)
    assert not mac_file(path).exists()


def test_macs_of_rows_that_never_landed_are_dropped_by_the_next_append(keyed):
    config, path = keyed
    # A run killed after writing the MAC of entry 6 and before writing the row.
    with open(mac_file(path), "a", encoding="ascii") as handle:
        handle.write("6 " + "ab" * 32 + "\n")
    assert problem_in(config) is None
    with open_state(config.state_db) as db:
        written = dlog.append(path, [act(7)], db, NOW)
    assert [r["entry_id"] for r in written] == ["6"]
    assert problem_in(config) is None
    assert mac_file(path).read_text(encoding="ascii").count("\n") == 7


def test_a_short_log_key_is_a_configuration_error(project, monkeypatch):
    monkeypatch.setenv("CASCADE_LOG_KEY", "short")
    with open_state(project.config.state_db) as db, pytest.raises(ConfigError) as caught:
        dlog.append(project.config.log_file, [act(1)], db, NOW)
    assert caught.value.problems == ["CASCADE_LOG_KEY: expected a secret of at least 16 "
                                     "characters, got a shorter one"]


@pytest.mark.parametrize("key", [b"k" * 16, b"k" * 64, b"k" * 65, "ключ-на-кириллице".encode()])
def test_the_row_mac_is_hmac_sha256(key):
    import hashlib
    import hmac

    from pipeline.evidence import anchor

    expected = hmac.new(key, b"7\x1f" + b"ab" * 32, hashlib.sha256).hexdigest()
    assert anchor.row_mac(key, 7, "ab" * 32) == expected
