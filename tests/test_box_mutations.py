"""Single-box mutations: createBox, createBoxes, updateBox, updateMarkedForShipmentBox,
createBoxFromBox.

Behaviour tests run on a writable demo database of this module (`writable_client`);
each test picks or creates the boxes it changes, so tests do not depend on each
other. The frontend's documents (CreateBox, CreateBoxFromBox, UpdateContentOfBox,
UpdateLocationOfBox, UpdateNumberOfItems, UpdateState) are sent as the frontend sends
them against the original's development seed (`writable_seed_client`), and the rows
left behind are compared with what the original writes.
"""

from __future__ import annotations

import datetime
import itertools
import threading
from decimal import Decimal

import pytest

from boxtribute_api.box import writes as box_writes
from boxtribute_api.box.models import Box
from boxtribute_api.db.routing import connection_scope
from boxtribute_api.history.models import HistoryEntry
from boxtribute_api.location.models import Location
from boxtribute_api.product.models import Product, Size, SizeRangeSize, Unit
from boxtribute_api.qr.models import QrCode
from boxtribute_api.tag.models import Tag, TagsRelation
from support.errors import (
    BAD_USER_INPUT,
    FORBIDDEN,
    INTERNAL_SERVER_ERROR,
    codes,
    error_description,
)
from support.reference import frontend_operation
from support.users import (
    COORDINATOR,
    COORDINATOR_BASE_2,
    COORDINATOR_ORG_2,
    FREE_SHOP_VOLUNTEER,
    GOD,
    HEAD_OF_OPS,
    WAREHOUSE_VOLUNTEER,
)

IN_STOCK, LOST, MARKED_FOR_SHIPMENT, RECEIVING, DONATED, SCRAP, IN_TRANSIT = 1, 2, 3, 4, 5, 6, 7

BOX_FIELDS = """id labelIdentifier numberOfItems comment state weight monetaryValue measureValue
    product { id } size { id } location { id } displayUnit { id } qrCode { code }
    tags { id name type } createdOn lastModifiedOn deletedOn
    createdBy { id } lastModifiedBy { id } sourceBox { labelIdentifier }"""

CREATE = f"""mutation($input: BoxCreationInput) {{
    createBox(creationInput: $input) {{ {BOX_FIELDS} }} }}"""

UPDATE = f"""mutation($input: BoxUpdateInput) {{
    updateBox(updateInput: $input) {{ {BOX_FIELDS} }} }}"""

UPDATE_MARKED = """mutation($input: MarkedForShipmentBoxUpdateInput) {
    updateMarkedForShipmentBox(updateInput: $input) {
        labelIdentifier weight monetaryValue weightDisplayUnit { symbol } lastModifiedOn } }"""

FROM_BOX = f"""mutation($input: BoxFromBoxCreationInput!) {{
    createBoxFromBox(creationInput: $input) {{
        __typename
        ... on Box {{ {BOX_FIELDS} }}
        ... on InsufficientPermissionError {{ name }}
        ... on ResourceDoesNotExistError {{ missingId: id name }}
        ... on UnauthorizedForBaseError {{ baseId: id name }}
        ... on DeletedLocationError {{ name }}
        ... on DeletedBoxError {{ labelIdentifier }}
        ... on InvalidBoxStateError {{ state }}
        ... on InvalidNumberOfItemsError {{ invalidNumberOfItems: numberOfItems }}
    }} }}"""

CREATE_MANY = f"""mutation($input: [BoxBulkCreationInput!]) {{
    createBoxes(creationInput: $input) {{
        __typename
        ... on BoxesResult {{ updatedBoxes {{ {BOX_FIELDS} }} invalidBoxLabelIdentifiers }}
        ... on InsufficientPermissionError {{ name }}
        ... on UnauthorizedForBaseError {{ baseId: id }}
        ... on DeletedBaseError {{ name }}
        ... on InvalidBaseError {{ ids }}
    }} }}"""


# --- helpers ----------------------------------------------------------------------------------


def box_row(label_identifier: str) -> Box:
    with connection_scope():
        return Box.get(Box.label_identifier == label_identifier)


def box_history(box_id) -> list[tuple]:
    """(changes, user, from_int, to_int, from_float, to_float) of a box, oldest first."""
    with connection_scope():
        return list(
            HistoryEntry.select(
                HistoryEntry.changes,
                HistoryEntry.user,
                HistoryEntry.from_int,
                HistoryEntry.to_int,
                HistoryEntry.from_float,
                HistoryEntry.to_float,
            )
            .where(HistoryEntry.table_name == "stock", HistoryEntry.record_id == int(box_id))
            .order_by(HistoryEntry.id)
            .tuples()
        )


def counts() -> tuple[int, ...]:
    """Rows of the tables a box mutation may write: nothing may change on failure."""
    with connection_scope():
        return (
            Box.select().count(),
            HistoryEntry.select().count(),
            TagsRelation.select().count(),
            Tag.select().count(),
            QrCode.select().count(),
            TagsRelation.select().where(TagsRelation.deleted_on.is_null(False)).count(),
        )


def locations(base_id: int, deleted: bool = False, default_state: int | None = None):
    with connection_scope():
        query = Location.select().where(
            Location.base == base_id,
            Location.type == "Warehouse",
            Location.deleted_on.is_null(not deleted),
        )
        if default_state is not None:
            query = query.where(Location.default_box_state == default_state)
        return list(query.order_by(Location.id))


def sized_product(base_id: int, deleted: bool = False) -> tuple[Product, list[int]]:
    """A product of the base with sizes, and its size ids."""
    with connection_scope():
        for product in (
            Product.select()
            .where(Product.base == base_id, Product.deleted_on.is_null(not deleted))
            .order_by(Product.id)
        ):
            sizes = [
                s.size_id
                for s in SizeRangeSize.select().where(
                    SizeRangeSize.size_range == product.size_range_id
                )
            ]
            if len(sizes) >= 2:
                return product, sizes
    raise AssertionError("no sized product")


def another_sized_product(base_id: int, product: Product) -> tuple[Product, list[int]]:
    with connection_scope():
        for other in (
            Product.select()
            .where(Product.base == base_id, Product.deleted_on.is_null(), Product.id != product.id)
            .order_by(Product.id)
        ):
            sizes = [
                s.size_id
                for s in SizeRangeSize.select().where(
                    SizeRangeSize.size_range == other.size_range_id
                )
            ]
            if len(sizes) >= 2:
                return other, sizes
    raise AssertionError("no second sized product")


def size_outside(product: Product) -> int:
    with connection_scope():
        inside = {
            s.size_id
            for s in SizeRangeSize.select().where(SizeRangeSize.size_range == product.size_range_id)
        }
        return next(
            s.size_id
            for s in SizeRangeSize.select().order_by(SizeRangeSize.size)
            if s.size_id not in inside
        )


def measure_product(base_id: int) -> tuple[Product, Unit, Unit, Unit]:
    """A mass or volume product of the base, one unit of its dimension with factor 1
    and another one, and a unit of another dimension."""
    with connection_scope():
        dimensions = {u.dimension_id for u in Unit.select()}
        product = (
            Product.select()
            .where(
                Product.base == base_id,
                Product.deleted_on.is_null(),
                Product.size_range.in_(sorted(dimensions)),
            )
            .order_by(Product.id)
            .first()
        )
        assert product is not None
        units = list(Unit.select().where(Unit.dimension == product.size_range_id).order_by(Unit.id))
        other = Unit.select().where(Unit.dimension != product.size_range_id).first()
        base_unit = next(u for u in units if u.conversion_factor == 1)
        other_unit = next(u for u in units if u.conversion_factor != 1)
        return product, base_unit, other_unit, other


def tag_of(base_id: int, tag_type: str = "Stock", deleted: bool = False) -> Tag:
    with connection_scope():
        return (
            Tag.select()
            .where(Tag.base == base_id, Tag.type == tag_type, Tag.deleted_on.is_null(not deleted))
            .order_by(Tag.id)
            .first()
        )


def unused_qr_code() -> str:
    with connection_scope():
        used = Box.select(Box.qr_code).where(Box.qr_code.is_null(False))
        return QrCode.select().where(QrCode.id.not_in(used)).order_by(QrCode.id).first().code


def box_in_state(base_id: int, state: int, **where) -> Box:
    """A non-deleted box of the base in that state, as the read API selects it."""
    with connection_scope():
        query = (
            Box.select(Box)
            .join(Location, on=Box.location == Location.id)
            .where(Location.base == base_id, Box.state == state, Box.deleted_on.is_unset())
            .order_by(Box.id)
        )
        for column, value in where.items():
            query = query.where(getattr(Box, column) == value)
        return query.first()


_fresh = itertools.count(1)


def new_box(client, base_id: int = 1, **values) -> dict:
    """A box created through the API by the base's coordinator (InStock location,
    sized product, 20 items)."""
    product, sizes = sized_product(base_id)
    location = locations(base_id, default_state=IN_STOCK)[0]
    creation = dict(productId=product.id, sizeId=sizes[0], locationId=location.id, numberOfItems=20)
    creation.update(values)
    user = COORDINATOR if base_id == 1 else COORDINATOR_BASE_2
    return client.data(CREATE, {"input": creation}, **user)["createBox"]


# --- the frontend's documents against the original's development seed ------------------------

SEED_SIZED_PRODUCT = 1166  # Underwear, base 1, size range 6
SEED_WH, SEED_WH2, SEED_DONATED_LOCATION = 100000037, 100000038, 100000040


def seed_size_of(product_id: int) -> list[int]:
    with connection_scope():
        size_range = Product.get_by_id(product_id).size_range_id
        return [
            s.size_id
            for s in SizeRangeSize.select()
            .where(SizeRangeSize.size_range == size_range)
            .order_by(SizeRangeSize.seq, SizeRangeSize.size)
        ]


def test_frontend_create_box_leaves_the_rows_the_original_leaves(writable_seed_client):
    client = writable_seed_client
    operation = frontend_operation("CreateBox")
    sizes = seed_size_of(SEED_SIZED_PRODUCT)
    qr_code = unused_qr_code()
    variables = {
        "locationId": SEED_WH,
        "productId": SEED_SIZED_PRODUCT,
        "sizeId": sizes[0],
        "numberOfItems": 12,
        "weight": 10.5,
        "monetaryValue": None,
        "comment": "from the form",
        "tagIds": [45, 46],
        "newTagNames": ["fresh tag"],
        "qrCode": qr_code,
    }
    before = counts()
    created = client.data(operation["wire_document"], variables, **COORDINATOR)["createBox"]

    assert created["__typename"] == "Box"
    assert created["numberOfItems"] == 12
    assert created["size"]["id"] == str(sizes[0])
    assert created["weight"] == 10.5
    assert created["monetaryValue"] is None
    assert created["weightDisplayUnit"] == {"symbol": "kg", "__typename": "Unit"}
    assert created["state"] == "InStock"
    assert created["location"]["id"] == str(SEED_WH)
    assert created["comment"] == "from the form"
    assert created["qrCode"]["code"] == qr_code
    assert created["qrCode"]["box"]["labelIdentifier"] == created["labelIdentifier"]
    assert created["createdOn"] == created["lastModifiedOn"]
    assert created["createdBy"]["id"] == created["lastModifiedBy"]["id"] == "8"
    assert created["deletedOn"] is None
    assert created["shipmentDetail"] is None
    tags = created["tags"]
    assert [t["id"] for t in tags[:2]] == ["45", "46"]
    assert [(t["name"], t["type"]) for t in tags[2:]] == [("fresh tag", "Box")]
    label = created["labelIdentifier"]
    assert len(label) == 8 and label.isdigit()

    box = box_row(label)
    assert box.weight == Decimal("10.5")
    assert box.state_id == IN_STOCK and box.source_box_id is None
    assert box_history(box.id) == [("Record created", 8, None, None, None, None)]
    with connection_scope():
        relations = list(
            TagsRelation.select().where(
                TagsRelation.object_type == "Stock", TagsRelation.object_id == box.id
            )
        )
        new_tag = Tag.get(Tag.name == "fresh tag")
        tag_history = list(
            HistoryEntry.select(HistoryEntry.changes)
            .where(HistoryEntry.table_name == "tags", HistoryEntry.record_id == new_tag.id)
            .tuples()
        )
    assert {r.tag_id for r in relations} == {45, 46, new_tag.id}
    # Assigned with the box's creation: not shown as separate history events.
    assert {(r.created_on, r.created_by_id) for r in relations} == {(box.created_on, 8)}
    assert new_tag.base_id == 1 and new_tag.type == "Stock"
    assert tag_history == [("Record created",)]
    boxes, history, relation_rows, tag_rows, qr_rows, _ = counts()
    assert (boxes, history, relation_rows, tag_rows, qr_rows) == (
        before[0] + 1,
        before[1] + 2,
        before[2] + 3,
        before[3] + 1,
        before[4],
    )


def test_frontend_update_number_of_items(writable_seed_client):
    client = writable_seed_client
    box = box_in_state(1, IN_STOCK)
    history_before = box_history(box.id)
    operation = frontend_operation("UpdateNumberOfItems")
    variables = {
        "boxLabelIdentifier": box.label_identifier,
        "numberOfItems": box.number_of_items + 7,
    }
    updated = client.data(operation["wire_document"], variables, **COORDINATOR)["updateBox"]

    assert updated["numberOfItems"] == box.number_of_items + 7
    assert updated["lastModifiedBy"]["id"] == "8"
    assert updated["history"][0]["changes"] == (
        f"changed the number of items from {box.number_of_items} to {box.number_of_items + 7}"
    )
    assert updated["history"][0]["user"]["id"] == "8"
    assert box_history(box.id) == history_before + [
        ("items", 8, box.number_of_items, box.number_of_items + 7, None, None)
    ]
    after = box_row(box.label_identifier)
    assert after.last_modified_by_id == 8
    assert after.last_modified_on > box.last_modified_on


def test_frontend_update_location_to_a_donated_location_changes_the_state(writable_seed_client):
    client = writable_seed_client
    box = box_in_state(1, IN_STOCK, location=SEED_WH)
    operation = frontend_operation("UpdateLocationOfBox")
    variables = {"boxLabelIdentifier": box.label_identifier, "newLocationId": SEED_DONATED_LOCATION}
    updated = client.data(operation["wire_document"], variables, **COORDINATOR)["updateBox"]

    assert updated["state"] == "Donated"
    assert updated["location"]["id"] == str(SEED_DONATED_LOCATION)
    assert updated["location"]["defaultBoxState"] == "Donated"
    assert [h["changes"] for h in updated["history"][:2]] == [
        "changed box state from Instock to Donated",
        "changed box location from WH to Donated location",
    ]
    assert box_history(box.id)[-2:] == [
        ("location_id", 8, SEED_WH, SEED_DONATED_LOCATION, None, None),
        ("box_state_id", 8, IN_STOCK, DONATED, None, None),
    ]


def test_frontend_update_state(writable_seed_client):
    client = writable_seed_client
    box = box_in_state(1, IN_STOCK)
    operation = frontend_operation("UpdateState")
    variables = {"boxLabelIdentifier": box.label_identifier, "newState": "Lost"}
    updated = client.data(operation["wire_document"], variables, **COORDINATOR)["updateBox"]
    assert updated["state"] == "Lost"
    assert updated["history"][0]["changes"] == "changed box state from Instock to Lost"
    assert box_history(box.id)[-1] == ("box_state_id", 8, IN_STOCK, LOST, None, None)


def test_frontend_update_content_of_box(writable_seed_client):
    client = writable_seed_client
    box = box_in_state(1, IN_STOCK, product=SEED_SIZED_PRODUCT)
    with connection_scope():
        Box.update(comment="", weight=None, monetary_value=None).where(Box.id == box.id).execute()
    sizes = seed_size_of(SEED_SIZED_PRODUCT)
    new_size = next(s for s in sizes if s != box.size_id)
    operation = frontend_operation("UpdateContentOfBox")
    variables = {
        "boxLabelIdentifier": box.label_identifier,
        "productId": SEED_SIZED_PRODUCT,
        "locationId": box.location_id,
        "numberOfItems": box.number_of_items,
        "sizeId": new_size,
        "weight": 12.0,
        "monetaryValue": 30.5,
        "comment": "edited",
        "tagIds": [47],
        "newTagNames": [],
    }
    history_before = box_history(box.id)
    updated = client.data(operation["wire_document"], variables, **COORDINATOR)["updateBox"]
    assert updated == {"labelIdentifier": box.label_identifier, "__typename": "Box"}

    after = box_row(box.label_identifier)
    assert after.size_id == new_size
    assert after.weight == Decimal(12) and after.monetary_value == Decimal("30.5")
    assert box_history(box.id)[len(history_before) :] == [
        ("size_id", 8, box.size_id, new_size, None, None),
        ('comments changed from "" to "edited";', 8, None, None, None, None),
        ('changed weight from "" to 12.00kg', 8, None, None, None, 12.0),
        ('changed monetary value from "" to 30.50€', 8, None, None, None, 30.5),
    ]
    with connection_scope():
        live = {
            r.tag_id
            for r in TagsRelation.select().where(
                TagsRelation.object_type == "Stock",
                TagsRelation.object_id == box.id,
                TagsRelation.deleted_on.is_null(),
            )
        }
    assert live == {47}


def test_frontend_create_box_from_box(writable_seed_client):
    client = writable_seed_client
    source = box_in_state(1, IN_STOCK, location=SEED_WH)
    with connection_scope():
        Box.update(number_of_items=30).where(Box.id == source.id).execute()
    operation = frontend_operation("CreateBoxFromBox")
    variables = {
        "sourceBoxLabelIdentifier": source.label_identifier,
        "numberOfItems": 10,
        "locationId": SEED_DONATED_LOCATION,
    }
    source_history = box_history(source.id)
    created = client.data(operation["wire_document"], variables, **COORDINATOR)["createBoxFromBox"]

    assert created["__typename"] == "Box"
    assert created["numberOfItems"] == 10
    assert created["state"] == "Donated"
    assert created["location"]["id"] == str(SEED_DONATED_LOCATION)
    assert created["product"]["id"] == str(source.product_id)
    assert created["size"]["id"] == str(source.size_id)
    assert created["tags"] == []
    assert created["sourceBox"]["labelIdentifier"] == source.label_identifier
    assert created["sourceBox"]["numberOfItems"] == 20
    assert created["sourceBox"]["history"][0]["changes"] == (
        "changed the number of items from 30 to 20"
    )
    new_box = box_row(created["labelIdentifier"])
    assert new_box.source_box_id == source.id
    assert box_history(new_box.id) == [
        ("Record created", 8, None, None, None, None),
        ("items", 8, 0, 10, None, None),
        ("location_id", 8, SEED_WH, SEED_DONATED_LOCATION, None, None),
        ("box_state_id", 8, IN_STOCK, DONATED, None, None),
    ]
    assert box_history(source.id) == source_history + [("items", 8, 30, 20, None, None)]


# --- createBox ---------------------------------------------------------------------------------


def test_a_coordinator_creates_a_box_in_stock_with_its_creation_recorded(writable_client):
    product, sizes = sized_product(1)
    location = locations(1, default_state=IN_STOCK)[0]
    tag = tag_of(1, "All")
    created = writable_client.data(
        CREATE,
        {
            "input": {
                "productId": product.id,
                "sizeId": sizes[1],
                "locationId": location.id,
                "numberOfItems": 5,
                "tagIds": [tag.id],
            }
        },
        **COORDINATOR,
    )["createBox"]
    assert created["state"] == "InStock"
    assert created["numberOfItems"] == 5
    assert created["product"] == {"id": str(product.id)}
    assert created["size"] == {"id": str(sizes[1])}
    assert created["location"] == {"id": str(location.id)}
    assert created["comment"] == ""  # the original's default
    assert created["qrCode"] is None
    assert created["weight"] is None and created["monetaryValue"] is None
    assert created["tags"] == [{"id": str(tag.id), "name": tag.name, "type": "All"}]
    assert created["createdOn"] == created["lastModifiedOn"]
    assert created["createdBy"] == created["lastModifiedBy"] == {"id": "8"}
    assert created["sourceBox"] is None
    box = box_row(created["labelIdentifier"])
    assert box_history(box.id) == [("Record created", 8, None, None, None, None)]


def test_a_box_created_in_a_location_with_a_default_state_takes_that_state(writable_client):
    donated = locations(1, default_state=DONATED)[0]
    created = new_box(writable_client, locationId=donated.id)
    assert created["state"] == "Donated"


def test_new_tag_names_become_box_tags_of_the_base(writable_client):
    existing = tag_of(1, "Stock")
    created = new_box(
        writable_client, tagIds=[existing.id], newTagNames=["batch 7", "batch 7", "x"]
    )
    names = [(t["name"], t["type"]) for t in created["tags"]]
    assert names == [(existing.name, "Box"), ("batch 7", "Box"), ("x", "Box")]
    with connection_scope():
        new_tags = list(Tag.select().where(Tag.name.in_(["batch 7", "x"])))
    assert {(t.base_id, t.type) for t in new_tags} == {(1, "Stock")}
    assert len(new_tags) == 2


def test_a_box_can_be_created_with_an_unused_qr_code_but_not_with_a_used_one(writable_client):
    code = unused_qr_code()
    created = new_box(writable_client, qrCode=code)
    assert created["qrCode"] == {"code": code}
    before = counts()
    product, sizes = sized_product(1)
    location = locations(1, default_state=IN_STOCK)[0]
    creation = dict(productId=product.id, sizeId=sizes[0], locationId=location.id, qrCode=code)
    response = writable_client.execute(CREATE, {"input": creation}, **COORDINATOR)
    assert codes(response) == [BAD_USER_INPUT]
    assert error_description(response) == "The QR code is already assigned to another box."
    assert counts() == before


def test_an_unknown_qr_code_is_bad_user_input(writable_client):
    product, sizes = sized_product(1)
    location = locations(1)[0]
    creation = dict(productId=product.id, sizeId=sizes[0], locationId=location.id, qrCode="nope")
    response = writable_client.execute(CREATE, {"input": creation}, **COORDINATOR)
    assert response["data"] == {"createBox": None}
    assert codes(response) == [BAD_USER_INPUT]


def test_a_measure_product_box_stores_the_measure_in_the_base_unit(writable_client):
    product, base_unit, other_unit, _ = measure_product(1)
    location = locations(1, default_state=IN_STOCK)[0]
    created = writable_client.data(
        CREATE,
        {
            "input": {
                "productId": product.id,
                "locationId": location.id,
                "displayUnitId": other_unit.id,
                "measureValue": 500.0,
            }
        },
        **COORDINATOR,
    )["createBox"]
    assert created["size"] is None
    assert created["displayUnit"] == {"id": str(other_unit.id)}
    assert created["measureValue"] == pytest.approx(500.0)
    box = box_row(created["labelIdentifier"])
    assert float(box.measure_value) == pytest.approx(500.0 / float(other_unit.conversion_factor))


def _create_error(client, user=COORDINATOR, **values) -> dict:
    product, sizes = sized_product(1)
    location = locations(1, default_state=IN_STOCK)[0]
    creation = dict(productId=product.id, sizeId=sizes[0], locationId=location.id)
    creation.update(values)
    before = counts()
    response = client.execute(CREATE, {"input": creation}, **user)
    assert response["data"] == {"createBox": None}
    assert counts() == before, "a failed mutation wrote rows"
    return response


@pytest.mark.parametrize(
    "values, description",
    [
        ({"numberOfItems": -1}, "Invalid input: negative value for 'numberOfItems'"),
        ({"weight": -2.5}, "Invalid input: negative value for 'weight'"),
        ({"monetaryValue": -1.0}, "Invalid input: negative value for 'monetaryValue'"),
    ],
)
def test_negative_numbers_are_rejected(writable_client, values, description):
    response = _create_error(writable_client, **values)
    assert codes(response) == [BAD_USER_INPUT]
    assert error_description(response) == description


def test_a_size_outside_the_products_size_range_is_rejected(writable_client):
    product, _ = sized_product(1)
    response = _create_error(writable_client, productId=product.id, sizeId=size_outside(product))
    assert codes(response) == [BAD_USER_INPUT]
    assert error_description(response) == (
        "Invalid input: 'size' is not in the size range of 'product'"
    )


def test_size_and_measure_are_mutually_exclusive(writable_client):
    product, base_unit, _, _ = measure_product(1)
    expected = "Invalid input: either 'sizeId' or 'displayUnitId'+'measureValue' required"
    for values in (
        {"sizeId": None},
        {"displayUnitId": base_unit.id},
        {"displayUnitId": base_unit.id, "measureValue": 2.0},
        {"sizeId": None, "measureValue": 2.0},
        {"sizeId": None, "displayUnitId": base_unit.id},
    ):
        response = _create_error(writable_client, **values)
        assert error_description(response) == expected, values


def test_a_measure_in_a_unit_of_another_dimension_or_negative_is_rejected(writable_client):
    product, base_unit, _, other_dimension = measure_product(1)
    common = dict(productId=product.id, sizeId=None)
    response = _create_error(
        writable_client, **common, displayUnitId=other_dimension.id, measureValue=1.0
    )
    assert error_description(response) == (
        "Invalid input: dimensions of 'displayUnit' and 'product' not matching"
    )
    response = _create_error(
        writable_client, **common, displayUnitId=base_unit.id, measureValue=-1.0
    )
    assert error_description(response) == "Invalid input: negative value for 'measureValue'"
    response = _create_error(writable_client, **common, displayUnitId=999999, measureValue=1.0)
    assert codes(response) == [BAD_USER_INPUT]


def test_a_product_of_another_base_is_rejected(writable_client):
    product, sizes = sized_product(2)
    response = _create_error(
        writable_client, user=HEAD_OF_OPS, productId=product.id, sizeId=sizes[0]
    )
    assert error_description(response) == (
        "Invalid input: bases of 'location' and 'product' not matching"
    )


def test_deleted_products_and_locations_are_rejected(writable_client):
    product, sizes = sized_product(1, deleted=True)
    response = _create_error(writable_client, productId=product.id, sizeId=sizes[0])
    assert error_description(response) == "Invalid input: 'product' is deleted"
    response = _create_error(writable_client, locationId=locations(1, deleted=True)[0].id)
    assert error_description(response) == "Invalid input: 'location' is deleted"


def test_unknown_products_and_locations_are_bad_user_input(writable_client):
    assert codes(_create_error(writable_client, productId=999999)) == [BAD_USER_INPUT]
    assert codes(_create_error(writable_client, locationId=999999)) == [BAD_USER_INPUT]


def test_tags_must_be_box_tags_of_the_boxs_base_and_not_deleted(writable_client):
    deleted = tag_of(1, "Stock", deleted=True)
    response = _create_error(writable_client, tagIds=[deleted.id])
    assert error_description(response) == (
        f"The tag with ID {deleted.id} is deleted and cannot be assigned"
    )
    beneficiary_tag = tag_of(1, "People")
    response = _create_error(writable_client, tagIds=[beneficiary_tag.id])
    assert error_description(response) == (
        f"The tag with ID {beneficiary_tag.id} and type 'Beneficiary' cannot be applied to the "
        "resource of type 'Box'"
    )
    other_base_tag = tag_of(2, "Stock")
    response = _create_error(writable_client, user=HEAD_OF_OPS, tagIds=[other_base_tag.id])
    assert (
        error_description(response) == "Invalid input: bases of 'location' and 'tag' not matching"
    )
    response = _create_error(
        writable_client, user=HEAD_OF_OPS, tagIds=[other_base_tag.id, tag_of(1, "Stock").id]
    )
    assert error_description(response) == "Invalid input: bases of tags not matching"


def test_unknown_tag_ids_are_ignored_as_by_the_original(writable_client):
    created = new_box(writable_client, tagIds=[999999])
    assert created["tags"] == []


@pytest.mark.parametrize(
    "user, reason",
    [
        (FREE_SHOP_VOLUNTEER, "stock:write"),
        (COORDINATOR_BASE_2, "base=1"),
        (COORDINATOR_ORG_2, "base=1"),
    ],
)
def test_users_without_stock_write_in_the_base_cannot_create_boxes(writable_client, user, reason):
    response = _create_error(writable_client, user=user)
    assert codes(response) == [FORBIDDEN]
    assert error_description(response) == f"You don't have access to '{reason}'"


def test_a_warehouse_volunteer_creates_boxes_but_cannot_read_tags_to_assign(writable_client):
    product, sizes = sized_product(1)
    location = locations(1, default_state=IN_STOCK)[0]
    creation = dict(productId=product.id, sizeId=sizes[0], locationId=location.id)
    query = """mutation($input: BoxCreationInput) {
        createBox(creationInput: $input) { state createdBy { id } } }"""
    created = writable_client.data(query, {"input": creation}, **WAREHOUSE_VOLUNTEER)
    assert created["createBox"] == {"state": "InStock", "createdBy": {"id": "10"}}
    response = _create_error(writable_client, user=WAREHOUSE_VOLUNTEER, tagIds=[tag_of(1).id])
    assert error_description(response) == "You don't have access to 'tag:read'"


def test_god_creates_boxes_anywhere(writable_client):
    product, sizes = sized_product(3)
    location = locations(3, default_state=IN_STOCK)[0]
    creation = dict(productId=product.id, sizeId=sizes[0], locationId=location.id)
    created = writable_client.data(CREATE, {"input": creation}, **GOD)["createBox"]
    assert created["createdBy"] == {"id": "1"}


def test_a_clashing_label_identifier_is_generated_again(writable_client, monkeypatch):
    existing = box_in_state(1, IN_STOCK).label_identifier
    labels = iter([existing, existing, "00012345"])
    monkeypatch.setattr(box_writes, "new_label_identifier", lambda: next(labels))
    created = new_box(writable_client)
    assert created["labelIdentifier"] == "00012345"


def test_when_no_unique_label_identifier_is_found_nothing_is_written(writable_client, monkeypatch):
    existing = box_in_state(1, IN_STOCK).label_identifier
    calls = []

    def clash():
        calls.append(1)
        return existing

    monkeypatch.setattr(box_writes, "new_label_identifier", clash)
    # New tags are created before the box insert fails: they must be rolled back too.
    response = _create_error(writable_client, newTagNames=["never there"])
    assert codes(response) == [INTERNAL_SERVER_ERROR]
    assert error_description(response) == "The box could not be added to the database."
    assert len(calls) == box_writes.LABEL_IDENTIFIER_ATTEMPTS
    with connection_scope():
        assert not Tag.select().where(Tag.name == "never there").exists()


# --- updateBox ---------------------------------------------------------------------------------


def _update(client, label, user=COORDINATOR, **values) -> dict:
    return client.execute(UPDATE, {"input": {"labelIdentifier": label, **values}}, **user)


def _update_error(client, label, user=COORDINATOR, **values) -> dict:
    before = counts()
    stock_before = box_row(label) if label != "missing" else None
    response = _update(client, label, user, **values)
    assert response["data"] == {"updateBox": None}
    assert counts() == before, "a failed mutation wrote rows"
    if stock_before is not None:
        after = box_row(label)
        assert after.__data__ == stock_before.__data__
    return response


def test_changing_a_box_records_one_history_row_per_changed_column_in_order(writable_client):
    box = new_box(writable_client, comment="old")
    product, sizes = sized_product(1)
    other, other_sizes = another_sized_product(1, product)
    other_size = next(s for s in other_sizes if s != sizes[0])
    target = locations(1, default_state=IN_STOCK)[1]
    box_id = int(box["id"])
    updated = _update(
        writable_client,
        box["labelIdentifier"],
        productId=other.id,
        sizeId=other_size,
        numberOfItems=3,
        locationId=target.id,
        comment="new",
        state="Lost",
        weight=4.25,
        monetaryValue=7.0,
    )["data"]["updateBox"]
    assert updated["state"] == "Lost"
    assert updated["lastModifiedBy"] == {"id": "8"}
    assert box_history(box_id)[1:] == [
        ("product_id", 8, product.id, other.id, None, None),
        ("size_id", 8, sizes[0], other_size, None, None),
        ("items", 8, 20, 3, None, None),
        ("location_id", 8, int(box["location"]["id"]), target.id, None, None),
        ('comments changed from "old" to "new";', 8, None, None, None, None),
        ("box_state_id", 8, IN_STOCK, LOST, None, None),
        ('changed weight from "" to 4.25kg', 8, None, None, None, 4.25),
        ('changed monetary value from "" to 7.00€', 8, None, None, None, 7.0),
    ]


def test_an_update_without_effective_change_writes_nothing(writable_client):
    box = new_box(writable_client)
    before = counts()
    updated = _update(
        writable_client,
        box["labelIdentifier"],
        numberOfItems=20,
        locationId=int(box["location"]["id"]),
        tagIds=[],
    )["data"]["updateBox"]
    assert updated["lastModifiedOn"] == box["lastModifiedOn"]
    assert counts() == before


def test_a_null_comment_changed_shows_none_as_the_original_does(writable_client):
    box = new_box(writable_client)
    with connection_scope():
        Box.update(comment=None).where(Box.id == int(box["id"])).execute()
    _update(writable_client, box["labelIdentifier"], comment="set")
    assert box_history(box["id"])[-1][0] == 'comments changed from "None" to "set";'


def test_tag_ids_replace_the_boxs_tags_and_count_as_a_change(writable_client):
    first, second = tag_of(1, "Stock"), tag_of(1, "All")
    box = new_box(writable_client, tagIds=[first.id])
    history_before = box_history(box["id"])
    updated = _update(
        writable_client, box["labelIdentifier"], tagIds=[second.id], newTagNames=["added later"]
    )["data"]["updateBox"]
    assert [t["id"] for t in updated["tags"]][:1] == [str(second.id)]
    assert [t["name"] for t in updated["tags"]][1:] == ["added later"]
    assert updated["lastModifiedOn"] is not None
    # Tags are recorded in tags_relations, not in the history table.
    assert box_history(box["id"]) == history_before
    with connection_scope():
        removed = TagsRelation.get(
            TagsRelation.object_id == int(box["id"]), TagsRelation.tag == first.id
        )
    assert removed.deleted_by_id == 8 and removed.deleted_on is not None
    cleared = _update(writable_client, box["labelIdentifier"], tagIds=[])["data"]["updateBox"]
    assert cleared["tags"] == []


def test_moving_to_a_location_sets_its_default_state(writable_client):
    box = new_box(writable_client)
    _update(writable_client, box["labelIdentifier"], state="Lost")
    donated = locations(1, default_state=DONATED)[0]
    moved = _update(writable_client, box["labelIdentifier"], locationId=donated.id)
    assert moved["data"]["updateBox"]["state"] == "Donated"
    back = locations(1, default_state=IN_STOCK)[0]
    moved = _update(writable_client, box["labelIdentifier"], locationId=back.id)
    assert moved["data"]["updateBox"]["state"] == "InStock"


def test_a_measure_change_is_recorded_in_both_display_units(writable_client):
    product, base_unit, other_unit, _ = measure_product(1)
    location = locations(1, default_state=IN_STOCK)[0]
    created = writable_client.data(
        CREATE,
        {
            "input": {
                "productId": product.id,
                "locationId": location.id,
                "displayUnitId": base_unit.id,
                "measureValue": 2.0,
            }
        },
        **COORDINATOR,
    )["createBox"]
    factor = float(other_unit.conversion_factor)
    updated = _update(
        writable_client,
        created["labelIdentifier"],
        displayUnitId=other_unit.id,
        measureValue=3.0,
    )["data"]["updateBox"]
    assert updated["measureValue"] == pytest.approx(3.0)
    rows = box_history(created["id"])[1:]
    assert rows[0] == ("display_unit_id", 8, base_unit.id, other_unit.id, None, None)
    text, user, _, _, from_float, to_float = rows[1]
    assert text == (
        f"changed units of measure from 2.00{base_unit.symbol} to 3.00{other_unit.symbol}"
    )
    assert from_float == pytest.approx(2.0)
    assert to_float == pytest.approx(3.0 / factor, rel=1e-5)
    # A size for a measure product, or a measure for a sized product, is refused.
    response = _update_error(writable_client, created["labelIdentifier"], sizeId=1)
    assert error_description(response) == "Input field 'sizeId' must be None"


def test_switching_from_a_sized_to_a_measured_product_needs_unit_and_measure(writable_client):
    box = new_box(writable_client)
    product, base_unit, _, _ = measure_product(1)
    label = box["labelIdentifier"]
    response = _update_error(writable_client, label, productId=product.id)
    assert error_description(response) == "Input field 'measureValue' missing"
    response = _update_error(writable_client, label, productId=product.id, measureValue=1.0)
    assert error_description(response) == "Input field 'displayUnitId' missing"
    switched = _update(
        writable_client, label, productId=product.id, measureValue=1.5, displayUnitId=base_unit.id
    )["data"]["updateBox"]
    assert switched["size"] is None and switched["measureValue"] == pytest.approx(1.5)
    assert box_history(box["id"])[-4:] == [
        ("product_id", 8, int(box["product"]["id"]), product.id, None, None),
        ("size_id", 8, int(box["size"]["id"]), None, None, None),
        ("display_unit_id", 8, None, base_unit.id, None, None),
        (f'changed units of measure from "" to 1.50{base_unit.symbol}', 8, None, None, None, 1.5),
    ]


@pytest.mark.parametrize(
    "values, description",
    [
        ({"numberOfItems": -3}, "Invalid input: negative value for 'numberOfItems'"),
        ({"weight": -1.0}, "Invalid input: negative value for 'weight'"),
        (
            {"state": "MarkedForShipment"},
            "Invalid input: 'state' MarkedForShipment cannot be set here. Expecting one of:"
            " InStock, Lost, Donated, Scrap",
        ),
        (
            {"state": "InTransit"},
            "Invalid input: 'state' InTransit cannot be set here. Expecting one of:"
            " InStock, Lost, Donated, Scrap",
        ),
    ],
)
def test_invalid_updates_are_rejected_and_change_nothing(writable_client, values, description):
    box = new_box(writable_client)
    response = _update_error(writable_client, box["labelIdentifier"], **values)
    assert codes(response) == [BAD_USER_INPUT]
    assert error_description(response) == description


def test_a_location_or_product_of_another_base_is_rejected(writable_client):
    box = new_box(writable_client)
    label = box["labelIdentifier"]
    response = _update_error(
        writable_client, label, user=HEAD_OF_OPS, locationId=locations(2)[0].id
    )
    assert (
        error_description(response) == "Invalid input: bases of old and new location not matching"
    )
    product, sizes = sized_product(2)
    response = _update_error(
        writable_client, label, user=HEAD_OF_OPS, productId=product.id, sizeId=sizes[0]
    )
    assert error_description(response) == (
        "Invalid input: bases of 'location' and 'product' not matching"
    )


def test_deleted_target_location_product_or_tag_is_rejected(writable_client):
    label = new_box(writable_client)["labelIdentifier"]
    response = _update_error(writable_client, label, locationId=locations(1, deleted=True)[0].id)
    assert error_description(response) == "Invalid input: 'location' is deleted"
    product, sizes = sized_product(1, deleted=True)
    response = _update_error(writable_client, label, productId=product.id, sizeId=sizes[0])
    assert error_description(response) == "Invalid input: 'product' is deleted"
    deleted = tag_of(1, "Stock", deleted=True)
    response = _update_error(writable_client, label, tagIds=[deleted.id])
    assert codes(response) == [BAD_USER_INPUT]


def test_deleted_boxes_and_boxes_outside_the_warehouse_cannot_be_updated(writable_client):
    box = new_box(writable_client)
    with connection_scope():
        Box.update(deleted_on=datetime.datetime(2024, 1, 1)).where(
            Box.id == int(box["id"])
        ).execute()
    response = _update_error(writable_client, box["labelIdentifier"], numberOfItems=1)
    assert error_description(response) == (
        f"Box with label identifier '{box['labelIdentifier']}' is deleted and cannot be updated"
    )
    for state, name in ((MARKED_FOR_SHIPMENT, "MarkedForShipment"), (IN_TRANSIT, "InTransit")):
        other = box_in_state(1, state)
        response = _update_error(writable_client, other.label_identifier, numberOfItems=1)
        assert error_description(response) == (
            f"Box with label identifier '{other.label_identifier}' is in state '{name}' and "
            "cannot be updated. Only boxes in states InStock, Donated, Scrap, or Lost can be "
            "updated"
        )


def test_an_unknown_box_is_bad_user_input(writable_client):
    response = _update_error(writable_client, "missing", numberOfItems=1)
    assert codes(response) == [BAD_USER_INPUT]


@pytest.mark.parametrize(
    "user, reason",
    [
        (FREE_SHOP_VOLUNTEER, "stock:write"),
        (COORDINATOR_BASE_2, "base=1"),
        (COORDINATOR_ORG_2, "base=1"),
    ],
)
def test_users_without_stock_write_in_the_boxs_base_cannot_update_it(writable_client, user, reason):
    box = new_box(writable_client)
    response = _update_error(writable_client, box["labelIdentifier"], user=user, numberOfItems=1)
    assert codes(response) == [FORBIDDEN]
    assert error_description(response) == f"You don't have access to '{reason}'"


def test_warehouse_volunteers_and_god_update_boxes(writable_client):
    box = new_box(writable_client)
    query = """mutation($input: BoxUpdateInput) {
        updateBox(updateInput: $input) { numberOfItems lastModifiedBy { id } } }"""
    for user, items in ((WAREHOUSE_VOLUNTEER, 4), (GOD, 5)):
        updated = writable_client.data(
            query,
            {"input": {"labelIdentifier": box["labelIdentifier"], "numberOfItems": items}},
            **user,
        )["updateBox"]
        assert updated == {"numberOfItems": items, "lastModifiedBy": {"id": str(user["user_id"])}}


# --- updateMarkedForShipmentBox ----------------------------------------------------------------


def test_weight_and_value_of_a_box_marked_for_shipment_can_be_set(writable_client):
    box = box_in_state(1, MARKED_FOR_SHIPMENT)
    with connection_scope():
        Box.update(weight=Decimal(3), monetary_value=None).where(Box.id == box.id).execute()
    history_before = box_history(box.id)
    updated = writable_client.data(
        UPDATE_MARKED,
        {"input": {"labelIdentifier": box.label_identifier, "weight": 5.5, "monetaryValue": 12.0}},
        **COORDINATOR,
    )["updateMarkedForShipmentBox"]
    assert updated["weight"] == 5.5 and updated["monetaryValue"] == 12.0
    assert updated["weightDisplayUnit"] == {"symbol": "kg"}
    assert box_history(box.id) == history_before + [
        ("changed weight from 3.00kg to 5.50kg", 8, None, None, 3.0, 5.5),
        ('changed monetary value from "" to 12.00€', 8, None, None, None, 12.0),
    ]
    after = box_row(box.label_identifier)
    assert after.state_id == MARKED_FOR_SHIPMENT and after.last_modified_by_id == 8


def test_only_boxes_marked_for_shipment_take_that_update(writable_client):
    box = new_box(writable_client)
    before = counts()
    response = writable_client.execute(
        UPDATE_MARKED,
        {"input": {"labelIdentifier": box["labelIdentifier"], "weight": 1.0}},
        **COORDINATOR,
    )
    assert codes(response) == [BAD_USER_INPUT]
    assert "is in state 'InStock'" in error_description(response)
    assert counts() == before
    marked = box_in_state(1, MARKED_FOR_SHIPMENT)
    response = writable_client.execute(
        UPDATE_MARKED,
        {"input": {"labelIdentifier": marked.label_identifier, "weight": 1.0}},
        **COORDINATOR_BASE_2,
    )
    assert codes(response) == [FORBIDDEN]


# --- createBoxFromBox --------------------------------------------------------------------------


def _from_box(client, label, location_id, number, user=COORDINATOR) -> dict:
    creation = {
        "sourceBoxLabelIdentifier": label,
        "locationId": location_id,
        "numberOfItems": number,
    }
    return client.execute(FROM_BOX, {"input": creation}, **user)


def test_splitting_a_box_moves_items_into_a_new_box(writable_client):
    source = new_box(writable_client, tagIds=[tag_of(1, "Stock").id], comment="source")
    target = locations(1, default_state=IN_STOCK)[1]
    created = _from_box(writable_client, source["labelIdentifier"], target.id, 8)["data"][
        "createBoxFromBox"
    ]
    assert created["__typename"] == "Box"
    assert created["numberOfItems"] == 8
    assert created["location"] == {"id": str(target.id)}
    assert created["state"] == "InStock"
    assert created["product"] == source["product"] and created["size"] == source["size"]
    assert created["tags"] == [] and created["comment"] == ""
    assert created["sourceBox"] == {"labelIdentifier": source["labelIdentifier"]}
    assert box_row(source["labelIdentifier"]).number_of_items == 12
    assert box_history(created["id"]) == [
        ("Record created", 8, None, None, None, None),
        ("items", 8, 0, 8, None, None),
        ("location_id", 8, int(source["location"]["id"]), target.id, None, None),
    ]
    assert box_history(source["id"])[-1] == ("items", 8, 20, 12, None, None)


def test_all_items_may_be_split_off_and_a_measure_box_keeps_its_measure(writable_client):
    product, base_unit, other_unit, _ = measure_product(1)
    location = locations(1, default_state=IN_STOCK)[0]
    source = writable_client.data(
        CREATE,
        {
            "input": {
                "productId": product.id,
                "locationId": location.id,
                "displayUnitId": other_unit.id,
                "measureValue": 250.0,
                "numberOfItems": 4,
            }
        },
        **COORDINATOR,
    )["createBox"]
    created = _from_box(writable_client, source["labelIdentifier"], location.id, 4)["data"][
        "createBoxFromBox"
    ]
    assert created["numberOfItems"] == 4
    assert created["displayUnit"] == {"id": str(other_unit.id)}
    assert created["measureValue"] == pytest.approx(250.0)
    assert box_row(source["labelIdentifier"]).number_of_items == 0


def test_split_errors_are_union_members_and_write_nothing(writable_client):
    source = new_box(writable_client)
    label = source["labelIdentifier"]
    location = locations(1, default_state=IN_STOCK)[0]

    def error(label, location_id, number, user=COORDINATOR):
        before = counts()
        result = _from_box(writable_client, label, location_id, number, user)
        assert "errors" not in result, result
        assert counts() == before
        return result["data"]["createBoxFromBox"]

    assert error(label, location.id, 21) == {
        "__typename": "InvalidNumberOfItemsError",
        "invalidNumberOfItems": 21,
    }
    assert error(label, location.id, -1)["__typename"] == "InvalidNumberOfItemsError"
    assert error("unknown", location.id, 1) == {
        "__typename": "ResourceDoesNotExistError",
        "missingId": None,
        "name": "Box",
    }
    assert error(label, 999999, 1) == {
        "__typename": "ResourceDoesNotExistError",
        "missingId": "999999",
        "name": "Location",
    }
    deleted_location = locations(1, deleted=True)[0]
    assert error(label, deleted_location.id, 1) == {
        "__typename": "DeletedLocationError",
        "name": deleted_location.name,
    }
    in_transit = box_in_state(1, IN_TRANSIT)
    assert in_transit.number_of_items >= 1
    assert error(in_transit.label_identifier, location.id, 1) == {
        "__typename": "InvalidBoxStateError",
        "state": "InTransit",
    }
    assert error(label, location.id, 1, user=FREE_SHOP_VOLUNTEER) == {
        "__typename": "InsufficientPermissionError",
        "name": "stock:write",
    }
    unauthorized = error(label, location.id, 1, user=COORDINATOR_BASE_2)
    assert unauthorized["__typename"] == "UnauthorizedForBaseError"
    assert unauthorized["baseId"] == "1"
    with connection_scope():
        Box.update(deleted_on=datetime.datetime(2024, 1, 1)).where(
            Box.id == int(source["id"])
        ).execute()
    assert error(label, location.id, 1) == {
        "__typename": "DeletedBoxError",
        "labelIdentifier": label,
    }


def test_a_split_into_another_bases_location_is_rejected(writable_client):
    source = new_box(writable_client)
    before = counts()
    response = _from_box(
        writable_client, source["labelIdentifier"], locations(2)[0].id, 1, user=HEAD_OF_OPS
    )
    assert codes(response) == [BAD_USER_INPUT]
    assert counts() == before


# --- createBoxes -------------------------------------------------------------------------------


def test_boxes_are_created_in_bulk_with_sizes_by_name(writable_client):
    product, sizes = sized_product(1)
    location = locations(1, default_state=DONATED)[0]
    with connection_scope():
        size_label = Size.get_by_id(sizes[1]).label
    m_product, base_unit, _, _ = measure_product(1)
    tag = tag_of(1, "Stock")
    rows = [
        {
            "productId": product.id,
            "sizeName": size_label.upper(),
            "numberOfItems": 3,
            "locationId": location.id,
            "comment": "row 1",
            "tagIds": [tag.id, tag.id],
            "newTagNames": ["imported"],
        },
        {
            "productId": product.id,
            "sizeName": "no such size",
            "locationId": location.id,
        },
        {
            "productId": m_product.id,
            "sizeName": f" 2.5 {base_unit.symbol}",
            "numberOfItems": 1,
            "locationId": location.id,
        },
    ]
    before = counts()
    result = writable_client.data(CREATE_MANY, {"input": rows}, **COORDINATOR)["createBoxes"]
    assert result["__typename"] == "BoxesResult"
    assert result["invalidBoxLabelIdentifiers"] == []
    first, second, third = result["updatedBoxes"]
    assert first["size"] == {"id": str(sizes[1])} and first["comment"] == "row 1"
    assert [t["name"] for t in first["tags"]] == [tag.name, "imported"]
    # Created InStock whatever the location, as the original does.
    assert {b["state"] for b in result["updatedBoxes"]} == {"InStock"}
    assert second["numberOfItems"] == 0
    assert second["comment"] == "original size: 'no such size'"
    assert third["size"] is None and third["measureValue"] == pytest.approx(2.5)
    assert third["displayUnit"] == {"id": str(base_unit.id)}
    for box in result["updatedBoxes"]:
        assert box_history(box["id"]) == [("Record created", 8, None, None, None, None)]
    after = counts()
    assert after[0] == before[0] + 3
    assert after[1] == before[1] + 4  # 3 boxes and the new tag


def test_bulk_creation_needs_one_base(writable_client):
    product, _ = sized_product(1)
    rows = [
        {"productId": product.id, "sizeName": "x", "locationId": locations(1)[0].id},
        {"productId": product.id, "sizeName": "x", "locationId": locations(2)[0].id},
    ]
    before = counts()
    result = writable_client.data(CREATE_MANY, {"input": rows}, **HEAD_OF_OPS)["createBoxes"]
    assert result == {"__typename": "InvalidBaseError", "ids": [1, 2]}
    other_product, _ = sized_product(2)
    rows = [{"productId": other_product.id, "sizeName": "x", "locationId": locations(1)[0].id}]
    result = writable_client.data(CREATE_MANY, {"input": rows}, **HEAD_OF_OPS)["createBoxes"]
    assert result == {"__typename": "ProductLocationBaseMismatchError"}
    result = writable_client.data(CREATE_MANY, {"input": rows}, **COORDINATOR_BASE_2)["createBoxes"]
    assert result == {"__typename": "UnauthorizedForBaseError", "baseId": "1"}
    assert counts() == before
    assert writable_client.data(CREATE_MANY, {"input": []}, **COORDINATOR)["createBoxes"] == {
        "__typename": "BoxesResult",
        "updatedBoxes": [],
        "invalidBoxLabelIdentifiers": [],
    }


def test_a_bulk_row_may_be_merged_into_an_existing_box(writable_client):
    target = new_box(writable_client)
    product, _ = sized_product(1)
    location = locations(1)[0]
    rows = [
        {
            "productId": product.id,
            "sizeName": "x",
            "numberOfItems": 5,
            "locationId": location.id,
            "boxLabelIdentifierForMerge": target["labelIdentifier"],
        },
        {
            "productId": product.id,
            "sizeName": "x",
            "numberOfItems": 5,
            "locationId": location.id,
            "boxLabelIdentifierForMerge": "99999999x",
        },
    ]
    result = writable_client.data(CREATE_MANY, {"input": rows}, **COORDINATOR)["createBoxes"]
    assert [b["labelIdentifier"] for b in result["updatedBoxes"]] == [target["labelIdentifier"]]
    assert result["updatedBoxes"][0]["numberOfItems"] == 25
    assert result["invalidBoxLabelIdentifiers"] == ["99999999x"]
    assert box_history(target["id"])[-1] == ("items", 8, 20, 25, None, None)


# --- concurrency -------------------------------------------------------------------------------


def test_concurrent_updates_of_one_box_lose_nothing(writable_client):
    """Ten requests change the comment of one box at the same time: the row lock
    serializes them, so each history row starts from the comment the previous
    change left, and the last one is the box's comment."""
    box = new_box(writable_client, numberOfItems=0)
    label = box["labelIdentifier"]
    token = writable_client.token(**COORDINATOR)
    errors: list = []

    def add_one():
        response = writable_client.post(
            {
                "query": UPDATE,
                "variables": {
                    "input": {"labelIdentifier": label, "comment": threading.current_thread().name}
                },
            },
            token=token,
        )
        if response.status_code != 200 or "errors" in response.get_json():
            errors.append(response.get_json())

    threads = [threading.Thread(target=add_one, name=f"c{i}") for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = [r[0] for r in box_history(box["id"])[1:]]
    # Every change was recorded from the value the previous one left.
    assert len(rows) == 10
    previous = ""
    for text in rows:
        assert text.startswith(f'comments changed from "{previous}" to "')
        previous = text.split(' to "', 1)[1][:-2]
    assert box_row(label).comment == previous


def test_concurrent_box_creations_get_distinct_label_identifiers(writable_client, monkeypatch):
    labels = itertools.cycle(["55550001", "55550001", "55550002", "55550003", "55550004"])
    lock = threading.Lock()

    def next_label():
        with lock:
            return next(labels)

    monkeypatch.setattr(box_writes, "new_label_identifier", next_label)
    product, sizes = sized_product(1)
    location = locations(1, default_state=IN_STOCK)[0]
    token = writable_client.token(**COORDINATOR)
    results: list = []
    creation = dict(productId=product.id, sizeId=sizes[0], locationId=location.id)

    def create():
        response = writable_client.post(
            {"query": CREATE, "variables": {"input": creation}}, token=token
        )
        results.append(response.get_json())

    threads = [threading.Thread(target=create) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    created = [r["data"]["createBox"]["labelIdentifier"] for r in results if not r.get("errors")]
    assert len(created) == len(set(created)) == 4


def test_a_clashing_label_identifier_is_retried_on_the_legacy_schema(
    writable_seed_client, monkeypatch
):
    existing = box_in_state(1, IN_STOCK).label_identifier
    labels = iter([existing, "00054321"])
    monkeypatch.setattr(box_writes, "new_label_identifier", lambda: next(labels))
    sizes = seed_size_of(SEED_SIZED_PRODUCT)
    creation = dict(productId=SEED_SIZED_PRODUCT, sizeId=sizes[0], locationId=SEED_WH)
    created = writable_seed_client.data(CREATE, {"input": creation}, **COORDINATOR)
    assert created["createBox"]["labelIdentifier"] == "00054321"
