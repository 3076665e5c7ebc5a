"""Fixtures: real MariaDB databases, the app, signed tokens, a GraphQL client.

Two databases per test session:
* `seed_db`: the original's development dump from ../shared/reference (comparison
  tests against the original's recorded answers). Skipped when ../shared is absent.
* `demo_db`: an empty schema created from our models, filled by our own demo-data
  generator. Always available.

Everything else tests share (users, the demo world's known objects, the client,
database and error helpers) lives in the `support` package.
"""

from __future__ import annotations

import pytest

from boxtribute_api.app import create_app
from boxtribute_api.box.models import Box
from boxtribute_api.location.models import Location
from profiling.harness import Keys, throwaway_keys
from support import operations
from support.bulk_boxes import boxes_where
from support.client import EXECUTION_MODES, GraphQLClient, settings_for
from support.database import (
    RUN_ID,
    create_database,
    demo_database,
    drop_database,
    load_sql_file,
)
from support.reference import REFERENCE, requires_reference
from support.statements import record_statements
from support.stock import StockRow, stock_rows
from support.world import State


@pytest.fixture(scope="session")
def keys() -> Keys:
    return throwaway_keys()


def _seed_database(name: str):
    requires_reference()
    create_database(name)
    load_sql_file(name, REFERENCE / "dropapp-dev-seed.sql")
    yield name
    drop_database(name)


@pytest.fixture(scope="session")
def seed_db() -> str:
    """The original's development dump, loaded once per session."""
    yield from _seed_database(f"boxtribute_test_seed_{RUN_ID}")


@pytest.fixture(scope="session")
def demo_db() -> str:
    """Our own schema and demo world, generated once per session."""
    yield from demo_database("demo", boxes_in_main_base=300)


@pytest.fixture(scope="session")
def demo_values(_demo_app, keys) -> dict:
    """Variable values that exist in the demo world (support.operations.demo_values)."""
    app, settings = _demo_app
    return operations.demo_values(GraphQLClient(app, keys, settings).activate())


@pytest.fixture(scope="module")
def writable_demo_db(request) -> str:
    """A demo database of the test module's own, for tests that write. A module that
    needs more boxes in base 1 says so in `WRITABLE_BOXES_IN_MAIN_BASE`."""
    boxes = getattr(request.module, "WRITABLE_BOXES_IN_MAIN_BASE", 100)
    yield from demo_database("writable", boxes_in_main_base=boxes)


@pytest.fixture(scope="module", params=list(EXECUTION_MODES))
def writable_seed_db(request) -> str:
    """The original's dev seed, loaded afresh for the test module (and execution mode,
    support.client.EXECUTION_MODES), for tests that compare the rows a mutation
    leaves with what the original leaves."""
    mode = request.param.replace("-", "_")
    yield from _seed_database(f"boxtribute_test_writable_seed_{RUN_ID}_{mode}")


def _client(database: str, keys: Keys, **extra) -> GraphQLClient:
    settings = settings_for(database, keys, **extra)
    return GraphQLClient(create_app(settings), keys, settings).activate()


@pytest.fixture
def writable_client(writable_demo_db, keys) -> GraphQLClient:
    """Like `client`, on a demo database that this test module may change."""
    return _client(writable_demo_db, keys)


@pytest.fixture
def writable_seed_client(writable_seed_db, keys, request) -> GraphQLClient:
    mode = request.node.callspec.params["writable_seed_db"]
    return _client(writable_seed_db, keys, **EXECUTION_MODES[mode])


@pytest.fixture(scope="session", params=list(EXECUTION_MODES))
def _seed_app(seed_db, keys, request):
    """The app on the seed, with the fast paths and without (comparison tests run both)."""
    settings = settings_for(seed_db, keys, **EXECUTION_MODES[request.param])
    return create_app(settings), settings


@pytest.fixture(scope="session")
def _demo_app(demo_db, keys):
    settings = settings_for(demo_db, keys)
    return create_app(settings), settings


@pytest.fixture(scope="session")
def _timed_demo_app(demo_db, keys):
    settings = settings_for(demo_db, keys, SERVER_TIMING="1")
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


@pytest.fixture
def timed_client(_timed_demo_app, keys) -> GraphQLClient:
    """Like `client`, with the app's per-request timing on (SERVER_TIMING=1): the SQL
    statements of a request can be read back (support.statements)."""
    app, settings = _timed_demo_app
    return GraphQLClient(app, keys, settings).activate()


_handed_out: dict[str, set[int]] = {}


@pytest.fixture
def fresh_boxes(writable_client, writable_demo_db):
    """fresh_boxes(n, base_id=1, state=InStock): boxes of the module's writable demo
    database that no other test of the module has taken."""
    handed_out = _handed_out.setdefault(writable_demo_db, set())

    def take(count: int, base_id: int = 1, state: int = State.InStock) -> list[Box]:
        candidates = boxes_where(
            Location.base == base_id,
            Box.state == state,
            Box.deleted_on.is_unset(),
            Location.deleted_on.is_null(),
        )
        chosen = [box for box in candidates if box.id not in handed_out][:count]
        assert len(chosen) == count, f"demo world has too few boxes in base {base_id}"
        handed_out.update(box.id for box in chosen)
        return chosen

    return take


@pytest.fixture
def statements(monkeypatch) -> list[str]:
    """The SQL statements the app runs during the test, recorded in order."""
    return record_statements(monkeypatch)


@pytest.fixture
def stock(client) -> list[StockRow]:
    """Every box of the demo world, read straight from the tables."""
    return stock_rows()
