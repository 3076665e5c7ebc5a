"""Products, product categories, size ranges, sizes, units and standard products.

Tests on `seed_client` compare with what the original answers on its development
seed (user 8, coordinator of base 1); tests on `client` check behaviour on our demo
world and find their rows by querying.
"""

from __future__ import annotations

import base64

import pytest

from support.errors import BAD_USER_INPUT, FORBIDDEN, error_codes
from support.users import (
    COORDINATOR,
    COORDINATOR_ORG_2,
    GOD,
    HEAD_OF_OPS,
    LIBRARY_VOLUNTEER,
    WAREHOUSE_VOLUNTEER,
    base_user,
)


def cursor(row_id: int) -> str:
    return base64.b64encode(f"{row_id:08d}".encode()).decode()


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

BASE_PRODUCTS = """query($filter: FilterProductInput) {
  base(id: 1) { products(filterInput: $filter) { id type deletedOn } }
}"""


def _base_products(client, filter_input=None, **user):
    variables = {"filter": filter_input} if filter_input is not None else None
    return client.data(BASE_PRODUCTS, variables, **(user or COORDINATOR))["base"]["products"]


def test_a_base_lists_its_products_without_deleted_ones_by_default(seed_client):
    products = _base_products(seed_client)

    assert len(products) == 78
    assert all(p["deletedOn"] is None for p in products)
    ids = [int(p["id"]) for p in products]
    assert ids == sorted(ids)


def test_a_base_lists_deleted_products_on_request(seed_client):
    products = _base_products(seed_client, {"includeDeleted": True})

    assert len(products) == 84
    assert sum(p["deletedOn"] is not None for p in products) == 6


def test_a_base_lists_custom_or_standard_products_by_type(seed_client):
    custom = _base_products(seed_client, {"type": "Custom"})
    standard = _base_products(seed_client, {"type": "StandardInstantiation"})
    all_types = _base_products(seed_client, {"type": "All"})

    assert {p["type"] for p in custom} == {"Custom"}
    assert {p["type"] for p in standard} == {"StandardInstantiation"}
    assert len(standard) == 20
    assert len(custom) + len(standard) == len(all_types) == 78


def test_the_products_of_a_base_are_forbidden_without_product_permission(seed_client):
    response = seed_client.execute(BASE_PRODUCTS, **LIBRARY_VOLUNTEER)

    # products is non-null: the error nulls the base.
    assert response["data"] == {"base": None}
    assert error_codes(response) == [(("base", "products"), FORBIDDEN)]


# --- product categories ----------------------------------------------------------------------


def test_all_product_categories_are_listed_by_id_with_clothing_ones_having_a_gender(seed_client):
    categories = seed_client.data(
        "query { productCategories { id name hasGender } }", **WAREHOUSE_VOLUNTEER
    )["productCategories"]

    assert [int(c["id"]) for c in categories] == [*range(1, 16), 18, 19, 20]
    assert [c["id"] for c in categories if c["hasGender"]] == [str(i) for i in range(1, 9)]
    assert categories[11] == {"id": "12", "name": "Clothing", "hasGender": False}


def test_a_product_category_is_read_by_id(seed_client):
    category = seed_client.data(
        'query { productCategory(id: "3") { id name hasGender } }', **COORDINATOR
    )["productCategory"]

    assert category == {"id": "3", "name": "Tops", "hasGender": True}


def test_a_missing_product_category_is_bad_user_input(seed_client):
    response = seed_client.execute("query { productCategory(id: 16) { id } }", **COORDINATOR)

    assert response["data"] == {"productCategory": None}
    assert error_codes(response) == [(("productCategory",), BAD_USER_INPUT)]


def test_product_categories_are_forbidden_without_permission(seed_client):
    single = seed_client.execute("query { productCategory(id: 1) { id } }", **LIBRARY_VOLUNTEER)
    listed = seed_client.execute("query { productCategories { id } }", **LIBRARY_VOLUNTEER)

    assert error_codes(single) == [(("productCategory",), FORBIDDEN)]
    assert single["errors"][0]["extensions"]["description"] == (
        "You don't have access to 'product_category:read'"
    )
    # The list is non-null: data becomes null.
    assert listed["data"] is None
    assert error_codes(listed) == [(("productCategories",), FORBIDDEN)]


# --- size ranges, sizes, units ---------------------------------------------------------------

SIZE_RANGES = """query {
  sizeRanges { id name label sizes { id name label } units { id name symbol } }
}"""


def test_size_ranges_list_their_sizes_in_the_ranges_own_order(seed_client):
    ranges = seed_client.data(SIZE_RANGES, **COORDINATOR)["sizeRanges"]

    ids = [int(r["id"]) for r in ranges]
    assert ids == sorted(ids)
    first = ranges[0]
    assert first["name"] == first["label"] == "XS, S, M, L, XL, XXL"
    assert [s["id"] for s in first["sizes"]] == ["5", "1", "2", "3", "4", "203", "52"]
    assert first["sizes"][0] == {"id": "5", "name": "XS", "label": "XS"}
    assert first["units"] == []


def test_the_mass_and_volume_ranges_have_units_and_no_sizes(seed_client):
    ranges = {r["id"]: r for r in seed_client.data(SIZE_RANGES, **COORDINATOR)["sizeRanges"]}

    mass, volume = ranges["28"], ranges["29"]
    assert mass["label"] == "Mass" and mass["sizes"] == []
    assert [u["symbol"] for u in mass["units"]] == ["kg", "g", "mg", "t", "lb", "oz"]
    assert [u["id"] for u in volume["units"]] == ["2", "3", "9", "10", "11"]
    assert volume["units"][0] == {"id": "2", "name": "liter", "symbol": "l"}


def test_size_ranges_are_forbidden_without_permission(seed_client):
    response = seed_client.execute("query { sizeRanges { id } }", **LIBRARY_VOLUNTEER)

    assert response["data"] is None
    assert error_codes(response) == [(("sizeRanges",), FORBIDDEN)]


def test_the_sizes_of_a_range_need_size_permission_but_its_units_do_not(seed_client):
    token = seed_client.token(
        claims={
            "https://www.boxtribute.com/permissions": ["base_1/size_range:read"],
            "https://www.boxtribute.com/base_ids": [1],
        }
    )

    with_units = seed_client.execute("query { sizeRanges { id units { symbol } } }", token=token)
    with_sizes = seed_client.execute("query { sizeRanges { id sizes { id } } }", token=token)

    assert "errors" not in with_units
    assert with_sizes["data"] is None
    assert {path for path, _ in error_codes(with_sizes)} >= {("sizeRanges", 0, "sizes")}
    assert {code for _, code in error_codes(with_sizes)} == {FORBIDDEN}


# --- standardProduct(id) ---------------------------------------------------------------------

STANDARD_PRODUCT = """query($id: ID!) {
  standardProduct(id: $id) {
    __typename
    ... on StandardProduct {
      id name gender version instantiation { id }
      category { id } sizeRange { id }
      addedBy { id } addedOn deprecatedBy { id } deprecatedOn
      precededByProduct { id } supercededByProduct { id }
    }
    ... on InsufficientPermissionError { name }
    ... on ResourceDoesNotExistError { resourceId: id name }
  }
}"""


def test_a_standard_product_is_read_by_id_without_instantiation(seed_client):
    result = seed_client.data(STANDARD_PRODUCT, {"id": "138"}, **COORDINATOR)["standardProduct"]

    assert result["__typename"] == "StandardProduct"
    assert result["id"] == "138"
    assert result["version"] == 1
    # Base 1 has instantiated it, but only standardProducts(baseId) shows that.
    assert result["instantiation"] is None
    assert result["precededByProduct"] is None and result["supercededByProduct"] is None


def test_a_missing_standard_product_is_a_resource_does_not_exist_result(seed_client):
    result = seed_client.data(STANDARD_PRODUCT, {"id": "99999"}, **COORDINATOR)

    assert result["standardProduct"] == {
        "__typename": "ResourceDoesNotExistError",
        "resourceId": None,
        "name": "StandardProduct",
    }


def test_a_standard_product_without_permission_is_an_insufficient_permission_result(seed_client):
    result = seed_client.data(STANDARD_PRODUCT, {"id": "1"}, **LIBRARY_VOLUNTEER)

    assert result["standardProduct"] == {
        "__typename": "InsufficientPermissionError",
        "name": "standard_product:read",
    }


# --- standardProducts(baseId) ----------------------------------------------------------------

STANDARD_PRODUCTS = """query($baseId: ID) {
  standardProducts(baseId: $baseId) {
    __typename
    ... on StandardProductPage {
      totalCount
      pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
      elements { id version instantiation { id deletedOn } }
    }
    ... on InsufficientPermissionError { name }
    ... on UnauthorizedForBaseError { id name organisationName }
  }
}"""


def test_standard_products_show_the_bases_instantiations(seed_client):
    page = seed_client.data(STANDARD_PRODUCTS, {"baseId": "1"}, **COORDINATOR)["standardProducts"]

    assert page["__typename"] == "StandardProductPage"
    assert page["totalCount"] == len(page["elements"]) == 162
    ids = [int(e["id"]) for e in page["elements"]]
    assert ids == sorted(ids)
    instantiated = {e["id"]: e["instantiation"] for e in page["elements"] if e["instantiation"]}
    assert len(instantiated) == 20
    assert instantiated["138"] == {"id": "1216", "deletedOn": None}
    assert page["pageInfo"] == {
        "hasPreviousPage": False,
        "hasNextPage": False,
        "startCursor": cursor(ids[0]),
        "endCursor": cursor(ids[-1]),
    }


def test_a_deleted_instantiation_is_not_shown(seed_client):
    page = seed_client.data(STANDARD_PRODUCTS, {"baseId": "1"}, **COORDINATOR)["standardProducts"]

    # Product 1220 (standard product 115) is deleted.
    by_id = {e["id"]: e for e in page["elements"]}
    assert by_id["115"]["instantiation"] is None


def test_standard_products_without_base_have_no_instantiation(seed_client):
    page = seed_client.data(STANDARD_PRODUCTS, {"baseId": None}, **COORDINATOR)["standardProducts"]

    assert page["totalCount"] == 162
    assert all(e["instantiation"] is None for e in page["elements"])


def test_standard_products_of_a_foreign_base_are_an_unauthorized_for_base_result(seed_client):
    result = seed_client.data(STANDARD_PRODUCTS, {"baseId": "2"}, **COORDINATOR)

    assert result["standardProducts"] == {
        "__typename": "UnauthorizedForBaseError",
        "id": "2",
        "name": "Thessaloniki",
        "organisationName": "BoxCare",
    }


def test_standard_products_of_a_missing_base_name_nothing(seed_client):
    result = seed_client.data(STANDARD_PRODUCTS, {"baseId": "9999"}, **COORDINATOR)

    assert result["standardProducts"] == {
        "__typename": "UnauthorizedForBaseError",
        "id": "9999",
        "name": "",
        "organisationName": "",
    }


def test_standard_products_without_permission_are_an_insufficient_permission_result(
    seed_client,
):
    result = seed_client.data(STANDARD_PRODUCTS, {"baseId": "1"}, **LIBRARY_VOLUNTEER)

    assert result["standardProducts"] == {
        "__typename": "InsufficientPermissionError",
        "name": "standard_product:read",
    }


def test_god_sees_the_instantiations_of_any_base(seed_client):
    page = seed_client.data(STANDARD_PRODUCTS, {"baseId": "2"}, **GOD)["standardProducts"]

    assert page["__typename"] == "StandardProductPage"
    assert sum(e["instantiation"] is not None for e in page["elements"]) == 20


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


# --- on the demo world ------------------------------------------------------------------------


def _demo_rows(query_fn):
    from boxtribute_api.db.routing import connection_scope

    with connection_scope():
        return query_fn()


def _products_of(base_id: int, *, deleted: bool | None = None) -> list:
    from boxtribute_api.product.models import Product

    def fetch():
        query = Product.select().where(Product.base == base_id)
        if deleted is True:
            query = query.where(~Product.deleted_on.is_unset())
        elif deleted is False:
            query = query.where(Product.deleted_on.is_unset())
        return list(query.order_by(Product.id))

    return _demo_rows(fetch)


@pytest.mark.parametrize(
    "role",
    ["coordinator", "head-of-ops", "warehouse-volunteer", "free-shop-volunteer", "volunteer",
     "label-creation"],
)  # fmt: skip
def test_every_role_handling_products_reads_the_products_of_its_base(client, role):
    product = _products_of(1, deleted=False)[0]

    result = client.data(
        "query($id: ID!) { product(id: $id) { id name base { id } } }",
        {"id": str(product.id)},
        **(HEAD_OF_OPS if role == "head-of-ops" else base_user(1, role)),
    )

    assert result["product"] == {"id": str(product.id), "name": product.name, "base": {"id": "1"}}


def test_a_library_volunteer_cannot_read_products(client):
    product = _products_of(1)[0]

    response = client.execute(
        "query($id: ID!) { product(id: $id) { id } }",
        {"id": str(product.id)},
        **LIBRARY_VOLUNTEER,
    )

    assert response["data"] == {"product": None}
    assert error_codes(response) == [(("product",), FORBIDDEN)]


def test_products_of_another_organisations_base_are_forbidden_and_left_out(client):
    foreign = _products_of(3)[0]

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
    assert page["totalCount"] == len(_products_of(1))
    assert {e["base"]["id"] for e in page["elements"]} == {"1"}


def test_god_reads_a_product_of_any_base(client):
    foreign = _products_of(3)[0]

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

    in_stock, in_transfer = _demo_rows(counts)
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
    deleted = {str(p.id) for p in _products_of(1, deleted=True)}

    default = {p["id"] for p in _base_products(client)}
    with_deleted = {p["id"] for p in _base_products(client, {"includeDeleted": True})}

    assert deleted, "the demo world has deleted products in base 1"
    assert not default & deleted
    assert with_deleted == default | deleted


def test_base_products_filter_by_type(client):
    custom = _base_products(client, {"type": "Custom"})
    standard = _base_products(client, {"type": "StandardInstantiation"})

    expected_standard = [
        str(p.id) for p in _products_of(1, deleted=False) if p.standard_product_id is not None
    ]
    assert [p["id"] for p in standard] == expected_standard
    assert custom and {p["type"] for p in custom} == {"Custom"}


def test_standard_products_hide_a_deleted_instantiation_behind_the_current_one(client):
    def instantiations():
        return {
            p.standard_product_id: p.id
            for p in _products_of(1, deleted=False)
            if p.standard_product_id is not None
        }

    current = _demo_rows(instantiations)
    page = client.data(STANDARD_PRODUCTS, {"baseId": "1"}, **COORDINATOR)["standardProducts"]

    shown = {int(e["id"]): e["instantiation"] for e in page["elements"]}
    assert {sp: int(i["id"]) for sp, i in shown.items() if i} == current
    assert page["totalCount"] == len(page["elements"])


def test_size_ranges_order_their_sizes_like_the_range_does(client):
    from boxtribute_api.product.models import SizeRangeSize

    def expected():
        rows = SizeRangeSize.select().order_by(SizeRangeSize.size_range, SizeRangeSize.seq)
        by_range: dict = {}
        for row in rows:
            by_range.setdefault(str(row.size_range_id), []).append(str(row.size_id))
        return by_range

    by_range = _demo_rows(expected)
    ranges = client.data(SIZE_RANGES, **COORDINATOR)["sizeRanges"]

    assert ranges
    for size_range in ranges:
        assert [s["id"] for s in size_range["sizes"]] == by_range.get(size_range["id"], [])


def test_product_categories_and_size_ranges_are_global(client):
    query = "query { productCategories { id } sizeRanges { id } }"

    ours = client.data(query, **COORDINATOR)
    theirs = client.data(query, **COORDINATOR_ORG_2)

    assert ours == theirs
    assert ours["productCategories"] and ours["sizeRanges"]


def test_a_product_page_of_a_category_lists_only_readable_products(client):
    product = _products_of(1, deleted=False)[0]

    page = client.data(
        "query($id: ID!) { productCategory(id: $id) {"
        " products(paginationInput: {first: 1000}) { elements { base { id } } } } }",
        {"id": str(product.category_id)},
        **COORDINATOR,
    )["productCategory"]["products"]

    assert page["elements"]
    assert {e["base"]["id"] for e in page["elements"]} == {"1"}
