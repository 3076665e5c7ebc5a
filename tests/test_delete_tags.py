"""deleteTag and deleteTags: a deleted tag is taken off everything it was on."""

from __future__ import annotations

import datetime

from support.tag_writes import (
    DELETE,
    DELETE_MANY,
    beneficiaries_of_base,
    boxes_of_base,
    live_objects,
    new_tag,
    recent,
    relate,
    relations_of,
    tag,
    tag_history,
)
from support.users import (
    COORDINATOR,
    GOD,
    WAREHOUSE_VOLUNTEER,
)

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

    assert result == {
        "__typename": "ResourceDoesNotExistError",
        "missingId": "999999",
        "name": "Tag",
    }


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
    # In ascending order, as the original sorts them.
    assert result["invalidTagIds"] == [str(i) for i in sorted((999999, already.id, other_base.id))]
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
