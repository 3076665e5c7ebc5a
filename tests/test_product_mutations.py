"""Product mutations: custom products, standard product instantiations.

Behaviour tests run on a writable demo database (`writable_client`); each test
creates the rows it changes or picks rows no other test touches. Comparisons with
the original run the frontend's exact documents on a writable copy of its dev seed
(`writable_seed_client`, user 8, coordinator of base 1).
"""

from __future__ import annotations

import datetime
import json
import threading

import pytest

from boxtribute_api.box.models import Box
from boxtribute_api.db.routing import connection_scope
from boxtribute_api.history.models import HistoryEntry
from boxtribute_api.product.models import Product, StandardProduct
from support.reference import EXPECTED_SAMPLES, frontend_operation, requires_reference
from support.users import COORDINATOR, COORDINATOR_ORG_2, GOD, HEAD_OF_OPS, WAREHOUSE_VOLUNTEER

ACTIVE_BOX_STATES = (1, 3, 4, 7)  # InStock, MarkedForShipment, Receiving, InTransit

PRODUCT = """
    ... on Product {
        id name type gender price comment inShop deletedOn
        category { id } sizeRange { id } base { id } standardProduct { id }
        createdOn createdBy { id } lastModifiedOn lastModifiedBy { id }
    }
"""
PERMISSION_ERRORS = """
    ... on InsufficientPermissionError { name }
    ... on UnauthorizedForBaseError { id name organisationName }
    ... on ResourceDoesNotExistError { resourceId: id name }
"""

CREATE = f"""mutation($input: CustomProductCreationInput) {{
    createCustomProduct(creationInput: $input) {{
        __typename {PRODUCT} {PERMISSION_ERRORS}
        ... on InvalidPriceError {{ value }}
        ... on EmptyNameError {{ _ }}
    }}
}}"""
EDIT = f"""mutation($input: CustomProductEditInput) {{
    editCustomProduct(editInput: $input) {{
        __typename {PRODUCT} {PERMISSION_ERRORS}
        ... on InvalidPriceError {{ value }}
        ... on EmptyNameError {{ _ }}
        ... on ProductTypeMismatchError {{ expectedType }}
    }}
}}"""
DELETE = f"""mutation($id: ID!) {{
    deleteProduct(id: $id) {{
        __typename {PRODUCT} {PERMISSION_ERRORS}
        ... on BoxesStillAssignedToProductError {{ labelIdentifiers }}
        ... on ProductTypeMismatchError {{ expectedType }}
    }}
}}"""
ENABLE = f"""mutation($input: StandardProductEnableInput) {{
    enableStandardProduct(enableInput: $input) {{
        __typename {PRODUCT} {PERMISSION_ERRORS}
        ... on InvalidPriceError {{ value }}
        ... on StandardProductAlreadyEnabledForBaseError {{
            existingStandardProductInstantiationId
        }}
        ... on OutdatedStandardProductVersionError {{ mostRecentStandardProductId }}
    }}
}}"""
ENABLE_MANY = """mutation($input: StandardProductsEnableInput) {
    enableStandardProducts(enableInput: $input) {
        __typename
        ... on ProductsResult {
            instantiations { id name type standardProduct { id } price inShop comment }
            invalidStandardProductIds
        }
        ... on InsufficientPermissionError { name }
        ... on UnauthorizedForBaseError { id name organisationName }
    }
}"""
EDIT_INSTANTIATION = f"""mutation($input: StandardProductInstantiationEditInput) {{
    editStandardProductInstantiation(editInput: $input) {{
        __typename {PRODUCT} {PERMISSION_ERRORS}
        ... on InvalidPriceError {{ value }}
        ... on ProductTypeMismatchError {{ expectedType }}
    }}
}}"""
DISABLE = f"""mutation($id: ID!) {{
    disableStandardProduct(instantiationId: $id) {{
        __typename {PRODUCT} {PERMISSION_ERRORS}
        ... on BoxesStillAssignedToProductError {{ labelIdentifiers }}
        ... on ProductTypeMismatchError {{ expectedType }}
    }}
}}"""


def mutate(client, document: str, variables: dict, user: dict = COORDINATOR) -> dict:
    data = client.data(document, variables, **user)
    (result,) = data.values()
    return result


def history_of(product_id) -> list[dict]:
    with connection_scope():
        query = (
            HistoryEntry.select()
            .where(HistoryEntry.table_name == "products", HistoryEntry.record_id == product_id)
            .order_by(HistoryEntry.id)
        )
        return [
            {
                "changes": h.changes,
                "user": h.user_id,
                "from_int": h.from_int,
                "to_int": h.to_int,
                "change_date": h.change_date,
            }
            for h in query
        ]


def product_row(product_id) -> Product:
    with connection_scope():
        return Product.get_by_id(int(product_id))


def counts() -> tuple[int, int]:
    with connection_scope():
        return Product.select().count(), HistoryEntry.select().count()


def new_custom_product(client, base_id: int = 1, user: dict = COORDINATOR, **fields) -> dict:
    values = dict(name="Test Towels", categoryId=9, sizeRangeId=9, gender="none", baseId=base_id)
    values.update(fields)
    product = mutate(client, CREATE, {"input": values}, user)
    assert product["__typename"] == "Product", product
    return product


def enable(client, standard_product_id: int, base_id: int = 1, user=COORDINATOR, **fields):
    values = {"standardProductId": standard_product_id, "baseId": base_id, **fields}
    return mutate(client, ENABLE, {"input": values}, user)


def active_box_labels(product_id) -> list[str]:
    with connection_scope():
        query = (
            Box.select(Box.label_identifier)
            .where(
                Box.product == product_id,
                Box.deleted_on.is_unset(),
                Box.state.in_(ACTIVE_BOX_STATES),
            )
            .order_by(Box.id)
            .tuples()
        )
        return [label for (label,) in query]


def product_with_active_boxes(base_id: int, *, standard: bool) -> int:
    with connection_scope():
        kind = Product.standard_product.is_null(not standard)
        query = (
            Product.select(Product.id)
            .join(Box, on=Box.product == Product.id)
            .where(
                Product.base == base_id,
                kind,
                Product.deleted_on.is_unset(),
                Box.deleted_on.is_unset(),
                Box.state.in_(ACTIVE_BOX_STATES),
            )
            .order_by(Product.id)
        )
        return query.first().id


def instantiation_in(base_id: int, standard_product_id: int) -> Product | None:
    with connection_scope():
        return (
            Product.select()
            .where(
                Product.base == base_id,
                Product.standard_product == standard_product_id,
                Product.deleted_on.is_unset(),
            )
            .first()
        )


def base_names(base_id: int) -> tuple[str, str]:
    from boxtribute_api.base.models import Base
    from boxtribute_api.organisation.models import Organisation

    with connection_scope():
        base = Base.get_by_id(base_id)
        return base.name, Organisation.get_by_id(base.organisation_id).name


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

    assert (product["price"], product["inShop"], product["comment"]) == (0.0, False, None)
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


# --- enableStandardProduct ---------------------------------------------------------------------


def standard_product(standard_product_id: int) -> StandardProduct:
    with connection_scope():
        return StandardProduct.get_by_id(standard_product_id)


def test_enabling_a_standard_product_instantiates_it_for_the_base(writable_client):
    assert instantiation_in(1, 15) is None
    standard = standard_product(15)

    product = enable(writable_client, 15, price=2, comment="wool", inShop=True)

    assert product["__typename"] == "Product"
    assert product["type"] == "StandardInstantiation"
    assert product["standardProduct"] == {"id": "15"}
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
    product = enable(writable_client, 16, sizeRangeId=4)

    assert product["sizeRange"] == {"id": "4"}
    assert (product["price"], product["comment"], product["inShop"]) == (0.0, None, False)


def test_a_standard_product_is_enabled_once_per_base(writable_client):
    existing = instantiation_in(1, 4)
    before = counts()

    result = enable(writable_client, 4)

    assert result == {
        "__typename": "StandardProductAlreadyEnabledForBaseError",
        "existingStandardProductInstantiationId": str(existing.id),
    }
    assert counts() == before


def test_enabling_validates_price_standard_product_and_size_range(writable_client):
    before = counts()

    assert enable(writable_client, 18, price=-1) == {
        "__typename": "InvalidPriceError",
        "value": -1,
    }
    assert enable(writable_client, 99999) == {
        "__typename": "ResourceDoesNotExistError",
        "resourceId": None,
        "name": "StandardProduct",
    }
    assert enable(writable_client, 18, sizeRangeId=9999) == {
        "__typename": "ResourceDoesNotExistError",
        "resourceId": None,
        "name": "SizeRange",
    }
    assert counts() == before


def test_a_superseded_standard_product_version_cannot_be_enabled(writable_client):
    with connection_scope():
        base = standard_product(17)
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
    first = enable(writable_client, 25, price=3, comment="first")
    mutate(writable_client, DISABLE, {"id": first["id"]})
    created_on = product_row(first["id"]).created_on

    again = enable(writable_client, 25, inShop=True)

    assert again["id"] == first["id"] and again["deletedOn"] is None
    # The input's values replace the old ones, defaults included.
    assert (again["price"], again["comment"], again["inShop"]) == (0.0, None, True)
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
    assert enable(writable_client, 19, user=WAREHOUSE_VOLUNTEER) == {
        "__typename": "InsufficientPermissionError",
        "name": "product:write",
    }
    assert enable(writable_client, 19, base_id=3)["__typename"] == "UnauthorizedForBaseError"
    assert instantiation_in(3, 19) is None and instantiation_in(1, 19) is None


def test_concurrent_enabling_of_one_standard_product_instantiates_it_once(writable_client):
    token = writable_client.token(**COORDINATOR)
    body = {"query": ENABLE, "variables": {"input": {"standardProductId": 24, "baseId": 1}}}
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
        query = Product.select().where(Product.base == 1, Product.standard_product == 24)
        assert query.count() == 1


# --- enableStandardProducts --------------------------------------------------------------------


def test_enabling_many_standard_products_skips_invalid_ones(writable_client):
    disabled = enable(writable_client, 26)
    mutate(writable_client, DISABLE, {"id": disabled["id"]})
    already_enabled = 1
    before_products, before_history = counts()

    result = mutate(
        writable_client,
        ENABLE_MANY,
        {"input": {"baseId": 1, "standardProductIds": [18, 26, already_enabled, 99999, 18]}},
    )

    assert result["__typename"] == "ProductsResult"
    # A disabled instantiation counts as instantiated here.
    assert result["invalidStandardProductIds"] == [already_enabled, 26, 99999]
    (created,) = result["instantiations"]
    assert created["standardProduct"] == {"id": "18"}
    assert created["name"] == standard_product(18).name
    assert (created["price"], created["inShop"], created["comment"]) == (0.0, False, None)
    assert counts() == (before_products + 1, before_history + 1)
    assert [h["changes"] for h in history_of(created["id"])] == ["Record created"]


def test_enabling_many_standard_products_needs_product_write_in_the_base(writable_client):
    variables = {"input": {"baseId": 3, "standardProductIds": [15]}}

    assert mutate(writable_client, ENABLE_MANY, variables)["__typename"] == (
        "UnauthorizedForBaseError"
    )
    assert mutate(writable_client, ENABLE_MANY, variables, WAREHOUSE_VOLUNTEER) == {
        "__typename": "InsufficientPermissionError",
        "name": "product:write",
    }


# --- editStandardProductInstantiation ----------------------------------------------------------


def test_editing_an_instantiation_records_changed_fields(writable_client):
    product = enable(writable_client, 20, base_id=2, user=HEAD_OF_OPS, price=1, comment="")
    edit = dict(id=product["id"], sizeRangeId=3, price=2, comment="bulk", inShop=True)

    edited = mutate(writable_client, EDIT_INSTANTIATION, {"input": edit}, HEAD_OF_OPS)

    assert edited["__typename"] == "Product"
    assert edited["sizeRange"] == {"id": "3"}
    assert (edited["price"], edited["comment"], edited["inShop"]) == (2.0, "bulk", True)
    history = history_of(product["id"])[1:]
    assert [(h["changes"], h["from_int"], h["to_int"]) for h in history] == [
        ("sizegroup_id", standard_product(20).size_range_id, 3),
        ("value", 1, 2),
        ('comments changed from "" to "bulk";', None, None),
        ("stockincontainer", 0, 1),
    ]


def test_editing_an_instantiation_validates_type_price_and_size_range(writable_client):
    custom = new_custom_product(writable_client, name="Forks")
    instantiation = instantiation_in(1, 5)
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
    instantiation = instantiation_in(3, 5)

    result = mutate(
        writable_client, EDIT_INSTANTIATION, {"input": {"id": str(instantiation.id), "price": 9}}
    )

    assert result["__typename"] == "UnauthorizedForBaseError" and result["id"] == "3"


# --- disableStandardProduct ----------------------------------------------------------------------


def test_disabling_an_unused_instantiation_soft_deletes_it(writable_client):
    product = enable(writable_client, 22, base_id=2, user=HEAD_OF_OPS)

    disabled = mutate(writable_client, DISABLE, {"id": product["id"]}, HEAD_OF_OPS)

    assert disabled["__typename"] == "Product" and disabled["deletedOn"] is not None
    assert history_of(product["id"])[-1]["changes"] == "Record deleted"
    assert instantiation_in(2, 22) is None


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
    instantiation = instantiation_in(3, 6)

    assert mutate(writable_client, DISABLE, {"id": str(instantiation.id)})["__typename"] == (
        "UnauthorizedForBaseError"
    )
    assert mutate(writable_client, DISABLE, {"id": str(instantiation.id)}, WAREHOUSE_VOLUNTEER) == {
        "__typename": "InsufficientPermissionError",
        "name": "product:write",
    }
    assert instantiation_in(3, 6) is not None


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


# --- the frontend's documents on the original's seed ---------------------------------------------


def seed_coordinator_token(client) -> str:
    requires_reference()
    sample = json.loads(next(EXPECTED_SAMPLES.glob("*__coordinator.json")).read_text())
    return client.token(claims=sample["claims"])


def send(client, operation: str, variables: dict, token: str) -> dict:
    document = frontend_operation(operation)["wire_document"]
    return client.data(document, variables, token=token)


def test_frontend_creates_edits_and_deletes_a_custom_product(writable_seed_client):
    client = writable_seed_client
    token = seed_coordinator_token(client)
    created = send(
        client,
        "CreateCustomProduct",
        {
            "baseId": 1,
            "name": "Thermal Flasks",
            "categoryId": 10,
            "sizeRangeId": 17,
            "gender": "none",
            "price": 4,
            "inShop": False,
            "comment": "",
        },
        token,
    )["createCustomProduct"]
    assert created["__typename"] == "Product"
    product_id = created["id"]

    edited = send(
        client,
        "EditCustomProduct",
        {
            "id": product_id,
            "name": "Thermos Flasks",
            "categoryId": 10,
            "sizeRangeId": 17,
            "gender": "UnisexAdult",
            "price": 4,
            "inShop": True,
            "comment": "",
        },
        token,
    )["editCustomProduct"]
    deleted = send(client, "DeleteProduct", {"productId": product_id}, token)["deleteProduct"]

    row = product_row(product_id)
    assert edited["name"] == "Thermos Flasks" and edited["gender"] == "UnisexAdult"
    assert edited["inShop"] is True and edited["price"] == 4.0
    assert edited["lastModifiedBy"]["id"] == "8"
    assert deleted == {
        "__typename": "Product",
        "id": product_id,
        "type": "Custom",
        "standardProduct": None,
        "deletedOn": row.deleted_on.isoformat() + "+00:00",
    }
    assert [
        (h["changes"], h["from_int"], h["to_int"], h["user"]) for h in history_of(product_id)
    ] == [
        ("Record created", None, None, 8),
        ("gender_id", 10, 3, 8),
        ('name changed from "Thermal Flasks" to "Thermos Flasks";', None, None, 8),
        ("stockincontainer", 0, 1, 8),
        ("Record deleted", None, None, 8),
    ]


def test_frontend_cannot_delete_a_product_its_boxes_still_use(writable_seed_client):
    token = seed_coordinator_token(writable_seed_client)

    result = send(writable_seed_client, "DeleteProduct", {"productId": "1178"}, token)

    assert result["deleteProduct"] == {
        "__typename": "BoxesStillAssignedToProductError",
        "labelIdentifiers": active_box_labels(1178),
    }
    assert len(active_box_labels(1178)) == 2


def test_frontend_re_enables_edits_and_disables_a_standard_product(writable_seed_client):
    client = writable_seed_client
    token = seed_coordinator_token(client)

    # Standard product 115 was instantiated as product 1220, which is disabled.
    enabled = send(
        client,
        "EnableStandardProductMutation",
        {"baseId": 1, "standardProductId": 115, "comment": "again", "inShop": False, "price": 1},
        token,
    )["enableStandardProduct"]
    edited = send(
        client,
        "EditStandardProductMutation",
        {"id": "1220", "comment": "again", "inShop": True, "price": 2},
        token,
    )["editStandardProductInstantiation"]
    disabled = send(client, "DisableStandardProduct", {"instantiationId": "1220"}, token)[
        "disableStandardProduct"
    ]

    assert enabled == {
        "__typename": "Product",
        "id": "1220",
        "type": "StandardInstantiation",
        "standardProduct": {"id": "115", "__typename": "StandardProduct"},
        "comment": "again",
        "inShop": False,
        "price": 1.0,
        "createdOn": "2025-07-17T06:00:54+00:00",
        "createdBy": enabled["createdBy"],
    }
    assert enabled["createdBy"]["id"] == "23"
    assert (edited["inShop"], edited["price"], edited["lastModifiedBy"]["id"]) == (True, 2.0, "8")
    assert disabled["__typename"] == "Product" and disabled["deletedOn"] is not None
    assert [(h["changes"], h["from_int"], h["to_int"]) for h in history_of(1220)][3:] == [
        ("Record created", None, None),
        ("value", 1, 2),
        ("stockincontainer", 0, 1),
        ("Record deleted", None, None),
    ]


def test_frontend_cannot_disable_an_instantiation_its_boxes_still_use(writable_seed_client):
    token = seed_coordinator_token(writable_seed_client)

    result = send(
        writable_seed_client, "DisableStandardProduct", {"instantiationId": "1223"}, token
    )

    assert result["disableStandardProduct"] == {
        "__typename": "BoxesStillAssignedToProductError",
        "labelIdentifiers": active_box_labels(1223),
    }
