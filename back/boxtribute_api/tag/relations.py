"""Assigning tags to boxes and beneficiaries, and taking them off again (table
tags_relations), set-based: one statement per call however many objects.

The one place that writes tags_relations. Used by the bulk box mutations
(assignTagsToBoxes, unassignTagsFromBoxes), by createBox/updateBox (tags of one box),
by assignTag/unassignTag and by deleteTag/updateTag (a tag leaving its objects).

How the original keeps these rows, mirrored here:
- a relation is a row (object_type, object_id, tag_id, created_on, created_by);
  object_type is OBJECT_TYPE_BOX ('Stock', object_id = stock.id) or
  OBJECT_TYPE_BENEFICIARY ('People', object_id = people.id);
- taking a tag off never deletes the row: it sets deleted_on/deleted_by
  (a soft delete), and the box history shows both the assignment and the removal;
- a pair that already has a live relation (deleted_on unset) is not assigned again;
- these rows are not written to the history table: the box history reads them
  directly (created_on/deleted_on).
Setting `modified`/`modified_by` of the tagged objects is the caller's business.

API (all plain synchronous functions; run them inside the caller's transaction,
e.g. under offload_transaction):

    live_tag_ids(object_type, object_ids) -> {object_id: {tag_id, ...}}
    assign_tags(object_type, pairs, *, user_id, now, live=None) -> [(object_id, tag_id), ...]
        pairs: iterable of (object_id, tag_id). Inserts the pairs without a live
        relation (duplicates in `pairs` count once) in one INSERT per 500 rows;
        returns the pairs it inserted, in input order. `live`: the objects' live
        tags as just read by `live_tag_ids` in this transaction (saves re-reading).
    unassign_tags(object_type, object_ids, tag_ids, *, user_id, now) -> int
        Soft-deletes the live relations of every given object with every given tag
        (the cross product) in one UPDATE; returns the number of relations removed.
    unassign_pairs(object_type, pairs, *, user_id, now) -> int
        Soft-deletes the live relations of exactly these (object_id, tag_id) pairs.
    set_tags(object_type, object_id, tag_ids, *, user_id, now) -> bool
        Makes `tag_ids` the object's live tags (removing the others, assigning the
        missing ones; updateBox's `tagIds`); returns whether anything changed.
    unassign_tags_everywhere(tag_ids, *, user_id, now, object_type=None) -> int
        Soft-deletes every live relation of the tags (deleteTag), or only those of
        one object type (updateTag changing a tag's type).

Concurrency: there is no unique key on (object_type, object_id, tag_id). To avoid
two transactions both assigning the same missing pair, callers lock the tagged
objects' rows first (SELECT ... FOR UPDATE on stock/people, ordered by id); the
read of the live relations then happens under that lock.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from .models import TagsRelation

OBJECT_TYPE_BOX = "Stock"
OBJECT_TYPE_BENEFICIARY = "People"

_INSERT_BATCH = 500


def live_tag_ids(object_type: str, object_ids: Iterable[int]) -> dict[int, set[int]]:
    """Object id -> ids of the tags currently assigned (relation not removed)."""
    object_ids = sorted(set(object_ids))
    found: dict[int, set[int]] = defaultdict(set)
    if not object_ids:
        return found
    query = (
        TagsRelation.select(TagsRelation.object_id, TagsRelation.tag)
        .where(
            TagsRelation.object_type == object_type,
            TagsRelation.object_id.in_(object_ids),
            TagsRelation.deleted_on.is_null(),
        )
        .tuples()
    )
    for object_id, tag_id in query:
        found[object_id].add(tag_id)
    return found


def assign_tags(
    object_type: str,
    pairs: Iterable[tuple[int, int]],
    *,
    user_id: int | None,
    now: datetime.datetime,
    live: dict[int, set[int]] | None = None,
) -> list[tuple[int, int]]:
    """Insert relations for the (object_id, tag_id) pairs not yet live; return those."""
    wanted = list(dict.fromkeys((int(o), int(t)) for o, t in pairs))
    if not wanted:
        return []
    existing = (
        live
        if live is not None
        else live_tag_ids(object_type, (object_id for object_id, _ in wanted))
    )
    missing = [(o, t) for o, t in wanted if t not in existing.get(o, ())]
    rows = [
        {
            "object_type": object_type,
            "object_id": object_id,
            "tag": tag_id,
            "created_on": now,
            "created_by": user_id,
        }
        for object_id, tag_id in missing
    ]
    for start in range(0, len(rows), _INSERT_BATCH):
        TagsRelation.insert_many(rows[start : start + _INSERT_BATCH]).execute()
    return missing


def unassign_tags(
    object_type: str,
    object_ids: Iterable[int],
    tag_ids: Iterable[int],
    *,
    user_id: int | None,
    now: datetime.datetime,
) -> int:
    """Soft-delete the live relations between any of the objects and any of the tags."""
    object_ids = sorted(set(object_ids))
    tag_ids = sorted(set(tag_ids))
    if not object_ids or not tag_ids:
        return 0
    return (
        TagsRelation.update(deleted_on=now, deleted_by=user_id)
        .where(
            TagsRelation.object_type == object_type,
            TagsRelation.object_id.in_(object_ids),
            TagsRelation.tag.in_(tag_ids),
            TagsRelation.deleted_on.is_null(),
        )
        .execute()
    )


def unassign_pairs(
    object_type: str,
    pairs: Iterable[tuple[int, int]],
    *,
    user_id: int | None,
    now: datetime.datetime,
) -> int:
    """Soft-delete the live relations of exactly these (object_id, tag_id) pairs."""
    by_tags: dict[frozenset[int], set[int]] = defaultdict(set)
    tags_of: dict[int, set[int]] = defaultdict(set)
    for object_id, tag_id in pairs:
        tags_of[int(object_id)].add(int(tag_id))
    # Objects losing the same set of tags share one UPDATE (usually all of them).
    for object_id, tag_ids in tags_of.items():
        by_tags[frozenset(tag_ids)].add(object_id)
    return sum(
        unassign_tags(object_type, object_ids, tag_ids, user_id=user_id, now=now)
        for tag_ids, object_ids in by_tags.items()
    )


def set_tags(
    object_type: str,
    object_id: int,
    tag_ids: Iterable[int],
    *,
    user_id: int | None,
    now: datetime.datetime,
) -> bool:
    """Make `tag_ids` the live tags of one object; True if any relation changed."""
    wanted = set(tag_ids)
    current = live_tag_ids(object_type, [object_id]).get(object_id, set())
    removed = unassign_tags(object_type, [object_id], current - wanted, user_id=user_id, now=now)
    added = assign_tags(
        object_type,
        [(object_id, tag_id) for tag_id in sorted(wanted - current)],
        user_id=user_id,
        now=now,
    )
    return bool(removed or added)


def unassign_tags_everywhere(
    tag_ids: Iterable[int],
    *,
    user_id: int | None,
    now: datetime.datetime,
    object_type: str | None = None,
) -> int:
    """Soft-delete all live relations of the tags (of one object type if given)."""
    tag_ids = sorted(set(tag_ids))
    if not tag_ids:
        return 0
    query = TagsRelation.update(deleted_on=now, deleted_by=user_id).where(
        TagsRelation.tag.in_(tag_ids), TagsRelation.deleted_on.is_null()
    )
    if object_type is not None:
        query = query.where(TagsRelation.object_type == object_type)
    return query.execute()
