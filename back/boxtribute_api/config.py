"""Settings, read once from the environment variables a deployment already sets."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from dotenv import dotenv_values

# Environments with GraphiQL, introspection, error details and any CORS header.
DEVELOPMENT_ENVIRONMENTS = ("development", "test")

# What the web app sends cross-origin: its token, JSON, and its tracing headers
# (the original allows the first three; the frontend also sends W3C trace context).
DEFAULT_CORS_ALLOW_HEADERS = (
    "Authorization",
    "Content-Type",
    "x-clacks-overhead",
    "traceparent",
    "tracestate",
    "baggage",
    "sentry-trace",
)

DEFAULT_CORS_ORIGINS = (
    "http://localhost:3000",
    "http://localhost:5005",
    "http://127.0.0.1:3000",
)

# The public service's callers: the statistics frontend, locally and on the
# original's "shared" hosts (which the original names in its code; here
# PUBLIC_CORS_ORIGINS replaces them).
DEFAULT_PUBLIC_CORS_ORIGINS = (
    "http://localhost:5005",
    "http://localhost:3000",
    "http://localhost:5173",
    "https://shared-staging.boxtribute.org",
    "https://shared-demo.boxtribute.org",
    "https://shared.boxtribute.org",
    "https://shared-staging-dot-dropapp-242214.ew.r.appspot.com",
    "https://shared-demo-dot-dropapp-242214.ew.r.appspot.com",
    "https://shared-production-dot-dropapp-242214.ew.r.appspot.com",
)


@dataclass(frozen=True)
class DatabaseSettings:
    name: str
    host: str = "127.0.0.1"
    port: int = 3306
    user: str = "root"
    password: str = ""
    unix_socket: str | None = None
    max_connections: int = 32
    # Result rows read by db/result_rows.py (False: PyMySQL's own reader).
    fast_rows: bool = True

    @property
    def is_local(self) -> bool:
        """A unix socket or loopback host: no TLS, nothing to protect on the wire."""
        return bool(self.unix_socket) or self.host in ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class RequestLimits:
    """What one GraphQL request may ask for (api/limits.py enforces them before
    execution, api/http.py the body's; README's configuration table names the
    environment variables). The defaults let every frontend operation through, the
    Boxes view's full preload (a page of 100,000 boxes) included, with room to spare."""

    # The HTTP body, in bytes, and the nesting of its JSON (objects and lists).
    max_body_bytes: int = 1_000_000
    max_json_depth: int = 20
    # The query text: characters and lexical tokens (the parser stops there).
    max_document_chars: int = 50_000
    max_tokens: int = 5_000
    # The operation, fragments expanded: field nesting, aliased fields, all fields,
    # and fragment spreads nested in fragment spreads.
    max_depth: int = 15
    max_aliases: int = 100
    max_fields: int = 2_000
    max_fragment_nesting: int = 10
    # The estimated number of values in the answer: each list counts as many items
    # as its page asks for (paginationInput first/last, else 50), a list without
    # pagination as `list_size_estimate`.
    max_cost: int = 100_000_000
    list_size_estimate: int = 50
    # The serialised answer, in bytes: a larger one is refused, not written out.
    max_answer_bytes: int = 10_000_000
    # Wall time for one request's execution, in seconds (below gunicorn's timeout).
    time_budget: float = 20.0

    @classmethod
    def from_env(cls, env) -> RequestLimits:
        values = {}
        for name, default in cls.__dataclass_fields__.items():
            text = env.get(LIMIT_VARIABLES[name])
            if text:
                kind = type(default.default)
                try:
                    values[name] = kind(text)
                except ValueError:
                    message = f"{LIMIT_VARIABLES[name]} must be a number, not {text!r}"
                    raise ValueError(message) from None
        return cls(**values)


# RequestLimits field -> environment variable.
LIMIT_VARIABLES = {
    "max_body_bytes": "GRAPHQL_MAX_BODY_BYTES",
    "max_json_depth": "GRAPHQL_MAX_JSON_DEPTH",
    "max_document_chars": "GRAPHQL_MAX_DOCUMENT_CHARS",
    "max_tokens": "GRAPHQL_MAX_TOKENS",
    "max_depth": "GRAPHQL_MAX_DEPTH",
    "max_aliases": "GRAPHQL_MAX_ALIASES",
    "max_fields": "GRAPHQL_MAX_FIELDS",
    "max_fragment_nesting": "GRAPHQL_MAX_FRAGMENT_NESTING",
    "max_cost": "GRAPHQL_MAX_COST",
    "list_size_estimate": "GRAPHQL_LIST_SIZE_ESTIMATE",
    "max_answer_bytes": "GRAPHQL_MAX_ANSWER_BYTES",
    "time_budget": "REQUEST_TIME_BUDGET",
}


@dataclass(frozen=True)
class Settings:
    environment: str
    database: DatabaseSettings
    replica: DatabaseSettings | None
    auth0_domain: str
    auth0_audience: str
    auth0_public_key: str | None
    cors_origins: tuple[str, ...] = DEFAULT_CORS_ORIGINS
    # Origins allowed to call the public service (/public), its own list.
    public_cors_origins: tuple[str, ...] = DEFAULT_PUBLIC_CORS_ORIGINS
    server_timing: bool = False
    # The query API's POST /token exchanges a username and password for a token at
    # Auth0 (AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET; AUTH0_URL, by default
    # https://AUTH0_DOMAIN, is where Auth0 answers, JWKS included).
    auth0_client_id: str | None = None
    auth0_client_secret: str | None = None
    auth0_url: str = ""
    # Error monitoring with Sentry when SENTRY_DSN is set (the original's variables:
    # SENTRY_ENVIRONMENT, SENTRY_RELEASE, SENTRY_TRACES_SAMPLE_RATE,
    # SENTRY_PROFILES_SAMPLE_RATE).
    sentry_dsn: str | None = None
    sentry_environment: str | None = None
    sentry_release: str | None = None
    sentry_traces_sample_rate: float = 0.0
    sentry_profiles_sample_rate: float = 0.0
    # The fast paths that rely on private internals of libraries (each asserted by
    # tests/test_private_internals.py) can be switched off, e.g. after an upgrade
    # that breaks one: GRAPHQL_EXECUTOR=plain (graphql-core's own executor instead
    # of api/fastpath.py), MYSQL_ROW_READER=pymysql (db/result_rows.py),
    # PREPARED_SELECTS=off (db/queries.py: PreparedSelect builds every query anew and
    # pages generate their statements on every request),
    # EVENT_LOOP=plain (runtime/eventloop.py: request loops wait through gevent's
    # selector and DB results come back through concurrent.futures, as asyncio's
    # to_thread does).
    # LOADER_HOPS=batch gives each loader batch its own trip to a DB thread
    # (api/loaders.py; default `tick`: the batches due together share trips). It
    # relies on no private API, but changes when and where batches run, hence the switch.
    loader_tick_batches: bool = True
    batched_executor: bool = True
    prepared_selects: bool = True
    fast_event_loop: bool = True
    # Schema introspection on the web app's API (GRAPHQL_INTROSPECTION=on/off):
    # by default only in development. The query API always allows it.
    introspection: bool = True
    # Request headers a browser may send cross-origin (CORS_ALLOW_HEADERS, comma
    # separated); None: any (development).
    cors_allow_headers: tuple[str, ...] | None = None
    limits: RequestLimits = field(default_factory=RequestLimits)
    # "Did you mean ...?" in validation and coercion errors (GRAPHQL_SUGGESTIONS=on/off):
    # by default only in development, where they help; elsewhere they reveal the schema.
    suggestions: bool = True
    # Log lines as JSON for Google Cloud Logging, or as text (LOG_FORMAT=json/text):
    # text in development, JSON elsewhere.
    log_json: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def is_development(self) -> bool:
        return self.environment in DEVELOPMENT_ENVIRONMENTS

    @property
    def issuer(self) -> str:
        return f"https://{self.auth0_domain}/"

    @classmethod
    def from_env(cls, env: dict | None = None) -> Settings:
        """Settings from `env`, by default the process environment completed by a
        `.env` file in the working directory (as the original's deployments write
        one); variables already set win over the file."""
        env = {**dotenv_values(".env"), **os.environ} if env is None else env
        database = DatabaseSettings(
            name=env.get("MYSQL_DB", "dropapp_dev"),
            host=env.get("MYSQL_HOST", "127.0.0.1"),
            port=int(env.get("MYSQL_PORT", "3306")),
            user=env.get("MYSQL_USER", "root"),
            password=env.get("MYSQL_PASSWORD", ""),
            unix_socket=env.get("MYSQL_SOCKET") or None,
            max_connections=int(env.get("DB_POOL_SIZE", "32")),
            fast_rows=_choice(env, "MYSQL_ROW_READER", {"fast": True, "pymysql": False}),
        )
        replica = None
        if env.get("MYSQL_REPLICA_SOCKET") or env.get("MYSQL_REPLICA_HOST"):
            replica = DatabaseSettings(
                name=database.name,
                host=env.get("MYSQL_REPLICA_HOST", database.host),
                port=int(env.get("MYSQL_REPLICA_PORT", str(database.port))),
                user=database.user,
                password=database.password,
                unix_socket=env.get("MYSQL_REPLICA_SOCKET") or None,
                max_connections=database.max_connections,
                fast_rows=database.fast_rows,
            )
        origins = env.get("CORS_ORIGINS")
        environment = env.get("ENVIRONMENT", "development")
        development = environment in DEVELOPMENT_ENVIRONMENTS
        return cls(
            environment=environment,
            database=database,
            replica=replica,
            auth0_domain=env.get("AUTH0_DOMAIN", "boxtribute-local.test"),
            auth0_audience=env.get("AUTH0_AUDIENCE", "boxtribute-local-api"),
            auth0_public_key=env.get("AUTH0_PUBLIC_KEY") or None,
            auth0_client_id=env.get("AUTH0_CLIENT_ID") or None,
            auth0_client_secret=env.get("AUTH0_CLIENT_SECRET") or None,
            auth0_url=(
                env.get("AUTH0_URL")
                or f"https://{env.get('AUTH0_DOMAIN', 'boxtribute-local.test')}"
            ).rstrip("/"),
            sentry_dsn=env.get("SENTRY_DSN") or None,
            sentry_environment=env.get("SENTRY_ENVIRONMENT") or None,
            sentry_release=env.get("SENTRY_RELEASE") or None,
            sentry_traces_sample_rate=float(env.get("SENTRY_TRACES_SAMPLE_RATE") or 0),
            sentry_profiles_sample_rate=float(env.get("SENTRY_PROFILES_SAMPLE_RATE") or 0),
            cors_origins=_comma_list(origins) or DEFAULT_CORS_ORIGINS,
            public_cors_origins=_comma_list(env.get("PUBLIC_CORS_ORIGINS"))
            or DEFAULT_PUBLIC_CORS_ORIGINS,
            server_timing=env.get("SERVER_TIMING", "") in ("1", "true", "yes"),
            batched_executor=_choice(env, "GRAPHQL_EXECUTOR", {"batched": True, "plain": False}),
            prepared_selects=_choice(env, "PREPARED_SELECTS", {"on": True, "off": False}),
            fast_event_loop=_choice(env, "EVENT_LOOP", {"fast": True, "plain": False}),
            loader_tick_batches=_choice(env, "LOADER_HOPS", {"tick": True, "batch": False}),
            introspection=_choice(
                env, "GRAPHQL_INTROSPECTION", {"on": True, "off": False}, default=development
            ),
            cors_allow_headers=None
            if development and not env.get("CORS_ALLOW_HEADERS")
            else _comma_list(env.get("CORS_ALLOW_HEADERS")) or DEFAULT_CORS_ALLOW_HEADERS,
            limits=RequestLimits.from_env(env),
            suggestions=_choice(
                env, "GRAPHQL_SUGGESTIONS", {"on": True, "off": False}, default=development
            ),
            log_json=_choice(
                env, "LOG_FORMAT", {"json": True, "text": False}, default=not development
            ),
        )


def _choice(env, name: str, values: dict, default=None):
    """The value of an enumerated setting; unset: `default`, else the first choice."""
    text = env.get(name)
    if not text:
        return next(iter(values.values())) if default is None else default
    if text not in values:
        raise ValueError(f"{name} must be one of {', '.join(values)}, not {text!r}")
    return values[text]


def _comma_list(text: str | None) -> tuple[str, ...]:
    return tuple(item.strip() for item in (text or "").split(",") if item.strip())
