"""Fixtures of the compat suite: our app on a fresh database loaded from the dev
seed, and that database's pristine state (to describe and undo what cases write).

Each case is replayed against our app in up to three ways (REPLAYS): through the web
app's endpoint with the fast paths, the same without them, and, for cases that only
read, through the partners' query API, which must answer as the web app does. The
second and third replay a fixed share of the cases (the same ones in every run), so
that the suite's time does not triple with each recorded operation."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import pytest

from boxtribute_api.app import create_app
from support.client import WITHOUT_FAST_PATHS, GraphQLClient, settings_for
from support.database import MYSQL, RUN_ID, create_database, drop_database, load_sql_file

from .dbstate import DatabaseState
from .operations import operation
from .paths import reference_dir, seed_sql
from .runner import case_writes


@dataclass(frozen=True)
class Replay:
    settings: dict[str, str]
    path: str
    one_in: int  # replays the cases whose id hashes to 0 modulo this
    read_only: bool = False  # replays only cases that write nothing

    def replays(self, operation_name: str, case: dict, documents: dict[str, str]) -> bool:
        if self.read_only and case_writes(case, documents):
            return False
        return zlib.crc32(f"{operation_name}[{case['name']}]".encode()) % self.one_in == 0


REPLAYS = {
    "fast-paths": Replay({}, "/graphql", one_in=1),
    "no-fast-paths": Replay(WITHOUT_FAST_PATHS, "/graphql", one_in=3),
    "query-api": Replay({}, "/", one_in=3, read_only=True),
}


def pytest_collection_modifyitems(config, items):
    """Leaves out the replays a case is not sampled for (see REPLAYS)."""
    kept, left_out = [], []
    for item in items:
        params = getattr(item, "callspec", None) and item.callspec.params
        if not params or "_compat_app" not in params or "recorded" not in params:
            kept.append(item)
            continue
        recorded, case = params["recorded"], params["case"]
        documents = {name: operation(name).document for name in recorded["documents"]}
        replay = REPLAYS[params["_compat_app"]]
        (kept if replay.replays(recorded["operation"], case, documents) else left_out).append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


def requires_reference() -> None:
    if not reference_dir().is_dir():
        pytest.skip(
            f"{reference_dir()} is absent: the comparison with the original's recorded"
            " answers needs the dev seed (set BOXTRIBUTE_REFERENCE_DIR to its folder)"
        )


@pytest.fixture(scope="session")
def compat_db() -> str:
    requires_reference()
    name = f"boxtribute_test_compat_{RUN_ID}"
    create_database(name)
    load_sql_file(name, seed_sql())
    yield name
    drop_database(name)


@pytest.fixture(scope="session")
def compat_state(compat_db) -> DatabaseState:
    state = DatabaseState.connect(database=compat_db, **MYSQL)
    yield state
    state.close()


@pytest.fixture(scope="session", params=list(REPLAYS))
def _compat_app(compat_db, keys, request):
    """The app configured for one of REPLAYS, and the path it is asked at."""
    replay = REPLAYS[request.param]
    settings = settings_for(compat_db, keys, **replay.settings)
    return create_app(settings), settings, replay.path


@pytest.fixture
def compat_client(_compat_app, keys) -> GraphQLClient:
    app, settings, path = _compat_app
    return GraphQLClient(app, keys, settings, path=path).activate()
