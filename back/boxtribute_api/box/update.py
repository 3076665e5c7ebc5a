"""updateBox and updateMarkedForShipmentBox, and the history rows of a change.

updateBox records one history row per changed column, in the order product_id,
size_id, items, location_id, comments, box_state_id, display_unit_id, measure,
weight, monetary value, as the original does. References and numbers are stored as
the column name with from_int/to_int; comments as 'comments changed from "a" to
"b";'; measure, weight and monetary value as ready-made text ('changed weight from
"" to 83.00kg') with from_float/to_float. modified/modified_by are set only if
something changed (tagIds included, newTagNames not).

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
from ..history.recorder import history_row, record_history, utc_now
from ..location.models import Location
from ..product.models import Product, Unit
from ..tag import relations
from ..tag import writes as tag_writes
from ..tag.models import Tag
from ..tag.store import BOX_TYPE
from . import store
from .checks import (
    authorized_tags,
    check_non_negative,
    check_tags,
    existing_location,
    existing_product,
    existing_unit,
    is_measure_product,
    lock_box,
    measure_dimension_ids,
    reread_box,
)
from .errors import (
    BoxDeleted,
    DisplayUnitProductMismatch,
    InputFieldIsNotNone,
    InvalidBoxState,
    LocationBaseMismatch,
    MissingInputField,
    NegativeMeasureValue,
    NegativeNumberOfItems,
    ProductLocationBaseMismatch,
)
from .history import BOX_TABLE
from .models import Box

# The original writes every monetary value in euros, whatever the base's currency.
CURRENCY_SYMBOL = "€"


def _as_given(value: Any) -> Decimal:
    """A Float input as the original keeps it: the float's exact binary value (the
    column rounds it to 18 places; changes are detected against the exact value, so
    0.1 sent again is a change of 0.100000000000000006 to 0.1000000000000000055...)."""
    return Decimal(value)


def _amount(value: Any, symbol: str, factor: Any = 1) -> str:
    """A value as the original writes it in history text: times the unit's factor,
    rounded half-even to two places (Decimal arithmetic), or "" for none."""
    if value is None:
        return '""'
    return f"{round(Decimal(value) * factor, 2)}{symbol}"


def _as_float(value: Any) -> float | None:
    return None if value is None else float(value)


def update_box(update_input: Mapping[str, Any], *, user_id: int | None) -> Box:
    """updateBox: authorization as the original's resolver, then its validations in
    its order; returns the updated box."""
    label_identifier = update_input["label_identifier"]
    box = lock_box(label_identifier)
    if box is None:
        raise ResourceNotFound()
    old_location = existing_location(box.location_id)
    authorize(permission="stock:write", base_id=old_location.base_id)

    location_id = update_input.get("location_id")
    new_location = old_location
    if location_id is not None:
        new_location = existing_location(location_id)
        authorize(permission="location:read", base_id=new_location.base_id)
    product_id = update_input.get("product_id")
    requested_product = None
    if product_id is not None:
        requested_product = existing_product(product_id)
        authorize(permission="product:read", base_id=requested_product.base_id)
    authorize(permission="tag_relation:assign")
    tag_ids = update_input.get("tag_ids")
    tags = authorized_tags(tag_ids) if tag_ids is not None else None

    if box.deleted_on is not None:
        raise BoxDeleted(label_identifier=label_identifier)
    if box.state_id not in store.WAREHOUSE_BOX_STATES:
        raise InvalidBoxState(
            state=store.BOX_STATE_NAMES.get(box.state_id, box.state_id),
            label_identifier=label_identifier,
        )
    return apply_update(
        box,
        update_input,
        old_location=old_location,
        new_location=new_location,
        requested_product=requested_product,
        tags=tags,
        user_id=user_id,
        now=utc_now(),
    )


def apply_update(
    box: Box,
    update_input: Mapping[str, Any],
    *,
    old_location: Location,
    new_location: Location,
    requested_product: Product | None,
    tags: list[Tag] | None,
    user_id: int | None,
    now: datetime.datetime,
) -> Box:
    """Validate and write the changes of updateBox to a locked, updatable box."""
    get = update_input.get
    size_id, display_unit_id, measure_value = (
        get("size_id"),
        get("display_unit_id"),
        get("measure_value"),
    )
    # As the original: a deleted location or product may be chosen, and a size need
    # not be of the product's size range.
    product = requested_product or existing_product(box.product_id)
    if old_location.base_id != new_location.base_id:
        raise LocationBaseMismatch()
    if product.base_id != new_location.base_id:
        raise ProductLocationBaseMismatch()

    dimension_ids = measure_dimension_ids()
    measured_now = box.size_id is None
    measured_then = is_measure_product(product, dimension_ids)
    if measured_then:
        if size_id is not None:
            raise InputFieldIsNotNone(field="sizeId")
    else:
        if display_unit_id is not None:
            raise InputFieldIsNotNone(field="displayUnitId")
        if measure_value is not None:
            raise InputFieldIsNotNone(field="measureValue")

    new = {
        "product": product.id,
        "size": box.size_id,
        "number_of_items": box.number_of_items,
        "location": box.location_id,
        "comment": box.comment,
        "state": box.state_id,
        "display_unit": box.display_unit_id,
        "measure_value": box.measure_value,
        "weight": box.weight,
        "monetary_value": box.monetary_value,
    }
    if measured_now and not measured_then:
        if size_id is None:
            raise MissingInputField(field="sizeId")
        new["display_unit"] = None
        new["measure_value"] = None
    elif not measured_now and measured_then:
        if measure_value is None:
            raise MissingInputField(field="measureValue")
        if display_unit_id is None:
            raise MissingInputField(field="displayUnitId")
        new["size"] = None

    display_unit = None
    unit_id = display_unit_id or new["display_unit"]
    if unit_id:
        display_unit = existing_unit(unit_id)
        if display_unit.dimension_id != product.size_range_id:
            raise DisplayUnitProductMismatch()

    if get("comment") is not None:
        new["comment"] = get("comment")
    number_of_items = get("number_of_items")
    if number_of_items is not None:
        if number_of_items < 0:
            raise NegativeNumberOfItems()
        new["number_of_items"] = number_of_items
    if get("location_id") is not None:
        new["location"] = new_location.id
        new["state"] = new_location.default_box_state_id or box.state_id
    if size_id is not None:
        new["size"] = int(size_id)
    if display_unit_id is not None:
        new["display_unit"] = int(display_unit_id)
    if measure_value is not None:
        if measure_value < 0:
            raise NegativeMeasureValue()
        # Unrounded, as the original compares and writes it (the column rounds).
        new["measure_value"] = _as_given(measure_value) / display_unit.conversion_factor
    # Any state, as the original (also the shipment states).
    state = get("state")
    if state is not None:
        new["state"] = state
    check_non_negative(update_input)
    if get("weight") is not None:
        new["weight"] = _as_given(get("weight"))
    if get("monetary_value") is not None:
        new["monetary_value"] = _as_given(get("monetary_value"))
    if tags is not None:
        check_tags(tags, new_location)

    history, changed = _update_history(box, new, user_id=user_id, now=now)

    tags_changed = False
    if tags is not None:
        tags_changed = relations.set_tags(
            relations.OBJECT_TYPE_BOX, box.id, [t.id for t in tags], user_id=user_id, now=now
        )
    names = list(dict.fromkeys(get("new_tag_names") or ()))
    if names:
        # After `tags`: new tags are added to the box's tags, not replaced by them.
        new_tags = tag_writes.create_tags_by_name(
            new_location.base_id, names, BOX_TYPE, user_id, now
        )
        # As in the original, new tags alone do not count as a change of the box.
        relations.assign_tags(
            relations.OBJECT_TYPE_BOX,
            [(box.id, tag.id) for tag in new_tags],
            user_id=user_id,
            now=now,
        )

    if changed or tags_changed:
        Box.update(**changed, last_modified_on=now, last_modified_by=user_id).where(
            Box.id == box.id
        ).execute()
        record_history(history)
    return reread_box(box.id)


def _recorded_values(box: Box) -> dict[str, Any]:
    """The box's values whose changes the history records."""
    return {
        "product": box.product_id,
        "size": box.size_id,
        "number_of_items": box.number_of_items,
        "location": box.location_id,
        "comment": box.comment,
        "state": box.state_id,
        "display_unit": box.display_unit_id,
        "measure_value": box.measure_value,
        "weight": box.weight,
        "monetary_value": box.monetary_value,
    }


def _update_history(
    box: Box, new: dict, *, user_id: int | None, now: datetime.datetime
) -> tuple[list[dict], dict]:
    """History rows for the columns that change, and the changed columns."""
    rows: list[dict] = []
    changed: dict[str, Any] = {}

    def row(changes: str, **values: Any) -> None:
        rows.append(
            history_row(BOX_TABLE, box.id, changes, user_id=user_id, change_date=now, **values)
        )

    old = _recorded_values(box)
    for attribute, column in (
        ("product", "product_id"),
        ("size", "size_id"),
        ("number_of_items", "items"),
        ("location", "location_id"),
    ):
        if old[attribute] != new[attribute]:
            changed[attribute] = new[attribute]
            row(column, from_int=old[attribute], to_int=new[attribute])
    if old["comment"] != new["comment"]:
        changed["comment"] = new["comment"]
        # The original formats the values as they are: NULL shows as "None".
        row(f'comments changed from "{old["comment"]}" to "{new["comment"]}";')
    for attribute, column in (("state", "box_state_id"), ("display_unit", "display_unit_id")):
        if old[attribute] != new[attribute]:
            changed[attribute] = new[attribute]
            row(column, from_int=old[attribute], to_int=new[attribute])

    if old["measure_value"] != new["measure_value"]:
        changed["measure_value"] = new["measure_value"]
        units = _units_by_id({old["display_unit"], new["display_unit"]})
        row(
            "changed units of measure from "
            f"{_measure_text(old['measure_value'], units.get(old['display_unit']))} to "
            f"{_measure_text(new['measure_value'], units.get(new['display_unit']))}",
            from_float=_as_float(old["measure_value"]),
            to_float=_as_float(new["measure_value"]),
        )
    if old["weight"] != new["weight"]:
        changed["weight"] = new["weight"]
        unit = Unit.get_or_none(Unit.id == box.weight_display_unit_id)
        symbol, factor = (unit.symbol, unit.conversion_factor) if unit else ("", 1)
        row(
            f"changed weight from {_amount(old['weight'], symbol, factor)} to "
            f"{_amount(new['weight'], symbol, factor)}",
            from_float=_as_float(old["weight"]),
            to_float=_as_float(new["weight"]),
        )
    if old["monetary_value"] != new["monetary_value"]:
        changed["monetary_value"] = new["monetary_value"]
        row(
            f"changed monetary value from {_amount(old['monetary_value'], CURRENCY_SYMBOL)} to "
            f"{_amount(new['monetary_value'], CURRENCY_SYMBOL)}",
            from_float=_as_float(old["monetary_value"]),
            to_float=_as_float(new["monetary_value"]),
        )
    return rows, changed


def _units_by_id(unit_ids: Iterable[Any]) -> dict[int, Unit]:
    ids = [u for u in unit_ids if u is not None]
    return {u.id: u for u in Unit.select().where(Unit.id.in_(ids))} if ids else {}


def _measure_text(base_value: Decimal | None, unit: Unit | None) -> str:
    if base_value is None or unit is None:
        return '""'
    return _amount(base_value, unit.symbol, unit.conversion_factor)


def update_marked_for_shipment_box(update_input: Mapping[str, Any], *, user_id: int | None) -> Box:
    """Weight and monetary value of a box that is MarkedForShipment (packed for a
    shipment, where other changes are not allowed)."""
    label_identifier = update_input["label_identifier"]
    box = lock_box(label_identifier)
    if box is None:
        raise ResourceNotFound()
    location = existing_location(box.location_id)
    authorize(permission="stock:write", base_id=location.base_id)
    if box.deleted_on is not None:
        raise BoxDeleted(label_identifier=label_identifier)
    if box.state_id != store.MARKED_FOR_SHIPMENT:
        raise InvalidBoxState(
            state=store.BOX_STATE_NAMES.get(box.state_id, box.state_id),
            label_identifier=label_identifier,
        )
    check_non_negative(update_input)
    new = _recorded_values(box)
    if update_input.get("weight") is not None:
        new["weight"] = _as_given(update_input["weight"])
    if update_input.get("monetary_value") is not None:
        new["monetary_value"] = _as_given(update_input["monetary_value"])
    now = utc_now()
    history, changed = _update_history(box, new, user_id=user_id, now=now)
    if changed:
        Box.update(**changed, last_modified_on=now, last_modified_by=user_id).where(
            Box.id == box.id
        ).execute()
        record_history(history)
    return reread_box(box.id)
