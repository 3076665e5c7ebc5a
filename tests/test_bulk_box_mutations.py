"""Changing many boxes at once: deleteBoxes, moveBoxesToLocation, assignTagsToBoxes,
unassignTagsFromBoxes.

What the original does, and so must we: boxes that cannot be changed do not fail the
request but are listed in `invalidBoxLabelIdentifiers`; moves and deletions leave one
history row per box and change; tags are recorded in tags_relations (soft-deleted
when taken off); authorization is per base; a failure leaves nothing behind; and
the work is set-based (the number of statements does not grow with the boxes).

Tests run on a demo database of this module's own (`writable_client`). Each test
takes boxes nobody else in this module uses (`fresh_boxes`).
"""

from __future__ import annotations

import datetime

import pytest

from boxtribute_api.box.models import Box
from boxtribute_api.db.routing import connection_scope
from boxtribute_api.history.models import HistoryEntry
from boxtribute_api.location.models import Location
from boxtribute_api.tag.models import Tag, TagsRelation
from support.database import demo_database
from support.reference import frontend_operation
from support.users import (
    COORDINATOR,
    COORDINATOR_ORG_2,
    GOD,
    HEAD_OF_OPS,
    LIBRARY_VOLUNTEER,
    VOLUNTEER,
    WAREHOUSE_VOLUNTEER,
)

IN_STOCK, LOST, MARKED_FOR_SHIPMENT, DONATED = 1, 2, 3, 5

DELETE = """
mutation ($labels: [String!]!) {
  deleteBoxes(labelIdentifiers: $labels) {
    __typename
    ... on BoxesResult {
      updatedBoxes { labelIdentifier deletedOn lastModifiedOn }
      invalidBoxLabelIdentifiers
    }
    ... on InsufficientPermissionError { name }
  }
}"""

MOVE = """
mutation ($labels: [String!]!, $locationId: Int!) {
  moveBoxesToLocation(updateInput: {labelIdentifiers: $labels, locationId: $locationId}) {
    __typename
    ... on BoxesResult {
      updatedBoxes {
        labelIdentifier state location { id } lastModifiedOn lastModifiedBy { id }
      }
      invalidBoxLabelIdentifiers
    }
    ... on InsufficientPermissionError { name }
    ... on ResourceDoesNotExistError { name missingId: id }
    ... on UnauthorizedForBaseError { id name organisationName }
    ... on DeletedLocationError { name }
  }
}"""

TAGS_FIELDS = """
    updatedBoxes { labelIdentifier tags { id } lastModifiedOn lastModifiedBy { id } }
    invalidBoxLabelIdentifiers
    tagErrorInfo {
      id
      error {
        __typename
        ... on InsufficientPermissionError { name }
        ... on ResourceDoesNotExistError { name missingId: id }
        ... on UnauthorizedForBaseError { id name }
        ... on TagTypeMismatchError { expectedType }
        ... on DeletedTagError { name }
      }
    }
"""
ASSIGN = (
    "mutation ($labels: [String!]!, $tagIds: [Int!]!) {"
    " assignTagsToBoxes(updateInput: {labelIdentifiers: $labels, tagIds: $tagIds}) {"
    + TAGS_FIELDS
    + "} }"
)
UNASSIGN = (
    "mutation ($labels: [String!]!, $tagIds: [Int!]!) {"
    " unassignTagsFromBoxes(updateInput: {labelIdentifiers: $labels, tagIds: $tagIds}) {"
    + TAGS_FIELDS
    + "} }"
)


# --- the demo world's rows ------------------------------------------------------------


def rows(query) -> list:
    with connection_scope():
        return list(query)


def boxes_where(*conditions) -> list[Box]:
    return rows(
        Box.select(Box, Location.base.alias("base_id"))
        .join(Location, on=Box.location == Location.id)
        .where(*conditions)
        .order_by(Box.id)
        .objects()
    )


def box_row(label: str) -> Box:
    return boxes_where(Box.label_identifier == label)[0]


def location(base_id: int, name: str) -> Location:
    return rows(Location.select().where(Location.base == base_id, Location.name == name))[0]


def tags_of_base(base_id: int, tag_type: str, *, deleted: bool = False) -> list[Tag]:
    deletion = Tag.deleted_on.is_null(False) if deleted else Tag.deleted_on.is_null()
    return rows(
        Tag.select().where(Tag.base == base_id, Tag.type == tag_type, deletion).order_by(Tag.id)
    )


def history_of(box_ids, since_id: int) -> list[HistoryEntry]:
    return rows(
        HistoryEntry.select()
        .where(
            HistoryEntry.table_name == "stock",
            HistoryEntry.record_id.in_(list(box_ids)),
            HistoryEntry.id > since_id,
        )
        .order_by(HistoryEntry.id)
    )


def last_history_id() -> int:
    with connection_scope():
        return HistoryEntry.select(HistoryEntry.id).order_by(HistoryEntry.id.desc()).scalar() or 0


def live_tag_ids(box_id: int) -> list[int]:
    return sorted(
        r.tag_id
        for r in rows(
            TagsRelation.select().where(
                TagsRelation.object_type == "Stock",
                TagsRelation.object_id == box_id,
                TagsRelation.deleted_on.is_null(),
            )
        )
    )


@pytest.fixture(scope="module")
def writable_demo_db() -> str:
    """This module's own demo database, with enough boxes for every test to take
    fresh ones."""
    yield from demo_database("bulk", boxes_in_main_base=500)


_handed_out: set[int] = set()


@pytest.fixture
def fresh_boxes(writable_client):
    """fresh_boxes(n, base_id=1, state=InStock): boxes no other test here has used."""

    def take(count: int, base_id: int = 1, state: int = IN_STOCK) -> list[Box]:
        candidates = boxes_where(
            Location.base == base_id,
            Box.state == state,
            Box.deleted_on.is_unset(),
            Location.deleted_on.is_null(),
        )
        chosen = [box for box in candidates if box.id not in _handed_out][:count]
        assert len(chosen) == count, f"demo world has too few boxes in base {base_id}"
        _handed_out.update(box.id for box in chosen)
        return chosen

    return take


def labels(boxes) -> list[str]:
    return [box.label_identifier for box in boxes]


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
    marked = boxes_where(Box.state == MARKED_FOR_SHIPMENT, Location.base == 1)[0]
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


# --- moveBoxesToLocation --------------------------------------------------------------


def test_moving_boxes_changes_location_and_modification_and_logs_each_move(
    writable_client, fresh_boxes
):
    target = location(1, "Warehouse B")
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
    donated = location(1, "Donated")
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
        (boxes[0].id, "box_state_id", IN_STOCK, DONATED),
        (boxes[1].id, "box_state_id", IN_STOCK, DONATED),
    ]
    assert box_row(boxes[0].label_identifier).state_id == DONATED

    # Moving them back: the stock location's default InStock restores the state.
    writable_client.data(
        MOVE,
        {"labels": labels(boxes), "locationId": location(1, "Warehouse A").id},
        **COORDINATOR,
    )
    assert box_row(boxes[1].label_identifier).state_id == IN_STOCK


def test_boxes_already_there_of_another_base_deleted_shipped_or_unknown_are_not_moved(
    writable_client, fresh_boxes
):
    target = location(1, "Stockroom")
    candidates = fresh_boxes(30)
    box = next(b for b in candidates if b.location_id != target.id)
    already_there = next(b for b in candidates if b.location_id == target.id)
    deleted = fresh_boxes(1)[0]
    writable_client.data(DELETE, {"labels": [deleted.label_identifier]}, **COORDINATOR)
    of_base_2 = fresh_boxes(1, base_id=2)[0]
    marked = boxes_where(Box.state == MARKED_FOR_SHIPMENT, Location.base == 1)[0]
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
        {"labels": [box.label_identifier], "locationId": location(2, "Warehouse A").id},
        **VOLUNTEER,
    )["moveBoxesToLocation"]

    assert answer == {
        "__typename": "UnauthorizedForBaseError",
        "id": "2",
        "name": "Thessaloniki",
        "organisationName": "BoxAid",
    }
    assert box_row(box.label_identifier).location_id == box.location_id
    assert history_of([box.id], since) == []


def test_moving_needs_stock_write(writable_client, fresh_boxes):
    box = fresh_boxes(1)[0]

    answer = writable_client.data(
        MOVE,
        {"labels": [box.label_identifier], "locationId": location(1, "Warehouse A").id},
        **LIBRARY_VOLUNTEER,
    )["moveBoxesToLocation"]

    assert answer == {"__typename": "InsufficientPermissionError", "name": "stock:write"}


def test_another_organisation_cannot_move_boxes_into_our_locations(writable_client, fresh_boxes):
    box = fresh_boxes(1)[0]

    answer = writable_client.data(
        MOVE,
        {"labels": [box.label_identifier], "locationId": location(1, "Warehouse A").id},
        **COORDINATOR_ORG_2,
    )["moveBoxesToLocation"]

    assert answer["__typename"] == "UnauthorizedForBaseError"
    assert answer["id"] == "1"


def test_moving_into_a_deleted_location_is_deleted_location_error(writable_client, fresh_boxes):
    box = fresh_boxes(1)[0]

    answer = writable_client.data(
        MOVE,
        {"labels": [box.label_identifier], "locationId": location(1, "Old Warehouse").id},
        **COORDINATOR,
    )["moveBoxesToLocation"]

    assert answer == {"__typename": "DeletedLocationError", "name": "Old Warehouse"}
    assert box_row(box.label_identifier).location_id == box.location_id


def test_god_moves_boxes_of_any_base(writable_client, fresh_boxes):
    target = location(3, "Free Shop")
    box = [b for b in fresh_boxes(4, base_id=3) if b.location_id != target.id][0]

    answer = writable_client.data(
        MOVE, {"labels": [box.label_identifier], "locationId": target.id}, **GOD
    )["moveBoxesToLocation"]

    assert answer["__typename"] == "BoxesResult"
    assert [b["labelIdentifier"] for b in answer["updatedBoxes"]] == [box.label_identifier]
    assert box_row(box.label_identifier).location_id == target.id


def test_the_frontend_move_boxes_document(writable_client, fresh_boxes):
    operation = frontend_operation("MoveBoxesToLocation")
    target = location(1, "Free Shop")
    boxes = [b for b in fresh_boxes(3) if b.location_id != target.id]

    answer = writable_client.data(
        operation["wire_document"],
        {"labelIdentifiers": labels(boxes), "locationId": target.id},
        **COORDINATOR,
    )["moveBoxesToLocation"]

    assert answer["__typename"] == "BoxesResult"
    assert [b["location"]["id"] for b in answer["updatedBoxes"]] == [str(target.id)] * len(boxes)
    assert {b["lastModifiedBy"]["id"] for b in answer["updatedBoxes"]} == {"8"}


# --- assignTagsToBoxes / unassignTagsFromBoxes ----------------------------------------


def test_assigning_a_tag_creates_relations_for_the_boxes_lacking_it_only(
    writable_client, fresh_boxes
):
    tag = tags_of_base(1, "Stock")[0]
    lacking, carrying = [b for b in fresh_boxes(6) if tag.id not in live_tag_ids(b.id)][:2]
    writable_client.data(
        ASSIGN, {"labels": [carrying.label_identifier], "tagIds": [tag.id]}, **COORDINATOR
    )
    since = last_history_id()

    answer = writable_client.data(
        ASSIGN, {"labels": labels([lacking, carrying]), "tagIds": [tag.id]}, **COORDINATOR
    )["assignTagsToBoxes"]

    assert [b["labelIdentifier"] for b in answer["updatedBoxes"]] == [lacking.label_identifier]
    assert str(tag.id) in [t["id"] for t in answer["updatedBoxes"][0]["tags"]]
    assert answer["updatedBoxes"][0]["lastModifiedBy"] == {"id": "8"}
    assert answer["invalidBoxLabelIdentifiers"] == [carrying.label_identifier]
    assert answer["tagErrorInfo"] == []
    [relation] = rows(
        TagsRelation.select().where(
            TagsRelation.object_id == lacking.id,
            TagsRelation.tag == tag.id,
            TagsRelation.deleted_on.is_null(),
        )
    )
    assert relation.object_type == "Stock"
    assert relation.created_by_id == 8
    assert relation.created_on == box_row(lacking.label_identifier).last_modified_on
    # Relations are their own record: no history rows.
    assert history_of([lacking.id, carrying.id], since) == []
    # Exactly one live relation for the box that already had the tag.
    assert live_tag_ids(carrying.id).count(tag.id) == 1


def test_assigning_several_tags_adds_only_the_missing_ones(writable_client, fresh_boxes):
    first, second = tags_of_base(1, "Stock")[:2]
    every_type = tags_of_base(1, "All")[0]
    box = [b for b in fresh_boxes(6) if not {first.id, second.id} & set(live_tag_ids(b.id))][0]
    writable_client.data(
        ASSIGN, {"labels": [box.label_identifier], "tagIds": [first.id]}, **COORDINATOR
    )

    answer = writable_client.data(
        ASSIGN,
        {"labels": [box.label_identifier], "tagIds": [first.id, second.id, every_type.id]},
        **COORDINATOR,
    )["assignTagsToBoxes"]

    assert [b["labelIdentifier"] for b in answer["updatedBoxes"]] == [box.label_identifier]
    assert {first.id, second.id, every_type.id} <= set(live_tag_ids(box.id))
    assert live_tag_ids(box.id).count(first.id) == 1


def test_tags_that_cannot_be_assigned_are_reported_per_tag(writable_client, fresh_boxes):
    box = fresh_boxes(1)[0]
    deleted = tags_of_base(1, "Stock", deleted=True)[0]
    beneficiary_tag = tags_of_base(1, "People")[0]
    of_base_3 = tags_of_base(3, "Stock")[0]

    answer = writable_client.data(
        ASSIGN,
        {
            "labels": [box.label_identifier],
            "tagIds": [deleted.id, beneficiary_tag.id, of_base_3.id, 999999],
        },
        **COORDINATOR,
    )["assignTagsToBoxes"]

    # Nothing usable: no box is touched and none is reported invalid.
    assert answer["updatedBoxes"] == []
    assert answer["invalidBoxLabelIdentifiers"] == []
    errors = {int(info["id"]): info["error"] for info in answer["tagErrorInfo"]}
    assert errors == {
        deleted.id: {"__typename": "DeletedTagError", "name": deleted.name},
        beneficiary_tag.id: {"__typename": "TagTypeMismatchError", "expectedType": "Box"},
        of_base_3.id: {"__typename": "UnauthorizedForBaseError", "id": "3", "name": "Samos"},
        999999: {"__typename": "ResourceDoesNotExistError", "name": "Tag", "missingId": "999999"},
    }
    assert box_row(box.label_identifier).last_modified_on == box.last_modified_on


def test_a_user_of_base_1_cannot_tag_a_box_with_a_tag_of_base_2(writable_client, fresh_boxes):
    box = fresh_boxes(1)[0]
    own_tag = tags_of_base(1, "Stock")[2]
    foreign_tag = tags_of_base(2, "Stock")[0]

    answer = writable_client.data(
        ASSIGN,
        {"labels": [box.label_identifier], "tagIds": [own_tag.id, foreign_tag.id]},
        **COORDINATOR,
    )["assignTagsToBoxes"]

    assert [b["labelIdentifier"] for b in answer["updatedBoxes"]] == [box.label_identifier]
    assert answer["tagErrorInfo"] == [
        {
            "id": str(foreign_tag.id),
            "error": {"__typename": "UnauthorizedForBaseError", "id": "2", "name": "Thessaloniki"},
        }
    ]
    assert own_tag.id in live_tag_ids(box.id)
    assert foreign_tag.id not in live_tag_ids(box.id)


def test_volunteers_without_tag_read_cannot_tag_boxes(writable_client, fresh_boxes):
    box = fresh_boxes(1)[0]
    tag = tags_of_base(1, "Stock")[2]

    answer = writable_client.data(
        ASSIGN, {"labels": [box.label_identifier], "tagIds": [tag.id]}, **VOLUNTEER
    )["assignTagsToBoxes"]

    # The demo volunteer roles hold tag_relation:assign and stock:write, not tag:read.
    assert answer == {
        "updatedBoxes": [],
        "invalidBoxLabelIdentifiers": [],
        "tagErrorInfo": [
            {
                "id": str(tag.id),
                "error": {"__typename": "InsufficientPermissionError", "name": "tag:read"},
            }
        ],
    }


def test_tags_of_two_bases_are_all_a_tag_base_mismatch(writable_client, fresh_boxes):
    box = fresh_boxes(1)[0]
    tag_ids = [tags_of_base(1, "Stock")[0].id, tags_of_base(2, "Stock")[0].id]

    answer = writable_client.data(
        ASSIGN, {"labels": [box.label_identifier], "tagIds": tag_ids}, **HEAD_OF_OPS
    )["assignTagsToBoxes"]

    assert answer["updatedBoxes"] == []
    assert sorted((int(i["id"]), i["error"]["__typename"]) for i in answer["tagErrorInfo"]) == [
        (tag_id, "TagBaseMismatchError") for tag_id in sorted(tag_ids)
    ]


def test_assigning_needs_tag_relation_assign(writable_client, fresh_boxes):
    box = fresh_boxes(1)[0]
    tag = tags_of_base(1, "Stock")[0]

    answer = writable_client.data(
        ASSIGN, {"labels": [box.label_identifier], "tagIds": [tag.id]}, **LIBRARY_VOLUNTEER
    )["assignTagsToBoxes"]

    assert answer["tagErrorInfo"] == [
        {
            "id": str(tag.id),
            "error": {"__typename": "InsufficientPermissionError", "name": "tag_relation:assign"},
        }
    ]


def test_boxes_of_another_base_than_the_tags_are_invalid(writable_client, fresh_boxes):
    own, foreign = fresh_boxes(1)[0], fresh_boxes(1, base_id=2)[0]
    tag = tags_of_base(2, "All")[0]

    answer = writable_client.data(
        ASSIGN, {"labels": labels([own, foreign]), "tagIds": [tag.id]}, **HEAD_OF_OPS
    )["assignTagsToBoxes"]

    assert [b["labelIdentifier"] for b in answer["updatedBoxes"]] == [foreign.label_identifier]
    assert answer["invalidBoxLabelIdentifiers"] == [own.label_identifier]


def test_unassigning_soft_deletes_the_relation_and_skips_boxes_without_the_tag(
    writable_client, fresh_boxes
):
    tag = tags_of_base(1, "Stock")[1]
    tagged, untagged = [b for b in fresh_boxes(6) if tag.id not in live_tag_ids(b.id)][:2]
    writable_client.data(
        ASSIGN, {"labels": [tagged.label_identifier], "tagIds": [tag.id]}, **COORDINATOR
    )

    answer = writable_client.data(
        UNASSIGN,
        {"labels": labels([tagged, untagged]), "tagIds": [tag.id]},
        **HEAD_OF_OPS,
    )["unassignTagsFromBoxes"]

    assert [b["labelIdentifier"] for b in answer["updatedBoxes"]] == [tagged.label_identifier]
    assert str(tag.id) not in [t["id"] for t in answer["updatedBoxes"][0]["tags"]]
    assert answer["updatedBoxes"][0]["lastModifiedBy"] == {"id": "2"}
    assert answer["invalidBoxLabelIdentifiers"] == [untagged.label_identifier]
    [relation] = rows(
        TagsRelation.select().where(TagsRelation.object_id == tagged.id, TagsRelation.tag == tag.id)
    )
    assert relation.deleted_by_id == 2
    assert relation.deleted_on == box_row(tagged.label_identifier).last_modified_on


def test_a_deleted_tag_still_carried_by_legacy_boxes_can_be_taken_off(writable_client, fresh_boxes):
    box = fresh_boxes(1)[0]
    deleted = tags_of_base(1, "Stock", deleted=True)[0]
    with connection_scope():
        TagsRelation.create(
            object_id=box.id,
            object_type="Stock",
            tag=deleted.id,
            created_on=datetime.datetime(2024, 3, 1),
            created_by=8,
        )

    answer = writable_client.data(
        UNASSIGN, {"labels": [box.label_identifier], "tagIds": [deleted.id]}, **COORDINATOR
    )["unassignTagsFromBoxes"]

    assert [b["labelIdentifier"] for b in answer["updatedBoxes"]] == [box.label_identifier]
    assert answer["tagErrorInfo"] == []
    assert deleted.id not in live_tag_ids(box.id)


def test_the_frontend_tag_documents(writable_client, fresh_boxes):
    assign = frontend_operation("AssignTagsToBoxes")["wire_document"]
    unassign = frontend_operation("UnassignTagsFromBoxes")["wire_document"]
    tag = tags_of_base(1, "All")[1]
    boxes = [b for b in fresh_boxes(5) if tag.id not in live_tag_ids(b.id)][:2]
    variables = {"labelIdentifiers": labels(boxes), "tagIds": [tag.id]}

    assigned = writable_client.data(assign, variables, **COORDINATOR)["assignTagsToBoxes"]
    unassigned = writable_client.data(unassign, variables, **COORDINATOR)["unassignTagsFromBoxes"]

    assert [b["labelIdentifier"] for b in assigned["updatedBoxes"]] == labels(boxes)
    assert all(
        {"id": str(tag.id), "__typename": "Tag"} in b["tags"] for b in assigned["updatedBoxes"]
    )
    assert [b["labelIdentifier"] for b in unassigned["updatedBoxes"]] == labels(boxes)
    assert unassigned["tagErrorInfo"] == []
    assert all(str(tag.id) not in [t["id"] for t in b["tags"]] for b in unassigned["updatedBoxes"])


# --- one transaction, set-based -------------------------------------------------------


def test_a_failure_after_the_update_leaves_boxes_and_history_unchanged(
    writable_client, fresh_boxes, monkeypatch
):
    from boxtribute_api.box import bulk_writes

    boxes = fresh_boxes(3)
    target = location(1, "Lost and Found")
    since = last_history_id()

    def failing_history(rows):
        raise RuntimeError("history insert failed")

    monkeypatch.setattr(bulk_writes, "record_history", failing_history)

    result = writable_client.execute(
        MOVE, {"labels": labels(boxes), "locationId": target.id}, **COORDINATOR
    )

    assert result["data"]["moveBoxesToLocation"] is None
    assert result["errors"]
    for before in boxes:
        after = box_row(before.label_identifier)
        assert (after.location_id, after.state_id, after.last_modified_on) == (
            before.location_id,
            before.state_id,
            before.last_modified_on,
        )
    assert history_of([b.id for b in boxes], since) == []


def test_a_failure_while_tagging_leaves_no_relation_and_no_modification(
    writable_client, fresh_boxes, monkeypatch
):
    from boxtribute_api.tag import relations

    tag = tags_of_base(1, "Stock")[2]
    box = [b for b in fresh_boxes(5) if tag.id not in live_tag_ids(b.id)][0]
    real_assign = relations.assign_tags

    def assign_then_fail(*args, **kwargs):
        real_assign(*args, **kwargs)
        raise RuntimeError("failed after inserting the relations")

    monkeypatch.setattr(relations, "assign_tags", assign_then_fail)

    result = writable_client.execute(
        ASSIGN, {"labels": [box.label_identifier], "tagIds": [tag.id]}, **COORDINATOR
    )

    assert result["errors"]
    assert tag.id not in live_tag_ids(box.id)
    assert box_row(box.label_identifier).last_modified_on == box.last_modified_on


@pytest.fixture
def statements(monkeypatch):
    """The SQL statements the app runs, recorded in order."""
    from boxtribute_api.db.connections import LegacyMySQLDatabase

    recorded: list[str] = []
    original = LegacyMySQLDatabase.execute_sql

    def record(self, sql, params=None, *args, **kwargs):
        recorded.append(sql)
        return original(self, sql, params, *args, **kwargs)

    monkeypatch.setattr(LegacyMySQLDatabase, "execute_sql", record)
    return recorded


def _write_statements(recorded: list[str]) -> list[str]:
    return [s for s in recorded if s.split(None, 1)[0].upper() in ("UPDATE", "INSERT", "DELETE")]


@pytest.mark.parametrize("mutation", ["move", "assign", "unassign", "delete"])
def test_the_statements_do_not_grow_with_the_number_of_boxes(
    writable_client, fresh_boxes, statements, mutation
):
    tag = tags_of_base(1, "All")[0]
    counts = []
    for size in (2, 20):
        boxes = fresh_boxes(size)
        if mutation == "unassign":
            writable_client.data(ASSIGN, {"labels": labels(boxes), "tagIds": [tag.id]}, **GOD)
        # Into the lost location: every box changes location and state.
        document, variables = {
            "move": (MOVE, {"locationId": location(1, "Lost and Found").id}),
            "assign": (ASSIGN, {"tagIds": [tag.id]}),
            "unassign": (UNASSIGN, {"tagIds": [tag.id]}),
            "delete": (DELETE, {}),
        }[mutation]
        statements.clear()
        writable_client.data(document, {"labels": labels(boxes), **variables}, **COORDINATOR)
        counts.append((len(statements), len(_write_statements(statements))))

    assert counts[0] == counts[1], counts
    total, writes = counts[1]
    assert writes <= 3, statements
    # The mutation itself and the loaders of the few fields asked for.
    assert total <= 15, statements


def test_the_boxes_are_locked_in_one_statement_in_id_order(
    writable_client, fresh_boxes, statements
):
    boxes = fresh_boxes(5)
    statements.clear()

    writable_client.data(
        MOVE,
        {"labels": labels(reversed(boxes)), "locationId": location(1, "Lost and Found").id},
        **COORDINATOR,
    )

    locking = [s for s in statements if s.rstrip().upper().endswith("FOR UPDATE")]
    assert len(locking) == 1
    assert "ORDER BY" in locking[0] and "`id`" in locking[0].split("ORDER BY")[1]


# --- on the original's development seed -----------------------------------------------

SEED_BOX_HISTORY = """
query ($label: String!) {
  box(labelIdentifier: $label) { history { changes user { id } } tags { id } }
}"""


def test_on_the_seed_a_move_logs_rows_shaped_like_the_seeds_own_and_reads_back(
    writable_seed_client,
):
    # Seed history 36122/36123: a box moved from WH2 into "Donated location" logs
    # ('location_id', from, to) and ('box_state_id', 1, 5), ip and floats NULL.
    labels_ = ["47849644", "56246086"]
    since = last_history_id()

    answer = writable_seed_client.data(
        MOVE, {"labels": labels_, "locationId": 100000040}, **COORDINATOR
    )["moveBoxesToLocation"]

    assert [(b["labelIdentifier"], b["state"]) for b in answer["updatedBoxes"]] == [
        ("47849644", "Donated"),
        ("56246086", "Donated"),
    ]
    rows_ = history_of([100000247, 100000250], since)
    assert [
        (h.record_id, h.changes, h.user_id, h.ip, h.from_int, h.to_int, h.from_float, h.to_float)
        for h in rows_
    ] == [
        (100000247, "location_id", 8, None, 100000037, 100000040, None, None),
        (100000250, "location_id", 8, None, 100000038, 100000040, None, None),
        (100000247, "box_state_id", 8, None, 1, 5, None, None),
        (100000250, "box_state_id", 8, None, 1, 5, None, None),
    ]
    history = writable_seed_client.data(SEED_BOX_HISTORY, {"label": "47849644"}, **COORDINATOR)
    # Same change date: the newer row (the state) comes first.
    assert [h["changes"] for h in history["box"]["history"][:2]] == [
        "changed box state from Instock to Donated",
        "changed box location from WH to Donated location",
    ]


def test_on_the_seed_tagging_shows_in_the_box_history_and_bad_tags_are_reported(
    writable_seed_client,
):
    # Tags of base 1: 45 'west' (Box), 52 (Beneficiary), 61 'side' (deleted).
    answer = writable_seed_client.data(
        ASSIGN, {"labels": ["58168364"], "tagIds": [45, 52, 61]}, **COORDINATOR
    )["assignTagsToBoxes"]
    removed = writable_seed_client.data(
        UNASSIGN, {"labels": ["58168364"], "tagIds": [45]}, **COORDINATOR
    )["unassignTagsFromBoxes"]

    assert [b["labelIdentifier"] for b in answer["updatedBoxes"]] == ["58168364"]
    assert {(i["id"], i["error"]["__typename"]) for i in answer["tagErrorInfo"]} == {
        ("52", "TagTypeMismatchError"),
        ("61", "DeletedTagError"),
    }
    assert [b["labelIdentifier"] for b in removed["updatedBoxes"]] == ["58168364"]
    history = writable_seed_client.data(SEED_BOX_HISTORY, {"label": "58168364"}, **COORDINATOR)
    changes = [h["changes"] for h in history["box"]["history"]]
    assert "assigned tag 'west' to box" in changes
    assert "removed tag 'west' from box" in changes
