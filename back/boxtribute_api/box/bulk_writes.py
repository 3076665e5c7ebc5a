"""Changing many boxes at once: deleteBoxes, moveBoxesToLocation, assignTagsToBoxes,
unassignTagsFromBoxes. Plain synchronous functions, each run as one transaction.

Set-based: however many boxes, a change takes a fixed handful of statements: one
SELECT ... FOR UPDATE of the boxes (by id, in id order, so that concurrent bulk
changes take their row locks in the same order and cannot deadlock each other), one
look-up of their locations' bases, one UPDATE, and bulk INSERTs of history rows /
tag relations (one per 500 rows).

The caller resolves label identifiers to ids BEFORE the transaction
(`box_ids_by_label`; a box never changes its label), so that the locking SELECT is
the transaction's first statement and every later plain read (e.g. of the boxes'
current tags) sees all that was committed before the locks were granted.

As in the original, a box that cannot be changed does not fail the request: its
label identifier is reported in `invalid_box_label_identifiers` (sorted). Invalid are
unknown boxes, deleted boxes, boxes not in a warehouse state (InStock, Lost, Donated,
Scrap), boxes of another base than the target (location, tags) or not writable for
the user, and boxes the change would not affect (already in the location, already
carrying all the tags, carrying none of the tags to remove).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from typing import Any

from ..api.errors import union_error_from_forbidden
from ..auth.authorization import authorize
from ..errors import Forbidden, ResourceDoesNotExistError
from ..history.recorder import RECORD_DELETED, history_row, record_history, utc_now
from ..location.errors import DeletedLocationError
from ..location.models import Location
from ..tag import relations
from ..tag.errors import DeletedTagError, TagBaseMismatchError, TagTypeMismatchError
from ..tag.models import Tag
from . import store
from .history import BOX_TABLE
from .models import Box
from .results import BoxesResult, BoxesTagsOperationResult

logger = logging.getLogger(__name__)

HISTORY_LOCATION = "location_id"
HISTORY_STATE = "box_state_id"

# tags.type values
_BENEFICIARY_TAG = "People"
_BOX_TAG = "Stock"


def box_ids_by_label(label_identifiers: Iterable[str]) -> dict[str, int]:
    """Label identifier -> box id, for the boxes that exist (deleted ones too)."""
    labels = sorted(set(label_identifiers))
    if not labels:
        return {}
    query = Box.select(Box.label_identifier, Box.id).where(Box.label_identifier.in_(labels))
    return dict(query.tuples())


def state_change_rows(boxes: Iterable[Box], state: int, *, user_id: int, now) -> list[dict]:
    """The history rows ('box_state_id', old and new state id) of the boxes whose state
    changes to `state`, in the boxes' order."""
    return [
        history_row(
            BOX_TABLE,
            box.id,
            HISTORY_STATE,
            user_id=user_id,
            change_date=now,
            from_int=box.state_id,
            to_int=state,
        )
        for box in boxes
        if box.state_id != state
    ]


def _lock_boxes(box_ids: Iterable[int]) -> list[Box]:
    """The boxes' current rows, locked against concurrent change until commit."""
    box_ids = sorted(set(box_ids))
    if not box_ids:
        return []
    return list(
        Box.select(Box.id, Box.label_identifier, Box.location, Box.state, Box.deleted_on)
        .where(Box.id.in_(box_ids))
        .order_by(Box.id)
        .for_update()
    )


def _bases_of_locations(location_ids: Iterable[int]) -> dict[int, int]:
    location_ids = sorted(set(location_ids))
    if not location_ids:
        return {}
    query = Location.select(Location.id, Location.base).where(Location.id.in_(location_ids))
    return dict(query.tuples())


def _changeable(box: Box) -> bool:
    return box.deleted_on is None and box.state_id in store.WAREHOUSE_BOX_STATES


def _updated_boxes(box_ids: Collection[int]) -> list[Box]:
    """The changed boxes as the read API selects them, by id."""
    found = store.boxes_by_id(sorted(box_ids)) if box_ids else {}
    return [found[box_id] for box_id in sorted(found)]


def _invalid(label_identifiers: Iterable[str], valid_boxes: Iterable[Box]) -> list[str]:
    return sorted(set(label_identifiers) - {box.label_identifier for box in valid_boxes})


# --- deleteBoxes ----------------------------------------------------------------------


def delete_boxes(
    box_ids: dict[str, int],
    label_identifiers: list[str],
    *,
    writable_base_ids: frozenset[int] | None,
    user_id: int,
) -> BoxesResult:
    """Soft-delete the boxes in the user's writable bases (None: all bases). Sets
    only `deleted` (not modified/modified_by) and logs 'Record deleted', as the
    original does."""
    boxes = _lock_boxes(box_ids.values())
    bases = _bases_of_locations(box.location_id for box in boxes)
    valid = [
        box
        for box in boxes
        if _changeable(box)
        and (writable_base_ids is None or bases.get(box.location_id) in writable_base_ids)
    ]
    if valid:
        now = utc_now()
        ids = [box.id for box in valid]
        Box.update({Box.deleted_on: now}).where(Box.id.in_(ids)).execute()
        record_history(
            history_row(BOX_TABLE, box.id, RECORD_DELETED, user_id=user_id, change_date=now)
            for box in valid
        )
    return BoxesResult(
        updated_boxes=_updated_boxes([box.id for box in valid]),
        invalid_box_label_identifiers=_invalid(label_identifiers, valid),
    )


# --- moveBoxesToLocation --------------------------------------------------------------


def move_boxes_to_location(
    box_ids: dict[str, int],
    label_identifiers: list[str],
    *,
    location_id: int,
    user_id: int,
) -> BoxesResult | ResourceDoesNotExistError | DeletedLocationError:
    """Move the boxes of the location's base into the location. A location with a
    default box state gives the boxes that state. History: one 'location_id' row per
    moved box, then one 'box_state_id' row per box whose state changed.
    Raises Forbidden without stock:write in the location's base."""
    # Locks first: see the module docstring.
    boxes = _lock_boxes(box_ids.values())
    location = (
        Location.select(
            Location.id,
            Location.name,
            Location.base,
            Location.deleted_on,
            Location.default_box_state,
        )
        .where(Location.id == location_id)
        .first()
    )
    if location is None:
        return ResourceDoesNotExistError(name="Location", id=location_id)
    authorize(permission="stock:write", base_id=location.base_id)
    if location.deleted_on is not None:
        return DeletedLocationError(name=location.name)

    bases = _bases_of_locations(box.location_id for box in boxes)
    valid = [
        box
        for box in boxes
        if _changeable(box)
        and box.location_id != location.id
        and bases.get(box.location_id) == location.base_id
    ]
    if valid:
        now = utc_now()
        ids = [box.id for box in valid]
        new_state = location.default_box_state_id
        changes: dict = {
            Box.location: location.id,
            Box.last_modified_on: now,
            Box.last_modified_by: user_id,
        }
        if new_state is not None:
            changes[Box.state] = new_state
        Box.update(changes).where(Box.id.in_(ids)).execute()
        rows = [
            history_row(
                BOX_TABLE,
                box.id,
                HISTORY_LOCATION,
                user_id=user_id,
                change_date=now,
                from_int=box.location_id,
                to_int=location.id,
            )
            for box in valid
        ]
        if new_state is not None:
            rows += state_change_rows(valid, new_state, user_id=user_id, now=now)
        record_history(rows)
    return BoxesResult(
        updated_boxes=_updated_boxes([box.id for box in valid]),
        invalid_box_label_identifiers=_invalid(label_identifiers, valid),
    )


# --- tags -----------------------------------------------------------------------------


def _tag_authorization_error(tag: Tag):
    """None if the user may put this tag on (or take it off) boxes of its base, else
    the union member saying why (the original's order of checks)."""
    try:
        authorize(permission="tag_relation:assign")
        authorize(permission="tag:read", base_id=tag.base_id)
        authorize(permission="stock:write", base_id=tag.base_id)
    except Forbidden as error:
        return union_error_from_forbidden(error)
    return None


def _validate_tags(
    tag_ids: list[int], *, for_unassigning: bool
) -> tuple[list[Tag], list[dict[str, Any]], int | None]:
    """(usable tags, error info of the others, the usable tags' common base).

    Per tag, in this order: unknown -> ResourceDoesNotExistError; not permitted ->
    InsufficientPermissionError/UnauthorizedForBaseError; for assigning also deleted
    -> DeletedTagError and beneficiary-only -> TagTypeMismatchError. Usable tags of
    more than one base make every requested tag a TagBaseMismatchError.
    """
    # The original walks the de-duplicated ids as a Python set; same order here.
    requested = list(set(tag_ids))
    found = {tag.id: tag for tag in Tag.select().where(Tag.id.in_(requested))} if requested else {}
    errors: list[dict[str, Any]] = []
    usable: list[Tag] = []
    for tag_id in requested:
        tag = found.get(tag_id)
        if tag is None:
            errors.append({"id": tag_id, "error": ResourceDoesNotExistError(name="Tag", id=tag_id)})
            continue
        if (error := _tag_authorization_error(tag)) is not None:
            errors.append({"id": tag_id, "error": error})
            continue
        if not for_unassigning:
            if tag.deleted_on is not None:
                errors.append({"id": tag_id, "error": DeletedTagError(name=tag.name)})
                continue
            if tag.type == _BENEFICIARY_TAG:
                errors.append({"id": tag_id, "error": TagTypeMismatchError(expected_type=_BOX_TAG)})
                continue
        usable.append(tag)

    base_ids = {tag.base_id for tag in usable}
    if len(base_ids) > 1:
        mismatch = [{"id": tag_id, "error": TagBaseMismatchError()} for tag_id in requested]
        return [], errors + mismatch, None
    if for_unassigning:
        for tag in usable:
            # Deleting a tag or changing its type to Beneficiary takes it off all boxes,
            # so this only happens with legacy data: worth knowing about.
            if tag.deleted_on is not None or tag.type == _BENEFICIARY_TAG:
                logger.warning("unassigning deleted or beneficiary-type tag %s from boxes", tag.id)
    return usable, errors, (base_ids.pop() if base_ids else None)


def _boxes_in_base(boxes: list[Box], base_id: int) -> list[Box]:
    bases = _bases_of_locations(box.location_id for box in boxes)
    return [box for box in boxes if _changeable(box) and bases.get(box.location_id) == base_id]


def _touch(box_ids: list[int], *, user_id: int, now) -> None:
    Box.update({Box.last_modified_on: now, Box.last_modified_by: user_id}).where(
        Box.id.in_(box_ids)
    ).execute()


def assign_tags_to_boxes(
    box_ids: dict[str, int],
    label_identifiers: list[str],
    *,
    tag_ids: list[int],
    user_id: int,
) -> BoxesTagsOperationResult:
    """Put each usable tag on each box of the tags' base that lacks it. Boxes that
    already carry all of them are invalid. No history rows: the relations are the
    record (see tag/relations.py); the boxes' modified/modified_by are set."""
    # Locks first: the look-up of current relations below must see the latest ones.
    boxes = _lock_boxes(box_ids.values())
    tags, tag_errors, base_id = _validate_tags(tag_ids, for_unassigning=False)
    if not tags:
        return BoxesTagsOperationResult([], [], tag_errors)

    candidates = _boxes_in_base(boxes, base_id)
    current = relations.live_tag_ids(relations.OBJECT_TYPE_BOX, (b.id for b in candidates))
    wanted_tag_ids = sorted(tag.id for tag in tags)
    missing = [
        (box.id, tag_id)
        for box in candidates
        for tag_id in wanted_tag_ids
        if tag_id not in current.get(box.id, ())
    ]
    changed = {box_id for box_id, _ in missing}
    valid_ids = sorted(changed)
    if missing:
        now = utc_now()
        _touch(valid_ids, user_id=user_id, now=now)
        relations.assign_tags(
            relations.OBJECT_TYPE_BOX, missing, user_id=user_id, now=now, live=current
        )
    valid = [box for box in candidates if box.id in changed]
    return BoxesTagsOperationResult(
        updated_boxes=_updated_boxes(valid_ids),
        invalid_box_label_identifiers=_invalid(label_identifiers, valid),
        tag_error_info=tag_errors,
    )


def unassign_tags_from_boxes(
    box_ids: dict[str, int],
    label_identifiers: list[str],
    *,
    tag_ids: list[int],
    user_id: int,
) -> BoxesTagsOperationResult:
    """Take the usable tags (deleted ones too) off the boxes of the tags' base that
    carry at least one of them; the others are invalid. Relations are soft-deleted;
    the boxes' modified/modified_by are set."""
    boxes = _lock_boxes(box_ids.values())
    tags, tag_errors, base_id = _validate_tags(tag_ids, for_unassigning=True)
    if not tags:
        return BoxesTagsOperationResult([], [], tag_errors)

    candidates = _boxes_in_base(boxes, base_id)
    usable_tag_ids = {tag.id for tag in tags}
    current = relations.live_tag_ids(relations.OBJECT_TYPE_BOX, (b.id for b in candidates))
    valid = [box for box in candidates if current.get(box.id, set()) & usable_tag_ids]
    valid_ids = [box.id for box in valid]
    if valid:
        now = utc_now()
        _touch(valid_ids, user_id=user_id, now=now)
        relations.unassign_tags(
            relations.OBJECT_TYPE_BOX, valid_ids, usable_tag_ids, user_id=user_id, now=now
        )
    return BoxesTagsOperationResult(
        updated_boxes=_updated_boxes(valid_ids),
        invalid_box_label_identifiers=_invalid(label_identifiers, valid),
        tag_error_info=tag_errors,
    )
