"""Shared fixtures: real MariaDB databases, the app, signed tokens, a GraphQL client.

Two databases per test session:
* `seed_db`: the original's development dump from ../shared/reference (comparison
  tests against the original's recorded answers). Skipped when ../shared is absent.
* `demo_db`: an empty schema created from our models, filled by our own demo-data
  generator. Always available.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pymysql
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from boxtribute_api.app import create_app
from boxtribute_api.cli.dev_token.signing import mint_token
from boxtribute_api.config import Settings
from boxtribute_api.db.routing import configure_databases

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "reference"
EXPECTED_SAMPLES = REFERENCE / "expected-sample"
MYSQL = dict(
    host=os.environ.get("TEST_MYSQL_HOST", "127.0.0.1"),
    port=int(os.environ.get("TEST_MYSQL_PORT", "3306")),
    user=os.environ.get("TEST_MYSQL_USER", "root"),
    password=os.environ.get("TEST_MYSQL_PASSWORD", ""),
)
RUN_ID = uuid.uuid4().hex[:8]


# Claims of the god user of the demo world (client.token(**GOD)).
GOD = dict(role="god", organisation_id=None, base_ids=[], user_id=1)


def error_codes(response: dict) -> list[tuple]:
    """(path, extensions.code) of each error: how answers are compared with errors."""
    return [
        (tuple(e.get("path") or ()), (e.get("extensions") or {}).get("code"))
        for e in response.get("errors", [])
    ]


def codes(response: dict) -> list[str]:
    """extensions.code of each error."""
    return [code for _, code in error_codes(response)]


def requires_reference():
    if not REFERENCE.is_dir():
        pytest.skip("../shared/reference is absent: comparison with the original skipped")


def frontend_operation(name: str) -> dict:
    requires_reference()
    operations = json.loads((REFERENCE / "frontend-operations.json").read_text())
    return next(op for op in operations if op["name"] == name)


def admin_connection(database: str | None = None):
    return pymysql.connect(**MYSQL, database=database, autocommit=True)


def create_database(name: str) -> None:
    with admin_connection() as conn, conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")


def drop_database(name: str) -> None:
    with admin_connection() as conn, conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")


def load_sql_file(database: str, path: Path) -> None:
    command = ["mysql", f"-h{MYSQL['host']}", f"-P{MYSQL['port']}", f"-u{MYSQL['user']}"]
    if MYSQL["password"]:
        command.append(f"-p{MYSQL['password']}")
    with path.open("rb") as sql:
        subprocess.run([*command, database], stdin=sql, check=True)


@dataclass
class Keys:
    private_pem: str
    public_pem: str


@pytest.fixture(scope="session")
def keys() -> Keys:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public_pem = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return Keys(private_pem, public_pem)


def app_env(database: str, keys: Keys, **extra) -> dict[str, str]:
    """The environment variables a deployment of the app on `database` sets."""
    return {
        "MYSQL_DB": database,
        "MYSQL_HOST": MYSQL["host"],
        "MYSQL_PORT": str(MYSQL["port"]),
        "MYSQL_USER": MYSQL["user"],
        "MYSQL_PASSWORD": MYSQL["password"],
        "AUTH0_DOMAIN": "boxtribute-local.test",
        "AUTH0_AUDIENCE": "boxtribute-local-api",
        "AUTH0_PUBLIC_KEY": keys.public_pem,
        "ENVIRONMENT": "test",
        **extra,
    }


def settings_for(database: str, keys: Keys, **extra) -> Settings:
    return Settings.from_env(app_env(database, keys, **extra))


@contextmanager
def gunicorn_for(
    database_name: str, keys: Keys, *, workers: int, tracebacks_expected=False, **extra_env
):
    """Real gunicorn (gunicorn.conf.py, gevent workers) on a test database, configured
    by environment only, as a deployment is. Fails if a worker logged a traceback,
    unless the test provokes an unexpected error on purpose."""
    from profiling.harness import GunicornServer

    env = app_env(database_name, keys, **extra_env)
    with GunicornServer(env, workers=workers, worker_class="gevent") as server:
        yield server
    assert tracebacks_expected or "Traceback" not in server.output, server.output


@pytest.fixture(scope="session")
def seed_db() -> str:
    """The original's development dump, loaded once per session."""
    requires_reference()
    name = f"boxtribute_test_seed_{RUN_ID}"
    create_database(name)
    load_sql_file(name, REFERENCE / "dropapp-dev-seed.sql")
    yield name
    drop_database(name)


@pytest.fixture(scope="session")
def demo_db() -> str:
    """Our own schema and demo world, generated once per session."""
    from boxtribute_api.demo_world.writer import generate_demo_database

    name = f"boxtribute_test_demo_{RUN_ID}"
    create_database(name)
    generate_demo_database(settings_for(name, Keys("", "")), boxes_in_main_base=300)
    yield name
    drop_database(name)


class GraphQLClient:
    """Posts GraphQL requests to the app the way the frontend does."""

    def __init__(self, app, keys: Keys, settings: Settings):
        self.app = app
        self.http = app.test_client()
        self.keys = keys
        self.settings = settings

    def activate(self) -> GraphQLClient:
        # Models are bound through one process-wide routing proxy: point it at this
        # client's database before each test.
        configure_databases(self.settings)
        return self

    def token(self, claims: dict | None = None, **user) -> str:
        """A signed token: exact `claims` (e.g. from a recorded sample), or a demo user
        described by role/organisation_id/base_ids/user_id."""
        if claims is not None:
            return mint_token(
                claims, private_key=self.keys.private_pem, settings=self.settings, expires_in=3600
            )
        return mint_token(private_key=self.keys.private_pem, settings=self.settings, **user)

    def post(self, body, *, token: str | None = None, headers: dict | None = None):
        headers = dict(headers or {})
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if isinstance(body, dict | list):
            return self.http.post("/graphql", json=body, headers=headers)
        return self.http.post(
            "/graphql", data=body, headers={**headers, "Content-Type": "application/json"}
        )

    def execute(self, query: str, variables: dict | None = None, *, token=None, **user) -> dict:
        """Run a document and return the whole JSON response (data and errors)."""
        token = token or self.token(**user)
        body = {"query": query}
        if variables is not None:
            body["variables"] = variables
        response = self.post(body, token=token)
        assert response.status_code in (200, 400), response.data
        return response.get_json()

    def data(self, query: str, variables: dict | None = None, **kwargs) -> dict:
        """Run a document that must succeed; return its data."""
        result = self.execute(query, variables, **kwargs)
        assert "errors" not in result, result["errors"]
        return result["data"]


@pytest.fixture(scope="module")
def writable_demo_db() -> str:
    """A demo database of the test module's own, for tests that write."""
    from boxtribute_api.demo_world.writer import generate_demo_database

    name = f"boxtribute_test_writable_{RUN_ID}"
    create_database(name)
    generate_demo_database(settings_for(name, Keys("", "")), boxes_in_main_base=100)
    yield name
    drop_database(name)


# The comparison tests against the original run twice: with the fast paths that rely
# on libraries' private internals (tests/test_private_internals.py), and with each of
# them switched off by its setting (config.py), as a deployment may have to.
WITHOUT_FAST_PATHS = {
    "GRAPHQL_EXECUTOR": "plain",
    "MYSQL_ROW_READER": "pymysql",
    "PREPARED_SELECTS": "off",
}
EXECUTION_MODES = {"fast-paths": {}, "no-fast-paths": WITHOUT_FAST_PATHS}


@pytest.fixture(scope="module", params=list(EXECUTION_MODES))
def writable_seed_db(request) -> str:
    """The original's dev seed, loaded afresh for the test module (and execution
    mode), for tests that compare the rows a mutation leaves with what the original
    leaves."""
    requires_reference()
    name = f"boxtribute_test_writable_seed_{RUN_ID}_{request.param.replace('-', '_')}"
    create_database(name)
    load_sql_file(name, REFERENCE / "dropapp-dev-seed.sql")
    yield name
    drop_database(name)


@pytest.fixture
def writable_client(writable_demo_db, keys) -> GraphQLClient:
    """Like `client`, on a demo database that this test module may change."""
    settings = settings_for(writable_demo_db, keys)
    return GraphQLClient(create_app(settings), keys, settings).activate()


@pytest.fixture
def writable_seed_client(writable_seed_db, keys, request) -> GraphQLClient:
    mode = request.node.callspec.params["writable_seed_db"]
    settings = settings_for(writable_seed_db, keys, **EXECUTION_MODES[mode])
    return GraphQLClient(create_app(settings), keys, settings).activate()


@pytest.fixture(scope="session", params=list(EXECUTION_MODES))
def _seed_app(seed_db, keys, request):
    settings = settings_for(seed_db, keys, **EXECUTION_MODES[request.param])
    return create_app(settings), settings


@pytest.fixture(scope="session")
def _demo_app(demo_db, keys):
    settings = settings_for(demo_db, keys)
    return create_app(settings), settings


@pytest.fixture
def seed_client(_seed_app, keys) -> GraphQLClient:
    app, settings = _seed_app
    return GraphQLClient(app, keys, settings).activate()


@pytest.fixture
def client(_demo_app, keys) -> GraphQLClient:
    """The client for behaviour tests: our schema, our demo world."""
    app, settings = _demo_app
    return GraphQLClient(app, keys, settings).activate()
