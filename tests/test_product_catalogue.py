"""The catalogue products are made from: product categories, size ranges with their
sizes and units, standard products and a base's instantiations of them.

Tests on `seed_client` compare with what the original answers on its development
seed; tests on `client` check behaviour on our demo world."""

from __future__ import annotations

from support.errors import BAD_USER_INPUT, FORBIDDEN, error_codes
from support.pagination import cursor
from support.products import (
    SIZE_RANGES,
    STANDARD_PRODUCTS,
    demo_rows,
    products_of,
)
from support.users import (
    COORDINATOR,
    COORDINATOR_ORG_2,
    GOD,
    LIBRARY_VOLUNTEER,
    WAREHOUSE_VOLUNTEER,
)

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


def test_standard_products_hide_a_deleted_instantiation_behind_the_current_one(client):
    def instantiations():
        return {
            p.standard_product_id: p.id
            for p in products_of(1, deleted=False)
            if p.standard_product_id is not None
        }

    current = demo_rows(instantiations)
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

    by_range = demo_rows(expected)
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
