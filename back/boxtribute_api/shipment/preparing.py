"""updateShipmentWhenPreparing: packing boxes into a shipment, taking them out again,
and changing its target base, on the source side.

Set-based: however many boxes, packing is one look-up of the labels, one
SELECT ... FOR UPDATE of the boxes, one UPDATE of their state, and bulk INSERTs of
their history and shipment details. A box is packed only if it is InStock in the
shipment's source base; others are silently left out, as in the original. The lock
makes "InStock" a fact at the moment of packing: two shipments being packed with
the same box at once cannot both take it, the second finds it MarkedForShipment.

Rows are written in the order the original writes them (see contents.py), so they
get the same ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..agreement.models import TransferAgreement
from ..auth.authorization import authorize
from ..box import shipping
from ..box.models import Box
from ..box.store import IN_STOCK, MARKED_FOR_SHIPMENT
from ..history.recorder import utc_now
from ..location.models import Location
from .contents import take_out_boxes
from .models import Shipment, ShipmentDetail
from .writes import (
    PREPARING,
    answer,
    check_bases_of_agreement,
    check_state,
    lock_shipment,
    save,
)

_DETAIL_BATCH = 500


def update_shipment_when_preparing(update_input: Mapping[str, Any], *, user_id: int) -> Shipment:
    shipment = lock_shipment(update_input["id"])
    authorize(permission="shipment:edit", base_id=shipment.source_base_id)
    authorize(permission="shipment_detail:write")
    check_state(shipment, PREPARING)
    target_base_id = update_input.get("target_base_id")
    if shipment.transfer_agreement_id is not None:
        agreement = TransferAgreement.get_by_id(shipment.transfer_agreement_id)
        check_bases_of_agreement(agreement, target_base_id=target_base_id)

    now = utc_now()
    pack_boxes(shipment, update_input.get("prepared_box_label_identifiers"), user_id, now)
    take_out_boxes(
        shipment.id,
        update_input.get("removed_box_label_identifiers"),
        lost=False,
        user_id=user_id,
        now=now,
    )
    if target_base_id is not None:
        save(shipment, target_base=target_base_id)
    return answer(shipment.id)


def pack_boxes(shipment: Shipment, label_identifiers, user_id: int, now) -> None:
    """Mark the InStock boxes of the source base among the labels for the shipment
    and add a detail for each, with the product, location, size and number of items
    it leaves with."""
    if not label_identifiers:
        return
    # The original's question, in its shape (see contents.py): its answer's order is
    # the order of the rows written.
    found = (
        Box.select(Box, Location)
        .join(Location)
        .where(
            Box.label_identifier.in_(list(label_identifiers)),
            Box.state == IN_STOCK,
            Location.base == shipment.source_base_id,
        )
    )
    order = [box.id for box in found]
    locked = shipping.lock_boxes(order)
    boxes = [
        locked[box_id]
        for box_id in order
        if box_id in locked
        and locked[box_id].state_id == IN_STOCK
        and locked[box_id].location_base_id == shipment.source_base_id
    ]
    if not boxes:
        return
    details = [
        {
            "shipment": shipment.id,
            "box": box.id,
            "source_product": box.product_id,
            "source_location": box.location_id,
            "source_size": box.size_id,
            "source_quantity": box.number_of_items,
            "created_on": now,
            "created_by": user_id,
        }
        for box in boxes
    ]
    shipping.change_states(boxes, MARKED_FOR_SHIPMENT, user_id=user_id, now=now)
    for start in range(0, len(details), _DETAIL_BATCH):
        ShipmentDetail.insert_many(details[start : start + _DETAIL_BATCH]).execute()
