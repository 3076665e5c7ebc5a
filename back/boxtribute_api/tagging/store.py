"""Data access for what carries a tag: plain synchronous peewee functions."""

from __future__ import annotations

from collections.abc import Iterable

from ..beneficiary.models import Beneficiary
from ..box.models import Box
from ..tag import store as tag_store


def tagged_resources_of_tags(
    tag_ids: list[int], beneficiary_base_ids: Iterable[int] | None
) -> dict[int, list[Box | Beneficiary]]:
    """Tag id -> the boxes and beneficiaries it is currently assigned to, merged in
    object id order. Beneficiaries are limited to the given bases (all when None);
    deleted boxes and beneficiaries are not left out."""
    relations = tag_store.live_relations_of_tags(tag_ids)
    box_ids = {i for pairs in relations.values() for t, i in pairs if t == tag_store.BOX_TYPE}
    beneficiary_ids = {
        i for pairs in relations.values() for t, i in pairs if t == tag_store.BENEFICIARY_TYPE
    }
    objects: dict[tuple[str, int], Box | Beneficiary] = {}
    if box_ids:
        for box in Box.select().where(Box.id.in_(list(box_ids))):
            objects[(tag_store.BOX_TYPE, box.id)] = box
    if beneficiary_ids:
        query = Beneficiary.select().where(Beneficiary.id.in_(list(beneficiary_ids)))
        if beneficiary_base_ids is not None:
            query = query.where(Beneficiary.base.in_(list(beneficiary_base_ids)))
        for beneficiary in query:
            objects[(tag_store.BENEFICIARY_TYPE, beneficiary.id)] = beneficiary
    return {
        tag_id: [objects[pair] for pair in pairs if pair in objects]
        for tag_id, pairs in relations.items()
    }
