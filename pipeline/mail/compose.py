"""Messages: topic alerts, weekly digests and the newsletter, as HTML and plain text.

An `entry` is what a message says about one item, taken from the item when the
alert or issue is recorded, so a message sent after a crash says what the
first attempt said. Each message is multipart/alternative (a real text part
first, then HTML) with the headers RFC 8058 one-click unsubscribe needs.
"""

from __future__ import annotations

import hashlib
import html
import re
from datetime import datetime

import nh3

from pipeline.feeds import national as feeds
from pipeline.settings.config import Config
from pipeline.content import images
from pipeline.content.load import HEADING2, Item
from pipeline.mail.layout import STYLES, markdown_html, markdown_text, wrap_text
from pipeline.mail.mime import Outgoing
from pipeline.render import render
from pipeline.site.images import picture
from pipeline.text import label, long_date, md_url, plural

KIND_NAMES = {"briefing": "7-minute briefing", "procedure": "procedure change",
              "national-update": "national update"}
ACTION_HEADING = "What you should do"
IMAGE = re.compile(r'!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)')


def entry(config: Config, item: Item, change: str = "new", note: str = "",
          when: datetime | None = None) -> dict:
    """What a message says about one item (JSON-ready).

    An update is dated by its `updated` key, else by `when` (the pass that
    published it): the original publication date would say nothing new happened.
    """
    meta = item.meta
    dated = meta["date"]
    if change == "updated":
        dated = meta.get("updated") or when or dated
    folder = "briefings" if item.kind == "briefing" else "procedures"
    return {
        "id": item.id, "kind": item.kind, "version": item.version, "title": item.title,
        "summary": " ".join(str(meta.get("summary", "")).split()),
        "url": f"{config.site_url}{folder}/{item.id}.html",
        "date": long_date(dated, config.tz), "change": change,
        "change_note": note, "change_type": meta.get("change_type", ""),
        "action": _pictures_as_links(config, item, _what_to_do(item, config)),
        "audiences": list(meta.get("audience") or []),
        "themes": list(meta.get("themes") or []),
    }


def national_entry(config: Config, update: dict, change: str = "new") -> dict:
    """A national update (from an external feed) in the same shape as `entry`."""
    summary = nh3.clean(update["summary_html"], tags=set())  # stored HTML, already sanitised
    return {
        "id": update["id"], "kind": "national-update", "version": update["content_hash"][:12],
        "title": update["title"], "summary": " ".join(html.unescape(summary).split()),
        # Percent-encoded: a feed's link with a line break must not break the text part.
        "url": md_url(update["link"]), "date": long_date(feeds.dated(update), config.tz),
        "change": change, "change_note": "", "change_type": "", "action": "",
        "audiences": [], "themes": [],
    }


def _what_to_do(item: Item, config: Config) -> str:
    """A briefing's 'What you should do' section, or a procedure's practitioner_action."""
    if item.kind == "procedure":
        return str(item.meta.get("practitioner_action") or "")
    sections = config["briefing_sections"]
    wanted = ACTION_HEADING if ACTION_HEADING in sections else (
        sections[5] if len(sections) > 5 else None)
    if not wanted:
        return ""
    lines, inside = [], False
    for line in item.body.split("\n"):
        heading = HEADING2.match(line)
        if heading:
            inside = heading.group(1).strip().lower().rstrip(":") == wanted.lower()
            continue
        if inside:
            lines.append(line)
    return "\n".join(lines).strip()


def _pictures_as_links(config: Config, item: Item, text: str) -> str:
    """Each picture as a link, "Image: alt", to its copy on the site: mail clients block
    or strip pictures, and a link reads the same in the text part."""
    def as_link(match: re.Match) -> str:
        alt = " ".join(match.group(1).split()) or "picture"
        dest = match.group(2)
        chosen = picture(config, item, dest) if images.is_local(dest) else None
        url = f"{config.site_url}{chosen[0]}" if chosen else (
            "" if images.is_local(dest) else dest)
        return f"[Image: {alt}]({md_url(url)})" if url else f"Image: {alt}"
    return IMAGE.sub(as_link, text)


def subject_for(entry: dict) -> str:
    updated = entry["change"] == "updated"
    if entry["kind"] == "procedure":
        return f"Procedure change{' updated' if updated else ''}: {entry['title']}"
    return f"{'Updated' if updated else 'New'} 7-minute briefing: {entry['title']}"


def alert(config: Config, entry: dict, subscriber, links: dict):
    """Subject, HTML and text of an immediate alert about one item."""
    subject = " ".join(subject_for(entry).split())
    why, footer = _footer(config, subscriber, links, f"alerts about {_topics(config, subscriber)}")
    html_part = _html("mail/alert.html", config, subject, subscriber, links, why,
                      item=_shown(entry, level=None))
    text = [_greeting_text(subscriber), _entry_text(entry, level=None)]
    return subject, html_part, wrap_text(entry["title"], "\n".join(text), footer)


def digest(config: Config, entries: list[dict], subscriber, links: dict, week: str):
    """Subject, HTML and text of a weekly digest of several items."""
    count = len(entries)
    subject = f"Safeguarding learning this week: {plural(count, 'item')}"
    heading = f"Your weekly learning digest, week of {week}"
    why, footer = _footer(config, subscriber, links,
                          f"a weekly digest of alerts about {_topics(config, subscriber)}")
    html_part = _html("mail/digest.html", config, subject, subscriber, links, why,
                      heading=heading, items=[_shown(item, level="h2") for item in entries])
    text = [_greeting_text(subscriber)] + [_entry_text(item, level="h2") for item in entries]
    return subject, html_part, wrap_text(heading, "\n\n".join(text), footer)


def newsletter(config: Config, issue: dict, subscriber, links: dict):
    """Subject, HTML and text of a newsletter issue."""
    subject = issue["heading"]
    why, footer = _footer(config, subscriber, links,
                          f"the {config['newsletter']['title'].lower()}")
    html_part = _html("mail/newsletter.html", config, subject, subscriber, links, why,
                      issue=issue,
                      sections=[(heading, [_shown(item, level="h3") for item in entries])
                                for heading, entries in issue["sections"]])
    text = [f"View this newsletter in your browser: {issue['url']}", "",
            _greeting_text(subscriber), issue["intro"], ""]
    for heading, entries in issue["sections"]:
        text.append(f"{heading}\n{'-' * len(heading)}\n")
        text += [_entry_text(item, level="h3") + "\n" for item in entries]
    return subject, html_part, wrap_text(issue["heading"], "\n".join(text), footer)


def _html(template: str, config: Config, subject: str, subscriber, links: dict, why: str,
          **context) -> str:
    """The HTML part: the template, with what every message's layout and footer need."""
    return render(template, s=STYLES, subject=subject, partnership=config["partnership"],
                  recipient=subscriber.name if subscriber is not None else "", links=links,
                  why=why, contact=config["contact_email"], **context)


def _shown(entry: dict, level: str | None) -> dict:
    """What the mail/parts.html `entry` macro shows of an item besides the entry itself;
    `level` is its heading tag (None: the page's h1 is its title)."""
    action = entry["action"] if entry["action"] and not level else ""
    return {"entry": entry, "meta": meta_line(entry), "read": _read(entry),
            "action_heading": ACTION_HEADING,
            "action_html": markdown_html(action) if action else ""}


def _read(entry: dict) -> str:
    return {"briefing": "Read the briefing", "procedure": "Read about the change"}.get(
        entry["kind"], "Read the publication")


def _entry_text(entry: dict, level: str | None) -> str:
    """One item as plain text; `level` as in `_shown`."""
    text = []
    if level:
        text.append(entry["title"])
    text.append(meta_line(entry))
    text.append(entry["summary"])
    if entry["change_note"]:
        text.append(f"What changed: {entry['change_note']}")
    if entry["action"] and not level:
        text.append(f"\n{ACTION_HEADING}:\n{markdown_text(entry['action'])}\n")
    text.append(f"{_read(entry)}: {entry['url']}")
    return "\n".join(text) + "\n"


def meta_line(entry: dict) -> str:
    """'7-minute briefing · Published 3 March 2025' (or Updated)."""
    noun = KIND_NAMES[entry["kind"]]
    state = "Updated" if entry["change"] == "updated" else "Published"
    return f"{noun[:1].upper()}{noun[1:]} · {state} {entry['date']}"


def _greeting_text(subscriber) -> str:
    name = subscriber.name if subscriber is not None else ""
    return f"Hello {' '.join(name.split())},\n" if name else "Hello,\n"


def _topics(config: Config, subscriber) -> str:
    if subscriber is None:
        return "your chosen topics"
    glossary = config["glossary"]
    audiences = ", ".join(label(a, glossary) for a in subscriber.audiences) or "all audiences"
    themes = ", ".join(label(t, glossary) for t in subscriber.themes) or "every theme"
    return f"{audiences} ({themes})"


def _footer(config: Config, subscriber, links: dict, what: str) -> tuple[str, str]:
    """Why this person gets the message, and the footer of the text part (the HTML
    footer is in the mail layout)."""
    why = f"You get this email because you subscribed to {what} from {config['partnership']}."
    contact = config["contact_email"]
    text = (f"{why}\nChange what you get: {links['preferences']}\n"
            f"Unsubscribe: {links['unsubscribe']}\nQuestions? Email {contact}")
    return why, text


def message(config: Config, *, subject: str, html: str | None, text: str, to_email: str,
            to_name: str, links: dict, message_key: str, when: datetime) -> Outgoing:
    """The email itself. `message_key` makes the Message-ID: a re-send after a crash
    carries the same id, so mail clients can show it once."""
    mail = config["mail"]
    domain = mail["from_address"].rsplit("@", 1)[1]
    digest = hashlib.sha256(message_key.encode("utf-8")).hexdigest()[:24]
    return Outgoing(subject=subject, text=text, html=html,
                    sender=(mail["from_name"], mail["from_address"]), to=(to_name, to_email),
                    date=when, message_id=f"<cascade.{digest}@{domain}>",
                    unsubscribe=links.get("unsubscribe", ""),
                    unsubscribe_mailto=links.get("mailto", ""))
