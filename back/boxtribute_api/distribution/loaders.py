from ..api.loaders import ListLoader, Loader
from . import store


class DistributionEventLoader(Loader):
    name = "distribution_event"
    fetch = staticmethod(store.events_by_id)


class EventsBeforeReturnLoader(ListLoader):
    name = "distribution_events_before_return"
    fetch = staticmethod(store.events_before_return_by_base)
