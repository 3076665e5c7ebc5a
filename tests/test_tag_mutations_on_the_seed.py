"""The frontend's tag documents sent to a writable copy of the original's dev seed:
the rows left behind are those the original writes."""

from __future__ import annotations

from boxtribute_api.db.routing import connection_scope
from boxtribute_api.tag.models import TagsRelation
from support.reference import frontend_operation
from support.tag_writes import (
    live_objects,
    tag_history,
)
from support.users import (
    COORDINATOR,
)

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
        'type changed from "Stock" to "All";',
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
