"""Boxes at mobile distribution events: what the distribution domain (lower) needs
of boxes, provided here: the boxes of an event, the packed items matching a packing
list entry, and its writes' access to boxes (ports)."""

from __future__ import annotations

import asyncio
from collections import defaultdict

from ariadne import ObjectType

from ..api.loaders import ListLoader
from ..auth.authorization import authorize
from ..distribution import writes
from ..distribution.loaders import UnboxedItemsMatching
from . import store
from .checks import lock_box, reread_box
from .models import Box

event_type = ObjectType("DistributionEvent")
entry_type = ObjectType("PackingListEntry")


def boxes_matching(keys: list[tuple[int, int, int]]) -> dict[tuple, list[Box]]:
    """Key: (event, product, size) -> the event's boxes of that product and size."""
    found: dict[tuple, list[Box]] = defaultdict(list)
    wanted = set(keys)
    events = sorted({event for event, _, _ in keys})
    for boxes in store.boxes_by_distribution_event(events).values():
        for box in boxes:
            key = (box.distribution_event_id, box.product_id, box.size_id)
            if key in wanted:
                found[key].append(box)
    return found


class BoxesOfEvent(ListLoader):
    fetch = staticmethod(store.boxes_by_distribution_event)


class BoxesMatching(ListLoader):
    """Key: (event id, product id, size id)."""

    fetch = staticmethod(boxes_matching)


@event_type.field("boxes")
def resolve_event_boxes(event, info):
    authorize(permission="stock:read", base_id=event.spot_base_id)
    return BoxesOfEvent.of(info).load(event.id)


@entry_type.field("matchingPackedItemsCollections")
async def resolve_matching_packed_items(entry, info):
    authorize(permission="stock:read", base_id=entry.product_base_id)
    key = (entry.distribution_event_id, entry.product_id, entry.size_id)
    boxes, unboxed = await asyncio.gather(
        BoxesMatching.of(info).load(key), UnboxedItemsMatching.of(info).load(key)
    )
    return [*boxes, *unboxed]


@writes.box_for_update.provides
def box_for_update(label_identifier: str) -> Box | None:
    box = lock_box(label_identifier)
    return None if box is None else reread_box(box.id)


@writes.boxes_of_events_for_update.provides
def boxes_of_events_for_update(event_ids: list[int]) -> list[Box]:
    if not event_ids:
        return []
    return list(
        Box.select().where(Box.distribution_event.in_(event_ids)).order_by(Box.id).for_update()
    )


@writes.change_box.provides
def change_box(box_id: int, **values) -> None:
    fields = {getattr(Box, name): value for name, value in values.items()}
    Box.update(fields).where(Box.id == box_id).execute()


bindables = [event_type, entry_type]
