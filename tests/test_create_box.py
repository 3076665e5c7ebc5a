"""createBox: a new box in a location, its creation recorded, its input validated.

Tests run on a writable demo database of this module (`writable_client`); each
test creates the boxes it looks at."""

from __future__ import annotations

import itertools
import threading

import pytest

from boxtribute_api.box import label_identifiers
from boxtribute_api.db.routing import connection_scope
from boxtribute_api.tag.models import Tag, TagsRelation
from support.boxes import (
    CREATE,
    box_history,
    box_in_state,
    box_row,
    counts,
    locations,
    measure_product,
    new_box,
    new_measure_box,
    size_outside,
    sized_product,
    tag_of,
    unused_qr_code,
)
from support.errors import (
    BAD_USER_INPUT,
    FORBIDDEN,
    INTERNAL_SERVER_ERROR,
    codes,
    error_description,
)
from support.users import (
    COORDINATOR,
    COORDINATOR_BASE_2,
    COORDINATOR_ORG_2,
    FREE_SHOP_VOLUNTEER,
    GOD,
    HEAD_OF_OPS,
    WAREHOUSE_VOLUNTEER,
)
from support.world import State

# --- createBox ---------------------------------------------------------------------------------


def test_a_coordinator_creates_a_box_in_stock_with_its_creation_recorded(writable_client):
    product, sizes = sized_product(1)
    location = locations(1, default_state=State.InStock)[0]
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
    donated = locations(1, default_state=State.Donated)[0]
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
    location = locations(1, default_state=State.InStock)[0]
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
    created = new_measure_box(writable_client, product, other_unit, 500.0)
    assert created["size"] is None
    assert created["displayUnit"] == {"id": str(other_unit.id)}
    assert created["measureValue"] == pytest.approx(500.0)
    box = box_row(created["labelIdentifier"])
    assert float(box.measure_value) == pytest.approx(500.0 / float(other_unit.conversion_factor))


def tag_relations_of_box(box_id: int) -> list[int]:
    with connection_scope():
        relations = TagsRelation.select(TagsRelation.tag).where(
            TagsRelation.object_type == "Stock", TagsRelation.object_id == box_id
        )
        return [r.tag_id for r in relations]


def _create_error(client, user=COORDINATOR, **values) -> dict:
    product, sizes = sized_product(1)
    location = locations(1, default_state=State.InStock)[0]
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


def test_any_size_is_accepted_as_by_the_original(writable_client):
    # Neither the product's size range nor its kind (a measure product) is checked.
    product, _ = sized_product(1)
    outside = size_outside(product)
    created = new_box(writable_client, productId=product.id, sizeId=outside)
    assert created["size"] == {"id": str(outside)}
    measured, _, _, _ = measure_product(1)
    created = new_box(writable_client, productId=measured.id, sizeId=outside)
    assert created["size"] == {"id": str(outside)}


def test_an_unknown_size_is_a_missing_resource(writable_client):
    response = _create_error(writable_client, sizeId=999999)
    assert codes(response) == [BAD_USER_INPUT]
    assert error_description(response) == "The requested resource does not exist in the database."


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


def test_deleted_products_and_locations_are_accepted_as_by_the_original(writable_client):
    product, sizes = sized_product(1, deleted=True)
    created = new_box(writable_client, productId=product.id, sizeId=sizes[0])
    assert created["product"] == {"id": str(product.id)}
    deleted_location = locations(1, deleted=True)[0]
    created = new_box(writable_client, locationId=deleted_location.id)
    assert created["location"] == {"id": str(deleted_location.id)}


def test_unknown_products_and_locations_are_bad_user_input(writable_client):
    assert codes(_create_error(writable_client, productId=999999)) == [BAD_USER_INPUT]
    assert codes(_create_error(writable_client, locationId=999999)) == [BAD_USER_INPUT]


def test_deleted_and_beneficiary_tags_are_assigned_as_by_the_original(writable_client):
    deleted = tag_of(1, "Stock", deleted=True)
    created = new_box(writable_client, tagIds=[deleted.id])
    # The relation is written; Box.tags leaves deleted tags out.
    assert created["tags"] == []
    assert tag_relations_of_box(box_row(created["labelIdentifier"]).id) == [deleted.id]
    beneficiary_tag = tag_of(1, "People")
    created = new_box(writable_client, tagIds=[beneficiary_tag.id])
    assert [t["id"] for t in created["tags"]] == [str(beneficiary_tag.id)]


def test_tags_must_be_of_the_boxs_base(writable_client):
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
    location = locations(1, default_state=State.InStock)[0]
    creation = dict(productId=product.id, sizeId=sizes[0], locationId=location.id)
    query = """mutation($input: BoxCreationInput) {
        createBox(creationInput: $input) { state createdBy { id } } }"""
    created = writable_client.data(query, {"input": creation}, **WAREHOUSE_VOLUNTEER)
    assert created["createBox"] == {"state": "InStock", "createdBy": {"id": "10"}}
    response = _create_error(writable_client, user=WAREHOUSE_VOLUNTEER, tagIds=[tag_of(1).id])
    assert error_description(response) == "You don't have access to 'tag:read'"


def test_god_creates_boxes_anywhere(writable_client):
    product, sizes = sized_product(3)
    location = locations(3, default_state=State.InStock)[0]
    creation = dict(productId=product.id, sizeId=sizes[0], locationId=location.id)
    created = writable_client.data(CREATE, {"input": creation}, **GOD)["createBox"]
    assert created["createdBy"] == {"id": "1"}


def test_a_clashing_label_identifier_is_generated_again(writable_client, monkeypatch):
    existing = box_in_state(1, State.InStock).label_identifier
    labels = iter([existing, existing, "00012345"])
    monkeypatch.setattr(label_identifiers, "new_label_identifier", lambda: next(labels))
    created = new_box(writable_client)
    assert created["labelIdentifier"] == "00012345"


def test_when_no_unique_label_identifier_is_found_nothing_is_written(writable_client, monkeypatch):
    existing = box_in_state(1, State.InStock).label_identifier
    calls = []

    def clash():
        calls.append(1)
        return existing

    monkeypatch.setattr(label_identifiers, "new_label_identifier", clash)
    # New tags are created before the box insert fails: they must be rolled back too.
    response = _create_error(writable_client, newTagNames=["never there"])
    assert codes(response) == [INTERNAL_SERVER_ERROR]
    assert error_description(response) == "The box could not be added to the database."
    assert len(calls) == label_identifiers.LABEL_IDENTIFIER_ATTEMPTS
    with connection_scope():
        assert not Tag.select().where(Tag.name == "never there").exists()


def test_concurrent_box_creations_get_distinct_label_identifiers(writable_client, monkeypatch):
    labels = itertools.cycle(["55550001", "55550001", "55550002", "55550003", "55550004"])
    lock = threading.Lock()

    def next_label():
        with lock:
            return next(labels)

    monkeypatch.setattr(label_identifiers, "new_label_identifier", next_label)
    product, sizes = sized_product(1)
    location = locations(1, default_state=State.InStock)[0]
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
