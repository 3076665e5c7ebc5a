"""A test app on a test database, and the GraphQL client that talks to it."""

from __future__ import annotations

from contextlib import contextmanager

from boxtribute_api.app import configure_process
from boxtribute_api.cli.dev_token.signing import mint_token
from boxtribute_api.config import Settings
from profiling.harness import Keys

from .database import MYSQL

AUTH0_DOMAIN = "boxtribute-local.test"
AUTH0_AUDIENCE = "boxtribute-local-api"


def environment_for(database: str, keys: Keys | None = None, **extra) -> dict[str, str]:
    """The environment a deployment on the test database would have (without keys:
    for generating data, not for verifying tokens)."""
    return {
        "MYSQL_DB": database,
        "MYSQL_HOST": MYSQL["host"],
        "MYSQL_PORT": str(MYSQL["port"]),
        "MYSQL_USER": MYSQL["user"],
        "MYSQL_PASSWORD": MYSQL["password"],
        "AUTH0_DOMAIN": AUTH0_DOMAIN,
        "AUTH0_AUDIENCE": AUTH0_AUDIENCE,
        "AUTH0_PUBLIC_KEY": keys.public_pem if keys else "",
        "ENVIRONMENT": "test",
        **extra,
    }


# The comparison tests against the original run twice: with the fast paths that rely
# on libraries' private internals (tests/test_private_internals.py), and with each of
# them switched off by its setting (config.py), as a deployment may have to.
WITHOUT_FAST_PATHS = {
    "GRAPHQL_EXECUTOR": "plain",
    "MYSQL_ROW_READER": "pymysql",
    "PREPARED_SELECTS": "off",
    "EVENT_LOOP": "plain",
    "LOADER_HOPS": "batch",
}
EXECUTION_MODES = {"fast-paths": {}, "no-fast-paths": WITHOUT_FAST_PATHS}


def settings_for(database: str, keys: Keys | None = None, **extra) -> Settings:
    return Settings.from_env(environment_for(database, keys, **extra))


@contextmanager
def gunicorn_for(
    database_name: str, keys: Keys, *, workers: int, tracebacks_expected=False, **extra_env
):
    """Real gunicorn (gunicorn.conf.py, gevent workers) on a test database, configured
    by environment only, as a deployment is. Fails if a worker logged a traceback,
    unless the test provokes an unexpected error on purpose."""
    from profiling.harness import GunicornServer

    environment = environment_for(database_name, keys, **extra_env)
    with GunicornServer(environment, workers=workers, worker_class="gevent") as server:
        yield server
    assert tracebacks_expected or "Traceback" not in server.output, server.output


class GraphQLClient:
    """Posts GraphQL requests to the app the way the frontend does."""

    def __init__(self, app, keys: Keys, settings: Settings, *, path: str = "/graphql"):
        self.app = app
        self.path = path
        self.http = app.test_client()
        self.keys = keys
        self.settings = settings

    def activate(self) -> GraphQLClient:
        # Models are bound through one process-wide routing proxy: point it at this
        # client's database before each test.
        configure_process(self.settings)
        return self

    def token(self, claims: dict | None = None, **user) -> str:
        """A signed token: exact `claims` (e.g. from a recorded sample), or a demo user
        described by role/organisation_id/base_ids/user_id (see support.users)."""
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
            return self.http.post(self.path, json=body, headers=headers)
        return self.http.post(
            self.path, data=body, headers={**headers, "Content-Type": "application/json"}
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
