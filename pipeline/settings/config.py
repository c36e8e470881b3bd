"""Pipeline settings: embedded defaults, an optional cascade.yml, validated up front.

Every setting is one row of pipeline.settings.table. Every problem is collected
and reported at once as `key: expected X, got Y`, so the officer fixes the file
in one go. Paths are resolved against the folder that holds the configuration
file (the project root).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from pipeline.exceptions import ConfigError
from pipeline.settings.kinds import RESERVED_NAMES, parse_date
from pipeline.settings.table import SETTINGS
from pipeline.settings.wording import describe

CONFIG_FILE = "cascade.yml"
FEED_KEYS = ("name", "url")


def _nested(settings) -> dict:
    """The table's defaults as the nested mapping cascade.yml overlays."""
    data: dict = {}
    for setting in settings:
        *parents, leaf = setting.key.split(".")
        node = data
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = copy.deepcopy(setting.default)
    return data


DEFAULTS: dict = _nested(SETTINGS)
LEAVES = {setting.key for setting in SETTINGS}   # values replaced whole (glossary, lists)

# The settings that shape the website (top-level keys); changing any other (mail,
# schedules, locks) must not rebuild the site.
SITE_KEYS = tuple(dict.fromkeys(s.key.split(".")[0] for s in SETTINGS if s.site))


@dataclass(frozen=True)
class Config:
    """Validated settings. `root` is the project folder; other paths are absolute."""

    root: Path
    data: dict

    def __getitem__(self, key):
        return self.data[key]

    @property
    def content_dir(self) -> Path:
        return self.root / self.data["content_dir"]

    @property
    def site_dir(self) -> Path:
        return self.root / self.data["site_dir"]

    @property
    def mkdocs_config(self) -> Path:
        return self.root / self.data["mkdocs_config"]

    @property
    def state_db(self) -> Path:
        return self.root / self.data["state_db"]

    @property
    def log_file(self) -> Path:
        return self.root / self.data["log_file"]

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.data["timezone"])

    @property
    def site_url(self) -> str:
        return self.data["site_url"]

    def shown(self, path: Path) -> str:
        """A path as the officer sees it: relative to the project when it is inside it."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def fingerprint(self, keys=None) -> str:
        """A hash of the settings (or of those named), so a change triggers a rebuild."""
        data = self.data if keys is None else {k: self.data[k] for k in keys}
        text = json.dumps(data, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def load_config(path: Path | None = None, root: Path | None = None) -> Config:
    """Load cascade.yml (or the embedded defaults when there is none) and validate it."""
    root = Path(root or Path.cwd()).resolve()
    explicit = path is not None
    path = Path(path) if path else root / CONFIG_FILE
    data = copy.deepcopy(DEFAULTS)
    if path.exists():
        root = path.resolve().parent
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path.name}: not valid YAML ({_first_line(exc)})") from None
        except OSError as exc:
            raise ConfigError(f"{path.name}: cannot be read ({exc.strerror or exc}); it must be "
                              "a file the account that runs Cascade can read") from None
        if not isinstance(loaded, dict):
            raise ConfigError(f"{path.name}: expected a mapping of settings, got {describe(loaded)}")
        problems = _merge(data, loaded, "")
        if problems:
            raise ConfigError(problems)
    elif explicit:
        raise ConfigError(f"{path}: configuration file not found")
    problems = validate(data)
    if problems:
        raise ConfigError(problems)
    return Config(root=root, data=data)


def _merge(base: dict, override: dict, prefix: str) -> list[str]:
    """Overlay user settings on the defaults; unknown keys are errors (typos must not pass)."""
    problems = []
    for key, value in override.items():
        name = f"{prefix}{key}"
        if key not in base:
            problems.append(f"{name}: unknown setting (known: {', '.join(sorted(base))})")
        elif isinstance(base[key], dict) and name not in LEAVES:
            if not isinstance(value, dict):
                problems.append(f"{name}: expected a mapping, got {describe(value)}")
            else:
                problems += _merge(base[key], value, f"{name}.")
        else:
            base[key] = value
    return problems


def validate(data: dict) -> list[str]:
    """Return every problem as `key: expected X, got Y`, in the table's order."""
    problems = []
    for setting in SETTINGS:
        value = _lookup(data, setting.key)
        if not setting.kind.ok(value, data):
            problems.append(f"{setting.key}: expected {setting.kind.expected}, "
                            f"got {describe(value)}")
    problems += _validate_feeds(data["feeds"])
    themes = data["themes"] if isinstance(data["themes"], list) else []
    for name in sorted(RESERVED_NAMES.intersection(t for t in themes if isinstance(t, str))):
        problems.append(f"themes: expected no theme named {name!r} (themes/{name} is the "
                        f"site's own page), got {name!r}")
    problems += _validate_statement(data["accessibility"])
    mail = data["mail"]
    if mail["transport"] == "notify" and not mail["notify"]["template_id"]:
        problems.append("mail.notify.template_id: expected the id of your GOV.UK Notify "
                        "template (with ((subject)) and ((body)) placeholders), got nothing")
    return problems


def _lookup(data: dict, key: str):
    for part in key.split("."):
        data = data[part]
    return data


def _validate_statement(settings: dict) -> list[str]:
    """What the accessibility statement's settings must agree on."""
    problems = []
    if settings["compliance"] == "fully" and settings["non_compliance"]:
        problems.append("accessibility.non_compliance: expected no entries when "
                        "accessibility.compliance is fully (or set it to partially), got "
                        f"{describe(settings['non_compliance'])}")
    prepared, reviewed = parse_date(settings["prepared"]), parse_date(settings["reviewed"])
    if prepared and reviewed and reviewed < prepared:
        problems.append(f"accessibility.reviewed: expected a date on or after "
                        f"accessibility.prepared ({prepared}), got {reviewed}")
    return problems


def _validate_feeds(feeds) -> list[str]:
    """Each feed: a one-line name no other feed has, and an http(s) URL."""
    if not isinstance(feeds, list):
        return []                      # the table's row has said so
    problems, names = [], set()
    for number, feed in enumerate(feeds):
        key = f"feeds[{number}]"
        if not isinstance(feed, dict):
            problems.append(f"{key}: expected a mapping with name and url, got {describe(feed)}")
            continue
        for unknown in sorted(set(feed) - set(FEED_KEYS)):
            problems.append(f"{key}.{unknown}: unknown setting (known: name, url)")
        name, url = feed.get("name"), feed.get("url")
        if not (isinstance(name, str) and name.strip() and "\n" not in name):
            problems.append(f"{key}.name: expected a one-line name, got {describe(name)}")
        elif name in names:
            problems.append(f"{key}.name: expected a name no other feed has, got {name!r}")
        else:
            names.add(name)
        if not (isinstance(url, str) and re.fullmatch(r"https?://[^/\s]+\S*", url)):
            problems.append(f"{key}.url: expected an http(s) URL, got {describe(url)}")
    return problems


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
