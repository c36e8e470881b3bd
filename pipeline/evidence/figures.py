"""Figures from the dissemination log: acts, items and reach by channel, audience, month, item.

`summarise` reads the log's rows once. It also finds the items published on the
website but never sent or cascaded offline, and the briefings past their review
date. Dates are local (Europe/London by default) whatever offset a row carries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from pipeline.evidence import chain as dlog
from pipeline.evidence import reach as honest
from pipeline.content.load import CYCLE, Item
from pipeline.text import cycle_label

SENT = ("sent", dlog.OFFLINE)


@dataclass(frozen=True)
class Filters:
    since: date | None = None
    until: date | None = None
    item: str | None = None
    channel: str | None = None
    audience: str | None = None

    def describe(self) -> str:
        parts = [f"{name} {value}" for name, value in (
            ("item", self.item), ("channel", self.channel), ("audience", self.audience))
            if value]
        return ", ".join(parts)


@dataclass
class Tally:
    acts: int = 0
    reach: int = 0
    reach_known: int = 0          # acts whose reach was recorded
    items: set = field(default_factory=set)

    def reach_text(self) -> str:
        return f"{self.reach:,}" if self.reach_known else "-"


@dataclass
class Figures:
    start: date | None             # first day counted (None: from the first entry)
    end: date                      # last day counted
    filters: Filters
    total: Tally = field(default_factory=Tally)
    channels: dict = field(default_factory=dict)
    audiences: dict = field(default_factory=dict)
    months: dict = field(default_factory=dict)        # "YYYY-MM" -> Tally, every month
    month_channel: dict = field(default_factory=dict)  # ("YYYY-MM", channel) -> Tally
    items: dict = field(default_factory=dict)
    item_types: dict = field(default_factory=dict)
    item_channels: dict = field(default_factory=dict)
    titles: dict = field(default_factory=dict)
    withdrawn: int = 0
    never_sent: list = field(default_factory=list)     # (item id, first published)
    reach: honest.TotalReach = field(default_factory=honest.TotalReach)  # distinct people
    item_reach: dict = field(default_factory=dict)     # item id -> honest.ItemReach
    review_due: list = field(default_factory=list)     # (item id, review_by)

    def title(self, item_id: str) -> str:
        return self.titles.get(item_id, item_id)


def summarise(records: list, filters: Filters, items: list[Item], tz,
              as_of: datetime, ledger: honest.Ledger | None = None) -> Figures:
    """Count the acts in the period that match the filters; withdrawals are counted apart.

    `records` are the log's (line, values) pairs from `log.read_and_verify_records`;
    `ledger`, what the state's delivery ledger says, makes reach distinct people.
    """
    ledger = ledger or honest.Ledger()
    end = filters.until or as_of.astimezone(tz).date()
    fig = Figures(start=filters.since, end=end, filters=filters, titles=item_titles(items))
    with dlog.no_cycle_collection():
        scan = _scan(records, filters, end, LocalDays(tz))
    fig.withdrawn = scan.withdrawn
    fig.reach, fig.item_reach = honest.count(scan.acts, ledger)
    for issue in scan.sent & ledger.issues.keys():   # an old row for a whole issue
        scan.sent.update(ledger.issues[issue])
    _published_before_the_log(scan, records, items, tz)
    _tally(fig, scan)
    _fill_months(fig, filters.since or scan.first_day)
    fig.channels = {c: fig.channels[c] for c in ordered(fig.channels, dlog.CHANNELS)}
    fig.never_sent = sorted(((i, scan.first_published[i]) for i in scan.published_in_period
                             if scan.on_site.get(i) and i not in scan.sent),
                            key=lambda pair: (pair[1], fig.title(pair[0]).casefold()))
    fig.review_due = _review_due(items, filters, as_of, end, tz)
    return fig


def _tally(fig: Figures, scan: "_Scan") -> None:
    """The scan's counts into the report's tallies. With many items there is about one
    count per row, so this loop is written out with plain lists."""
    channels, months, month_channel, per_item, audiences = {}, {}, {}, {}, {}
    item_types, item_channels = fig.item_types, fig.item_channels
    for (month, channel, item_id, item_type), (acts, reach, known) in scan.by_month.items():
        if item_id in item_types:
            item_channels[item_id].add(channel)
            counts = per_item[item_id]
            counts[0] += acts
            counts[1] += reach
            counts[2] += known
        else:
            item_types[item_id] = item_type
            item_channels[item_id] = {channel}
            per_item[item_id] = [acts, reach, known, {item_id}]
        counts = month_channel.get((month, channel))
        if counts is None:
            month_channel[(month, channel)] = [acts, reach, known, {item_id}]
        else:
            counts[0] += acts
            counts[1] += reach
            counts[2] += known
            counts[3].add(item_id)
    # Months and channels from the month-and-channel counts: far fewer of them.
    for (month, channel), (acts, reach, known, items) in month_channel.items():
        for table, key in ((channels, channel), (months, month)):
            counts = table.get(key)
            if counts is None:
                table[key] = [acts, reach, known, set(items)]
            else:
                counts[0] += acts
                counts[1] += reach
                counts[2] += known
                counts[3] |= items
    for (audience, item_id), (acts, reach, known) in scan.by_audience.items():
        for name in audience.split(";") if audience else []:
            counts = audiences.get(name)
            if counts is None:
                audiences[name] = [acts, reach, known, {item_id}]
            else:
                counts[0] += acts
                counts[1] += reach
                counts[2] += known
                counts[3].add(item_id)
    for target, table in ((fig.channels, channels), (fig.months, months),
                          (fig.month_channel, month_channel), (fig.items, per_item),
                          (fig.audiences, audiences)):
        for key, (acts, reach, known, items) in table.items():
            target[key] = Tally(acts, reach, known, items)
    total = fig.total
    for tally in channels.values():
        total.acts += tally[0]
        total.reach += tally[1]
        total.reach_known += tally[2]
        total.items |= tally[3]


@dataclass
class _Scan:
    """What one pass over the rows collects. Acts are counted per month, channel and
    item, and per audience and item: far fewer combinations than rows."""

    by_month: dict = field(default_factory=dict)     # (month, channel, item, type) -> counts
    by_audience: dict = field(default_factory=dict)  # (audience cell, item) -> counts
    withdrawn: int = 0
    first_day: date | None = None
    on_site: dict = field(default_factory=dict)      # item -> on the website at the end
    first_published: dict = field(default_factory=dict)
    published_in_period: set = field(default_factory=set)
    sent: set = field(default_factory=set)           # sent or cascaded offline
    acts: list = field(default_factory=list)         # the values of the counted SENT rows


def _scan(records: list, filters: Filters, end: date, local: "LocalDays") -> _Scan:
    """The one loop over every row, written for speed: reports and every site build run it
    over the whole log (counts are [acts, reach, acts with reach])."""
    scan = _Scan()
    by_month, by_audience, on_site = scan.by_month, scan.by_audience, scan.on_site
    days, resolve, width, first_day = local.days, local.resolve, len(dlog.COLUMNS), None
    website_actions = dlog.WEBSITE_ACTIONS
    since, only_item, only_channel, only_audience = \
        filters.since, filters.item, filters.channel, filters.audience
    for _line, values in records:
        try:
            stamp = values[2]  # occurred_at
            day, month = days.get(stamp[:10] + stamp[19:]) or resolve(stamp)
            item_id, action, channel, audience, reach_text = values[3], *values[6:10]
            reach, known = (int(reach_text), 1) if reach_text else (0, 0)
        except (ValueError, IndexError, TypeError):
            continue  # only a broken log has such a row, and the report says it is broken
        if day > end or len(values) != width or (only_item and item_id != only_item):
            continue
        in_period = since is None or day >= since
        if channel == "website" and action in website_actions:
            if action != "withdrawn":
                scan.first_published.setdefault(item_id, day)
                if in_period:
                    scan.published_in_period.add(item_id)
            on_site[item_id] = action != "withdrawn"
        elif action in SENT:
            scan.sent.add(item_id)
        if not in_period or (only_channel and channel != only_channel) or \
                (only_audience and only_audience not in audience.split(";")):
            continue
        if action == "withdrawn":
            scan.withdrawn += 1
            continue
        if first_day is None or day < first_day:
            first_day = day
        if action in SENT:
            scan.acts.append(values)
        for table, key in ((by_month, (month, channel, item_id, values[5])),
                           (by_audience, (audience, item_id))):
            counts = table.get(key)
            if counts is None:
                table[key] = [1, reach, known]
            else:
                counts[0] += 1
                counts[1] += reach
                counts[2] += known
    scan.first_day = first_day
    return scan


def _published_before_the_log(scan: _Scan, records: list, items: list[Item], tz) -> None:
    """An item published by the pass that began the log and dated before it was on the
    website before the log began: its first publication is its own date, not the day
    the log started. (An item back-dated later was first published when the log says.)"""
    if not records:
        return
    first = records[0][1][dlog.OCCURRED_AT] if records[0][1] else ""
    opening = set()
    for _line, values in records:
        if len(values) <= dlog.ACTION or values[dlog.OCCURRED_AT] != first:
            break
        if values[dlog.ACTION] == "published":
            opening.add(values[dlog.ITEM_ID])
    try:
        began = datetime.fromisoformat(first)
    except (ValueError, TypeError):
        return
    for item in items:
        dated = item.meta.get("date")
        if item.id in opening and item.id in scan.first_published and \
                isinstance(dated, datetime) and dated < began:
            scan.first_published[item.id] = dated.astimezone(tz).date()


def first_published(records: list, item: Item | None, item_id: str, tz) -> date | None:
    """When an item was first published: its first website row, or its own date when
    that is before the log began (see `_published_before_the_log`)."""
    scan = _Scan()
    for _line, values in records:
        if values[dlog.ITEM_ID] == item_id and values[dlog.CHANNEL] == "website" and \
                values[dlog.ACTION] in ("published", "updated"):
            try:
                when = datetime.fromisoformat(values[dlog.OCCURRED_AT])
            except ValueError:
                continue
            scan.first_published[item_id] = LocalDays(tz)._convert(when)[0]
            break
    _published_before_the_log(scan, records, [item] if item else [], tz)
    return scan.first_published.get(item_id)


class LocalDays:
    """The local date (and YYYY-MM) of a logged ISO time, remembered per date and offset.

    A day whose every instant, at that offset, falls on the same local date needs
    no conversion per row; only days when the clocks change (or stamps written
    with another offset) are converted one by one.
    """

    def __init__(self, tz):
        self.tz = tz
        self.days: dict = {}  # date + offset -> (date, YYYY-MM), or False: convert each

    def resolve(self, stamp: str) -> tuple[date, str]:
        key = stamp[:10] + stamp[19:]
        known = self.days.get(key)
        if known is None:
            known = self.days[key] = self._whole_day(stamp)
        return known or self._convert(datetime.fromisoformat(stamp))

    def _whole_day(self, stamp: str):
        first = datetime.fromisoformat(stamp[:10] + "T00:00:00" + stamp[19:])
        last = datetime.fromisoformat(stamp[:10] + "T23:59:59.999999" + stamp[19:])
        if first.tzinfo is None:
            return False
        day = self._convert(first)
        return day if self._convert(last)[0] == day[0] == first.date() else False

    def _convert(self, when: datetime) -> tuple[date, str]:
        if when.tzinfo is None:
            when = when.replace(tzinfo=self.tz)
        day = when.astimezone(self.tz).date()
        return day, day.isoformat()[:7]


def item_titles(items: list[Item]) -> dict:
    """Titles by id; a procedure change also names its update cycle (chapters recur)."""
    titles = {}
    for item in items:
        if isinstance(item.id, str) and item.id and item.title:
            title = " ".join(str(item.title).split())
            cycle = item.meta.get("update_cycle")
            if item.kind == "procedure" and isinstance(cycle, str) and CYCLE.match(cycle):
                title += f" ({cycle_label(cycle)})"
            titles[item.id] = title
    return titles


def ordered(keys, vocabulary) -> list:
    known = [k for k in vocabulary if k in keys]
    return known + sorted(k for k in keys if k not in vocabulary)


def _fill_months(fig: Figures, first: date | None) -> None:
    """Every month of the period, so a quiet month shows as a gap, not as nothing."""
    if first is None:
        fig.months = {}
        return
    months, year, month = {}, first.year, first.month
    while (year, month) <= (fig.end.year, fig.end.month):
        key = f"{year:04d}-{month:02d}"
        months[key] = fig.months.get(key) or Tally()
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    fig.months = months


def _review_due(items: list[Item], filters: Filters, as_of: datetime, end: date, tz) -> list:
    """Published briefings whose review_by date had passed at the end of the period."""
    cutoff = min(as_of, datetime.combine(end + timedelta(days=1), time(0), tz))
    due = []
    for item in items:
        review_by, published = item.meta.get("review_by"), item.meta.get("date")
        if item.kind != "briefing" or item.status != "ready" or \
                (filters.item and item.id != filters.item) or \
                not isinstance(review_by, datetime) or not isinstance(published, datetime):
            continue
        if published <= cutoff and review_by.astimezone(tz).date() < cutoff.astimezone(tz).date():
            due.append((item.id, review_by.astimezone(tz).date()))
    return sorted(due, key=lambda pair: pair[1])
