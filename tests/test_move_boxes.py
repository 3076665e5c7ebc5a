"""moveBoxesToLocation: location and the location's default state, a history row
per box and change, authorization for the target location's base."""

from __future__ import annotations

from boxtribute_api.box.models import Box
from boxtribute_api.location.models import Location
from support.bulk_boxes import (
    DELETE,
    MOVE,
    box_row,
    boxes_where,
    history_of,
    labels,
    last_history_id,
    location,
)
from support.reference import frontend_operation
from support.users import (
    COORDINATOR,
    COORDINATOR_ORG_2,
    GOD,
    HEAD_OF_OPS,
    LIBRARY_VOLUNTEER,
    VOLUNTEER,
)
from support.world import (
    BASE_NAMES,
    DELETED_LOCATION,
    DONATED_LOCATION,
    FREE_SHOP,
    ORGANISATION_NAMES,
    STOCKROOM,
    WAREHOUSE_A,
    WAREHOUSE_B,
    State,
)

# Every test takes boxes no other test has used (fresh_boxes).
WRITABLE_BOXES_IN_MAIN_BASE = 500


# --- moveBoxesToLocation --------------------------------------------------------------


def test_moving_boxes_changes_location_and_modification_and_logs_each_move(
    writable_client, fresh_boxes
):
    target = location(1, WAREHOUSE_B)
    boxes = [b for b in fresh_boxes(4) if b.location_id != target.id][:3]
    since = last_history_id()

    answer = writable_client.data(
        MOVE, {"labels": labels(boxes), "locationId": target.id}, **COORDINATOR
    )["moveBoxesToLocation"]

    assert answer["__typename"] == "BoxesResult"
    assert answer["invalidBoxLabelIdentifiers"] == []
    assert [
        (b["labelIdentifier"], b["state"], b["location"]["id"], b["lastModifiedBy"]["id"])
        for b in answer["updatedBoxes"]
    ] == [(b.label_identifier, "InStock", str(target.id), "8") for b in boxes]
    history = history_of([b.id for b in boxes], since)
    # Same state (the location's default is InStock): location rows only.
    assert [(h.record_id, h.changes, h.user_id, h.from_int, h.to_int) for h in history] == [
        (b.id, "location_id", 8, b.location_id, target.id) for b in boxes
    ]
    moved = box_row(boxes[0].label_identifier)
    assert moved.last_modified_on == history[0].change_date
    assert moved.last_modified_by_id == 8


def test_a_location_with_a_default_state_gives_it_to_the_boxes_and_logs_the_state_change(
    writable_client, fresh_boxes
):
    donated = location(1, DONATED_LOCATION)
    boxes = fresh_boxes(2)
    since = last_history_id()

    answer = writable_client.data(
        MOVE, {"labels": labels(boxes), "locationId": donated.id}, **COORDINATOR
    )["moveBoxesToLocation"]

    assert [b["state"] for b in answer["updatedBoxes"]] == ["Donated", "Donated"]
    history = history_of([b.id for b in boxes], since)
    # All location rows first, then the state rows, as the original writes them.
    assert [(h.record_id, h.changes, h.from_int, h.to_int) for h in history] == [
        (boxes[0].id, "location_id", boxes[0].location_id, donated.id),
        (boxes[1].id, "location_id", boxes[1].location_id, donated.id),
        (boxes[0].id, "box_state_id", State.InStock, State.Donated),
        (boxes[1].id, "box_state_id", State.InStock, State.Donated),
    ]
    assert box_row(boxes[0].label_identifier).state_id == State.Donated

    # Moving them back: the stock location's default InStock restores the state.
    writable_client.data(
        MOVE,
        {"labels": labels(boxes), "locationId": location(1, WAREHOUSE_A).id},
        **COORDINATOR,
    )
    assert box_row(boxes[1].label_identifier).state_id == State.InStock


def test_boxes_already_there_of_another_base_deleted_shipped_or_unknown_are_not_moved(
    writable_client, fresh_boxes
):
    target = location(1, STOCKROOM)
    candidates = fresh_boxes(30)
    box = next(b for b in candidates if b.location_id != target.id)
    already_there = next(b for b in candidates if b.location_id == target.id)
    deleted = fresh_boxes(1)[0]
    writable_client.data(DELETE, {"labels": [deleted.label_identifier]}, **COORDINATOR)
    of_base_2 = fresh_boxes(1, base_id=2)[0]
    marked = boxes_where(Box.state == State.MarkedForShipment, Location.base == 1)[0]
    requested = [box, deleted, already_there, of_base_2, marked]
    since = last_history_id()

    answer = writable_client.data(
        MOVE, {"labels": labels(requested) + ["99999999"], "locationId": target.id}, **HEAD_OF_OPS
    )["moveBoxesToLocation"]

    assert [b["labelIdentifier"] for b in answer["updatedBoxes"]] == [box.label_identifier]
    assert answer["invalidBoxLabelIdentifiers"] == sorted(
        set(labels(requested) + ["99999999"]) - {box.label_identifier}
    )
    assert {h.record_id for h in history_of([b.id for b in requested], since)} == {box.id}
    assert box_row(of_base_2.label_identifier).location_id == of_base_2.location_id


def test_moving_into_an_unknown_location_is_resource_does_not_exist(writable_client, fresh_boxes):
    box = fresh_boxes(1)[0]

    answer = writable_client.data(
        MOVE, {"labels": [box.label_identifier], "locationId": 987654}, **COORDINATOR
    )["moveBoxesToLocation"]

    assert answer == {
        "__typename": "ResourceDoesNotExistError",
        "name": "Location",
        "missingId": "987654",
    }


def test_a_volunteer_of_base_1_cannot_move_a_box_into_a_location_of_base_2(
    writable_client, fresh_boxes
):
    box = fresh_boxes(1)[0]
    since = last_history_id()

    answer = writable_client.data(
        MOVE,
        {"labels": [box.label_identifier], "locationId": location(2, WAREHOUSE_A).id},
        **VOLUNTEER,
    )["moveBoxesToLocation"]

    assert answer == {
        "__typename": "UnauthorizedForBaseError",
        "id": "2",
        "name": BASE_NAMES[2],
        "organisationName": ORGANISATION_NAMES[1],
    }
    assert box_row(box.label_identifier).location_id == box.location_id
    assert history_of([box.id], since) == []


def test_moving_needs_stock_write(writable_client, fresh_boxes):
    box = fresh_boxes(1)[0]

    answer = writable_client.data(
        MOVE,
        {"labels": [box.label_identifier], "locationId": location(1, WAREHOUSE_A).id},
        **LIBRARY_VOLUNTEER,
    )["moveBoxesToLocation"]

    assert answer == {"__typename": "InsufficientPermissionError", "name": "stock:write"}


def test_another_organisation_cannot_move_boxes_into_our_locations(writable_client, fresh_boxes):
    box = fresh_boxes(1)[0]

    answer = writable_client.data(
        MOVE,
        {"labels": [box.label_identifier], "locationId": location(1, WAREHOUSE_A).id},
        **COORDINATOR_ORG_2,
    )["moveBoxesToLocation"]

    assert answer["__typename"] == "UnauthorizedForBaseError"
    assert answer["id"] == "1"


def test_moving_into_a_deleted_location_is_deleted_location_error(writable_client, fresh_boxes):
    box = fresh_boxes(1)[0]

    answer = writable_client.data(
        MOVE,
        {"labels": [box.label_identifier], "locationId": location(1, DELETED_LOCATION).id},
        **COORDINATOR,
    )["moveBoxesToLocation"]

    assert answer == {"__typename": "DeletedLocationError", "name": DELETED_LOCATION}
    assert box_row(box.label_identifier).location_id == box.location_id


def test_god_moves_boxes_of_any_base(writable_client, fresh_boxes):
    target = location(3, FREE_SHOP)
    box = [b for b in fresh_boxes(4, base_id=3) if b.location_id != target.id][0]

    answer = writable_client.data(
        MOVE, {"labels": [box.label_identifier], "locationId": target.id}, **GOD
    )["moveBoxesToLocation"]

    assert answer["__typename"] == "BoxesResult"
    assert [b["labelIdentifier"] for b in answer["updatedBoxes"]] == [box.label_identifier]
    assert box_row(box.label_identifier).location_id == target.id


def test_the_frontend_move_boxes_document(writable_client, fresh_boxes):
    operation = frontend_operation("MoveBoxesToLocation")
    target = location(1, FREE_SHOP)
    boxes = [b for b in fresh_boxes(3) if b.location_id != target.id]

    answer = writable_client.data(
        operation["wire_document"],
        {"labelIdentifiers": labels(boxes), "locationId": target.id},
        **COORDINATOR,
    )["moveBoxesToLocation"]

    assert answer["__typename"] == "BoxesResult"
    assert [b["location"]["id"] for b in answer["updatedBoxes"]] == [str(target.id)] * len(boxes)
    assert {b["lastModifiedBy"]["id"] for b in answer["updatedBoxes"]} == {"8"}
