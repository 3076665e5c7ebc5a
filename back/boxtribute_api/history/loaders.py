from ..api.loaders import ListLoader
from . import store


class BoxHistoryLoader(ListLoader):
    name = "history_of_box"
    fetch = staticmethod(store.history_of_boxes)
