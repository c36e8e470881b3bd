"""The pages a follow-up question's links open: record an answer, stop follow-up questions.

- GET  .../followup?token=T&item=I&answer=A  shows the question and the answer chosen,
  with a button to confirm it. Mail scanners follow links: a GET records nothing.
- POST the same (the page's form, with its CSRF token) records the answer, one per
  person per item: answering again replaces the earlier answer.
- GET/POST .../followup-stop?token=T  asks, then stops follow-up questions for good.

A token must be signed with our key for that purpose, subscriber, item and answer,
and (answer links) not be older than followup.ANSWER_DAYS: anything else is a 403 and
nothing is recorded.
"""

from __future__ import annotations

from datetime import datetime

from pipeline.mail import followup, subscribers, tokens
from pipeline.service.http import Request, Response, Route, fragment
from pipeline.service.subscription import INVALID, link_token, verified
from pipeline.text import long_date

EXPIRED = (f"This link has expired: answer links work for {followup.ANSWER_DAYS} days after "
           "the email was sent. Thank you for wanting to answer.")


def answer(request: Request, db) -> Response:
    token, item_id, chosen = link_token(request), link_token(request, "item"), \
        link_token(request, "answer")
    subscriber_id = tokens.expiring_id(token, "followup")
    subscriber = subscribers.get(db, subscriber_id) if subscriber_id else None
    verdict = "invalid" if subscriber is None else followup.check_answer(
        request.key, token, subscriber, item_id, chosen, request.now)
    if verdict == "expired":
        raise Response(403, "This link has expired", EXPIRED)
    if verdict != "ok":
        raise Response(403, "This link is not valid", INVALID)
    entry = followup.item_entry(db, item_id) or {"title": item_id, "url": "", "kind": ""}
    label = followup.ANSWERS[chosen]
    if request.method == "POST":
        followup.record_answer(db, item_id, subscriber.id, chosen, request.now)
        return Response(200, "Thank you for your answer",
                        fragment("web/followup-thanks.html", entry=entry, label=label,
                                 ask=followup.question(entry.get("kind", ""))))
    before = followup.previous_answer(db, item_id, subscriber.id)
    return Response(200, followup.question(entry.get("kind", "")),
                    fragment("web/followup.html", entry=entry, label=label, token=token,
                             item=item_id, answer=chosen, csrf=request.csrf,
                             before=followup.ANSWERS.get(before["answer"]) if before else "",
                             before_on=long_date(datetime.fromisoformat(before["answered_at"]),
                                                 request.config.tz) if before else ""))


def stop(request: Request, db) -> Response:
    subscriber = verified(request, db, "followups")
    if request.method == "POST":
        followup.stop(db, subscriber.id, request.now)
        return Response(200, "You will get no more follow-up questions",
                        fragment("web/followup-stopped.html", email=subscriber.email,
                                 preferences=tokens.make(request.key, "preferences",
                                                         subscriber.id, subscriber.email)))
    if not followup.wants_followups(db, subscriber.id):
        return Response(200, "Follow-up questions are already stopped",
                        fragment("web/followup-stopped.html", email=subscriber.email,
                                 preferences=tokens.make(request.key, "preferences",
                                                         subscriber.id, subscriber.email)))
    return Response(200, "Stop follow-up questions",
                    fragment("web/followup-stop.html", email=subscriber.email,
                             token=link_token(request), csrf=request.csrf))


ROUTES = {
    "followup": Route(answer),
    "followup-stop": Route(stop),
}
