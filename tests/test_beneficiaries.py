"""Beneficiaries: reading, listing, creating (one or many), updating and deactivating
them, with the legacy `people` table's conventions and the original's history rows.
The compat cases (tests/compat, Extra*Beneficiar*) compare every detail with the
original; these tests state the rules."""

from __future__ import annotations

import datetime

import pytest

from boxtribute_api.beneficiary.resolvers import age_on
from support.beneficiaries import (
    BASE_BENEFICIARIES,
    BENEFICIARIES,
    BENEFICIARY,
    CREATE,
    CREATE_MANY,
    DEACTIVATE,
    UPDATE,
    family_of,
    language_ids,
    live_tag_ids,
    new_beneficiary,
    people_row,
)
from support.errors import BAD_USER_INPUT, FORBIDDEN, INTERNAL_SERVER_ERROR, codes
from support.history import history_rows
from support.tag_writes import beneficiaries_of_base, new_tag
from support.users import (
    COORDINATOR,
    FREE_SHOP_VOLUNTEER,
    GOD,
    LIBRARY_VOLUNTEER,
    WAREHOUSE_VOLUNTEER,
    coordinator_of,
)

# --- creating ------------------------------------------------------------------------------------


def test_a_new_beneficiary_is_stored_the_legacy_way(writable_client):
    head = beneficiaries_of_base(1)[0]
    tag = new_tag(tag_type="People")
    given = new_beneficiary(
        familyHeadId=head.id,
        languages=["en", "ar"],
        tagIds=[tag.id, tag.id],
        signature="A. Example",
        dateOfSignature="2024-02-29",
        registered=False,
    )

    created = writable_client.data(CREATE, {"input": given}, **COORDINATOR)["createBeneficiary"]

    row = people_row(created["id"])
    assert (row["seq"], row["parent_id"], row["family_id"]) == (2, head.id, 0)
    assert (row["gender"], row["notregistered"], row["approvalsigned"]) == ("F", 1, 1)
    assert row["signaturefield"] is None  # the signature only sets approvalsigned
    assert row["deleted_text"] == "0000-00-00 00:00:00"
    assert row["signature_date_text"] == "2024-02-29 00:00:00"
    assert (row["created_by"], row["modified_by"]) == (8, 8)
    assert language_ids(created["id"]) == [2, 5]
    assert live_tag_ids(created["id"]) == [tag.id]
    assert history_rows("people", created["id"], "changes", "user") == [("Record created", 8)]
    assert created["dateOfSignature"] == "2024-02-29"
    assert (created["signed"], created["signature"], created["comment"]) == (True, None, "")
    assert created["tags"] == [{"id": str(tag.id)}] and created["languages"] == ["en", "ar"]


def test_without_a_signature_date_the_column_keeps_the_zero_date(writable_client):
    created = writable_client.data(
        CREATE, {"input": new_beneficiary(gender="Diverse")}, **COORDINATOR
    )["createBeneficiary"]

    row = people_row(created["id"])
    assert (row["seq"], row["gender"], row["approvalsigned"]) == (1, "", 0)
    assert row["signature_date_text"] == "0000-00-00 00:00:00"
    assert created["dateOfSignature"] is None and created["gender"] == "Diverse"


@pytest.mark.parametrize(
    "user, missing",
    [
        (WAREHOUSE_VOLUNTEER, "beneficiary:create"),
        (LIBRARY_VOLUNTEER, "beneficiary:create"),
        (FREE_SHOP_VOLUNTEER, "tag:read"),
        (coordinator_of(3), "base=1"),
    ],
)
def test_creating_needs_the_permissions_in_the_base(writable_client, user, missing):
    answer = writable_client.execute(CREATE, {"input": new_beneficiary()}, **user)

    assert codes(answer) == [FORBIDDEN]
    assert missing in answer["errors"][0]["extensions"]["description"]


def test_an_unknown_tag_or_a_language_twice_creates_nothing(writable_client):
    before = len(beneficiaries_of_base(1, 10_000))
    for given in (new_beneficiary(tagIds=[99_999_999]), new_beneficiary(languages=["fr", "fr"])):
        answer = writable_client.execute(CREATE, {"input": given}, **COORDINATOR)
        assert codes(answer) == [BAD_USER_INPUT]
    assert len(beneficiaries_of_base(1, 10_000)) == before


# --- creating many -------------------------------------------------------------------------------


def test_many_beneficiaries_are_created_with_their_tags(writable_client):
    tag = new_tag(tag_type="All")
    rows = [
        {"firstName": "One", "groupIdentifier": "B-1"},
        {"firstName": "Two", "groupIdentifier": "B-1", "gender": "Male", "tagIds": [tag.id]},
    ]

    result = writable_client.data(
        CREATE_MANY, {"input": {"baseId": 1, "beneficiaryData": rows}}, **COORDINATOR
    )["createBeneficiaries"]

    one, two = result["results"]
    assert (one["firstName"], one["lastName"], one["gender"]) == ("One", "", "Diverse")
    assert two["tags"] == [{"id": str(tag.id)}] and two["gender"] == "Male"
    assert int(two["id"]) == int(one["id"]) + 1
    row = people_row(one["id"])
    assert (row["seq"], row["modified"], row["modified_by"]) == (0, None, None)
    assert history_rows("people", two["id"], "changes") == [("Record created",)]


def test_a_row_stored_otherwise_than_given_fails_the_whole_import(writable_client):
    before = len(beneficiaries_of_base(1, 10_000))
    rows = [
        {"firstName": "Fine", "groupIdentifier": "B-1"},
        {"firstName": "x" * 300, "groupIdentifier": "B-1"},
    ]

    answer = writable_client.execute(
        CREATE_MANY, {"input": {"baseId": 1, "beneficiaryData": rows}}, **COORDINATOR
    )

    (error,) = answer["errors"]
    assert error["extensions"]["code"] == INTERNAL_SERVER_ERROR
    assert error["extensions"]["invalid_fields"] == {"1": [{"first_name": ["x" * 300, "x" * 255]}]}
    assert len(beneficiaries_of_base(1, 10_000)) == before


def test_languages_in_the_first_row_fail_with_the_originals_text(writable_client):
    rows = [{"firstName": "A", "groupIdentifier": "B-1", "languages": ["en"]}]

    answer = writable_client.execute(
        CREATE_MANY, {"input": {"baseId": 1, "beneficiaryData": rows}}, **COORDINATOR
    )

    assert (
        answer["errors"][0]["message"] == "type object 'Beneficiary' has no attribute 'languages'"
    )
    assert "extensions" not in answer["errors"][0]


@pytest.mark.parametrize(
    "user, base_id, expected",
    [
        (
            WAREHOUSE_VOLUNTEER,
            1,
            {"__typename": "InsufficientPermissionError", "name": "beneficiary:create"},
        ),
        (FREE_SHOP_VOLUNTEER, 1, {"__typename": "InsufficientPermissionError", "name": "tag:read"}),
        (COORDINATOR, 2, {"__typename": "UnauthorizedForBaseError", "id": "2"}),
        (GOD, 99_999, {"__typename": "ResourceDoesNotExistError", "name": "Base"}),
    ],
)
def test_creating_many_answers_why_not(writable_client, user, base_id, expected):
    rows = [{"firstName": "A", "groupIdentifier": "B-1"}]

    result = writable_client.data(
        CREATE_MANY, {"input": {"baseId": base_id, "beneficiaryData": rows}}, **user
    )["createBeneficiaries"]

    assert result == expected


# --- updating ------------------------------------------------------------------------------------


def test_each_changed_field_gets_a_history_row_in_the_originals_words(writable_client):
    beneficiary = writable_client.data(CREATE, {"input": new_beneficiary()}, **COORDINATOR)[
        "createBeneficiary"
    ]
    changes = {
        "id": beneficiary["id"],
        "firstName": "Bea",
        "registered": False,
        "gender": "Diverse",
        "dateOfSignature": "2024-06-01",
        "signature": "B.",
        "comment": "Example",
    }

    updated = writable_client.data(UPDATE, {"input": changes}, **GOD)["updateBeneficiary"]

    rows = history_rows("people", beneficiary["id"], "changes", "from_int", "to_int", "user")
    assert rows[1:] == [
        ('firstname changed from "Ada" to "Bea";', None, None, 1),
        ("notregistered", 0, 1, 1),
        ('comments changed from "" to "Example";', None, None, 1),
        ('date_of_signature changed from "None" to "2024-06-01";', None, None, 1),
        ('gender changed from "F" to "D";', None, None, 1),
        ("approvalsigned", 0, 1, 1),
    ]
    assert updated["lastModifiedBy"] == {"id": "1"}
    assert (updated["signature"], updated["signed"], updated["gender"]) == ("B.", True, "Diverse")
    row = people_row(beneficiary["id"])
    assert (row["signaturefield"], row["gender"], row["notregistered"]) == ("B.", "", 1)

    read = writable_client.data(BENEFICIARY, {"id": beneficiary["id"]}, **GOD)["beneficiary"]
    assert read["dateOfSignature"] == "2024-06-01T00:00:00"  # the column's date-time text


def test_an_update_without_changes_leaves_modified_and_history_alone(writable_client):
    beneficiary = beneficiaries_of_base(1)[0]
    before = people_row(beneficiary.id)
    history_before = history_rows("people", beneficiary.id, "id")

    writable_client.data(
        UPDATE, {"input": {"id": str(beneficiary.id), "firstName": before["firstname"]}}, **GOD
    )

    after = people_row(beneficiary.id)
    assert (after["modified"], after["modified_by"]) == (before["modified"], before["modified_by"])
    assert history_rows("people", beneficiary.id, "id") == history_before


def test_the_family_head_sets_seq_and_an_update_without_one_resets_it(writable_client):
    head = beneficiaries_of_base(1)[0]
    created = writable_client.data(
        CREATE, {"input": new_beneficiary(familyHeadId=head.id)}, **COORDINATOR
    )["createBeneficiary"]

    writable_client.data(UPDATE, {"input": {"id": created["id"], "comment": "x"}}, **COORDINATOR)

    row = people_row(created["id"])
    assert (row["seq"], row["parent_id"]) == (1, head.id)


def test_languages_are_replaced_only_by_a_list_with_languages(writable_client):
    created = writable_client.data(
        CREATE, {"input": new_beneficiary(languages=["en"])}, **COORDINATOR
    )["createBeneficiary"]

    for languages, expected in (([], [2]), (None, [2]), (["de", "ckb"], [4, 6])):
        writable_client.data(
            UPDATE, {"input": {"id": created["id"], "languages": languages}}, **COORDINATOR
        )
        assert language_ids(created["id"]) == expected


def test_updating_a_missing_or_foreign_beneficiary(writable_client):
    missing = writable_client.execute(UPDATE, {"input": {"id": "99999999"}}, **COORDINATOR)
    foreign = beneficiaries_of_base(3)[0]
    denied = writable_client.execute(UPDATE, {"input": {"id": str(foreign.id)}}, **COORDINATOR)

    assert codes(missing) == [BAD_USER_INPUT]
    assert codes(denied) == [FORBIDDEN]


# --- deactivating --------------------------------------------------------------------------------


def test_deactivating_a_family_head_takes_the_active_family_along(writable_client):
    head, members = family_of(1)

    answer = writable_client.data(DEACTIVATE, {"id": str(head)}, **COORDINATOR)

    assert answer["deactivateBeneficiary"] == {"id": str(head), "active": False}
    for beneficiary_id in [*members, head]:
        assert people_row(beneficiary_id)["deleted"] is not None
        assert history_rows("people", beneficiary_id, "changes")[-1] == ("Record deleted",)


def test_deactivating_needs_beneficiary_delete(writable_client):
    beneficiary = beneficiaries_of_base(1)[0]

    answer = writable_client.execute(DEACTIVATE, {"id": str(beneficiary.id)}, **FREE_SHOP_VOLUNTEER)

    assert codes(answer) == [FORBIDDEN]


# --- reading -------------------------------------------------------------------------------------


def test_a_user_without_tag_read_gets_the_beneficiary_but_not_its_tags(client):
    beneficiary = beneficiaries_of_base(1)[0]

    answer = client.execute(BENEFICIARY, {"id": str(beneficiary.id)}, **LIBRARY_VOLUNTEER)

    data = answer["data"]["beneficiary"]
    assert data["id"] == str(beneficiary.id)
    assert (data["tags"], data["tokens"], data["transactions"]) == (None, None, None)
    assert sorted(e["path"][-1] for e in answer["errors"]) == ["tags", "tokens", "transactions"]


def test_the_list_holds_the_readable_bases_only_and_filters(client):
    everything = client.data(BENEFICIARIES, {"page": {"first": 500}}, **COORDINATOR)[
        "beneficiaries"
    ]
    inactive = client.data(BENEFICIARIES, {"filter": {"active": False}}, **COORDINATOR)[
        "beneficiaries"
    ]
    of_base = client.data(BASE_BENEFICIARIES, {"baseId": "1"}, **COORDINATOR)["base"]

    assert {e["base"]["id"] for e in everything["elements"]} == {"1"}
    assert everything["totalCount"] == of_base["beneficiaries"]["totalCount"]
    assert inactive["elements"] and not any(e["active"] for e in inactive["elements"])
    assert inactive["totalCount"] < everything["totalCount"]


def test_paging_backwards_needs_a_cursor(client):
    answer = client.execute(BENEFICIARIES, {"page": {"last": 2}}, **COORDINATOR)

    assert codes(answer) == [BAD_USER_INPUT]


def test_age_counts_full_years():
    birth = datetime.date(2000, 3, 15)

    assert age_on(birth, datetime.date(2024, 3, 14)) == 23
    assert age_on(birth, datetime.date(2024, 3, 15)) == 24
    assert age_on(None, datetime.date(2024, 3, 15)) is None
