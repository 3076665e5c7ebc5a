"""deleteBoxes: soft-deletes the boxes it may, one history row each; the others are
listed as invalid."""

from __future__ import annotations

from boxtribute_api.box.models import Box
from boxtribute_api.location.models import Location
from support.bulk_boxes import (
    DELETE,
    box_row,
    boxes_where,
    history_of,
    labels,
    last_history_id,
)
from support.reference import frontend_operation
from support.users import (
    COORDINATOR,
    GOD,
    LIBRARY_VOLUNTEER,
    WAREHOUSE_VOLUNTEER,
)
from support.world import State

# Every test takes boxes no other test has used (fresh_boxes).
WRITABLE_BOXES_IN_MAIN_BASE = 500


# --- deleteBoxes ----------------------------------------------------------------------


def test_a_coordinator_deletes_boxes_of_the_base_and_each_gets_a_deletion_history_row(
    writable_client, fresh_boxes
):
    boxes = fresh_boxes(3)
    since = last_history_id()

    result = writable_client.data(DELETE, {"labels": labels(boxes)}, **COORDINATOR)

    answer = result["deleteBoxes"]
    assert answer["__typename"] == "BoxesResult"
    assert answer["invalidBoxLabelIdentifiers"] == []
    assert [b["labelIdentifier"] for b in answer["updatedBoxes"]] == labels(boxes)
    assert all(b["deletedOn"] for b in answer["updatedBoxes"])
    for before in boxes:
        after = box_row(before.label_identifier)
        assert after.deleted_on is not None
        # Like the original: deleting leaves modified/modified_by alone.
        assert after.last_modified_on == before.last_modified_on
        assert after.last_modified_by_id == before.last_modified_by_id
    history = history_of([b.id for b in boxes], since)
    assert [(h.record_id, h.changes, h.user_id, h.from_int, h.to_int) for h in history] == [
        (box.id, "Record deleted", 8, None, None) for box in boxes
    ]
    assert {h.change_date for h in history} == {box_row(boxes[0].label_identifier).deleted_on}


def test_deleting_reports_unknown_deleted_foreign_and_shipped_boxes_as_invalid(
    writable_client, fresh_boxes
):
    box, already_deleted = fresh_boxes(2)
    writable_client.data(DELETE, {"labels": [already_deleted.label_identifier]}, **COORDINATOR)
    of_base_2 = fresh_boxes(1, base_id=2)[0]
    marked = boxes_where(Box.state == State.MarkedForShipment, Location.base == 1)[0]
    requested = [
        box.label_identifier,
        "00000000",
        already_deleted.label_identifier,
        of_base_2.label_identifier,
        marked.label_identifier,
        box.label_identifier,  # twice: counted once
    ]

    answer = writable_client.data(DELETE, {"labels": requested}, **COORDINATOR)["deleteBoxes"]

    assert [b["labelIdentifier"] for b in answer["updatedBoxes"]] == [box.label_identifier]
    assert answer["invalidBoxLabelIdentifiers"] == sorted(
        ["00000000", already_deleted.label_identifier, of_base_2.label_identifier,
         marked.label_identifier]
    )  # fmt: skip
    assert box_row(of_base_2.label_identifier).deleted_on is None
    assert box_row(marked.label_identifier).deleted_on is None


def test_a_user_without_stock_write_gets_insufficient_permission_and_nothing_changes(
    writable_client, fresh_boxes
):
    box = fresh_boxes(1)[0]

    answer = writable_client.data(DELETE, {"labels": [box.label_identifier]}, **LIBRARY_VOLUNTEER)

    assert answer["deleteBoxes"] == {
        "__typename": "InsufficientPermissionError",
        "name": "stock:write",
    }
    assert box_row(box.label_identifier).deleted_on is None


def test_a_warehouse_volunteer_deletes_in_the_own_base_and_god_in_any_base(
    writable_client, fresh_boxes
):
    own = fresh_boxes(1)[0]
    other_organisation = fresh_boxes(1, base_id=3)[0]

    volunteer = writable_client.data(
        DELETE, {"labels": labels([own, other_organisation])}, **WAREHOUSE_VOLUNTEER
    )["deleteBoxes"]
    god = writable_client.data(DELETE, {"labels": labels([other_organisation])}, **GOD)[
        "deleteBoxes"
    ]

    assert [b["labelIdentifier"] for b in volunteer["updatedBoxes"]] == [own.label_identifier]
    assert volunteer["invalidBoxLabelIdentifiers"] == [other_organisation.label_identifier]
    assert [b["labelIdentifier"] for b in god["updatedBoxes"]] == [
        other_organisation.label_identifier
    ]


def test_the_frontend_delete_boxes_document(writable_client, fresh_boxes):
    operation = frontend_operation("DeleteBoxes")
    box = fresh_boxes(1)[0]

    answer = writable_client.data(
        operation["wire_document"], {"labelIdentifiers": [box.label_identifier]}, **COORDINATOR
    )["deleteBoxes"]

    assert answer["__typename"] == "BoxesResult"
    [deleted] = answer["updatedBoxes"]
    assert deleted["labelIdentifier"] == box.label_identifier
    assert deleted["deletedOn"] is not None
    assert deleted["product"]["id"] == str(box.product_id)
    assert isinstance(deleted["product"]["instockItemsCount"], int)
