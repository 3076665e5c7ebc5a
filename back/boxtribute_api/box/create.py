"""createBox.

What it leaves behind, as the original does: the stock row (random 8-digit label
identifier; state = the location's default box state; created/modified set to the
same moment and user), its tags (relations created at that same moment, hence not
shown as separate history events) and one history row ('stock', <id>,
'Record created').

Plain synchronous functions, each run by its resolver inside one transaction
(offload_transaction): rows to change are locked first (SELECT ... FOR UPDATE), so
concurrent updates of a box serialize instead of losing each other's changes, and
any error raised rolls the whole mutation back, history included.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from ..auth.authorization import authorize
from ..errors import ResourceNotFound
from ..history.recorder import RECORD_CREATED, history_row, record_history, utc_now
from ..location.models import Location
from ..product.models import Product
from ..qr import writes as qr_writes
from ..tag import relations
from ..tag import writes as tag_writes
from ..tag.models import Tag
from ..tag.store import BOX_TYPE
from . import store
from .checks import (
    authorized_tags,
    base_measure,
    check_non_negative,
    check_tags,
    existing_location,
    existing_product,
    existing_unit,
    reread_box,
    stored_decimal,
)
from .errors import (
    DisplayUnitProductMismatch,
    IncompatibleSizeAndMeasureInput,
    NegativeMeasureValue,
    NegativeNumberOfItems,
    ProductLocationBaseMismatch,
    QrCodeAlreadyAssignedToBox,
)
from .history import BOX_TABLE
from .label_identifiers import insert_with_unique_label
from .models import Box


def create_box(creation_input: Mapping[str, Any], *, user_id: int | None) -> Box:
    """createBox: checks as the original, in its order; returns the new box."""
    location = existing_location(creation_input["location_id"])
    authorize(permission="stock:write", base_id=location.base_id)
    authorize(permission="location:read", base_id=location.base_id)
    product = existing_product(creation_input["product_id"])
    authorize(permission="product:read", base_id=product.base_id)
    authorize(permission="tag_relation:assign")
    tags = authorized_tags(creation_input.get("tag_ids") or ())
    return insert_box(
        product=product,
        location=location,
        user_id=user_id,
        now=utc_now(),
        size_id=creation_input.get("size_id"),
        display_unit_id=creation_input.get("display_unit_id"),
        measure_value=creation_input.get("measure_value"),
        number_of_items=creation_input.get("number_of_items"),
        comment=creation_input.get("comment", ""),
        weight=creation_input.get("weight"),
        monetary_value=creation_input.get("monetary_value"),
        qr_code=creation_input.get("qr_code"),
        tags=tags,
        new_tag_names=creation_input.get("new_tag_names") or (),
    )


def insert_box(
    *,
    product: Product,
    location: Location,
    user_id: int | None,
    now: datetime.datetime,
    size_id: Any = None,
    display_unit_id: Any = None,
    measure_value: Any = None,
    base_measure_value: Decimal | None = None,
    number_of_items: int | None = None,
    comment: str | None = "",
    weight: Any = None,
    monetary_value: Any = None,
    qr_code: str | None = None,
    tags: Iterable[Tag] = (),
    new_tag_names: Iterable[str] = (),
    source_box_id: int | None = None,
) -> Box:
    """Validate and insert one box with its tags and 'Record created' history.
    A copy of a box (`source_box_id`, createBoxFromBox) takes the source's contents
    as they are: `base_measure_value` is already in the base unit."""
    stored_measure = base_measure_value
    if source_box_id is None:
        if number_of_items is not None and number_of_items < 0:
            raise NegativeNumberOfItems()
        if product.base_id != location.base_id:
            raise ProductLocationBaseMismatch()
        check_tags(list(tags), location)
        stored_measure = _validated_contents(product, size_id, display_unit_id, measure_value)
        check_non_negative({"weight": weight, "monetary_value": monetary_value})

    qr_id = None
    if qr_code is not None:
        qr = qr_writes.lock_qr_code_by_code(qr_code)
        if qr is None:
            raise ResourceNotFound()
        if Box.select().where(Box.qr_code == qr.id).exists():
            raise QrCodeAlreadyAssignedToBox()
        qr_id = qr.id

    tag_ids = [tag.id for tag in tags]
    names = list(dict.fromkeys(new_tag_names))
    if names:
        new_tags = tag_writes.create_tags_by_name(location.base_id, names, BOX_TYPE, user_id, now)
        tag_ids.extend(tag.id for tag in new_tags)

    row = {
        "product": product.id,
        "size": size_id,
        "display_unit": display_unit_id,
        "measure_value": stored_measure,
        "number_of_items": number_of_items,
        "location": location.id,
        "qr_code": qr_id,
        "comment": comment,
        "weight": stored_decimal(weight),
        "monetary_value": stored_decimal(monetary_value),
        "state": location.default_box_state_id or store.IN_STOCK,
        "source_box": source_box_id,
        "created_on": now,
        "created_by": user_id,
        "last_modified_on": now,
        "last_modified_by": user_id,
    }
    box_id = insert_with_unique_label(row, qr_id)
    relations.assign_tags(
        relations.OBJECT_TYPE_BOX, [(box_id, t) for t in tag_ids], user_id=user_id, now=now
    )
    record_history(
        [history_row(BOX_TABLE, box_id, RECORD_CREATED, user_id=user_id, change_date=now)]
    )
    return reread_box(box_id)


def _validated_contents(
    product: Product, size_id: Any, display_unit_id: Any, measure_value: Any
) -> Decimal | None:
    """Either a size (any: the original checks neither the product's size range nor
    its kind, and an unknown size fails as a missing row when the box is written), or
    a display unit of the product's dimension with a non-negative measure value; the
    measure in the base unit."""
    if size_id is not None and display_unit_id is None and measure_value is None:
        return None
    if size_id is None and display_unit_id is not None and measure_value is not None:
        if measure_value < 0:
            raise NegativeMeasureValue()
        display_unit = existing_unit(display_unit_id)
        if display_unit.dimension_id != product.size_range_id:
            raise DisplayUnitProductMismatch()
        return base_measure(measure_value, display_unit)
    raise IncompatibleSizeAndMeasureInput()
