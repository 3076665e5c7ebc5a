"""createBoxFromBox: items split off a box into a new one; its errors are members
of the result union and write nothing."""

from __future__ import annotations

import datetime

import pytest

from boxtribute_api.box.models import Box
from boxtribute_api.db.routing import connection_scope
from support.boxes import (
    FROM_BOX,
    box_history,
    box_in_state,
    box_row,
    counts,
    locations,
    measure_product,
    new_box,
    new_measure_box,
    tag_of,
)
from support.errors import (
    BAD_USER_INPUT,
    codes,
    error_description,
)
from support.users import (
    COORDINATOR,
    COORDINATOR_BASE_2,
    FREE_SHOP_VOLUNTEER,
    HEAD_OF_OPS,
)
from support.world import State

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
    target = locations(1, default_state=State.InStock)[1]
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


def test_all_items_may_be_split_off_and_a_measure_is_divided_once_more_as_by_the_original(
    writable_client,
):
    product, base_unit, other_unit, _ = measure_product(1)
    location = locations(1, default_state=State.InStock)[0]
    source = new_measure_box(writable_client, product, other_unit, 250.0, numberOfItems=4)
    created = _from_box(writable_client, source["labelIdentifier"], location.id, 4)["data"][
        "createBoxFromBox"
    ]
    assert created["numberOfItems"] == 4
    assert created["displayUnit"] == {"id": str(other_unit.id)}
    # The original passes the source's base-unit value on as if given in the display
    # unit: stored divided by the unit's factor again, shown multiplied once.
    factor = float(other_unit.conversion_factor)
    assert created["measureValue"] == pytest.approx(250.0 / factor)
    assert box_row(source["labelIdentifier"]).number_of_items == 0


def test_split_errors_are_union_members_and_write_nothing(writable_client):
    source = new_box(writable_client)
    label = source["labelIdentifier"]
    location = locations(1, default_state=State.InStock)[0]

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
    in_transit = box_in_state(1, State.InTransit)
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


def test_a_split_into_another_bases_location_fails_after_the_first_steps_as_the_original(
    writable_client,
):
    source = new_box(writable_client)
    before = counts()
    response = _from_box(
        writable_client, source["labelIdentifier"], locations(2)[0].id, 1, user=HEAD_OF_OPS
    )
    assert codes(response) == [BAD_USER_INPUT]
    assert error_description(response) == (
        "Invalid input: bases of old and new location not matching"
    )
    # Kept, as by the original: the empty new box where the source is, its creation
    # and the source's item change in the history, and the source's items reduced.
    boxes, history, *rest = counts()
    assert (boxes, history, *rest) == (before[0] + 1, before[1] + 2, *before[2:])
    assert box_row(source["labelIdentifier"]).number_of_items == source["numberOfItems"] - 1
