"""Validation and lookups shared by the box writes: plain synchronous functions run
inside the caller's transaction (see create.py for what the writes leave behind)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..auth.authorization import authorize
from ..errors import ResourceNotFound
from ..location.models import Location
from ..product.models import Product, Unit
from ..tag.errors import TagBaseMismatch
from ..tag.models import Tag
from . import store
from .errors import (
    LocationTagBaseMismatch,
    NegativeMonetaryValue,
    NegativeWeight,
)
from .models import Box

# Column scale of stock.weight/monetary_value/measure_value: decimal(36,18).
_DECIMAL_PLACES = Decimal(1).scaleb(-18)


def reread_box(box_id: int) -> Box:
    """The box as the read API selects it (with its location's base etc.)."""
    return store.boxes_by_id([box_id])[box_id]


def lock_box(label_identifier: str) -> Box | None:
    return (
        Box.select()
        .where(Box.label_identifier == label_identifier)
        .order_by(Box.id)
        .for_update()
        .first()
    )


def existing_location(location_id: Any) -> Location:
    location = Location.get_or_none(Location.id == int(location_id))
    if location is None:
        raise ResourceNotFound()
    return location


def existing_product(product_id: Any) -> Product:
    product = Product.get_or_none(Product.id == int(product_id))
    if product is None:
        raise ResourceNotFound()
    return product


def existing_unit(unit_id: Any) -> Unit:
    unit = Unit.get_or_none(Unit.id == int(unit_id))
    if unit is None:
        raise ResourceNotFound()
    return unit


def measure_dimension_ids() -> frozenset[int]:
    """Size ranges that are dimensions of units (mass, volume): their products are
    measured (display unit + measure value), not sized."""
    return frozenset(u.dimension_id for u in Unit.select(Unit.dimension).distinct())


def is_measure_product(product: Product, dimension_ids: frozenset[int]) -> bool:
    return product.size_range_id in dimension_ids


def authorized_tags(tag_ids: Iterable[Any]) -> list[Tag]:
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


def check_tags(tags: list[Tag], location: Location) -> None:
    """Tags must all be in the base of the box's location. As in the original,
    deleted tags and tags of type Beneficiary are assigned too."""
    if not tags:
        return
    base_ids = {tag.base_id for tag in tags}
    if len(base_ids) > 1:
        raise TagBaseMismatch()
    if base_ids.pop() != location.base_id:
        raise LocationTagBaseMismatch()


def stored_decimal(value: Any) -> Decimal | None:
    """A float input as the decimal(36,18) column keeps it."""
    if value is None:
        return None
    return Decimal(repr(float(value))).quantize(_DECIMAL_PLACES, rounding=ROUND_HALF_UP)


def base_measure(measure_value: Any, display_unit: Unit) -> Decimal:
    """A measure given in the display unit, converted to the dimension's base unit
    (as stored in stock.measure_value)."""
    return (Decimal(measure_value) / display_unit.conversion_factor).quantize(
        _DECIMAL_PLACES, rounding=ROUND_HALF_UP
    )


def check_non_negative(input_: Mapping[str, Any]) -> None:
    weight = input_.get("weight")
    if weight is not None and weight < 0:
        raise NegativeWeight()
    monetary_value = input_.get("monetary_value")
    if monetary_value is not None and monetary_value < 0:
        raise NegativeMonetaryValue()


def authorize_box_write(box: Box) -> None:
    """stock:write where the box is; for a box in a shipment, in either base of the
    shipment (like reading it); a shipment-state box without an active shipment
    detail is 'not found', as in the original."""
    if box.state_id in store.SHIPMENT_STATES:
        bases = store.shipment_bases_of_box(box.id)
        if bases is None:
            raise ResourceNotFound()
        authorize(permission="stock:write", base_ids=list(bases))
    else:
        authorize(permission="stock:write", base_id=existing_location(box.location_id).base_id)
