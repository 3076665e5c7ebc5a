"""Single-box mutations: createBox, createBoxes, updateBox, updateMarkedForShipmentBox,
createBoxFromBox, and createQrCode (bound here because it may label a box, which
sits above the QR code). Each runs as one transaction on a DB thread (box/writes.py);
authorization needing the database happens in there, on the locked rows."""

from __future__ import annotations

from ariadne import MutationType

from ..api.errors import handle_unauthorized
from ..auth.authorization import authorize
from ..auth.user import get_current_user
from ..db.offload import offload_transaction
from . import bulk_mutations, writes

mutation = MutationType()


@mutation.field("createBox")
async def resolve_create_box(*_, creation_input=None):
    return await offload_transaction(
        writes.create_box, creation_input or {}, user_id=get_current_user().id
    )


@mutation.field("updateBox")
async def resolve_update_box(*_, update_input=None):
    return await offload_transaction(
        writes.update_box, update_input or {}, user_id=get_current_user().id
    )


@mutation.field("updateMarkedForShipmentBox")
async def resolve_update_marked_for_shipment_box(*_, update_input=None):
    return await offload_transaction(
        writes.update_marked_for_shipment_box, update_input or {}, user_id=get_current_user().id
    )


@mutation.field("createBoxFromBox")
@handle_unauthorized
async def resolve_create_box_from_box(*_, creation_input):
    return await offload_transaction(
        writes.create_box_from_box, creation_input, user_id=get_current_user().id
    )


@mutation.field("createBoxes")
@handle_unauthorized
async def resolve_create_boxes(*_, creation_input=None):
    return await offload_transaction(
        writes.create_boxes, creation_input or [], user_id=get_current_user().id
    )


@mutation.field("createQrCode")
async def resolve_create_qr_code(*_, box_label_identifier=None):
    authorize(permission="qr:create")
    return await offload_transaction(
        writes.create_qr_code, box_label_identifier, user_id=get_current_user().id
    )


# Mutations on many boxes, and the product mutations that must check a product's
# boxes (the product domain sits below the box domain), live in their own modules.
bindables = [mutation, *bulk_mutations.bindables]
