"""The feedback forms at the foot of each briefing and procedure page.

POST {base}feedback, from a page of the static site (guard "page": the form carries
the token its page was built with, for the item it names). Two forms post here:

- kind=useful: "Was this useful?" yes or no, and optionally what the reader will do
  differently (plain text, at most 500 characters, never published);
- kind=shared: "I shared this with my team": the date, the sector, the number of
  people and the format. No names.

A valid return waits in the queue (`cascade feedback list`); a wrong one comes back
with a GOV.UK error summary and the form filled in as it was sent; one with the
honeypot filled in gets the same thank-you and is not kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipeline.content.load import FOLDERS, parse_bytes
from pipeline.evidence import feedback
from pipeline.mail import tokens
from pipeline.service import forms
from pipeline.service.http import Request, Response, Route, fragment
from pipeline.site import pages
from pipeline.text import label

UNKNOWN = ("This form is for a page that is not on the website, or no longer is. Go back "
           "to the website and use the form at the foot of a current briefing or procedure "
           "page.")
TITLES = {"useful": "Was this useful?", "shared": "I shared this with my team"}


@dataclass(frozen=True)
class Page:
    """The published item a form came from."""

    id: str
    version: str
    kind: str
    title: str
    published: date
    url: str


def page_of(request: Request, db) -> Page:
    """The published, not withdrawn, item the form names; else a 400 saying so."""
    item_id = request.value("item")
    row = db.execute("SELECT * FROM published WHERE item_id = ? AND item_id NOT IN "
                     "(SELECT item_id FROM withdrawn)", (item_id,)).fetchone()
    if row is None or row["kind"] not in FOLDERS:
        raise Response(400, "This page is not on the website", UNKNOWN)
    config = request.config
    item = parse_bytes(row["source"].encode("utf-8"), row["kind"], row["rel"], config)
    published = item.meta.get("date")
    day = published.astimezone(config.tz).date() if hasattr(published, "astimezone") else \
        date.fromisoformat(row["first_published"][:10])
    return Page(item_id, row["version"], row["kind"], item.title or item_id, day,
                f"{config.site_url}{FOLDERS[row['kind']]}/{item_id}.html")


def check(request: Request, kind: str, page: Page) -> tuple[dict, list, dict]:
    """(what was sent, [(field id, message)], the answer to store)."""
    config = request.config
    if kind == "useful":
        sent = {"useful": request.value("useful"), "comment": request.value("comment")}
        comment = feedback.plain_comment(sent["comment"])
        errors = []
        if sent["useful"] not in feedback.ANSWERS:
            errors.append(("feedback-useful", "Select yes if this was useful, or no if it "
                           "was not"))
        if len(comment) > feedback.MAX_COMMENT:
            errors.append(("feedback-comment", "What you will do differently must be "
                           f"{feedback.MAX_COMMENT} characters or fewer (you wrote "
                           f"{len(comment)})"))
        return sent, errors, {"useful": sent["useful"], "comment": comment}
    sent = {name: request.value(name).strip()
            for name in ("shared_on", "sector", "people", "format")}
    errors = []
    today = request.now.astimezone(config.tz).date()
    if not sent["shared_on"]:
        errors.append(("feedback-shared-on", "Enter the date you shared it"))
    elif problem := feedback.shared_on_problem(sent["shared_on"], page.published, today):
        errors.append(("feedback-shared-on", problem))
    if sent["sector"] not in config["audiences"]:
        errors.append(("feedback-sector", "Choose the sector you work in"))
    if not sent["people"]:
        errors.append(("feedback-people", "Enter the number of people"))
    elif problem := feedback.people_problem(sent["people"]):
        errors.append(("feedback-people", problem))
    if sent["format"] not in feedback.FORMATS:
        errors.append(("feedback-format", "Select how you shared it"))
    if errors:
        return sent, errors, {}
    day = feedback.shared_on(sent["shared_on"])
    return sent, errors, dict(sent, shared_on=day.isoformat(), people=int(sent["people"]))


def receive(request: Request, db) -> Response:
    config = request.config
    if request.method != "POST":
        return Response(200, "Feedback", "Send feedback with the forms at the foot of each "
                        "briefing and procedure page on the website.")
    page = page_of(request, db)
    kind = request.value("kind")
    if kind not in feedback.KINDS:
        raise Response(400, "Bad request", "Use the form at the foot of the page.")
    context = {"kind": kind, "kind_name": pages.KIND_NAMES[page.kind], "title": page.title,
               "page_url": page.url}
    thanks = Response(200, "Thank you", fragment("web/feedback-thanks.html", **context))
    if forms.is_bot(request):
        return thanks
    sent, errors, answer = check(request, kind, page)
    if errors:
        glossary = config["glossary"]
        return Response(400, f"Error: {TITLES[kind]}", fragment(
            "web/feedback.html", **context, values=sent, errors=errors, item=page.id,
            token=feedback.page_token(request.key, page.id),
            action=tokens.base_url(config) + "feedback", since=page.published.isoformat(),
            sectors=[(a, label(a, glossary)) for a in config["audiences"]],
            formats=feedback.format_choices(), max_comment=feedback.MAX_COMMENT,
            max_people=feedback.MAX_PEOPLE))
    feedback.record(db, page.id, page.version, kind, request.now, **answer)
    return thanks


ROUTES = {"feedback": Route(receive, guard="page", page=lambda request: request.value("item"))}
