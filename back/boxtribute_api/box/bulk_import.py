"""createBoxes: many boxes at once (e.g. a spreadsheet import).

Plain synchronous functions, each run by its resolver inside one transaction
(offload_transaction): rows to change are locked first (SELECT ... FOR UPDATE), so
concurrent updates of a box serialize instead of losing each other's changes, and
any error raised rolls the whole mutation back, history included.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from ..auth.authorization import authorize
from ..base.errors import DeletedBaseError
from ..base.models import Base
from ..history.recorder import RECORD_CREATED, history_row, record_history, utc_now
from ..location.models import Location
from ..product.models import Product, Size, SizeRangeSize, Unit
from ..tag import relations
from ..tag import writes as tag_writes
from ..tag.store import BOX_TYPE
from . import store
from .checks import base_measure, is_measure_product, measure_dimension_ids
from .errors import (
    InvalidBaseError,
    ProductLocationBaseMismatchError,
)
from .history import BOX_TABLE
from .label_identifiers import insert_boxes_with_unique_labels
from .models import Box
from .results import BoxesResult

# "<number> <unit>" in a size column, e.g. "500 ml", "1.5kg", ".5 l".
QUANTITY = re.compile(r"^(\d+\.?\d*|\.\d+)\s*(kg|g|ml|l|mg|t|lb|oz)$")


MIXED_SIZE = "mixed"


def create_boxes(rows: list[Mapping[str, Any]], *, user_id: int | None) -> Any:
    """createBoxes: a BoxesResult, or the union error saying why nothing was created.
    Raises Forbidden (turned into a union member by the resolver).

    As the original: all locations must be in one base and all products in one base,
    the same; sizes are given by name (case-insensitive; unknown names fall back to
    the size "Mixed" and are noted in the comment); for measure products the size
    name is a quantity ("500 ml"), otherwise noted in the comment. New boxes are
    InStock, with a 'Record created' history row each; set-based: a few statements
    whatever the number of rows.

    A row with `boxLabelIdentifierForMerge` creates no box: its items (and tags) are
    added to that existing box of the same base, if it can be updated; otherwise the
    label identifier is reported as invalid.
    """
    if not rows:
        return BoxesResult()
    now = utc_now()
    location_ids = sorted({int(row["location_id"]) for row in rows})
    base_ids = sorted(
        {loc.base_id for loc in Location.select(Location.base).where(Location.id.in_(location_ids))}
    )
    if len(base_ids) != 1:
        return InvalidBaseError(ids=base_ids)
    base_id = base_ids[0]
    authorize(permission="stock:write", base_id=base_id)
    authorize(permission="tag_relation:assign")
    base = Base.get_by_id(base_id)
    if base.deleted_on is not None:
        return DeletedBaseError(name=base.name)

    product_ids = sorted({int(row["product_id"]) for row in rows})
    products = {p.id: p for p in Product.select().where(Product.id.in_(product_ids))}
    product_base_ids = sorted({p.base_id for p in products.values()})
    if len(product_base_ids) != 1:
        return InvalidBaseError(ids=product_base_ids)
    if product_base_ids[0] != base_id:
        return ProductLocationBaseMismatchError()

    names = [n for row in rows for n in (row.get("new_tag_names") or ())]
    new_tag_ids = {
        tag.name: tag.id
        for tag in tag_writes.create_tags_by_name(base_id, names, BOX_TYPE, user_id, now)
    }
    sizes = _size_ids_by_name(p.size_range_id for p in products.values())
    units = {unit.symbol: unit for unit in Unit.select()}
    dimension_ids = measure_dimension_ids()

    new_boxes: list[dict] = []
    tags_of_rows: list[list[int]] = []
    merges: list[tuple[str, int | None, list[int]]] = []
    for row in rows:
        tag_ids = list(dict.fromkeys(int(t) for t in (row.get("tag_ids") or ())))
        tag_ids += [new_tag_ids[n] for n in dict.fromkeys(row.get("new_tag_names") or ())]
        number_of_items = row.get("number_of_items", 0)
        merge_label = row.get("box_label_identifier_for_merge")
        if merge_label is not None:
            merges.append((merge_label, number_of_items, list(dict.fromkeys(tag_ids))))
            continue
        product = products[int(row["product_id"])]
        contents = _contents_from_size_name(
            product, row["size_name"], sizes, units, dimension_ids, row.get("comment", "")
        )
        new_boxes.append(
            {
                "product": product.id,
                "location": int(row["location_id"]),
                "number_of_items": number_of_items,
                "created_on": now,
                "created_by": user_id,
                **contents,
            }
        )
        tags_of_rows.append(list(dict.fromkeys(tag_ids)))

    created_ids = insert_boxes_with_unique_labels(new_boxes)
    record_history(
        history_row(BOX_TABLE, box_id, RECORD_CREATED, user_id=user_id, change_date=now)
        for box_id in created_ids
    )
    relations.assign_tags(
        relations.OBJECT_TYPE_BOX,
        [
            (box_id, tag_id)
            for box_id, tag_ids in zip(created_ids, tags_of_rows, strict=True)
            for tag_id in tag_ids
        ],
        user_id=user_id,
        now=now,
    )
    merged_ids, invalid = _merge_rows(merges, base_id=base_id, user_id=user_id, now=now)
    boxes = store.boxes_by_id(created_ids + merged_ids)
    return BoxesResult(
        updated_boxes=[boxes[i] for i in dict.fromkeys(created_ids + merged_ids)],
        invalid_box_label_identifiers=invalid,
    )


def _size_ids_by_name(size_range_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Size range id -> {lower-case size label: size id}."""
    found: dict[int, dict[str, int]] = {}
    query = (
        SizeRangeSize.select(SizeRangeSize.size_range, Size.id, Size.label)
        .join(Size, on=SizeRangeSize.size == Size.id)
        .where(SizeRangeSize.size_range.in_(sorted(set(size_range_ids))))
        .tuples()
    )
    for size_range_id, size_id, label in query:
        found.setdefault(size_range_id, {})[label.lower()] = size_id
    return found


def _contents_from_size_name(
    product: Product,
    size_name: str,
    sizes: dict[int, dict[str, int]],
    units: dict[str, Unit],
    dimension_ids: frozenset[int],
    comment: str | None,
) -> dict:
    """size/display unit/measure of a bulk row, and its comment (noting a size name
    that could not be used, lower-cased as the original does)."""
    size_name = size_name.lower()
    note = f"original size: '{size_name}'"
    noted = f"{comment}; {note}" if comment else note
    if is_measure_product(product, dimension_ids):
        quantity = QUANTITY.match(size_name.strip())
        unit = units.get(quantity.group(2)) if quantity else None
        if unit is None:
            return {"size": None, "display_unit": None, "measure_value": None, "comment": noted}
        return {
            "size": None,
            "display_unit": unit.id,
            "measure_value": base_measure(Decimal(quantity.group(1)), unit),
            "comment": comment,
        }
    sizes_of_product = sizes.get(product.size_range_id, {})
    size_id = sizes_of_product.get(size_name)
    if size_id is None:
        return {
            "size": sizes_of_product.get(MIXED_SIZE),
            "display_unit": None,
            "measure_value": None,
            "comment": noted,
        }
    return {"size": size_id, "display_unit": None, "measure_value": None, "comment": comment}


def _merge_rows(
    merges: list[tuple[str, int | None, list[int]]],
    *,
    base_id: int,
    user_id: int | None,
    now: datetime.datetime,
) -> tuple[list[int], list[str]]:
    """Add the items and tags of merge rows to their existing boxes; the ids of the
    boxes updated, and the label identifiers that are not updatable boxes of the base."""
    if not merges:
        return [], []
    labels = sorted({label for label, _, _ in merges})
    boxes = {
        box.label_identifier: box
        for box in Box.select(Box)
        .join(Location, on=Box.location == Location.id)
        .where(
            Box.label_identifier.in_(labels),
            Location.base == base_id,
            Box.deleted_on.is_unset(),
            Box.state.in_(sorted(store.WAREHOUSE_BOX_STATES)),
        )
        .order_by(Box.id)
        .for_update()
    }
    added: dict[int, int] = {}
    pairs: list[tuple[int, int]] = []
    for label, number_of_items, tag_ids in merges:
        box = boxes.get(label)
        if box is None:
            continue
        added[box.id] = added.get(box.id, 0) + (number_of_items or 0)
        pairs += [(box.id, t) for t in tag_ids]
    history = []
    for box in boxes.values():
        if box.id not in added:
            continue
        old_items = box.number_of_items
        new_items = (old_items or 0) + added[box.id]
        if new_items != old_items:
            Box.update(
                number_of_items=new_items, last_modified_on=now, last_modified_by=user_id
            ).where(Box.id == box.id).execute()
            history.append(
                history_row(
                    BOX_TABLE,
                    box.id,
                    "items",
                    user_id=user_id,
                    change_date=now,
                    from_int=old_items,
                    to_int=new_items,
                )
            )
    record_history(history)
    assigned = relations.assign_tags(relations.OBJECT_TYPE_BOX, pairs, user_id=user_id, now=now)
    touched = sorted({box_id for box_id, _ in assigned} - {r["record_id"] for r in history})
    if touched:
        Box.update(last_modified_on=now, last_modified_by=user_id).where(
            Box.id.in_(touched)
        ).execute()
    merged_ids = [boxes[label].id for label, _, _ in merges if label in boxes]
    invalid = sorted({label for label, _, _ in merges if label not in boxes})
    return list(dict.fromkeys(merged_ids)), invalid
