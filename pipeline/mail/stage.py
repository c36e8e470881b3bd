"""The mail stage: subscribers, topic alerts, the newsletter, transports, delivery ledger.

After the website stage of every run: record alerts for new and major-updated
versions, turn the weekly digest queue into messages when its schedule fires,
queue the follow-up questions that fell due (followup.py), then send everything
that waits in the delivery ledger (the newsletter issue was frozen before the
site was built) and log one row per finished batch (follow-ups are not logged).
"""

from __future__ import annotations

from pipeline.mail import alerts, deliver, followup, newsletter, signup, tokens
from pipeline.state import get_meta, set_meta


def freeze(config, db, public: dict, now) -> str | None:
    """Before the site is built: freeze the newsletter issue that is due, from what this
    pass publishes, so its archive page is built with it. Returns the issue id, if any."""
    if get_meta(db, "mail_epoch") is None:
        # Schedules count from the first run: a fresh install does not send the
        # newsletter issue that fell due before it existed.
        set_meta(db, "mail_epoch", now.isoformat(timespec="seconds"))
    return newsletter.freeze_due(config, db, now, list(public.values()))


def disseminate(config, db, outcome, now) -> list[dict]:
    """Send what is due after a publish pass (the newsletter was frozen by `freeze`);
    return the log rows written."""
    signup.forget_unconfirmed(db, now)   # unconfirmed sign-ups are kept 7 days at most
    tokens.forget_used(db, now)          # a used link past any link's life needs no record
    alerts.record(config, db, outcome.public, now)
    alerts.queue_digest(config, db, now)
    followup.queue(config, db, now)
    asked = followup.sent_count(db)
    rows = deliver.send_waiting(config, db, now)
    outcome.followups = followup.sent_count(db) - asked
    return rows


def site_pages(config, db, now, items) -> tuple[dict, list]:
    """The newsletter archive pages for the site, and their navigation entries."""
    return newsletter.site_pages(config, db, now)
