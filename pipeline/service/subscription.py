"""The pages a subscriber reaches from a link in an email: unsubscribe and preferences.

- GET  .../unsubscribe?token=T  shows a confirmation page with a button. Mail
  scanners follow links in email, so a GET never unsubscribes anyone.
- POST .../unsubscribe?token=T  with `List-Unsubscribe=One-Click` (RFC 8058, sent
  by mail clients, or by the page's button) unsubscribes.
- GET/POST .../preferences?token=T  shows and changes audiences, themes, frequency,
  for the address it names, with a way to unsubscribe.

A token that was not signed with our key for that purpose and subscriber is
refused with 403.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, time

from markupsafe import Markup

from pipeline import crontab as schedule
from pipeline.mail import followup, subscribers, tokens
from pipeline.service.http import Request, Response, Route, bad_request, fragment
from pipeline.settings.config import Config
from pipeline.text import label

INVALID = ("This link is not valid. It may have been copied incompletely or changed. Use the "
           "link in your most recent email, or contact us.")
FREQUENCY_LABELS = {"immediate": "Each alert as soon as it is published",
                    "weekly": "A weekly digest of alerts",
                    "newsletter-only": "Only the newsletter"}


def link_token(request: Request, name: str = "token") -> str:
    """A field a link carries (its token) that the page's form repeats; two different ones
    are a forgery."""
    sent = request.query.get(name, []) + request.form.get(name, [])
    if len(set(sent)) > 1:
        raise bad_request()
    return sent[0] if sent else ""


def verified(request: Request, db, purpose: str) -> subscribers.Subscriber:
    """The subscriber a link of this purpose was signed for, or a 403."""
    token = link_token(request)
    subscriber_id = tokens.parse(token, purpose)
    subscriber = subscribers.get(db, subscriber_id) if subscriber_id else None
    if subscriber is None or not tokens.verify(request.key, token, purpose, subscriber.id,
                                               subscriber.email):
        raise Response(403, "This link is not valid", INVALID)
    return subscriber


def unsubscribe(request: Request, db) -> Response:
    config, subscriber = request.config, verified(request, db, "unsubscribe")
    email = subscriber.email
    if request.method == "POST":
        if request.value("List-Unsubscribe") != "One-Click":
            raise Response(400, "Bad request", "Use the Unsubscribe button.")
        if subscriber.status == "active":
            subscribers.set_status(db, subscriber.id, "unsubscribed", "unsubscribe link",
                                   request.now)
        return Response(200, "You have been unsubscribed",
                        fragment("web/unsubscribed.html", email=email,
                                 contact=config["contact_email"]))
    if subscriber.status != "active":
        return Response(200, "You are already unsubscribed",
                        fragment("web/not-subscribed.html", email=email, start_again=False))
    preferences = tokens.make(request.key, "preferences", subscriber.id, subscriber.email)
    return Response(200, "Unsubscribe from our emails",
                    fragment("web/unsubscribe.html", partnership=config["partnership"],
                             email=email, token=link_token(request), preferences=preferences))


def preferences(request: Request, db) -> Response:
    config, subscriber = request.config, verified(request, db, "preferences")
    token = link_token(request)
    if subscriber.status != "active":
        return Response(200, "You are unsubscribed",
                        fragment("web/not-subscribed.html", email=subscriber.email,
                                 start_again=True, contact=config["contact_email"]))
    if request.method != "POST":
        return Response(200, "Choose what you get",
                        choices_form(request, subscriber, token, current_choices(db, subscriber)))
    chosen = posted_choices(request)
    errors = choice_errors(config, chosen)
    if errors:
        return Response(400, "Error: Choose what you get",
                        choices_form(request, subscriber, token, chosen, errors=errors))
    save_choices(db, subscriber.id, chosen, request.now)
    return Response(200, "Your choices were saved",
                    choices_form(request, subscriber, token, chosen, saved=True))


def choice_errors(config: Config, chosen: dict) -> list[tuple[str, str]]:
    """What is wrong with a choice of audiences, themes and frequency: (field id, message)."""
    errors = []
    if not chosen["audiences"]:
        errors.append(("audiences", "Choose at least one group you work with."))
    if any(a not in config["audiences"] for a in chosen["audiences"]) or \
            any(t not in config["themes"] for t in chosen["themes"]):
        errors.append(("audiences", "Choose groups and topics from the lists."))
    if chosen["frequency"] not in subscribers.FREQUENCIES:
        errors.append(("frequency", "Choose how often you want email."))
    return errors


def frequency_labels(config: Config, now: datetime) -> dict:
    labels = dict(FREQUENCY_LABELS)
    often = _how_often(config["newsletter"]["cron"], config.tz, now.astimezone(config.tz).date())
    if often:   # said only when the schedule is regular: never something untrue
        labels["newsletter-only"] += f" ({often})"
    return labels


@functools.lru_cache(maxsize=16)
def _how_often(cron: str, tz, day: date) -> str:
    """Once a day, not on every form: reading a schedule a year ahead takes milliseconds."""
    return schedule.how_often(cron, tz, datetime.combine(day, time(), tz))


def choices(config: Config, chosen: dict, now: datetime) -> dict:
    """The boxes of the choice form: (value, label, ticked) triples."""
    glossary = config["glossary"]

    def boxes(values, picked):
        return [(v, label(v, glossary), v in picked) for v in values]

    labels = frequency_labels(config, now)
    return {"audiences": boxes(config["audiences"], chosen["audiences"]),
            "themes": boxes(config["themes"], chosen["themes"]),
            "frequencies": [(f, labels[f], chosen["frequency"] == f)
                            for f in subscribers.FREQUENCIES],
            # Shown to subscribers only (None: no box), ticked while they are asked.
            "followups": chosen.get("followups")}


def current_choices(db, subscriber: subscribers.Subscriber) -> dict:
    return {"audiences": list(subscriber.audiences), "themes": list(subscriber.themes),
            "frequency": subscriber.frequency,
            "followups": followup.wants_followups(db, subscriber.id)}


def posted_choices(request: Request) -> dict:
    return {"audiences": request.values("audiences"), "themes": request.values("themes"),
            "frequency": request.value("frequency"),
            "followups": request.value("followups") == "yes"}


def save_choices(db, subscriber_id: int, chosen: dict, now: datetime) -> None:
    subscribers.set_preferences(db, subscriber_id, chosen["audiences"], chosen["themes"],
                                chosen["frequency"], now)
    followup.set_wanted(db, subscriber_id, chosen["followups"], now)


def choices_form(request: Request, subscriber: subscribers.Subscriber, token: str,
                 chosen: dict, errors=(), saved=False) -> Markup:
    unsubscribe = tokens.make(request.key, "unsubscribe", subscriber.id, subscriber.email)
    return fragment("web/preferences.html", token=token, errors=errors, saved=saved,
                    csrf=request.csrf, email=subscriber.email, unsubscribe=unsubscribe,
                    site_url=request.config.site_url,
                    **choices(request.config, chosen, request.now))


ROUTES = {
    "unsubscribe": Route(unsubscribe, guard="link"),
    "preferences": Route(preferences),
}
