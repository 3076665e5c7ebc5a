"""Writing mobile distributions: spots, events and their states, packing lists, boxes
and loose items taken to an event, and the tracking of what came back.

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

from collections import Counter
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
    DistributionEventAlreadyInTrackingGroup,
    InvalidDistributionEventState,
    ModifyCompletedDistributionEvent,
    NotEnoughItemsInBox,
    plain_error,
    stock_write_without_base,
    too_many_items_removed,
)
from .models import (
    DistributionEvent,
    DistributionEventsTrackingEntry,
    DistributionEventsTrackingGroup,
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
IN_PROGRESS = "InProgress"
OUT, IN, BACK_TO_BOX = "Out", "In", "BackToBox"


def _found(row):
    if row is None:
        raise ResourceNotFound()
    return row


def _locked_event(event_id: Any) -> DistributionEvent:
    """The event (with `spot_base_id`), locked."""
    event_id = store.as_id(event_id)
    if event_id is None:
        raise ResourceNotFound()
    query = store.events_with_spot().where(DistributionEvent.id == event_id).for_update()
    return _found(query.objects().first())


def _not_completed(event: DistributionEvent, operation: str) -> None:
    if event.state == store.COMPLETED:
        raise ModifyCompletedDistributionEvent(operation)


def _box(label_identifier: str):
    return _found(box_for_update(label_identifier))


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
    spot = _found(store.spot_or_location(creation_input["distribution_spot_id"]))
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
    _set_event(event.id, state=new_state)
    event.state = new_state
    return event


def _set_event(event_id: int, **values) -> None:
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
    return _found(query.objects().first())


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
    product = _found(Product.get_or_none(Product.id == store.as_id(product_id)))
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
    box = _box(label_identifier)
    # Not in the original, which lets anyone with an event take any box (docs/decisions.md).
    authorize(permission="stock:write", base_id=box.location_base_id)
    change_box(box.id, distribution_event=event.id)
    box.distribution_event_id = event.id
    return box


def unassign_box(label_identifier: str, event_id: Any):
    if not _may_write_stock_anywhere_without_base():
        raise stock_write_without_base()
    box = _box(label_identifier)
    change_box(box.id, distribution_event=None)
    box.distribution_event_id = None
    return box


def _may_write_stock_anywhere_without_base() -> bool:
    return get_current_user().is_god


def move_items_from_box(label_identifier: str, event_id: Any, items: int):
    event = _locked_event(event_id)
    authorize(permission="unboxed_items_collection:write", base_id=event.spot_base_id)
    box = _box(label_identifier)
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
        _set_collection(collection.id, number_of_items=collection.number_of_items)
    change_box(box.id, number_of_items=box.number_of_items - items)
    return collection


def _set_collection(collection_id: int, **values) -> None:
    fields = {getattr(UnboxedItemsCollection, name): value for name, value in values.items()}
    UnboxedItemsCollection.update(fields).where(
        UnboxedItemsCollection.id == collection_id
    ).execute()


def remove_items_from_unboxed_items(collection_id: Any, items: int) -> UnboxedItemsCollection:
    collection = _found(
        UnboxedItemsCollection.select()
        .where(UnboxedItemsCollection.id == store.as_id(collection_id))
        .for_update()
        .first()
    )
    event = _found(store.event_by_id(collection.distribution_event_id))
    authorize(permission="distro_event:write", base_id=event.spot_base_id)
    if collection.number_of_items < items:
        raise too_many_items_removed()
    collection.number_of_items -= items
    _set_collection(collection.id, number_of_items=collection.number_of_items)
    return collection


# --- return tracking ---------------------------------------------------------------------


def start_tracking_group(
    event_ids: list[Any], base_id: Any, *, user_id: int
) -> DistributionEventsTrackingGroup:
    """A tracking group of returned events: each goes into ReturnTrackingInProgress,
    their boxes and unboxed items are emptied and what they held is logged as gone
    out, per product and size."""
    authorize(permission="distro_event:write", base_id=base_id)
    ids = [i for i in (store.as_id(e) for e in event_ids) if i is not None]
    events = list(
        store.events_with_spot()
        .where(DistributionEvent.id.in_(ids))
        .order_by(DistributionEvent.id)
        .for_update()
        .objects()
    )
    for event in events:
        # Not in the original, which tracks (and empties the boxes of) any base's events
        # in a group of the user's base (docs/decisions.md).
        authorize(permission="distro_event:write", base_id=event.spot_base_id)
        if event.state != store.RETURNED:
            raise InvalidDistributionEventState(
                expected_states=[store.RETURNED], actual_state=event.state
            )
        if event.distribution_events_tracking_group_id is not None:
            raise DistributionEventAlreadyInTrackingGroup()
    now = utc_now()
    group = DistributionEventsTrackingGroup.create(
        base=store.as_id(base_id),
        state=IN_PROGRESS,
        created_on=now,
        created_by=user_id,
    )
    for event in events:
        _set_event(event.id, distribution_events_tracking_group=group.id, state=store.TRACKING)
    gone_out: Counter = Counter()
    for box in boxes_of_events_for_update(ids):
        gone_out[(box.product_id, box.size_id)] += box.number_of_items
        change_box(box.id, number_of_items=0)
    collections = (
        UnboxedItemsCollection.select()
        .where(UnboxedItemsCollection.distribution_event.in_(ids))
        .order_by(UnboxedItemsCollection.id)
        .for_update()
    )
    for collection in collections:
        gone_out[(collection.product_id, collection.size_id)] += collection.number_of_items
        _set_collection(collection.id, number_of_items=0)
    for (product_id, size_id), items in gone_out.items():
        if items > 0:
            _log(group.id, OUT, product_id, size_id, items, now)
    return group


def _log(group_id, direction, product_id, size_id, items, now) -> DistributionEventsTrackingEntry:
    return DistributionEventsTrackingEntry.create(
        distribution_events_tracking_group=group_id,
        flow_direction=direction,
        product=product_id,
        size=size_id,
        number_of_items=items,
        date_time_of_tracking=now,
    )


def _locked_group(group_id: Any) -> DistributionEventsTrackingGroup:
    return _found(
        DistributionEventsTrackingGroup.select()
        .where(DistributionEventsTrackingGroup.id == store.as_id(group_id))
        .for_update()
        .first()
    )


def set_returned_items(group_id: Any, product_id: Any, size_id: Any, items: int):
    """The group's one 'In' entry of the product and size, set to `items` (no check
    against what went out, as in the original)."""
    group = _locked_group(group_id)
    authorize(permission="distro_event:write", base_id=group.base_id)
    entry = (
        DistributionEventsTrackingEntry.select()
        .where(
            DistributionEventsTrackingEntry.distribution_events_tracking_group == group.id,
            DistributionEventsTrackingEntry.product == store.as_id(product_id),
            DistributionEventsTrackingEntry.size == store.as_id(size_id),
            DistributionEventsTrackingEntry.flow_direction == IN,
        )
        .order_by(DistributionEventsTrackingEntry.id)
        .for_update()
        .first()
    )
    if entry is None:
        return _log(group.id, IN, store.as_id(product_id), store.as_id(size_id), items, utc_now())
    entry.number_of_items = items
    DistributionEventsTrackingEntry.update(number_of_items=items).where(
        DistributionEventsTrackingEntry.id == entry.id
    ).execute()
    return entry


def move_items_back_to_box(
    group_id: Any, product_id: Any, size_id: Any, items: int, label_identifier: str
) -> DistributionEventsTrackingEntry:
    """Logs items of the group put back into a box, and adds them to the box (neither
    its product nor what came back is checked, as in the original)."""
    group = _locked_group(group_id)
    authorize(permission="distro_event:write", base_id=group.base_id)
    entry = _log(
        group.id, BACK_TO_BOX, store.as_id(product_id), store.as_id(size_id), items, utc_now()
    )
    box = _box(label_identifier)
    # Not in the original, which fills any box (docs/decisions.md).
    authorize(permission="stock:write", base_id=box.location_base_id)
    change_box(box.id, number_of_items=box.number_of_items + items)
    return entry


def complete_tracking_group(group_id: Any) -> DistributionEventsTrackingGroup:
    group = _locked_group(group_id)
    authorize(permission="distro_event:write", base_id=group.base_id)
    DistributionEvent.update(state=store.COMPLETED).where(
        DistributionEvent.distribution_events_tracking_group == group.id
    ).execute()
    DistributionEventsTrackingGroup.update(state=store.COMPLETED).where(
        DistributionEventsTrackingGroup.id == group.id
    ).execute()
    group.state = store.COMPLETED
    return group
