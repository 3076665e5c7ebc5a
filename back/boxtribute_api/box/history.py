"""Reading the change history of boxes (Box.history): plain synchronous peewee functions.

A box's history merges three sources, as the original's: its rows in the history
table, and the assignments and removals of its tags (tags_relations).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from peewee import JOIN, Case

from ..history.models import HistoryEntry
from ..location.models import BoxState, Location
from ..product.models import Product, Size, Unit
from ..tag.models import Tag, TagsRelation
from .models import Box

BOX_TABLE = "stock"  # history.tablename of box rows
# What createQrCode writes on the box, shown as "created QR code label for box".
QR_CODE_ASSIGNED = "New Qr-code assigned by pdf generation."
BOX_OBJECT_TYPE = "Stock"


@dataclass(frozen=True)
class BoxHistoryEntry:
    id: str
    changes: str
    change_date: datetime.datetime | None
    user_id: int | None


# Changes recorded as a column name, with the ids before and after in from_int/to_int:
# (kind, model of the ids, the model's column to show, text before "from").
_REFERENCE_CHANGES = (
    ("location_id", Location, Location.name, "changed box location"),
    ("product_id", Product, Product.name, "changed product type"),
    ("size_id", Size, Size.label, "changed size"),
    ("display_unit_id", Unit, Unit.symbol, "changed unit"),
    ("box_state_id", BoxState, BoxState.label, "changed box state"),
)


def _box_history_rows(box_ids: list[int]) -> list[dict]:
    """History table rows of the boxes, newest id first, with the kind of change and
    the labels of the referenced rows (compared in SQL, so with MySQL's
    case-insensitive collation, like the original)."""
    kind = Case(
        None,
        [(HistoryEntry.changes == name, name) for name, *_ in _REFERENCE_CHANGES]
        + [
            (HistoryEntry.changes == "items", "items"),
            (HistoryEntry.changes.startswith("comments"), "comments"),
            (HistoryEntry.changes.startswith("Record"), "record"),
            (HistoryEntry.changes == QR_CODE_ASSIGNED, "qr"),
        ],
        "other",
    )
    columns = [
        HistoryEntry.id,
        HistoryEntry.record_id,
        HistoryEntry.changes,
        HistoryEntry.change_date,
        HistoryEntry.user,
        HistoryEntry.from_int,
        HistoryEntry.to_int,
        kind.alias("kind"),
    ]
    joins = []
    for name, model, label, _ in _REFERENCE_CHANGES:
        for side, value in (("from", HistoryEntry.from_int), ("to", HistoryEntry.to_int)):
            alias = model.alias(f"{side}_{name}")
            columns.append(getattr(alias, label.name).alias(f"{side}_{name}"))
            joins.append((alias, (alias.id == value) & (HistoryEntry.changes == name)))
    query = HistoryEntry.select(*columns)
    for alias, condition in joins:
        query = query.join_from(HistoryEntry, alias, on=condition, join_type=JOIN.LEFT_OUTER)
    query = query.where(
        HistoryEntry.table_name == BOX_TABLE, HistoryEntry.record_id.in_(box_ids)
    ).order_by(HistoryEntry.id.desc())
    return list(query.dicts())


def _message(row: dict) -> str | None:
    """The text shown for a history row; None where the original's SQL yields NULL
    (a referenced row or value is missing): such entries are left out."""
    kind, changes = row["kind"], row["changes"]
    for name, _, _, text in _REFERENCE_CHANGES:
        if kind == name:
            before, after = row[f"from_{name}"], row[f"to_{name}"]
            if before is None or after is None:
                return None
            return f"{text} from {before} to {after}"
    if kind == "items":
        if row["from_int"] is None or row["to_int"] is None:
            return None
        return f"changed the number of items from {row['from_int']} to {row['to_int']}"
    if kind == "comments":
        return changes.replace("comments changed", "changed comments")
    if kind == "record":
        # "Record created" -> "created box", "Record deleted" -> "deleted box"
        return f"{changes[7:]} box"
    if kind == "qr":
        return "created QR code label for box"
    return changes


def _tag_assignments(box_ids: list[int]) -> list[tuple]:
    # Tags assigned when the box was created are not shown as separate events.
    return list(
        TagsRelation.select(
            TagsRelation.object_id,
            TagsRelation.id,
            TagsRelation.created_on,
            TagsRelation.created_by,
            Tag.name,
        )
        .join(Tag, on=TagsRelation.tag == Tag.id)
        .join_from(
            TagsRelation,
            Box,
            on=(TagsRelation.object_id == Box.id) & (TagsRelation.object_type == BOX_OBJECT_TYPE),
        )
        .where(
            Box.id.in_(box_ids),
            TagsRelation.created_on.is_null(False),
            TagsRelation.created_on != Box.created_on,
        )
        .order_by(TagsRelation.id)
        .tuples()
    )


def _tag_removals(box_ids: list[int]) -> list[tuple]:
    return list(
        TagsRelation.select(
            TagsRelation.object_id,
            TagsRelation.id,
            TagsRelation.deleted_on,
            TagsRelation.deleted_by,
            Tag.name,
        )
        .join(Tag, on=TagsRelation.tag == Tag.id)
        .where(
            TagsRelation.object_type == BOX_OBJECT_TYPE,
            TagsRelation.object_id.in_(box_ids),
            TagsRelation.deleted_on.is_null(False),
        )
        .order_by(TagsRelation.id)
        .tuples()
    )


def _newest_first(entry: BoxHistoryEntry) -> tuple:
    # Entries without date go last.
    date = entry.change_date
    return (date is not None, date or datetime.datetime.min)


def history_of_boxes(box_ids: list[int]) -> dict[int, list[BoxHistoryEntry]]:
    """Loader batch: box id -> its history, newest first. Entries of equal date keep
    the order: history rows (newest id first), tag assignments, tag removals."""
    found: dict[int, list[BoxHistoryEntry]] = defaultdict(list)
    for row in _box_history_rows(box_ids):
        message = _message(row)
        if message is not None:
            entry = BoxHistoryEntry(str(row["id"]), message, row["change_date"], row["user"])
            found[row["record_id"]].append(entry)
    for box_id, relation_id, date, user_id, tag_name in _tag_assignments(box_ids):
        message = f"assigned tag '{tag_name}' to box"
        found[box_id].append(BoxHistoryEntry(f"ta{relation_id}", message, date, user_id))
    for box_id, relation_id, date, user_id, tag_name in _tag_removals(box_ids):
        message = f"removed tag '{tag_name}' from box"
        found[box_id].append(BoxHistoryEntry(f"tr{relation_id}", message, date, user_id))
    return {
        box_id: sorted(entries, key=_newest_first, reverse=True)
        for box_id, entries in found.items()
    }
