"""Settings declared as data: one table makes the defaults, the checks and the documentation."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from pipeline.settings.config import DEFAULTS, load_config
from pipeline.settings.docs import markdown_table
from pipeline.settings.table import SETTINGS

REPO = Path(__file__).resolve().parent.parent


def test_the_readme_table_is_the_one_the_settings_table_makes():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"<!-- settings-table[^>]*-->\n(.*?)<!-- /settings-table -->", readme,
                      re.S)
    assert shown, "README.md has lost its settings-table markers"
    assert shown.group(1) == markdown_table()
    assert len(SETTINGS) == shown.group(1).count("\n| `")


def test_cascade_settings_prints_a_cascade_yml_that_loads_to_the_defaults(project):
    result = project.cascade("settings")
    assert result.exit_code == 0
    assert "# how dates and times without an offset are read\ntimezone: Europe/London\n" \
        in result.output
    (project.root / "cascade.yml").write_text(result.output, encoding="utf-8")
    assert load_config(project.root / "cascade.yml").data == DEFAULTS


def test_every_setting_refuses_a_wrong_type_in_one_report(project):
    nested: dict = {}
    for setting in SETTINGS:
        *parents, leaf = setting.key.split(".")
        node = nested
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = {"not": 1}      # a mapping with a number suits no setting
    (project.root / "cascade.yml").write_text(yaml.safe_dump(nested), encoding="utf-8")

    result = project.cascade("check")

    assert result.exit_code == 2
    lines = [line.strip() for line in result.output.splitlines()[1:]]
    for setting in SETTINGS:
        assert (f"{setting.key}: expected {setting.kind.expected}, "
                'got dict {"not": 1}') in lines


def test_a_good_value_of_each_kind_passes_and_a_bad_one_names_its_key(project):
    (project.root / "cascade.yml").write_text(
        "serve: {port: 70000}\nschedules: {reconcile_minutes: 0, quiet_hours: '03:00-01:00'}\n"
        "mail: {transport: pigeon, digest_cron: '0 8 * *'}\ntimezone: Mars/Olympus\n"
        "site_url: learning.example\n", encoding="utf-8")

    result = project.cascade("check")

    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "Configuration error:",
        "  site_url: expected an http(s) URL ending in /, got 'learning.example'",
        "  timezone: expected an IANA time zone such as Europe/London, got 'Mars/Olympus'",
        "  mail.transport: expected maildir, smtp or notify, got 'pigeon'",
        "  mail.digest_cron: expected a crontab line of five fields, e.g. "
        "'0 9 1 1,3,5,7,9,11 *', got '0 8 * *'",
        "  serve.port: expected a port number from 0 to 65535 (0 = any free port), got 70000",
        "  schedules.reconcile_minutes: expected a whole number of minutes from 1 to 1440, got 0",
        "  schedules.quiet_hours: expected HH:MM-HH:MM with the start before the end, e.g. "
        "'01:00-03:00', got '03:00-01:00'",
    ]


def test_only_the_settings_that_shape_the_site_are_in_its_fingerprint(project):
    config = load_config(None, root=project.root)
    site_keys = {s.key.split(".")[0] for s in SETTINGS if s.site}
    assert {"site_url", "themes", "reading", "glossary"} <= site_keys
    assert not site_keys & {"mail", "newsletter", "serve", "schedules", "feeds", "state_db"}
    assert config.fingerprint(sorted(site_keys))
