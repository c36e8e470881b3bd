"""Generate the site's Markdown pages from the public items.

The output is a plain mapping of relative path -> text: the one seam to the
site engine (Material for MkDocs today; Zensical reads the same tree). Pages
use only features both engines support: front matter, attr_list, md_in_html,
def_list, admonition, tables and abbreviations.

Briefings and procedure pages are deliberately not in the navigation: the
theme repeats the whole navigation in every page, which makes a build with
hundreds of briefings quadratic. Index and theme pages list them instead.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

import json

from markupsafe import Markup

from pipeline.settings.config import Config
from pipeline.site import accessibility, privacy
from pipeline.site.images import Pictures, collect
from pipeline.content.load import FOLDERS, SOURCE_LABELS, Item
from pipeline.render import render
from pipeline.text import cycle_label, label, long_date, md_inline, md_url, plural, reading_minutes

CHANGE_GROUPS = [("new", "New chapters"), ("updated", "Updated chapters"),
                 ("removed", "Removed chapters")]

NAV = [
    {"Home": "index.md"},
    {"Briefings": "briefings/index.md"},
    {"Themes": "themes/index.md"},
    {"Procedure changes": "procedures/index.md"},
    {"Accessibility": "accessibility.md"},
]


@dataclass(frozen=True)
class Site:
    """What the pages are made from."""

    config: Config
    briefings: list[Item]    # newest first
    procedures: list[Item]   # newest first
    first_built: date | None = None   # the accessibility statement's default date
    pictures: Pictures = field(default_factory=Pictures)   # copied beside their pages
    pdfs: dict[str, int] = field(default_factory=dict)   # briefing id -> its PDF's size
    # id -> [(updated, change note)], newest first; None: from the front matter alone
    history: dict | None = None
    # The feedback forms at each page's foot: where they post, and each item's page
    # token; {} (no subscribe_url, or a preview without a key): no forms.
    feedback_action: str = ""
    feedback_tokens: dict[str, str] = field(default_factory=dict)

    @property
    def tz(self):
        return self.config.tz

    def date(self, item: Item, key: str = "date") -> str:
        return long_date(item.meta[key], self.tz)

    def label(self, slug: str) -> str:
        return label(slug, self.config["glossary"])

    def body(self, item: Item) -> str:
        """The item's Markdown, its pictures pointing at their copies in the site."""
        return self.pictures.bodies.get(item.id, item.body)


def make_site(config: Config, items: list[Item], first_built: date | None = None,
              history: dict | None = None) -> Site:
    def newest_first(kind):
        chosen = [i for i in items if i.kind == kind]
        return sorted(chosen, key=lambda i: (i.meta["date"], i.id), reverse=True)
    return Site(config, newest_first("briefing"), newest_first("procedure"), first_built,
                collect(config, items), history=history)


def generate_pages(site: Site) -> dict[str, str]:
    """Every page of the site, keyed by its path in the docs tree."""
    pages = {
        "index.md": home_page(site),
        "briefings/index.md": briefings_index(site),
        "themes/index.md": themes_index(site),
        "procedures/index.md": procedures_index(site),
        "accessibility.md": accessibility.statement(site.config, site.first_built),
        "privacy.md": privacy.notice(site.config),
    }
    for item in site.briefings:
        pages[f"briefings/{item.id}.md"] = briefing_page(site, item)
    for item in site.procedures:
        pages[f"procedures/{item.id}.md"] = procedure_page(site, item)
    for theme in themes_in_use(site):
        pages[f"themes/{theme}.md"] = theme_page(site, theme)
    return pages


# The theme prints a page's title and description into <title> and a meta attribute
# without escaping them, so the characters that could end either never reach it.
_META_SAFE = str.maketrans({"<": "‹", ">": "›", '"': "”"})


def _meta(text: str) -> str:
    # JSON strings are valid YAML double-quoted scalars, and much quicker to write.
    return json.dumps(" ".join(str(text).split()).translate(_META_SAFE), ensure_ascii=False)


def _front(title: str, description: str = "", feedback: dict | None = None) -> str:
    text = f"---\ntitle: {_meta(title)}\n"
    if description:
        text += f"description: {_meta(description)}\n"
    if feedback:
        # Read by the theme override (overrides/partials/cascade-feedback.html), which puts
        # the forms at the page's foot: a form in the Markdown would be sanitised away.
        text += "feedback:\n" + "".join(f"  {key}: {_meta(value)}\n"
                                        for key, value in feedback.items())
    return text + "---\n\n"


def feedback_meta(site: Site, item: Item) -> dict | None:
    """What the page's feedback forms need, or None: no forms on this page (no sign-up
    service, no token for it, or a draft shown in a preview)."""
    token = site.feedback_tokens.get(item.id)
    if not site.feedback_action or not token or item.status != "ready":
        return None
    since = item.meta["date"].astimezone(site.tz).date().isoformat()
    return {"action": site.feedback_action, "item": item.id, "token": token, "since": since,
            "kind": KIND_NAMES[item.kind]}


def plain_page(title: str, body: str) -> str:
    """A page of just a title and the body as written: how `cascade preview` shows an item
    whose front matter is too broken for its usual page."""
    return _front(title) + f"# {md_inline(title)}\n\n{body.strip()}\n"


def _briefing_entry(site: Site, item: Item, prefix: str) -> str:
    themes = ", ".join(site.label(t) for t in item.meta["themes"])
    return (f"- **[{md_inline(item.title)}]({prefix}{item.id}.md)**  \n"
            f"  {site.date(item)} · {md_inline(item.meta['summary'])}  \n"
            f"  Themes: {themes}\n")


def home_page(site: Site) -> str:
    config = site.config
    latest = site.briefings[: config["home"]["latest_briefings"]]
    out = [_front(config["site_name"]), f"# {md_inline(config['site_name'])}\n\n",
           f"Learning from reviews, audits and national guidance, shared by "
           f"{md_inline(config['partnership'])} with everyone who works with children and "
           f"families. Each 7-minute briefing can be read, or talked through with a team, "
           f"in about seven minutes.\n\n", "## Latest briefings\n\n"]
    out += [_briefing_entry(site, item, "briefings/") for item in latest] or \
        ["No briefings have been published yet.\n"]
    out.append(f"\n[All {len(site.briefings)} briefings, newest first](briefings/index.md)\n\n")
    out.append("## Latest procedure changes\n\n")
    cycles = _by_cycle(site.procedures)
    if cycles:
        cycle, items = next(iter(cycles.items()))
        out.append(f"Changes to the safeguarding procedures in {cycle_label(cycle)}:\n\n")
        for item in items:
            kind = "new chapter" if item.meta["change_type"] == "new" else \
                f"{item.meta['change_type']} chapter"
            out.append(f"- [{md_inline(item.title)}](procedures/{item.id}.md) ({kind})\n")
        out.append("\n[All procedure changes by update round](procedures/index.md)\n\n")
    else:
        out.append("No procedure changes have been published yet.\n\n")
    out.append("## Stay informed\n\n")
    if config["subscribe_url"]:
        out.append("Get an email when new learning for the people you work with is published: "
                   f"[Get email updates]({sign_up_url(config)})\n\n")
    out.append("Follow new learning in a feed reader:\n\n"
               "- [Briefings feed (Atom)](feeds/briefings.xml)\n"
               "- [Procedure changes feed (Atom)](feeds/procedures.xml)\n")
    return "".join(out)


def sign_up_url(config: Config, theme: str = "") -> str:
    """The sign-up page of `cascade serve` (subscribe_url), with a theme ticked in advance."""
    query = f"?themes={theme}" if theme else ""
    return md_url(f"{config['subscribe_url']}subscribe{query}")


def briefings_index(site: Site) -> str:
    out = [_front("All briefings", "Every 7-minute briefing, newest first."),
           "# All briefings\n\n",
           f"{len(site.briefings)} briefings, newest first. "
           "You can also [browse briefings by theme](../themes/index.md).\n"]
    year = None
    for item in site.briefings:
        item_year = item.meta["date"].astimezone(site.tz).year
        if item_year != year:
            year = item_year
            out.append(f"\n## {year}\n\n")
        out.append(_briefing_entry(site, item, ""))
    return "".join(out)


def themes_in_use(site: Site) -> list[str]:
    used = {t for item in site.briefings + site.procedures for t in item.meta["themes"]}
    return [t for t in site.config["themes"] if t in used]


def themes_index(site: Site) -> str:
    counts = defaultdict(int)
    for item in site.briefings:
        for theme in item.meta["themes"]:
            counts[theme] += 1
    out = [_front("Themes", "Briefings and procedure changes by theme."), "# Themes\n\n",
           "Briefings and procedure changes grouped by the theme of the learning.\n\n"]
    for theme in themes_in_use(site):
        n = counts[theme]
        out.append(f"- [{site.label(theme)}]({theme}.md): {plural(n, 'briefing')}\n")
    return "".join(out)


def theme_page(site: Site, theme: str) -> str:
    name = site.label(theme)
    briefings = [i for i in site.briefings if theme in i.meta["themes"]]
    procedures = [i for i in site.procedures if theme in i.meta["themes"]]
    out = [_front(f"{name}: briefings and procedure changes"), f"# {name}\n\n"]
    if site.config["subscribe_url"]:
        out.append(f"[Get email updates about {name}]({sign_up_url(site.config, theme)})\n\n")
    if briefings:
        out.append("## Briefings\n\n")
        out += [_briefing_entry(site, item, "../briefings/") for item in briefings]
        out.append("\n")
    if procedures:
        out.append("## Procedure changes\n\n")
        for item in procedures:
            out.append(f"- [{md_inline(item.title)}](../procedures/{item.id}.md), "
                       f"{cycle_label(item.meta['update_cycle'])}\n")
    return "".join(out)


def briefing_page(site: Site, item: Item) -> str:
    meta, config = item.meta, site.config
    facts = [("Published", site.date(item))]
    if meta.get("updated"):
        facts.append(("Updated", site.date(item, "updated")))
    if meta.get("review_by"):
        facts.append(("Review by", site.date(item, "review_by")))
    source = meta.get("source")
    if source:
        kind = SOURCE_LABELS[source["type"]]
        title = md_inline(source["title"])
        text = f"[{title}]({md_url(source['url'])})" if source.get("url") else title
        facts.append(("Source", f"{text} ({kind})"))
    facts.append(("Audience", ", ".join(site.label(a) for a in meta["audience"])))
    facts.append(("Themes", ", ".join(f"[{site.label(t)}](../themes/{t}.md)"
                                      for t in meta["themes"])))
    minutes = reading_minutes(item.body, config["reading"]["words_per_minute"])
    facts.append(("Reading time", plural(minutes, 'minute')))
    if item.id in site.pdfs:
        size = max(1, round(site.pdfs[item.id] / 1024))
        facts.append(("Print version", f"[Download PDF]({item.id}.pdf) (A4, {size} KB)"))
    out = [_front(item.title, meta["summary"], feedback_meta(site, item)),
           f"# {md_inline(item.title)}\n\n",
           f"{md_inline(meta['summary'])}\n{{ .cascade-summary }}\n\n",
           _facts_panel("About this briefing", facts),
           site.body(item).strip(), "\n"]
    if site.history is not None:
        changes = site.history.get(item.id, [])
    else:
        changes = [(meta["updated"], meta["change_note"])] \
            if meta.get("updated") and meta.get("change_note") else []
    if changes:
        out.append("\n## Page history\n\n")
        out += [f"- {long_date(when, site.tz)}: {md_inline(note)}\n" for when, note in changes]
        out.append(f"- {site.date(item)}: first published\n")
    return "".join(out)


def _facts_panel(name: str, facts: list[tuple[str, str]]) -> str:
    """The facts panel; each value is Markdown already made safe by the caller."""
    return render("site/facts.md", name=name,
                  facts=[(term, Markup(value)) for term, value in facts])


def _by_cycle(procedures: list[Item]) -> dict[str, list[Item]]:
    cycles: dict[str, list[Item]] = defaultdict(list)
    for item in sorted(procedures, key=lambda i: (i.meta["update_cycle"], i.meta["date"]),
                       reverse=True):
        cycles[item.meta["update_cycle"]].append(item)
    return dict(sorted(cycles.items(), reverse=True))


def procedures_index(site: Site) -> str:
    out = [_front("Procedure changes", "Changes to the multi-agency safeguarding procedures."),
           "# Procedure changes\n\n",
           "Changes to the multi-agency safeguarding procedures, newest update round first. "
           "Each row links to a page saying what changed and what to do.\n"]
    for cycle, items in _by_cycle(site.procedures).items():
        out.append(f"\n## {cycle_label(cycle)}\n")
        for change_type, heading in CHANGE_GROUPS:
            group = [i for i in items if _group_of(i) == change_type]
            if not group:
                continue
            out.append(f"\n### {heading}: {cycle_label(cycle)}\n\n"
                       "| Chapter | What changed |\n| --- | --- |\n")
            for item in group:
                note = md_inline(item.meta["summary"])
                if item.meta["change_type"] == "refreshed":
                    note = f"Refreshed. {note}"
                out.append(f"| [{md_inline(item.title)}]({item.id}.md) | {note} |\n")
    if not site.procedures:
        out.append("\nNo procedure changes have been published yet.\n")
    return "".join(out)


def _group_of(item: Item) -> str:
    return "updated" if item.meta["change_type"] == "refreshed" else item.meta["change_type"]


def procedure_page(site: Site, item: Item) -> str:
    meta = item.meta
    kinds = {"new": "New chapter", "updated": "Updated chapter",
             "refreshed": "Refreshed chapter", "removed": "Chapter removed"}
    facts = [("Update round", cycle_label(meta["update_cycle"])),
             ("Change", kinds[meta["change_type"]]),
             ("Published", site.date(item))]
    if meta.get("updated"):
        facts.append(("Updated", site.date(item, "updated")))
    if meta.get("driver"):
        facts.append(("Why it changed", md_inline(meta["driver"])))
    facts.append(("Audience", ", ".join(site.label(a) for a in meta["audience"])))
    facts.append(("Themes", ", ".join(f"[{site.label(t)}](../themes/{t}.md)"
                                      for t in meta["themes"])))
    out = [_front(item.title, meta["summary"], feedback_meta(site, item)),
           f"# {md_inline(item.title)}\n\n",
           f"{md_inline(meta['summary'])}\n{{ .cascade-summary }}\n\n",
           _facts_panel("About this change", facts), site.body(item).strip(), "\n\n"]
    if meta.get("practitioner_action"):
        out.append(f'!!! note "What you should do"\n\n'
                   f"    {md_inline(meta['practitioner_action'])}\n\n")
    if meta["change_type"] != "removed":
        out.append(f"[Read the chapter {md_inline(item.title)} in the procedures manual]"
                   f"({md_url(meta['chapter_url'])})\n")
    return "".join(out)


KIND_NAMES = {"briefing": "briefing", "procedure": "procedure change"}


def withdrawn_pages(config: Config, public: dict[str, Item],
                    withdrawn: list[tuple[Item, datetime]]) -> dict[str, str]:
    """A page at each withdrawn item's old address: withdrawn, when, why, and what
    replaced it, so a bookmark or an old email link does not end at a bare 404."""
    return {f"{FOLDERS[item.kind]}/{item.id}.md": withdrawn_page(config, item, when, public)
            for item, when in withdrawn}


def withdrawn_page(config: Config, item: Item, when: datetime, public: dict[str, Item]) -> str:
    kind = KIND_NAMES[item.kind]
    day = long_date(when, config.tz)
    text = [f"This {kind} was withdrawn on {day}. It is no longer current: do not use it "
            "in your work."]
    if item.meta.get("change_note"):
        text.append(f"Why it was withdrawn: {md_inline(item.meta['change_note'])}")
    replacement = public.get(item.meta.get("replaced_by") or "")
    if replacement is not None:
        text.append(f"It has been replaced by the {KIND_NAMES[replacement.kind]} "
                    f"[{md_inline(replacement.title)}](../{FOLDERS[replacement.kind]}/"
                    f"{replacement.id}.md).")
    # Left out of search: the search box should find current learning only.
    front = _front(f"Withdrawn: {item.title}", f"This {kind} was withdrawn on {day}.")
    front = front.replace("\n---\n\n", "\nsearch:\n  exclude: true\n---\n\n", 1)  # see engine_hook
    body = "".join(f"    {line}\n\n" for line in text)
    return (front + f"# {md_inline(item.title)}\n\n"
            f'!!! warning "This {kind} has been withdrawn"\n\n{body}'
            "## Find current learning\n\n"
            "- [All briefings, newest first](../briefings/index.md)\n"
            "- [Procedure changes](../procedures/index.md)\n"
            "- [Briefings by theme](../themes/index.md)\n"
            "- [Home page](../index.md)\n\n"
            "You can also search the site with the search box at the top of the page.\n")
