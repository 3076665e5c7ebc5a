from ..api.loaders import ListLoader, Loader
from . import store


class LocationLoader(Loader):
    """No authorization here: callers check location:read on the row's base."""

    name = "location"
    fetch = staticmethod(store.locations_by_id)


class BaseLocationsLoader(ListLoader):
    name = "locations_of_base"
    fetch = staticmethod(store.active_warehouse_locations_by_base)
