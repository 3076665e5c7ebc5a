"""createTag: a tag of a base the user coordinates, its colour checked."""

from __future__ import annotations

import datetime

import pytest

from boxtribute_api.db.routing import connection_scope
from boxtribute_api.tag import writes as tag_writes
from support.tag_writes import (
    CREATE,
    recent,
    tag,
    tag_count,
    tag_history,
)
from support.users import (
    COORDINATOR,
    GOD,
    HEAD_OF_OPS,
    LIBRARY_VOLUNTEER,
    WAREHOUSE_VOLUNTEER,
)

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
        "lastModifiedOn": None,  # as the original: a new tag was never modified
        "base": {"id": "1"},
        "createdBy": {"id": "8"},
        "lastModifiedBy": None,
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


@pytest.mark.parametrize("color", ["#abc", "#A1b", "#a1B2c3"])
def test_colors_are_hex_rgb_or_rrggbb(writable_client, color):
    variables = {"input": {"name": "n", "color": color, "type": "All", "baseId": 1}}

    created = writable_client.data(CREATE, variables, **COORDINATOR)["createTag"]

    assert created["color"] == color


@pytest.mark.parametrize("color", ["red", "#12345", "#abcd", "#1234567", "123456", "#12345g", ""])
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
