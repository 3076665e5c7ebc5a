"""Loaders of the distribution domain. None checks permissions: resolvers do."""

from ..api.loaders import ListLoader, Loader
from ..product import store as product_store
from . import store


class DistributionEventById(Loader):
    fetch = staticmethod(store.events_by_id)


class EventsBeforeReturnOfBase(ListLoader):
    fetch = staticmethod(store.events_before_return_by_base)


class EventsOfSpot(ListLoader):
    fetch = staticmethod(store.events_by_spot)


class EventsOfTrackingGroup(ListLoader):
    fetch = staticmethod(store.events_by_tracking_group)


class SpotsOfBase(ListLoader):
    fetch = staticmethod(store.spots_by_base)


class PackingListOfEvent(ListLoader):
    fetch = staticmethod(store.packing_list_entries_by_event)


class UnboxedItemsOfEvent(ListLoader):
    fetch = staticmethod(store.unboxed_items_by_event)


class UnboxedItemsMatching(ListLoader):
    """Key: (event id, product id, size id)."""

    fetch = staticmethod(store.unboxed_items_matching)


class TrackingGroupById(Loader):
    fetch = staticmethod(store.tracking_groups_by_id)


class TrackingEntriesOfGroup(ListLoader):
    fetch = staticmethod(store.tracking_entries_by_group)


class UncheckedSizeById(Loader):
    """Sizes of packing list entries, unboxed items and tracking entries: the
    original reads them as plain relations, without size:read."""

    fetch = staticmethod(product_store.sizes_by_id)
