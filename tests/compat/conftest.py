"""Fixtures of the compat suite: our app on a fresh database loaded from the dev
seed, and that database's pristine state (to describe and undo what cases write)."""

from __future__ import annotations

import pytest

from boxtribute_api.app import create_app
from support.client import GraphQLClient, settings_for
from support.database import MYSQL, RUN_ID, create_database, drop_database, load_sql_file

from .dbstate import DatabaseState
from .paths import reference_dir, seed_sql


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


@pytest.fixture(scope="session")
def _compat_app(compat_db, keys):
    settings = settings_for(compat_db, keys)
    return create_app(settings), settings


@pytest.fixture
def compat_client(_compat_app, keys) -> GraphQLClient:
    app, settings = _compat_app
    return GraphQLClient(app, keys, settings).activate()
