"""Shipments and shipment details (read side), and Box.shipmentDetail.

Tests on `seed_client` compare with what the original answers on its development
seed (base 1 "Lesvos" of organisation 1; bases 2-4 of organisation 2; shipments
1-6 involve base 1, shipments 7-10 only bases 2-4). Tests on `client` check
behaviour on our demo world and find their rows by querying as god.
"""

from __future__ import annotations

import pytest

from support.errors import BAD_USER_INPUT, FORBIDDEN, error_codes
from support.users import COORDINATOR, GOD, WAREHOUSE_VOLUNTEER, coordinator_of
from support.world import ACTIVE_BASES


def seed_coordinator(base_id: int, organisation_id: int, user_id: int) -> dict:
    """A coordinator of the original's dev seed (its own users, not the demo world's)."""
    return dict(
        role="coordinator", organisation_id=organisation_id, base_ids=[base_id], user_id=user_id
    )


def ids(rows: list[dict]) -> list[int]:
    return [int(row["id"]) for row in rows]


# --- shipments(states) ------------------------------------------------------------------


def test_a_coordinator_lists_the_shipments_from_and_to_their_base(seed_client):
    shipments = seed_client.data("query { shipments { id } }", **COORDINATOR)["shipments"]

    assert ids(shipments) == [1, 2, 3, 4, 5, 6]


def test_shipments_are_filtered_by_state(seed_client):
    query = "query($states: [ShipmentState!]) { shipments(states: $states) { id state } }"

    filtered = seed_client.data(query, {"states": ["Preparing", "Sent"]}, **COORDINATOR)
    unfiltered = seed_client.data(query, {"states": []}, **COORDINATOR)

    assert filtered["shipments"] == [
        {"id": "5", "state": "Preparing"},
        {"id": "6", "state": "Sent"},
    ]
    assert ids(unfiltered["shipments"]) == [1, 2, 3, 4, 5, 6]


def test_a_coordinator_of_the_partner_organisation_sees_the_shipments_of_their_base(seed_client):
    user = seed_coordinator(base_id=2, organisation_id=2, user_id=10)

    shipments = seed_client.data("query { shipments { id } }", **user)["shipments"]

    # Cross-organisation 1-4 and the intra-organisation 7, 8 and 10.
    assert ids(shipments) == [1, 2, 3, 4, 7, 8, 10]


def test_god_lists_all_shipments(seed_client):
    shipments = seed_client.data("query { shipments { id } }", **GOD)["shipments"]

    assert ids(shipments) == list(range(1, 11))


def test_listing_shipments_without_shipment_permission_is_forbidden(seed_client):
    response = seed_client.execute("query { shipments { id } }", **WAREHOUSE_VOLUNTEER)

    # The list is non-null, so the whole data is null.
    assert response["data"] is None
    assert error_codes(response) == [(("shipments",), FORBIDDEN)]
    assert response["errors"][0]["extensions"]["description"] == (
        "You don't have access to 'shipment:read'"
    )


# --- shipment(id) -----------------------------------------------------------------------


SHIPMENT_FIELDS = """
    id labelIdentifier state
    sourceBase { id name } targetBase { id name }
    transferAgreement { id type state }
    startedBy { id } startedOn sentBy { id } sentOn
    receivingStartedBy { id } receivingStartedOn
    completedBy { id } completedOn canceledBy { id } canceledOn
"""


def test_a_coordinator_reads_a_shipment_of_their_base(seed_client):
    query = f"query {{ shipment(id: 1) {{ {SHIPMENT_FIELDS} }} }}"

    shipment = seed_client.data(query, **COORDINATOR)["shipment"]

    assert shipment == {
        "id": "1",
        "labelIdentifier": "S001-251223-LExTH",
        "state": "Completed",
        "sourceBase": {"id": "1", "name": "Lesvos"},
        "targetBase": {"id": "2", "name": "Thessaloniki"},
        "transferAgreement": {"id": "4", "type": "Bidirectional", "state": "Accepted"},
        "startedBy": {"id": "2"},
        "startedOn": "2025-12-23T16:40:13+00:00",
        "sentBy": {"id": "2"},
        "sentOn": shipment["sentOn"],
        "receivingStartedBy": {"id": "10"},
        "receivingStartedOn": shipment["receivingStartedOn"],
        "completedBy": {"id": "10"},
        "completedOn": "2025-12-24T05:40:00+00:00",
        "canceledBy": None,
        "canceledOn": None,
    }
    assert shipment["sentOn"] and shipment["receivingStartedOn"]


def test_the_label_identifier_names_id_start_date_and_both_bases(seed_client):
    query = "query { shipments { id labelIdentifier } }"

    labels = {s["id"]: s["labelIdentifier"] for s in seed_client.data(query, **GOD)["shipments"]}

    assert labels["3"] == "S003-251224-THxLE"
    assert labels["9"] == "S009-251226-SAxAT"
    assert labels["10"] == "S010-251227-ATxTH"


def test_a_shipment_between_bases_of_one_organisation_has_no_agreement(seed_client):
    shipment = seed_client.data(
        "query { shipment(id: 7) { transferAgreement { id } sourceBase { id } } }", **GOD
    )["shipment"]

    assert shipment == {"transferAgreement": None, "sourceBase": {"id": "2"}}


def test_a_shipment_not_involving_the_users_bases_is_forbidden(seed_client):
    response = seed_client.execute("query { shipment(id: 7) { id } }", **COORDINATOR)

    assert response["data"] == {"shipment": None}
    assert error_codes(response) == [(("shipment",), FORBIDDEN)]
    assert response["errors"][0]["extensions"]["description"] == (
        "You don't have access to 'bases=[2, 3]'"
    )


def test_the_target_side_reads_an_incoming_shipment(seed_client):
    user = seed_coordinator(base_id=3, organisation_id=2, user_id=10)

    shipment = seed_client.data("query { shipment(id: 5) { id state } }", **user)["shipment"]

    assert shipment == {"id": "5", "state": "Preparing"}


def test_a_missing_shipment_is_bad_user_input_even_without_permission(seed_client):
    for user in (COORDINATOR, WAREHOUSE_VOLUNTEER):
        response = seed_client.execute("query { shipment(id: 999999) { id } }", **user)

        assert response["data"] == {"shipment": None}
        assert error_codes(response) == [(("shipment",), BAD_USER_INPUT)]


def test_reading_a_shipment_without_shipment_permission_is_forbidden(seed_client):
    response = seed_client.execute("query { shipment(id: 1) { id } }", **WAREHOUSE_VOLUNTEER)

    assert error_codes(response) == [(("shipment",), FORBIDDEN)]
    assert response["errors"][0]["extensions"]["description"] == (
        "You don't have access to 'shipment:read'"
    )


DIRECTIONS = "query($base: ID!) { shipments { id direction(baseId: $base) } }"


def directions(seed_client, base_id: int, user: dict) -> dict[int, str]:
    shipments = seed_client.data(DIRECTIONS, {"base": str(base_id)}, **user)["shipments"]
    return {int(s["id"]): s["direction"] for s in shipments}


def test_direction_is_seen_from_the_given_base(seed_client):
    # Seed shipments 1-2: base 1 -> 2, 3-4: 2 -> 1, 5-6: 3 -> 1.
    assert directions(seed_client, 1, COORDINATOR) == {
        1: "Outgoing",
        2: "Outgoing",
        3: "Incoming",
        4: "Incoming",
        5: "Incoming",
        6: "Incoming",
    }


def test_direction_of_a_shipment_not_touching_the_base_is_seen_from_the_users_bases(
    seed_client,
):
    # Seed shipments 5-6: base 3 -> 1, 9: 3 -> 4, 10: 4 -> 2.
    bases_2_and_3 = dict(role="coordinator", organisation_id=2, base_ids=[2, 3], user_id=17)

    seen = directions(seed_client, 2, bases_2_and_3)

    assert (seen[5], seen[6], seen[9], seen[10]) == ("Outgoing", "Outgoing", "Outgoing", "Incoming")


def test_direction_between_two_of_the_users_other_bases_is_indeterminate(seed_client):
    # Seed shipment 7: base 2 -> 3, seen from base 1.
    bases_1_2_3 = dict(role="coordinator", organisation_id=1, base_ids=[1, 2, 3], user_id=8)

    assert directions(seed_client, 1, bases_1_2_3)[7] == "Indeterminate"
    assert directions(seed_client, 4, GOD)[7] == "Indeterminate"


def test_direction_from_a_base_the_user_may_not_read_fails_the_whole_answer(seed_client):
    response = seed_client.execute(DIRECTIONS, {"base": "4"}, **COORDINATOR)

    # direction is non-null, and so are the list's items and the list.
    assert response["data"] is None
    assert error_codes(response) == [(("shipments", 0, "direction"), FORBIDDEN)]


# --- Shipment.details and ShipmentDetail -------------------------------------------------


def test_details_include_removed_lost_and_received_ones_by_id(seed_client):
    query = "query { shipment(id: 2) { details { id removedOn } } }"

    details = seed_client.data(query, **COORDINATOR)["shipment"]["details"]

    assert len(details) == 9
    assert ids(details) == sorted(ids(details))
    assert all(d["removedOn"] for d in details)


DETAIL_FIELDS = """
    id sourceQuantity targetQuantity
    sourceProduct { id } targetProduct { id }
    sourceLocation { id } targetLocation { id }
    sourceSize { id } targetSize { id }
    box { id labelIdentifier }
    shipment { id }
    createdBy { id } createdOn removedBy { id } removedOn
    lostBy { id } lostOn receivedBy { id } receivedOn
"""


def test_a_received_detail_shows_both_sides(seed_client):
    query = f"query {{ shipment(id: 1) {{ details {{ {DETAIL_FIELDS} }} }} }}"

    details = seed_client.data(query, **COORDINATOR)["shipment"]["details"]
    received = next(d for d in details if d["id"] == "3")

    # The target product and location live in base 2, yet the base-1 user sees them.
    assert received == {
        "id": "3",
        "sourceQuantity": 939,
        "targetQuantity": 939,
        "sourceProduct": {"id": "1176"},
        "targetProduct": {"id": "1260"},
        "sourceLocation": {"id": "100000036"},
        "targetLocation": {"id": "100000042"},
        "sourceSize": {"id": "4"},
        "targetSize": {"id": "4"},
        "box": {"id": "100000694", "labelIdentifier": received["box"]["labelIdentifier"]},
        "shipment": {"id": "1"},
        "createdBy": {"id": "2"},
        "createdOn": received["createdOn"],
        "removedBy": None,
        "removedOn": None,
        "lostBy": None,
        "lostOn": None,
        "receivedBy": {"id": "10"},
        "receivedOn": received["receivedOn"],
    }
    assert received["createdOn"] and received["receivedOn"]


def test_an_unreceived_detail_has_no_target_side(seed_client):
    query = f"query {{ shipment(id: 4) {{ details {{ {DETAIL_FIELDS} }} }} }}"

    detail = seed_client.data(query, **COORDINATOR)["shipment"]["details"][0]

    assert detail["id"] == "22"
    assert detail["targetProduct"] is None
    assert detail["targetLocation"] is None
    assert detail["targetSize"] is None
    assert detail["targetQuantity"] is None
    assert detail["sourceProduct"] == {"id": "1308"}


def test_auto_matching_proposes_the_target_base_instantiation_of_the_standard_product(
    seed_client,
):
    query = """query {
        one: shipment(id: 1) { details { id autoMatchingTargetProduct { id } } }
        five: shipment(id: 5) { details { id autoMatchingTargetProduct { id } } } }"""

    data = seed_client.data(query, **COORDINATOR)
    matches = {
        d["id"]: (d["autoMatchingTargetProduct"] or {}).get("id")
        for shipment in data.values()
        for d in shipment["details"]
    }

    # Standard-product sources match in the shipment's target base; custom ones don't.
    assert matches["7"] == "1317"
    assert matches["29"] == "1230"
    assert matches["30"] == "1225"
    assert matches["1"] is None
    assert matches["26"] is None


def with_permissions(client, *permissions: str, base_ids=(1,)) -> str:
    return client.token(permissions=list(permissions), base_ids=list(base_ids), organisation_id=1)


def test_reading_details_needs_shipment_detail_permission(seed_client):
    token = with_permissions(seed_client, "shipment:read")

    response = seed_client.execute("query { shipment(id: 1) { id details { id } } }", token=token)

    # details is non-null: the shipment becomes null.
    assert response["data"] == {"shipment": None}
    assert error_codes(response) == [(("shipment", "details"), FORBIDDEN)]


def test_detail_parts_need_their_permission_in_either_shipment_base(seed_client):
    query = """query { shipment(id: 1) { details {
        id sourceProduct { id } sourceLocation { id } box { id } } } }"""
    # shipment:read and shipment_detail:read only in base 1 (the source).
    token = with_permissions(seed_client, "shipment:read", "shipment_detail:read")

    response = seed_client.execute(query, token=token)

    paths = {path[-1] for path, code in error_codes(response) if code == FORBIDDEN}
    assert paths == {"sourceProduct", "sourceLocation", "box"}

    # Permissions granted in the target base 2 suffice as well.
    token = with_permissions(
        seed_client,
        "shipment:read",
        "shipment_detail:read",
        "product:read",
        "location:read",
        "stock:read",
        base_ids=(2,),
    )
    details = seed_client.data(query, token=token)["shipment"]["details"]
    assert details[0]["sourceProduct"] == {"id": "1182"}
    assert details[0]["sourceLocation"] == {"id": "100000036"}


def test_shipment_bases_need_base_permission_in_either_base(seed_client):
    query = "query { shipment(id: 1) { sourceBase { id } targetBase { id } } }"

    without = seed_client.execute(query, token=with_permissions(seed_client, "shipment:read"))
    with_target = seed_client.data(
        query, token=with_permissions(seed_client, "shipment:read", "base:read", base_ids=(2,))
    )

    assert without["data"] == {"shipment": None}
    assert error_codes(without)[0] == (("shipment", "sourceBase"), FORBIDDEN)
    assert with_target["shipment"] == {"sourceBase": {"id": "1"}, "targetBase": {"id": "2"}}


def test_creator_fields_need_user_permission(seed_client):
    token = with_permissions(seed_client, "shipment:read")

    response = seed_client.execute(
        "query { shipment(id: 2) { id canceledBy { id } } }", token=token
    )

    assert response["data"] == {"shipment": {"id": "2", "canceledBy": None}}
    assert error_codes(response) == [(("shipment", "canceledBy"), FORBIDDEN)]


# --- Box.shipmentDetail -----------------------------------------------------------------


def test_a_box_names_the_detail_of_the_shipment_it_is_in(seed_client):
    query = """query { shipment(id: 4) { details {
        id box { id shipmentDetail { id shipment { id } } } } } }"""

    details = seed_client.data(query, **COORDINATOR)["shipment"]["details"]

    for detail in details:
        assert detail["box"]["shipmentDetail"] == {"id": detail["id"], "shipment": {"id": "4"}}


def test_a_box_removed_from_a_shipment_has_no_shipment_detail(seed_client):
    query = "query { shipment(id: 2) { details { box { id shipmentDetail { id } } } } }"

    details = seed_client.data(query, **COORDINATOR)["shipment"]["details"]

    assert {d["box"]["shipmentDetail"] is None for d in details} == {True}


def test_without_shipment_detail_permission_a_box_shows_no_shipment_detail(seed_client):
    # Box 73774232 is being received in base 1 (shipment 4); the warehouse volunteer
    # may read it but not shipment details: null, not an error, as in the original.
    query = 'query { box(labelIdentifier: "73774232") { state shipmentDetail { id } } }'

    response = seed_client.execute(query, **WAREHOUSE_VOLUNTEER)

    assert response == {"data": {"box": {"state": "Receiving", "shipmentDetail": None}}}


# --- the demo world -----------------------------------------------------------------------


ALL_SHIPMENTS = """query { shipments {
    id state sourceBase { id organisation { id } } targetBase { id organisation { id } } } }"""


def demo_shipments(client) -> list[dict]:
    shipments = client.data(ALL_SHIPMENTS, **GOD)["shipments"]
    assert shipments, "the demo world has shipments"
    return shipments


def bases_of(shipment: dict) -> set[int]:
    return {int(shipment["sourceBase"]["id"]), int(shipment["targetBase"]["id"])}


@pytest.mark.parametrize("base_id", ACTIVE_BASES)
def test_each_coordinator_sees_exactly_the_shipments_of_their_base(client, base_id):
    expected = [int(s["id"]) for s in demo_shipments(client) if base_id in bases_of(s)]

    shipments = client.data("query { shipments { id } }", **coordinator_of(base_id))["shipments"]

    assert ids(shipments) == expected


def test_the_partner_organisation_reads_a_cross_organisation_shipment(client):
    shipment = next(
        s
        for s in demo_shipments(client)
        if s["sourceBase"]["organisation"]["id"] != s["targetBase"]["organisation"]["id"]
    )
    for base in (shipment["sourceBase"], shipment["targetBase"]):
        user = coordinator_of(int(base["id"]))

        read = client.data(
            "query($id: ID!) { shipment(id: $id) { id sourceBase { id } targetBase { id } } }",
            {"id": shipment["id"]},
            **user,
        )["shipment"]

        assert read["id"] == shipment["id"]
        assert read["sourceBase"]["id"] == shipment["sourceBase"]["id"]
        assert read["targetBase"]["id"] == shipment["targetBase"]["id"]


def test_an_uninvolved_base_cannot_read_a_shipment(client):
    for shipment in demo_shipments(client):
        outsider = next(b for b in (1, 2, 3, 4) if b not in bases_of(shipment))
        user = coordinator_of(outsider)

        response = client.execute(
            "query($id: ID!) { shipment(id: $id) { id } }", {"id": shipment["id"]}, **user
        )

        assert response["data"] == {"shipment": None}
        assert error_codes(response) == [(("shipment",), FORBIDDEN)]


def test_shipments_come_in_every_state_and_filter_by_it(client):
    shipments = demo_shipments(client)
    states = {s["state"] for s in shipments}
    query = "query($states: [ShipmentState!]) { shipments(states: $states) { id state } }"

    assert states == {"Preparing", "Sent", "Receiving", "Completed", "Canceled", "Lost"}
    for state in states:
        filtered = client.data(query, {"states": [state]}, **GOD)["shipments"]

        assert filtered
        assert {s["state"] for s in filtered} == {state}
        assert ids(filtered) == [int(s["id"]) for s in shipments if s["state"] == state]


def test_every_shipment_label_identifier_follows_the_format(client):
    query = """query { shipments {
        id labelIdentifier startedOn sourceBase { name } targetBase { name } } }"""

    for s in client.data(query, **GOD)["shipments"]:
        id_part = f"{int(s['id']):03}"[-3:]
        date_part = s["startedOn"][2:10].replace("-", "")
        source, target = s["sourceBase"]["name"], s["targetBase"]["name"]
        bases_part = f"{source.upper()[:2]}x{target.upper()[:2]}"
        assert s["labelIdentifier"] == f"S{id_part}-{date_part}-{bases_part}"


def test_details_of_a_demo_shipment_point_back_to_it(client):
    shipment = next(s for s in demo_shipments(client) if s["state"] == "Preparing")

    details = client.data(
        "query($id: ID!) { shipment(id: $id) { details { id shipment { id } box { id } } } }",
        {"id": shipment["id"]},
        **GOD,
    )["shipment"]["details"]

    assert details
    assert {d["shipment"]["id"] for d in details} == {shipment["id"]}
