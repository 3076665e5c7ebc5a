"""The one bridge from async resolvers and loaders to synchronous data access.

Data access is written once, as plain synchronous peewee functions (`store.py` of
each domain). Their async face is derived here: the call runs on a native worker
thread via `asyncio.to_thread` (the loop's default executor is the native DB pool,
see eventloop.py), inside its own unit of work holding one pooled connection.
The context (current user, replica choice) travels with the call.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

import peewee

from ..runtime import eventloop
from ..runtime.eventloop import run_coroutine
from .routing import connection_scope, database, use_replica

P = ParamSpec("P")
R = TypeVar("R")


def _in_unit_of_work(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    with connection_scope():
        return fn(*args, **kwargs)


# MySQL error codes after which the whole transaction may simply be run again.
DEADLOCK = 1213
LOCK_WAIT_TIMEOUT = 1205
TRANSACTION_ATTEMPTS = 3


def _in_transaction(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    with connection_scope():
        for attempt in range(1, TRANSACTION_ATTEMPTS + 1):
            try:
                with database.atomic():
                    return fn(*args, **kwargs)
            except peewee.OperationalError as error:
                code = error.args[0] if error.args else None
                if code not in (DEADLOCK, LOCK_WAIT_TIMEOUT) or attempt == TRANSACTION_ATTEMPTS:
                    raise
                time.sleep(0.01 * attempt)  # native thread: sleeping blocks no request
    raise AssertionError("unreachable")


def run_transaction(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """The synchronous body of `offload_transaction`, for code already running on a
    DB thread (inside `offload`) that must read something before its transaction."""
    return _in_transaction(fn, *args, **kwargs)


async def _on_a_db_thread(fn: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """asyncio.to_thread within the request's share of DB threads (the loop's
    `db_slots`, runtime/eventloop.py; unbounded on other loops)."""
    loop = asyncio.get_running_loop()
    slots = getattr(loop, "db_slots", None)
    if slots is None:
        return await asyncio.to_thread(fn, *args, **kwargs)
    async with slots:
        post = getattr(eventloop.db_executor(), "post", None) if eventloop.fast_path() else None
        if post is not None:
            # The same as to_thread (context copied, the loop's DB threads), with the
            # result set on the loop's future straight from the DB thread.
            call = functools.partial(fn, *args, **kwargs) if kwargs else fn
            return await post(loop, call, args if not kwargs else ())
        return await asyncio.to_thread(fn, *args, **kwargs)


def offload(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> Awaitable[R]:
    """Run a synchronous data-access call off the event loop, with its own connection."""
    return _on_a_db_thread(_in_unit_of_work, fn, *args, **kwargs)


async def offload_on_replica(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """Like `offload`, on the read replica when one is configured (else the primary):
    for reads that may lag a little behind the primary, such as statistics. The
    choice is this call's alone (a context variable), never the process's."""
    with use_replica():
        return await offload(fn, *args, **kwargs)


def offload_transaction(fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> Awaitable[R]:
    """Like `offload`, but all of `fn` commits or rolls back as one transaction; a
    deadlock or lock timeout runs it again (up to 3 times) before it surfaces."""
    return _on_a_db_thread(_in_transaction, fn, *args, **kwargs)


def offloaded(fn: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """The async face of a synchronous data-access function."""

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> Awaitable[R]:
        return offload(fn, *args, **kwargs)

    return run


def wait_for(awaitable: Awaitable[R]) -> R:
    """From synchronous code outside any event loop (a plain Flask view, a cron job):
    wait for an offloaded call, letting other greenlets of the worker run meanwhile."""

    async def result() -> R:
        return await awaitable

    return run_coroutine(result())
