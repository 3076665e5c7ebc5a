"""Boxes at mobile distribution events: what the distribution domain (lower) needs
of boxes, provided here: the boxes of an event, the packed items matching a packing
list entry, and its writes' access to boxes (ports)."""

from __future__ import annotations

from collections import defaultdict

from ariadne import ObjectType

from ..auth.authorization import authorize
from ..db.offload import offload
from ..distribution import writes
from ..distribution.loaders import UnboxedItemsMatching
from .models import Box
from .store import _box_select

event_type = ObjectType("DistributionEvent")
entry_type = ObjectType("PackingListEntry")


def boxes_by_event(event_ids: list[int]) -> dict[int, list[Box]]:
    found: dict[int, list[Box]] = defaultdict(list)
    query = _box_select().where(Box.distribution_event.in_(event_ids)).order_by(Box.id)
    for box in query:
        found[box.distribution_event_id].append(box)
    return found


def boxes_matching(keys: list[tuple[int, int, int]]) -> dict[tuple, list[Box]]:
    """Key: (event, product, size) -> the event's boxes of that product and size."""
    found: dict[tuple, list[Box]] = defaultdict(list)
    wanted = set(keys)
    events = sorted({event for event, _, _ in keys})
    for box in boxes_by_event(events).values():
        for b in box:
            key = (b.distribution_event_id, b.product_id, b.size_id)
            if key in wanted:
                found[key].append(b)
    return found


@event_type.field("boxes")
async def resolve_event_boxes(event, _):
    authorize(permission="stock:read", base_id=event.spot_base_id)
    return (await offload(boxes_by_event, [event.id])).get(event.id, [])


@entry_type.field("matchingPackedItemsCollections")
async def resolve_matching_packed_items(entry, info):
    authorize(permission="stock:read", base_id=entry.product_base_id)
    key = (entry.distribution_event_id, entry.product_id, entry.size_id)
    boxes = (await offload(boxes_matching, [key])).get(key, [])
    return [*boxes, *await UnboxedItemsMatching.of(info).load(key)]


@writes.box_for_update.provides
def box_for_update(label_identifier: str) -> Box | None:
    return _box_select().where(Box.label_identifier == label_identifier).for_update().first()


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
