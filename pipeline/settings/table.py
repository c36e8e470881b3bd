"""Every setting, once: its key, default, kind and help.

The defaults, the validation, the README's settings table and `cascade settings`
are all made from this table, so adding a setting is adding one row (and using
it). `site=True` marks the settings that shape the website: changing any other
(mail, schedules, locks) does not rebuild the site. Secrets are never settings:
they come only from the environment (CASCADE_SMTP_PASSWORD,
CASCADE_NOTIFY_API_KEY, CASCADE_SIGNING_KEY).
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.settings import kinds as k

THEMES = [
    "neglect", "exploitation", "safer-sleep", "domestic-abuse", "non-accidental-injury",
    "professional-curiosity", "escalation", "was-not-brought", "online-safety", "mental-health",
    "harmful-practices", "information-sharing", "early-help", "safer-recruitment",
    "child-protection", "voice-of-the-child",
]
AUDIENCES = [
    "all-practitioners", "health", "education", "early-years", "police", "social-care",
    "voluntary-sector", "dsl-network",
]
SECTIONS = [
    "Background", "Why it matters", "Information", "What we learned", "Questions to consider",
    "What you should do", "Further information",
]
GLOSSARY = {
    "CSPR": "Child Safeguarding Practice Review",
    "LSCP": "Local Safeguarding Children Partnership",
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
}


@dataclass(frozen=True)
class Setting:
    key: str            # dotted: "mail.smtp.port"
    default: object
    kind: k.Kind
    help: str
    site: bool = False  # shapes the website: a change rebuilds it


SETTINGS: list[Setting] = [
    # The site and the partnership
    Setting("site_name", "Safeguarding Children Partnership: learning", k.TEXT,
            "the site's title", site=True),
    Setting("site_url", "https://learning.example-scp.org.uk/", k.SITE_URL,
            "public address, ending in `/` (feeds and emails use it)", site=True),
    Setting("partnership", "Safeguarding Children Partnership", k.TEXT,
            "the partnership's name, on the home page, the accessibility statement and "
            "printouts", site=True),
    Setting("contact_email", "learning@example-scp.org.uk", k.EMAIL_ADDRESS,
            "where readers write; named on the home page and the accessibility statement",
            site=True),
    Setting("subscribe_url", "", k.URL_DIR_OR_EMPTY,
            "where readers reach `cascade serve` (e.g. https://learning.example-scp.org.uk/"
            "subscriptions/): the site links to its sign-up page and shows its feedback "
            "forms; \"\" = no sign-up or feedback on the site", site=True),
    # Files and folders, relative to the settings file
    Setting("content_dir", "content", k.TEXT, "the content folder", site=True),
    Setting("site_dir", "site", k.TEXT, "the built website (generated)", site=True),
    Setting("mkdocs_config", "mkdocs.yml", k.TEXT, "the site engine's settings", site=True),
    Setting("state_db", ".cascade/state.db", k.TEXT, "SQLite runtime state (git-ignored)"),
    Setting("log_file", "dissemination_log.csv", k.TEXT, "the dissemination log"),
    Setting("timezone", "Europe/London", k.TIMEZONE,
            "how dates and times without an offset are read", site=True),
    Setting("lock_timeout_seconds", 60, k.SECONDS_OR_ZERO,
            "how long a run waits for another run to finish"),
    # Vocabularies and house style
    Setting("themes", THEMES, k.SLUGS, "the themes front matter may use", site=True),
    Setting("audiences", AUDIENCES, k.SLUGS, "the audiences front matter may use", site=True),
    Setting("everyone_audience", "all-practitioners", k.EVERYONE,
            "the audience that means everyone: an item for it reaches every subscriber, and "
            "national updates are logged for it; \"\" = none"),
    Setting("briefing_sections", SECTIONS, k.HEADINGS, "a briefing's `##` sections, in order",
            site=True),
    Setting("glossary", GLOSSARY, k.GLOSSARY,
            "abbreviations and their expansions; the site shows them as tooltips", site=True),
    Setting("reading.words_per_minute", 238, k.POSITIVE, "reading speed for reading time",
            site=True),
    Setting("reading.max_minutes", 7, k.POSITIVE, "longest reading time before a warning",
            site=True),
    Setting("reading.max_sentence_words", 25, k.POSITIVE, "longest sentence before a warning",
            site=True),
    Setting("reading.flesch_floor", 40, k.NUMBER, "lowest reading-ease score before a warning",
            site=True),
    # Limits on one page, far above real content, so no file can stall or break the site
    # engine for everyone (the checks hold back what passes them)
    Setting("limits.nesting_depth", 20, k.POSITIVE_WHOLE,
            "deepest nesting of lists, quotes and emphasis on a page (the engine fails at a few "
            "hundred levels)"),
    Setting("limits.elements", 2000, k.POSITIVE_WHOLE,
            "most elements on a page: paragraphs, list items, headings, table rows, links, "
            "emphasis, tags (the engine slows sharply past a few thousand)"),
    Setting("limits.line_length", 10000, k.POSITIVE_WHOLE,
            "longest line of a content file, in characters"),
    Setting("images.max_bytes", 2_000_000, k.POSITIVE_WHOLE,
            "largest picture a page may show, in bytes (a larger one holds the item back)"),
    Setting("build_timeout_seconds", 600, k.SECONDS,
            "how long the site engine may build before it is stopped; the published site is "
            "then left as it was"),
    Setting("home.latest_briefings", 6, k.POSITIVE_WHOLE, "briefings on the home page",
            site=True),
    Setting("dissemination_page", True, k.BOOLEAN,
            "publish the Dissemination page with the log's figures (some partnerships keep "
            "them internal)", site=True),
    # The accessibility statement (the model statement of the 2018 accessibility regulations)
    Setting("accessibility.compliance", "partially", k.choice("fully", "partially", "not"),
            "how far the site meets WCAG 2.2 AA, as the statement says it", site=True),
    Setting("accessibility.non_compliance", [], k.SENTENCES,
            "content known to fail: what, the WCAG criterion, when it will be fixed",
            site=True),
    Setting("accessibility.disproportionate_burden", [], k.SENTENCES,
            "content not fixed because it would be a disproportionate burden, and why",
            site=True),
    Setting("accessibility.out_of_scope", [], k.SENTENCES,
            "content the regulations do not cover, beyond linked third-party content",
            site=True),
    Setting("accessibility.prepared", "", k.DATE_OR_EMPTY,
            "when the statement was prepared (YYYY-MM-DD); \"\" = the day the site was "
            "first built", site=True),
    Setting("accessibility.reviewed", "", k.DATE_OR_EMPTY,
            "when it was last reviewed; \"\" = the prepared date", site=True),
    Setting("accessibility.reply_working_days", 10, k.POSITIVE_WHOLE,
            "working days to answer a request for another format or a reported problem",
            site=True),
    # Mail: topic alerts, weekly digests, the newsletter
    Setting("mail.transport", "maildir", k.choice("maildir", "smtp", "notify"),
            "`maildir` (files in `mail.maildir`), `smtp` or `notify` (GOV.UK Notify)"),
    Setting("mail.maildir", ".cascade/outbox", k.TEXT, "where the maildir transport writes"),
    Setting("mail.from_address", "learning@example-scp.org.uk", k.EMAIL_ADDRESS, "the sender"),
    Setting("mail.from_name", "Safeguarding Children Partnership", k.TEXT,
            "the sender's display name"),
    Setting("mail.unsubscribe_mailbox", "", k.EMAIL_OR_EMPTY,
            "the mailto unsubscribe address, read by a person; \"\" = contact_email"),
    Setting("mail.subscription_url", "", k.URL_DIR_OR_EMPTY,
            "where links in emails reach `cascade serve`; \"\" = subscribe_url, or "
            "site_url + `subscriptions/` if that is empty too"),
    Setting("mail.rate_per_minute", 300, k.POSITIVE, "messages sent a minute at most"),
    Setting("mail.max_attempts", 5, k.whole(1),
            "runs a failing message is tried in before it is given up"),
    Setting("mail.retries", 3, k.whole(0),
            "retries of one message within a run, for temporary failures"),
    Setting("mail.backoff_seconds", 2.0, k.POSITIVE, "wait before the first retry; doubles"),
    Setting("mail.alert_window_days", 7, k.whole(0),
            "items dated earlier than this before the run are published without alerts"),
    Setting("mail.soft_bounce_limit", 3, k.whole(1),
            "temporary delivery failures (4.x.x) after which an address is suppressed"),
    Setting("mail.followup_after_days", 42, k.whole(0, 3650, "a whole number of days from 0 "
                                                            "to 3650"),
            "days after an alert or digest that each recipient is asked once \"Has this "
            "briefing changed your practice?\"; 0 = no follow-up questions"),
    Setting("mail.digest_cron", "0 8 * * mon", k.cron("0 9 1 1,3,5,7,9,11 *"),
            "when the weekly digest goes (Monday 08:00)"),
    Setting("mail.smtp.host", "localhost", k.HOST, "SMTP server"),
    Setting("mail.smtp.port", 587, k.whole(1), "SMTP port"),
    Setting("mail.smtp.security", "starttls", k.choice("starttls", "tls", "none"),
            "how the SMTP connection is secured"),
    Setting("mail.smtp.username", "", k.ANY_TEXT,
            "SMTP login; the password comes from CASCADE_SMTP_PASSWORD"),
    Setting("mail.smtp.timeout_seconds", 30, k.SECONDS, "SMTP connection timeout"),
    Setting("mail.smtp.ca_file", "", k.ANY_TEXT, "a CA bundle for a private SMTP certificate"),
    Setting("mail.notify.base_url", "https://api.notifications.service.gov.uk", k.URL,
            "GOV.UK Notify's API"),
    Setting("mail.notify.template_id", "", k.NOTIFY_ID,
            "a Notify template with ((subject)) and ((body)); the key comes from "
            "CASCADE_NOTIFY_API_KEY"),
    Setting("mail.notify.email_reply_to_id", "", k.NOTIFY_ID, "a Notify reply-to address id"),
    Setting("mail.notify.timeout_seconds", 30, k.SECONDS, "Notify request timeout"),
    Setting("newsletter.title", "Learning newsletter", k.TEXT, "the newsletter's name"),
    Setting("newsletter.cron", "0 9 1 1,3,5,7,9,11 *", k.cron("0 9 1 1,3,5,7,9,11 *"),
            "when an issue is due (every two months, 09:00 on the 1st)"),
    Setting("newsletter.preview_dir", "newsletter-preview", k.TEXT,
            "where `newsletter preview` writes"),
    # The service: cascade serve
    Setting("serve.host", "127.0.0.1", k.LISTEN_HOST,
            "where `cascade serve` listens; keep 127.0.0.1 behind a reverse proxy"),
    Setting("serve.port", 8025, k.PORT, "its port (0 = any free port, logged)"),
    Setting("serve.posts_per_client_per_hour", 200, k.whole(0),
            "form posts one client address may make an hour (0 = no limit); an office "
            "behind one address counts as one client"),
    Setting("schedules.reconcile_minutes", 5, k.MINUTES,
            "a full pass (= cascade run) this often"),
    Setting("schedules.feed_poll_minutes", 60, k.MINUTES, "poll the external feeds this often"),
    Setting("schedules.misfire_grace_seconds", 3600, k.SECONDS,
            "a timed job that could not start within this long of its time is logged as "
            "missed (the next pass still publishes what is due)"),
    Setting("schedules.watch_debounce_seconds", 2, k.SECONDS,
            "quiet after the last file event before a pass runs"),
    Setting("schedules.review_reminder_cron", "0 8 * * 1", k.cron("0 8 * * 1"),
            "when the officer hears of briefings past review_by (Monday 08:00)"),
    Setting("schedules.quiet_hours", "01:00-03:00", k.QUIET_HOURS,
            "no job starts in these hours: the clocks change then; a job due then runs at "
            "the end"),
    Setting("feeds", [], k.FEEDS,
            "external Atom or RSS feeds, each `{name, url}`, whose new entries become "
            "National updates; none by default, so no network is needed"),
    Setting("officer_email", "", k.OFFICER_EMAIL,
            "who gets the weekly review-date reminder; \"\" = contact_email"),
]
