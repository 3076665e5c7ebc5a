"""assignTag and unassignTag: one live relation per tag and object, of a tag that
fits the object's type and base."""

from __future__ import annotations

import concurrent.futures
import datetime

import pytest

from support.errors import BAD_USER_INPUT, FORBIDDEN, codes
from support.tag_writes import (
    ASSIGN,
    UNASSIGN,
    assign_input,
    beneficiaries_of_base,
    boxes_of_base,
    live_objects,
    new_tag,
    recent,
    relate,
    relations_of,
)
from support.users import (
    COORDINATOR,
    HEAD_OF_OPS,
    LIBRARY_VOLUNTEER,
    WAREHOUSE_VOLUNTEER,
)

# --- assignTag / unassignTag --------------------------------------------------------------------


def test_a_tag_is_assigned_to_a_box_once(writable_client):
    row = new_tag(tag_type="Stock")
    box = boxes_of_base(1, 1)[0]

    result = writable_client.data(ASSIGN, assign_input(row, box.id), **COORDINATOR)["assignTag"]

    assert result["__typename"] == "Box" and result["id"] == str(box.id)
    assert {"id": str(row.id)} in result["tags"]
    assert result["lastModifiedBy"] == {"id": "8"} and recent(result["lastModifiedOn"])
    [relation] = relations_of(row.id)
    assert (relation.object_type, relation.object_id, relation.created_by_id) == (
        "Stock",
        box.id,
        8,
    )
    assert recent(relation.created_on) and relation.deleted_on is None

    again = writable_client.data(ASSIGN, assign_input(row, box.id), **COORDINATOR)["assignTag"]

    assert again["tags"] == result["tags"]
    assert len(relations_of(row.id)) == 1


def test_a_tag_is_assigned_to_and_taken_off_a_beneficiary(writable_client):
    row = new_tag(tag_type="People")
    beneficiary = beneficiaries_of_base(1)[0]
    variables = assign_input(row, beneficiary.id, "Beneficiary")

    assigned = writable_client.data(ASSIGN, variables, **COORDINATOR)["assignTag"]

    assert assigned["__typename"] == "Beneficiary"
    assert {"id": str(row.id)} in assigned["tags"]
    assert recent(assigned["lastModifiedOn"])

    removed = writable_client.data(UNASSIGN, variables, **COORDINATOR)["unassignTag"]

    assert {"id": str(row.id)} not in removed["tags"]
    [relation] = relations_of(row.id)
    assert relation.deleted_by_id == 8 and recent(relation.deleted_on)


def test_a_tag_is_taken_off_a_box(writable_client):
    row = new_tag(tag_type="All")
    box = boxes_of_base(1, 1)[0]
    relate(row, "Stock", box.id)

    result = writable_client.data(UNASSIGN, assign_input(row, box.id), **COORDINATOR)

    assert {"id": str(row.id)} not in result["unassignTag"]["tags"]
    assert live_objects(row.id) == []
    # Taking it off again changes nothing.
    writable_client.data(UNASSIGN, assign_input(row, box.id), **COORDINATOR)
    assert len(relations_of(row.id)) == 1


def test_taking_off_a_tag_the_box_lacks_still_marks_the_box_modified(writable_client):
    row = new_tag(tag_type="Stock")
    box = boxes_of_base(1, 1)[0]

    result = writable_client.data(UNASSIGN, assign_input(row, box.id), **COORDINATOR)

    # As the original: it sets modified whether or not the tag was there.
    assert recent(result["unassignTag"]["lastModifiedOn"])
    assert relations_of(row.id) == []


def test_a_box_whose_tag_was_taken_off_is_not_found_by_that_tag(writable_client):
    row = new_tag(tag_type="Stock")
    kept, taken_off = boxes_of_base(1, 2)
    relate(row, "Stock", kept.id)
    relate(row, "Stock", taken_off.id)
    writable_client.data(UNASSIGN, assign_input(row, taken_off.id), **COORDINATOR)
    document = """query($tagIds: [Int!]) { boxes(baseId: 1, filterInput: {tagIds: $tagIds}) {
        totalCount elements { id } } }"""

    page = writable_client.data(document, {"tagIds": [row.id]}, **COORDINATOR)["boxes"]

    assert page == {"totalCount": 1, "elements": [{"id": str(kept.id)}]}


@pytest.mark.parametrize("tag_type,resource_type", [("People", "Box"), ("Stock", "Beneficiary")])
def test_a_tag_of_the_wrong_type_is_not_assigned(writable_client, tag_type, resource_type):
    row = new_tag(tag_type=tag_type)
    resource_id = (
        boxes_of_base(1, 1)[0].id if resource_type == "Box" else beneficiaries_of_base(1)[0].id
    )

    result = writable_client.execute(
        ASSIGN, assign_input(row, resource_id, resource_type), **COORDINATOR
    )

    assert codes(result) == [BAD_USER_INPUT]
    assert result["data"]["assignTag"] is None
    assert "cannot be applied" in result["errors"][0]["extensions"]["description"]
    assert relations_of(row.id) == []


def test_a_deleted_tag_is_assigned_as_by_the_original(writable_client):
    row = new_tag(tag_type="Stock", deleted_on=datetime.datetime(2024, 5, 1))
    box = boxes_of_base(1, 1)[0]

    result = writable_client.data(ASSIGN, assign_input(row, box.id), **COORDINATOR)

    # The relation is written; Box.tags leaves deleted tags out.
    assert {"id": str(row.id)} not in result["assignTag"]["tags"]
    assert live_objects(row.id) == [("Stock", box.id)]


def test_unknown_tags_and_resources_are_bad_input(writable_client):
    row = new_tag()
    box = boxes_of_base(1, 1)[0]
    unknown_tag = {"input": {"id": 999999, "resourceId": box.id, "resourceType": "Box"}}

    for variables in (
        unknown_tag,
        assign_input(row, 99999999),
        assign_input(row, 99999999, "Beneficiary"),
    ):
        result = writable_client.execute(ASSIGN, variables, **COORDINATOR)
        assert codes(result) == [BAD_USER_INPUT]
    assert relations_of(row.id) == []


def test_a_tag_is_not_assigned_to_a_box_of_another_base(writable_client):
    row = new_tag(base_id=2)
    box = boxes_of_base(1, 1)[0]

    result = writable_client.execute(ASSIGN, assign_input(row, box.id), **HEAD_OF_OPS)

    assert codes(result) == [BAD_USER_INPUT]
    assert relations_of(row.id) == []


def test_assigning_needs_tag_relation_assign_in_the_tags_base(writable_client):
    theirs = new_tag(base_id=3)
    mine = new_tag()
    box_of_base_3 = boxes_of_base(3, 1)[0]
    box = boxes_of_base(1, 1)[0]

    other_base = writable_client.execute(
        ASSIGN, assign_input(theirs, box_of_base_3.id), **COORDINATOR
    )
    library = writable_client.execute(ASSIGN, assign_input(mine, box.id), **LIBRARY_VOLUNTEER)
    unassign = writable_client.execute(
        UNASSIGN, assign_input(theirs, box_of_base_3.id), **COORDINATOR
    )

    assert codes(other_base) == codes(library) == codes(unassign) == [FORBIDDEN]
    assert relations_of(theirs.id) == relations_of(mine.id) == []


def test_a_warehouse_volunteer_assigns_tags(writable_client):
    row = new_tag(tag_type="Stock")
    box = boxes_of_base(1, 1)[0]

    # (Box.tags needs tag:read, which warehouse volunteers lack.)
    assign = (
        "mutation($input: TagOperationInput) { assignTag(assignmentInput: $input) { __typename } }"
    )

    result = writable_client.data(assign, assign_input(row, box.id), **WAREHOUSE_VOLUNTEER)

    assert result["assignTag"] == {"__typename": "Box"}
    assert live_objects(row.id) == [("Stock", box.id)]


# --- concurrency --------------------------------------------------------------------------------


def test_concurrent_assignments_of_a_tag_leave_one_relation(writable_client):
    row = new_tag(tag_type="Stock")
    box = boxes_of_base(1, 1)[0]
    token = writable_client.token(**COORDINATOR)
    body = {"query": ASSIGN, "variables": assign_input(row, box.id)}

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(lambda _: writable_client.post(body, token=token), range(8)))

    assert all("errors" not in r.get_json() for r in responses)
    assert live_objects(row.id) == [("Stock", box.id)]
