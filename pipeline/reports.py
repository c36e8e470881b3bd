"""Reports from the dissemination log: figures for managers and the annual-report appendix."""

from __future__ import annotations


def site_pages(config, db, now) -> tuple[dict, list]:
    """The website's Dissemination page (when configured), and its navigation entry."""
    return {}, []
