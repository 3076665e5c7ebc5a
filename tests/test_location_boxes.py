"""ClassicLocation.boxes: all boxes of a location, deleted ones included, paged by
id."""

from __future__ import annotations

from support.errors import FORBIDDEN, error_codes
from support.pagination import cursor
from support.stock import (
    ALL,
)
from support.users import (
    COORDINATOR,
)

# --- ClassicLocation.boxes: pagination by id -----------------------------------------------------

LOCATION_BOXES = """
query LocationBoxes($id: ID!, $pagination: PaginationInput, $filter: FilterBoxInput) {
  location(id: $id) {
    boxes(paginationInput: $pagination, filterInput: $filter) {
      totalCount
      pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
      elements { id }
    }
  }
}
"""


def location_boxes(client, location_id, pagination=None, filter_input=None, user=COORDINATOR):
    variables = {"id": str(location_id), "pagination": pagination, "filter": filter_input}
    response = client.execute(LOCATION_BOXES, variables, **user)
    return response


def busiest_location(stock) -> int:
    counts: dict[int, int] = {}
    for r in stock:
        if r.base_id == 1:
            counts[r.location_id] = counts.get(r.location_id, 0) + 1
    return max(counts, key=counts.get)


def test_a_location_lists_all_its_boxes_by_id_deleted_ones_included(client, stock):
    location_id = next(r.location_id for r in stock if r.base_id == 1 and r.deleted)
    expected = sorted(r.id for r in stock if r.location_id == location_id)

    response = location_boxes(client, location_id, ALL)

    page = response["data"]["location"]["boxes"]
    assert [int(e["id"]) for e in page["elements"]] == expected
    assert page["totalCount"] == len(expected)


def test_forward_pages_concatenate_to_all_boxes(client, stock):
    location_id = busiest_location(stock)
    expected = sorted(r.id for r in stock if r.location_id == location_id)
    assert len(expected) > 12

    seen, after, pages = [], None, []
    while True:
        pagination = {"first": 5} if after is None else {"first": 5, "after": after}
        page = location_boxes(client, location_id, pagination)["data"]["location"]["boxes"]
        pages.append(page)
        seen += [int(e["id"]) for e in page["elements"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]

    assert seen == expected
    assert pages[0]["pageInfo"]["hasPreviousPage"] is False
    assert all(p["pageInfo"]["hasPreviousPage"] for p in pages[1:])
    assert all(len(p["elements"]) == 5 for p in pages[:-1])
    for page in pages:
        ids_ = [int(e["id"]) for e in page["elements"]]
        assert page["pageInfo"]["startCursor"] == cursor(ids_[0])
        assert page["pageInfo"]["endCursor"] == cursor(ids_[-1])


def test_backward_pages_take_the_smallest_ids_below_the_cursor(client, stock):
    location_id = busiest_location(stock)
    expected = sorted(r.id for r in stock if r.location_id == location_id)
    before = expected[-1]

    page = location_boxes(client, location_id, {"before": cursor(before), "last": 4})
    page = page["data"]["location"]["boxes"]

    # Rows are fetched in id order (limit + 1), the first is dropped.
    assert [int(e["id"]) for e in page["elements"]] == expected[1:5]
    assert page["pageInfo"] == {
        "hasPreviousPage": True,
        "hasNextPage": True,
        "startCursor": cursor(expected[1]),
        "endCursor": cursor(expected[4]),
    }


def test_a_backward_page_holding_all_remaining_rows(client, stock):
    location_id = busiest_location(stock)
    expected = sorted(r.id for r in stock if r.location_id == location_id)

    page = location_boxes(client, location_id, {"before": cursor(expected[3]), "last": 10})
    page = page["data"]["location"]["boxes"]

    assert [int(e["id"]) for e in page["elements"]] == expected[:3]
    assert page["pageInfo"]["hasPreviousPage"] is False
    assert page["pageInfo"]["hasNextPage"] is True


def test_location_boxes_apply_box_filters(client, stock):
    location_id = busiest_location(stock)
    expected = sorted(r.id for r in stock if r.location_id == location_id and r.state == 1)

    page = location_boxes(client, location_id, ALL, {"states": ["InStock"]})
    page = page["data"]["location"]["boxes"]

    assert [int(e["id"]) for e in page["elements"]] == expected


def test_location_boxes_need_stock_read_in_the_location_base(client, stock):
    location_id = busiest_location(stock)
    permissions = ["base_1/location:read", "base_1/base:read"]
    user = dict(COORDINATOR, permissions=permissions)

    response = location_boxes(client, location_id, user=user)

    assert error_codes(response) == [(("location", "boxes"), FORBIDDEN)]
    assert response["data"] == {"location": {"boxes": None}}
