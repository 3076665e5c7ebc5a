"""The frontend's box documents (CreateBox, CreateBoxFromBox, UpdateContentOfBox,
UpdateLocationOfBox, UpdateNumberOfItems, UpdateState) sent as the frontend sends
them against the original's development seed (`writable_seed_client`): the rows
left behind are those the original writes."""

from __future__ import annotations

from decimal import Decimal

from boxtribute_api.box import label_identifiers
from boxtribute_api.box.models import Box
from boxtribute_api.db.routing import connection_scope
from boxtribute_api.history.models import HistoryEntry
from boxtribute_api.product.models import Product, SizeRangeSize
from boxtribute_api.tag.models import Tag, TagsRelation
from support.boxes import (
    CREATE,
    box_history,
    box_in_state,
    box_row,
    counts,
    unused_qr_code,
)
from support.reference import frontend_operation
from support.users import (
    COORDINATOR,
)
from support.world import State

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
    assert box.state_id == State.InStock and box.source_box_id is None
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
    box = box_in_state(1, State.InStock)
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
    box = box_in_state(1, State.InStock, location=SEED_WH)
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
        ("box_state_id", 8, State.InStock, State.Donated, None, None),
    ]


def test_frontend_update_state(writable_seed_client):
    client = writable_seed_client
    box = box_in_state(1, State.InStock)
    operation = frontend_operation("UpdateState")
    variables = {"boxLabelIdentifier": box.label_identifier, "newState": "Lost"}
    updated = client.data(operation["wire_document"], variables, **COORDINATOR)["updateBox"]
    assert updated["state"] == "Lost"
    assert updated["history"][0]["changes"] == "changed box state from Instock to Lost"
    assert box_history(box.id)[-1] == ("box_state_id", 8, State.InStock, State.Lost, None, None)


def test_frontend_update_content_of_box(writable_seed_client):
    client = writable_seed_client
    box = box_in_state(1, State.InStock, product=SEED_SIZED_PRODUCT)
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
    source = box_in_state(1, State.InStock, location=SEED_WH)
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
        ("box_state_id", 8, State.InStock, State.Donated, None, None),
    ]
    assert box_history(source.id) == source_history + [("items", 8, 30, 20, None, None)]


def test_a_clashing_label_identifier_is_retried_on_the_legacy_schema(
    writable_seed_client, monkeypatch
):
    existing = box_in_state(1, State.InStock).label_identifier
    labels = iter([existing, "00054321"])
    monkeypatch.setattr(label_identifiers, "new_label_identifier", lambda: next(labels))
    sizes = seed_size_of(SEED_SIZED_PRODUCT)
    creation = dict(productId=SEED_SIZED_PRODUCT, sizeId=sizes[0], locationId=SEED_WH)
    created = writable_seed_client.data(CREATE, {"input": creation}, **COORDINATOR)
    assert created["createBox"]["labelIdentifier"] == "00054321"
