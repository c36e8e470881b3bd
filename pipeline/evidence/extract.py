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
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    local = LocalDays(tz)
    for _line, values in records:
        if len(values) != len(dlog.COLUMNS):
            continue   # only a broken log has such a row, and the report says so
        try:
            day, month = local.resolve(values[dlog.OCCURRED_AT])
        except (ValueError, TypeError):
            continue
        audience = values[dlog.AUDIENCE]
        if day > end or (filters.since and day < filters.since) or \
                (filters.item and values[dlog.ITEM_ID] != filters.item) or \
                (filters.channel and values[dlog.CHANNEL] != filters.channel) or \
                (filters.audience and filters.audience not in audience.split(";")):
            continue
        batch, messages = honest.row_batch(values, ledger) if honest.is_mail(values) \
            else ("", "")
        by = values[honest.DISSEMINATED_BY]
        cells = [values[0], day.isoformat(), month, values[dlog.ITEM_ID],
                 titles.get(values[dlog.ITEM_ID], ""), values[dlog.ITEM_TYPE],
                 values[dlog.ACTION], values[dlog.CHANNEL], audience, values[dlog.REACH],
                 "yes" if by == honest.SELF_REPORTED else "", batch, messages, by,
                 values[honest.NOTES]]
        writer.writerow([dlog.neutralise(c) if isinstance(c, str) else c for c in cells])
    return buffer.getvalue()
