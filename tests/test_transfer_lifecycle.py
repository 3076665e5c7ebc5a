"""Aid transfers from end to end, over the GraphQL endpoint, on our demo world: an
agreement between BoxAid (organisation 1: bases 1 Lesvos, 2 Thessaloniki) and BoxCare
(organisation 2: bases 3 Samos, 4 Athens), a shipment prepared, sent, received and
reconciled, and the rows each step leaves (states, details, history).

The demo world already holds an accepted agreement between the two organisations
(id 1, all four base pairs) and shipments in every state; the tests of this module
share one writable demo database and run in order, each building on the last.
"""

from __future__ import annotations

import pytest

from support.database import query
from support.users import GOD

COORDINATOR_1 = dict(role="coordinator", organisation_id=1, base_ids=[1], user_id=8)
COORDINATOR_3 = dict(role="coordinator", organisation_id=2, base_ids=[3], user_id=20)
HEAD_OF_OPS_1 = dict(role="head-of-ops", organisation_id=1, base_ids=[1, 2], user_id=2)
HEAD_OF_OPS_2 = dict(role="head-of-ops", organisation_id=2, base_ids=[3, 4], user_id=3)
WAREHOUSE_1 = dict(role="warehouse-volunteer", organisation_id=1, base_ids=[1], user_id=10)

IN_STOCK, MARKED, RECEIVING, IN_TRANSIT, NOT_DELIVERED = 1, 3, 4, 7, 8

AGREEMENT_FIELDS = """
  id state type comment validFrom validUntil
  sourceOrganisation { id } targetOrganisation { id }
  sourceBases { id } targetBases { id }
  requestedBy { id } acceptedBy { id } acceptedOn terminatedBy { id } terminatedOn
"""

CREATE_AGREEMENT = f"""
mutation ($input: TransferAgreementCreationInput) {{
  createTransferAgreement(creationInput: $input) {{ {AGREEMENT_FIELDS} }}
}}"""

SHIPMENT_FIELDS = """
  id state labelIdentifier
  sourceBase { id } targetBase { id } transferAgreement { id }
  startedBy { id } sentBy { id } receivingStartedBy { id } completedBy { id } canceledBy { id }
  details {
    id box { labelIdentifier state } sourceQuantity targetQuantity
    targetProduct { id } targetLocation { id } targetSize { id }
    removedBy { id } lostBy { id } receivedBy { id }
  }
"""


def mutate(client, field: str, arguments: str, variables: dict, user: dict) -> dict:
    """Run one mutation field returning a shipment or agreement; the whole response."""
    fields = AGREEMENT_FIELDS if "Agreement" in field else SHIPMENT_FIELDS
    declared = ", ".join(f"${name}: {kind}" for name, kind in variables.pop("_types").items())
    document = f"mutation ({declared}) {{ {field}({arguments}) {{ {fields} }} }}"
    return client.execute(document, variables, **user)


def shipment_mutation(client, field: str, shipment_id, user: dict) -> dict:
    return mutate(client, field, "id: $id", {"_types": {"id": "ID!"}, "id": shipment_id}, user)


def prepare(client, shipment_id, user, *, packed=(), removed=()) -> dict:
    return mutate(
        client,
        "updateShipmentWhenPreparing",
        "updateInput: {id: $id, preparedBoxLabelIdentifiers: $packed, "
        "removedBoxLabelIdentifiers: $removed}",
        {
            "_types": {"id": "ID!", "packed": "[String!]", "removed": "[String!]"},
            "id": shipment_id,
            "packed": list(packed),
            "removed": list(removed),
        },
        user,
    )


def receive(client, shipment_id, user, *, received=(), lost=()) -> dict:
    return mutate(
        client,
        "updateShipmentWhenReceiving",
        "updateInput: {id: $id, receivedShipmentDetailUpdateInputs: $received, "
        "lostBoxLabelIdentifiers: $lost}",
        {
            "_types": {
                "id": "ID!",
                "received": "[ShipmentDetailUpdateInput!]",
                "lost": "[String!]",
            },
            "id": shipment_id,
            "received": list(received),
            "lost": list(lost),
        },
        user,
    )


def rows(database: str, sql: str, *params) -> list[tuple]:
    return query(database, sql, params)


def error_of(response: dict) -> tuple[str, str]:
    (error,) = response["errors"]
    return error["extensions"]["code"], error["extensions"]["description"]


@pytest.fixture(scope="module")
def world(writable_demo_db) -> dict:
    """What the tests use from the demo world, and what they create as they go."""
    instock = rows(
        writable_demo_db,
        "SELECT s.box_id FROM stock s JOIN locations l ON l.id = s.location_id"
        " WHERE l.camp_id = 1 AND s.box_state_id = 1 AND (s.deleted IS NULL OR NOT s.deleted)"
        " AND l.deleted IS NULL ORDER BY s.id"
        " LIMIT 6",
    )
    product, size = rows(
        writable_demo_db,
        "SELECT p.id, ss.size_id FROM products p"
        " JOIN sizes_sizegroup ss ON ss.sizegroup_id = p.sizegroup_id"
        " WHERE p.camp_id = 3 AND p.deleted IS NULL ORDER BY p.id, ss.size_id LIMIT 1",
    )[0]
    return {
        "db": writable_demo_db,
        "labels": [label for (label,) in instock],
        "target_location": 18,  # Warehouse A of Samos
        "target_product": product,
        "target_size": size,
    }


# --- the agreement -------------------------------------------------------------------------


def test_an_agreement_identical_to_the_accepted_one_is_refused(writable_client):
    response = writable_client.execute(
        CREATE_AGREEMENT,
        {
            "input": {
                "initiatingOrganisationId": 1,
                "partnerOrganisationId": 2,
                "type": "SendingTo",
                "initiatingOrganisationBaseIds": [1],
            }
        },
        **COORDINATOR_1,
    )

    assert response["data"] == {"createTransferAgreement": None}
    assert error_of(response) == (
        "BAD_USER_INPUT",
        "An identical agreement already exists: ID 1",
    )


def cancel_agreement(client, agreement_id, user: dict) -> dict:
    variables = {"_types": {"id": "ID!"}, "id": agreement_id}
    return mutate(client, "cancelTransferAgreement", "id: $id", variables, user)


def test_canceling_needs_every_base_of_one_side(writable_client):
    # Agreement 1 links bases 1, 2 with 3, 4: the coordinator of base 3 alone may not.
    response = cancel_agreement(writable_client, 1, COORDINATOR_3)

    assert error_of(response) == ("FORBIDDEN", "You don't have access to 'base=4'")


def test_either_side_cancels_an_accepted_agreement(writable_client, world):
    response = cancel_agreement(writable_client, 1, HEAD_OF_OPS_2)

    agreement = response["data"]["cancelTransferAgreement"]
    assert agreement["state"] == "Canceled"
    assert agreement["terminatedBy"] == {"id": "3"}
    # Its shipments are left as they are.
    assert rows(world["db"], "SELECT COUNT(*) FROM shipment WHERE state = 'Preparing'")[0][0] > 0


def test_the_requested_side_rejects_an_agreement_under_review(writable_client):
    # Agreement 2: organisation 2 offers to send to organisation 1.
    variables = {"_types": {"id": "ID!"}, "id": 2}
    response = mutate(
        writable_client, "rejectTransferAgreement", "id: $id", variables, HEAD_OF_OPS_1
    )

    agreement = response["data"]["rejectTransferAgreement"]
    assert (agreement["state"], agreement["terminatedBy"]) == ("Rejected", {"id": "2"})


def test_a_coordinator_asks_a_partner_for_an_agreement(writable_client, world):
    response = writable_client.execute(
        CREATE_AGREEMENT,
        {
            "input": {
                "initiatingOrganisationId": 1,
                "partnerOrganisationId": 2,
                "type": "SendingTo",
                "initiatingOrganisationBaseIds": [1],
                "partnerOrganisationBaseIds": [3],
                "validFrom": "2030-01-01",
                "validUntil": "2030-07-31",
                "comment": "summer clothes",
            }
        },
        **COORDINATOR_1,
    )

    agreement = response["data"]["createTransferAgreement"]
    assert agreement["state"] == "UnderReview"
    assert agreement["sourceBases"] == [{"id": "1"}]
    assert agreement["targetBases"] == [{"id": "3"}]
    # Dates are the user's (Europe/London): midnight in winter, the last second of the
    # day in summer time.
    assert agreement["validFrom"] == "2030-01-01T00:00:00+00:00"
    assert agreement["validUntil"] == "2030-07-31T22:59:59+00:00"
    world["agreement"] = agreement["id"]


def test_only_the_partner_accepts_the_agreement(writable_client, world):
    accept = {"_types": {"id": "ID!"}, "id": world["agreement"]}

    by_requester = mutate(
        writable_client, "acceptTransferAgreement", "id: $id", dict(accept), COORDINATOR_1
    )
    by_partner = mutate(
        writable_client, "acceptTransferAgreement", "id: $id", dict(accept), COORDINATOR_3
    )

    assert error_of(by_requester) == ("FORBIDDEN", "You don't have access to 'base=3'")
    agreement = by_partner["data"]["acceptTransferAgreement"]
    assert (agreement["state"], agreement["acceptedBy"]) == ("Accepted", {"id": "20"})


# --- the shipment --------------------------------------------------------------------------


def test_the_source_side_starts_a_shipment_under_the_agreement(writable_client, world):
    response = mutate(
        writable_client,
        "createShipment",
        "creationInput: {sourceBaseId: 1, targetBaseId: 3, transferAgreementId: $agreement}",
        {"_types": {"agreement": "Int"}, "agreement": int(world["agreement"])},
        COORDINATOR_1,
    )

    shipment = response["data"]["createShipment"]
    assert shipment["state"] == "Preparing"
    assert shipment["labelIdentifier"].endswith("-LExSA")
    assert shipment["details"] == []
    world["shipment"] = shipment["id"]


def test_a_shipment_to_a_base_outside_the_agreement_is_refused(writable_client, world):
    response = mutate(
        writable_client,
        "createShipment",
        "creationInput: {sourceBaseId: 1, targetBaseId: 4, transferAgreementId: $agreement}",
        {"_types": {"agreement": "Int"}, "agreement": int(world["agreement"])},
        COORDINATOR_1,
    )

    assert error_of(response) == (
        "BAD_USER_INPUT",
        "The specified base (ID: 4) is not part of the current transfer agreement "
        "(included base IDs: source, target).",
    )


def test_packing_marks_in_stock_boxes_of_the_source_base_and_skips_the_others(
    writable_client, world
):
    labels = world["labels"]
    response = prepare(
        writable_client, world["shipment"], COORDINATOR_1, packed=[*labels[:5], "99999999"]
    )

    details = response["data"]["updateShipmentWhenPreparing"]["details"]
    assert sorted(d["box"]["labelIdentifier"] for d in details) == sorted(labels[:5])
    assert {d["box"]["state"] for d in details} == {"MarkedForShipment"}
    history = rows(
        world["db"],
        "SELECT h.from_int, h.to_int, h.user_id FROM history h JOIN stock s ON s.id = h.record_id"
        " WHERE h.tablename = 'stock' AND h.changes = 'box_state_id' AND s.box_id = %s"
        " ORDER BY h.id DESC LIMIT 1",
        labels[0],
    )
    assert history == [(IN_STOCK, MARKED, 8)]


def test_a_box_packed_for_one_shipment_cannot_go_into_another(writable_client, world):
    other = mutate(
        writable_client,
        "createShipment",
        "creationInput: {sourceBaseId: 1, targetBaseId: 3, transferAgreementId: $agreement}",
        {"_types": {"agreement": "Int"}, "agreement": int(world["agreement"])},
        COORDINATOR_1,
    )["data"]["createShipment"]

    response = prepare(writable_client, other["id"], COORDINATOR_1, packed=world["labels"][:1])

    assert response["data"]["updateShipmentWhenPreparing"]["details"] == []
    mutate(
        writable_client,
        "cancelShipment",
        "id: $id",
        {"_types": {"id": "ID!"}, "id": other["id"]},
        COORDINATOR_1,
    )


def test_taking_a_box_out_puts_it_back_in_stock(writable_client, world):
    removed = world["labels"][4]

    response = prepare(writable_client, world["shipment"], COORDINATOR_1, removed=[removed])

    details = response["data"]["updateShipmentWhenPreparing"]["details"]
    (detail,) = [d for d in details if d["box"]["labelIdentifier"] == removed]
    assert detail["box"]["state"] == "InStock"
    assert detail["removedBy"] == {"id": "8"}


def test_the_target_side_may_not_send_the_shipment(writable_client, world):
    response = shipment_mutation(writable_client, "sendShipment", world["shipment"], COORDINATOR_3)

    assert error_of(response) == ("FORBIDDEN", "You don't have access to 'base=1'")


def test_a_volunteer_without_shipment_permission_may_not_send_it(writable_client, world):
    response = shipment_mutation(writable_client, "sendShipment", world["shipment"], WAREHOUSE_1)

    assert error_of(response) == ("FORBIDDEN", "You don't have access to 'shipment:edit'")


def test_sending_puts_the_packed_boxes_in_transit(writable_client, world):
    response = shipment_mutation(writable_client, "sendShipment", world["shipment"], COORDINATOR_1)

    shipment = response["data"]["sendShipment"]
    assert (shipment["state"], shipment["sentBy"]) == ("Sent", {"id": "8"})
    states = {d["box"]["labelIdentifier"]: d["box"]["state"] for d in shipment["details"]}
    assert states == {
        **{label: "InTransit" for label in world["labels"][:4]},
        world["labels"][4]: "InStock",
    }


def test_a_sent_shipment_can_no_longer_be_canceled(writable_client, world):
    response = shipment_mutation(
        writable_client, "cancelShipment", world["shipment"], COORDINATOR_1
    )

    assert error_of(response) == (
        "BAD_USER_INPUT",
        "The state of the shipment (Sent) does not allow the requested action. "
        "Expecting state: Preparing",
    )


def test_only_the_target_side_starts_receiving(writable_client, world):
    by_source = shipment_mutation(
        writable_client, "startReceivingShipment", world["shipment"], COORDINATOR_1
    )
    by_target = shipment_mutation(
        writable_client, "startReceivingShipment", world["shipment"], COORDINATOR_3
    )

    assert error_of(by_source) == ("FORBIDDEN", "You don't have access to 'base=3'")
    shipment = by_target["data"]["startReceivingShipment"]
    assert shipment["state"] == "Receiving"
    in_shipment = [d for d in shipment["details"] if d["removedBy"] is None]
    assert {d["box"]["state"] for d in in_shipment} == {"Receiving"}


def test_a_wrong_target_location_fails_the_whole_reconciliation(writable_client, world):
    details = shipment_details(writable_client, world)
    wrong = {
        "id": details[0]["id"],
        "targetProductId": world["target_product"],
        "targetLocationId": 1,  # Lesvos: not the target base
        "targetSizeId": world["target_size"],
        "targetQuantity": 1,
    }

    response = receive(
        writable_client,
        world["shipment"],
        COORDINATOR_3,
        received=[wrong],
        lost=[details[1]["box"]["labelIdentifier"]],
    )

    code, description = error_of(response)
    assert code == "BAD_USER_INPUT"
    assert description.endswith(f"shipment detail {details[0]['id']}")
    assert shipment_details(writable_client, world)[1]["lostBy"] is None


def shipment_details(client, world) -> list[dict]:
    """The shipment's details still in it (not removed), by id."""
    query = (
        "query ($id: ID!) { shipment(id: $id) { details {"
        " id removedBy { id } lostBy { id } box { labelIdentifier } } } }"
    )
    details = client.data(query, {"id": world["shipment"]}, **GOD)["shipment"]["details"]
    return [d for d in details if d["removedBy"] is None]


def test_reconciling_every_box_completes_the_shipment(writable_client, world):
    details = shipment_details(writable_client, world)
    received = [
        {
            "id": detail["id"],
            "targetProductId": world["target_product"],
            "targetLocationId": world["target_location"],
            "targetSizeId": world["target_size"],
            "targetQuantity": 7,
        }
        for detail in details[:3]
    ]
    lost = details[3]["box"]["labelIdentifier"]

    response = receive(
        writable_client, world["shipment"], COORDINATOR_3, received=received, lost=[lost]
    )

    shipment = response["data"]["updateShipmentWhenReceiving"]
    assert (shipment["state"], shipment["completedBy"]) == ("Completed", {"id": "20"})
    by_label = {d["box"]["labelIdentifier"]: d for d in shipment["details"]}
    assert by_label[lost]["box"]["state"] == "NotDelivered"
    assert by_label[lost]["lostBy"] == {"id": "20"}
    for detail in details[:3]:
        checked_in = by_label[detail["box"]["labelIdentifier"]]
        assert checked_in["box"]["state"] == "InStock"
        assert checked_in["targetLocation"] == {"id": str(world["target_location"])}
        assert checked_in["targetQuantity"] == 7
        assert checked_in["receivedBy"] == {"id": "20"}


def test_received_boxes_are_in_the_target_base_with_their_history(writable_client, world):
    label = shipment_details(writable_client, world)[0]["box"]["labelIdentifier"]
    (box,) = rows(
        world["db"],
        "SELECT id, location_id, product_id, items, box_state_id, modified_by FROM stock"
        " WHERE box_id = %s",
        label,
    )
    box_id, location, product, items, state, modified_by = box

    assert (location, product, items, state) == (
        world["target_location"],
        world["target_product"],
        7,
        IN_STOCK,
    )
    # The check-in leaves modified/modified_by alone, as the original does.
    assert modified_by == 20
    changes = rows(
        world["db"],
        "SELECT changes, from_int, to_int FROM history WHERE tablename = 'stock'"
        " AND record_id = %s ORDER BY id",
        box_id,
    )
    states = [(f, t) for c, f, t in changes if c == "box_state_id"]
    assert states[-4:] == [
        (IN_STOCK, MARKED),
        (MARKED, IN_TRANSIT),
        (IN_TRANSIT, RECEIVING),
        (RECEIVING, IN_STOCK),
    ]
    checked_in = [
        c for c, _, _ in changes[changes.index(("box_state_id", IN_TRANSIT, RECEIVING)) :]
    ]
    assert {"product_id", "location_id", "items"} <= set(checked_in)
    assert checked_in[-1] == "box_state_id"
    assert rows(
        world["db"],
        "SELECT COUNT(*) FROM tags_relations WHERE object_type = 'Stock' AND object_id = %s"
        " AND deleted_on IS NULL",
        box_id,
    ) == [(0,)]
