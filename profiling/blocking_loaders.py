"""BENCHMARK ONLY: loaders whose batches block the event loop, as the original
back-end's did, to measure what offloading them buys.

    with blocking_loaders(): ...      # in-process
    gunicorn ... profiling.blocking_loaders:app   # a server whose loaders block

Production code knows nothing of this: it replaces `Loader.run_fetch`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

from boxtribute_api.api.loaders import Loader
from boxtribute_api.db.routing import connection_scope


def _fetch_on_the_loop(loader: Loader, keys: list) -> asyncio.Future:
    """The query blocks the running loop. The on-loop guard of db/connections.py is
    passed by hiding the running loop for the duration of the call."""
    loop = asyncio.get_running_loop()
    asyncio._set_running_loop(None)
    try:
        with connection_scope():
            found = type(loader).fetch(keys)
    finally:
        asyncio._set_running_loop(loop)
    future = loop.create_future()
    future.set_result(found)
    return future


@contextmanager
def blocking_loaders() -> Iterator[None]:
    offloaded = Loader.run_fetch
    Loader.run_fetch = _fetch_on_the_loop
    try:
        yield
    finally:
        Loader.run_fetch = offloaded


def __getattr__(name: str):
    # `profiling.blocking_loaders:app`: the app, with blocking loaders for good.
    if name == "app":
        Loader.run_fetch = _fetch_on_the_loop
        from boxtribute_api.wsgi import app

        return app
    raise AttributeError(name)
