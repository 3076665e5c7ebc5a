"""Connections per unit of work, and the read replica chosen per context.

Choosing the replica must not rebind models process-wide: a concurrent request
that did not ask for it keeps reading from the primary.
"""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from boxtribute_api.db.offload import offload
from boxtribute_api.db.routing import configure_databases, connection_scope, database, use_replica
from boxtribute_api.runtime.eventloop import run_coroutine
from support.client import settings_for
from support.database import create_database, drop_database


@pytest.fixture
def primary_and_replica(keys, demo_db):
    replica_name = f"{demo_db}_replica"
    create_database(replica_name)
    primary = settings_for(demo_db, keys)
    settings = dataclasses.replace(
        primary, replica=dataclasses.replace(primary.database, name=replica_name)
    )
    configure_databases(settings)
    yield demo_db, replica_name
    configure_databases(primary)
    drop_database(replica_name)


def current_database_name() -> str:
    return database.execute_sql("SELECT DATABASE()").fetchone()[0]


def test_the_replica_is_chosen_per_context_while_others_read_the_primary(primary_and_replica):
    primary_name, replica_name = primary_and_replica

    async def reader(wants_replica: bool) -> list[str]:
        names = []
        for _ in range(5):
            if wants_replica:
                with use_replica():
                    names.append(await offload(current_database_name))
            else:
                names.append(await offload(current_database_name))
            await asyncio.sleep(0)
        return names

    async def two_requests():
        return await asyncio.gather(reader(True), reader(False))

    replica_reads, primary_reads = run_coroutine(two_requests())

    assert set(replica_reads) == {replica_name}
    assert set(primary_reads) == {primary_name}


def test_a_connection_scope_returns_its_connection_to_the_pool(client):
    pool = database.current
    with connection_scope():
        assert pool.pool_stats()["in_use"] == 1
        with connection_scope():  # nested scopes share the connection
            assert pool.pool_stats()["in_use"] == 1
    assert pool.pool_stats()["in_use"] == 0


def test_a_pooled_connection_the_server_closed_is_replaced_on_checkout(client):
    from support.database import admin_connection

    with connection_scope():
        connection_id = database.execute_sql("SELECT CONNECTION_ID()").fetchone()[0]
    with admin_connection() as admin, admin.cursor() as cursor:
        cursor.execute(f"KILL CONNECTION {connection_id}")

    with connection_scope():
        assert database.execute_sql("SELECT 1").fetchone()[0] == 1
