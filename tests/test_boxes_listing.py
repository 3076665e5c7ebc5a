"""boxes(baseId): the Boxes view's listing, its pages, cursors and filters, and the
in-stock totals of a base.

Tests run on our demo world (`client`) and compare with the rows read straight
from the tables (`stock`)."""

from __future__ import annotations

import base64
import datetime

import pytest

from boxtribute_api.box.models import Box
from boxtribute_api.db.pagination import PageRequest, decode_cursor, encode_cursor
from boxtribute_api.db.routing import connection_scope
from boxtribute_api.errors import BadUserInput
from boxtribute_api.location.models import Location
from support.errors import FORBIDDEN, error_codes
from support.pagination import cursor
from support.stock import (
    ALL,
    GENDERS,
    assert_listed,
    base_boxes,
    ids,
)
from support.users import (
    COORDINATOR,
    COORDINATOR_ORG_2,
    GOD,
    LIBRARY_VOLUNTEER,
    VOLUNTEER,
)

# --- boxes(baseId) -------------------------------------------------------------------------------

BOXES = """
query Boxes($baseId: ID!, $pagination: PaginationInput, $filter: FilterBoxInput) {
  boxes(baseId: $baseId, paginationInput: $pagination, filterInput: $filter) {
    totalCount
    pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
    elements { id }
  }
}
"""


def boxes(client, pagination=None, filter_input=None, base_id="1", user=COORDINATOR) -> dict:
    variables = {"baseId": base_id, "pagination": pagination, "filter": filter_input}
    return client.data(BOXES, variables, **user)["boxes"]


def test_boxes_lists_non_deleted_boxes_of_the_base_most_recently_modified_first(client, stock):
    expected = base_boxes(stock)

    deleted = [r for r in stock if r.base_id == 1 and r.deleted]

    page = boxes(client, ALL)

    assert_listed(page["elements"], expected, expected)
    assert page["totalCount"] == len(expected)
    assert deleted, "the demo world deletes some boxes of base 1"
    assert not {e["id"] for e in page["elements"]} & set(ids(deleted))


def test_boxes_of_all_location_types_are_listed(client, stock):
    page = boxes(client, ALL)

    listed = {int(e["id"]) for e in page["elements"]}
    assert listed == {r.id for r in stock if r.base_id == 1 and not r.deleted}


def test_the_default_page_holds_fifty_boxes(client, stock):
    expected = base_boxes(stock)

    page = boxes(client)

    elements = page["elements"]
    assert_listed(elements, expected[:50], expected)
    assert page["pageInfo"]["hasNextPage"] is True
    assert page["pageInfo"]["startCursor"] == cursor(int(elements[0]["id"]))
    assert page["pageInfo"]["endCursor"] == cursor(int(elements[49]["id"]))
    assert page["totalCount"] == len(expected)


def test_has_previous_page_compares_ids_not_the_listing_order(client, stock):
    # The first box listed is the most recently modified one; the original reports a
    # previous page whenever a box with a smaller id exists.
    expected = base_boxes(stock)

    page = boxes(client, {"first": 5})

    first = int(page["elements"][0]["id"])
    smaller = any(r.id < first for r in expected)
    assert page["pageInfo"]["hasPreviousPage"] is smaller


def test_after_selects_boxes_with_greater_ids_in_listing_order(client, stock):
    expected = base_boxes(stock)
    pivot = sorted(r.id for r in expected)[len(expected) // 2]

    page = boxes(client, {"after": cursor(pivot), "first": 100000})

    above = [r for r in expected if r.id > pivot]
    assert_listed(page["elements"], above, above)
    assert page["totalCount"] == len(expected)


def test_before_selects_the_first_boxes_in_listing_order_with_smaller_ids(client, stock):
    expected = base_boxes(stock)
    pivot = sorted(r.id for r in expected)[len(expected) // 2]
    below = [r for r in expected if r.id < pivot]

    page = boxes(client, {"before": cursor(pivot), "last": 3})

    # Backwards, limit + 1 rows are fetched in listing order and the first is dropped.
    elements = page["elements"]
    assert_listed(elements, below[1:4], below)
    info = page["pageInfo"]
    assert info["hasPreviousPage"] is True
    assert info["startCursor"] == cursor(int(elements[0]["id"]))
    assert info["endCursor"] == cursor(int(elements[-1]["id"]))
    assert info["hasNextPage"] is any(r.id > int(elements[-1]["id"]) for r in expected)


def test_first_zero_means_the_default_page_size(client, stock):
    page = boxes(client, {"first": 0})

    assert len(page["elements"]) == 50


def test_a_page_size_variable_left_out_is_a_backwards_page_without_cursor(client, stock):
    # The frontend sends `paginationInput: {first: $n}`; without $n the input is
    # empty, which pages backwards, and that needs `before`. Observed on the
    # original (f2a90ed3, graphql-core 3.2.14): BAD_USER_INPUT, data null.
    document = """
    query($baseId: ID!, $n: Int) {
      boxes(baseId: $baseId, paginationInput: {first: $n}) {
        totalCount elements { id }
      }
    }"""

    for variables in ({"baseId": "1"}, {"baseId": "1", "n": None}):
        response = client.execute(document, variables, **COORDINATOR)

        assert response["data"] is None
        assert error_codes(response) == [(("boxes",), "BAD_USER_INPUT")]
        assert response["errors"][0]["extensions"]["description"] == (
            "Invalid pagination input: missing 'before' field."
        )


def test_an_empty_page_has_default_page_info(client, stock):
    highest = max(r.id for r in stock)

    page = boxes(client, {"after": cursor(highest)})

    assert page["elements"] == []
    assert page["pageInfo"] == {
        "hasPreviousPage": False,
        "hasNextPage": False,
        "startCursor": "",
        "endCursor": "",
    }


def test_a_malformed_cursor_is_an_error(client):
    response = client.execute(BOXES, {"baseId": "1", "pagination": {"after": "%%%"}}, **COORDINATOR)

    assert response["data"] is None
    assert [e["path"] for e in response["errors"]] == [["boxes"]]


@pytest.mark.parametrize("user", [VOLUNTEER, GOD], ids=["volunteer", "god"])
def test_volunteers_and_gods_list_boxes(client, stock, user):
    page = boxes(client, user=user)

    assert page["totalCount"] == len(base_boxes(stock))


def test_another_organisations_coordinator_cannot_list_the_boxes(client):
    response = client.execute(BOXES, {"baseId": "1"}, **COORDINATOR_ORG_2)

    # BoxPage! at the root: the whole data is null.
    assert response["data"] is None
    assert error_codes(response) == [(("boxes",), FORBIDDEN)]
    assert response["errors"][0]["extensions"]["description"] == "You don't have access to 'base=1'"


def test_a_user_without_stock_read_cannot_list_boxes(client):
    response = client.execute(BOXES, {"baseId": "1"}, **LIBRARY_VOLUNTEER)

    assert error_codes(response) == [(("boxes",), FORBIDDEN)]


# --- filters -------------------------------------------------------------------------------------


def assert_filter(client, stock, filter_input, keep, *, nontrivial=True):
    expected = [r for r in base_boxes(stock) if keep(r)]
    if nontrivial:
        assert 0 < len(expected) < len(base_boxes(stock)), "filter test needs a partial match"

    page = boxes(client, ALL, filter_input)

    assert_listed(page["elements"], expected, expected)
    assert page["totalCount"] == len(expected)


def test_filter_by_states(client, stock):
    assert_filter(client, stock, {"states": ["InStock"]}, lambda r: r.state == 1)
    assert_filter(client, stock, {"states": ["Donated", "Lost"]}, lambda r: r.state in (2, 5))


def test_an_empty_states_list_does_not_filter(client, stock):
    assert_filter(client, stock, {"states": []}, lambda r: True, nontrivial=False)


def test_filter_by_last_modified_dates_compares_with_midnight(client, stock):
    dates = sorted(r.modified for r in base_boxes(stock))
    day = dates[len(dates) // 2].date()
    midnight = datetime.datetime.combine(day, datetime.time())

    assert_filter(
        client, stock, {"lastModifiedFrom": day.isoformat()}, lambda r: r.modified >= midnight
    )
    # "until" a day ends at its very start: boxes modified later that day are left out.
    assert_filter(
        client, stock, {"lastModifiedUntil": day.isoformat()}, lambda r: r.modified <= midnight
    )


def test_filter_by_product_gender(client, stock):
    gender = next(g for g, name in GENDERS.items() if any(r.gender == g for r in stock))
    assert_filter(client, stock, {"productGender": GENDERS[gender]}, lambda r: r.gender == gender)


def test_filter_by_product_genders(client, stock):
    assert_filter(client, stock, {"productGenders": ["Women", "Men"]}, lambda r: r.gender in (1, 2))


def test_filter_by_product_category(client, stock):
    category = base_boxes(stock)[0].category
    assert_filter(client, stock, {"productCategoryId": category}, lambda r: r.category == category)


def test_filter_by_product_categories(client, stock):
    categories = sorted({r.category for r in base_boxes(stock)})[:2]
    assert_filter(
        client, stock, {"productCategoryIds": categories}, lambda r: r.category in categories
    )


def test_filter_by_product(client, stock):
    product = base_boxes(stock)[0].product_id
    assert_filter(client, stock, {"productId": product}, lambda r: r.product_id == product)


def test_filter_by_products(client, stock):
    products = sorted({r.product_id for r in base_boxes(stock)})[:3]
    assert_filter(client, stock, {"productIds": products}, lambda r: r.product_id in products)


def test_filter_by_size(client, stock):
    size = next(r.size_id for r in base_boxes(stock) if r.size_id)
    assert_filter(client, stock, {"sizeId": size}, lambda r: r.size_id == size)


def test_filter_by_tags_matches_boxes_with_any_of_them(client, stock):
    tag_ids = sorted({t for r in base_boxes(stock) for t in r.tag_ids})[:2]
    assert_filter(client, stock, {"tagIds": tag_ids}, lambda r: bool(r.tag_ids & set(tag_ids)))


def test_an_empty_tag_list_matches_no_box(client, stock):
    page = boxes(client, ALL, {"tagIds": []})

    assert page["elements"] == []
    assert page["totalCount"] == 0


def test_filter_by_locations(client, stock):
    locations = sorted({r.location_id for r in base_boxes(stock)})[:2]
    assert_filter(client, stock, {"locationIds": locations}, lambda r: r.location_id in locations)


def test_filters_combine(client, stock):
    tag_ids = sorted({t for r in base_boxes(stock) for t in r.tag_ids})

    assert_filter(
        client,
        stock,
        {"states": ["InStock"], "tagIds": tag_ids, "productGenders": ["Women", "Men", "Boy"]},
        lambda r: r.state == 1 and bool(r.tag_ids) and r.gender in (1, 2, 5),
    )


def test_filtered_pages_count_every_matching_box_once(client, stock):
    tag_ids = sorted({t for r in base_boxes(stock) for t in r.tag_ids})
    expected = [r for r in base_boxes(stock) if r.tag_ids]

    page = boxes(client, {"first": 10}, {"tagIds": tag_ids})

    assert page["totalCount"] == len(expected)
    assert_listed(page["elements"], expected[:10], expected)


def test_enum_filters_given_as_literals(client, stock):
    document = """
    query { boxes(baseId: 1, paginationInput: {first: 100000},
                  filterInput: {states: [InStock, Donated], productGender: Women}) {
      totalCount
    } }"""

    page = client.data(document, **COORDINATOR)["boxes"]

    expected = [r for r in base_boxes(stock) if r.state in (1, 5) and r.gender == 1]
    assert page["totalCount"] == len(expected)


# --- Base in-stock totals ------------------------------------------------------------------------


def test_a_base_counts_its_boxes_and_items_in_stock(client, stock):
    with connection_scope():
        in_stock = (
            Box.select(Box.number_of_items)
            .join(Location, on=Box.location == Location.id)
            .where(Location.base == 1, Box.state == 1, Box.deleted_on.is_unset())
        )
        items = sum(b.number_of_items or 0 for b in in_stock)
        count = in_stock.count()
    document = "query { base(id: 1) { instockBoxesCount instockItemsCount } }"

    base = client.data(document, **COORDINATOR)["base"]

    assert base == {"instockBoxesCount": count, "instockItemsCount": items}


# --- pagination helpers, in isolation ------------------------------------------------------------


def test_cursors_are_base64_of_the_zero_padded_id():
    assert encode_cursor(100000420) == "MTAwMDAwNDIw"
    assert encode_cursor(42) == base64.b64encode(b"00000042").decode()
    assert decode_cursor(encode_cursor(42)) == 42


@pytest.mark.parametrize(
    ("pagination_input", "forwards", "cursor_value", "limit"),
    [
        (None, True, 0, 50),
        ({"first": 7}, True, 0, 7),
        ({"first": 0}, True, 0, 50),
        ({"first": None, "after": cursor(9)}, True, 9, 50),
        ({"before": cursor(9)}, False, 9, 50),
        ({"before": cursor(9), "last": 3}, False, 9, 3),
        ({"after": cursor(5), "before": cursor(9), "last": 3}, True, 5, 50),
    ],
)
def test_page_requests_read_like_the_original(pagination_input, forwards, cursor_value, limit):
    request = PageRequest.from_input(pagination_input)

    assert request.forwards is forwards
    assert request.cursor == cursor_value
    assert request.limit == limit


@pytest.mark.parametrize(
    "pagination_input, description",
    [
        ({}, "Invalid pagination input: missing 'before' field."),
        ({"last": 5}, "Invalid pagination input: missing 'before' field."),
        ({"last": None}, "Invalid pagination input: missing 'before' field."),
        ({"before": cursor(9), "last": None}, "'last' must be a number when paging backwards"),
        ({"first": -1}, "'first' must not be negative"),
        ({"after": "!!notbase64"}, "'!!notbase64' is not a valid cursor."),
        ({"before": "YWJj"}, "'YWJj' is not a valid cursor."),
    ],
)
def test_page_requests_the_client_got_wrong_are_bad_user_input(pagination_input, description):
    with pytest.raises(BadUserInput) as raised:
        PageRequest.from_input(pagination_input)

    assert raised.value.extensions["description"].startswith(description)


def test_a_malformed_cursor_is_bad_user_input_at_the_pages_path(client):
    document = '{ boxes(baseId: 1, paginationInput: {after: "!!x"}) { totalCount } }'

    response = client.execute(document, **COORDINATOR)

    assert error_codes(response) == [(("boxes",), "BAD_USER_INPUT")]
    assert response["errors"][0]["message"] == "'!!x' is not a valid cursor."
