"""`cascade log views`: page views per page per day from access logs, without tracking."""

from __future__ import annotations

import gzip
import os
import sqlite3

AGENT = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1"


def line(path: str, when: str = "10/Mar/2025:09:15:00 +0000", status: int = 200,
         agent: str = AGENT, method: str = "GET", ip: str = "192.0.2.7") -> str:
    return (f'{ip} - - [{when}] "{method} {path} HTTP/1.1" {status} 5120 '
            f'"https://www.example.org/" "{agent}"\n')


def views(project) -> dict[tuple[str, str], int]:
    with sqlite3.connect(project.config.state_db) as db:
        return {(day, page): n for day, page, n in db.execute(
            "SELECT day, page, views FROM page_views ORDER BY day, page")}


def test_views_are_counted_per_page_per_london_day_and_nothing_else_is_kept(project):
    log = project.write("access.log", "".join([
        line("/briefings/safer-sleep/"),
        line("/briefings/safer-sleep/index.html?utm=x"),
        line("/briefings/safer-sleep/", when="30/Jun/2025:23:30:00 +0000"),  # 1 July in London
        line("/"),
        line("/briefings/safer-sleep/", agent="Googlebot/2.1 (+http://www.google.com/bot.html)"),
        line("/briefings/safer-sleep/", agent="Mozilla/5.0 (compatible; bingbot/2.0)"),
        line("/briefings/missing/", status=404),
        line("/briefings/safer-sleep/", status=304),
        line("/briefings/safer-sleep/", method="POST"),
        line("/assets/stylesheets/main.css"),
        line("/feeds/briefings.xml"),
        "garbage that is no log line\n",
    ]))

    result = project.cascade("log", "views", str(log))

    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Read 1 file: 12 new lines (0 counted before); 4 page views counted.",
        "Left out: bots 2, not 200 OK 2, not a GET 1, not a page 2, not in the combined log "
        "format 1.",
    ]
    assert views(project) == {("2025-03-10", "/"): 1, ("2025-03-10", "briefings/safer-sleep/"): 2,
                              ("2025-07-01", "briefings/safer-sleep/"): 1}
    raw = project.config.state_db.read_bytes()
    assert b"192.0.2.7" not in raw and b"iPhone" not in raw


def test_rereading_and_rotation_add_only_new_lines(project):
    first = [line("/briefings/a/", when=f"0{d}/Mar/2025:10:00:00 +0000") for d in range(1, 4)]
    log = project.write("access.log", "".join(first))
    assert project.cascade("log", "views", str(log)).exit_code == 0
    again = project.cascade("log", "views", str(log))
    assert again.output.splitlines()[0] == ("Read 1 file: 0 new lines (3 counted before); "
                                            "0 page views counted.")
    # The server goes on writing; logrotate then renames and compresses the file.
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(line("/briefings/a/", when="04/Mar/2025:10:00:00 +0000"))
    rotated = project.root / "access.log.1.gz"
    with gzip.open(rotated, "wb") as handle:
        handle.write(log.read_bytes())
    os.unlink(log)
    fresh = project.write("access.log", line("/briefings/b/", when="05/Mar/2025:10:00:00 +0000"))

    result = project.cascade("log", "views", str(rotated), str(fresh))

    assert result.output.splitlines()[0] == ("Read 2 files: 2 new lines (3 counted before); "
                                             "2 page views counted.")
    assert views(project) == {(f"2025-03-0{d}", "briefings/a/"): 1 for d in range(1, 5)} | {
        ("2025-03-05", "briefings/b/"): 1}


def test_a_site_below_a_path_counts_only_its_own_pages(project):
    (project.root / "cascade.yml").write_text(
        "site_url: https://www.example.org/learning/\n", encoding="utf-8")
    log = project.write("access.log", line("/learning/briefings/a/") + line("/other/page/"))
    result = project.cascade("log", "views", str(log))
    assert "1 page view counted" in result.output
    assert views(project) == {("2025-03-10", "briefings/a/"): 1}


def test_a_broken_gzip_file_is_a_clear_error_and_counts_nothing(project):
    good = gzip.compress(line("/briefings/a/").encode() * 1000)
    broken = project.write("access.log.2.gz", good[: len(good) // 2])
    result = project.cascade("log", "views", str(broken))
    assert result.exit_code == 2
    assert result.output.startswith("Error: access.log.2.gz: unreadable after line") or \
        result.output.startswith(f"Error: {broken}: unreadable after line")
    assert views(project) == {}
