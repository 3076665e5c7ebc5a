"""Reads of mobile distributions: the queries by id, the lists of a base, and the
fields of spots, events, packing list entries, unboxed items and tracking groups.

Permissions as the original: a spot's events, an event's tracking group and a
tracking group's events and entries need distro_event:read, an event's spot
location:read, its packing list packing_list_entry:read and its unboxed items
stock:read, each in the base of the spot (or of the tracking group). The boxes of an
event and the packed items of an entry are read by the box domain.
"""

from ariadne import ObjectType, QueryType

from ..api.loaders import LoadedField
from ..auth.authorization import authorize, authorized_bases_filter
from ..base.loaders import BaseById
from ..db.offload import offload
from ..errors import ResourceNotFound
from ..location.loaders import LocationById
from ..product.loaders import ReadableProductById, UncheckedProductById
from . import store
from .loaders import (
    DistributionEventById,
    EventsBeforeReturnOfBase,
    EventsOfSpot,
    EventsOfTrackingGroup,
    PackingListOfEvent,
    SpotsOfBase,
    TrackingEntriesOfGroup,
    TrackingGroupById,
    UnboxedItemsOfEvent,
    UncheckedSizeById,
)

query = QueryType()
base_type = ObjectType("Base")
spot_type = ObjectType("DistributionSpot")
event_type = ObjectType("DistributionEvent")
entry_type = ObjectType("PackingListEntry")
unboxed_type = ObjectType("UnboxedItemsCollection")
group_type = ObjectType("DistributionEventsTrackingGroup")
tracking_entry_type = ObjectType("DistributionEventsTrackingEntry")


# --- queries ---------------------------------------------------------------------------------


@query.field("distributionSpots")
async def resolve_distribution_spots(*_):
    return await offload(store.spots, authorized_bases_filter(permission="location:read"))


@query.field("distributionSpot")
async def resolve_distribution_spot(*_, id):
    location = await offload(store.spot_or_location, store.as_id(id))
    if location is None:
        raise ResourceNotFound()
    # Another location's id: null without error.
    if location.type != store.SPOT:
        return None
    authorize(permission="location:read", base_id=location.base_id)
    return location


@query.field("distributionEvent")
async def resolve_distribution_event(*_, id):
    event = await offload(store.event_by_id, store.as_id(id))
    if event is None:
        raise ResourceNotFound()
    authorize(permission="distro_event:read", base_id=event.spot_base_id)
    return event


@query.field("packingListEntry")
async def resolve_packing_list_entry(*_, id):
    entry = await offload(store.packing_list_entry, store.as_id(id))
    if entry is None:
        raise ResourceNotFound()
    authorize(permission="packing_list_entry:read", base_id=entry.product_base_id)
    return entry


@query.field("distributionEventsTrackingGroup")
async def resolve_tracking_group(*_, id):
    group = await offload(store.tracking_group, store.as_id(id))
    if group is None:
        raise ResourceNotFound()
    authorize(permission="distro_event:read", base_id=group.base_id)
    return group


# --- Base ---------------------------------------------------------------------------------------


@base_type.field("distributionSpots")
def resolve_base_spots(base, info):
    authorize(permission="location:read", base_id=base.id)
    return SpotsOfBase.of(info).load(base.id)


@base_type.field("distributionEvents")
async def resolve_base_events(base, _, states=None):
    authorize(permission="distro_event:read", base_id=base.id)
    return await offload(store.events_of_base, base.id, states)


@base_type.field("distributionEventsBeforeReturnedFromDistributionState")
def resolve_events_before_return(base, info):
    authorize(permission="distro_event:read", base_id=base.id)
    return EventsBeforeReturnOfBase.of(info).load(base.id)


@base_type.field("distributionEventsInReturnedFromDistributionState")
async def resolve_events_returned(base, _):
    authorize(permission="distro_event:read", base_id=base.id)
    return await offload(store.events_of_base, base.id, [store.RETURNED])


@base_type.field("distributionEventsTrackingGroups")
async def resolve_base_tracking_groups(base, _, states=None):
    authorize(permission="distro_event:read", base_id=base.id)
    return await offload(store.tracking_groups_of_base, base.id, states)


@base_type.field("distributionEventsStatistics")
async def resolve_base_statistics(base, _):
    authorize(permission="distro_event:read", base_id=base.id)
    return await offload(store.distribution_statistics, base.id)


# --- DistributionSpot -----------------------------------------------------------------------


@spot_type.field("base")
def resolve_spot_base(spot, info):
    authorize(permission="base:read", base_id=spot.base_id)
    return BaseById.of(info).load(spot.base_id)


@spot_type.field("comment")
def resolve_spot_comment(spot, _):
    # The original's location rows have no comment: only the spot it just created
    # answers the comment it was given; others answer null (an error, the field
    # being non-null).
    return getattr(spot, "given_comment", None)


@spot_type.field("boxes")
def resolve_spot_boxes(*_, **__):
    # The original lists boxes of classic locations only: a spot has none to show,
    # null without error.
    return None


@spot_type.field("distributionEvents")
def resolve_spot_events(spot, info):
    authorize(permission="distro_event:read", base_id=spot.base_id)
    return EventsOfSpot.of(info).load(spot.id)


# --- DistributionEvent ---------------------------------------------------------------------


@event_type.field("distributionSpot")
def resolve_event_spot(event, info):
    authorize(permission="location:read", base_id=event.spot_base_id)
    return LocationById.of(info).load(event.distribution_spot_id)


@event_type.field("packingListEntries")
def resolve_event_packing_list(event, info):
    authorize(permission="packing_list_entry:read", base_id=event.spot_base_id)
    return PackingListOfEvent.of(info).load(event.id)


@event_type.field("unboxedItemsCollections")
def resolve_event_unboxed_items(event, info):
    authorize(permission="stock:read", base_id=event.spot_base_id)
    return UnboxedItemsOfEvent.of(info).load(event.id)


@event_type.field("distributionEventsTrackingGroup")
def resolve_event_tracking_group(event, info):
    authorize(permission="distro_event:read", base_id=event.spot_base_id)
    group_id = event.distribution_events_tracking_group_id
    return None if group_id is None else TrackingGroupById.of(info).load(group_id)


# --- packing list entries, unboxed items, tracking --------------------------------------------

# Plain relations in the original: no permission checked.
entry_type.set_field("product", LoadedField(UncheckedProductById, "product_id"))
entry_type.set_field("size", LoadedField(UncheckedSizeById, "size_id"))
tracking_entry_type.set_field("product", LoadedField(UncheckedProductById, "product_id"))
tracking_entry_type.set_field("size", LoadedField(UncheckedSizeById, "size_id"))
unboxed_type.set_field("size", LoadedField(UncheckedSizeById, "size_id"))
unboxed_type.set_field("location", LoadedField(LocationById, "location_id"))
unboxed_type.set_field(
    "distributionEvent", LoadedField(DistributionEventById, "distribution_event_id")
)
# As a box's product: null, without error, without product:read.
unboxed_type.set_field("product", LoadedField(ReadableProductById, "product_id"))


@unboxed_type.field("label")
def resolve_unboxed_label(*_):
    return None


@tracking_entry_type.field("distributionEventsTrackingGroup")
def resolve_tracking_entry_group(*_):
    # The original's entries know their group under another name: null (an error,
    # the field being non-null).
    return None


@tracking_entry_type.field("dateTimeOfTracking")
def resolve_tracking_entry_date(*_):
    # Likewise: its entries have no attribute of this name.
    return None


@group_type.field("distributionEvents")
def resolve_group_events(group, info):
    authorize(permission="distro_event:read", base_id=group.base_id)
    return EventsOfTrackingGroup.of(info).load(group.id)


@group_type.field("distributionEventsTrackingEntries")
def resolve_group_entries(group, info):
    authorize(permission="distro_event:read", base_id=group.base_id)
    return TrackingEntriesOfGroup.of(info).load(group.id)


bindables = [
    query,
    base_type,
    spot_type,
    event_type,
    entry_type,
    unboxed_type,
    group_type,
    tracking_entry_type,
]
