"""Users: `user(id)`, `users`, and who may see which User fields.

Tests on `seed_client` compare with what the original answers on its development
seed; tests on `client` check behaviour on our demo world and find their rows by
querying.
"""

from __future__ import annotations

import pytest

from support.errors import BAD_USER_INPUT, FORBIDDEN, error_codes
from support.users import COORDINATOR, GOD

USER_FIELDS = """
    id name email validFirstDay validLastDay lastLogin lastAction
    organisation { id name }
    bases { id name }
"""


def all_user_ids(client) -> list[int]:
    return [int(u["id"]) for u in client.data("{ users { id } }", **GOD)["users"]]


@pytest.fixture
def demo_user_ids(client) -> list[int]:
    ids = all_user_ids(client)
    assert len(ids) >= 2
    return ids


# --- user(id) -------------------------------------------------------------------------------


def test_without_id_the_current_user_is_returned_with_all_their_details(seed_client):
    user = seed_client.data(f"{{ user {{ {USER_FIELDS} }} }}", **COORDINATOR)["user"]

    assert user == {
        "id": "8",
        "name": "Dev Coordinator",
        "email": "dev_coordinator@boxaid.org",
        "validFirstDay": None,
        "validLastDay": None,
        "lastLogin": None,
        "lastAction": None,
        "organisation": {"id": "1", "name": "BoxAid"},
        "bases": [{"id": "1", "name": "Lesvos"}],
    }


def test_another_users_email_is_forbidden_and_organisation_and_bases_are_unknown(seed_client):
    response = seed_client.execute(f"{{ user(id: 6) {{ {USER_FIELDS} }} }}", **COORDINATOR)

    assert response["data"]["user"] == {
        "id": "6",
        "name": "Head of Operations",
        "email": None,
        "validFirstDay": None,
        "validLastDay": None,
        "lastLogin": None,
        "lastAction": None,
        "organisation": None,
        "bases": None,
    }
    assert error_codes(response) == [(("user", "email"), FORBIDDEN)]
    assert response["errors"][0]["extensions"]["description"] == "You don't have access to 'user=6'"


def test_validity_dates_are_shown_as_dates_and_zero_dates_as_null(seed_client):
    query = """{
        pending: user(id: 100000003) { validFirstDay validLastDay }
        unlimited: user(id: 2) { validFirstDay validLastDay }
    }"""

    users = seed_client.data(query, **GOD)

    assert users["pending"] == {"validFirstDay": "2119-07-20", "validLastDay": "2119-07-31"}
    assert users["unlimited"] == {"validFirstDay": None, "validLastDay": None}


def test_a_user_of_another_organisation_can_be_looked_up_but_not_their_email(client):
    other_org_user = client.execute("{ user(id: 1) { id } }", **GOD)["data"]["user"]
    assert other_org_user is not None
    query = "query($id: ID) { user(id: $id) { id name email organisation { id } bases { id } } }"
    token_user = dict(role="coordinator", organisation_id=2, base_ids=[3], user_id=999999)

    response = client.execute(query, {"id": "1"}, **token_user)

    user = response["data"]["user"]
    assert user["id"] == "1"
    assert user["email"] is None and user["organisation"] is None and user["bases"] is None
    assert error_codes(response) == [(("user", "email"), FORBIDDEN)]


def test_a_deleted_user_can_still_be_looked_up(client):
    from boxtribute_api.db.routing import connection_scope
    from boxtribute_api.user.models import User

    with connection_scope():
        deleted = User.select(User.id).where(~User.deleted_on.is_unset()).first()
    assert deleted is not None, "the demo world has a deleted user"

    user = client.data("query($id: ID) { user(id: $id) { id } }", {"id": deleted.id}, **GOD)

    assert user == {"user": {"id": str(deleted.id)}}


def test_an_unknown_user_is_bad_user_input(client):
    response = client.execute("{ user(id: 987654321) { id } }", **COORDINATOR)

    assert response["data"] == {"user": None}
    assert error_codes(response) == [(("user",), BAD_USER_INPUT)]


def test_the_current_user_unknown_to_the_database_is_bad_user_input(client):
    response = client.execute("{ user { id } }", **dict(COORDINATOR, user_id=987654321))

    assert error_codes(response) == [(("user",), BAD_USER_INPUT)]


def test_reading_a_user_needs_user_read(client):
    response = client.execute(
        "{ user(id: 1) { id } }", permissions=["base_1/base:read"], base_ids=[1]
    )

    assert response["data"] == {"user": None}
    assert error_codes(response) == [(("user",), FORBIDDEN)]
    assert response["errors"][0]["extensions"]["description"] == (
        "You don't have access to 'user:read'"
    )


def test_the_users_own_details_come_from_the_token(client, demo_user_ids):
    me = demo_user_ids[0]
    token_user = dict(role="head-of-ops", organisation_id=1, base_ids=[1, 2], user_id=me)

    user = client.data("{ user { id organisation { id } bases { id } } }", **token_user)["user"]

    assert user == {
        "id": str(me),
        "organisation": {"id": "1"},
        "bases": [{"id": "1"}, {"id": "2"}],
    }


def test_the_users_bases_need_base_read(client, demo_user_ids):
    me = demo_user_ids[0]
    response = client.execute(
        "{ user { id bases { id } } }",
        permissions=["base_1/user:read"],
        base_ids=[1],
        user_id=me,
    )

    assert response["data"] == {"user": {"id": str(me), "bases": None}}
    assert error_codes(response) == [(("user", "bases"), FORBIDDEN)]


def test_a_god_user_sees_every_email_all_bases_and_no_organisation(client, demo_user_ids):
    me, other = demo_user_ids[0], demo_user_ids[1]
    query = """query($me: ID, $other: ID) {
        me: user(id: $me) { email organisation { id } bases { id } }
        other: user(id: $other) { email organisation { id } bases { id } }
    }"""

    users = client.data(query, {"me": me, "other": other}, **dict(GOD, user_id=me))

    every_base = client.data("{ bases(filterInput: {includeDeleted: true}) { id } }", **GOD)
    assert users["me"]["organisation"] is None
    assert users["me"]["bases"] == every_base["bases"]
    assert users["other"]["email"] is not None
    assert users["other"]["organisation"] is None and users["other"]["bases"] is None


# --- users ----------------------------------------------------------------------------------


def test_users_is_empty_for_everyone_but_god(client):
    assert client.data("{ users { id } }", **COORDINATOR) == {"users": []}


def test_a_god_user_lists_all_users_by_id(client):
    ids = all_user_ids(client)

    assert ids and ids == sorted(ids)


def test_listing_users_needs_user_read(client):
    response = client.execute("{ users { id } }", permissions=["base_1/base:read"], base_ids=[1])

    assert response["data"] is None
    assert error_codes(response) == [(("users",), FORBIDDEN)]


# --- users reached through other objects ------------------------------------------------------


def test_creators_need_user_read_and_each_occurrence_fails(client):
    query = "query { locations { id createdBy { id } } }"
    permissions = ["base_1/location:read"]

    response = client.execute(query, permissions=permissions, base_ids=[1])

    locations = response["data"]["locations"]
    unresolved = {("locations", i, "createdBy") for i, loc in enumerate(locations)}
    assert locations and all(loc["createdBy"] is None for loc in locations)
    assert sorted(error_codes(response)) == sorted((path, FORBIDDEN) for path in unresolved)
