"""Custom products: createCustomProduct, editCustomProduct, deleteProduct; every
change recorded in the history, nothing written when refused.

Tests run on a writable demo database (`writable_client`); each test creates the
rows it changes or picks rows no other test touches."""

from __future__ import annotations

import pytest

from support.product_writes import (
    CREATE,
    DELETE,
    EDIT,
    active_box_labels,
    base_names,
    counts,
    history_of,
    instantiation_in,
    mutate,
    new_custom_product,
    product_row,
    product_with_active_boxes,
)
from support.users import COORDINATOR, COORDINATOR_ORG_2, GOD, HEAD_OF_OPS, WAREHOUSE_VOLUNTEER

# --- createCustomProduct ---------------------------------------------------------------------


def test_a_coordinator_creates_a_custom_product_recorded_as_created(writable_client):
    values = dict(
        name="Rain Ponchos",
        categoryId=6,
        sizeRangeId=2,
        gender="UnisexAdult",
        baseId=1,
        price=3,
        comment="donated",
        inShop=True,
    )

    product = mutate(writable_client, CREATE, {"input": values})

    assert product["__typename"] == "Product"
    assert {k: product[k] for k in ("name", "type", "gender", "price", "comment", "inShop")} == {
        "name": "Rain Ponchos",
        "type": "Custom",
        "gender": "UnisexAdult",
        "price": 3.0,
        "comment": "donated",
        "inShop": True,
    }
    assert product["category"] == {"id": "6"} and product["sizeRange"] == {"id": "2"}
    assert product["base"] == {"id": "1"} and product["standardProduct"] is None
    assert product["createdBy"] == {"id": str(COORDINATOR["user_id"])}
    assert product["lastModifiedOn"] is None and product["deletedOn"] is None
    row = product_row(product["id"])
    assert (row.gender_id, row.price, row.in_shop, row.max_per_adult) == (3, 3, True, None)
    assert history_of(product["id"]) == [
        {
            "changes": "Record created",
            "user": COORDINATOR["user_id"],
            "from_int": None,
            "to_int": None,
            "change_date": row.created_on,
        }
    ]


def test_a_custom_product_created_without_optional_fields_costs_nothing_and_is_not_in_shop(
    writable_client,
):
    product = new_custom_product(writable_client, name="Buckets")

    assert (product["price"], product["inShop"], product["comment"]) == (0.0, False, "")
    assert product["gender"] == "none"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"price": -1}, {"__typename": "InvalidPriceError", "value": -1}),
        ({"name": ""}, {"__typename": "EmptyNameError", "_": None}),
        # Price is checked before the name.
        ({"price": -2, "name": ""}, {"__typename": "InvalidPriceError", "value": -2}),
        (
            {"categoryId": 9999},
            {
                "__typename": "ResourceDoesNotExistError",
                "resourceId": None,
                "name": "ProductCategory",
            },
        ),
        (
            {"sizeRangeId": 9999},
            {"__typename": "ResourceDoesNotExistError", "resourceId": None, "name": "SizeRange"},
        ),
        (
            {"categoryId": 9999, "sizeRangeId": 9999},
            {
                "__typename": "ResourceDoesNotExistError",
                "resourceId": None,
                "name": "ProductCategory",
            },
        ),
    ],
)
def test_an_invalid_custom_product_is_not_created(writable_client, fields, expected):
    before = counts()
    values = dict(name="Invalid", categoryId=9, sizeRangeId=9, gender="none", baseId=1)

    result = mutate(writable_client, CREATE, {"input": {**values, **fields}})

    assert result == expected
    assert counts() == before


def test_creating_products_needs_product_write(writable_client):
    values = dict(name="Nope", categoryId=9, sizeRangeId=9, gender="none", baseId=1)

    result = mutate(writable_client, CREATE, {"input": values}, WAREHOUSE_VOLUNTEER)

    assert result == {"__typename": "InsufficientPermissionError", "name": "product:write"}


def test_a_coordinator_cannot_create_products_in_another_organisations_base(writable_client):
    before = counts()
    values = dict(name="Nope", categoryId=9, sizeRangeId=9, gender="none", baseId=3)

    result = mutate(writable_client, CREATE, {"input": values})

    name, organisation_name = base_names(3)
    assert result == {
        "__typename": "UnauthorizedForBaseError",
        "id": "3",
        "name": name,
        "organisationName": organisation_name,
    }
    assert counts() == before


def test_an_unknown_base_is_unauthorized_with_empty_names(writable_client):
    values = dict(name="Nope", categoryId=9, sizeRangeId=9, gender="none", baseId=9999)

    result = mutate(writable_client, CREATE, {"input": values})

    assert result == {
        "__typename": "UnauthorizedForBaseError",
        "id": "9999",
        "name": "",
        "organisationName": "",
    }


def test_god_and_head_of_operations_create_products_in_any_base_they_hold(writable_client):
    by_god = new_custom_product(writable_client, base_id=3, user=GOD, name="God's Soap")
    by_head = new_custom_product(writable_client, base_id=2, user=HEAD_OF_OPS, name="HoO Soap")

    assert by_god["base"] == {"id": "3"} and by_head["base"] == {"id": "2"}
    assert history_of(by_god["id"])[0]["user"] == GOD["user_id"]


def test_god_creating_a_product_in_a_missing_base_gets_bad_user_input(writable_client):
    values = dict(name="Nowhere", categoryId=9, sizeRangeId=9, gender="none", baseId=9999)
    before = counts()

    response = writable_client.execute(CREATE, {"input": values}, **GOD)

    assert response["data"]["createCustomProduct"] is None
    assert response["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert counts() == before


# --- editCustomProduct -------------------------------------------------------------------------


def test_editing_a_custom_product_records_each_changed_field_as_the_original(writable_client):
    product = new_custom_product(
        writable_client, name="Mugs", price=2, comment=None, categoryId=9, sizeRangeId=9
    )
    edit = dict(
        id=product["id"],
        name="Cups",
        categoryId=10,
        sizeRangeId=3,
        gender="Women",
        price=5,
        comment="enamel",
        inShop=True,
    )

    edited = mutate(writable_client, EDIT, {"input": edit})

    assert edited["__typename"] == "Product"
    assert (edited["name"], edited["gender"], edited["price"], edited["comment"]) == (
        "Cups",
        "Women",
        5.0,
        "enamel",
    )
    assert edited["category"] == {"id": "10"} and edited["sizeRange"] == {"id": "3"}
    assert edited["inShop"] is True
    assert edited["lastModifiedBy"] == {"id": str(COORDINATOR["user_id"])}
    row = product_row(product["id"])
    history = history_of(product["id"])[1:]
    assert [(h["changes"], h["from_int"], h["to_int"]) for h in history] == [
        ("category_id", 9, 10),
        ("sizegroup_id", 9, 3),
        ("gender_id", 10, 1),
        ('name changed from "Mugs" to "Cups";', None, None),
        ("value", 2, 5),
        ('comments changed from "None" to "enamel";', None, None),
        ("stockincontainer", 0, 1),
    ]
    assert {h["change_date"] for h in history} == {row.last_modified_on}
    assert {h["user"] for h in history} == {COORDINATOR["user_id"]}


def test_an_edit_changing_nothing_writes_nothing(writable_client):
    product = new_custom_product(writable_client, name="Plates", price=1, comment="white")
    same = dict(
        id=product["id"],
        name="Plates",
        categoryId=9,
        sizeRangeId=9,
        gender="none",
        price=1,
        comment="white",
        inShop=False,
    )

    edited = mutate(writable_client, EDIT, {"input": same})

    assert edited["lastModifiedOn"] is None and edited["lastModifiedBy"] is None
    assert [h["changes"] for h in history_of(product["id"])] == ["Record created"]


def test_fields_left_out_of_an_edit_stay_as_they_are(writable_client):
    product = new_custom_product(writable_client, name="Bowls", price=4, comment="deep")

    edited = mutate(writable_client, EDIT, {"input": {"id": product["id"], "inShop": True}})

    assert (edited["name"], edited["price"], edited["comment"], edited["inShop"]) == (
        "Bowls",
        4.0,
        "deep",
        True,
    )
    assert [h["changes"] for h in history_of(product["id"])] == [
        "Record created",
        "stockincontainer",
    ]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"name": ""}, {"__typename": "EmptyNameError", "_": None}),
        ({"price": -5}, {"__typename": "InvalidPriceError", "value": -5}),
        # The name is checked before the price.
        ({"price": -5, "name": ""}, {"__typename": "EmptyNameError", "_": None}),
        (
            {"categoryId": 9999, "name": "Renamed"},
            {
                "__typename": "ResourceDoesNotExistError",
                "resourceId": None,
                "name": "ProductCategory",
            },
        ),
        (
            {"sizeRangeId": 9999, "price": 8},
            {"__typename": "ResourceDoesNotExistError", "resourceId": None, "name": "SizeRange"},
        ),
    ],
)
def test_an_invalid_edit_changes_nothing(writable_client, fields, expected):
    product = new_custom_product(writable_client, name="Jugs")
    before = counts()

    result = mutate(writable_client, EDIT, {"input": {"id": product["id"], **fields}})

    assert result == expected
    assert counts() == before
    row = product_row(product["id"])
    assert (row.name, row.price, row.last_modified_on) == ("Jugs", 0, None)


def test_a_standard_product_instantiation_is_not_edited_as_a_custom_product(writable_client):
    instantiation = instantiation_in(1, 2)

    result = mutate(writable_client, EDIT, {"input": {"id": str(instantiation.id), "price": 1}})

    assert result == {"__typename": "ProductTypeMismatchError", "expectedType": "Custom"}


def test_editing_a_missing_product_names_it(writable_client):
    result = mutate(writable_client, EDIT, {"input": {"id": "999999", "name": "X"}}, GOD)

    assert result == {
        "__typename": "ResourceDoesNotExistError",
        "resourceId": "999999",
        "name": "Product",
    }


def test_editing_products_of_another_organisation_is_unauthorized(writable_client):
    product = new_custom_product(writable_client, base_id=3, user=COORDINATOR_ORG_2)

    result = mutate(writable_client, EDIT, {"input": {"id": product["id"], "name": "Mine"}})

    assert result["__typename"] == "UnauthorizedForBaseError" and result["id"] == "3"
    assert product_row(product["id"]).name == "Test Towels"


def test_editing_products_needs_product_write(writable_client):
    product = new_custom_product(writable_client, name="Kettles")

    result = mutate(
        writable_client, EDIT, {"input": {"id": product["id"], "name": "X"}}, WAREHOUSE_VOLUNTEER
    )

    assert result == {"__typename": "InsufficientPermissionError", "name": "product:write"}


# --- deleteProduct -------------------------------------------------------------------------------


def test_a_custom_product_without_boxes_is_soft_deleted_and_recorded(writable_client):
    product = new_custom_product(writable_client, name="Spoons")

    deleted = mutate(writable_client, DELETE, {"id": product["id"]})

    assert deleted["__typename"] == "Product" and deleted["id"] == product["id"]
    row = product_row(product["id"])
    assert row.deleted_on is not None
    assert deleted["deletedOn"] == row.deleted_on.isoformat() + "+00:00"
    assert history_of(product["id"])[-1] == {
        "changes": "Record deleted",
        "user": COORDINATOR["user_id"],
        "from_int": None,
        "to_int": None,
        "change_date": row.deleted_on,
    }


def test_deleting_a_deleted_product_answers_it_unchanged(writable_client):
    product = new_custom_product(writable_client, name="Forks")
    first = mutate(writable_client, DELETE, {"id": product["id"]})
    history = history_of(product["id"])

    again = mutate(writable_client, DELETE, {"id": product["id"]})

    assert again["deletedOn"] == first["deletedOn"]
    assert history_of(product["id"]) == history


def test_a_product_still_in_active_boxes_is_not_deleted(writable_client):
    product_id = product_with_active_boxes(1, standard=False)
    before = counts()

    result = mutate(writable_client, DELETE, {"id": str(product_id)})

    assert result == {
        "__typename": "BoxesStillAssignedToProductError",
        "labelIdentifiers": active_box_labels(product_id),
    }
    assert result["labelIdentifiers"]
    assert counts() == before
    assert product_row(product_id).deleted_on is None


def test_deleteProduct_does_not_delete_standard_product_instantiations(writable_client):
    instantiation = instantiation_in(1, 3)

    result = mutate(writable_client, DELETE, {"id": str(instantiation.id)})

    assert result == {"__typename": "ProductTypeMismatchError", "expectedType": "Custom"}


def test_deleting_a_missing_product_or_another_organisations_product_fails(writable_client):
    foreign = new_custom_product(writable_client, base_id=3, user=COORDINATOR_ORG_2)

    missing = mutate(writable_client, DELETE, {"id": "999999"})
    unauthorized = mutate(writable_client, DELETE, {"id": foreign["id"]})
    volunteer = mutate(writable_client, DELETE, {"id": foreign["id"]}, WAREHOUSE_VOLUNTEER)

    assert missing == {
        "__typename": "ResourceDoesNotExistError",
        "resourceId": "999999",
        "name": "Product",
    }
    assert unauthorized["__typename"] == "UnauthorizedForBaseError"
    assert volunteer == {"__typename": "InsufficientPermissionError", "name": "product:write"}
    assert product_row(foreign["id"]).deleted_on is None


# --- one unit of work ----------------------------------------------------------------------------


def test_a_failure_after_writing_the_product_leaves_nothing_behind(writable_client, monkeypatch):
    from boxtribute_api.product import writes

    def failing_history(rows):
        raise RuntimeError("history unavailable")

    monkeypatch.setattr(writes, "record_history", failing_history)
    before = counts()
    values = dict(name="Half Written", categoryId=9, sizeRangeId=9, gender="none", baseId=1)

    response = writable_client.execute(CREATE, {"input": values}, **COORDINATOR)

    assert response["data"]["createCustomProduct"] is None and response["errors"]
    assert counts() == before
