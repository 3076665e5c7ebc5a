"""Writing shipments: creating one and moving it through its states.

    Preparing --send--> Sent --startReceiving--> Receiving --(all boxes reconciled)--> Completed
        |                 |                          \\--(all boxes lost)--> Lost
        cancel            markAsLost --> Lost

Plain synchronous functions, each run by its resolver as ONE transaction
(offload_transaction). Every change of a shipment starts by locking its row
(SELECT ... FOR UPDATE); the state is checked on the locked row. Two requests racing
on one shipment (two receivers, a sender and a canceller) therefore run one after
the other, and the second one is told that the state the first one left does not
allow its action (InvalidShipmentState). Boxes are locked after the shipment, in id
order. Box rows are written by the box domain (box/shipping.py), which records their
history.

Authorization as the original, on the locked row: shipment:edit in the source base
to prepare and send, in the target base to receive, in either base to cancel or to
mark as lost; shipment_detail:write for what changes details.

Preparing and receiving (the set-based parts) are preparing.py and receiving.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..agreement.errors import InvalidTransferAgreementBase, InvalidTransferAgreementState
from ..agreement.models import TransferAgreement
from ..agreement.writes import bases_of_side, has_id
from ..auth.authorization import authorize
from ..base.models import Base
from ..box import shipping
from ..box.models import Box
from ..box.store import IN_STOCK, IN_TRANSIT, MARKED_FOR_SHIPMENT, RECEIVING
from ..errors import ResourceNotFound
from ..history.recorder import utc_now
from .contents import details_as_found, lock_boxes_of, move_boxes, take_out_boxes
from .errors import (
    IdenticalShipmentSourceAndTargetBase,
    InvalidShipmentState,
    ShipmentSourceAndTargetBaseOrganisationsMismatch,
)
from .models import Shipment, ShipmentDetail
from .store import shipment_by_id

PREPARING = "Preparing"
SENT = "Sent"
RECEIVING_STATE = "Receiving"
COMPLETED = "Completed"
CANCELED = "Canceled"
LOST = "Lost"

AGREEMENT_ACCEPTED = "Accepted"
AGREEMENT_BIDIRECTIONAL = "Bidirectional"


# --- shared steps ----------------------------------------------------------------------


def lock_shipment(shipment_id: Any) -> Shipment:
    shipment = Shipment.select().where(has_id(Shipment.id, shipment_id)).for_update().first()
    if shipment is None:
        raise ResourceNotFound()
    return shipment


def check_state(shipment: Shipment, expected: str) -> None:
    if shipment.state != expected:
        raise InvalidShipmentState(expected_states=[expected], actual_state=shipment.state)


def save(shipment: Shipment, **changes: Any) -> None:
    Shipment.update(**changes).where(Shipment.id == shipment.id).execute()


def answer(shipment_id: int) -> Shipment:
    """The shipment as the read API selects it (with its bases' names)."""
    return shipment_by_id(shipment_id)


def check_bases_of_agreement(
    agreement: TransferAgreement, *, source_base_id: int | None = None, target_base_id=None
) -> None:
    """The bases must be on their side of the agreement (either side for a
    bidirectional one)."""
    sides = {side: bases_of_side(agreement.id, side) for side in ("source", "target")}
    everywhere = sides["source"] + sides["target"]
    for side, base_id in (("source", source_base_id), ("target", target_base_id)):
        if base_id is None:
            continue
        allowed = everywhere if agreement.type == AGREEMENT_BIDIRECTIONAL else sides[side]
        if base_id not in allowed:
            # The original names the two sides here, not their bases.
            raise InvalidTransferAgreementBase(base_id=base_id, expected_base_ids=sides)


# --- createShipment --------------------------------------------------------------------


def _organisation_of(base_id: int) -> int | None:
    return Base.select(Base.organisation).where(Base.id == base_id).scalar()


def create_shipment(creation_input: Mapping[str, Any], *, user_id: int) -> Shipment:
    """A shipment in state Preparing. Without agreement, both bases must be distinct
    bases of one organisation; with one, it must be accepted and name the bases."""
    source = creation_input["source_base_id"]
    target = creation_input["target_base_id"]
    agreement_id = creation_input.get("transfer_agreement_id")
    if agreement_id is None:
        if source == target:
            raise IdenticalShipmentSourceAndTargetBase()
        if _organisation_of(source) != _organisation_of(target):
            raise ShipmentSourceAndTargetBaseOrganisationsMismatch()
    else:
        # Shared lock: the agreement cannot be canceled while the shipment is created.
        agreement = (
            TransferAgreement.select()
            .where(TransferAgreement.id == agreement_id)
            .for_update("LOCK IN SHARE MODE")
            .first()
        )
        if agreement is None:
            raise ResourceNotFound()
        if agreement.state != AGREEMENT_ACCEPTED:
            raise InvalidTransferAgreementState(
                expected_states=[AGREEMENT_ACCEPTED], actual_state=agreement.state
            )
        check_bases_of_agreement(agreement, source_base_id=source, target_base_id=target)
    shipment_id = Shipment.insert(
        source_base=source,
        target_base=target,
        transfer_agreement=agreement_id,
        state=PREPARING,
        started_on=utc_now(),
        started_by=user_id,
    ).execute()
    return answer(shipment_id)


# --- state changes -----------------------------------------------------------------------


def send_shipment(shipment_id: Any, *, user_id: int) -> Shipment:
    """Preparing -> Sent; its boxes MarkedForShipment -> InTransit."""
    shipment = lock_shipment(shipment_id)
    authorize(permission="shipment:edit", base_id=shipment.source_base_id)
    check_state(shipment, PREPARING)
    now = utc_now()
    save(shipment, state=SENT, sent_by=user_id, sent_on=now)
    move_boxes(shipment.id, MARKED_FOR_SHIPMENT, IN_TRANSIT, user_id=user_id, now=now)
    return answer(shipment.id)


def start_receiving_shipment(shipment_id: Any, *, user_id: int) -> Shipment:
    """Sent -> Receiving; its boxes InTransit -> Receiving."""
    shipment = lock_shipment(shipment_id)
    authorize(permission="shipment:edit", base_id=shipment.target_base_id)
    check_state(shipment, SENT)
    now = utc_now()
    save(shipment, state=RECEIVING_STATE, receiving_started_by=user_id, receiving_started_on=now)
    move_boxes(shipment.id, IN_TRANSIT, RECEIVING, user_id=user_id, now=now)
    return answer(shipment.id)


def _authorize_either_side(shipment: Shipment) -> None:
    authorize(
        permission="shipment:edit", base_ids=[shipment.source_base_id, shipment.target_base_id]
    )
    authorize(permission="shipment_detail:write")


def cancel_shipment(shipment_id: Any, *, user_id: int) -> Shipment:
    """Preparing -> Canceled: every box still in it goes back in stock, its detail
    is marked removed."""
    shipment = lock_shipment(shipment_id)
    _authorize_either_side(shipment)
    check_state(shipment, PREPARING)
    now = utc_now()
    details = details_as_found(shipment.id, ShipmentDetail.removed_on.is_null())
    shipping.change_states(lock_boxes_of(details), IN_STOCK, user_id=user_id, now=now)
    if details:
        ShipmentDetail.update(removed_on=now, removed_by=user_id).where(
            ShipmentDetail.id.in_([d.id for d in details])
        ).execute()
    save(shipment, state=CANCELED, canceled_by=user_id, canceled_on=now)
    return answer(shipment.id)


def mark_shipment_as_lost(shipment_id: Any, *, user_id: int) -> Shipment:
    """Sent -> Lost: its boxes in transit become NotDelivered, their details lost."""
    shipment = lock_shipment(shipment_id)
    _authorize_either_side(shipment)
    check_state(shipment, SENT)
    now = utc_now()
    in_transit = details_as_found(shipment.id, Box.state == IN_TRANSIT)
    save(shipment, state=LOST, completed_by=user_id, completed_on=now)
    labels = [d.box.label_identifier for d in in_transit]
    take_out_boxes(shipment.id, labels, lost=True, user_id=user_id, now=now)
    return answer(shipment.id)
