"""Data access for beneficiaries (table people): plain synchronous peewee functions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..tag import store as tag_store
from ..tag.models import Tag, TagsRelation


def tags_of_beneficiaries(
    beneficiary_ids: list[int], tag_base_ids: Iterable[int] | None
) -> dict[int, list[Tag]]:
    """Beneficiary id -> tags currently assigned (relation not removed), restricted
    to tags of the given bases (all when None), by tag id."""
    query = (
        Tag.select(Tag, TagsRelation.object_id.alias("beneficiary_id"))
        .join(TagsRelation, on=TagsRelation.tag == Tag.id)
        .where(
            TagsRelation.object_type == tag_store.BENEFICIARY_TYPE,
            TagsRelation.object_id.in_(beneficiary_ids),
            TagsRelation.deleted_on.is_null(),
        )
        .order_by(Tag.id)
    )
    if tag_base_ids is not None:
        query = query.where(Tag.base.in_(list(tag_base_ids)))
    found: dict[int, list[Tag]] = defaultdict(list)
    for tag in query.objects():
        found[tag.beneficiary_id].append(tag)
    return found
