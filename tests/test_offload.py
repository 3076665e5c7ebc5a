"""Offloaded data access keeps the request's event loop free.

Loaders wait on the database from native DB threads; meanwhile the loop keeps
running other work. A query attempted on the loop itself is refused.
"""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from boxtribute_api.api.loaders import Loader
from boxtribute_api.db.connections import DatabaseCallOnEventLoopError
from boxtribute_api.db.offload import offload
from boxtribute_api.db.routing import database
from boxtribute_api.runtime.eventloop import run_coroutine

SLOW_QUERY_SECONDS = 0.4
LOADERS = 5


def slow_lookup(keys):
    database.execute_sql("SELECT SLEEP(%s)", (SLOW_QUERY_SECONDS,))
    return {key: f"row {key}" for key in keys}


def make_slow_loader(index: int) -> type[Loader]:
    return type(f"SlowLoader{index}", (Loader,), {"fetch": slow_lookup})


async def loop_lag_while(awaitable) -> tuple[object, float]:
    """Await `awaitable` while a probe measures the worst delay of a 5 ms tick."""
    worst = 0.0
    done = asyncio.Event()

    async def probe():
        nonlocal worst
        while not done.is_set():
            started = time.perf_counter()
            await asyncio.sleep(0.005)
            worst = max(worst, time.perf_counter() - started - 0.005)

    probing = asyncio.ensure_future(probe())
    try:
        return await awaitable, worst
    finally:
        done.set()
        await probing


def test_loaders_waiting_on_slow_queries_leave_the_event_loop_responsive_and_overlap(client):
    loader_classes = [make_slow_loader(i) for i in range(LOADERS)]

    async def request():
        loaders = [loader_class() for loader_class in loader_classes]  # made in the loop
        started = time.perf_counter()
        results, lag = await loop_lag_while(
            asyncio.gather(*(loader.load(i) for i, loader in enumerate(loaders)))
        )
        return results, lag, time.perf_counter() - started

    results, worst_lag, elapsed = run_coroutine(request())

    assert results == [f"row {i}" for i in range(LOADERS)]
    assert worst_lag < SLOW_QUERY_SECONDS / 4, "the loop stalled while queries ran"
    assert elapsed < SLOW_QUERY_SECONDS * LOADERS / 2, "the loaders ran one after another"


def test_a_query_on_the_event_loop_is_refused(client):
    async def query_on_the_loop():
        return database.execute_sql("SELECT 1").fetchone()

    with pytest.raises(DatabaseCallOnEventLoopError):
        run_coroutine(query_on_the_loop())


def test_an_offloaded_call_gets_its_own_connection_and_returns_it(client):
    """Two calls at the same time each hold a pooled connection of their own while
    they run, and give it back when done."""
    both_running = threading.Barrier(2, timeout=5)

    def connection_in_use():
        connection_id = database.execute_sql("SELECT CONNECTION_ID()").fetchone()[0]
        both_running.wait()  # neither has given its connection back yet
        in_use = database.current.pool_stats()["in_use"]
        both_running.wait()
        return connection_id, in_use

    async def two_calls():
        return await asyncio.gather(offload(connection_in_use), offload(connection_in_use))

    (first, in_use_first), (second, in_use_second) = run_coroutine(two_calls())

    assert first != second
    assert in_use_first == in_use_second == 2
    assert database.current.pool_stats()["in_use"] == 0
