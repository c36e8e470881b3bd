"""The mail stage: subscribers, topic alerts, the newsletter, transports, delivery ledger."""

from __future__ import annotations


def disseminate(config, db, outcome, now) -> list[dict]:
    """Send what is due after a publish pass; return the log rows written."""
    return []


def site_pages(config, db, now) -> tuple[dict, list]:
    """The newsletter archive pages for the site, and their navigation entries."""
    return {}, []
