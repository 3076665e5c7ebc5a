"""Shareable links and the public service that resolves them.

A coordinator shares a statistics view of their base (createShareableLink); whoever
has the link's code sees that view at POST /public, without a login, until the link
expires. The public service answers its own small schema: resolveLink (and the
public standard products and figures), nothing of the app's.

The answers for links the API cannot make (no expiry date, base gone) were recorded
from the original back-end on the dev seed with such rows inserted.
"""

from __future__ import annotations

import datetime
import json

import pytest

from boxtribute_api.api.schema import build_public_schema, build_schema, unbuilt_fields
from boxtribute_api.app import create_app
from boxtribute_api.config import DEFAULT_PUBLIC_CORS_ORIGINS
from boxtribute_api.domains import DOMAIN_PACKAGES
from boxtribute_api.link.views import tag_filters
from boxtribute_api.runtime import clock
from support.client import gunicorn_for, settings_for
from support.database import query
from support.users import COORDINATOR, COORDINATOR_ORG_2, GOD, LIBRARY_VOLUNTEER

CREATE = """mutation ($input: LinkCreationInput) {
  createShareableLink(creationInput: $input) {
    __typename
    ... on ShareableLink {
      id code view urlParameters validUntil createdOn base { id } createdBy { id }
    }
    ... on InvalidDateError { date }
    ... on InsufficientPermissionError { name }
    ... on UnauthorizedForBaseError { id name organisationName }
  }
}"""

RESOLVE = """query ($code: String!) {
  resolveLink(code: $code) {
    __typename
    ... on ResolvedLink { id code baseName organisationName urlParameters view validUntil }
    ... on ExpiredLinkError { expiredOn: validUntil }
    ... on UnknownLinkError { code }
  }
}"""


def resolve(client, code: str, headers: dict | None = None):
    return client.http.post(
        "/public", json={"query": RESOLVE, "variables": {"code": code}}, headers=headers or {}
    )


def create_link(client, user=COORDINATOR, **fields) -> dict:
    variables = {"input": {"baseId": 1, "view": "StockOverview", **fields}}
    return client.data(CREATE, variables, **user)["createShareableLink"]


def insert_link(database: str, code: str, valid_until, base_id=1) -> None:
    query(
        database,
        "INSERT INTO shareable_link (code, valid_until, view, base_id, created_on)"
        " VALUES (%s, %s, 'StockOverview', %s, UTC_TIMESTAMP())",
        (code, valid_until, base_id),
    )


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


# --- the public schema: nothing beyond the link's view ------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        "{ bases { id name } }",
        "{ base(id: 1) { name } }",
        "{ boxes(baseId: 1) { totalCount } }",
        "{ stockOverview(baseId: 1) { facts { boxesCount } } }",
        "mutation { createShareableLink(creationInput: {baseId: 1, view: StockOverview}) { __typename } }",  # noqa: E501
    ],
)
def test_the_public_service_answers_nothing_of_the_apps_schema(client, document):
    response = client.http.post(
        "/public",
        json={"query": document},
        headers={"Authorization": f"Bearer {client.token(**GOD)}"},
    )

    assert response.status_code == 400
    assert "data" not in response.get_json()


def test_the_public_service_serves_graphiql_as_the_original(client):
    response = client.http.get("/public")

    assert response.status_code == 200 and b"<html" in response.data.lower()


def test_the_public_schema_has_no_type_of_protected_data(client):
    answer = client.http.post("/public", json={"query": "{ __schema { types { name } } }"})

    names = {t["name"] for t in answer.get_json()["data"]["__schema"]["types"]}
    assert {"ResolvedLink", "StockOverviewData", "StandardProductInfo"} <= names
    assert not names & {"Box", "Base", "Beneficiary", "User", "Mutation", "ShareableLink"}


def test_every_field_of_the_public_schema_is_built():
    public = build_public_schema(build_schema(DOMAIN_PACKAGES), DOMAIN_PACKAGES)

    assert sorted(public.query_type.fields) == [
        "newlyCreatedBoxNumbers",
        "newlyRegisteredBeneficiaryNumbers",
        "reachedBeneficiariesNumbers",
        "resolveLink",
        "standardProducts",
    ]
    assert unbuilt_fields(public) == []


FIGURES = """query ($start: Datetime, $end: Datetime, $duration: Int) {
  newlyCreatedBoxNumbers(start: $start, end: $end, duration: $duration)
  newlyRegisteredBeneficiaryNumbers(start: $start, end: $end, duration: $duration)
  reachedBeneficiariesNumbers(start: $start, end: $end, duration: $duration)
}"""


def test_the_public_figures_count_without_a_token_and_refuse_spans_without_end(client):
    http = client.http
    counted = http.post("/public", json={"query": FIGURES, "variables": {"duration": 36500}})
    refused = http.post("/public", json={"query": FIGURES, "variables": {}}).get_json()
    counted = counted.get_json()

    assert "errors" not in counted
    assert all(isinstance(n, int) for n in counted["data"].values())
    assert counted["data"]["newlyCreatedBoxNumbers"] > 0
    assert {e["message"] for e in refused["errors"]} == {"Insufficient arguments"}


def test_the_public_standard_products_need_no_token(client):
    answer = client.http.post(
        "/public", json={"query": "{ standardProducts { id name categoryName version } }"}
    ).get_json()

    assert "errors" not in answer and answer["data"]["standardProducts"]


def test_gunicorns_default_app_serves_the_public_service_beside_the_web_apps_api(
    writable_demo_db, keys
):
    """`gunicorn -c gunicorn.conf.py`, as deployed (production) and on a laptop."""
    insert_link(writable_demo_db, "served-by-gunicorn", "2031-01-01 00:00:00")
    body = json.dumps({"query": RESOLVE, "variables": {"code": "served-by-gunicorn"}}).encode()
    headers = {"Content-Type": "application/json"}

    with gunicorn_for(writable_demo_db, keys, workers=1, ENVIRONMENT="production") as server:
        status, answer = server.request("POST", "/public", body, headers)
        graphql_status = server.request("POST", "/graphql", b"{}", headers)[0]

    assert status == 200
    assert json.loads(answer)["data"]["resolveLink"]["baseName"] == "Lesvos"
    assert graphql_status == 401  # served, and asks for a token


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


# --- CORS: the public service's own origins ----------------------------------------------


def preflight(http, path: str, origin: str):
    return http.options(
        path,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )


@pytest.mark.parametrize("environment", ["test", "production"])
def test_the_statistics_frontend_may_call_the_public_service_cross_origin(
    demo_db, keys, environment
):
    http = create_app(settings_for(demo_db, keys, ENVIRONMENT=environment)).test_client()

    for origin in DEFAULT_PUBLIC_CORS_ORIGINS:
        response = preflight(http, "/public", origin)
        assert response.headers.get("Access-Control-Allow-Origin") == origin


def test_the_web_apps_origins_and_the_public_ones_are_kept_apart(demo_db, keys):
    settings = settings_for(
        demo_db,
        keys,
        CORS_ORIGINS="https://v2.example.org",
        PUBLIC_CORS_ORIGINS="https://shared.example.org",
    )
    http = create_app(settings).test_client()

    allowed = {
        (path, origin): preflight(http, path, origin).headers.get("Access-Control-Allow-Origin")
        for path in ("/public", "/graphql")
        for origin in ("https://v2.example.org", "https://shared.example.org")
    }

    assert allowed == {
        ("/public", "https://v2.example.org"): None,
        ("/public", "https://shared.example.org"): "https://shared.example.org",
        ("/graphql", "https://v2.example.org"): "https://v2.example.org",
        ("/graphql", "https://shared.example.org"): None,
    }
