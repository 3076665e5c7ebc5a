"""Tag mutations: createTag, updateTag, deleteTag, deleteTags, assignTag, unassignTag.

Behaviour tests run on a writable demo database of this module (`writable_client`);
each test creates the tags it changes, so tests do not depend on each other. The
frontend's documents (CreateTag, UpdateTag, deleteTags) are sent as the frontend
sends them against the original's development seed (`writable_seed_client`).
"""

from __future__ import annotations

import concurrent.futures
import datetime

import pytest

from boxtribute_api.beneficiary.models import Beneficiary
from boxtribute_api.box.models import Box
from boxtribute_api.db.routing import connection_scope
from boxtribute_api.history.models import HistoryEntry
from boxtribute_api.location.models import Location
from boxtribute_api.tag import writes as tag_writes
from boxtribute_api.tag.models import Tag, TagsRelation
from support.errors import BAD_USER_INPUT, FORBIDDEN, codes
from support.reference import frontend_operation
from support.users import (
    COORDINATOR,
    GOD,
    HEAD_OF_OPS,
    LIBRARY_VOLUNTEER,
    WAREHOUSE_VOLUNTEER,
)

TAG_FIELDS = "id name description color type deletedOn createdOn lastModifiedOn"

CREATE = f"""mutation($input: TagCreationInput) {{ createTag(creationInput: $input) {{
    __typename
    ... on Tag {{ {TAG_FIELDS} base {{ id }} createdBy {{ id }} lastModifiedBy {{ id }} }}
    ... on InvalidColorError {{ invalidColor: color }}
    ... on InsufficientPermissionError {{ name }}
    ... on UnauthorizedForBaseError {{ id name organisationName }}
}} }}"""

UPDATE = f"""mutation($input: TagUpdateInput) {{ updateTag(updateInput: $input) {{
    __typename
    ... on Tag {{ {TAG_FIELDS} lastModifiedBy {{ id }}
        taggedResources {{ __typename ... on Box {{ id }} ... on Beneficiary {{ id }} }} }}
    ... on InvalidColorError {{ invalidColor: color }}
    ... on DeletedTagError {{ name }}
    ... on ResourceDoesNotExistError {{ missingId: id name }}
    ... on InsufficientPermissionError {{ name }}
    ... on UnauthorizedForBaseError {{ id name }}
}} }}"""

DELETE = f"""mutation($id: ID!) {{ deleteTag(id: $id) {{
    __typename
    ... on Tag {{ {TAG_FIELDS}
        taggedResources {{ __typename ... on Box {{ id }} ... on Beneficiary {{ id }} }} }}
    ... on ResourceDoesNotExistError {{ missingId: id name }}
    ... on InsufficientPermissionError {{ name }}
    ... on UnauthorizedForBaseError {{ id name }}
}} }}"""

DELETE_MANY = """mutation($ids: [Int!]!) { deleteTags(ids: $ids) {
    __typename
    ... on TagsResult { updatedTags { id deletedOn } invalidTagIds }
    ... on InsufficientPermissionError { name }
} }"""

ASSIGN = """mutation($input: TagOperationInput) { assignTag(assignmentInput: $input) {
    __typename
    ... on Box { id tags { id } lastModifiedOn lastModifiedBy { id } }
    ... on Beneficiary { id tags { id } lastModifiedOn }
} }"""

UNASSIGN = """mutation($input: TagOperationInput) { unassignTag(unassignmentInput: $input) {
    __typename
    ... on Box { id tags { id } lastModifiedOn }
    ... on Beneficiary { id tags { id } }
} }"""


# --- helpers ----------------------------------------------------------------------------------


def new_tag(base_id: int = 1, tag_type: str = "All", **values) -> Tag:
    """A tag row of our own (not via the API), created long ago by user 8."""
    past = datetime.datetime(2024, 1, 2, 3, 4, 5)
    fields = dict(
        name="a tag",
        color="#123456",
        base=base_id,
        type=tag_type,
        description="described",
        created_on=past,
        created_by=8,
        last_modified_on=past,
        last_modified_by=8,
    )
    fields.update(values)
    with connection_scope():
        return Tag.create(**fields)


def tag(tag_id) -> Tag:
    with connection_scope():
        return Tag.get_by_id(int(tag_id))


def tag_history(tag_id) -> list[tuple]:
    with connection_scope():
        return list(
            HistoryEntry.select(
                HistoryEntry.changes,
                HistoryEntry.user,
                HistoryEntry.from_int,
                HistoryEntry.to_int,
                HistoryEntry.change_date,
            )
            .where(HistoryEntry.table_name == "tags", HistoryEntry.record_id == int(tag_id))
            .order_by(HistoryEntry.id)
            .tuples()
        )


def relations_of(tag_id) -> list[TagsRelation]:
    with connection_scope():
        return list(
            TagsRelation.select().where(TagsRelation.tag == int(tag_id)).order_by(TagsRelation.id)
        )


def boxes_of_base(base_id: int, count: int = 2) -> list[Box]:
    with connection_scope():
        return list(
            Box.select()
            .join(Location, on=Box.location == Location.id)
            .where(Location.base == base_id, Box.deleted_on.is_unset())
            .order_by(Box.id)
            .limit(count)
        )


def beneficiaries_of_base(base_id: int, count: int = 1) -> list[Beneficiary]:
    with connection_scope():
        return list(
            Beneficiary.select()
            .where(Beneficiary.base == base_id)
            .order_by(Beneficiary.id)
            .limit(count)
        )


def relate(tag_row: Tag, object_type: str, object_id: int) -> None:
    with connection_scope():
        TagsRelation.create(
            tag=tag_row.id,
            object_type=object_type,
            object_id=object_id,
            created_on=datetime.datetime(2024, 2, 1),
            created_by=8,
        )


def live_objects(tag_id) -> list[tuple[str, int]]:
    return [(r.object_type, r.object_id) for r in relations_of(tag_id) if r.deleted_on is None]


def recent(moment) -> bool:
    if isinstance(moment, str):
        moment = datetime.datetime.fromisoformat(moment).replace(tzinfo=None)
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    return abs(now - moment) < datetime.timedelta(minutes=2)


def tag_count() -> int:
    with connection_scope():
        return Tag.select().count()


# --- createTag ----------------------------------------------------------------------------------


def test_a_coordinator_creates_a_tag_in_their_base(writable_client):
    variables = {
        "input": {
            "name": "Winter clothes",
            "description": "for the cold months",
            "color": "#a1B2c3",
            "type": "Box",
            "baseId": 1,
        }
    }

    created = writable_client.data(CREATE, variables, **COORDINATOR)["createTag"]

    assert created == {
        "__typename": "Tag",
        "id": created["id"],
        "name": "Winter clothes",
        "description": "for the cold months",
        "color": "#a1B2c3",
        "type": "Box",
        "deletedOn": None,
        "createdOn": created["createdOn"],
        "lastModifiedOn": created["createdOn"],
        "base": {"id": "1"},
        "createdBy": {"id": "8"},
        "lastModifiedBy": {"id": "8"},
    }
    assert recent(created["createdOn"])
    row = tag(created["id"])
    assert (row.type, row.base_id, row.seq) == ("Stock", 1, None)
    history = tag_history(created["id"])
    assert [(changes, user) for changes, user, *_ in history] == [("Record created", 8)]
    assert history[0][4] == row.created_on


def test_a_tag_created_without_description_has_an_empty_one(writable_client):
    variables = {"input": {"name": "n", "color": "#000000", "type": "Beneficiary", "baseId": 1}}

    created = writable_client.data(CREATE, variables, **COORDINATOR)["createTag"]

    assert (created["description"], created["type"]) == ("", "Beneficiary")
    assert tag(created["id"]).type == "People"


@pytest.mark.parametrize("color", ["red", "#12345", "#1234567", "123456", "#12345g", ""])
def test_a_tag_with_an_invalid_color_is_not_created(writable_client, color):
    before = tag_count()
    variables = {"input": {"name": "n", "color": color, "type": "All", "baseId": 1}}

    result = writable_client.data(CREATE, variables, **COORDINATOR)["createTag"]

    assert result == {"__typename": "InvalidColorError", "invalidColor": color}
    assert tag_count() == before


def test_a_tag_cannot_be_created_in_a_base_the_user_does_not_coordinate(writable_client):
    before = tag_count()
    for base_id, organisation in ((2, "BoxAid"), (3, None)):
        variables = {"input": {"name": "n", "color": "#000000", "type": "All", "baseId": base_id}}

        result = writable_client.data(CREATE, variables, **COORDINATOR)["createTag"]

        assert result["__typename"] == "UnauthorizedForBaseError"
        assert result["id"] == str(base_id)
        if organisation:
            assert result["organisationName"] == organisation
    assert tag_count() == before


@pytest.mark.parametrize("user", [WAREHOUSE_VOLUNTEER, LIBRARY_VOLUNTEER])
def test_a_volunteer_cannot_create_tags(writable_client, user):
    variables = {"input": {"name": "n", "color": "#000000", "type": "All", "baseId": 1}}

    result = writable_client.data(CREATE, variables, **user)["createTag"]

    assert result == {"__typename": "InsufficientPermissionError", "name": "tag:write"}


@pytest.mark.parametrize("user", [GOD, HEAD_OF_OPS])
def test_god_and_head_of_operations_create_tags_in_any_of_their_bases(writable_client, user):
    variables = {"input": {"name": "n", "color": "#000000", "type": "All", "baseId": 2}}

    result = writable_client.data(CREATE, variables, **user)["createTag"]

    assert (result["__typename"], result["base"]) == ("Tag", {"id": "2"})


def test_creating_tags_by_name_makes_one_tag_per_distinct_name(writable_client):
    now = datetime.datetime(2025, 1, 2, 3, 4, 5)
    with connection_scope() as db, db.atomic():
        tags = tag_writes.create_tags_by_name(1, ["b", "a", "b"], "Stock", 8, now)

    assert [(t.name, t.type, t.base_id, t.description) for t in tags] == [
        ("b", "Stock", 1, ""),
        ("a", "Stock", 1, ""),
    ]
    assert all(tag_writes.is_valid_color(t.color) for t in tags)
    assert all((t.created_on, t.created_by_id) == (now, 8) for t in tags)
    for t in tags:
        assert tag_history(t.id) == [("Record created", 8, None, None, now)]


# --- updateTag ----------------------------------------------------------------------------------


def test_updating_a_tag_records_each_changed_field(writable_client):
    row = new_tag(name="old name", description="old text", color="#111111")
    variables = {
        "input": {
            "id": row.id,
            "name": "new name",
            "description": "",
            "color": "#222222",
            "type": "All",  # unchanged
        }
    }

    updated = writable_client.data(UPDATE, variables, **COORDINATOR)["updateTag"]

    assert updated["__typename"] == "Tag"
    assert (updated["name"], updated["description"], updated["color"], updated["type"]) == (
        "new name",
        "",
        "#222222",
        "All",
    )
    assert updated["lastModifiedBy"] == {"id": "8"}
    assert recent(updated["lastModifiedOn"])
    history = tag_history(row.id)
    assert [(changes, user) for changes, user, *_ in history] == [
        ('label changed from "old name" to "new name";', 8),
        ('description changed from "old text" to "";', 8),
        ('color changed from "#111111" to "#222222";', 8),
    ]
    assert {h[4] for h in history} == {tag(row.id).last_modified_on}


def test_an_update_changing_nothing_leaves_no_trace(writable_client):
    row = new_tag(name="same", color="#111111")
    variables = {"input": {"id": row.id, "name": "same", "color": "#111111"}}

    updated = writable_client.data(UPDATE, variables, **COORDINATOR)["updateTag"]

    assert updated["lastModifiedOn"] == "2024-01-02T03:04:05+00:00"
    assert tag_history(row.id) == []


def test_changing_a_tags_type_takes_it_off_the_objects_it_no_longer_fits(writable_client):
    row = new_tag(tag_type="All")
    box = boxes_of_base(1, 1)[0]
    beneficiary = beneficiaries_of_base(1)[0]
    relate(row, "Stock", box.id)
    relate(row, "People", beneficiary.id)

    variables = {"input": {"id": row.id, "type": "Beneficiary"}}
    updated = writable_client.data(UPDATE, variables, **COORDINATOR)["updateTag"]

    assert updated["type"] == "Beneficiary"
    assert updated["taggedResources"] == [{"__typename": "Beneficiary", "id": str(beneficiary.id)}]
    box_relation = next(r for r in relations_of(row.id) if r.object_type == "Stock")
    assert box_relation.deleted_by_id == 8 and recent(box_relation.deleted_on)
    assert [h[0] for h in tag_history(row.id)] == [
        'type changed from "TagType.All" to "TagType.Beneficiary";'
    ]

    variables = {"input": {"id": row.id, "type": "Box"}}
    updated = writable_client.data(UPDATE, variables, **COORDINATOR)["updateTag"]

    assert (updated["type"], updated["taggedResources"]) == ("Box", [])
    assert tag(row.id).type == "Stock"
    assert live_objects(row.id) == []


def test_changing_a_tags_type_to_all_keeps_its_objects(writable_client):
    row = new_tag(tag_type="Stock")
    box = boxes_of_base(1, 1)[0]
    relate(row, "Stock", box.id)

    variables = {"input": {"id": row.id, "type": "All"}}
    updated = writable_client.data(UPDATE, variables, **COORDINATOR)["updateTag"]

    assert updated["taggedResources"] == [{"__typename": "Box", "id": str(box.id)}]


@pytest.mark.parametrize("name", ["", "   "])
def test_a_tag_cannot_be_renamed_to_an_empty_name(writable_client, name):
    row = new_tag(name="kept")

    result = writable_client.data(UPDATE, {"input": {"id": row.id, "name": name}}, **COORDINATOR)[
        "updateTag"
    ]

    assert result == {"__typename": "EmptyNameError"}
    assert tag(row.id).name == "kept"


def test_a_tag_cannot_get_an_invalid_color(writable_client):
    row = new_tag(color="#111111")

    result = writable_client.data(
        UPDATE, {"input": {"id": row.id, "name": "x", "color": "blue"}}, **COORDINATOR
    )["updateTag"]

    assert result == {"__typename": "InvalidColorError", "invalidColor": "blue"}
    assert (tag(row.id).name, tag(row.id).color) == ("a tag", "#111111")
    assert tag_history(row.id) == []


def test_a_deleted_tag_cannot_be_updated(writable_client):
    row = new_tag(name="gone", deleted_on=datetime.datetime(2024, 5, 1))

    result = writable_client.data(UPDATE, {"input": {"id": row.id, "name": "back"}}, **COORDINATOR)[
        "updateTag"
    ]

    assert result == {"__typename": "DeletedTagError", "name": "gone"}


def test_updating_an_unknown_tag_says_it_does_not_exist(writable_client):
    result = writable_client.data(UPDATE, {"input": {"id": 999999, "name": "x"}}, **COORDINATOR)[
        "updateTag"
    ]

    assert result == {"__typename": "ResourceDoesNotExistError", "missingId": None, "name": "Tag"}


def test_tags_of_other_bases_cannot_be_updated(writable_client):
    for base_id in (2, 3):
        row = new_tag(base_id=base_id, name="theirs")

        result = writable_client.data(
            UPDATE, {"input": {"id": row.id, "name": "mine"}}, **COORDINATOR
        )["updateTag"]

        assert (result["__typename"], result["id"]) == ("UnauthorizedForBaseError", str(base_id))
        assert tag(row.id).name == "theirs"


def test_a_volunteer_cannot_update_tags(writable_client):
    row = new_tag()

    result = writable_client.data(
        UPDATE, {"input": {"id": row.id, "name": "x"}}, **WAREHOUSE_VOLUNTEER
    )["updateTag"]

    assert result == {"__typename": "InsufficientPermissionError", "name": "tag:write"}


def test_god_updates_any_tag(writable_client):
    row = new_tag(base_id=3)

    result = writable_client.data(UPDATE, {"input": {"id": row.id, "name": "x"}}, **GOD)

    assert result["updateTag"]["name"] == "x"
    assert tag_history(row.id)[0][1] == 1


def test_a_failing_update_leaves_the_database_unchanged(writable_client, monkeypatch):
    row = new_tag(tag_type="All", name="before")
    box = boxes_of_base(1, 1)[0]
    relate(row, "Stock", box.id)

    def fail(rows):
        list(rows)
        raise RuntimeError("history table unavailable")

    monkeypatch.setattr(tag_writes, "record_history", fail)
    result = writable_client.execute(
        UPDATE, {"input": {"id": row.id, "name": "after", "type": "Beneficiary"}}, **COORDINATOR
    )

    assert result["data"]["updateTag"] is None and result["errors"]
    assert tag(row.id).name == "before" and tag(row.id).type == "All"
    assert live_objects(row.id) == [("Stock", box.id)]
    assert tag_history(row.id) == []


# --- deleteTag ----------------------------------------------------------------------------------


def test_deleting_a_tag_takes_it_off_everything(writable_client):
    row = new_tag()
    box = boxes_of_base(1, 1)[0]
    beneficiary = beneficiaries_of_base(1)[0]
    relate(row, "Stock", box.id)
    relate(row, "People", beneficiary.id)

    deleted = writable_client.data(DELETE, {"id": row.id}, **COORDINATOR)["deleteTag"]

    assert deleted["__typename"] == "Tag"
    assert recent(deleted["deletedOn"])
    assert deleted["taggedResources"] == []
    # The tag's modification stamp is left alone; the relations carry who removed them.
    assert deleted["lastModifiedOn"] == "2024-01-02T03:04:05+00:00"
    stored = tag(row.id)
    assert all(
        (r.deleted_on, r.deleted_by_id) == (stored.deleted_on, 8) for r in relations_of(row.id)
    )
    assert tag_history(row.id) == [("Record deleted", 8, None, None, stored.deleted_on)]
    active = writable_client.data("{ tags { id } }", **COORDINATOR)["tags"]
    assert {"id": str(row.id)} not in active


def test_deleting_an_already_deleted_tag_changes_nothing(writable_client):
    when = datetime.datetime(2024, 5, 1)
    row = new_tag(deleted_on=when)

    deleted = writable_client.data(DELETE, {"id": row.id}, **COORDINATOR)["deleteTag"]

    assert deleted["deletedOn"] == "2024-05-01T00:00:00+00:00"
    assert tag_history(row.id) == []


def test_deleting_an_unknown_tag_says_it_does_not_exist(writable_client):
    result = writable_client.data(DELETE, {"id": 999999}, **COORDINATOR)["deleteTag"]

    assert result == {"__typename": "ResourceDoesNotExistError", "missingId": None, "name": "Tag"}


def test_deleting_tags_needs_tag_write_in_the_tags_base(writable_client):
    theirs = new_tag(base_id=3)
    mine = new_tag()

    other_base = writable_client.data(DELETE, {"id": theirs.id}, **COORDINATOR)["deleteTag"]
    volunteer = writable_client.data(DELETE, {"id": mine.id}, **WAREHOUSE_VOLUNTEER)["deleteTag"]

    assert (other_base["__typename"], other_base["id"]) == ("UnauthorizedForBaseError", "3")
    assert volunteer == {"__typename": "InsufficientPermissionError", "name": "tag:write"}
    assert tag(theirs.id).deleted_on is None and tag(mine.id).deleted_on is None


# --- deleteTags ---------------------------------------------------------------------------------


def test_deleting_several_tags_reports_those_it_could_not_delete(writable_client):
    first, second = new_tag(), new_tag(tag_type="Stock")
    already = new_tag(deleted_on=datetime.datetime(2024, 5, 1))
    other_base = new_tag(base_id=2)
    box = boxes_of_base(1, 1)[0]
    relate(second, "Stock", box.id)
    requested = [second.id, 999999, already.id, first.id, other_base.id, first.id]

    result = writable_client.data(DELETE_MANY, {"ids": requested}, **COORDINATOR)["deleteTags"]

    assert result["__typename"] == "TagsResult"
    assert [t["id"] for t in result["updatedTags"]] == [str(first.id), str(second.id)]
    assert all(recent(t["deletedOn"]) for t in result["updatedTags"])
    assert result["invalidTagIds"] == [str(i) for i in (999999, already.id, other_base.id)]
    assert live_objects(second.id) == []
    for row in (first, second):
        assert [h[0:2] for h in tag_history(row.id)] == [("Record deleted", 8)]
    assert tag(other_base.id).deleted_on is None
    assert tag_history(already.id) == [] and tag_history(other_base.id) == []


def test_deleting_no_tags_deletes_nothing(writable_client):
    result = writable_client.data(DELETE_MANY, {"ids": []}, **COORDINATOR)["deleteTags"]

    assert result == {"__typename": "TagsResult", "updatedTags": [], "invalidTagIds": []}


def test_a_volunteer_cannot_delete_tags(writable_client):
    row = new_tag()

    result = writable_client.data(DELETE_MANY, {"ids": [row.id]}, **WAREHOUSE_VOLUNTEER)

    assert result["deleteTags"] == {
        "__typename": "InsufficientPermissionError",
        "name": "tag:write",
    }
    assert tag(row.id).deleted_on is None


def test_god_deletes_tags_of_any_base(writable_client):
    rows = [new_tag(base_id=1), new_tag(base_id=3)]

    result = writable_client.data(DELETE_MANY, {"ids": [r.id for r in rows]}, **GOD)["deleteTags"]

    assert [t["id"] for t in result["updatedTags"]] == [str(r.id) for r in rows]
    assert result["invalidTagIds"] == []


# --- assignTag / unassignTag --------------------------------------------------------------------


def assign_input(tag_row, resource_id, resource_type="Box") -> dict:
    return {"input": {"id": tag_row.id, "resourceId": resource_id, "resourceType": resource_type}}


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


def test_a_deleted_tag_is_not_assigned(writable_client):
    row = new_tag(deleted_on=datetime.datetime(2024, 5, 1))

    result = writable_client.execute(
        ASSIGN, assign_input(row, boxes_of_base(1, 1)[0].id), **COORDINATOR
    )

    assert codes(result) == [BAD_USER_INPUT]
    assert relations_of(row.id) == []


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


# --- the frontend's documents, on the original's seed ---------------------------------------


def send(client, name: str, variables: dict, **user) -> dict:
    operation = frontend_operation(name)
    body = {"query": operation["wire_document"], "variables": variables, "operationName": name}
    response = client.post(body, token=client.token(**user))
    assert response.status_code == 200, response.data
    result = response.get_json()
    assert "errors" not in result, result["errors"]
    return result["data"]


def test_the_frontend_creates_a_tag(writable_seed_client):
    variables = {
        "baseId": 1,
        "name": "Ramadan",
        "type": "All",
        "color": "#f0a0b0",
        "description": None,
    }

    created = send(writable_seed_client, "CreateTag", variables, **COORDINATOR)["createTag"]

    assert created == {
        "__typename": "Tag",
        "id": created["id"],
        "name": "Ramadan",
        "description": "",
        "color": "#f0a0b0",
        "type": "All",
        "base": {"id": "1", "name": "Lesvos", "__typename": "Base"},
        "createdBy": {"id": "8", "name": created["createdBy"]["name"], "__typename": "User"},
        "lastUsedOn": None,
        "createdOn": created["createdOn"],
    }
    assert int(created["id"]) >= 125  # after the seed's AUTO_INCREMENT
    assert tag_history(created["id"])[0][:2] == ("Record created", 8)

    denied = send(writable_seed_client, "CreateTag", {**variables, "baseId": 2}, **COORDINATOR)
    assert denied["createTag"]["__typename"] == "UnauthorizedForBaseError"


def test_the_frontend_updates_a_tag(writable_seed_client):
    variables = {"id": "49", "name": "ground floor", "type": "All", "color": "#0bc7e0"}

    updated = send(writable_seed_client, "UpdateTag", variables, **COORDINATOR)["updateTag"]

    assert updated["__typename"] == "Tag"
    assert (updated["id"], updated["name"], updated["type"], updated["description"]) == (
        "49",
        "ground floor",
        "All",
        "Suffer.",
    )
    assert [h[0] for h in tag_history(49)][-2:] == [
        'label changed from "ground" to "ground floor";',
        'type changed from "TagType.Box" to "TagType.All";',
    ]

    denied = send(writable_seed_client, "UpdateTag", {**variables, "id": "65"}, **COORDINATOR)
    assert denied["updateTag"] == {
        "__typename": "UnauthorizedForBaseError",
        "name": denied["updateTag"]["name"],
    }


def test_the_frontend_deletes_tags(writable_seed_client):
    with connection_scope():
        live_before = (
            TagsRelation.select()
            .where(TagsRelation.tag == 57, TagsRelation.deleted_on.is_null())
            .count()
        )
    assert live_before > 0

    result = send(writable_seed_client, "deleteTags", {"ids": [57, 61, 65]}, **COORDINATOR)

    deleted = result["deleteTags"]
    assert deleted["__typename"] == "TagsResult"
    assert [(t["id"], t["name"]) for t in deleted["updatedTags"]] == [("57", "wall")]
    assert deleted["invalidTagIds"] == ["61", "65"]
    assert live_objects(57) == []
    assert tag_history(57)[-1][:2] == ("Record deleted", 8)


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


def test_concurrent_updates_of_a_tag_lose_no_change_in_its_history(writable_client):
    row = new_tag(color="#000000")
    token = writable_client.token(**COORDINATOR)
    colors = [f"#00000{i}" for i in range(1, 9)]

    def update(color):
        body = {"query": UPDATE, "variables": {"input": {"id": row.id, "color": color}}}
        return writable_client.post(body, token=token).get_json()

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(update, colors))

    assert all("errors" not in r for r in results)
    history = [h[0] for h in tag_history(row.id)]
    assert len(history) == len(colors)
    # Each change starts from where the previous one ended.
    previous = "#000000"
    for text in history:
        old, new = text.split('"')[1], text.split('"')[3]
        assert old == previous
        previous = new
    assert tag(row.id).color == previous
