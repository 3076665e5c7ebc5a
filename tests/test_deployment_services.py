"""What a deployment needs besides GraphQL: scheduled jobs, the query API's /token,
health checks, error monitoring, and an App Engine layout whose entry points import.

Auth0 and Sentry cannot be reached from here: each is played by a small local HTTP
server; nothing else is faked.
"""

from __future__ import annotations

import gzip
import importlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from boxtribute_api.app import SERVICES, create_app
from boxtribute_api.cli.dev_token.signing import mint_token
from boxtribute_api.db.routing import connection_scope
from boxtribute_api.user.models import User
from support.client import GraphQLClient, gunicorn_for, settings_for
from support.database import admin_connection, create_database, drop_database
from support.reference import REPO

CRON = {"X-Appengine-Cron": "true"}


@contextmanager
def local_http_server(handle) -> Iterator[tuple[str, list]]:
    """A local HTTP server answering POSTs with `handle(path, body) -> (status, dict)`;
    yields its base URL and the requests it received."""
    received: list[tuple[str, bytes]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            received.append((self.path, body))
            status, answer = handle(self.path, body)
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *_):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


# --- scheduled jobs ---------------------------------------------------------------------------


def test_a_job_without_app_engines_cron_header_is_401(writable_client):
    response = writable_client.http.get("/cron/housekeeping")

    assert response.status_code == 401
    assert response.get_json() == {"message": "unauthorized"}


def test_an_unknown_job_is_400(writable_client):
    response = writable_client.http.get("/cron/nope", headers=CRON)

    assert response.status_code == 400
    assert response.get_json() == {"message": "unknown job 'nope'"}


def test_reseeding_is_refused_outside_the_dev_staging_and_demo_databases(writable_client):
    name = writable_client.settings.database.name

    response = writable_client.http.get("/cron/reseed-db", headers=CRON)

    assert response.status_code == 400
    assert response.get_json() == {"message": f"Reset of '{name}' not permitted"}


# Recorded from the original's /cron/housekeeping on the dev seed with these addresses:
# its regular expression matches case-insensitively, but SUBSTRING_INDEX cuts at the
# second '.deleted.' case-sensitively, and only changed rows are counted.
HOUSEKEEPING = {
    "a@x.org.deleted.5.deleted.7": "a@x.org.deleted.5",
    "B@X.ORG.DELETED.5.DELETED.7": "B@X.ORG.DELETED.5.DELETED.7",
    "c@x.org.deleted.1.deleted.2.deleted.3": "c@x.org.deleted.1",
    "d@x.org.deleted.5.deleted.": "d@x.org.deleted.5.deleted.",
    "e@x.org.deleted.5.Deleted.7": "e@x.org.deleted.5.Deleted.7",
    "f.deleted.9@x.org.deleted.5.deleted.7": "f.deleted.9@x.org",
}


def test_housekeeping_cuts_repeated_deletion_suffixes_as_the_original(writable_client):
    user_ids = range(1, 1 + len(HOUSEKEEPING))
    with connection_scope():
        for user_id, email in zip(user_ids, HOUSEKEEPING, strict=True):
            User.update(email=email).where(User.id == user_id).execute()

    response = writable_client.http.get("/cron/housekeeping", headers=CRON)

    assert response.status_code == 200
    assert response.get_json() == {"message": "cleaned up 3 email addresses"}
    with connection_scope():
        emails = dict(User.select(User.id, User.email).where(User.id.in_(list(user_ids))).tuples())
    assert [emails[user_id] for user_id in user_ids] == list(HOUSEKEEPING.values())


def test_reseeding_a_demo_database_loads_the_demo_world_afresh(keys):
    settings = settings_for("dropapp_demo", keys)
    create_database("dropapp_demo")
    try:
        http = create_app(settings).test_client()
        response = http.get("/cron/reseed-db", headers=CRON)
        assert response.status_code == 200
        assert response.get_json() == {"message": "reseed-db job executed"}
        again = http.get("/cron/reseed-db", headers=CRON)  # over the world it just wrote
        assert again.status_code == 200
        client = GraphQLClient(create_app(settings), keys, settings).activate()
        assert client.data("{ bases { id } }", role="god", organisation_id=None, base_ids=[])
    finally:
        drop_database("dropapp_demo")


# --- the query API's /token -----------------------------------------------------------------


def auth0_token_endpoint(path: str, body: bytes):
    request = json.loads(body)
    if path != "/oauth/token" or request["grant_type"] != "password":
        return 404, {"error": "not_found"}
    if (request["username"], request["password"]) == ("partner@example.org", "right"):
        return 200, {"access_token": "a-token", "token_type": "Bearer", "expires_in": 86400}
    return 403, {"error": "invalid_grant", "error_description": "Wrong email or password."}


@pytest.fixture
def token_client(demo_db, keys):
    with local_http_server(auth0_token_endpoint) as (url, received):
        settings = settings_for(
            demo_db,
            keys,
            AUTH0_URL=url,
            AUTH0_CLIENT_ID="client",
            AUTH0_CLIENT_SECRET="secret",
        )
        yield create_app(settings, services=["query_api"]).test_client(), received


def test_token_exchanges_a_username_and_password_at_auth0(token_client):
    http, received = token_client

    response = http.post("/token", json={"username": "partner@example.org", "password": "right"})

    assert response.status_code == 200
    assert response.get_json()["access_token"] == "a-token"
    sent = json.loads(received[0][1])
    assert sent["client_id"] == "client" and sent["client_secret"] == "secret"
    assert sent["audience"] == "boxtribute-local-api"


def test_token_answers_auth0s_refusal_with_400(token_client):
    http, _ = token_client

    response = http.post("/token", json={"username": "partner@example.org", "password": "wrong"})

    assert response.status_code == 400
    assert response.get_json()["error"] == "invalid_grant"


@pytest.mark.parametrize("body", [{"username": "x"}, {"password": "y"}, ["x"], "no json"])
def test_token_needs_a_username_and_a_password(token_client, body):
    http, received = token_client

    response = http.post("/token", json=body)

    assert response.status_code == 400
    assert received == []


def test_token_is_refused_clearly_where_no_auth0_client_is_configured(demo_db, keys):
    http = create_app(settings_for(demo_db, keys), services=["query_api"]).test_client()

    response = http.post("/token", json={"username": "a", "password": "b"})

    assert response.status_code == 503


# --- health -------------------------------------------------------------------------------------


def test_health_answers_ok_when_the_database_answers(client):
    response = client.http.get("/health")

    assert response.status_code == 200
    assert response.get_json()["status"] == "ok"


def test_health_is_503_within_its_bound_when_the_database_is_unreachable(demo_db, keys):
    settings = settings_for(demo_db, keys, MYSQL_PORT="1")  # nothing listens there
    http = create_app(settings).test_client()

    response = http.get("/health")

    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}  # no host, port or error text


# --- error monitoring -------------------------------------------------------------------------


def test_an_unexpected_error_reaches_sentry_with_its_operation_and_an_expected_one_does_not(
    writable_demo_db, keys
):
    token = mint_token(
        private_key=keys.private_pem,
        settings=settings_for(writable_demo_db, keys),
        role="coordinator",
        organisation_id=1,
        base_ids=[1],
        user_id=8,
    )
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def post(server, operation: str, query: str) -> dict:
        body = json.dumps({"query": query, "operationName": operation}).encode()
        return json.loads(server.request("POST", "/graphql", body, headers)[1])

    with local_http_server(lambda path, body: (200, {})) as (url, received):
        dsn = url.replace("http://", "http://public@") + "/1"
        with gunicorn_for(
            writable_demo_db, keys, workers=1, tracebacks_expected=True, SENTRY_DSN=dsn
        ) as server:
            # Expected: FORBIDDEN (base 3 belongs to another organisation).
            assert "errors" in post(server, "Forbidden", "query Forbidden { base(id: 3) { name } }")
            # Unexpected: a table the app reads is gone.
            with admin_connection(writable_demo_db) as connection, connection.cursor() as cursor:
                cursor.execute("RENAME TABLE tags TO tags_away")
                try:
                    query = "query BrokenTags { base(id: 1) { tags { id } } }"
                    assert "errors" in post(server, "BrokenTags", query)
                finally:
                    cursor.execute("RENAME TABLE tags_away TO tags")
            deadline = time.monotonic() + 10
            while not any(b"BrokenTags" in body for _, body in received):
                assert time.monotonic() < deadline, "no event reached the local Sentry"
                time.sleep(0.1)

    events = [body for path, body in received if path.endswith("/envelope/")]
    assert any(b'"graphql.operation":"BrokenTags"' in body for body in events)
    assert not any(b"Forbidden" in body for body in events)


# --- App Engine layout --------------------------------------------------------------------------

APP_YAMLS = sorted(REPO.glob("app*.yaml"))


@pytest.mark.parametrize("path", APP_YAMLS, ids=[p.name for p in APP_YAMLS])
def test_each_service_yaml_starts_gunicorn_with_an_entry_point_that_imports(path: Path):
    config = yaml.safe_load(path.read_text())
    command, *arguments = config["entrypoint"].split()

    assert config["runtime"] == "python312"
    assert (command, arguments[:2]) == ("gunicorn", ["-c", "gunicorn.conf.py"])
    module, name = arguments[2].split(":")
    assert module == "boxtribute_api.wsgi" and name in SERVICES
    assert hasattr(importlib.import_module(module), "__getattr__")


def test_cron_and_dispatch_name_existing_jobs_and_services():
    services = {yaml.safe_load(p.read_text())["service"] for p in APP_YAMLS}
    cron = yaml.safe_load((REPO / "cron.yaml").read_text())["cron"]
    dispatch = yaml.safe_load((REPO / "dispatch.yaml").read_text())["dispatch"]

    assert {job["url"] for job in cron} == {"/cron/housekeeping", "/cron/reseed-db"}
    assert {job["target"] for job in cron} <= services
    assert {rule["service"] for rule in dispatch} <= services
