from ..api.loaders import ListLoader, Loader
from . import store


class DistributionEventById(Loader):
    fetch = staticmethod(store.events_by_id)


class EventsBeforeReturnOfBase(ListLoader):
    fetch = staticmethod(store.events_before_return_by_base)
