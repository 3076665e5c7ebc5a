"""Data access for tags (tables tags, tags_relations): plain synchronous peewee functions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from peewee import fn

from ..db.queries import PreparedSelect, row_by_id, rows_by_id
from .models import Tag, TagsRelation

# tags.type and tags_relations.object_type values
BOX_TYPE = "Stock"
BENEFICIARY_TYPE = "People"
ALL_TYPE = "All"


def tags_by_id(ids: list[int]) -> dict[int, Tag]:
    return rows_by_id(Tag, ids)


def tag_by_id(tag_id: int) -> Tag | None:
    return row_by_id(Tag, tag_id)


def active_tags(base_ids: Iterable[int] | None, tag_type: str | None = None) -> list[Tag]:
    """Non-deleted tags of the bases (all when None), optionally of one exact type."""
    query = Tag.select().where(Tag.deleted_on.is_null())
    if base_ids is not None:
        query = query.where(Tag.base.in_(list(base_ids)))
    if tag_type is not None:
        query = query.where(Tag.type == tag_type)
    return list(query.order_by(Tag.id))


def active_tags_by_base(keys: list[tuple[int, str | None]]) -> dict[tuple, list[Tag]]:
    """Loader batch: (base id, resource type 'Stock'/'People'/None) -> the base's
    non-deleted tags applicable to that resource type (type 'All' included), by id."""
    found: dict[tuple, list[Tag]] = defaultdict(list)
    base_ids = sorted({base_id for base_id, _ in keys})
    query = Tag.select().where(Tag.base.in_(base_ids), Tag.deleted_on.is_null()).order_by(Tag.id)
    wanted = set(keys)
    for tag in query:
        for resource_type in (None, BOX_TYPE, BENEFICIARY_TYPE):
            applicable = resource_type is None or tag.type in (resource_type, ALL_TYPE)
            if applicable and (tag.base_id, resource_type) in wanted:
                found[(tag.base_id, resource_type)].append(tag)
    return found


def tags_of_boxes(box_ids: list[int], base_ids: Iterable[int] | None) -> dict[int, list[Tag]]:
    """Box id -> tags currently assigned (relation not removed, tag not deleted),
    restricted to tags of the given bases (all when None), by tag id. Each tag is one shared object:
    the relations are read as id pairs, the (few) tags once, with their last usage
    (`prefetched_last_used_on`)."""
    tag_ids_of_box: dict[int, list[int]] = defaultdict(list)
    for box_id, tag_id in _LIVE_TAG_PAIRS_OF_BOXES(list(box_ids)):
        tag_ids_of_box[box_id].append(tag_id)
    tag_ids = sorted({tag_id for ids in tag_ids_of_box.values() for tag_id in ids})
    if base_ids is None:
        found = _TAGS_WITH_LAST_USE(tag_ids)
    else:
        found = _TAGS_OF_BASES_WITH_LAST_USE(tag_ids, sorted(base_ids))
    tags = {}
    for tag in found:
        tag.prefetched_last_used_on = TagsRelation.created_on.python_value(tag.last_used_on)
        tags[tag.id] = tag
    return {
        box_id: [tags[tag_id] for tag_id in sorted(ids) if tag_id in tags]
        for box_id, ids in tag_ids_of_box.items()
    }


_LIVE_TAG_PAIRS_OF_BOXES = PreparedSelect(
    lambda box_ids: (
        TagsRelation.select(TagsRelation.object_id, TagsRelation.tag)
        .where(
            TagsRelation.object_type == BOX_TYPE,
            TagsRelation.object_id.in_(box_ids),
            TagsRelation.deleted_on.is_null(),
        )
        .tuples()
    )
)


def _tags_with_last_use(tag_ids):
    # Every view of a box's tags shows when each was last used: a correlated
    # subquery in the same statement instead of one more round trip later. Deleted
    # tags are left out (a box may still carry one: createBox and updateBox assign
    # them, as in the original).
    usage = TagsRelation.alias("usage")
    last_used = usage.select(fn.MAX(usage.created_on)).where(usage.tag == Tag.id)
    return Tag.select(Tag, last_used.alias("last_used_on")).where(
        Tag.id.in_(tag_ids), Tag.deleted_on.is_null()
    )


_TAGS_WITH_LAST_USE = PreparedSelect(_tags_with_last_use)
_TAGS_OF_BASES_WITH_LAST_USE = PreparedSelect(
    lambda tag_ids, base_ids: _tags_with_last_use(tag_ids).where(Tag.base.in_(base_ids))
)


def last_usage_of_tags(tag_ids: list[int]) -> dict[int, object]:
    """Tag id -> latest creation date of any of its relations (removed ones too)."""
    query = (
        TagsRelation.select(TagsRelation.tag, fn.MAX(TagsRelation.created_on).alias("last"))
        .where(TagsRelation.tag.in_(tag_ids))
        .group_by(TagsRelation.tag)
        .tuples()
    )
    return {tag_id: TagsRelation.created_on.python_value(last) for tag_id, last in query if last}


def live_relations_of_tags(tag_ids: list[int]) -> dict[int, list[tuple[str, int]]]:
    """Tag id -> (object type, object id) of its unremoved relations, by object id."""
    query = (
        TagsRelation.select(TagsRelation.tag, TagsRelation.object_type, TagsRelation.object_id)
        .where(
            TagsRelation.tag.in_(tag_ids),
            TagsRelation.deleted_on.is_null(),
            TagsRelation.object_type.in_([BOX_TYPE, BENEFICIARY_TYPE]),
        )
        .order_by(TagsRelation.object_id, TagsRelation.id)
        .tuples()
    )
    found: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for tag_id, object_type, object_id in query:
        found[tag_id].append((object_type, object_id))
    return found
