"""What a shipment does to its boxes: the state changes it drives and the check-in
of received boxes. The shipment domain (above) decides which boxes; this module
writes them, set-based, inside the caller's transaction.

Whatever the number of boxes, a call is a fixed handful of statements: one
SELECT ... FOR UPDATE of the boxes (by id, in id order, so that concurrent writers
take their row locks in one order), one UPDATE, and the history rows in bulk
INSERTs (history/recorder.py).

History rows are written as the original writes them, one per changed column of
each box, in the order the caller hands the boxes over: a state change is
'box_state_id' with the state ids in from_int/to_int; a check-in records
'product_id', 'location_id', 'size_id', 'items' and 'box_state_id' (each only if
changed) against the values the box left with.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from peewee import Case

from ..history.recorder import history_row, record_history
from ..location.models import Location
from ..tag import relations
from .bulk_writes import HISTORY_STATE, state_change_rows
from .history import BOX_TABLE
from .models import Box
from .store import IN_STOCK


def lock_boxes(box_ids: Iterable[int]) -> dict[int, Box]:
    """Box id -> the box's current row (with `location_base_id`), locked against
    concurrent change until the transaction ends. Missing ids are left out."""
    ids = sorted(set(box_ids))
    if not ids:
        return {}
    locked = list(
        Box.select(
            Box.id,
            Box.label_identifier,
            Box.product,
            Box.size,
            Box.number_of_items,
            Box.location,
            Box.state,
            Box.deleted_on,
        )
        .where(Box.id.in_(ids))
        .order_by(Box.id)
        .for_update()
    )
    bases = dict(
        Location.select(Location.id, Location.base)
        .where(Location.id.in_(sorted({box.location_id for box in locked})))
        .tuples()
    )
    for box in locked:
        box.location_base_id = bases.get(box.location_id)
    return {box.id: box for box in locked}


def box_ids_by_label(label_identifiers: Iterable[str]) -> dict[str, int]:
    """Label identifier -> box id of the existing boxes (deleted ones too)."""
    labels = sorted(set(label_identifiers))
    if not labels:
        return {}
    query = Box.select(Box.label_identifier, Box.id).where(Box.label_identifier.in_(labels))
    return dict(query.tuples())


def change_states(
    boxes: Sequence[Box],
    state: int,
    *,
    user_id: int,
    now: datetime.datetime,
    touch: bool = True,
) -> None:
    """Put the (locked) boxes into `state`. With `touch`, modified/modified_by are set
    too, for every box given. A history row for each box whose state changes."""
    if not boxes:
        return
    changes: dict = {Box.state: state}
    if touch:
        changes.update({Box.last_modified_on: now, Box.last_modified_by: user_id})
    Box.update(changes).where(Box.id.in_(sorted(box.id for box in boxes))).execute()
    record_history(state_change_rows(boxes, state, user_id=user_id, now=now))
    for box in boxes:
        box.state = state


@dataclass(frozen=True)
class CheckIn:
    """A received box: where it goes (target values) and what it left with
    (source values, which its history rows start from)."""

    box_id: int
    source_product_id: int | None
    source_location_id: int | None
    source_size_id: int | None
    source_number_of_items: int | None
    source_state: int
    product_id: int
    location_id: int
    size_id: int
    number_of_items: int


# (column recorded in history, CheckIn attribute of the old value, of the new value)
_CHECKED_IN_COLUMNS = (
    ("product_id", "source_product_id", "product_id"),
    ("location_id", "source_location_id", "location_id"),
    ("size_id", "source_size_id", "size_id"),
    ("items", "source_number_of_items", "number_of_items"),
)


def check_in(check_ins: Sequence[CheckIn], *, user_id: int, now: datetime.datetime) -> None:
    """Put received boxes in stock with their target product, location, size and
    number of items, and take all their tags off. The boxes' modified/modified_by stay
    as they are (as in the original)."""
    if not check_ins:
        return
    ids = sorted(c.box_id for c in check_ins)

    def per_box(attribute: str) -> Case:
        return Case(Box.id, [(c.box_id, getattr(c, attribute)) for c in check_ins])

    Box.update(
        {
            Box.state: IN_STOCK,
            Box.product: per_box("product_id"),
            Box.location: per_box("location_id"),
            Box.size: per_box("size_id"),
            Box.number_of_items: per_box("number_of_items"),
        }
    ).where(Box.id.in_(ids)).execute()

    live = relations.live_tag_ids(relations.OBJECT_TYPE_BOX, ids)
    tag_ids = set().union(*live.values()) if live else set()
    relations.unassign_tags(
        relations.OBJECT_TYPE_BOX, list(live), tag_ids, user_id=user_id, now=now
    )

    rows = []
    for c in check_ins:
        for column, old, new in _CHECKED_IN_COLUMNS:
            if getattr(c, old) != getattr(c, new):
                rows.append(
                    history_row(
                        BOX_TABLE,
                        c.box_id,
                        column,
                        user_id=user_id,
                        change_date=now,
                        from_int=getattr(c, old),
                        to_int=getattr(c, new),
                    )
                )
        if c.source_state != IN_STOCK:
            rows.append(
                history_row(
                    BOX_TABLE,
                    c.box_id,
                    HISTORY_STATE,
                    user_id=user_id,
                    change_date=now,
                    from_int=c.source_state,
                    to_int=IN_STOCK,
                )
            )
    record_history(rows)
