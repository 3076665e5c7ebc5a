"""Box mutations. Each runs its write as one transaction on a DB thread, where
authorization needing the database happens on the locked rows:
createBox (create.py), updateBox and updateMarkedForShipmentBox (update.py),
createBoxFromBox (split.py), createBoxes (bulk_import.py), createQrCode (qr_label.py:
bound here because it may label a box, which sits above the QR code), and
deleteBoxes, moveBoxesToLocation, assignTagsToBoxes, unassignTagsFromBoxes
(bulk_writes.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ariadne import MutationType

from ..api.errors import handle_unauthorized
from ..auth.authorization import authorize, authorized_bases_filter
from ..auth.user import get_current_user
from ..db.offload import offload, offload_transaction, run_transaction
from . import bulk_import, bulk_writes, create, qr_label, split, update

mutation = MutationType()


@mutation.field("createBox")
async def resolve_create_box(*_, creation_input=None):
    return await offload_transaction(
        create.create_box, creation_input or {}, user_id=get_current_user().id
    )


@mutation.field("updateBox")
async def resolve_update_box(*_, update_input=None):
    return await offload_transaction(
        update.update_box, update_input or {}, user_id=get_current_user().id
    )


@mutation.field("updateMarkedForShipmentBox")
async def resolve_update_marked_for_shipment_box(*_, update_input=None):
    return await offload_transaction(
        update.update_marked_for_shipment_box, update_input or {}, user_id=get_current_user().id
    )


@mutation.field("createBoxFromBox")
@handle_unauthorized
async def resolve_create_box_from_box(*_, creation_input):
    result = await offload_transaction(
        split.create_box_from_box, creation_input, user_id=get_current_user().id
    )
    if isinstance(result, split.WritesKeptFailure):
        raise result.error
    return result


@mutation.field("createBoxes")
@handle_unauthorized
async def resolve_create_boxes(*_, creation_input=None):
    return await offload_transaction(
        bulk_import.create_boxes, creation_input or [], user_id=get_current_user().id
    )


@mutation.field("createQrCode")
async def resolve_create_qr_code(*_, box_label_identifier=None):
    authorize(permission="qr:create")
    return await offload_transaction(
        qr_label.create_qr_code, box_label_identifier, user_id=get_current_user().id
    )


# --- mutations on many boxes (bulk_writes.py) ------------------------------------------------


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
