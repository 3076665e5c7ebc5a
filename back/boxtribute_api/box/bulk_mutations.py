"""Mutations changing many boxes: deleteBoxes, moveBoxesToLocation,
assignTagsToBoxes, unassignTagsFromBoxes (the writes are in bulk_writes.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ariadne import MutationType

from ..api.errors import handle_unauthorized
from ..auth.authorization import authorized_bases_filter
from ..auth.user import get_current_user
from ..db.offload import offload, run_transaction
from . import bulk_writes

mutation = MutationType()


def _on_resolved_boxes(
    write: Callable[..., Any], label_identifiers: list[str], **kwargs: Any
) -> Any:
    """On a DB thread: resolve the labels to box ids (a plain read), then run `write`
    as one transaction on the same connection (see bulk_writes' docstring)."""
    box_ids = bulk_writes.box_ids_by_label(label_identifiers)
    return run_transaction(write, box_ids, label_identifiers, **kwargs)


def _bulk_write(write: Callable[..., Any], label_identifiers: list[str], **kwargs: Any):
    return offload(
        _on_resolved_boxes,
        write,
        list(label_identifiers),
        user_id=get_current_user().id,
        **kwargs,
    )


@mutation.field("deleteBoxes")
@handle_unauthorized
async def resolve_delete_boxes(*_, label_identifiers):
    # Lacking stock:write altogether: InsufficientPermissionError, nothing read.
    writable_base_ids = authorized_bases_filter(permission="stock:write")
    return await _bulk_write(
        bulk_writes.delete_boxes, label_identifiers, writable_base_ids=writable_base_ids
    )


@mutation.field("moveBoxesToLocation")
@handle_unauthorized
async def resolve_move_boxes_to_location(*_, update_input):
    return await _bulk_write(
        bulk_writes.move_boxes_to_location,
        update_input["label_identifiers"],
        location_id=update_input["location_id"],
    )


@mutation.field("assignTagsToBoxes")
async def resolve_assign_tags_to_boxes(*_, update_input):
    return await _bulk_write(
        bulk_writes.assign_tags_to_boxes,
        update_input["label_identifiers"],
        tag_ids=list(update_input["tag_ids"]),
    )


@mutation.field("unassignTagsFromBoxes")
@handle_unauthorized
async def resolve_unassign_tags_from_boxes(*_, update_input):
    return await _bulk_write(
        bulk_writes.unassign_tags_from_boxes,
        update_input["label_identifiers"],
        tag_ids=list(update_input["tag_ids"]),
    )


bindables = [mutation]
