"""Writes of assignTag / unassignTag: put a tag on (or take it off) one box or beneficiary.

As the original: `resourceId` is the id of the box (stock.id, not its label) or of
the beneficiary; the tag must exist (BAD_USER_INPUT), the user needs
tag_relation:assign in the tag's base (FORBIDDEN); assigning checks that the tag's
type fits the resource (BAD_USER_INPUT). Assigning a tag already there changes
nothing; otherwise the relation is written (relations.py) and the resource's
modified/modified_by are set. Unassigning sets them whether or not the tag was
there. No history rows.
Beyond the original: the resource must be in the tag's base (BAD_USER_INPUT), where
the original tags, and answers, a box or beneficiary of any organisation
(decisions.md 17).
"""

from __future__ import annotations

from typing import Any

from ..beneficiary.models import Beneficiary
from ..box import store as box_store
from ..box.errors import LocationTagBaseMismatch
from ..box.models import Box
from ..errors import ResourceNotFound
from ..history.recorder import utc_now
from ..location.models import Location
from ..tag import relations
from ..tag import writes as tag_writes
from .errors import BeneficiaryTagBaseMismatch

# TaggableResourceType arrives as the enum name.
OBJECT_TYPES = {"Box": relations.OBJECT_TYPE_BOX, "Beneficiary": relations.OBJECT_TYPE_BENEFICIARY}


def _lock_box(box_id: int) -> int | None:
    """Lock the box row; the base of its location, None if there is no such box."""
    # The box alone is locked (MariaDB has no FOR UPDATE OF): its location is read apart.
    row = Box.select(Box.location).where(Box.id == box_id).for_update().tuples().first()
    if row is None:
        return None
    return Location.select(Location.base).where(Location.id == row[0]).scalar()


def _lock_beneficiary(beneficiary_id: int) -> int | None:
    row = (
        Beneficiary.select(Beneficiary.id, Beneficiary.base)
        .where(Beneficiary.id == beneficiary_id)
        .for_update()
        .tuples()
        .first()
    )
    return None if row is None else row[1]


def change_tag_of_resource(
    operation_input: dict[str, Any], *, assigning: bool, user_id: int
) -> Box | Beneficiary:
    object_type = OBJECT_TYPES[operation_input["resource_type"]]
    # Tag first (share lock), then the resource (exclusive): one lock order for all.
    tag = tag_writes.tag_for_relation_change(
        operation_input["id"], object_type, assigning=assigning
    )
    resource_id = int(operation_input["resource_id"])
    is_box = object_type == relations.OBJECT_TYPE_BOX
    base_id = _lock_box(resource_id) if is_box else _lock_beneficiary(resource_id)
    if base_id is None:
        raise ResourceNotFound()
    if assigning and base_id != tag.base_id:
        raise LocationTagBaseMismatch() if is_box else BeneficiaryTagBaseMismatch()

    now = utc_now()
    if assigning:
        changed = relations.assign_tags(
            object_type, [(resource_id, tag.id)], user_id=user_id, now=now
        )
    else:
        changed = relations.unassign_tags(
            object_type, [resource_id], [tag.id], user_id=user_id, now=now
        )
    model = Box if is_box else Beneficiary
    if changed or not assigning:
        model.update(last_modified_on=now, last_modified_by=user_id).where(
            model.id == resource_id
        ).execute()
    if is_box:
        return box_store.boxes_by_id([resource_id])[resource_id]
    return Beneficiary.get_by_id(resource_id)
