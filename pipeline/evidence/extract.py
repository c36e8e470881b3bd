"""The row-level extract (`log report --format csv-rows`): one CSV row per act, for pivot
tables, with the same filters as the report.

Beside the log's own columns it gives what a pivot table needs and the log only
implies: the local date and month, the item's title, and for a mail row the batch
(one digest, newsletter issue or alert) and the messages the batch took, so a
pivot can count each batch's messages once. Every text cell is neutralised
against spreadsheet formulas. Addresses and names are never in it: the log has none.
"""

from __future__ import annotations

import csv
import io

from pipeline.evidence import chain as dlog
from pipeline.evidence import reach as honest
from pipeline.evidence.figures import Filters, LocalDays

COLUMNS = ["entry_id", "date", "month", "item_id", "title", "item_type", "action", "channel",
           "audience", "reach", "self_reported", "batch", "batch_messages",
           "disseminated_by", "notes"]


def to_csv_rows(records: list, filters: Filters, titles: dict, tz, end,
                ledger: honest.Ledger) -> str:
    with dlog.no_cycle_collection():   # many small objects, none in a cycle
        return _rows(records, filters, titles, tz, end, ledger)


def _rows(records: list, filters: Filters, titles: dict, tz, end,
          ledger: honest.Ledger) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    local = LocalDays(tz)
    days, resolve = local.days, local.resolve
    since, only_item, only_channel, only_audience = \
        filters.since, filters.item, filters.channel, filters.audience
    cell = _Neutralised()   # most cells repeat (ids, channels, audiences): each done once

    for _line, values in records:
        if len(values) != len(dlog.COLUMNS):
            continue   # only a broken log has such a row, and the report says so
        try:
            stamp = values[dlog.OCCURRED_AT]
            day, month = days.get(stamp[:10] + stamp[19:]) or resolve(stamp)
        except (ValueError, TypeError):
            continue
        item_id, channel, audience = \
            values[dlog.ITEM_ID], values[dlog.CHANNEL], values[dlog.AUDIENCE]
        if day > end or (since and day < since) or (only_item and item_id != only_item) or \
                (only_channel and channel != only_channel) or \
                (only_audience and only_audience not in audience.split(";")):
            continue
        batch, messages = honest.row_batch(values, ledger) if honest.is_mail(values) \
            else ("", "")
        by = values[dlog.DISSEMINATED_BY]
        writer.writerow([
            values[0], day.isoformat(), month, cell[item_id], cell[titles.get(item_id, "")],
            cell[values[dlog.ITEM_TYPE]], cell[values[dlog.ACTION]], cell[channel],
            cell[audience], cell[values[dlog.REACH]],
            "yes" if by == dlog.SELF_REPORTED else "", cell[batch], messages, cell[by],
            dlog.neutralise(values[dlog.NOTES])])
    return buffer.getvalue()


class _Neutralised(dict):
    """text -> the text neutralised against spreadsheet formulas, worked out once."""

    def __missing__(self, text: str) -> str:
        done = self[text] = dlog.neutralise(text)
        return done
