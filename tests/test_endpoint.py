"""The HTTP face of /graphql: tokens, bodies, status codes, GraphiQL, CORS, health.

Bad input gets a 4xx or a GraphQL error with a clear message, never a 500.
"""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from support.users import COORDINATOR

QUERY = "query { bases { id name } }"


def unsigned_token(claims: dict) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def coordinator_claims(client) -> dict:
    token = client.token(**COORDINATOR)
    return jwt.decode(token, options={"verify_signature": False})


def sign(client, claims: dict) -> str:
    """Sign exactly these claims with the test key (mint_token would refresh exp)."""
    key = serialization.load_pem_private_key(client.keys.private_pem.encode(), None)
    return jwt.encode(claims, key, algorithm="RS256")


def test_a_valid_token_gets_data(client):
    assert client.data(QUERY, **COORDINATOR)


@pytest.mark.parametrize(
    "authorization, code",
    [
        (None, "authorization_header_missing"),
        ("Basic abc", "invalid_header"),
        ("Bearer", "invalid_header"),
        ("Bearer a b", "invalid_header"),
        ("Bearer not-a-jwt", "invalid_claims"),
    ],
)
def test_a_missing_or_malformed_authorization_header_is_401_with_a_json_reason(
    client, authorization, code
):
    headers = {"Authorization": authorization} if authorization else {}
    response = client.post({"query": QUERY}, headers=headers)

    assert response.status_code == 401
    assert response.get_json()["code"] == code


def test_an_expired_token_is_401(client):
    claims = coordinator_claims(client)
    claims["exp"] = int(time.time()) - 60
    expired = sign(client, claims)

    response = client.post({"query": QUERY}, token=expired)

    assert response.status_code == 401
    assert response.get_json()["code"] == "token_expired"


def test_a_token_signed_with_another_key_is_401(client):
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(coordinator_claims(client), other_key, algorithm="RS256")

    response = client.post({"query": QUERY}, token=forged)

    assert response.status_code == 401


def test_an_unsigned_alg_none_token_is_401(client):
    response = client.post({"query": QUERY}, token=unsigned_token(coordinator_claims(client)))

    assert response.status_code == 401


def test_a_token_for_another_audience_is_401(client):
    forged = sign(client, coordinator_claims(client) | {"aud": "someone-else"})

    assert client.post({"query": QUERY}, token=forged).status_code == 401


def test_a_body_that_is_not_json_is_400_with_a_message(client):
    response = client.post(b"{not json", token=client.token())

    assert response.status_code == 400
    assert response.get_json()["errors"][0]["message"]


@pytest.mark.parametrize("body", [{}, {"variables": {}}, [], {"query": 42}])
def test_a_body_without_a_query_string_is_400_with_a_message(client, body):
    response = client.post(body, token=client.token())

    assert response.status_code == 400
    assert response.get_json()["errors"][0]["message"]


def test_a_syntax_error_is_400_with_its_location(client):
    response = client.post({"query": "query { bases { id "}, token=client.token())

    assert response.status_code == 400
    error = response.get_json()["errors"][0]
    assert "Syntax Error" in error["message"]
    assert error["locations"]


def test_a_field_that_does_not_exist_is_400(client):
    response = client.post({"query": "query { boxez { id } }"}, token=client.token())

    assert response.status_code == 400
    assert "boxez" in response.get_json()["errors"][0]["message"]


def test_an_unknown_operation_name_is_reported_not_crashed(client):
    response = client.post({"query": QUERY, "operationName": "Nope"}, token=client.token())

    assert response.status_code in (200, 400)
    assert "Unknown operation named 'Nope'" in response.get_json()["errors"][0]["message"]


def test_a_variable_of_the_wrong_type_is_a_graphql_error(client):
    query = "query ($id: ID!) { base(id: $id) { id } }"
    response = client.post({"query": query, "variables": {"id": {"x": 1}}}, token=client.token())

    assert response.status_code in (200, 400)
    assert "$id" in response.get_json()["errors"][0]["message"]


def test_graphiql_is_served_on_get_in_development(client):
    response = client.http.get("/graphql")

    assert response.status_code == 200
    assert b"<html" in response.data.lower()


def test_the_frontend_origin_may_call_the_api_cross_origin(client):
    response = client.http.options(
        "/graphql",
        headers={
            "Origin": "http://localhost:3000",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type",
        },
    )

    assert response.headers["Access-Control-Allow-Origin"] == "http://localhost:3000"


def test_health_reports_the_pool(client):
    body = client.http.get("/health").get_json()

    assert body["status"] == "ok"
    assert body["pool"]["primary"]["in_use"] == 0
