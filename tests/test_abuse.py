"""Abusive and careless requests against real gunicorn in production mode, one gevent
worker: each is refused before it runs (or answered as the client's error) with a
JSON answer, never a 5xx, within seconds; the worker survives all of them; and the
log holds no traceback. The issue's table first, then OWASP's GraphQL cheat sheet
and more of our own.
"""

from __future__ import annotations

import json
import time

import jwt
import pytest
from abuse import ANSWER_WITHIN, BYSTANDER, nested_locations, send

from support.client import gunicorn_for
from support.users import COORDINATOR, GOD

PRODUCTION = dict(ENVIRONMENT="production", REQUEST_TIME_BUDGET="3")
LIMIT = "QUERY_LIMIT_EXCEEDED"


@pytest.fixture(scope="module")
def server(demo_db, keys):
    with gunicorn_for(demo_db, keys, workers=1, **PRODUCTION) as server:
        server.first_worker = server.worker_pids()
        yield server
        assert server.worker_pids() == server.first_worker, "the worker was replaced"
    assert "WORKER TIMEOUT" not in server.output


@pytest.fixture
def token(client):
    return client.token(**COORDINATOR)


def query(text: str, **variables) -> dict:
    return {"query": text, "variables": variables} if variables else {"query": text}


def deep_json(depth: int) -> bytes:
    return b'{"query": "{ __typename }", "variables": {"x": ' + b"[" * depth + b"]" * depth + b"}}"


def nested_variables(depth: int) -> dict:
    value: dict = {}
    for _ in range(depth):
        value = {"a": value}
    document = "query($f: FilterBoxInput) { boxes(baseId: 1, filterInput: $f) { totalCount } }"
    return query(document, f=value)


# name -> (request body, expected HTTP status, expected code of the first error)
REFUSED = {
    # The table.
    "locations nested 10 levels": (query(nested_locations(10)), 400, LIMIT),
    "locations nested 15 levels": (query(nested_locations(15)), 400, LIMIT),
    "one field 9,000 times": (query("{ " + "__typename " * 9000 + "}"), 400, LIMIT),
    "10,000 aliases": (
        query("{ " + " ".join(f"a{i}: base(id: 1) {{ name }}" for i in range(10000)) + " }"),
        400,
        LIMIT,
    ),
    "1,000 aliased pages of 50 boxes": (
        query(
            "{ "
            + " ".join(
                f"p{i}: boxes(baseId: 1, paginationInput: {{first: 50}}) {{ elements {{ id }} }}"
                for i in range(1000)
            )
            + " }"
        ),
        400,
        LIMIT,
    ),
    "selections 1,000 deep": (
        query("{ " + "base(id: 1) { " * 1000 + "name" + " }" * 1000 + " }"),
        400,
        LIMIT,
    ),
    "introspection": (query("{ __schema { types { name } } }"), 400, None),
    "introspection of a type": (query('{ __type(name: "Box") { fields { name } } }'), 400, None),
    "JSON nested 100,000 deep": (deep_json(100_000), 400, LIMIT),
    "variables nested 100 deep": (nested_variables(100), 400, LIMIT),
    # More of the same kind, within the size limits.
    "4,000 fields, compact": (query("{ " + "__typename " * 4000 + "}"), 400, LIMIT),
    "150 aliases, compact": (
        query("{ " + " ".join(f"a{i}: __typename" for i in range(150)) + " }"),
        400,
        LIMIT,
    ),
    "5,000 tokens": (query("{ base(id: 1) { " + "name " * 5000 + "} }"), 400, LIMIT),
    "a page of 10,000,000 boxes in each of 20 locations": (
        query(
            "{ base(id: 1) { locations { ... on ClassicLocation { "
            "boxes(paginationInput: {first: 10000000}) { elements { id } } } } } }"
        ),
        400,
        LIMIT,
    ),
    "the page size in a variable": (
        query(
            "query($n: Int) { p: boxes(baseId: 1, paginationInput: {first: $n}) "
            "{ elements { tags { id name } history { id changes } } } }",
            n=2**31 - 1,
        ),
        400,
        LIMIT,
    ),
    # OWASP: batching, directives, fragments, long inputs.
    "a batch of 1,000 operations in a JSON array": (
        json.dumps([{"query": "{ __typename }"}] * 1000).encode(),
        400,
        None,
    ),
    "a directive repeated 2,000 times": (
        query("{ __typename " + "@include(if: true) " * 2000 + "}"),
        400,
        LIMIT,
    ),
    "fragments spreading each other": (
        query("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }"),
        400,
        None,
    ),
    "a chain of 300 fragments": (
        query(
            "{ ...F0 } "
            + " ".join(f"fragment F{i} on Query {{ ...F{i + 1} }}" for i in range(300))
            + " fragment F300 on Query { __typename }"
        ),
        400,
        LIMIT,
    ),
    "fragments doubling 30 times": (
        query(
            "{ ...F0 } "
            + " ".join(f"fragment F{i} on Query {{ ...F{i + 1} ...F{i + 1} }}" for i in range(30))
            + " fragment F30 on Query { __typename }"
        ),
        400,
        LIMIT,
    ),
    "a query of 60,000 characters of comments": (
        query("# " + "x" * 60_000 + "\n{ __typename }"),
        400,
        LIMIT,
    ),
    "a body of 2 MB": (query("{ __typename }", padding="x" * 2_000_000), 400, LIMIT),
    "not JSON": (b"{'query': '{ __typename }'", 400, None),
    "not UTF-8": (b'{"query": "{ \xff\xfe }"}', 400, None),
    "no query": (b"{}", 400, None),
    "a query that is a number": (query(5), 400, None),  # type: ignore[arg-type]
    "variables that are a list": (b'{"query": "{ __typename }", "variables": [1]}', 400, None),
    "a syntax error": (query("{ base(id: 1) { name }"), 400, None),
    "an unknown operation name": (
        {"query": "query A { __typename }", "operationName": "B"},
        200,  # as the original: data null, the error in "errors"
        None,
    ),
    "a subscription": (query("subscription { __typename }"), 400, None),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_abusive_requests_are_refused_quickly_with_a_clear_json_error(server, token, name):
    body, status, code = REFUSED[name]

    answer = send(server, body, token)

    assert answer.status == status, answer.body
    assert "data" not in answer.body or answer.body["data"] is None
    assert answer.body["errors"][0]["message"]
    assert answer.codes()[0] == code, answer.body
    assert answer.seconds < 1.0


# name -> (request, path of the error, its message starts with)
CLIENTS_ERRORS = {
    "an id that is no number": (query('{ base(id: "abc") { name } }'), ["base"], "'abc' is not"),
    "an id variable that is no number": (
        query("query($id: ID!) { base(id: $id) { name } }", id="1; DROP TABLE stock"),
        ["base"],
        "'1; DROP TABLE stock' is not a valid id",
    ),
    "an id of a megabyte": (
        query("query($id: ID!) { base(id: $id) { name } }", id="7" * 900_000),
        ["base"],
        "'7777",
    ),
    "a cursor that is not base64": (
        query('{ boxes(baseId: 1, paginationInput: {after: "!!notbase64"}) { totalCount } }'),
        ["boxes"],
        "'!!notbase64' is not a valid cursor",
    ),
    "last: null": (
        query("{ boxes(baseId: 1, paginationInput: {last: null}) { totalCount } }"),
        ["boxes"],
        "An unknown error occurred.",  # as the original: BAD_USER_INPUT, no message
    ),
    "a negative page size": (
        query("{ boxes(baseId: 1, paginationInput: {first: -5}) { totalCount } }"),
        ["boxes"],
        "'first' must not be negative",
    ),
    "createBox(creationInput: null)": (
        query("mutation { createBox(creationInput: null) { id } }"),
        ["createBox"],
        "The argument 'creationInput' is required",
    ),
    "an id of a mutation": (
        query('mutation { deleteProduct(id: "x") { __typename } }'),
        ["deleteProduct"],
        "'x' is not a valid id",
    ),
}


@pytest.mark.parametrize("name", list(CLIENTS_ERRORS))
def test_bad_input_is_the_clients_error_at_the_fields_path(server, token, name):
    body, path, message = CLIENTS_ERRORS[name]

    answer = send(server, body, token)

    assert answer.status == 200
    (error,) = answer.body["errors"]
    assert error["path"] == path
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith(message)


def test_production_answers_without_suggestions_tracebacks_or_sql(server, token):
    unknown_field = send(server, query("{ bse(id: 1) { name } }"), token)
    unknown_enum = send(
        server,
        query(
            "query($f: FilterBoxInput) { boxes(baseId: 1, filterInput: $f) { totalCount } }",
            f={"states": ["Instok"]},
        ),
        token,
    )
    graphiql = send(server, b"", method="GET")

    assert unknown_field.status == 400
    assert unknown_enum.status == 200 and unknown_enum.body["data"] is None  # as the original
    for answer in (unknown_field, unknown_enum):
        assert "Did you mean" not in json.dumps(answer.body)
    assert graphiql.status == 400
    assert "Traceback" not in server.log() and "SELECT" not in server.log()


def claims_token(client, **overrides) -> str:
    claims = {
        "https://www.boxtribute.com/roles": ["base_1_coordinator"],
        "https://www.boxtribute.com/permissions": ["base_1/base:read"],
        "https://www.boxtribute.com/base_ids": [1],
        "https://www.boxtribute.com/organisation_id": 1,
        "sub": "auth0|8",
        **overrides,
    }
    return client.token(claims)


BAD_TOKENS = {
    "garbage": lambda client: "garbage",
    "three dots": lambda client: "a.b.c",
    "unsigned (alg none)": lambda client: jwt.encode(
        {"sub": "auth0|1"}, key=None, algorithm="none"
    ),
    "signed with the public key as HMAC secret": lambda client: jwt.encode(
        {"sub": "auth0|1"}, client.keys.public_pem.encode()[:64], algorithm="HS256"
    ),
    "expired": lambda client: claims_token(client, exp=int(time.time()) - 60),
    "permissions a number": lambda client: claims_token(
        client, **{"https://www.boxtribute.com/permissions": 5}
    ),
    "roles a string": lambda client: claims_token(
        client, **{"https://www.boxtribute.com/roles": "boxtribute_god"}
    ),
    "base ids of text": lambda client: claims_token(
        client, **{"https://www.boxtribute.com/base_ids": ["one"]}
    ),
    "subject no number": lambda client: claims_token(client, sub="auth0|admin"),
    "organisation an object": lambda client: claims_token(
        client, **{"https://www.boxtribute.com/organisation_id": {"id": 1}}
    ),
    "claims missing": lambda client: claims_token(
        client, **{"https://www.boxtribute.com/roles": None}
    ),
}


@pytest.mark.parametrize("name", list(BAD_TOKENS))
def test_bad_tokens_are_401s(server, client, name):
    answer = send(server, BYSTANDER, BAD_TOKENS[name](client))

    assert answer.status == 401, answer.body
    assert answer.body["code"] in (
        "invalid_claims",
        "invalid_header",
        "token_expired",
        "missing_claims",
    )


def test_no_token_and_other_methods_and_paths_answer_json(server):
    assert send(server, BYSTANDER).status == 401
    assert send(server, BYSTANDER, headers={"Authorization": "Basic x"}).status == 401
    assert send(server, b"", method="PUT").status == 405
    assert send(server, b"", path="/nothing").status == 404


def test_the_worker_answers_normally_after_all_of_it(server, client, token):
    answer = send(server, query("{ base(id: 1) { name } boxes(baseId: 1) { totalCount } }"), token)
    god = send(server, query("{ bases { id } }"), client.token(**GOD))

    assert answer.status == 200 and "errors" not in answer.body
    assert god.status == 200 and god.body["data"]["bases"]
    assert answer.seconds < ANSWER_WITHIN
