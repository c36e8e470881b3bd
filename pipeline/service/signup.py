"""The sign-up pages: "Get email updates" and the confirmation link's page.

- GET  .../subscribe[?themes=slug]  the form (address, optional name, audiences,
  themes, how often); a theme page links here with its theme ticked.
- POST .../subscribe  checks the form, the per-address limits and the honeypot, then
  emails a confirmation link (or, to an active subscriber, a manage link) and shows
  "Check your email": the same page whatever the address's state.
- GET  .../confirm?token=T  shows what will be confirmed and a button; mail scanners
  follow links, so only the POST confirms.
"""

from __future__ import annotations

from pipeline.exceptions import CascadeError
from pipeline.mail import signup, tokens
from pipeline.mail.subscribers import MAX_NAME
from pipeline.mail.transports.choose import open_transport
from pipeline.service import forms
from pipeline.service.http import Request, Response, Route, fragment
from pipeline.service.manage import address_problem
from pipeline.service.subscription import (INVALID, choice_errors, choices, frequency_labels,
                                           link_token)
from pipeline.text import label

TITLE = "Get email updates"


def subscribe(request: Request, db) -> Response:
    config = request.config
    if request.method != "POST":
        wanted = set(request.query.get("themes", []))
        chosen = {"audiences": [], "themes": [t for t in config["themes"] if t in wanted],
                  "frequency": "immediate"}
        return Response(200, TITLE, _form(request, chosen))
    email = request.value("email").strip()
    name = " ".join(request.value("name").split())
    chosen = {"audiences": request.values("audiences"), "themes": request.values("themes"),
              "frequency": request.value("frequency")}
    if forms.is_bot(request):   # answered as if all went well; nothing stored or sent
        return check_email(email)
    errors = form_errors(request, email, name) + choice_errors(config, chosen)
    if errors:
        return Response(400, "Error: " + TITLE,
                        _form(request, chosen, email=email, name=name, errors=errors))
    forms.limit(request.limits, ("address", email.lower()), forms.PER_ADDRESS,
                "for this email address")
    try:
        with open_transport(config) as transport:
            signup.request(config, db, transport, request.key, email, name,
                           chosen["audiences"], chosen["themes"], chosen["frequency"],
                           request.now)
    except CascadeError:
        raise Response(503, "Sorry, we could not send the email",
                       "Email could not be sent just now. Please try again later.") from None
    return check_email(email)


def form_errors(request: Request, email: str, name: str) -> list[tuple[str, str]]:
    problem = address_problem(email)
    errors = [("email", problem)] if problem else []
    if len(name) > MAX_NAME or any(ord(c) < 32 or ord(c) == 127 for c in name):
        errors.append(("name", f"Enter a name of up to {MAX_NAME} characters, or leave it "
                               "empty."))
    return errors


def _form(request: Request, chosen: dict, email: str = "", name: str = "", errors=()):
    return fragment("web/signup.html", email=email, name=name, errors=errors,
                    csrf=request.csrf, honeypot=forms.HONEYPOT,
                    partnership=request.config["partnership"],
                    privacy_url=request.config.site_url + "privacy.html",
                    **choices(request.config, chosen, request.now))


def check_email(email: str) -> Response:
    """The answer to every accepted request, whatever the address's state."""
    return Response(200, "Check your email",
                    fragment("web/check-email.html", email=email, days=signup.DAYS))


def confirm(request: Request, db) -> Response:
    config, token = request.config, link_token(request)
    if request.method == "POST":
        state, pending, ident = signup.confirm(db, request.key, token, request.now)
    else:
        (state, pending), ident = signup.check(db, request.key, token, request.now), 0
    if state != "ok":
        raise refusal(state)
    summary = _summary(request, pending)
    if request.method != "POST":
        return Response(200, "Confirm your email updates",
                        fragment("web/confirm.html", token=token, csrf=request.csrf,
                                 **summary))
    preferences = tokens.make(request.key, "preferences", ident, pending.email)
    return Response(200, "You are signed up",
                    fragment("web/confirm-done.html", preferences=preferences,
                             site_url=config.site_url, **summary))


def _summary(request: Request, pending: signup.Pending) -> dict:
    glossary = request.config["glossary"]
    return {"email": pending.email, "name": pending.name,
            "audiences": [label(a, glossary) for a in pending.audiences],
            "themes": [label(t, glossary) for t in pending.themes],
            "frequency": frequency_labels(request.config, request.now)[pending.frequency]}


def refusal(state: str) -> Response:
    """403 for a confirmation link that cannot be used, saying why and what to do."""
    pages = {"used": ("You have already confirmed", "web/confirm-used.html"),
             "expired": ("This link has expired", "web/confirm-expired.html"),
             "invalid": ("This link is not valid", "web/confirm-invalid.html")}
    title, template = pages[state]
    return Response(403, title, fragment(template, days=signup.DAYS, invalid=INVALID))


ROUTES = {
    "subscribe": Route(subscribe),
    "confirm": Route(confirm),
}
