"""Fire times of the newsletter and digest schedules (crontab lines, in the configured zone).

APScheduler's CronTrigger is used only to compute fire times; nothing here runs
in the background. A pass asks "what was the latest fire time at or before now?"
and compares it with what the ledger says was already sent.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from apscheduler.triggers.cron import CronTrigger

from pipeline.state import get_meta

# Look back this far for the latest fire time; the longest gap a crontab line can
# have (29 February) is under five years.
LOOKBACKS = [timedelta(days=d) for d in (2, 9, 35, 400, 1500)]


DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def trigger(expression: str, tz) -> CronTrigger:
    """A crontab line as crontab means it: day-of-week 0 (or 7) is Sunday.

    APScheduler 3 counts days of the week from Monday = 0, so numbers in that
    field are turned into names first ('1-5' becomes 'mon-fri').
    """
    minute, hour, day, month, weekday = expression.split()
    weekday = re.sub(r"(?<![/\d])\d+", _day_name, weekday)
    return CronTrigger(minute=minute, hour=hour, day=day, month=month, day_of_week=weekday,
                       timezone=tz)


def _day_name(match) -> str:
    number = int(match.group())
    return DAY_NAMES[number] if number < len(DAY_NAMES) else match.group()  # 8+: invalid


def next_fire(expression: str, tz, after: datetime) -> datetime | None:
    """The first fire time strictly after `after`."""
    return trigger(expression, tz).get_next_fire_time(None, after + timedelta(seconds=1))


def latest_fire(expression: str, tz, now: datetime) -> datetime | None:
    """The last fire time at or before `now`, or None if there is none in five years."""
    cron = trigger(expression, tz)
    for lookback in LOOKBACKS:
        fire = cron.get_next_fire_time(None, now - lookback)
        if fire is None or fire > now:
            continue
        while True:
            following = cron.get_next_fire_time(fire, fire + timedelta(seconds=1))
            if following is None or following > now:
                return fire
            fire = following
    return None


def due_fire(db, expression: str, tz, now: datetime) -> datetime | None:
    """The latest fire time a pass acts on: only one after mail was first run here, so a
    fresh install does not send what fell due before it existed."""
    epoch = get_meta(db, "mail_epoch")
    fire = latest_fire(expression, tz, now)
    if fire is None or epoch is None or fire <= datetime.fromisoformat(epoch):
        return None
    return fire


def previous_fire(expression: str, tz, fire: datetime) -> datetime | None:
    """The fire time before `fire`."""
    return latest_fire(expression, tz, fire - timedelta(seconds=1))
