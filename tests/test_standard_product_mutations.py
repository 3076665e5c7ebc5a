"""Standard product instantiations: enableStandardProduct(s),
editStandardProductInstantiation, disableStandardProduct.

Tests run on a writable demo database (`writable_client`); each test enabling a
standard product takes one its base has not enabled (support.world)."""

from __future__ import annotations

import datetime
import threading

from boxtribute_api.db.routing import connection_scope
from boxtribute_api.product.models import Product, StandardProduct
from support.product_writes import (
    DISABLE,
    EDIT_INSTANTIATION,
    ENABLE,
    ENABLE_MANY,
    active_box_labels,
    counts,
    enable,
    history_of,
    instantiation_in,
    mutate,
    new_custom_product,
    product_row,
    product_with_active_boxes,
    standard_product,
)
from support.users import COORDINATOR, HEAD_OF_OPS, WAREHOUSE_VOLUNTEER
from support.world import standard_products_enabled_in, standard_products_not_enabled_in

# --- enableStandardProduct ---------------------------------------------------------------------


# Standard products a base has not enabled in the demo world: each test enabling one
# takes its own (the tests share this module's database). The enabled ones are in
# ENABLED_IN_BASE_1.
NOT_IN_BASE_1 = standard_products_not_enabled_in(1)
NOT_IN_BASE_2 = standard_products_not_enabled_in(2)
ENABLED_IN_BASE_1 = standard_products_enabled_in(1)


def test_enabling_a_standard_product_instantiates_it_for_the_base(writable_client):
    standard_id = NOT_IN_BASE_1[0]
    assert instantiation_in(1, standard_id) is None
    standard = standard_product(standard_id)

    product = enable(writable_client, standard_id, price=2, comment="wool", inShop=True)

    assert product["__typename"] == "Product"
    assert product["type"] == "StandardInstantiation"
    assert product["standardProduct"] == {"id": str(standard_id)}
    assert product["name"] == standard.name
    assert product["category"] == {"id": str(standard.category_id)}
    assert product["sizeRange"] == {"id": str(standard.size_range_id)}
    assert (product["price"], product["comment"], product["inShop"]) == (2.0, "wool", True)
    row = product_row(product["id"])
    assert row.gender_id == standard.gender_id and row.created_by_id == COORDINATOR["user_id"]
    assert [(h["changes"], h["change_date"]) for h in history_of(product["id"])] == [
        ("Record created", row.created_on)
    ]


def test_enabling_a_standard_product_with_another_size_range(writable_client):
    product = enable(writable_client, NOT_IN_BASE_1[1], sizeRangeId=4)

    assert product["sizeRange"] == {"id": "4"}
    assert (product["price"], product["comment"], product["inShop"]) == (0.0, "", False)


def test_a_standard_product_is_enabled_once_per_base(writable_client):
    standard_id = ENABLED_IN_BASE_1[0]
    existing = instantiation_in(1, standard_id)
    before = counts()

    result = enable(writable_client, standard_id)

    assert result == {
        "__typename": "StandardProductAlreadyEnabledForBaseError",
        "existingStandardProductInstantiationId": str(existing.id),
    }
    assert counts() == before


def test_enabling_validates_price_standard_product_and_size_range(writable_client):
    before = counts()

    assert enable(writable_client, NOT_IN_BASE_1[2], price=-1) == {
        "__typename": "InvalidPriceError",
        "value": -1,
    }
    assert enable(writable_client, 99999) == {
        "__typename": "ResourceDoesNotExistError",
        "resourceId": None,
        "name": "StandardProduct",
    }
    assert enable(writable_client, NOT_IN_BASE_1[2], sizeRangeId=9999) == {
        "__typename": "ResourceDoesNotExistError",
        "resourceId": None,
        "name": "SizeRange",
    }
    assert counts() == before


def test_a_superseded_standard_product_version_cannot_be_enabled(writable_client):
    with connection_scope():
        base = standard_product(ENABLED_IN_BASE_1[0])
        fields = dict(
            name="Toothbrushes (soft)",
            category=base.category_id,
            gender=base.gender_id,
            size_range=base.size_range_id,
            added_on=datetime.datetime(2024, 1, 1),
        )
        newer = StandardProduct.create(version=2, **fields)
        older = StandardProduct.create(version=1, superceded_by_product=newer.id, **fields)

    result = enable(writable_client, older.id)

    assert result == {
        "__typename": "OutdatedStandardProductVersionError",
        "mostRecentStandardProductId": str(newer.id),
    }


def test_re_enabling_a_disabled_instantiation_reuses_it(writable_client):
    first = enable(writable_client, NOT_IN_BASE_1[5], price=3, comment="first")
    mutate(writable_client, DISABLE, {"id": first["id"]})
    created_on = product_row(first["id"]).created_on

    again = enable(writable_client, NOT_IN_BASE_1[5], inShop=True)

    assert again["id"] == first["id"] and again["deletedOn"] is None
    # The input's values replace the old ones, defaults included.
    assert (again["price"], again["comment"], again["inShop"]) == (0.0, "", True)
    assert again["createdOn"] == first["createdOn"]
    assert again["lastModifiedBy"] == {"id": str(COORDINATOR["user_id"])}
    row = product_row(first["id"])
    assert row.created_on == created_on
    assert [h["changes"] for h in history_of(first["id"])] == [
        "Record created",
        "Record deleted",
        "Record created",
    ]
    assert history_of(first["id"])[-1]["change_date"] == row.last_modified_on


def test_enabling_standard_products_needs_product_write_in_the_base(writable_client):
    standard_id = NOT_IN_BASE_1[3]
    assert standard_id not in standard_products_enabled_in(3)
    assert enable(writable_client, standard_id, user=WAREHOUSE_VOLUNTEER) == {
        "__typename": "InsufficientPermissionError",
        "name": "product:write",
    }
    assert (
        enable(writable_client, standard_id, base_id=3)["__typename"] == "UnauthorizedForBaseError"
    )
    assert instantiation_in(3, standard_id) is None and instantiation_in(1, standard_id) is None


def test_concurrent_enabling_of_one_standard_product_instantiates_it_once(writable_client):
    token = writable_client.token(**COORDINATOR)
    body = {
        "query": ENABLE,
        "variables": {"input": {"standardProductId": NOT_IN_BASE_1[4], "baseId": 1}},
    }
    results: list[str] = []
    start = threading.Barrier(6)

    def send():
        http = writable_client.app.test_client()
        start.wait()
        response = http.post("/graphql", json=body, headers={"Authorization": f"Bearer {token}"})
        results.append(response.get_json()["data"]["enableStandardProduct"]["__typename"])

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["Product"] + ["StandardProductAlreadyEnabledForBaseError"] * 5
    with connection_scope():
        query = Product.select().where(
            Product.base == 1, Product.standard_product == NOT_IN_BASE_1[4]
        )
        assert query.count() == 1


# --- enableStandardProducts --------------------------------------------------------------------


def test_enabling_many_standard_products_skips_invalid_ones(writable_client):
    new, disabled_id = NOT_IN_BASE_1[2], NOT_IN_BASE_1[6]
    disabled = enable(writable_client, disabled_id)
    mutate(writable_client, DISABLE, {"id": disabled["id"]})
    already_enabled = ENABLED_IN_BASE_1[0]
    before_products, before_history = counts()

    result = mutate(
        writable_client,
        ENABLE_MANY,
        {
            "input": {
                "baseId": 1,
                "standardProductIds": [new, disabled_id, already_enabled, 99999, new],
            }
        },
    )

    assert result["__typename"] == "ProductsResult"
    # A disabled instantiation counts as instantiated here.
    assert result["invalidStandardProductIds"] == sorted([already_enabled, disabled_id, 99999])
    (created,) = result["instantiations"]
    assert created["standardProduct"] == {"id": str(new)}
    assert created["name"] == standard_product(new).name
    assert (created["price"], created["inShop"], created["comment"]) == (0.0, False, "")
    assert counts() == (before_products + 1, before_history + 1)
    assert [h["changes"] for h in history_of(created["id"])] == ["Record created"]


def test_enabling_many_standard_products_needs_product_write_in_the_base(writable_client):
    variables = {"input": {"baseId": 3, "standardProductIds": [NOT_IN_BASE_1[0]]}}

    assert mutate(writable_client, ENABLE_MANY, variables)["__typename"] == (
        "UnauthorizedForBaseError"
    )
    assert mutate(writable_client, ENABLE_MANY, variables, WAREHOUSE_VOLUNTEER) == {
        "__typename": "InsufficientPermissionError",
        "name": "product:write",
    }


# --- editStandardProductInstantiation ----------------------------------------------------------


def test_editing_an_instantiation_records_changed_fields(writable_client):
    standard_id = NOT_IN_BASE_2[0]
    product = enable(writable_client, standard_id, base_id=2, user=HEAD_OF_OPS, price=1, comment="")
    edit = dict(id=product["id"], sizeRangeId=3, price=2, comment="bulk", inShop=True)

    edited = mutate(writable_client, EDIT_INSTANTIATION, {"input": edit}, HEAD_OF_OPS)

    assert edited["__typename"] == "Product"
    assert edited["sizeRange"] == {"id": "3"}
    assert (edited["price"], edited["comment"], edited["inShop"]) == (2.0, "bulk", True)
    history = history_of(product["id"])[1:]
    assert [(h["changes"], h["from_int"], h["to_int"]) for h in history] == [
        ("sizegroup_id", standard_product(standard_id).size_range_id, 3),
        ("value", 1, 2),
        ('comments changed from "" to "bulk";', None, None),
        ("stockincontainer", 0, 1),
    ]


def test_editing_an_instantiation_validates_type_price_and_size_range(writable_client):
    custom = new_custom_product(writable_client, name="Forks")
    instantiation = instantiation_in(1, ENABLED_IN_BASE_1[1])
    before = counts()

    def edit(**fields):
        return mutate(writable_client, EDIT_INSTANTIATION, {"input": fields})

    assert edit(id=custom["id"], price=1) == {
        "__typename": "ProductTypeMismatchError",
        "expectedType": "StandardInstantiation",
    }
    assert edit(id=str(instantiation.id), price=-3) == {
        "__typename": "InvalidPriceError",
        "value": -3,
    }
    assert edit(id=str(instantiation.id), sizeRangeId=9999) == {
        "__typename": "ResourceDoesNotExistError",
        "resourceId": None,
        "name": "SizeRange",
    }
    assert edit(id="999999") == {
        "__typename": "ResourceDoesNotExistError",
        "resourceId": "999999",
        "name": "Product",
    }
    assert counts() == before


def test_editing_an_instantiation_of_another_base_is_unauthorized(writable_client):
    instantiation = instantiation_in(3, standard_products_enabled_in(3)[0])

    result = mutate(
        writable_client, EDIT_INSTANTIATION, {"input": {"id": str(instantiation.id), "price": 9}}
    )

    assert result["__typename"] == "UnauthorizedForBaseError" and result["id"] == "3"


# --- disableStandardProduct ----------------------------------------------------------------------


def test_disabling_an_unused_instantiation_soft_deletes_it(writable_client):
    standard_id = NOT_IN_BASE_2[1]
    product = enable(writable_client, standard_id, base_id=2, user=HEAD_OF_OPS)

    disabled = mutate(writable_client, DISABLE, {"id": product["id"]}, HEAD_OF_OPS)

    assert disabled["__typename"] == "Product" and disabled["deletedOn"] is not None
    assert history_of(product["id"])[-1]["changes"] == "Record deleted"
    assert instantiation_in(2, standard_id) is None


def test_an_instantiation_still_in_active_boxes_is_not_disabled(writable_client):
    product_id = product_with_active_boxes(1, standard=True)
    before = counts()

    result = mutate(writable_client, DISABLE, {"id": str(product_id)})

    assert result == {
        "__typename": "BoxesStillAssignedToProductError",
        "labelIdentifiers": active_box_labels(product_id),
    }
    assert counts() == before


def test_disabling_a_custom_product_or_a_missing_one_fails(writable_client):
    custom = new_custom_product(writable_client, name="Knives")

    assert mutate(writable_client, DISABLE, {"id": custom["id"]}) == {
        "__typename": "ProductTypeMismatchError",
        "expectedType": "StandardInstantiation",
    }
    assert mutate(writable_client, DISABLE, {"id": "999999"}) == {
        "__typename": "ResourceDoesNotExistError",
        "resourceId": "999999",
        "name": "Product",
    }
    assert product_row(custom["id"]).deleted_on is None


def test_disabling_needs_product_write_in_the_base(writable_client):
    instantiation = instantiation_in(3, standard_products_enabled_in(3)[1])

    assert mutate(writable_client, DISABLE, {"id": str(instantiation.id)})["__typename"] == (
        "UnauthorizedForBaseError"
    )
    assert mutate(writable_client, DISABLE, {"id": str(instantiation.id)}, WAREHOUSE_VOLUNTEER) == {
        "__typename": "InsufficientPermissionError",
        "name": "product:write",
    }
    assert instantiation_in(3, instantiation.standard_product_id) is not None
