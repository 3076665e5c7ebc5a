"""createBoxFromBox: take items off a box into a new one.

As the original: a new box is created in the source box's location with 0 items,
then the items are taken off the source box, then the new box is moved and filled
(so statistics count the items once and see the move). The new box's measure is
the source's base-unit value divided by the display unit's factor once more, as the
original stores it.

A target location in another base fails only at the move, after the first two
steps: the original (no transaction) keeps the empty new box and the reduced source
box, and so does this one (decisions.md 17): it answers `WritesKeptFailure`, whose
error the resolver raises after the transaction has committed.

Plain synchronous functions, each run by its resolver inside one transaction
(offload_transaction): rows to change are locked first (SELECT ... FOR UPDATE), so
concurrent updates of a box serialize instead of losing each other's changes, and
any error raised rolls the whole mutation back, history included.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..auth.authorization import authorize
from ..errors import ResourceDoesNotExistError
from ..history.recorder import utc_now
from ..location.errors import DeletedLocationError
from ..location.models import Location
from . import store
from .checks import base_measure, existing_location, existing_product, existing_unit, lock_box
from .create import insert_box
from .errors import (
    DeletedBoxError,
    InvalidBoxStateError,
    InvalidNumberOfItemsError,
    LocationBaseMismatch,
)
from .update import apply_update


@dataclass(frozen=True)
class WritesKeptFailure:
    """A failure whose writes up to it are committed (raise `error` afterwards)."""

    error: Exception


def create_box_from_box(creation_input: Mapping[str, Any], *, user_id: int | None) -> Any:
    """createBoxFromBox: the new Box, or the union error saying why not. Raises
    Forbidden (turned into a union member by the resolver)."""
    label_identifier = creation_input["source_box_label_identifier"]
    source = lock_box(label_identifier)
    if source is None:
        return ResourceDoesNotExistError(name="Box")
    source_location = existing_location(source.location_id)
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
    if source.state_id not in store.WAREHOUSE_BOX_STATES:
        return InvalidBoxStateError(state=source.state_id)

    now = utc_now()
    measure = source.measure_value
    if measure is not None and source.display_unit_id is not None:
        measure = base_measure(measure, existing_unit(source.display_unit_id))
    # Created empty where the source is, then moved and filled below: the statistics
    # see a box created, and a move of the items to the target location.
    new_box = insert_box(
        product=existing_product(source.product_id),
        location=source_location,
        user_id=user_id,
        now=now,
        size_id=source.size_id,
        display_unit_id=source.display_unit_id,
        base_measure_value=measure,
        number_of_items=0,
        source_box_id=source.id,
    )
    apply_update(
        source,
        {"number_of_items": available - number_of_items},
        old_location=source_location,
        new_location=source_location,
        requested_product=None,
        tags=None,
        user_id=user_id,
        now=now,
    )
    if location.base_id != source_location.base_id:
        return WritesKeptFailure(LocationBaseMismatch())
    locked_new_box = lock_box(new_box.label_identifier)
    return apply_update(
        locked_new_box,
        {"number_of_items": number_of_items, "location_id": location.id},
        old_location=source_location,
        new_location=location,
        requested_product=None,
        tags=None,
        user_id=user_id,
        now=now,
    )
