"""What is in a shipment: its details with their boxes, and taking boxes out of it.

The order of the rows a shipment mutation writes (history, details) is the order in
which the original's queries return the details and boxes, and those queries have no
ORDER BY: MariaDB returns them in the order of the plan it picks, which depends on the
query and the data (a few labels: by label, through the label index; more: by
location, through the base's locations). To write rows in the same order, and so give
them the same ids, the look-ups here ask the database the original's questions in the
original's shape (same tables, joins and conditions, no ORDER BY) and keep the order
of the answer. Rows are then locked by id, in id order, and re-checked under the lock.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..box import shipping
from ..box.models import Box
from ..box.store import IN_STOCK, IN_TRANSIT, MARKED_FOR_SHIPMENT, NOT_DELIVERED, RECEIVING
from .models import ShipmentDetail


def details_as_found(shipment_id: int, *conditions) -> list[ShipmentDetail]:
    """The shipment's details meeting `conditions` (on ShipmentDetail or Box), each
    with its box (`detail.box`), in the order the database returns them."""
    query = (
        ShipmentDetail.select(ShipmentDetail, Box)
        .join(Box)
        .where(ShipmentDetail.shipment == shipment_id, *conditions)
    )
    return list(query)


def lock_boxes_of(details: Iterable[ShipmentDetail]) -> list[Box]:
    """The details' boxes, locked (in id order), listed in the details' order."""
    details = list(details)
    locked = shipping.lock_boxes(d.box_id for d in details)
    return [locked[d.box_id] for d in details if d.box_id in locked]


def take_out_boxes(
    shipment_id: int, label_identifiers: list[str] | None, *, lost: bool, user_id: int, now
) -> None:
    """Take the labelled boxes out of the shipment: back in stock (`lost` False: only
    boxes MarkedForShipment, their details marked removed) or lost on the way (`lost`
    True: boxes InTransit or Receiving become NotDelivered, their details marked
    lost). Other boxes are silently left alone, as in the original."""
    if not label_identifiers:
        return
    states = (IN_TRANSIT, RECEIVING) if lost else (MARKED_FOR_SHIPMENT,)
    details = details_as_found(
        shipment_id,
        Box.label_identifier.in_(list(label_identifiers)),
        Box.state.in_(states),
        ShipmentDetail.removed_on.is_null(),
    )
    boxes = {box.id: box for box in lock_boxes_of(details) if box.state_id in states}
    details = [d for d in details if d.box_id in boxes]
    if not details:
        return
    shipping.change_states(
        [boxes[d.box_id] for d in details],
        NOT_DELIVERED if lost else IN_STOCK,
        user_id=user_id,
        now=now,
    )
    marks = (
        {"lost_on": now, "lost_by": user_id} if lost else {"removed_on": now, "removed_by": user_id}
    )
    ShipmentDetail.update(**marks).where(ShipmentDetail.id.in_([d.id for d in details])).execute()


def move_boxes(shipment_id: int, from_state: int, to_state: int, *, user_id, now) -> None:
    """The boxes of the shipment's active details that are in `from_state` go to
    `to_state`."""
    details = details_as_found(
        shipment_id, Box.state == from_state, ShipmentDetail.removed_on.is_null()
    )
    boxes = [b for b in lock_boxes_of(details) if b.state_id == from_state]
    shipping.change_states(boxes, to_state, user_id=user_id, now=now)
