"""The target side: reconciling a shipment being received (updateShipmentWhenReceiving),
completing it, and putting boxes wrongly marked as not delivered back
(moveNotDeliveredBoxesInStock).

Reconciliation is set-based: the details named, their boxes locked, the target
locations and products looked up once each, then one UPDATE of the boxes, one of the
details, one soft delete of the boxes' tags, and bulk INSERTs of the history. It is
all or nothing: one invalid detail (a location or product not of the target base, a
box not in state Receiving, e.g. received already by someone else) fails the request
and nothing is written. Details are checked and written in the order the original's
query returns them (see contents.py).

A shipment is complete when every box still in it (details not removed) was received
or lost: Lost if all were lost, Completed otherwise (also when no box is left).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from peewee import Case, fn

from ..auth.authorization import authorize
from ..auth.user import CurrentUser
from ..box import shipping
from ..box.models import Box
from ..box.store import IN_STOCK, NOT_DELIVERED, RECEIVING
from ..history.recorder import utc_now
from ..location.models import Location
from ..product.models import Product
from .contents import lock_boxes_of, take_out_boxes
from .errors import InvalidShipmentDetailUpdateInput, NoBasesOfGod, NoNotDeliveredBox
from .models import Shipment, ShipmentDetail
from .writes import (
    COMPLETED,
    LOST,
    RECEIVING_STATE,
    answer,
    check_state,
    lock_shipment,
    save,
)

# The original names the class of its model classes in this error.
_INVALID_INPUT_MODEL_NAME = "ModelBase"


def update_shipment_when_receiving(update_input: Mapping[str, Any], *, user_id: int) -> Shipment:
    shipment = lock_shipment(update_input["id"])
    authorize(permission="shipment:edit", base_id=shipment.target_base_id)
    authorize(permission="shipment_detail:write")
    check_state(shipment, RECEIVING_STATE)
    now = utc_now()
    receive_boxes(
        shipment, update_input.get("received_shipment_detail_update_inputs"), user_id, now
    )
    take_out_boxes(
        shipment.id,
        update_input.get("lost_box_label_identifiers"),
        lost=True,
        user_id=user_id,
        now=now,
    )
    complete_if_reconciled(shipment, user_id=user_id, now=now)
    return answer(shipment.id)


def _bases_of(model, ids: Iterable[int]) -> dict[int, int]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    return dict(model.select(model.id, model.base).where(model.id.in_(ids)).tuples())


def receive_boxes(shipment: Shipment, inputs, user_id: int, now) -> None:
    if not inputs:
        return
    wanted = {int(i["id"]): i for i in inputs}
    # The original's question, in its shape (see contents.py).
    details = list(
        ShipmentDetail.select(ShipmentDetail, Shipment)
        .join(Shipment)
        .where(ShipmentDetail.shipment == shipment.id, ShipmentDetail.id.in_(list(wanted)))
    )
    if not details:
        return
    boxes = {box.id: box for box in lock_boxes_of(details)}
    location_bases = _bases_of(Location, (wanted[d.id]["target_location_id"] for d in details))
    product_bases = _bases_of(Product, (wanted[d.id]["target_product_id"] for d in details))
    target = shipment.target_base_id
    for detail in details:
        chosen = wanted[detail.id]
        box = boxes.get(detail.box_id)
        if (
            location_bases.get(chosen["target_location_id"]) != target
            or product_bases.get(chosen["target_product_id"]) != target
            or box is None
            or box.state_id != RECEIVING
        ):
            raise InvalidShipmentDetailUpdateInput(
                model_name=_INVALID_INPUT_MODEL_NAME, detail_id=detail.id
            )

    shipping.check_in(
        [
            shipping.CheckIn(
                box_id=d.box_id,
                source_product_id=d.source_product_id,
                source_location_id=d.source_location_id,
                source_size_id=d.source_size_id,
                source_number_of_items=d.source_quantity,
                source_state=RECEIVING,
                product_id=wanted[d.id]["target_product_id"],
                location_id=wanted[d.id]["target_location_id"],
                size_id=wanted[d.id]["target_size_id"],
                number_of_items=wanted[d.id]["target_quantity"],
            )
            for d in details
        ],
        user_id=user_id,
        now=now,
    )

    def per_detail(key: str) -> Case:
        return Case(ShipmentDetail.id, [(d.id, wanted[d.id][key]) for d in details])

    ShipmentDetail.update(
        {
            ShipmentDetail.target_product: per_detail("target_product_id"),
            ShipmentDetail.target_location: per_detail("target_location_id"),
            ShipmentDetail.target_size: per_detail("target_size_id"),
            ShipmentDetail.target_quantity: per_detail("target_quantity"),
            ShipmentDetail.received_on: now,
            ShipmentDetail.received_by: user_id,
        }
    ).where(ShipmentDetail.id.in_([d.id for d in details])).execute()


def complete_if_reconciled(shipment: Shipment, *, user_id: int, now) -> None:
    """Lost if every box still in the shipment was lost (at least one), Completed
    if each was lost or received (also if none is left)."""
    is_lost = ShipmentDetail.lost_on.is_null(False)
    is_received = ShipmentDetail.received_on.is_null(False)
    total, lost, reconciled = (
        ShipmentDetail.select(
            fn.COUNT(ShipmentDetail.id), fn.SUM(is_lost), fn.SUM(is_lost | is_received)
        )
        .where(ShipmentDetail.shipment == shipment.id, ShipmentDetail.removed_on.is_null())
        .tuples()
        .first()
    )
    lost, reconciled = int(lost or 0), int(reconciled or 0)
    if total and lost == total:
        save(shipment, state=LOST, completed_by=user_id, completed_on=now)
    elif reconciled == total:
        save(shipment, state=COMPLETED, completed_by=user_id, completed_on=now)


# --- moveNotDeliveredBoxesInStock --------------------------------------------------------


def move_not_delivered_boxes_in_stock(box_ids: list[str], *, user: CurrentUser) -> Shipment:
    """Boxes marked NotDelivered that turn up after all. The source side takes them back
    in stock (details marked removed); the target side takes them back into the
    shipment being received (shipment back to Receiving, boxes Receiving). The boxes
    are taken to be of one shipment: the first detail found decides which."""
    # The original's question, in its shape (see contents.py); ids compare as given.
    details = list(
        ShipmentDetail.select(ShipmentDetail, Box, Shipment)
        .join(Box)
        .join(Shipment, src=ShipmentDetail)
        .where(
            ShipmentDetail.lost_on.is_null(False),
            ShipmentDetail.box.in_(list(box_ids)),
            Box.state == NOT_DELIVERED,
        )
    )
    if not details:
        raise NoNotDeliveredBox()
    shipment = lock_shipment(details[0].shipment_id)
    authorize(
        permission="shipment:edit", base_ids=[shipment.source_base_id, shipment.target_base_id]
    )
    if user.is_god:
        raise NoBasesOfGod(permission="shipment:edit")
    editable = user.authorized_base_ids("shipment:edit")
    now = utc_now()
    boxes = [b for b in lock_boxes_of(details) if b.state_id == NOT_DELIVERED]
    detail_ids = [d.id for d in details]
    if shipment.source_base_id in editable:
        shipping.change_states(boxes, IN_STOCK, user_id=user.id, now=now)
        ShipmentDetail.update(lost_on=None, lost_by=None, removed_on=now, removed_by=user.id).where(
            ShipmentDetail.id.in_(detail_ids)
        ).execute()
    elif shipment.target_base_id in editable:
        shipping.change_states(boxes, RECEIVING, user_id=user.id, now=now)
        ShipmentDetail.update(lost_on=None, lost_by=None).where(
            ShipmentDetail.id.in_(detail_ids)
        ).execute()
        save(shipment, state=RECEIVING_STATE, completed_on=None, completed_by=None)
        shipment.state = RECEIVING_STATE
    if shipment.state != COMPLETED:
        complete_if_reconciled(shipment, user_id=user.id, now=now)
    return answer(shipment.id)
