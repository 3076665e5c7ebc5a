"""The legacy history table, read back the way tests compare it."""

from __future__ import annotations

from boxtribute_api.db.routing import connection_scope
from boxtribute_api.history.models import HistoryEntry


def history_rows(table_name: str, record_id, *columns: str) -> list[tuple]:
    """(column, ...) of the record's history rows, oldest first; `table_name` is the
    legacy one ("stock", "tags", "qr", "products")."""
    fields = [getattr(HistoryEntry, column) for column in columns]
    with connection_scope():
        return list(
            HistoryEntry.select(*fields)
            .where(HistoryEntry.table_name == table_name, HistoryEntry.record_id == int(record_id))
            .order_by(HistoryEntry.id)
            .tuples()
        )
