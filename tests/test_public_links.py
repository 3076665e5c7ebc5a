"""Shareable links, and resolving them on the public service.

A coordinator shares a statistics view of their base (createShareableLink); whoever
has the link's code sees that view at POST /public, without a login, until the link
expires. The public service itself (its schema, CORS, entry points):
tests/test_public_service.py.

The answers for links the API cannot make (no expiry date, base gone) were recorded
from the original back-end on the dev seed with such rows inserted.
"""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from boxtribute_api.app import create_app
from boxtribute_api.db.routing import database
from boxtribute_api.link.views import tag_filters
from boxtribute_api.runtime import clock
from support.client import GraphQLClient, settings_for
from support.database import query
from support.links import create_link, insert_link, resolve
from support.users import COORDINATOR, COORDINATOR_ORG_2, LIBRARY_VOLUNTEER

# --- creating links -----------------------------------------------------------------------


def test_a_coordinator_shares_a_view_of_their_base_for_a_week(writable_client):
    before = datetime.datetime.now(datetime.UTC).replace(microsecond=0)

    link = create_link(writable_client, urlParameters="tags=1")

    assert link["__typename"] == "ShareableLink"
    assert len(link["code"]) == 64 and int(link["code"], 16) >= 0
    assert (link["base"], link["createdBy"]) == ({"id": "1"}, {"id": str(COORDINATOR["user_id"])})
    assert (link["view"], link["urlParameters"]) == ("StockOverview", "tags=1")
    created = datetime.datetime.fromisoformat(link["createdOn"])
    assert before <= created <= before + datetime.timedelta(seconds=5)
    assert datetime.datetime.fromisoformat(link["validUntil"]) == created + datetime.timedelta(
        weeks=1
    )


def test_every_link_gets_its_own_code(writable_client):
    codes = {create_link(writable_client)["code"] for _ in range(5)}

    assert len(codes) == 5


def test_a_chosen_expiry_is_kept_and_one_in_the_past_is_refused(writable_client, writable_demo_db):
    chosen = create_link(writable_client, validUntil="2031-06-01T12:30:45+02:00")
    past = create_link(writable_client, validUntil="2020-01-01T00:00:00")

    assert chosen["validUntil"] == "2031-06-01T10:30:45+00:00"
    assert past == {"__typename": "InvalidDateError", "date": "2020-01-01T00:00:00+00:00"}
    rows = query(writable_demo_db, "SELECT code FROM shareable_link WHERE valid_until < NOW()")
    assert rows == []


@pytest.mark.parametrize(
    "user, expected",
    [
        (LIBRARY_VOLUNTEER, {"__typename": "InsufficientPermissionError"}),
        (COORDINATOR_ORG_2, {"__typename": "UnauthorizedForBaseError", "id": "1"}),
    ],
)
def test_who_may_not_share_the_base_gets_the_refusal_and_no_link(
    writable_client, writable_demo_db, user, expected
):
    (count_before,) = query(writable_demo_db, "SELECT COUNT(*) FROM shareable_link")[0]

    link = create_link(writable_client, user=user)

    assert {k: v for k, v in link.items() if k in expected} == expected
    assert query(writable_demo_db, "SELECT COUNT(*) FROM shareable_link")[0] == (count_before,)


# --- resolving links ----------------------------------------------------------------------


def test_a_valid_link_resolves_without_a_token(writable_client):
    link = create_link(writable_client, view="StatvizDashboard")

    response = resolve(writable_client, link["code"])

    assert response.status_code == 200
    assert response.get_json()["data"]["resolveLink"] == {
        "__typename": "ResolvedLink",
        "id": link["id"],
        "code": link["code"],
        "baseName": "Lesvos",
        "organisationName": "BoxAid",
        "urlParameters": None,
        "view": "StatvizDashboard",
        "validUntil": link["validUntil"],
    }


def test_a_token_is_neither_needed_nor_looked_at(writable_client):
    link = create_link(writable_client)

    answers = [
        resolve(writable_client, link["code"], headers).get_json()
        for headers in ({}, {"Authorization": "Bearer not-a-token"})
    ]

    assert answers[0] == answers[1]
    assert answers[0]["data"]["resolveLink"]["__typename"] == "ResolvedLink"


def test_an_expired_link_says_since_when(writable_client, writable_demo_db):
    insert_link(writable_demo_db, "expired-link", "2024-02-29 12:00:00")

    answer = resolve(writable_client, "expired-link").get_json()

    assert answer == {
        "data": {
            "resolveLink": {
                "__typename": "ExpiredLinkError",
                "expiredOn": "2024-02-29T12:00:00+00:00",
            }
        }
    }


def test_a_link_is_valid_up_to_its_last_second(writable_client, writable_demo_db):
    insert_link(writable_demo_db, "last-second", "2030-06-30 23:59:59")
    last_second = datetime.datetime(2030, 6, 30, 23, 59, 59)

    kinds = []
    for now in (last_second, last_second + datetime.timedelta(seconds=1)):
        with clock.frozen(now):
            kinds.append(resolve(writable_client, "last-second").get_json())

    assert [k["data"]["resolveLink"]["__typename"] for k in kinds] == [
        "ResolvedLink",
        "ExpiredLinkError",
    ]


def with_replica(keys, primary: str, replica: str) -> GraphQLClient:
    settings = settings_for(primary, keys)
    replica_settings = dataclasses.replace(settings.database, name=replica, max_connections=31)
    settings = dataclasses.replace(settings, replica=replica_settings)
    return GraphQLClient(create_app(settings), keys, settings).activate()


def test_links_are_read_on_the_replica_when_there_is_one(writable_demo_db, demo_db, keys):
    """As the original: a link is looked up, and its view computed, on the replica."""
    insert_link(writable_demo_db, "on-the-primary", "2031-01-01 00:00:00")

    elsewhere = resolve(with_replica(keys, writable_demo_db, demo_db), "on-the-primary")
    same_data = resolve(with_replica(keys, writable_demo_db, writable_demo_db), "on-the-primary")

    assert elsewhere.get_json()["data"]["resolveLink"]["__typename"] == "UnknownLinkError"
    assert same_data.get_json()["data"]["resolveLink"]["__typename"] == "ResolvedLink"
    assert database.replica.pool_stats()["idle"] > 0


def test_an_unknown_code_is_named_back(client):
    answer = resolve(client, "no-such-link").get_json()

    assert answer == {
        "data": {"resolveLink": {"__typename": "UnknownLinkError", "code": "no-such-link"}}
    }


# Recorded from the original (dev seed, rows inserted by hand).
NO_EXPIRY_PATH = ["resolveLink"]  # the original: "'NoneType' object has no attribute 'replace'"
BASE_GONE = (["resolveLink", "baseName"], "BAD_USER_INPUT")


def test_a_link_without_expiry_date_is_an_error_not_a_view(writable_client, writable_demo_db):
    insert_link(writable_demo_db, "no-expiry", None)

    answer = resolve(writable_client, "no-expiry").get_json()

    assert answer["data"] == {"resolveLink": None}
    (error,) = answer["errors"]
    assert error["path"] == NO_EXPIRY_PATH


def test_a_link_whose_base_is_gone_fails_at_its_base_name(writable_client, writable_demo_db):
    insert_link(writable_demo_db, "base-gone", "2031-01-01 00:00:00", base_id=None)

    answer = resolve(writable_client, "base-gone").get_json()

    assert answer["data"] == {"resolveLink": None}
    assert [(e["path"], e["extensions"]["code"]) for e in answer["errors"]] == [BASE_GONE]


# --- a link's view: the statistics of its base, nothing else -------------------------------

VIEW = """query ($code: String!) {
  resolveLink(code: $code) {
    ... on ResolvedLink {
      data {
        __typename
        ... on StockOverviewData {
          facts { locationId boxesCount tagIds }
          dimensions { location { id } }
        }
      }
    }
  }
}"""


def view_of(client, code: str) -> list[dict]:
    answer = client.http.post("/public", json={"query": VIEW, "variables": {"code": code}})
    body = answer.get_json()
    assert "errors" not in body, body["errors"]
    return body["data"]["resolveLink"]["data"]


def locations_of(database: str, base_id: int) -> set[int]:
    return {
        row[0] for row in query(database, "SELECT id FROM locations WHERE camp_id = %s", (base_id,))
    }


@pytest.mark.parametrize("base_id, user", [(1, COORDINATOR), (3, COORDINATOR_ORG_2)])
def test_a_stock_overview_link_shows_its_bases_stock_only(
    writable_client, writable_demo_db, base_id, user
):
    link = create_link(writable_client, user=user, baseId=base_id)

    (cube,) = view_of(writable_client, link["code"])

    assert cube["__typename"] == "StockOverviewData" and cube["facts"]
    shown = {f["locationId"] for f in cube["facts"]} | {
        int(d["id"]) for d in cube["dimensions"]["location"]
    }
    assert shown <= locations_of(writable_demo_db, base_id)


EVERY_CUBE = """query ($code: String!) {
  resolveLink(code: $code) {
    ... on ResolvedLink {
      data {
        __typename
        ... on StockOverviewData {
          facts { locationId boxesCount tagIds }
          dimensions { location { id } }
        }
        ...everyCube
      }
    }
  }
}
fragment everyCube on DataCube { anyFacts: facts { __typename } }"""


def test_a_dashboard_link_computes_the_cubes_the_request_reads(writable_client, statements):
    """The statistics frontend reads a dashboard link's stock overview only: the other
    three cubes are answered by their type, not computed."""
    link = create_link(writable_client, view="StatvizDashboard")

    statements.clear()
    as_the_frontend_asks = view_of(writable_client, link["code"])
    run_for_stock_only = len(statements)
    statements.clear()
    answer = writable_client.http.post(
        "/public", json={"query": EVERY_CUBE, "variables": {"code": link["code"]}}
    ).get_json()
    every_cube = answer["data"]["resolveLink"]["data"]

    types = ["BeneficiaryDemographicsData", "CreatedBoxesData", "MovedBoxesData"]
    assert [c["__typename"] for c in as_the_frontend_asks] == [*types, "StockOverviewData"]
    assert as_the_frontend_asks[:3] == [{"__typename": t} for t in types]
    assert all("anyFacts" in c for c in every_cube)
    assert (every_cube[3]["facts"], every_cube[3]["dimensions"]) == (
        as_the_frontend_asks[3]["facts"],
        as_the_frontend_asks[3]["dimensions"],
    )
    assert len(statements) > run_for_stock_only


def test_a_filtered_stock_overview_link_shows_the_boxes_its_tags_select(writable_client):
    everything = view_of(writable_client, create_link(writable_client)["code"])[0]["facts"]
    tag_id = next(t for f in everything for t in f["tagIds"])

    only = view_of(
        writable_client, create_link(writable_client, urlParameters=f"tags={tag_id}")["code"]
    )
    without = view_of(
        writable_client, create_link(writable_client, urlParameters=f"notags={tag_id}")["code"]
    )

    assert all(tag_id in f["tagIds"] for f in only[0]["facts"])
    assert all(tag_id not in f["tagIds"] for f in without[0]["facts"])
    boxes = sum(f["boxesCount"] for f in everything)
    assert sum(f["boxesCount"] for f in only[0]["facts"] + without[0]["facts"]) == boxes


# --- a link's parameters ------------------------------------------------------------------


@pytest.mark.parametrize(
    "parameters, expected",
    [
        (None, (None, None)),
        ("", (None, None)),
        ("tags=1,2&notags=3", ([1, 2], [3])),
        ("notags=4", (None, [4])),
        ("tags=&notags=", (None, None)),
        ("tags=5&tags=6", ([5], None)),
        ("boxState=InStock&tags=7", ([7], None)),
    ],
)
def test_a_stock_overview_links_tag_filters(parameters, expected):
    assert tag_filters(parameters) == expected


def test_tag_filters_that_are_no_ids_are_the_clients_error():
    with pytest.raises(Exception) as raised:
        tag_filters("tags=1,x")

    assert raised.value.extensions["code"] == "BAD_USER_INPUT"
