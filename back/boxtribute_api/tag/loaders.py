from ..api.loaders import ListLoader, Loader
from ..auth.authorization import authorized_bases_filter
from . import store


def _readable_tags_of_boxes(box_ids: list[int]) -> dict:
    # Tags of bases the user may not read are left out silently; lacking tag:read
    # altogether is FORBIDDEN.
    return store.tags_of_boxes(box_ids, authorized_bases_filter(permission="tag:read"))


class TagById(Loader):
    """No authorization here: callers check tag:read on the row's base."""

    fetch = staticmethod(store.tags_by_id)


class TagsOfBox(ListLoader):
    fetch = staticmethod(_readable_tags_of_boxes)


class TagsOfBase(ListLoader):
    """Key: (base id, 'Stock'/'People'/None)."""

    fetch = staticmethod(store.active_tags_by_base)


class TagLastUsedOn(Loader):
    fetch = staticmethod(store.last_usage_of_tags)


class TaggedObjectsOfTag(ListLoader):
    fetch = staticmethod(store.live_relations_of_tags)
