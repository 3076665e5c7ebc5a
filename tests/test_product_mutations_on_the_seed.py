"""The frontend's product documents sent to a writable copy of the original's dev
seed (`writable_seed_client`, user 8, coordinator of base 1): the rows left behind
are those the original writes."""

from __future__ import annotations

import json

from support.product_writes import (
    active_box_labels,
    history_of,
    product_row,
)
from support.reference import EXPECTED_SAMPLES, frontend_operation, requires_reference

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
