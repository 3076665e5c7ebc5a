"""Counting the SQL statements the app runs.

Two ways, for two needs:
* `timed_statements`: through the app's own per-request collector (runtime/timing.py,
  on with SERVER_TIMING=1, read back with `X-Debug-Timing: 1`): the statements of one
  request, wherever they ran (DB threads included).
* `settled_offloads`: every offloaded call finishes before the request's event loop
  goes on, so which keys share a loader batch no longer depends on which DB thread
  is done first: the statement count of a request is the same on every run.
* `record_statements`: every statement any code runs through peewee while the
  monkeypatch is active, in order (also writes done outside a request).
"""

from __future__ import annotations

import concurrent.futures
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from boxtribute_api.runtime import eventloop

DEBUG_TIMING = {"X-Debug-Timing": "1"}


@dataclass
class TimedAnswer:
    """One request's answer and the SQL statements it ran."""

    result: dict
    statements: list[str]

    @property
    def count(self) -> int:
        return len(self.statements)


def timed_statements(client, document: str, variables: dict | None, user) -> TimedAnswer:
    """Post `document` as `user` to a client whose app runs with SERVER_TIMING=1."""
    body = {"query": document, "variables": variables or {}}
    response = client.post(body, token=client.token(**user), headers=DEBUG_TIMING)
    assert response.status_code in (200, 400), response.data
    result = response.get_json()
    sql = result.pop("extensions")["timing"]["sql"]
    statements = [s["sql"] for s in sql["statements"]]
    assert sql["count"] == len(statements)
    return TimedAnswer(result, statements)


def record_statements(monkeypatch) -> list[str]:
    """Record the SQL text of every statement run through the app's databases."""
    from boxtribute_api.db.connections import LegacyMySQLDatabase

    recorded: list[str] = []
    original = LegacyMySQLDatabase.execute_sql

    def record(self, sql, params=None, *args, **kwargs):
        recorded.append(sql)
        return original(self, sql, params, *args, **kwargs)

    monkeypatch.setattr(LegacyMySQLDatabase, "execute_sql", record)
    return recorded


class _SettledExecutor(concurrent.futures.ThreadPoolExecutor):
    """Runs each job on the app's DB threads and waits for it before `submit`
    returns (asyncio wants a ThreadPoolExecutor as a loop's default executor; this
    one starts no threads of its own)."""

    def __init__(self, executor: concurrent.futures.Executor):
        super().__init__(max_workers=1)
        self._executor = executor

    def submit(self, fn, /, *args, **kwargs):
        future = self._executor.submit(fn, *args, **kwargs)
        concurrent.futures.wait([future])
        return future

    def shutdown(self, wait=True, *, cancel_futures=False):
        pass


@contextmanager
def settled_offloads() -> Iterator[None]:
    """Requests made inside run each offloaded call (loader batches, root lookups,
    writes) to its end before their event loop continues."""
    executor = _SettledExecutor(eventloop.db_executor())
    real = eventloop.db_executor
    eventloop.db_executor = lambda: executor
    try:
        yield
    finally:
        eventloop.db_executor = real
