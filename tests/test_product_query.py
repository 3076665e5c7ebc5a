"""Products: product(id), Base.products, products(baseId) and ProductCategory.products:
who reads which products, their fields and item counts, their pages.

Tests on `seed_client` compare with what the original answers on its development
seed (user 8, coordinator of base 1); tests on `client` check behaviour on our demo
world and find their rows by querying."""

from __future__ import annotations

import pytest

from support.errors import BAD_USER_INPUT, FORBIDDEN, error_codes
from support.pagination import cursor
from support.products import (
    BASE_PRODUCTS,
    base_products,
    demo_rows,
    products_of,
)
from support.users import (
    COORDINATOR,
    GOD,
    HEAD_OF_OPS,
    LIBRARY_VOLUNTEER,
    base_user,
)

PRODUCT_FIELDS = """
    id name type gender price comment inShop
    category { id name hasGender }
    sizeRange { id name label }
    base { id }
    standardProduct { id }
    instockItemsCount transferItemsCount
    createdBy { id } createdOn lastModifiedBy { id } lastModifiedOn deletedOn
"""


# --- product(id) --------------------------------------------------------------------------


def test_a_coordinator_reads_a_custom_product_of_their_base(seed_client):
    query = f"query($id: ID!) {{ product(id: $id) {{ {PRODUCT_FIELDS} }} }}"

    product = seed_client.data(query, {"id": "1166"}, **COORDINATOR)["product"]

    assert product == {
        "id": "1166",
        "name": "Underwear",
        "type": "Custom",
        "gender": "Women",
        "price": 8.0,
        "comment": "Help card.",
        "inShop": False,
        "category": {"id": "1", "name": "Underwear / Nightwear", "hasGender": True},
        "sizeRange": {"id": "6", "name": "Mixed sizes", "label": "Mixed sizes"},
        "base": {"id": "1"},
        "standardProduct": None,
        "instockItemsCount": 2025,
        "transferItemsCount": 0,
        "createdBy": {"id": "2"},
        "createdOn": "2025-07-15T00:00:00+00:00",
        "lastModifiedBy": {"id": "8"},
        "lastModifiedOn": "2025-07-21T05:02:29+00:00",
        "deletedOn": None,
    }


def test_a_standard_product_instantiation_names_its_standard_product(seed_client):
    query = "query { product(id: 1216) { type standardProduct { id name version } } }"

    product = seed_client.data(query, **COORDINATOR)["product"]

    assert product["type"] == "StandardInstantiation"
    assert product["standardProduct"]["id"] == "138"
    assert product["standardProduct"]["version"] == 1


def test_a_deleted_product_is_still_readable_by_id_with_its_deletion_date(seed_client):
    product = seed_client.data("query { product(id: 1220) { id deletedOn } }", **COORDINATOR)[
        "product"
    ]

    assert product == {"id": "1220", "deletedOn": "2025-07-23T03:03:15+00:00"}


def test_a_missing_product_is_bad_user_input_even_without_permission(seed_client):
    for user in (COORDINATOR, LIBRARY_VOLUNTEER):
        response = seed_client.execute("query { product(id: 999999) { id } }", **user)

        assert response["data"] == {"product": None}
        assert error_codes(response) == [(("product",), BAD_USER_INPUT)]
        assert response["errors"][0]["extensions"]["description"] == (
            "The requested resource does not exist in the database."
        )


def test_a_product_of_another_base_is_forbidden(seed_client):
    response = seed_client.execute("query { product(id: 1250) { id } }", **COORDINATOR)

    assert response["data"] == {"product": None}
    assert error_codes(response) == [(("product",), FORBIDDEN)]
    assert response["errors"][0]["extensions"]["description"] == "You don't have access to 'base=2'"


def test_a_user_without_product_permission_cannot_read_a_product(seed_client):
    response = seed_client.execute("query { product(id: 1166) { id } }", **LIBRARY_VOLUNTEER)

    assert response["data"] == {"product": None}
    assert error_codes(response) == [(("product",), FORBIDDEN)]


def test_god_reads_products_of_any_base(seed_client):
    product = seed_client.data("query { product(id: 1250) { id base { id } } }", **GOD)["product"]

    assert product == {"id": "1250", "base": {"id": "2"}}


def test_the_gender_none_is_spelled_in_lower_case(seed_client):
    data = seed_client.data("query { base(id: 1) { products { gender } } }", **COORDINATOR)["base"][
        "products"
    ]

    genders = {p["gender"] for p in data}
    assert "none" in genders
    assert genders <= {
        "Women", "Men", "UnisexAdult", "Girl", "Boy", "UnisexKid", "BabyGirl", "BabyBoy",
        "UnisexBaby", "none", "TeenGirl", "TeenBoy",
    }  # fmt: skip


def test_product_fields_needing_their_own_permission_fail_alone(seed_client):
    claims_without_size_range = seed_client.token(
        claims={
            "https://www.boxtribute.com/permissions": ["base_1/product:read", "base_1/base:read"],
            "https://www.boxtribute.com/base_ids": [1],
        }
    )
    response = seed_client.execute(
        "query { product(id: 1166) { id sizeRange { id } } }", token=claims_without_size_range
    )

    # sizeRange is non-null: the error nulls the product.
    assert response["data"] == {"product": None}
    assert error_codes(response) == [(("product", "sizeRange"), FORBIDDEN)]


# --- Base.products --------------------------------------------------------------------------


def test_a_base_lists_its_products_without_deleted_ones_by_default(seed_client):
    products = base_products(seed_client)

    assert len(products) == 78
    assert all(p["deletedOn"] is None for p in products)
    ids = [int(p["id"]) for p in products]
    assert ids == sorted(ids)


def test_a_base_lists_deleted_products_on_request(seed_client):
    products = base_products(seed_client, {"includeDeleted": True})

    assert len(products) == 84
    assert sum(p["deletedOn"] is not None for p in products) == 6


def test_a_base_lists_custom_or_standard_products_by_type(seed_client):
    custom = base_products(seed_client, {"type": "Custom"})
    standard = base_products(seed_client, {"type": "StandardInstantiation"})
    all_types = base_products(seed_client, {"type": "All"})

    assert {p["type"] for p in custom} == {"Custom"}
    assert {p["type"] for p in standard} == {"StandardInstantiation"}
    assert len(standard) == 20
    assert len(custom) + len(standard) == len(all_types) == 78


def test_the_products_of_a_base_are_forbidden_without_product_permission(seed_client):
    response = seed_client.execute(BASE_PRODUCTS, **LIBRARY_VOLUNTEER)

    # products is non-null: the error nulls the base.
    assert response["data"] == {"base": None}
    assert error_codes(response) == [(("base", "products"), FORBIDDEN)]


# --- products(baseId, paginationInput) --------------------------------------------------------

PRODUCTS_PAGE = """query($baseId: ID, $page: PaginationInput) {
  products(baseId: $baseId, paginationInput: $page) {
    totalCount
    pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
    elements { id base { id } deletedOn }
  }
}"""


def _products_page(client, variables, **user):
    return client.data(PRODUCTS_PAGE, variables, **(user or COORDINATOR))["products"]


def test_the_products_of_a_base_include_deleted_ones_by_id(seed_client):
    page = _products_page(seed_client, {"baseId": "1", "page": {"first": 10000}})

    ids = [int(e["id"]) for e in page["elements"]]
    assert page["totalCount"] == len(ids) == 84
    assert ids == sorted(ids)
    assert sum(e["deletedOn"] is not None for e in page["elements"]) == 6
    assert page["pageInfo"] == {
        "hasPreviousPage": False,
        "hasNextPage": False,
        "startCursor": cursor(ids[0]),
        "endCursor": cursor(ids[-1]),
    }


def test_products_are_paged_forwards_with_cursors(seed_client):
    everything = _products_page(seed_client, {"baseId": "1", "page": {"first": 10000}})
    all_ids = [e["id"] for e in everything["elements"]]

    first = _products_page(seed_client, {"baseId": "1", "page": {"first": 30}})
    second = _products_page(
        seed_client, {"baseId": "1", "page": {"first": 30, "after": first["pageInfo"]["endCursor"]}}
    )

    assert [e["id"] for e in first["elements"]] == all_ids[:30]
    assert first["pageInfo"]["hasNextPage"] and not first["pageInfo"]["hasPreviousPage"]
    assert [e["id"] for e in second["elements"]] == all_ids[30:60]
    assert second["pageInfo"]["hasPreviousPage"] and second["pageInfo"]["hasNextPage"]
    assert first["totalCount"] == second["totalCount"] == 84


def test_products_default_to_pages_of_fifty(seed_client):
    page = _products_page(seed_client, {"baseId": "1"})

    assert len(page["elements"]) == 50
    assert page["pageInfo"]["hasNextPage"] is True


def test_products_without_base_are_those_of_all_readable_bases(seed_client):
    page = _products_page(seed_client, {"page": {"first": 10000}})

    assert page["totalCount"] == 84
    assert {e["base"]["id"] for e in page["elements"]} == {"1"}


def test_products_of_a_base_the_user_cannot_read_are_an_empty_page(seed_client):
    page = _products_page(seed_client, {"baseId": "2", "page": {"first": 10}})

    assert page == {
        "totalCount": 0,
        "pageInfo": {
            "hasPreviousPage": False,
            "hasNextPage": False,
            "startCursor": "",
            "endCursor": "",
        },
        "elements": [],
    }


def test_products_are_forbidden_without_product_permission(seed_client):
    response = seed_client.execute(PRODUCTS_PAGE, {"baseId": "1"}, **LIBRARY_VOLUNTEER)

    assert response["data"] is None
    assert error_codes(response) == [(("products",), FORBIDDEN)]


def test_god_pages_through_the_products_of_every_base(seed_client):
    page = _products_page(seed_client, {"page": {"first": 10000}}, **GOD)

    assert page["totalCount"] == 84 * 4 + 8
    base_two = _products_page(seed_client, {"baseId": "2", "page": {"first": 1}}, **GOD)
    assert base_two["totalCount"] == 84


# --- ProductCategory.products -----------------------------------------------------------------

CATEGORY_PRODUCTS = """query($page: PaginationInput) {
  productCategory(id: 1) { products(paginationInput: $page) { totalCount elements { id } } }
}"""


def test_a_category_pages_the_readable_products_in_it(seed_client):
    as_coordinator = seed_client.data(CATEGORY_PRODUCTS, {"page": {"first": 1000}}, **COORDINATOR)
    as_god = seed_client.data(CATEGORY_PRODUCTS, {"page": {"first": 1000}}, **GOD)

    mine = as_coordinator["productCategory"]["products"]
    everyone = as_god["productCategory"]["products"]
    assert 0 < mine["totalCount"] < everyone["totalCount"]
    assert {e["id"] for e in mine["elements"]} < {e["id"] for e in everyone["elements"]}
    assert "1166" in {e["id"] for e in mine["elements"]}


def test_a_category_lists_no_products_without_product_permission(seed_client):
    token = seed_client.token(
        claims={
            "https://www.boxtribute.com/permissions": ["base_1/product_category:read"],
            "https://www.boxtribute.com/base_ids": [1],
        }
    )
    response = seed_client.execute(CATEGORY_PRODUCTS, token=token)

    assert response["data"] == {"productCategory": {"products": None}}
    assert error_codes(response) == [(("productCategory", "products"), FORBIDDEN)]


@pytest.mark.parametrize(
    "role",
    ["coordinator", "head-of-ops", "warehouse-volunteer", "free-shop-volunteer", "volunteer",
     "label-creation"],
)  # fmt: skip
def test_every_role_handling_products_reads_the_products_of_its_base(client, role):
    product = products_of(1, deleted=False)[0]

    result = client.data(
        "query($id: ID!) { product(id: $id) { id name base { id } } }",
        {"id": str(product.id)},
        **(HEAD_OF_OPS if role == "head-of-ops" else base_user(1, role)),
    )

    assert result["product"] == {"id": str(product.id), "name": product.name, "base": {"id": "1"}}


def test_a_library_volunteer_cannot_read_products(client):
    product = products_of(1)[0]

    response = client.execute(
        "query($id: ID!) { product(id: $id) { id } }",
        {"id": str(product.id)},
        **LIBRARY_VOLUNTEER,
    )

    assert response["data"] == {"product": None}
    assert error_codes(response) == [(("product",), FORBIDDEN)]


def test_products_of_another_organisations_base_are_forbidden_and_left_out(client):
    foreign = products_of(3)[0]

    single = client.execute(
        "query($id: ID!) { product(id: $id) { id } }", {"id": str(foreign.id)}, **COORDINATOR
    )
    page = client.data(
        "query { products(paginationInput: {first: 10000}) {"
        " totalCount elements { base { id } } } }",
        **COORDINATOR,
    )["products"]

    assert error_codes(single) == [(("product",), FORBIDDEN)]
    assert single["errors"][0]["extensions"]["description"] == "You don't have access to 'base=3'"
    assert page["totalCount"] == len(products_of(1))
    assert {e["base"]["id"] for e in page["elements"]} == {"1"}


def test_god_reads_a_product_of_any_base(client):
    foreign = products_of(3)[0]

    result = client.data(
        "query($id: ID!) { product(id: $id) { id base { id } } }", {"id": str(foreign.id)}, **GOD
    )

    assert result["product"] == {"id": str(foreign.id), "base": {"id": "3"}}


def test_the_item_counts_of_a_product_sum_its_undeleted_boxes_by_state(client):
    from peewee import fn

    from boxtribute_api.box.models import Box

    def counts():
        rows = (
            Box.select(Box.product, Box.state, fn.SUM(Box.number_of_items))
            .where(Box.deleted_on.is_unset())
            .group_by(Box.product, Box.state)
            .tuples()
        )
        in_stock, in_transfer = {}, {}
        for product_id, state_id, items in rows:
            if state_id == 1:
                in_stock[product_id] = in_stock.get(product_id, 0) + int(items or 0)
            elif state_id in (3, 4, 7):
                in_transfer[product_id] = in_transfer.get(product_id, 0) + int(items or 0)
        return in_stock, in_transfer

    in_stock, in_transfer = demo_rows(counts)
    products = client.data(
        "query { base(id: 1) { products(filterInput: {includeDeleted: true}) {"
        " id instockItemsCount transferItemsCount } } }",
        **COORDINATOR,
    )["base"]["products"]

    assert any(p["instockItemsCount"] for p in products)
    for product in products:
        product_id = int(product["id"])
        assert product["instockItemsCount"] == in_stock.get(product_id, 0)
        assert product["transferItemsCount"] == in_transfer.get(product_id, 0)


def test_base_products_hide_the_deleted_ones_unless_asked(client):
    deleted = {str(p.id) for p in products_of(1, deleted=True)}

    default = {p["id"] for p in base_products(client)}
    with_deleted = {p["id"] for p in base_products(client, {"includeDeleted": True})}

    assert deleted, "the demo world has deleted products in base 1"
    assert not default & deleted
    assert with_deleted == default | deleted


def test_base_products_filter_by_type(client):
    custom = base_products(client, {"type": "Custom"})
    standard = base_products(client, {"type": "StandardInstantiation"})

    expected_standard = [
        str(p.id) for p in products_of(1, deleted=False) if p.standard_product_id is not None
    ]
    assert [p["id"] for p in standard] == expected_standard
    assert custom and {p["type"] for p in custom} == {"Custom"}


def test_a_product_page_of_a_category_lists_only_readable_products(client):
    product = products_of(1, deleted=False)[0]

    page = client.data(
        "query($id: ID!) { productCategory(id: $id) {"
        " products(paginationInput: {first: 1000}) { elements { base { id } } } } }",
        {"id": str(product.category_id)},
        **COORDINATOR,
    )["productCategory"]["products"]

    assert page["elements"]
    assert {e["base"]["id"] for e in page["elements"]} == {"1"}
