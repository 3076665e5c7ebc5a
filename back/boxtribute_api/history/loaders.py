from ..api.loaders import ListLoader
from . import store


class HistoryOfBox(ListLoader):
    fetch = staticmethod(store.history_of_boxes)
