from ..api.loaders import ListLoader, Loader
from ..auth.authorization import authorized_bases_filter
from . import store


def _readable_tags_of_boxes(box_ids: list[int]) -> dict:
    # Tags of bases the user may not read are left out silently; lacking tag:read
    # altogether is FORBIDDEN.
    return store.tags_of_boxes(box_ids, authorized_bases_filter(permission="tag:read"))


class TagLoader(Loader):
    """No authorization here: callers check tag:read on the row's base."""

    name = "tag"
    fetch = staticmethod(store.tags_by_id)


class BoxTagsLoader(ListLoader):
    name = "tags_of_box"
    fetch = staticmethod(_readable_tags_of_boxes)


class BaseTagsLoader(ListLoader):
    """Key: (base id, 'Stock'/'People'/None)."""

    name = "tags_of_base"
    fetch = staticmethod(store.active_tags_by_base)


class TagLastUsedLoader(Loader):
    name = "tag_last_used_on"
    fetch = staticmethod(store.last_usage_of_tags)


class TagRelationsLoader(ListLoader):
    name = "tagged_objects_of_tag"
    fetch = staticmethod(store.live_relations_of_tags)
