"""updateTag: each changed field recorded; a type change takes the tag off the
objects it no longer fits; nothing written when refused."""

from __future__ import annotations

import concurrent.futures
import datetime

from boxtribute_api.tag import writes as tag_writes
from support.tag_writes import (
    UPDATE,
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
    assert [h[0] for h in tag_history(row.id)] == ['type changed from "All" to "People";']

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


def test_a_tag_cannot_be_renamed_to_an_empty_name(writable_client):
    row = new_tag(name="kept")

    result = writable_client.data(UPDATE, {"input": {"id": row.id, "name": ""}}, **COORDINATOR)[
        "updateTag"
    ]

    assert result == {"__typename": "EmptyNameError"}
    assert tag(row.id).name == "kept"


def test_a_blank_name_is_a_name_as_for_the_original(writable_client):
    row = new_tag(name="kept")

    result = writable_client.data(UPDATE, {"input": {"id": row.id, "name": "   "}}, **COORDINATOR)[
        "updateTag"
    ]

    assert result["__typename"] == "Tag" and tag(row.id).name == "   "


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

    assert result == {
        "__typename": "ResourceDoesNotExistError",
        "missingId": "999999",
        "name": "Tag",
    }


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
