"""assignTagsToBoxes and unassignTagsFromBoxes: relations for the boxes lacking the
tag only, soft-deleted when taken off; tags that cannot be used are reported per
tag."""

from __future__ import annotations

import datetime

from boxtribute_api.db.routing import connection_scope
from boxtribute_api.tag.models import TagsRelation
from support.bulk_boxes import (
    ASSIGN,
    UNASSIGN,
    box_row,
    history_of,
    labels,
    last_history_id,
    live_tag_ids,
    rows,
    tags_of_base,
)
from support.reference import frontend_operation
from support.users import (
    COORDINATOR,
    HEAD_OF_OPS,
    LIBRARY_VOLUNTEER,
    VOLUNTEER,
)
from support.world import BASE_NAMES

# Every test takes boxes no other test has used (fresh_boxes).
WRITABLE_BOXES_IN_MAIN_BASE = 500


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
        of_base_3.id: {"__typename": "UnauthorizedForBaseError", "id": "3", "name": BASE_NAMES[3]},
        999999: {"__typename": "ResourceDoesNotExistError", "name": "Tag", "missingId": "999999"},
    }
    assert box_row(box.label_identifier).last_modified_on == box.last_modified_on


def test_a_user_of_base_1_cannot_tag_a_box_with_a_tag_of_base_2(writable_client, fresh_boxes):
    own_tag = tags_of_base(1, "Stock")[2]
    foreign_tag = tags_of_base(2, "Stock")[0]
    box = [b for b in fresh_boxes(5) if own_tag.id not in live_tag_ids(b.id)][0]

    answer = writable_client.data(
        ASSIGN,
        {"labels": [box.label_identifier], "tagIds": [own_tag.id, foreign_tag.id]},
        **COORDINATOR,
    )["assignTagsToBoxes"]

    assert [b["labelIdentifier"] for b in answer["updatedBoxes"]] == [box.label_identifier]
    assert answer["tagErrorInfo"] == [
        {
            "id": str(foreign_tag.id),
            "error": {"__typename": "UnauthorizedForBaseError", "id": "2", "name": BASE_NAMES[2]},
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
    tag = tags_of_base(2, "All")[0]
    own = fresh_boxes(1)[0]
    foreign = [b for b in fresh_boxes(5, base_id=2) if tag.id not in live_tag_ids(b.id)][0]

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
