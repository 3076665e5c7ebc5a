"""Boxes: box(labelIdentifier), boxes(baseId) with filters and pagination, Box fields,
QrCode.box, ClassicLocation.boxes, and the in-stock totals of a base.

Behaviour tests run on our demo world (`client`) and find their rows with plain
peewee queries; comparisons with the original's answers use `seed_client`.
"""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass, field

import pytest

from boxtribute_api.box.models import Box
from boxtribute_api.db.pagination import PageRequest, decode_cursor, encode_cursor
from boxtribute_api.db.routing import connection_scope
from boxtribute_api.location.models import Location
from boxtribute_api.product.models import Product
from boxtribute_api.qr.models import QrCode
from boxtribute_api.shipment.models import Shipment, ShipmentDetail
from boxtribute_api.tag.models import TagsRelation
from support.errors import BAD_USER_INPUT, FORBIDDEN, error_codes
from support.users import (
    COORDINATOR,
    COORDINATOR_BASE_2,
    COORDINATOR_ORG_2,
    GOD,
    LIBRARY_VOLUNTEER,
    VOLUNTEER,
)

STATES = {
    1: "InStock",
    2: "Lost",
    3: "MarkedForShipment",
    4: "Receiving",
    5: "Donated",
    6: "Scrap",
    7: "InTransit",
    8: "NotDelivered",
}
GENDERS = {1: "Women", 2: "Men", 3: "UnisexAdult", 4: "Girl", 5: "Boy", 6: "UnisexKid"}
ALL = {"first": 100000}


# --- ground truth, read straight from the tables -------------------------------------------------


@dataclass
class StockRow:
    id: int
    label_identifier: str
    base_id: int
    location_id: int
    state: int
    product_id: int
    size_id: int | None
    gender: int
    category: int
    modified: datetime.datetime | None
    deleted: bool
    qr_id: int | None
    # Every tag ever assigned, removed assignments included (what the filter sees).
    tag_ids: set[int] = field(default_factory=set)


def stock_rows() -> list[StockRow]:
    with connection_scope():
        rows = {
            r["id"]: StockRow(
                id=r["id"],
                label_identifier=r["label_identifier"],
                base_id=r["base"],
                location_id=r["location"],
                state=r["state"],
                product_id=r["product"],
                size_id=r["size"],
                gender=r["gender"],
                category=r["category"],
                modified=r["last_modified_on"],
                deleted=r["deleted_on"] is not None,
                qr_id=r["qr_code"],
            )
            for r in Box.select(
                Box.id,
                Box.label_identifier,
                Location.base,
                Box.location,
                Box.state,
                Box.product,
                Box.size,
                Product.gender,
                Product.category,
                Box.last_modified_on,
                Box.deleted_on,
                Box.qr_code,
            )
            .join(Location, on=Box.location == Location.id)
            .join(Product, on=Box.product == Product.id, src=Box)
            .dicts()
        }
        relations = TagsRelation.select(TagsRelation.object_id, TagsRelation.tag).where(
            TagsRelation.object_type == "Stock"
        )
        for relation in relations.tuples():
            if relation[0] in rows:
                rows[relation[0]].tag_ids.add(relation[1])
    return list(rows.values())


@pytest.fixture
def stock(client) -> list[StockRow]:
    return stock_rows()


def base_boxes(stock: list[StockRow], base_id: int = 1) -> list[StockRow]:
    """Non-deleted boxes of the base in the order `boxes` lists them."""
    rows = [r for r in stock if r.base_id == base_id and not r.deleted]
    by_id = sorted(rows, key=lambda r: (r.location_id, r.id))
    return sorted(by_id, key=lambda r: r.modified or datetime.datetime.min, reverse=True)


def ids(rows) -> list[str]:
    return [str(r.id) for r in rows]


def cursor(row_id: int) -> str:
    return base64.b64encode(f"{row_id:08d}".encode()).decode()


# --- box(labelIdentifier) ------------------------------------------------------------------------

BOX = """
query Box($label: String!) {
  box(labelIdentifier: $label) {
    id labelIdentifier state numberOfItems comment deletedOn
    location { id } product { id } size { id } qrCode { code }
  }
}
"""


def test_a_coordinator_reads_a_box_of_their_base(client, stock):
    row = next(r for r in base_boxes(stock) if r.size_id and r.qr_id)

    box = client.data(BOX, {"label": row.label_identifier}, **COORDINATOR)["box"]

    assert box["id"] == str(row.id)
    assert box["labelIdentifier"] == row.label_identifier
    assert box["state"] == STATES[row.state]
    assert box["location"] == {"id": str(row.location_id)}
    assert box["product"] == {"id": str(row.product_id)}
    assert box["size"] == {"id": str(row.size_id)}
    assert box["qrCode"]["code"]
    assert box["deletedOn"] is None


@pytest.mark.parametrize("user", [VOLUNTEER, GOD], ids=["volunteer", "god"])
def test_volunteers_of_the_base_and_gods_read_a_box(client, stock, user):
    row = base_boxes(stock)[0]

    box = client.data(BOX, {"label": row.label_identifier}, **user)["box"]

    assert box["id"] == str(row.id)


def test_a_coordinator_of_another_organisation_cannot_read_the_box(client, stock):
    row = next(r for r in base_boxes(stock) if r.state == 1)

    response = client.execute(BOX, {"label": row.label_identifier}, **COORDINATOR_ORG_2)

    assert response["data"] == {"box": None}
    assert error_codes(response) == [(("box",), FORBIDDEN)]
    assert response["errors"][0]["extensions"]["description"] == "You don't have access to 'base=1'"


def test_a_user_without_stock_read_is_told_the_permission(client, stock):
    row = next(r for r in base_boxes(stock) if r.state == 1)

    response = client.execute(BOX, {"label": row.label_identifier}, **LIBRARY_VOLUNTEER)

    assert error_codes(response) == [(("box",), FORBIDDEN)]
    description = response["errors"][0]["extensions"]["description"]
    assert description == "You don't have access to 'stock:read'"


def test_an_unknown_label_identifier_is_a_bad_user_input(client):
    response = client.execute(BOX, {"label": "no-such-box"}, **COORDINATOR)

    assert response["data"] == {"box": None}
    assert error_codes(response) == [(("box",), BAD_USER_INPUT)]
    assert response["errors"][0]["message"] == "An unknown error occurred."
    assert response["errors"][0]["extensions"]["description"] == (
        "The requested resource does not exist in the database."
    )


def test_not_found_comes_before_authorization(client):
    response = client.execute(BOX, {"label": "no-such-box"}, **COORDINATOR_ORG_2)

    assert error_codes(response) == [(("box",), BAD_USER_INPUT)]


def test_a_deleted_box_can_still_be_read(client, stock):
    row = next(r for r in stock if r.base_id == 1 and r.deleted)

    box = client.data(BOX, {"label": row.label_identifier}, **COORDINATOR)["box"]

    assert box["id"] == str(row.id)
    assert box["deletedOn"] is not None


def _boxes_in_shipment(source_base: int, target_base: int) -> list[tuple[StockRow, int]]:
    """Boxes on their way from source to target base (active shipment detail)."""
    with connection_scope():
        box_ids = [
            detail.box_id
            for detail in ShipmentDetail.select()
            .join(Shipment, on=ShipmentDetail.shipment == Shipment.id)
            .where(
                Shipment.source_base == source_base,
                Shipment.target_base == target_base,
                ShipmentDetail.removed_on.is_null(),
                ShipmentDetail.received_on.is_null(),
            )
        ]
    return [r for r in stock_rows() if r.id in box_ids and r.state == 7]


def test_the_receiving_base_reads_a_box_in_transit_without_source_location_and_product(client):
    # Boxes sent from base 3 (organisation 2) to base 1.
    row = _boxes_in_shipment(source_base=3, target_base=1)[0]

    response = client.execute(BOX, {"label": row.label_identifier}, **COORDINATOR)

    assert "errors" not in response
    box = response["data"]["box"]
    assert box["state"] == "InTransit"
    assert box["location"] is None
    assert box["product"] is None


def test_the_sending_base_reads_its_box_in_transit(client):
    row = _boxes_in_shipment(source_base=1, target_base=3)[0]

    box = client.data(BOX, {"label": row.label_identifier}, **COORDINATOR)["box"]

    assert box["location"] == {"id": str(row.location_id)}
    assert box["product"] == {"id": str(row.product_id)}


def test_a_base_outside_the_shipment_cannot_read_a_box_in_transit(client):
    row = _boxes_in_shipment(source_base=1, target_base=3)[0]

    response = client.execute(BOX, {"label": row.label_identifier}, **COORDINATOR_BASE_2)

    assert error_codes(response) == [(("box",), FORBIDDEN)]
    description = response["errors"][0]["extensions"]["description"]
    assert description == "You don't have access to 'bases=[1, 3]'"


BOX_ALL_FIELDS = """
query Box($label: String!) {
  box(labelIdentifier: $label) {
    id labelIdentifier state numberOfItems comment weight monetaryValue measureValue
    createdOn lastModifiedOn deletedOn
    product { id } size { id } displayUnit { id symbol } weightDisplayUnit { id symbol }
    location { id ... on ClassicLocation { base { id } } }
    qrCode { id code }
    createdBy { id } lastModifiedBy { id }
    tags { id }
    sourceBox { id }
    distributionEvent { id }
  }
}
"""


def test_every_box_field_resolves(client, stock):
    row = next(r for r in base_boxes(stock) if r.tag_ids)
    with connection_scope():
        model = Box.get_by_id(row.id)
        live_tag_ids = sorted(
            t.tag_id
            for t in TagsRelation.select().where(
                TagsRelation.object_type == "Stock",
                TagsRelation.object_id == row.id,
                TagsRelation.deleted_on.is_null(),
            )
        )

    box = client.data(BOX_ALL_FIELDS, {"label": row.label_identifier}, **COORDINATOR)["box"]

    assert box["numberOfItems"] == model.number_of_items
    assert box["comment"] == model.comment
    assert box["createdOn"] == model.created_on.isoformat() + "+00:00"
    assert box["lastModifiedOn"] == model.last_modified_on.isoformat() + "+00:00"
    assert box["location"]["base"] == {"id": "1"}
    assert box["createdBy"] == (
        None if model.created_by_id is None else {"id": str(model.created_by_id)}
    )
    assert box["weightDisplayUnit"]["id"] == str(model.weight_display_unit_id)
    assert [t["id"] for t in box["tags"]] == [str(t) for t in live_tag_ids]
    assert box["sourceBox"] is None
    assert box["distributionEvent"] is None


def test_a_measure_box_shows_its_measure_in_the_display_unit(client):
    with connection_scope():
        model = Box.select().where(Box.display_unit.is_null(False)).first()
        from boxtribute_api.product.models import Unit

        unit = Unit.get_by_id(model.display_unit_id)

    box = client.data(BOX_ALL_FIELDS, {"label": model.label_identifier}, **GOD)["box"]

    assert box["displayUnit"]["id"] == str(unit.id)
    assert box["measureValue"] == pytest.approx(float(unit.conversion_factor * model.measure_value))
    assert box["size"] is None


def test_a_box_without_qr_code_has_no_qr_code(client, stock):
    # About one box in twelve is made without a QR code.
    row = next(r for r in base_boxes(stock) if r.qr_id is None)

    box = client.data(BOX_ALL_FIELDS, {"label": row.label_identifier}, **GOD)["box"]

    assert box["qrCode"] is None


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

    assert [e["id"] for e in page["elements"]] == ids(expected)
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

    assert [e["id"] for e in page["elements"]] == ids(expected[:50])
    assert page["pageInfo"]["hasNextPage"] is True
    assert page["pageInfo"]["startCursor"] == cursor(expected[0].id)
    assert page["pageInfo"]["endCursor"] == cursor(expected[49].id)
    assert page["totalCount"] == len(expected)


def test_has_previous_page_compares_ids_not_the_listing_order(client, stock):
    # The first box listed is the most recently modified one; the original reports a
    # previous page whenever a box with a smaller id exists.
    expected = base_boxes(stock)
    first = expected[0]

    page = boxes(client, {"first": 5})

    smaller = any(r.id < first.id for r in expected)
    assert page["pageInfo"]["hasPreviousPage"] is smaller


def test_after_selects_boxes_with_greater_ids_in_listing_order(client, stock):
    expected = base_boxes(stock)
    pivot = sorted(r.id for r in expected)[len(expected) // 2]

    page = boxes(client, {"after": cursor(pivot), "first": 100000})

    assert [e["id"] for e in page["elements"]] == ids([r for r in expected if r.id > pivot])
    assert page["totalCount"] == len(expected)


def test_before_selects_the_first_boxes_in_listing_order_with_smaller_ids(client, stock):
    expected = base_boxes(stock)
    pivot = sorted(r.id for r in expected)[len(expected) // 2]
    below = [r for r in expected if r.id < pivot]

    page = boxes(client, {"before": cursor(pivot), "last": 3})

    # Backwards, limit + 1 rows are fetched in listing order and the first is dropped.
    assert [e["id"] for e in page["elements"]] == ids(below[1:4])
    info = page["pageInfo"]
    assert info["hasPreviousPage"] is True
    assert info["startCursor"] == cursor(below[1].id)
    assert info["endCursor"] == cursor(below[3].id)
    assert info["hasNextPage"] is any(r.id > below[3].id for r in expected)


def test_first_zero_means_the_default_page_size(client, stock):
    page = boxes(client, {"first": 0})

    assert len(page["elements"]) == 50


def test_a_page_size_variable_left_out_gives_no_boxes_but_the_total(client, stock):
    # The frontend sends `paginationInput: {first: $n}`; without $n the original
    # pages backwards from "infinity", which MySQL compares as 0.
    document = """
    query($baseId: ID!, $n: Int) {
      boxes(baseId: $baseId, paginationInput: {first: $n}) {
        totalCount elements { id }
        pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
      }
    }"""

    for variables in ({"baseId": "1"}, {"baseId": "1", "n": None}):
        page = client.data(document, variables, **COORDINATOR)["boxes"]

        assert page["elements"] == []
        assert page["totalCount"] == len(base_boxes(stock))
        assert page["pageInfo"] == {
            "hasPreviousPage": False,
            "hasNextPage": False,
            "startCursor": "",
            "endCursor": "",
        }


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

    assert [e["id"] for e in page["elements"]] == ids(expected)
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
    assert [e["id"] for e in page["elements"]] == ids(expected[:10])


def test_enum_filters_given_as_literals(client, stock):
    document = """
    query { boxes(baseId: 1, paginationInput: {first: 100000},
                  filterInput: {states: [InStock, Donated], productGender: Women}) {
      totalCount
    } }"""

    page = client.data(document, **COORDINATOR)["boxes"]

    expected = [r for r in base_boxes(stock) if r.state in (1, 5) and r.gender == 1]
    assert page["totalCount"] == len(expected)


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


# --- QrCode.box ----------------------------------------------------------------------------------

QR_BOX = """
query($code: String!) {
  qrCode(code: $code) {
    __typename
    ... on QrCode {
      box {
        __typename
        ... on Box { labelIdentifier }
        ... on InsufficientPermissionError { name }
        ... on UnauthorizedForBaseError { id name organisationName }
      }
    }
  }
}
"""


def qr_code_of(row: StockRow) -> str:
    with connection_scope():
        return QrCode.get_by_id(row.qr_id).code


def test_a_qr_code_leads_to_its_box(client, stock):
    row = next(r for r in base_boxes(stock) if r.qr_id and r.state == 1)

    result = client.data(QR_BOX, {"code": qr_code_of(row)}, **COORDINATOR)["qrCode"]

    assert result["box"] == {"__typename": "Box", "labelIdentifier": row.label_identifier}


def test_a_qr_code_of_another_organisations_box_names_the_base(client, stock):
    row = next(r for r in base_boxes(stock) if r.qr_id and r.state == 1)

    result = client.data(QR_BOX, {"code": qr_code_of(row)}, **COORDINATOR_ORG_2)["qrCode"]

    assert result["box"] == {
        "__typename": "UnauthorizedForBaseError",
        "id": "1",
        "name": "Lesvos",
        "organisationName": "BoxAid",
    }


def test_a_qr_code_box_without_stock_read_is_an_insufficient_permission(client, stock):
    row = next(r for r in base_boxes(stock) if r.qr_id and r.state == 1)
    user = dict(COORDINATOR, permissions=["base_1/qr:read"])

    result = client.data(QR_BOX, {"code": qr_code_of(row)}, **user)["qrCode"]

    assert result["box"] == {"__typename": "InsufficientPermissionError", "name": "stock:read"}


def test_a_qr_code_of_a_box_in_a_foreign_shipment_is_an_error(client):
    row = _boxes_in_shipment(source_base=1, target_base=3)[0]

    response = client.execute(QR_BOX, {"code": qr_code_of(row)}, **COORDINATOR_BASE_2)

    assert error_codes(response) == [(("qrCode", "box"), FORBIDDEN)]
    assert response["data"]["qrCode"]["box"] is None


def test_an_unused_qr_code_has_no_box(client, stock):
    used = {r.qr_id for r in stock if r.qr_id}
    with connection_scope():
        unused = QrCode.select().where(QrCode.id.not_in(list(used))).first()

    result = client.data(QR_BOX, {"code": unused.code}, **COORDINATOR)["qrCode"]

    assert result == {"__typename": "QrCode", "box": None}


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
        ({}, False, "infinity", 50),
        ({"first": 7}, True, 0, 7),
        ({"first": 0}, True, 0, 50),
        ({"first": None, "after": cursor(9)}, True, 9, 50),
        ({"before": cursor(9)}, False, 9, 50),
        ({"before": cursor(9), "last": 3}, False, 9, 3),
        ({"after": cursor(5), "before": cursor(9), "last": 3}, True, 5, 50),
        ({"last": None}, False, "infinity", None),
    ],
)
def test_page_requests_read_like_the_original(pagination_input, forwards, cursor_value, limit):
    request = PageRequest.from_input(pagination_input)

    assert request.forwards is forwards
    assert getattr(request.cursor, "value", request.cursor) == cursor_value
    assert request.limit == limit


def test_the_receiving_base_finds_a_box_in_transit_by_its_qr_code(client):
    row = next(r for r in _boxes_in_shipment(source_base=3, target_base=1) if r.qr_id)

    result = client.data(QR_BOX, {"code": qr_code_of(row)}, **COORDINATOR)["qrCode"]

    assert result["box"] == {"__typename": "Box", "labelIdentifier": row.label_identifier}


@pytest.fixture
def box_in_transit_without_shipment(client):
    """A box marked InTransit that no shipment holds (an inconsistent row)."""
    with connection_scope():
        location = Location.select().where(Location.base == 2).first()
        product = Product.select().where(Product.base == 2).first()
        box = Box.create(
            label_identifier="99999901",
            product=product.id,
            location=location.id,
            number_of_items=1,
            state=7,
            created_on=datetime.datetime(2024, 1, 1),
            last_modified_on=datetime.datetime(2024, 1, 1),
        )
    try:
        yield box
    finally:
        with connection_scope():
            Box.delete().where(Box.id == box.id).execute()


def test_a_box_in_transit_without_shipment_is_not_found(client, box_in_transit_without_shipment):
    label = box_in_transit_without_shipment.label_identifier

    response = client.execute(BOX, {"label": label}, **GOD)

    assert response["data"] == {"box": None}
    assert error_codes(response) == [(("box",), BAD_USER_INPUT)]
