"""Writing the legacy change log (table history), as every mutation must.

Sits low (it needs only the HistoryEntry model), so that writing domains such as
box, tag and product can record their changes in the same transaction as the
change itself. Reading a box's history is the box domain's (box/history.py).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from .models import HistoryEntry

# The texts the legacy app writes for a row's creation and (soft) deletion.
RECORD_CREATED = "Record created"
RECORD_DELETED = "Record deleted"


def utc_now() -> datetime.datetime:
    """The timestamp the legacy tables store: naive UTC, whole seconds."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)


def history_row(
    table_name: str,
    record_id: int,
    changes: str,
    *,
    user_id: int | None,
    change_date: datetime.datetime,
    from_int: int | None = None,
    to_int: int | None = None,
    from_float: float | None = None,
    to_float: float | None = None,
) -> dict:
    return {
        "table_name": table_name,
        "record_id": record_id,
        "changes": changes,
        "user": user_id,
        "change_date": change_date,
        "from_int": from_int,
        "to_int": to_int,
        "from_float": from_float,
        "to_float": to_float,
    }


def record_history(rows: Iterable[dict]) -> int:
    """Insert history rows (from `history_row`) in one statement per 500."""
    rows = list(rows)
    for start in range(0, len(rows), 500):
        HistoryEntry.insert_many(rows[start : start + 500]).execute()
    return len(rows)
