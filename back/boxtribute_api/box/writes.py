"""Single-box mutations (tables stock, history, tags_relations, qr): plain synchronous
functions, each run by its resolver inside one transaction (offload_transaction).

What they leave behind, as the original does:
- creating a box: the stock row (random 8-digit label identifier; state = the
  location's default box state; created/modified set to the same moment and user),
  its tags (relations created at that same moment, hence not shown as separate
  history events) and one history row ('stock', <id>, 'Record created');
- updating a box: one history row per changed column, in the order product_id,
  size_id, items, location_id, comments, box_state_id, display_unit_id, measure,
  weight, monetary value. References and numbers are stored as the column name with
  from_int/to_int; comments as 'comments changed from "a" to "b";'; measure, weight
  and monetary value as ready-made text ('changed weight from "" to 83.00kg') with
  from_float/to_float. modified/modified_by are set only if something changed
  (tags included);
- createBoxFromBox: a new box created in the source box's location with 0 items,
  then the items taken off the source box, then the new box moved and filled (so
  statistics count the items once and see the move);
- createQrCode: a qr row (code = MD5 of its id) with a 'New QR-code generated'
  history row; if for a box, the box's qr_id and a 'New Qr-code assigned by pdf
  generation.' history row on the box.

Rows to change are locked first (SELECT ... FOR UPDATE), so concurrent updates of a
box serialize instead of losing each other's changes. Any error raised rolls the
whole mutation back, history included.
"""

from __future__ import annotations

import datetime
import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import peewee

from ..auth.authorization import authorize
from ..base.errors import DeletedBaseError
from ..base.models import Base
from ..db.routing import database
from ..errors import BadUserInput, ResourceDoesNotExistError, ResourceNotFound
from ..history.recorder import history_row, record_history, utc_now
from ..location.errors import DeletedLocationError
from ..location.models import Location
from ..product.models import Product, Size, SizeRangeSize, Unit
from ..qr import writes as qr_writes
from ..qr.models import QrCode
from ..tag import relations
from ..tag import writes as tag_writes
from ..tag.errors import IncompatibleTagTypeAndResourceType, TagBaseMismatch
from ..tag.models import Tag
from ..tag.store import ALL_TYPE, BOX_TYPE
from . import store
from .errors import (
    BoxCreationFailed,
    BoxDeleted,
    DeletedBoxError,
    DisplayUnitProductMismatch,
    IncompatibleSizeAndMeasureInput,
    InputFieldIsNotNone,
    InvalidBaseError,
    InvalidBoxState,
    InvalidBoxStateError,
    InvalidNumberOfItemsError,
    LocationBaseMismatch,
    LocationTagBaseMismatch,
    MissingInputField,
    NegativeMeasureValue,
    NegativeNumberOfItems,
    ProductLocationBaseMismatch,
    ProductLocationBaseMismatchError,
    QrCodeAlreadyAssignedToBox,
)
from .models import Box

BOX_TABLE = "stock"
RECORD_CREATED = "Record created"
QR_CODE_ASSIGNED = "New Qr-code assigned by pdf generation."

# States of boxes in a warehouse (not in a shipment): only these boxes may be
# updated, split, and only these states may be set with updateBox.
WAREHOUSE_BOX_STATES = frozenset({store.IN_STOCK, store.DONATED, store.SCRAP, store.LOST})
BOX_STATE_NAMES = {state_id: name for name, state_id in store.BOX_STATES.items()}

LABEL_IDENTIFIER_ATTEMPTS = 10
LABEL_IDENTIFIER_DIGITS = 8
_random = random.SystemRandom()

# Column scale of stock.weight/monetary_value/measure_value: decimal(36,18).
_DECIMAL_PLACES = Decimal(1).scaleb(-18)

# Shown after monetary values in history text; other codes are shown as they are.
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "TRY": "₺", "UAH": "₴"}


# --- errors of our own (clear BAD_USER_INPUT where the original has none) -------------------


class NegativeWeight(BadUserInput):
    description = "Invalid input: negative value for 'weight'"


class NegativeMonetaryValue(BadUserInput):
    description = "Invalid input: negative value for 'monetaryValue'"


class DeletedProductInput(BadUserInput):
    description = "Invalid input: 'product' is deleted"


class DeletedLocationInput(BadUserInput):
    description = "Invalid input: 'location' is deleted"


class SizeProductMismatch(BadUserInput):
    description = "Invalid input: 'size' is not in the size range of 'product'"


class StateNotSettable(BadUserInput):
    def __init__(self, *, state: str) -> None:
        allowed = ", ".join(BOX_STATE_NAMES[s] for s in sorted(WAREHOUSE_BOX_STATES))
        super().__init__(
            f"Invalid input: 'state' {state} cannot be set here. Expecting one of: {allowed}"
        )


# --- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BoxesResult:
    updated_boxes: list[Box] = field(default_factory=list)
    invalid_box_label_identifiers: list[str] = field(default_factory=list)
    graphql_type: str = "BoxesResult"


# --- shared helpers ------------------------------------------------------------------------


def new_label_identifier() -> str:
    """A random 8-digit label (leading zeros kept); uniqueness is the database's job."""
    return "".join(_random.choices("0123456789", k=LABEL_IDENTIFIER_DIGITS))


def _reread(box_id: int) -> Box:
    """The box as the read API selects it (with its location's base etc.)."""
    return store.boxes_by_id([box_id])[box_id]


def _lock_box(label_identifier: str) -> Box | None:
    return (
        Box.select()
        .where(Box.label_identifier == label_identifier)
        .order_by(Box.id)
        .for_update()
        .first()
    )


def _location(location_id: Any) -> Location:
    location = Location.get_or_none(Location.id == int(location_id))
    if location is None:
        raise ResourceNotFound()
    return location


def _product(product_id: Any) -> Product:
    product = Product.get_or_none(Product.id == int(product_id))
    if product is None:
        raise ResourceNotFound()
    return product


def _unit(unit_id: Any) -> Unit:
    unit = Unit.get_or_none(Unit.id == int(unit_id))
    if unit is None:
        raise ResourceNotFound()
    return unit


def _measure_dimension_ids() -> frozenset[int]:
    """Size ranges that are dimensions of units (mass, volume): their products are
    measured (display unit + measure value), not sized."""
    return frozenset(u.dimension_id for u in Unit.select(Unit.dimension).distinct())


def _is_measure_product(product: Product, dimension_ids: frozenset[int]) -> bool:
    return product.size_range_id in dimension_ids


def _check_size_in_size_range(size_id: Any, product: Product) -> None:
    found = (
        SizeRangeSize.select()
        .where(
            SizeRangeSize.size == int(size_id),
            SizeRangeSize.size_range == product.size_range_id,
        )
        .exists()
    )
    if not found:
        raise SizeProductMismatch()


def _authorized_tags(tag_ids: Iterable[Any]) -> list[Tag]:
    """The existing tags among the ids (unknown ids are ignored, as in the original),
    each authorized for tag:read in its base. Share-locked so that a concurrent
    deleteTag cannot leave a live relation of a deleted tag behind."""
    ids = sorted({int(t) for t in tag_ids})
    if not ids:
        return []
    tags = list(
        Tag.select().where(Tag.id.in_(ids)).order_by(Tag.id).for_update("LOCK IN SHARE MODE")
    )
    for tag in tags:
        authorize(permission="tag:read", base_id=tag.base_id)
    return tags


def _check_tags(tags: list[Tag], location: Location) -> None:
    """Tags must be assignable to a box (not deleted, of type Box or All) and all in
    the base of the box's location."""
    for tag in tags:
        if tag.deleted_on is not None:
            raise tag_writes.DeletedTagNotAssignable(tag_id=tag.id)
        if tag.type not in (BOX_TYPE, ALL_TYPE):
            raise IncompatibleTagTypeAndResourceType(
                tag_id=tag.id,
                tag_type=tag_writes.TYPE_NAMES.get(tag.type, tag.type),
                resource_type="Box",
            )
    if not tags:
        return
    base_ids = {tag.base_id for tag in tags}
    if len(base_ids) > 1:
        raise TagBaseMismatch()
    if base_ids.pop() != location.base_id:
        raise LocationTagBaseMismatch()


def _stored_decimal(value: Any) -> Decimal | None:
    """A float input as the decimal(36,18) column keeps it."""
    if value is None:
        return None
    return Decimal(repr(float(value))).quantize(_DECIMAL_PLACES, rounding=ROUND_HALF_UP)


def _base_measure(measure_value: Any, display_unit: Unit) -> Decimal:
    """A measure given in the display unit, converted to the dimension's base unit
    (as stored in stock.measure_value)."""
    return (Decimal(measure_value) / display_unit.conversion_factor).quantize(
        _DECIMAL_PLACES, rounding=ROUND_HALF_UP
    )


def _amount(value: Any, symbol: str) -> str:
    return '""' if value is None else f"{float(value):.2f}{symbol}"


def _as_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _check_non_negative(input_: Mapping[str, Any]) -> None:
    weight = input_.get("weight")
    if weight is not None and weight < 0:
        raise NegativeWeight()
    monetary_value = input_.get("monetary_value")
    if monetary_value is not None and monetary_value < 0:
        raise NegativeMonetaryValue()


# --- createBox -------------------------------------------------------------------------------


def create_box(creation_input: Mapping[str, Any], *, user_id: int | None) -> Box:
    """createBox: checks as the original, in its order; returns the new box."""
    location = _location(creation_input["location_id"])
    authorize(permission="stock:write", base_id=location.base_id)
    authorize(permission="location:read", base_id=location.base_id)
    product = _product(creation_input["product_id"])
    authorize(permission="product:read", base_id=product.base_id)
    authorize(permission="tag_relation:assign")
    tags = _authorized_tags(creation_input.get("tag_ids") or ())
    return _insert_box(
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


def _insert_box(
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
        if location.deleted_on is not None:
            raise DeletedLocationInput()
        if product.deleted_on is not None:
            raise DeletedProductInput()
        if number_of_items is not None and number_of_items < 0:
            raise NegativeNumberOfItems()
        if product.base_id != location.base_id:
            raise ProductLocationBaseMismatch()
        _check_tags(list(tags), location)
        stored_measure = _validated_contents(product, size_id, display_unit_id, measure_value)
        _check_non_negative({"weight": weight, "monetary_value": monetary_value})

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
        "weight": _stored_decimal(weight),
        "monetary_value": _stored_decimal(monetary_value),
        "state": location.default_box_state_id or store.IN_STOCK,
        "source_box": source_box_id,
        "created_on": now,
        "created_by": user_id,
        "last_modified_on": now,
        "last_modified_by": user_id,
    }
    box_id = _insert_with_unique_label(row, qr_id)
    relations.assign_tags(
        relations.OBJECT_TYPE_BOX, [(box_id, t) for t in tag_ids], user_id=user_id, now=now
    )
    record_history(
        [history_row(BOX_TABLE, box_id, RECORD_CREATED, user_id=user_id, change_date=now)]
    )
    return _reread(box_id)


def _validated_contents(
    product: Product, size_id: Any, display_unit_id: Any, measure_value: Any
) -> Decimal | None:
    """Either a size of the product's size range, or a display unit of the product's
    dimension with a non-negative measure value; the measure in the base unit."""
    if size_id is not None and display_unit_id is None and measure_value is None:
        _check_size_in_size_range(size_id, product)
        return None
    if size_id is None and display_unit_id is not None and measure_value is not None:
        if measure_value < 0:
            raise NegativeMeasureValue()
        display_unit = _unit(display_unit_id)
        if display_unit.dimension_id != product.size_range_id:
            raise DisplayUnitProductMismatch()
        return _base_measure(measure_value, display_unit)
    raise IncompatibleSizeAndMeasureInput()


def _insert_with_unique_label(row: dict, qr_id: int | None) -> int:
    """Insert under a fresh random label identifier; on a clash with an existing one
    (the unique key on stock.box_id, also across concurrent transactions) try again,
    up to 10 times, then fail as the original does."""
    for _ in range(LABEL_IDENTIFIER_ATTEMPTS):
        label_identifier = new_label_identifier()
        try:
            with database.atomic():  # a savepoint: a clash undoes only this insert
                return Box.insert(**row, label_identifier=label_identifier).execute()
        except peewee.IntegrityError as error:
            if qr_id is not None and _duplicate(error, qr_id, "qr_id"):
                raise QrCodeAlreadyAssignedToBox() from None
            if not _duplicate(error, label_identifier, "box_id"):
                raise
    raise BoxCreationFailed()


def _duplicate(error: peewee.IntegrityError, value: Any, key: str) -> bool:
    """Whether the error is a unique-key clash of `value` on the key over column
    `key` (named box_id_unique in the legacy schema, stock_box_id when created from
    the models)."""
    message = str(error)
    return f"Duplicate entry '{value}'" in message and key in message


# --- updateBox -------------------------------------------------------------------------------


def update_box(update_input: Mapping[str, Any], *, user_id: int | None) -> Box:
    """updateBox: authorization as the original's resolver, then its validations in
    its order; returns the updated box."""
    label_identifier = update_input["label_identifier"]
    box = _lock_box(label_identifier)
    if box is None:
        raise ResourceNotFound()
    old_location = _location(box.location_id)
    authorize(permission="stock:write", base_id=old_location.base_id)

    location_id = update_input.get("location_id")
    new_location = old_location
    if location_id is not None:
        new_location = _location(location_id)
        authorize(permission="location:read", base_id=new_location.base_id)
    product_id = update_input.get("product_id")
    requested_product = None
    if product_id is not None:
        requested_product = _product(product_id)
        authorize(permission="product:read", base_id=requested_product.base_id)
    authorize(permission="tag_relation:assign")
    tag_ids = update_input.get("tag_ids")
    tags = _authorized_tags(tag_ids) if tag_ids is not None else None

    if box.deleted_on is not None:
        raise BoxDeleted(label_identifier=label_identifier)
    if box.state_id not in WAREHOUSE_BOX_STATES:
        raise InvalidBoxState(
            state=BOX_STATE_NAMES.get(box.state_id, box.state_id),
            label_identifier=label_identifier,
        )
    return _apply_update(
        box,
        update_input,
        old_location=old_location,
        new_location=new_location,
        requested_product=requested_product,
        tags=tags,
        user_id=user_id,
        now=utc_now(),
    )


def _apply_update(
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
    product = requested_product or _product(box.product_id)
    if new_location.id != box.location_id and new_location.deleted_on is not None:
        raise DeletedLocationInput()
    if product.id != box.product_id and product.deleted_on is not None:
        raise DeletedProductInput()
    if old_location.base_id != new_location.base_id:
        raise LocationBaseMismatch()
    if product.base_id != new_location.base_id:
        raise ProductLocationBaseMismatch()

    dimension_ids = _measure_dimension_ids()
    measured_now = box.size_id is None
    measured_then = _is_measure_product(product, dimension_ids)
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
        display_unit = _unit(unit_id)
        if display_unit.dimension_id != product.size_range_id:
            raise DisplayUnitProductMismatch()
    if (size_id is not None or product.id != box.product_id) and not measured_then:
        _check_size_in_size_range(size_id if size_id is not None else box.size_id, product)

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
        new["measure_value"] = _base_measure(measure_value, display_unit)
    state = get("state")
    if state is not None:
        if state not in WAREHOUSE_BOX_STATES:
            raise StateNotSettable(state=BOX_STATE_NAMES.get(state, str(state)))
        new["state"] = state
    _check_non_negative(update_input)
    if get("weight") is not None:
        new["weight"] = _stored_decimal(get("weight"))
    if get("monetary_value") is not None:
        new["monetary_value"] = _stored_decimal(get("monetary_value"))
    if tags is not None:
        _check_tags(tags, new_location)

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
        relations.assign_tags(
            relations.OBJECT_TYPE_BOX,
            [(box.id, tag.id) for tag in new_tags],
            user_id=user_id,
            now=now,
        )
        tags_changed = tags_changed or bool(new_tags)

    if changed or tags_changed:
        Box.update(**changed, last_modified_on=now, last_modified_by=user_id).where(
            Box.id == box.id
        ).execute()
        record_history(history)
    return _reread(box.id)


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
        symbol = _unit_symbol(box.weight_display_unit_id)
        row(
            f"changed weight from {_amount(old['weight'], symbol)} to "
            f"{_amount(new['weight'], symbol)}",
            from_float=_as_float(old["weight"]),
            to_float=_as_float(new["weight"]),
        )
    if old["monetary_value"] != new["monetary_value"]:
        changed["monetary_value"] = new["monetary_value"]
        symbol = _currency_symbol_of_location(new["location"])
        row(
            f"changed monetary value from {_amount(old['monetary_value'], symbol)} to "
            f"{_amount(new['monetary_value'], symbol)}",
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
    return f"{float(base_value * unit.conversion_factor):.2f}{unit.symbol}"


def _unit_symbol(unit_id: Any) -> str:
    unit = Unit.get_or_none(Unit.id == unit_id) if unit_id is not None else None
    return unit.symbol if unit is not None else ""


def _currency_symbol_of_location(location_id: Any) -> str:
    code = (
        Base.select(Base.monetary_currency_code)
        .join(Location, on=Location.base == Base.id)
        .where(Location.id == location_id)
        .scalar()
    )
    return CURRENCY_SYMBOLS.get(code, code or "")


# --- updateMarkedForShipmentBox --------------------------------------------------------------


def update_marked_for_shipment_box(update_input: Mapping[str, Any], *, user_id: int | None) -> Box:
    """Weight and monetary value of a box that is MarkedForShipment (packed for a
    shipment, where other changes are not allowed)."""
    label_identifier = update_input["label_identifier"]
    box = _lock_box(label_identifier)
    if box is None:
        raise ResourceNotFound()
    location = _location(box.location_id)
    authorize(permission="stock:write", base_id=location.base_id)
    if box.deleted_on is not None:
        raise BoxDeleted(label_identifier=label_identifier)
    if box.state_id != store.MARKED_FOR_SHIPMENT:
        raise InvalidBoxState(
            state=BOX_STATE_NAMES.get(box.state_id, box.state_id),
            label_identifier=label_identifier,
        )
    _check_non_negative(update_input)
    new = _recorded_values(box)
    if update_input.get("weight") is not None:
        new["weight"] = _stored_decimal(update_input["weight"])
    if update_input.get("monetary_value") is not None:
        new["monetary_value"] = _stored_decimal(update_input["monetary_value"])
    now = utc_now()
    history, changed = _update_history(box, new, user_id=user_id, now=now)
    if changed:
        Box.update(**changed, last_modified_on=now, last_modified_by=user_id).where(
            Box.id == box.id
        ).execute()
        record_history(history)
    return _reread(box.id)


# --- createBoxFromBox ------------------------------------------------------------------------


def create_box_from_box(creation_input: Mapping[str, Any], *, user_id: int | None) -> Any:
    """createBoxFromBox: the new Box, or the union error saying why not. Raises
    Forbidden (turned into a union member by the resolver)."""
    label_identifier = creation_input["source_box_label_identifier"]
    source = _lock_box(label_identifier)
    if source is None:
        return ResourceDoesNotExistError(name="Box")
    source_location = _location(source.location_id)
    authorize(permission="stock:write", base_id=source_location.base_id)
    location_id = creation_input["location_id"]
    location = Location.get_or_none(Location.id == int(location_id))
    if location is None:
        return ResourceDoesNotExistError(name="Location", id=location_id)
    authorize(permission="stock:write", base_id=location.base_id)

    number_of_items = creation_input["number_of_items"]
    available = source.number_of_items or 0
    if number_of_items < 0 or number_of_items > available:
        return InvalidNumberOfItemsError(number_of_items=number_of_items)
    if source.deleted_on is not None:
        return DeletedBoxError(label_identifier=source.label_identifier)
    if location.deleted_on is not None:
        return DeletedLocationError(name=location.name)
    if source.state_id not in WAREHOUSE_BOX_STATES:
        return InvalidBoxStateError(state=source.state_id)
    if location.base_id != source_location.base_id:
        raise LocationBaseMismatch()

    now = utc_now()
    # Created empty where the source is, then moved and filled below: the statistics
    # see a box created, and a move of the items to the target location.
    new_box = _insert_box(
        product=_product(source.product_id),
        location=source_location,
        user_id=user_id,
        now=now,
        size_id=source.size_id,
        display_unit_id=source.display_unit_id,
        base_measure_value=source.measure_value,
        number_of_items=0,
        source_box_id=source.id,
    )
    _apply_update(
        source,
        {"number_of_items": available - number_of_items},
        old_location=source_location,
        new_location=source_location,
        requested_product=None,
        tags=None,
        user_id=user_id,
        now=now,
    )
    locked_new_box = _lock_box(new_box.label_identifier)
    return _apply_update(
        locked_new_box,
        {"number_of_items": number_of_items, "location_id": location.id},
        old_location=source_location,
        new_location=location,
        requested_product=None,
        tags=None,
        user_id=user_id,
        now=now,
    )


# --- createQrCode ----------------------------------------------------------------------------


def create_qr_code(box_label_identifier: str | None, *, user_id: int | None) -> QrCode:
    """createQrCode: a new QR code, labelling the box if one is given (replacing the
    box's code, if any). qr:create was checked by the resolver."""
    box = None
    if box_label_identifier is not None:
        box = _lock_box(box_label_identifier)
        if box is None:
            raise ResourceNotFound()
        _authorize_box_write(box)
    now = utc_now()
    qr_code = qr_writes.create_qr_code(user_id=user_id, now=now)
    if box is not None:
        Box.update(qr_code=qr_code.id).where(Box.id == box.id).execute()
        record_history(
            [history_row(BOX_TABLE, box.id, QR_CODE_ASSIGNED, user_id=user_id, change_date=now)]
        )
    return qr_code


def _authorize_box_write(box: Box) -> None:
    """stock:write where the box is; for a box in a shipment, in either base of the
    shipment (like reading it); a shipment-state box without an active shipment
    detail is 'not found', as in the original."""
    if box.state_id in store.SHIPMENT_STATES:
        bases = store.shipment_bases_of_box(box.id)
        if bases is None:
            raise ResourceNotFound()
        authorize(permission="stock:write", base_ids=list(bases))
    else:
        authorize(permission="stock:write", base_id=_location(box.location_id).base_id)


# --- createBoxes (bulk creation, e.g. a spreadsheet import) ----------------------------------

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
    dimension_ids = _measure_dimension_ids()

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

    created_ids = _insert_boxes_with_unique_labels(new_boxes)
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
    if _is_measure_product(product, dimension_ids):
        quantity = QUANTITY.match(size_name.strip())
        unit = units.get(quantity.group(2)) if quantity else None
        if unit is None:
            return {"size": None, "display_unit": None, "measure_value": None, "comment": noted}
        return {
            "size": None,
            "display_unit": unit.id,
            "measure_value": _base_measure(Decimal(quantity.group(1)), unit),
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


def _insert_boxes_with_unique_labels(rows: list[dict]) -> list[int]:
    """Insert the boxes (one statement per 500) under fresh label identifiers,
    distinct among themselves and unused in the database; a clash with a concurrent
    insert retries the batch. Returns the new ids in row order."""
    ids: list[int] = []
    for start in range(0, len(rows), 500):
        batch = rows[start : start + 500]
        for _ in range(LABEL_IDENTIFIER_ATTEMPTS):
            labels = _fresh_labels(len(batch))
            try:
                with database.atomic():
                    labelled = [
                        {**row, "label_identifier": label}
                        for row, label in zip(batch, labels, strict=True)
                    ]
                    Box.insert_many(labelled).execute()
                break
            except peewee.IntegrityError as error:
                if not any(_duplicate(error, label, "box_id") for label in labels):
                    raise
        else:
            raise BoxCreationFailed()
        id_of = dict(
            Box.select(Box.label_identifier, Box.id)
            .where(Box.label_identifier.in_(labels))
            .tuples()
        )
        ids.extend(id_of[label] for label in labels)
    return ids


def _fresh_labels(count: int) -> list[str]:
    labels: set[str] = set()
    while len(labels) < count:
        labels.update(new_label_identifier() for _ in range(count - len(labels)))
        taken = {
            b.label_identifier
            for b in Box.select(Box.label_identifier).where(
                Box.label_identifier.in_(sorted(labels))
            )
        }
        labels -= taken
    return sorted(labels)


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
            Box.state.in_(sorted(WAREHOUSE_BOX_STATES)),
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
