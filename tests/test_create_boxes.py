"""createBoxes: boxes created in bulk from imported rows (sizes by name, merges
into existing boxes), all in one base."""

from __future__ import annotations

import pytest

from boxtribute_api.db.routing import connection_scope
from boxtribute_api.product.models import Size
from support.boxes import (
    CREATE_MANY,
    box_history,
    counts,
    locations,
    measure_product,
    new_box,
    sized_product,
    tag_of,
)
from support.users import (
    COORDINATOR,
    COORDINATOR_BASE_2,
    HEAD_OF_OPS,
)
from support.world import State

# --- createBoxes -------------------------------------------------------------------------------


def test_boxes_are_created_in_bulk_with_sizes_by_name(writable_client):
    product, sizes = sized_product(1)
    location = locations(1, default_state=State.Donated)[0]
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
