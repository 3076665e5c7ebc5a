"""Shipment mutations: each runs its write as one transaction (writes.py for creation
and state changes, preparing.py and receiving.py for the set-based parts).

createShipment needs shipment:create in the source base, checked on the token; the
others are authorized inside the transaction, on the locked shipment.
"""

from ariadne import MutationType

from ..auth.authorization import authorize
from ..auth.user import get_current_user
from ..db.offload import offload_transaction
from . import preparing, receiving, writes

mutation = MutationType()


def _user_id() -> int:
    return get_current_user().id


@mutation.field("createShipment")
async def resolve_create_shipment(*_, creation_input):
    authorize(permission="shipment:create", base_id=creation_input["source_base_id"])
    return await offload_transaction(writes.create_shipment, creation_input, user_id=_user_id())


@mutation.field("updateShipmentWhenPreparing")
async def resolve_update_shipment_when_preparing(*_, update_input):
    return await offload_transaction(
        preparing.update_shipment_when_preparing, update_input, user_id=_user_id()
    )


@mutation.field("updateShipmentWhenReceiving")
async def resolve_update_shipment_when_receiving(*_, update_input):
    return await offload_transaction(
        receiving.update_shipment_when_receiving, update_input, user_id=_user_id()
    )


@mutation.field("cancelShipment")
async def resolve_cancel_shipment(*_, id):
    return await offload_transaction(writes.cancel_shipment, id, user_id=_user_id())


@mutation.field("sendShipment")
async def resolve_send_shipment(*_, id):
    return await offload_transaction(writes.send_shipment, id, user_id=_user_id())


@mutation.field("startReceivingShipment")
async def resolve_start_receiving_shipment(*_, id):
    return await offload_transaction(writes.start_receiving_shipment, id, user_id=_user_id())


@mutation.field("markShipmentAsLost")
async def resolve_mark_shipment_as_lost(*_, id):
    return await offload_transaction(writes.mark_shipment_as_lost, id, user_id=_user_id())


@mutation.field("moveNotDeliveredBoxesInStock")
async def resolve_move_not_delivered_boxes_in_stock(*_, box_ids):
    return await offload_transaction(
        receiving.move_not_delivered_boxes_in_stock, box_ids, user=get_current_user()
    )


bindables = [mutation]
