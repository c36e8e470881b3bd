"""What a crontab line means: its fire times in the configured zone, as cron reads it.

Lines are read by cronsim, which follows Debian's cron field by field: 0 and 7
are Sunday in the day-of-week field and names work (`MON-FRI`); steps count
from the start of the field's range (`*/2` is Sunday, Tuesday, Thursday,
Saturday); when the day-of-month and the day-of-week are both restricted a day
matching either fires, unless one of them starts with `*`. Around a clock
change a job at a fixed time runs once: a time the spring change skips fires
just after the jump, a time the autumn change repeats fires the first time
only. The nicknames are the lines crontab(5) gives for them.

Nothing here runs in the background: a pass asks "what was the latest fire time
at or before now?" and compares it with what the ledger says was already sent.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from itertools import islice
from typing import Iterator

from cronsim import CronSim, CronSimError

from pipeline.state import get_meta

NICKNAMES = {
    "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
    "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
    "@hourly": "0 * * * *",
}
# Wall-clock times repeat for at most this long after an autumn change; a search
# back from a repeated time starts this far ahead so the first run is not passed over.
CHANGEOVER = timedelta(hours=3)


class CrontabError(ValueError):
    """A line cron would not accept, with the reason."""


def parse(line) -> str:
    """The five fields a line stands for (a nickname spelled out); CrontabError if none."""
    if not isinstance(line, str):
        raise CrontabError("not text")
    text = " ".join(line.split())
    text = NICKNAMES.get(text.lower(), text)
    if len(text.split()) != 5:
        raise CrontabError("a crontab line has five fields: minute hour day month weekday")
    try:
        CronSim(text, datetime(2000, 1, 1))
    except CronSimError as exc:
        raise CrontabError(str(exc).lower()) from None
    return text


def fires_after(line: str, tz, after: datetime) -> Iterator[datetime]:
    """The fire times strictly after `after`, in order, for up to 50 years."""
    last = utc(after)
    for fire in CronSim(parse(line), after.astimezone(tz)):   # stops after 50 years
        # cronsim compares wall-clock times, so after an autumn change it can offer
        # the first run of a repeated hour that has already passed.
        if utc(fire) > last:
            last = utc(fire)
            yield fire


def next_fire(line: str, tz, after: datetime) -> datetime | None:
    """The first fire time strictly after `after`, or None if there is none in 50 years."""
    return next(fires_after(line, tz, after), None)


def latest_fire(line: str, tz, now: datetime) -> datetime | None:
    """The last fire time at or before `now`, or None if there is none in 50 years."""
    fires = CronSim(parse(line), (utc(now) + CHANGEOVER).astimezone(tz), reverse=True)
    try:
        fire = next(fires)
        while utc(fire) > utc(now):
            fire = next(fires)
    except StopIteration:
        return None
    return fire


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
    return latest_fire(expression, tz, utc(fire) - timedelta(seconds=1))


def utc(when: datetime) -> datetime:
    # Aware datetimes in one zone compare by wall clock, blind to an autumn change's
    # repeated hour; in UTC they compare as instants.
    return when.astimezone(timezone.utc)


_COUNTS = {2: "two", 3: "three", 4: "four", 6: "six", 12: "twelve"}


def how_often(expression: str, tz, after: datetime) -> str:
    """'every day', 'every week', 'every month', 'every two months' ...; '' when the line
    does not repeat at one of those steps (then say nothing rather than something wrong)."""
    fires = [fire.astimezone(tz) for fire in islice(fires_after(expression, tz, after), 13)]
    if len(fires) < 13:
        return ""
    days = {(b.date() - a.date()).days for a, b in zip(fires, fires[1:])}
    if days == {1}:
        return "every day"
    if days == {7}:
        return "every week"
    months = {(b.year - a.year) * 12 + b.month - a.month for a, b in zip(fires, fires[1:])}
    step = months.pop() if len(months) == 1 else 0
    if step:
        return "every month" if step == 1 else "every year" if step == 12 else \
            f"every {_COUNTS.get(step, step)} months"
    return ""
