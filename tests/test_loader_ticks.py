"""Loader batches due in the same turn of the loop share their trips to the DB threads.

api/loaders.py TickBatches (LOADER_HOPS=tick, the default): the batches of a turn
run in at most DB_THREADS_PER_REQUEST offloaded calls, each on one connection; each
batch still gets its own value or its own error; two batches of one fetch in a turn
run as one with the union of their keys. LOADER_HOPS=batch gives every batch a trip
of its own, as before.
"""

from __future__ import annotations

import asyncio
import re

import pytest

from boxtribute_api.api.loaders import LARGE_BATCH, Loader, configure
from boxtribute_api.db.routing import database
from boxtribute_api.runtime.eventloop import db_threads_per_request, run_coroutine
from support.reference import ABSENT, frontend_queries
from support.statements import DEBUG_TIMING
from support.users import COORDINATOR

calls: list[tuple[str, list]] = []


def fetch_doubles(keys):
    calls.append(("doubles", list(keys)))
    database.execute_sql("SELECT 1")
    return {key: key * 2 for key in keys}


def fetch_failing(keys):
    calls.append(("failing", list(keys)))
    raise ValueError("this batch fails")


def fetch_connection(keys):
    connection_id = database.execute_sql("SELECT CONNECTION_ID()").fetchone()[0]
    return dict.fromkeys(keys, connection_id)


Doubles = type("Doubles", (Loader,), {"fetch": staticmethod(fetch_doubles)})
AlsoDoubles = type("AlsoDoubles", (Loader,), {"fetch": staticmethod(fetch_doubles)})
Failing = type("Failing", (Loader,), {"fetch": staticmethod(fetch_failing)})
# Eight loaders of eight different fetches (one fetch would be merged into one batch).
Connections = [
    type(
        f"Connection{i}",
        (Loader,),
        {"fetch": staticmethod(lambda keys: fetch_connection(keys))},  # noqa: PLW0108
    )
    for i in range(8)
]


@pytest.fixture(autouse=True)
def tick_batches():
    calls.clear()
    configure(tick_batches=True)
    yield
    configure(tick_batches=True)


def test_each_batch_of_a_turn_gets_its_own_value_or_its_own_error(client):
    async def request():
        return await asyncio.gather(
            Doubles().load(21), Failing().load(1), Doubles().load(4), return_exceptions=True
        )

    doubled, failed, again = run_coroutine(request())

    assert (doubled, again) == (42, 8)
    assert isinstance(failed, ValueError)


def test_two_batches_of_one_fetch_in_a_turn_run_once_with_all_their_keys(client):
    async def request():
        return await asyncio.gather(Doubles().load(1), AlsoDoubles().load(2))

    assert run_coroutine(request()) == [2, 4]
    assert calls == [("doubles", [1, 2])]


def test_the_batches_of_a_turn_share_as_many_trips_as_a_request_may_use(client):
    async def request():
        return await asyncio.gather(*(loader().load(0) for loader in Connections))

    connections = run_coroutine(request())
    trips = db_threads_per_request()
    assert len(set(connections)) <= trips
    # Batches i and i + trips share a trip (round robin): one connection, in turn.
    assert all(connections[i] == connections[i + trips] for i in range(len(Connections) - trips))


def pool_checkouts(client, document: str, variables: dict) -> tuple[int, dict]:
    response = client.post(
        {"query": document, "variables": variables},
        token=client.token(**COORDINATOR),
        headers=DEBUG_TIMING,
    )
    header = response.headers["Server-Timing"]
    checkouts = int(re.search(r'pool;dur=[0-9.]+;desc="(\d+) checkouts"', header).group(1))
    answer = response.get_json()
    answer.pop("extensions")
    return checkouts, answer


def test_the_boxes_view_takes_fewer_db_trips_and_gets_the_same_answer(timed_client):
    operation = frontend_queries().get("BoxesForBoxesView")
    if operation is None:
        pytest.skip(ABSENT)
    variables = {"baseId": "1", "filterInput": {"states": ["InStock"]}, "paginationInput": 50}
    shared, answer = pool_checkouts(timed_client, operation["wire_document"], variables)
    configure(tick_batches=False)
    separate, separate_answer = pool_checkouts(timed_client, operation["wire_document"], variables)

    assert answer == separate_answer
    assert shared < separate


def test_a_large_batch_takes_a_trip_of_its_own_and_is_not_merged(client):
    many = list(range(LARGE_BATCH + 1))

    async def request():
        return await asyncio.gather(Doubles().load_many(many), AlsoDoubles().load(-1))

    doubled, single = run_coroutine(request())

    assert doubled == [key * 2 for key in many] and single == -2
    assert sorted(calls, key=lambda call: len(call[1])) == [("doubles", [-1]), ("doubles", many)]
