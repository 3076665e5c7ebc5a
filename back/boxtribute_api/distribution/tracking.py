"""Writing return tracking: a group of returned events, what went out and came back
(tracking log entries), items put back into boxes, and completion. Each function is
one transaction (offload_transaction); see writes.py for what the original's rows
look like.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..auth.authorization import authorize
from ..history.recorder import utc_now
from . import store
from .errors import DistributionEventAlreadyInTrackingGroup, InvalidDistributionEventState
from .models import (
    DistributionEvent,
    DistributionEventsTrackingEntry,
    DistributionEventsTrackingGroup,
    UnboxedItemsCollection,
)
from .writes import (
    boxes_of_events_for_update,
    change_box,
    found,
    locked_box,
    set_collection,
    set_event,
)

IN_PROGRESS = "InProgress"
OUT, IN, BACK_TO_BOX = "Out", "In", "BackToBox"


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
        set_event(event.id, distribution_events_tracking_group=group.id, state=store.TRACKING)
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
        set_collection(collection.id, number_of_items=0)
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
    return found(
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
    box = locked_box(label_identifier)
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
