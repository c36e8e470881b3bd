"""Pipeline settings: embedded defaults, an optional cascade.yml, validated up front.

Every problem is collected and reported at once as `key: expected X, got Y`,
so the officer fixes the file in one go. Paths are resolved against the folder
that holds the configuration file (the project root).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from pipeline.settings import service as config_runtime
from pipeline.settings.wording import describe, is_number
from pipeline.exceptions import ConfigError

CONFIG_FILE = "cascade.yml"

DEFAULTS: dict = {
    "site_name": "Safeguarding Children Partnership: learning",
    "site_url": "https://learning.example-scp.org.uk/",
    "partnership": "Safeguarding Children Partnership",
    "contact_email": "learning@example-scp.org.uk",
    "content_dir": "content",
    "site_dir": "site",
    "mkdocs_config": "mkdocs.yml",
    "state_db": ".cascade/state.db",
    "log_file": "dissemination_log.csv",
    "timezone": "Europe/London",
    "lock_timeout_seconds": 60,
    "themes": [
        "neglect", "exploitation", "safer-sleep", "domestic-abuse",
        "non-accidental-injury", "professional-curiosity", "escalation",
        "was-not-brought", "online-safety", "mental-health", "harmful-practices",
        "information-sharing", "early-help", "safer-recruitment",
        "child-protection", "voice-of-the-child",
    ],
    "audiences": [
        "all-practitioners", "health", "education", "early-years", "police",
        "social-care", "voluntary-sector", "dsl-network",
    ],
    "briefing_sections": [
        "Background", "Why it matters", "Information", "What we learned",
        "Questions to consider", "What you should do", "Further information",
    ],
    "glossary": {
        "CSPR": "Child Safeguarding Practice Review",
        "LSCP": "Local Safeguarding Children Partnership",
        "CSCP": "Calderdale Safeguarding Children Partnership",
        "MASH": "Multi-Agency Safeguarding Hub",
        "DSL": "Designated Safeguarding Lead",
        "ICON": "Infant crying is normal, Comfort, It's OK to walk away, Never shake",
        "SUDI": "Sudden Unexpected Death in Infancy",
        "FGM": "Female Genital Mutilation",
        "MAPPA": "Multi-Agency Public Protection Arrangements",
        "KCSIE": "Keeping Children Safe in Education",
        "GP": "General Practitioner",
        "NHS": "National Health Service",
        "CSE": "Child Sexual Exploitation",
        "CCE": "Child Criminal Exploitation",
        "MARAC": "Multi-Agency Risk Assessment Conference",
        "LADO": "Local Authority Designated Officer",
        "DBS": "Disclosure and Barring Service",
        "SEND": "Special Educational Needs and Disabilities",
        "ICT": "Information and Communication Technology",
        "UK": "United Kingdom",
        "ESCP": "Early Support Coordination Panel",
    },
    "reading": {
        "words_per_minute": 238,
        "max_minutes": 7,
        "max_sentence_words": 25,
        "flesch_floor": 40,
    },
    "home": {"latest_briefings": 6},
    # A public "Dissemination" page with the log's figures; some partnerships keep them internal.
    "dissemination_page": True,
    # Topic alerts, weekly digests and the newsletter. Secrets come only from the
    # environment: CASCADE_SMTP_PASSWORD, CASCADE_NOTIFY_API_KEY, CASCADE_SIGNING_KEY.
    "mail": {
        "transport": "maildir",                  # maildir | smtp | notify
        "maildir": ".cascade/outbox",            # where the maildir transport writes
        "from_address": "learning@example-scp.org.uk",
        "from_name": "Safeguarding Children Partnership",
        "unsubscribe_mailbox": "",               # mailto: unsubscribe address; "" = contact_email
        "subscription_url": "",                  # unsubscribe/preferences pages; "" = site_url + subscriptions/
        "rate_per_minute": 300,
        "max_attempts": 5,                       # a message still failing after this many runs is given up
        "retries": 3,                            # per message, for 4xx / 429 / 5xx-server answers
        "backoff_seconds": 2.0,                  # doubles after each retry
        "alert_window_days": 7,                  # items dated earlier than this are not alerted
        "digest_cron": "0 8 * * mon",            # weekly digest: Monday 08:00
        "smtp": {"host": "localhost", "port": 587, "security": "starttls", "username": "",
                 "timeout_seconds": 30, "ca_file": ""},
        "notify": {"base_url": "https://api.notifications.service.gov.uk", "template_id": "",
                   "email_reply_to_id": "", "timeout_seconds": 30},
    },
    "newsletter": {
        "title": "Learning newsletter",
        "cron": "0 9 1 1,3,5,7,9,11 *",          # every two months, 09:00 on the 1st
        "preview_dir": "newsletter-preview",
    },
}

# The long-running service's settings (serve, schedules, external feeds) live
# beside it; they merge and validate exactly like the ones above.
DEFAULTS.update(copy.deepcopy(config_runtime.DEFAULTS))

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# The settings that shape the website; changing any other (mail, schedules,
# locks) must not rebuild the site.
SITE_KEYS = ("site_name", "site_url", "partnership", "contact_email", "content_dir", "site_dir",
             "mkdocs_config", "timezone", "themes", "audiences", "briefing_sections", "glossary",
             "reading", "home", "dissemination_page")


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
        elif isinstance(base[key], dict) and key != "glossary":
            if not isinstance(value, dict):
                problems.append(f"{name}: expected a mapping, got {describe(value)}")
            else:
                problems += _merge(base[key], value, f"{name}.")
        else:
            base[key] = value
    return problems


def validate(data: dict) -> list[str]:
    """Return every problem as `key: expected X, got Y`."""
    problems = []

    def expect(key, ok, expected, value):
        if not ok:
            problems.append(f"{key}: expected {expected}, got {describe(value)}")

    for key in ("site_name", "partnership", "content_dir", "site_dir", "mkdocs_config",
                "state_db", "log_file", "timezone"):
        value = data[key]
        expect(key, isinstance(value, str) and value.strip(), "a non-empty string", value)
    url = data["site_url"]
    expect("site_url", isinstance(url, str) and re.match(r"^https?://[^/\s]+/", url or ""),
           "an http(s) URL ending in /", url)
    email = data["contact_email"]
    expect("contact_email", isinstance(email, str) and config_runtime.EMAIL.match(email),
           "an email address", email)
    if isinstance(data["timezone"], str):
        try:
            ZoneInfo(data["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(f"timezone: expected an IANA time zone such as Europe/London, "
                            f"got {data['timezone']!r}")
    timeout = data["lock_timeout_seconds"]
    expect("lock_timeout_seconds", is_number(timeout) and timeout >= 0,
           "a number of seconds >= 0", timeout)
    for key in ("themes", "audiences"):
        value = data[key]
        expect(key, isinstance(value, list) and value
               and all(isinstance(v, str) and SLUG.match(v) for v in value),
               "a non-empty list of slugs ([a-z0-9-]+)", value)
    sections = data["briefing_sections"]
    expect("briefing_sections", isinstance(sections, list) and sections
           and all(isinstance(v, str) and v.strip() for v in sections),
           "a non-empty list of headings", sections)
    glossary = data["glossary"]
    expect("glossary", isinstance(glossary, dict)
           and all(isinstance(k, str) and isinstance(v, str) for k, v in glossary.items()),
           "a mapping of ABBREVIATION: expansion", glossary)
    reading = data["reading"]
    for key in ("words_per_minute", "max_minutes", "max_sentence_words"):
        value = reading[key]
        expect(f"reading.{key}", is_number(value) and value > 0, "a positive number", value)
    floor = reading["flesch_floor"]
    expect("reading.flesch_floor", is_number(floor), "a number", floor)
    page = data["dissemination_page"]
    expect("dissemination_page", isinstance(page, bool), "true or false", page)
    latest = data["home"]["latest_briefings"]
    expect("home.latest_briefings", isinstance(latest, int) and not isinstance(latest, bool)
           and latest > 0, "a positive whole number", latest)
    problems += _validate_mail(data)
    problems += config_runtime.validate(data)
    return problems


def _validate_mail(data: dict) -> list[str]:
    """The mail and newsletter settings, as `key: expected X, got Y`."""
    problems = []

    def expect(key, ok, expected, value):
        if not ok:
            problems.append(f"{key}: expected {expected}, got {describe(value)}")

    mail, smtp, notify = data["mail"], data["mail"]["smtp"], data["mail"]["notify"]
    expect("mail.transport", mail["transport"] in ("maildir", "smtp", "notify"),
           "maildir, smtp or notify", mail["transport"])
    for key in ("maildir", "from_name"):
        expect(f"mail.{key}", isinstance(mail[key], str) and mail[key].strip(),
               "a non-empty string", mail[key])
    for key, value in (("mail.from_address", mail["from_address"]),
                       ("mail.unsubscribe_mailbox", mail["unsubscribe_mailbox"])):
        expect(key, (value == "" and key != "mail.from_address") or (isinstance(value, str)
               and config_runtime.EMAIL.match(value)), "an email address", value)
    url = mail["subscription_url"]
    expect("mail.subscription_url", url == "" or (isinstance(url, str) and re.match(
        r"^https?://[^/\s]+/(\S*/)?$", url)), "an http(s) URL ending in /, or \"\"", url)
    for key in ("rate_per_minute", "backoff_seconds"):
        expect(f"mail.{key}", is_number(mail[key]) and mail[key] > 0, "a positive number",
               mail[key])
    for key, value, low in (("mail.max_attempts", mail["max_attempts"], 1),
                            ("mail.retries", mail["retries"], 0),
                            ("mail.alert_window_days", mail["alert_window_days"], 0),
                            ("mail.smtp.port", smtp["port"], 1)):
        expect(key, isinstance(value, int) and not isinstance(value, bool) and value >= low,
               f"a whole number >= {low}", value)
    expect("mail.smtp.host", isinstance(smtp["host"], str) and smtp["host"].strip(),
           "a host name", smtp["host"])
    expect("mail.smtp.security", smtp["security"] in ("starttls", "tls", "none"),
           "starttls, tls or none", smtp["security"])
    for key in ("username", "ca_file"):
        expect(f"mail.smtp.{key}", isinstance(smtp[key], str), "a string", smtp[key])
    for key, value in (("mail.smtp.timeout_seconds", smtp["timeout_seconds"]),
                       ("mail.notify.timeout_seconds", notify["timeout_seconds"])):
        expect(key, is_number(value) and value > 0, "a positive number of seconds", value)
    expect("mail.notify.base_url", isinstance(notify["base_url"], str)
           and re.match(r"^https?://[^/\s]+", notify["base_url"]), "an http(s) URL",
           notify["base_url"])
    for key in ("template_id", "email_reply_to_id"):
        expect(f"mail.notify.{key}", isinstance(notify[key], str), "a string (a Notify id)",
               notify[key])
    if mail["transport"] == "notify" and not notify["template_id"]:
        problems.append("mail.notify.template_id: expected the id of your GOV.UK Notify "
                        "template (with ((subject)) and ((body)) placeholders), got nothing")
    newsletter = data["newsletter"]
    for key in ("title", "preview_dir"):
        expect(f"newsletter.{key}", isinstance(newsletter[key], str) and newsletter[key].strip(),
               "a non-empty string", newsletter[key])
    for key, value in (("mail.digest_cron", mail["digest_cron"]),
                       ("newsletter.cron", newsletter["cron"])):
        expect(key, config_runtime.is_cron(value, data["timezone"]),
               "a crontab line of five fields, e.g. '0 9 1 1,3,5,7,9,11 *'", value)
    return problems


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
