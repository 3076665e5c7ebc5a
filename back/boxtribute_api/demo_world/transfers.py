"""Transfers between organisations 1 and 2: agreements in several states, and shipments
in every state whose boxes travel (with their history) from base to base."""

from __future__ import annotations

import datetime

from .boxes import BoxBuilder, BoxDraft
from .users import HEAD_OF_OPS_USER_IDS, base_user_id
from .vocabulary import (
    AGREEMENTS_START,
    IN_TRANSIT,
    INSTOCK,
    MARKED,
    NOT_DELIVERED,
    RECEIVING,
    SHIPMENTS_START,
)
from .world import World


def build_agreements(world: World) -> int:
    """Agreements in every state; returns the id of the accepted one."""
    hoo1, hoo2 = HEAD_OF_OPS_USER_IDS[1], HEAD_OF_OPS_USER_IDS[2]
    t = AGREEMENTS_START

    def agreement(source, target, state, type_, requested_on, requested_by, pairs, **kw):
        row = world.add(
            "TransferAgreement",
            source_organisation=source,
            target_organisation=target,
            state=state,
            type=type_,
            requested_on=requested_on,
            requested_by=requested_by,
            accepted_on=kw.get("accepted_on"),
            accepted_by=kw.get("accepted_by"),
            terminated_on=kw.get("terminated_on"),
            terminated_by=kw.get("terminated_by"),
            valid_from=requested_on,
            valid_until=kw.get("valid_until"),
            comment=kw.get("comment"),
        )
        for source_base, target_base in pairs:
            world.add(
                "TransferAgreementDetail",
                transfer_agreement=row["id"],
                source_base=source_base,
                target_base=target_base,
            )
        return row

    all_pairs = [(1, 3), (1, 4), (2, 3), (2, 4)]
    accepted = agreement(
        1,
        2,
        "Accepted",
        "Bidirectional",
        t,
        hoo1,
        all_pairs,
        accepted_on=t + datetime.timedelta(days=2, hours=3),
        accepted_by=hoo2,
        comment="Regular exchange between our warehouses",
    )
    agreement(
        2,
        1,
        "UnderReview",
        "SendingTo",
        t + datetime.timedelta(days=30),
        hoo2,
        [(3, 1)],
        comment="Surplus winter clothing from Samos",
    )
    agreement(
        1,
        2,
        "Canceled",
        "SendingTo",
        t - datetime.timedelta(days=60),
        hoo1,
        [(2, 4)],
        accepted_on=t - datetime.timedelta(days=58),
        accepted_by=hoo2,
        terminated_on=t - datetime.timedelta(days=20),
        terminated_by=hoo1,
    )
    agreement(
        2,
        1,
        "Rejected",
        "ReceivingFrom",
        t - datetime.timedelta(days=30),
        hoo2,
        [(4, 2)],
        terminated_on=t - datetime.timedelta(days=28),
        terminated_by=hoo1,
        comment="Too far for us",
    )
    agreement(
        1,
        2,
        "Expired",
        "Bidirectional",
        t - datetime.timedelta(days=200),
        hoo1,
        [(1, 3)],
        accepted_on=t - datetime.timedelta(days=199),
        accepted_by=hoo2,
        valid_until=t - datetime.timedelta(days=100),
    )
    return accepted["id"]


def _instock_boxes(box_builder: BoxBuilder, base_id: int) -> list[BoxDraft]:
    return [
        b
        for b in box_builder.boxes
        if b.base_id == base_id
        and b.row["state"] == INSTOCK
        and b.row["deleted_on"] is None
        and not b.measure
        and not b.shipped
    ]


def build_shipments(world: World, box_builder: BoxBuilder, agreement: int):
    """One shipment per state (several for some), each with its boxes' history;
    `agreement` is the id of the accepted agreement."""
    t = SHIPMENTS_START
    # source, target, agreement, final state, boxes, how details end
    plans = [
        (1, 3, agreement, "Preparing", ["keep"] * 4 + ["removed"]),
        (1, 3, agreement, "Sent", ["keep"] * 4),
        (1, 4, agreement, "Receiving", ["keep", "keep", "received", "received", "lost"]),
        (1, 3, agreement, "Completed", ["received"] * 3 + ["lost", "removed"]),
        (1, 3, agreement, "Canceled", ["removed"] * 3),
        (3, 1, agreement, "Lost", ["lost"] * 3),
        (3, 1, agreement, "Sent", ["keep"] * 3),
        (4, 1, agreement, "Receiving", ["keep"] * 3),
        (2, 1, None, "Preparing", ["keep"] * 2),
    ]
    for source, target, agreement_id, state, outcomes in plans:
        t = world.later(t, 30)
        _ship(world, box_builder, source, target, agreement_id, state, outcomes, t)


def _ship(
    world: World, box_builder: BoxBuilder, source, target, agreement_id, state, outcomes, started
):
    starter = base_user_id(source, "coordinator")
    receiver = base_user_id(target, "coordinator")
    shipment = world.add(
        "Shipment",
        source_base=source,
        target_base=target,
        transfer_agreement=agreement_id,
        state=state,
        started_on=started,
        started_by=starter,
        canceled_on=None,
        canceled_by=None,
        sent_on=None,
        sent_by=None,
        receiving_started_on=None,
        receiving_started_by=None,
        completed_on=None,
        completed_by=None,
    )
    candidates = _instock_boxes(box_builder, source)
    boxes = candidates[: len(outcomes)]
    details = []
    when = started
    for box in boxes:
        box.shipped = True
        when = world.later(when, 2)
        detail = world.add(
            "ShipmentDetail",
            shipment=shipment["id"],
            box=box.row["id"],
            source_product=box.row["product"],
            target_product=None,
            source_quantity=box.row["number_of_items"],
            target_quantity=None,
            source_size=box.row["size"],
            target_size=None,
            source_location=box.row["location"],
            target_location=None,
            created_on=when,
            created_by=starter,
            lost_on=None,
            lost_by=None,
            received_on=None,
            received_by=None,
            removed_on=None,
            removed_by=None,
        )
        details.append(detail)
        box_builder.change(box, "state", "box_state_id", MARKED, starter, when)

    def remove(box, detail, when):
        detail["removed_on"], detail["removed_by"] = when, starter
        box_builder.change(box, "state", "box_state_id", INSTOCK, starter, when)

    paired = list(zip(boxes, details, outcomes, strict=True))
    when = world.later(when, 4)
    if state == "Canceled":
        shipment["canceled_on"], shipment["canceled_by"] = when, starter
        for box, detail, _ in paired:
            remove(box, detail, when)
        return
    for box, detail, outcome in paired:
        if outcome == "removed":
            remove(box, detail, when)
    if state == "Preparing":
        return
    when = world.later(when, 12)
    shipment["sent_on"], shipment["sent_by"] = when, starter
    travelling = [(b, d, o) for b, d, o in paired if o != "removed"]
    for box, _, _ in travelling:
        box_builder.change(box, "state", "box_state_id", IN_TRANSIT, starter, when)
    if state == "Sent":
        return
    when = world.later(when, 48)
    if state == "Lost":
        shipment["completed_on"], shipment["completed_by"] = when, starter
        for box, detail, _ in travelling:
            detail["lost_on"], detail["lost_by"] = when, starter
            box_builder.change(box, "state", "box_state_id", NOT_DELIVERED, starter, when)
        return
    shipment["receiving_started_on"], shipment["receiving_started_by"] = when, receiver
    for box, _, _ in travelling:
        box_builder.change(box, "state", "box_state_id", RECEIVING, receiver, when)
    for box, detail, outcome in travelling:
        when = world.later(when, 1)
        if outcome == "lost":
            detail["lost_on"], detail["lost_by"] = when, receiver
            box_builder.change(box, "state", "box_state_id", NOT_DELIVERED, receiver, when)
        elif outcome == "received":
            _receive(world, box_builder, box, detail, target, receiver, when)
    if state == "Completed":
        shipment["completed_on"], shipment["completed_by"] = when, receiver


def _receive(world: World, box_builder: BoxBuilder, box, detail, target_base, receiver, when):
    source_product = next(p for p in world.rows_of("Product") if p["id"] == box.row["product"])
    target_products = box_builder.catalogue.products_by_base[target_base]
    standard = source_product["standard_product"]
    match = [p for p in target_products if standard and p["standard_product"] == standard]
    if not match:
        match = [
            p for p in target_products if p["size_range"] == source_product["size_range"]
        ] or target_products
    product = match[0]
    location = box_builder.locations[target_base]["Warehouse A"]
    size = box.row["size"]
    if size not in box_builder.catalogue.sizes_of_range[product["size_range"]]:
        size = box_builder.catalogue.sizes_of_range[product["size_range"]][0]
    detail.update(
        target_product=product["id"],
        target_quantity=box.row["number_of_items"],
        target_size=size,
        target_location=location["id"],
        received_on=when,
        received_by=receiver,
    )
    box_builder.change(box, "location", "location_id", location["id"], receiver, when)
    box_builder.change(box, "product", "product_id", product["id"], receiver, when)
    box_builder.change(box, "size", "size_id", size, receiver, when)
    box_builder.change(box, "state", "box_state_id", INSTOCK, receiver, when)
    box.base_id = target_base


# -- assembly --
