"""One code base, several deployable services: each entry point serves its routes only.

- the web app's API: POST /graphql (beta levels checked), GraphiQL in development;
- the partners' query API: POST / (no mutations), GraphiQL and introspection on;
- the public service for shared links: POST /public without token (the public
  schema, tests/test_public_service.py);
- `gunicorn -c gunicorn.conf.py` (wsgi:app): the web app's API and the public
  service, and in development every service, as the original's development entry
  point.
Cross-origin callers may send the headers the web app sends (its tracing headers
included): any header in development, a configurable list otherwise.
"""

from __future__ import annotations

import importlib

import pytest

from boxtribute_api.api.execution import READ_ONLY_MESSAGE
from boxtribute_api.app import create_app
from support.client import GraphQLClient, environment_for, settings_for
from support.users import GOD

BASES = "query { bases { id name } }"
MUTATION = 'mutation { createTag(creationInput: {name: "x", color: "#fff", type: All, baseId: 1}) { __typename } }'  # noqa: E501


@pytest.fixture
def production_client(demo_db, keys) -> GraphQLClient:
    settings = settings_for(demo_db, keys, ENVIRONMENT="production")
    return GraphQLClient(create_app(settings), keys, settings).activate()


def test_the_query_api_answers_queries_as_the_web_app_does(client):
    token = client.token(**GOD)
    via_webapp = client.post({"query": BASES}, token=token).get_json()

    via_query_api = client.http.post(
        "/", json={"query": BASES}, headers={"Authorization": f"Bearer {token}"}
    )

    assert via_query_api.status_code == 200
    assert via_query_api.get_json() == via_webapp


def test_the_query_api_refuses_mutations_with_a_clear_error(client):
    response = client.http.post(
        "/", json={"query": MUTATION}, headers={"Authorization": f"Bearer {client.token(**GOD)}"}
    )

    assert response.status_code == 400
    assert response.get_json()["errors"][0]["message"] == READ_ONLY_MESSAGE


def test_the_query_api_requires_a_token(client):
    assert client.http.post("/", json={"query": BASES}).status_code == 401


def test_the_query_api_serves_graphiql(client):
    assert b"<html" in client.http.get("/").data.lower()


def test_in_production_the_default_app_serves_the_web_app_api_and_the_public_service(
    production_client,
):
    token = production_client.token(**GOD)
    public = production_client.http.post("/public", json={"query": "{ standardProducts { id } }"})

    assert production_client.post({"query": BASES}, token=token).status_code == 200
    assert public.status_code == 200 and public.get_json()["data"]["standardProducts"]
    assert production_client.http.post("/", json={"query": BASES}).status_code == 404
    assert production_client.http.get("/graphql").status_code == 400  # no GraphiQL


@pytest.mark.parametrize(
    "entry_point, served, not_served",
    [
        ("webapp", "/graphql", "/"),
        ("query_api", "/", "/graphql"),
        ("public", "/public", "/graphql"),
    ],
)
def test_each_entry_point_serves_only_its_routes(
    demo_db, keys, monkeypatch, entry_point, served, not_served
):
    for name, value in environment_for(demo_db, keys).items():
        monkeypatch.setenv(name, value)
    wsgi = importlib.reload(importlib.import_module("boxtribute_api.wsgi"))

    routes = {rule.rule for rule in getattr(wsgi, entry_point).url_map.iter_rules()}

    assert served in routes and not_served not in routes
    assert "/health" in routes


@pytest.mark.parametrize("environment", ["test", "production"])
def test_the_web_app_may_send_its_tracing_headers_cross_origin(demo_db, keys, environment):
    settings = settings_for(demo_db, keys, ENVIRONMENT=environment)
    http = create_app(settings).test_client()

    response = http.options(
        "/graphql",
        headers={
            "Origin": "http://localhost:3000",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type,traceparent",
        },
    )

    assert response.headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
    allowed = response.headers["Access-Control-Allow-Headers"].lower()
    assert "traceparent" in allowed and "authorization" in allowed


def test_outside_development_only_the_configured_headers_are_allowed(demo_db, keys):
    settings = settings_for(
        demo_db, keys, ENVIRONMENT="production", CORS_ALLOW_HEADERS="Authorization,Content-Type"
    )
    http = create_app(settings).test_client()

    response = http.options(
        "/graphql",
        headers={
            "Origin": "http://localhost:3000",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,x-secret",
        },
    )

    assert "x-secret" not in response.headers.get("Access-Control-Allow-Headers", "").lower()
