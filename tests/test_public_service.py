"""The public service (POST /public, the original's "shared" service): its own
small schema, answered without a token (resolveLink, the public standard products
and figures; nothing of the app's), GraphiQL on GET, its own CORS origins, and
served by gunicorn's default app beside the web app's API.

Resolving links: tests/test_public_links.py.
"""

from __future__ import annotations

import json

import pytest

from boxtribute_api.api.schema import build_public_schema, build_schema, unbuilt_fields
from boxtribute_api.app import create_app
from boxtribute_api.config import DEFAULT_PUBLIC_CORS_ORIGINS
from boxtribute_api.domains import DOMAIN_PACKAGES
from support.client import gunicorn_for, settings_for
from support.links import RESOLVE, insert_link
from support.users import GOD

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
