"""Transfer agreements (read side).

Tests on `seed_client` compare with what the original answers on its development
seed: organisation 1 (base 1) and organisation 2 (bases 2-4) share agreements 2-5;
agreement 1 joins two test organisations (bases 100000000 and 100000001). Tests on
`client` check behaviour on our demo world and find their rows by querying as god.
"""

from __future__ import annotations

import pytest

from boxtribute_api.agreement.models import TransferAgreement, TransferAgreementDetail
from boxtribute_api.base.models import Base
from boxtribute_api.db.routing import connection_scope
from support.errors import BAD_USER_INPUT, FORBIDDEN, error_codes
from support.users import COORDINATOR, GOD, WAREHOUSE_VOLUNTEER, coordinator_of
from support.world import ACTIVE_BASES

ALL_STATES = ["UnderReview", "Accepted", "Rejected", "Canceled", "Expired"]


def seed_coordinator(base_id: int, organisation_id: int, user_id: int) -> dict:
    """A coordinator of the original's dev seed (its own users, not the demo world's)."""
    return dict(
        role="coordinator", organisation_id=organisation_id, base_ids=[base_id], user_id=user_id
    )


def ids(rows: list[dict]) -> list[int]:
    return [int(row["id"]) for row in rows]


AGREEMENTS_BY_STATE = """query($states: [TransferAgreementState!]) {
    transferAgreements(states: $states) { id state } }"""


# --- transferAgreements(states) -----------------------------------------------------------


def test_a_coordinator_lists_the_agreements_naming_their_base(seed_client):
    agreements = seed_client.data(AGREEMENTS_BY_STATE, {"states": ALL_STATES}, **COORDINATOR)

    assert agreements["transferAgreements"] == [
        {"id": "2", "state": "Rejected"},
        {"id": "3", "state": "Canceled"},
        {"id": "4", "state": "Accepted"},
        {"id": "5", "state": "UnderReview"},
    ]


def test_without_states_every_state_is_listed(seed_client):
    for variables in ({}, {"states": []}, {"states": None}):
        agreements = seed_client.data(AGREEMENTS_BY_STATE, variables, **COORDINATOR)

        assert ids(agreements["transferAgreements"]) == [2, 3, 4, 5]


def test_agreements_are_filtered_by_state(seed_client):
    accepted = seed_client.data(AGREEMENTS_BY_STATE, {"states": ["Accepted"]}, **COORDINATOR)
    ended = seed_client.data(
        AGREEMENTS_BY_STATE, {"states": ["Rejected", "Canceled"]}, **COORDINATOR
    )

    assert ids(accepted["transferAgreements"]) == [4]
    assert ids(ended["transferAgreements"]) == [2, 3]


def test_a_partner_base_sees_the_agreements_naming_it(seed_client):
    user = seed_coordinator(base_id=4, organisation_id=2, user_id=10)

    agreements = seed_client.data(AGREEMENTS_BY_STATE, **user)["transferAgreements"]

    # Agreement 4 covers bases 2 and 3 of organisation 2 only.
    assert ids(agreements) == [2, 3, 5]


def test_an_unrelated_organisation_sees_only_its_own_agreements(seed_client):
    user = seed_coordinator(base_id=100000000, organisation_id=100000000, user_id=8)

    agreements = seed_client.data(AGREEMENTS_BY_STATE, **user)["transferAgreements"]

    assert ids(agreements) == [1]


def test_god_lists_all_agreements(seed_client):
    agreements = seed_client.data(AGREEMENTS_BY_STATE, **GOD)["transferAgreements"]

    assert ids(agreements) == [1, 2, 3, 4, 5]


def test_listing_agreements_without_permission_is_forbidden(seed_client):
    response = seed_client.execute(AGREEMENTS_BY_STATE, **WAREHOUSE_VOLUNTEER)

    assert response["data"] is None
    assert error_codes(response) == [(("transferAgreements",), FORBIDDEN)]
    # The list is filtered by the details' bases, hence the detail permission.
    assert response["errors"][0]["extensions"]["description"] == (
        "You don't have access to 'transfer_agreement_detail:read'"
    )


# --- transferAgreement(id) ----------------------------------------------------------------


AGREEMENT_FIELDS = """
    id state type comment
    sourceOrganisation { id name } targetOrganisation { id name }
    sourceBases { id } targetBases { id }
    requestedBy { id } requestedOn acceptedBy { id } acceptedOn
    terminatedBy { id } terminatedOn validFrom validUntil
    shipments { id }
"""


def test_a_coordinator_reads_an_agreement_of_their_organisation(seed_client):
    query = f"query {{ transferAgreement(id: 4) {{ {AGREEMENT_FIELDS} }} }}"

    agreement = seed_client.data(query, **COORDINATOR)["transferAgreement"]

    assert agreement == {
        "id": "4",
        "state": "Accepted",
        "type": "Bidirectional",
        "comment": "we want this to work forever",
        "sourceOrganisation": {"id": "1", "name": "BoxAid"},
        "targetOrganisation": {"id": "2", "name": "BoxCare"},
        "sourceBases": [{"id": "1"}],
        "targetBases": [{"id": "2"}, {"id": "3"}],
        "requestedBy": {"id": "2"},
        "requestedOn": "2025-11-01T23:57:37+00:00",
        "acceptedBy": {"id": "10"},
        "acceptedOn": "2025-12-11T23:56:45+00:00",
        "terminatedBy": None,
        "terminatedOn": None,
        "validFrom": "2025-11-01T23:57:37+00:00",
        "validUntil": None,
        "shipments": [{"id": str(i)} for i in range(1, 7)],
    }


def test_agreement_shipments_are_those_the_user_may_read(seed_client):
    query = "query { transferAgreement(id: 4) { shipments { id sourceBase { id } } } }"
    user = seed_coordinator(base_id=3, organisation_id=2, user_id=10)

    shipments = seed_client.data(query, **user)["transferAgreement"]["shipments"]

    # Shipments 1-4 run between bases 1 and 2: not the base-3 user's business.
    assert ids(shipments) == [5, 6]


def test_an_agreement_without_shipments_lists_none(seed_client):
    query = "query { transferAgreement(id: 5) { shipments { id } } }"

    assert seed_client.data(query, **COORDINATOR)["transferAgreement"]["shipments"] == []


def test_an_agreement_of_other_organisations_is_forbidden(seed_client):
    response = seed_client.execute("query { transferAgreement(id: 1) { id } }", **COORDINATOR)

    assert response["data"] == {"transferAgreement": None}
    assert error_codes(response) == [(("transferAgreement",), FORBIDDEN)]
    assert response["errors"][0]["extensions"]["description"] == (
        "You don't have access to 'bases=[100000000, 100000001]'"
    )


def test_a_missing_agreement_is_bad_user_input_even_without_permission(seed_client):
    for user in (COORDINATOR, WAREHOUSE_VOLUNTEER):
        response = seed_client.execute("query { transferAgreement(id: 999) { id } }", **user)

        assert response["data"] == {"transferAgreement": None}
        assert error_codes(response) == [(("transferAgreement",), BAD_USER_INPUT)]


def test_reading_an_agreement_needs_agreement_permission(seed_client):
    response = seed_client.execute(
        "query { transferAgreement(id: 4) { id } }", **WAREHOUSE_VOLUNTEER
    )

    assert error_codes(response) == [(("transferAgreement",), FORBIDDEN)]
    assert response["errors"][0]["extensions"]["description"] == (
        "You don't have access to 'transfer_agreement:read'"
    )


def test_god_reads_any_agreement(seed_client):
    query = "query { transferAgreement(id: 1) { id sourceBases { id } targetBases { id } } }"

    agreement = seed_client.data(query, **GOD)["transferAgreement"]

    assert agreement == {
        "id": "1",
        "sourceBases": [{"id": "100000000"}],
        "targetBases": [{"id": "100000001"}],
    }


def test_agreement_bases_of_the_partner_are_listed(seed_client):
    query = "query { transferAgreement(id: 3) { sourceBases { name } targetBases { name } } }"

    agreement = seed_client.data(query, **COORDINATOR)["transferAgreement"]

    assert agreement == {
        "sourceBases": [{"name": "Thessaloniki"}, {"name": "Athens"}],
        "targetBases": [{"name": "Lesvos"}],
    }


def test_agreement_bases_need_base_permission_for_one_of_them(seed_client):
    query = "query { transferAgreement(id: 4) { id sourceBases { id } } }"
    token = seed_client.token(
        permissions=["transfer_agreement:read"], base_ids=[1], organisation_id=1
    )

    response = seed_client.execute(query, token=token)

    assert response["data"] == {"transferAgreement": {"id": "4", "sourceBases": None}}
    assert error_codes(response) == [(("transferAgreement", "sourceBases"), FORBIDDEN)]


# --- the demo world -----------------------------------------------------------------------


ALL_AGREEMENTS = """query { transferAgreements {
    id state sourceOrganisation { id } targetOrganisation { id }
    sourceBases { id } targetBases { id } } }"""


def demo_agreements(client) -> list[dict]:
    agreements = client.data(ALL_AGREEMENTS, **GOD)["transferAgreements"]
    assert agreements, "the demo world has transfer agreements"
    return agreements


def bases_of(agreement: dict) -> set[int]:
    return {int(b["id"]) for b in agreement["sourceBases"] + agreement["targetBases"]}


@pytest.mark.parametrize("base_id", ACTIVE_BASES)
def test_each_coordinator_sees_the_agreements_naming_their_base(client, base_id):
    expected = [int(a["id"]) for a in demo_agreements(client) if base_id in bases_of(a)]

    agreements = client.data(AGREEMENTS_BY_STATE, **coordinator_of(base_id))["transferAgreements"]

    assert ids(agreements) == expected


def test_the_demo_world_has_accepted_under_review_and_canceled_agreements(client):
    states = {a["state"] for a in demo_agreements(client)}

    assert {"Accepted", "UnderReview", "Canceled"} <= states
    accepted = client.data(AGREEMENTS_BY_STATE, {"states": ["Accepted"]}, **GOD)
    assert {a["state"] for a in accepted["transferAgreements"]} == {"Accepted"}


def test_both_organisations_of_an_agreement_read_it(client):
    agreement = demo_agreements(client)[0]
    for side in ("sourceBases", "targetBases"):
        base_id = int(agreement[side][0]["id"])
        user = coordinator_of(base_id)

        read = client.data(
            "query($id: ID!) { transferAgreement(id: $id) { id } }", {"id": agreement["id"]}, **user
        )

        assert read == {"transferAgreement": {"id": agreement["id"]}}


def test_a_deleted_base_is_listed_only_when_asked_for(client):
    agreement_id = int(demo_agreements(client)[0]["id"])
    with connection_scope():
        deleted_base = Base.select().where(~Base.deleted_on.is_unset()).first()
        assert deleted_base is not None, "the demo world has a deleted base"
        detail = TransferAgreementDetail.create(
            transfer_agreement=TransferAgreement.get_by_id(agreement_id),
            source_base=None,
            target_base=deleted_base.id,
        )
    query = """query($id: ID!) { transferAgreement(id: $id) {
        default: targetBases { id }
        withDeleted: targetBases(filterInput: {includeDeleted: true}) { id } } }"""
    try:
        agreement = client.data(query, {"id": str(agreement_id)}, **GOD)["transferAgreement"]
    finally:
        with connection_scope():
            detail.delete_instance()

    assert str(deleted_base.id) not in {b["id"] for b in agreement["default"]}
    assert str(deleted_base.id) in {b["id"] for b in agreement["withDeleted"]}
