"""Writing mobile distributions: spots, events and their states, packing lists, boxes
and loose items taken to an event (the tracking of what came back: tracking.py).

Plain synchronous functions, each run by its resolver as ONE transaction
(offload_transaction); rows that change are locked first. As the original: the
row a mutation names is looked up before the user's permission is checked (a
missing one is "not found" for everyone), no history rows are written, boxes change
only in the columns named (no modified/modified_by), new events, packing list
entries, unboxed items and tracking groups carry no modified/modified_by, and
unboxed items no creation date or creator.

Boxes are the box domain's (higher up): it provides the ports below.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..auth.authorization import authorize
from ..auth.user import get_current_user
from ..errors import ResourceNotFound
from ..history.recorder import utc_now
from ..location.models import Location
from ..ports import Port
from ..product.models import Product, SizeRangeSize
from . import store
from .errors import (
    InvalidDistributionEventState,
    ModifyCompletedDistributionEvent,
    NotEnoughItemsInBox,
    plain_error,
    stock_write_without_base,
    too_many_items_removed,
)
from .models import (
    DistributionEvent,
    PackingListEntry,
    UnboxedItemsCollection,
)

box_for_update = Port(
    "label identifier -> the box as the box domain shows it (with location_base_id), "
    "locked, or None (box domain)"
)
boxes_of_events_for_update = Port("event ids -> their boxes by id, locked (box domain)")
change_box = Port("box id, column values by field name -> None: writes them (box domain)")

NOT_STARTED = "NotStarted"


def found(row):
    if row is None:
        raise ResourceNotFound()
    return row


def _locked_event(event_id: Any) -> DistributionEvent:
    """The event (with `spot_base_id`), locked."""
    event_id = store.as_id(event_id)
    if event_id is None:
        raise ResourceNotFound()
    query = store.events_with_spot().where(DistributionEvent.id == event_id).for_update()
    return found(query.objects().first())


def _not_completed(event: DistributionEvent, operation: str) -> None:
    if event.state == store.COMPLETED:
        raise ModifyCompletedDistributionEvent(operation)


def locked_box(label_identifier: str):
    return found(box_for_update(label_identifier))


# --- spots and events ----------------------------------------------------------------------


def create_distribution_spot(creation_input: dict, *, user_id: int) -> Location:
    authorize(permission="location:write", base_id=creation_input["base_id"])
    if "name" not in creation_input:
        # The original crashes without a name, saying so in Python's words.
        raise plain_error(
            "create_distribution_spot() missing 1 required positional argument: 'name'"
        )
    now = utc_now()
    spot = Location.create(
        name=creation_input.get("name"),
        base=creation_input["base_id"],
        type=store.SPOT,
        latitude=creation_input.get("latitude"),
        longitude=creation_input.get("longitude"),
        created_on=now,
        created_by=user_id,
        last_modified_on=now,
        last_modified_by=user_id,
    )
    # Not stored (the original's locations have no comment), but answered.
    spot.given_comment = creation_input.get("comment")
    return spot


def create_distribution_event(creation_input: dict, *, user_id: int) -> DistributionEvent:
    # Any location will do, as in the original, not only a spot.
    spot = found(store.spot_or_location(creation_input["distribution_spot_id"]))
    authorize(permission="distro_event:write", base_id=spot.base_id)
    if "name" not in creation_input:
        raise plain_error(
            "create_distribution_event() missing 1 required positional argument: 'name'"
        )
    start = creation_input["planned_start_date_time"]
    end = creation_input.get("planned_end_date_time") or start
    event = DistributionEvent.create(
        name=creation_input["name"],
        planned_start_date_time=_utc_naive(start),
        planned_end_date_time=_utc_naive(end),
        distribution_spot=spot.id,
        state="Planning",
        created_on=utc_now(),
        created_by=user_id,
    )
    # Answered as given (a fraction of a second too), not as stored.
    event.spot_base_id = spot.base_id
    return event


def _utc_naive(value):
    return value.replace(tzinfo=None) if getattr(value, "tzinfo", None) else value


def change_distribution_event_state(event_id: Any, new_state: str) -> DistributionEvent:
    event = _locked_event(event_id)
    authorize(permission="distro_event:write", base_id=event.spot_base_id)
    if event.state == store.COMPLETED:
        # The original names the requested state as the "actual" one.
        raise InvalidDistributionEventState(
            expected_states=[s for s in store.EVENT_STATES if s != store.COMPLETED],
            actual_state=new_state,
        )
    set_event(event.id, state=new_state)
    event.state = new_state
    return event


def set_event(event_id: int, **values) -> None:
    fields = {getattr(DistributionEvent, name): value for name, value in values.items()}
    DistributionEvent.update(fields).where(DistributionEvent.id == event_id).execute()


# --- packing lists -----------------------------------------------------------------------------


def _entry_of(event_id: int, product_id: Any, size_id: Any) -> PackingListEntry | None:
    return (
        PackingListEntry.select()
        .where(
            PackingListEntry.distribution_event == event_id,
            PackingListEntry.product == product_id,
            PackingListEntry.size == size_id,
        )
        .order_by(PackingListEntry.id)
        .for_update()
        .first()
    )


def _new_entry(event_id: int, product_id: Any, size_id: Any, items: int, user_id: int):
    return PackingListEntry.create(
        distribution_event=event_id,
        product=product_id,
        size=size_id,
        number_of_items=items,
        state=NOT_STARTED,
        created_on=utc_now(),
        created_by=user_id,
    )


def add_packing_list_entry(creation_input: dict, *, user_id: int) -> PackingListEntry | None:
    """A new entry; for an existing one of the product and size its number of items,
    or with 0 (or less) items its removal (answering null)."""
    event = _locked_event(creation_input["distribution_event_id"])
    authorize(permission="packing_list_entry:write", base_id=event.spot_base_id)
    _not_completed(event, "add_packing_list_entry")
    product_id, size_id = creation_input["product_id"], creation_input["size_id"]
    items = creation_input["number_of_items"]
    entry = _entry_of(event.id, product_id, size_id)
    if entry is None:
        entry = _new_entry(event.id, product_id, size_id, items, user_id)
        return store.packing_list_entry(entry.id)
    if items > 0:
        _set_entry(entry.id, number_of_items=items)
        return store.packing_list_entry(entry.id)
    PackingListEntry.delete().where(PackingListEntry.id == entry.id).execute()
    return None


def _set_entry(entry_id: int, **values) -> None:
    fields = {getattr(PackingListEntry, name): value for name, value in values.items()}
    PackingListEntry.update(fields).where(PackingListEntry.id == entry_id).execute()


def _locked_entry(entry_id: Any) -> PackingListEntry:
    entry_id = store.as_id(entry_id)
    if entry_id is None:
        raise ResourceNotFound()
    query = store.entries_with_product_base().where(PackingListEntry.id == entry_id).for_update()
    return found(query.objects().first())


def update_packing_list_entry(entry_id: Any, items: int) -> PackingListEntry:
    entry = _locked_entry(entry_id)
    authorize(permission="packing_list_entry:write", base_id=entry.product_base_id)
    _set_entry(entry.id, number_of_items=items)
    entry.number_of_items = items
    return entry


def remove_packing_list_entry(entry_id: Any) -> DistributionEvent:
    entry = _locked_entry(entry_id)
    event = _locked_event(entry.distribution_event_id)
    authorize(permission="distro_event:write", base_id=event.spot_base_id)
    _not_completed(event, "remove_items")
    PackingListEntry.delete().where(PackingListEntry.id == entry.id).execute()
    return event


def _remove_product(event_id: Any, product_id: Any) -> None:
    PackingListEntry.delete().where(
        PackingListEntry.distribution_event == event_id,
        PackingListEntry.product == product_id,
    ).execute()


def remove_all_packing_list_entries_for_product(event_id: Any, product_id: Any) -> bool:
    """Authorized by the product's base; neither the event nor its state is checked."""
    product = found(Product.get_or_none(Product.id == store.as_id(product_id)))
    authorize(permission="packing_list_entry:write", base_id=product.base_id)
    _remove_product(store.as_id(event_id), product.id)
    return True


def update_selected_products(
    event_id: Any, add: Iterable[Any], remove: Iterable[Any], *, user_id: int
) -> DistributionEvent:
    """Removes the entries of the products to remove; adds an entry of 0 items for
    every size of each product to add that the list does not have yet."""
    event = _locked_event(event_id)
    authorize(permission="packing_list_entry:write", base_id=event.spot_base_id)
    _not_completed(event, "set_products_for_packing_list")
    for product_id in remove:
        _remove_product(event.id, store.as_id(product_id))
    for product_id in add:
        product_id = store.as_id(product_id)
        sizes = (
            SizeRangeSize.select(SizeRangeSize.size)
            .join(Product, on=Product.size_range == SizeRangeSize.size_range)
            .where(Product.id == product_id)
            .order_by(SizeRangeSize.size)
        )
        for (size_id,) in sizes.tuples():
            if _entry_of(event.id, product_id, size_id) is None:
                _new_entry(event.id, product_id, size_id, 0, user_id)
    return event


# --- boxes and unboxed items ---------------------------------------------------------------------


def assign_box(label_identifier: str, event_id: Any):
    event = _locked_event(event_id)
    authorize(permission="stock:write", base_id=event.spot_base_id)
    _not_completed(event, "assign_box_to_distribution_event")
    box = locked_box(label_identifier)
    # Not in the original, which lets anyone with an event take any box (docs/decisions.md).
    authorize(permission="stock:write", base_id=box.location_base_id)
    change_box(box.id, distribution_event=event.id)
    box.distribution_event_id = event.id
    return box


def unassign_box(label_identifier: str, event_id: Any):
    if not _may_write_stock_anywhere_without_base():
        raise stock_write_without_base()
    box = locked_box(label_identifier)
    change_box(box.id, distribution_event=None)
    box.distribution_event_id = None
    return box


def _may_write_stock_anywhere_without_base() -> bool:
    return get_current_user().is_god


def move_items_from_box(label_identifier: str, event_id: Any, items: int):
    event = _locked_event(event_id)
    authorize(permission="unboxed_items_collection:write", base_id=event.spot_base_id)
    box = locked_box(label_identifier)
    authorize(permission="stock:write", base_id=box.location_base_id)
    _not_completed(event, "add_items")
    if box.number_of_items is None:
        raise plain_error("'<' not supported between instances of 'NoneType' and 'int'")
    if box.number_of_items < items:
        raise NotEnoughItemsInBox(
            label_identifier=label_identifier, actual=box.number_of_items, requested=items
        )
    if box.size_id is None:
        # A box of a measure product: the original fails reading its size.
        raise plain_error("'NoneType' object has no attribute 'id'")
    collection = (
        UnboxedItemsCollection.select()
        .where(
            UnboxedItemsCollection.distribution_event == event.id,
            UnboxedItemsCollection.product == box.product_id,
            UnboxedItemsCollection.size == box.size_id,
        )
        .order_by(UnboxedItemsCollection.id)
        .for_update()
        .first()
    )
    if collection is None:
        collection = UnboxedItemsCollection.create(
            distribution_event=event.id,
            product=box.product_id,
            size=box.size_id,
            location=box.location_id,
            number_of_items=items,
            created_on=None,
        )
    else:
        collection.number_of_items += items
        set_collection(collection.id, number_of_items=collection.number_of_items)
    change_box(box.id, number_of_items=box.number_of_items - items)
    return collection


def set_collection(collection_id: int, **values) -> None:
    fields = {getattr(UnboxedItemsCollection, name): value for name, value in values.items()}
    UnboxedItemsCollection.update(fields).where(
        UnboxedItemsCollection.id == collection_id
    ).execute()


def remove_items_from_unboxed_items(collection_id: Any, items: int) -> UnboxedItemsCollection:
    collection = found(
        UnboxedItemsCollection.select()
        .where(UnboxedItemsCollection.id == store.as_id(collection_id))
        .for_update()
        .first()
    )
    event = found(store.event_by_id(collection.distribution_event_id))
    authorize(permission="distro_event:write", base_id=event.spot_base_id)
    if collection.number_of_items < items:
        raise too_many_items_removed()
    collection.number_of_items -= items
    set_collection(collection.id, number_of_items=collection.number_of_items)
    return collection
