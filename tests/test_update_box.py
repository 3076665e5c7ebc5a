"""updateBox and updateMarkedForShipmentBox: one history row per changed column,
nothing written when the change is refused.

Tests run on a writable demo database of this module (`writable_client`); each
test creates or picks the boxes it changes."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest

from boxtribute_api.box.models import Box
from boxtribute_api.db.routing import connection_scope
from boxtribute_api.tag.models import TagsRelation
from support.boxes import (
    UPDATE,
    UPDATE_MARKED,
    box_history,
    box_in_state,
    box_row,
    counts,
    locations,
    measure_product,
    new_box,
    new_measure_box,
    sized_product,
    tag_of,
)
from support.errors import (
    BAD_USER_INPUT,
    FORBIDDEN,
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
    other, other_sizes = sized_product(1, other_than=product)
    other_size = next(s for s in other_sizes if s != sizes[0])
    target = locations(1, default_state=State.InStock)[1]
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
        ("box_state_id", 8, State.InStock, State.Lost, None, None),
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
    donated = locations(1, default_state=State.Donated)[0]
    moved = _update(writable_client, box["labelIdentifier"], locationId=donated.id)
    assert moved["data"]["updateBox"]["state"] == "Donated"
    back = locations(1, default_state=State.InStock)[0]
    moved = _update(writable_client, box["labelIdentifier"], locationId=back.id)
    assert moved["data"]["updateBox"]["state"] == "InStock"


def test_a_measure_change_is_recorded_in_both_display_units(writable_client):
    product, base_unit, other_unit, _ = measure_product(1)
    created = new_measure_box(writable_client, product, base_unit, 2.0)
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


@pytest.mark.parametrize("state", ["MarkedForShipment", "InTransit", "Receiving", "NotDelivered"])
def test_any_state_is_set_as_by_the_original(writable_client, state):
    box = new_box(writable_client)
    updated = _update(writable_client, box["labelIdentifier"], state=state)["data"]["updateBox"]
    assert updated["state"] == state


def test_a_deleted_location_product_or_tag_is_taken_as_by_the_original(writable_client):
    label = new_box(writable_client)["labelIdentifier"]
    deleted_location = locations(1, deleted=True)[0]
    updated = _update(writable_client, label, locationId=deleted_location.id)["data"]["updateBox"]
    assert updated["location"] == {"id": str(deleted_location.id)}
    product, sizes = sized_product(1, deleted=True)
    updated = _update(writable_client, label, productId=product.id, sizeId=sizes[0])
    assert updated["data"]["updateBox"]["product"] == {"id": str(product.id)}
    deleted = tag_of(1, "Stock", deleted=True)
    updated = _update(writable_client, label, tagIds=[deleted.id])["data"]["updateBox"]
    assert updated["tags"] == []  # assigned, and left out of Box.tags as a deleted tag


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
    for state in (State.MarkedForShipment, State.InTransit):
        other = box_in_state(1, state)
        response = _update_error(writable_client, other.label_identifier, numberOfItems=1)
        assert error_description(response) == (
            f"Box with label identifier '{other.label_identifier}' is in state '{state.name}' and "
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
    box = box_in_state(1, State.MarkedForShipment)
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
    assert after.state_id == State.MarkedForShipment and after.last_modified_by_id == 8


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
    marked = box_in_state(1, State.MarkedForShipment)
    response = writable_client.execute(
        UPDATE_MARKED,
        {"input": {"labelIdentifier": marked.label_identifier, "weight": 1.0}},
        **COORDINATOR_BASE_2,
    )
    assert codes(response) == [FORBIDDEN]


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
