from ..api.loaders import ListLoader, Loader
from . import store


class LocationById(Loader):
    """No authorization here: callers check location:read on the row's base."""

    fetch = staticmethod(store.locations_by_id)


class LocationsOfBase(ListLoader):
    fetch = staticmethod(store.active_warehouse_locations_by_base)
