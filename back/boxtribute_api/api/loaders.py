"""DataLoaders: per-request batching of nested lookups.

A domain declares a loader by naming the synchronous store function that fetches
a batch (`fetch(keys) -> {key: value}`); the async batch function is derived by
the offload bridge, so the query runs on a DB thread with its own connection.

    class ProductById(Loader):
        fetch = staticmethod(store.products_by_id)

Resolvers ask for the request's instance by class: `ProductById.of(info).load(id)`.
Loaders are made on first use inside the request's event loop and die with the
request, so no cached row is shared between requests (or users).

Batches that fall due in the same turn of the loop share their trips to the DB
threads (`TickBatches`, LOADER_HOPS=tick, the default): as many trips as the
request may keep DB threads busy at once (DB_THREADS_PER_REQUEST), each running its
share of the batches one after the other on one pooled connection. The database
sees the same round trips in the same number of waves as with one trip per batch
(LOADER_HOPS=batch), and the worker pays for fewer thread hand-offs and pool
checkouts. A batch of more than LARGE_BATCH keys keeps a trip of its own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable
from time import perf_counter
from typing import Any, ClassVar, Self

from aiodataloader import DataLoader

from ..db.offload import offload
from ..runtime.eventloop import db_threads_per_request
from ..runtime.timing import current_timings

_tick_batches = True


def configure(*, tick_batches: bool) -> None:
    """Whether batches due together share their DB trips (module doc; LOADER_HOPS)."""
    global _tick_batches
    _tick_batches = tick_batches


class Loader(DataLoader):
    # Synchronous: list of keys -> mapping of key -> value. Missing keys load `missing`.
    fetch: ClassVar[Callable[[list], dict]]
    missing: ClassVar[Any] = None

    @classmethod
    def of(cls, info) -> Self:
        """This request's instance of the loader."""
        return info.context.loaders.get(cls)

    async def batch_load_fn(self, keys: list[Hashable]) -> list[Any]:
        found = await self._fetch_batch(keys)
        return [found.get(key, self.missing) for key in keys]

    async def _fetch_batch(self, keys: list[Hashable]) -> dict:
        timings = current_timings()
        started = perf_counter() if timings is not None else 0.0
        found = await self.run_fetch(list(keys))
        if timings is not None:
            timings.add_batch(type(self).__name__, len(keys), started, perf_counter())
        return found

    def run_fetch(self, keys: list) -> asyncio.Future:
        """Where a batch runs: offloaded to a DB thread, with the other batches of
        this turn of the loop (module doc). (The loop-stall benchmark replaces this
        to measure the blocking design it replaced.)"""
        if _tick_batches:
            return TickBatches.of_running_loop().add(type(self).fetch, keys)
        return offload(type(self).fetch, keys)


# Batches of more keys than this take a trip of their own (TickBatches._run_alone).
LARGE_BATCH = 1000


class TickBatches:
    """The batches that fall due in one turn of a request's loop: collected until
    the loop's next turn, then run in at most `db_threads_per_request()` offloaded
    calls, each running its share in order on one connection. Every batch gets its
    own result or exception, all of them once every call has returned."""

    __slots__ = ("loop", "jobs")

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.jobs: list[tuple[Callable, list, asyncio.Future]] = []

    @classmethod
    def of_running_loop(cls) -> TickBatches:
        loop = asyncio.get_running_loop()
        batches = getattr(loop, "loader_tick_batches", None)
        if batches is None:
            batches = cls(loop)
            loop.loader_tick_batches = batches
            loop.call_soon(batches.flush)
        return batches

    def add(self, fetch: Callable, keys: list) -> asyncio.Future:
        future = self.loop.create_future()
        self.jobs.append((fetch, keys, future))
        return future

    def flush(self) -> None:
        self.loop.loader_tick_batches = None
        small = []
        for job in self.jobs:
            if len(job[1]) > LARGE_BATCH:
                asyncio.ensure_future(self._run_alone(*job))
            else:
                small.append(job)
        if small:
            asyncio.ensure_future(self._run(small))

    @staticmethod
    async def _run_alone(fetch: Callable, keys: list, future: asyncio.Future) -> None:
        """A large batch: a trip of its own, its value given as soon as it is there
        (its hand-off is nothing beside its rows; holding its rows until the other
        batches are done cost the full list of 50,000 boxes 60 MB more at its peak)."""
        try:
            value = await offload(fetch, keys)
        except asyncio.CancelledError:
            future.cancel()
            raise
        except Exception as error:
            if not future.done():
                future.set_exception(error)
            return
        if not future.done():
            future.set_result(value)

    @staticmethod
    async def _run(jobs: list) -> None:
        """The trips at once; every batch's result is given when all have returned,
        so that what the batches' values lead to loads in one next wave. Batches of
        the same fetch (one loader asked twice in a turn, e.g. by two `load_all`)
        run as one, with the union of their keys: a fetch maps each key alone."""
        merged: dict[Callable, tuple[dict, list]] = {}
        for fetch, keys, future in jobs:
            union, futures = merged.setdefault(fetch, ({}, []))
            union.update(dict.fromkeys(keys))
            futures.append(future)
        batches = [(fetch, list(union), futures) for fetch, (union, futures) in merged.items()]
        trips = min(len(batches), db_threads_per_request())
        shares = [batches[trip::trips] for trip in range(trips)]
        try:
            outcomes = await asyncio.gather(
                *(
                    offload(_fetch_each, [(fetch, keys) for fetch, keys, _ in share])
                    for share in shares
                ),
                return_exceptions=True,
            )
        except asyncio.CancelledError:  # the request stopped waiting (time budget)
            for _, _, future in jobs:
                future.cancel()
            raise
        for share, outcome in zip(shares, outcomes, strict=True):
            if isinstance(outcome, BaseException):  # the trip itself failed (no connection)
                outcome = [(False, outcome)] * len(share)
            for (_, _, futures), (ok, value) in zip(share, outcome, strict=True):
                for future in futures:
                    if future.done():
                        continue
                    if ok:
                        future.set_result(value)
                    else:
                        future.set_exception(value)


def _fetch_each(jobs: list[tuple[Callable, list]]) -> list[tuple[bool, Any]]:
    """On a DB thread, in one unit of work: each batch's result, or its exception."""
    outcomes: list[tuple[bool, Any]] = []
    for fetch, keys in jobs:
        try:
            outcomes.append((True, fetch(keys)))
        except Exception as error:
            outcomes.append((False, error))
    return outcomes


class ListLoader(Loader):
    """For one-to-many lookups: a key with no rows loads an empty list."""

    async def batch_load_fn(self, keys: list[Hashable]) -> list[Any]:
        found = await self._fetch_batch(keys)
        return [found.get(key, []) for key in keys]


class RequestLoaders:
    """One request's loaders by class, each made on first use."""

    __slots__ = ("_loaders",)

    def __init__(self):
        self._loaders: dict[type[Loader], Loader] = {}

    def get(self, loader_class: type[Loader]) -> Loader:
        loader = self._loaders.get(loader_class)
        if loader is None:
            loader = self._loaders[loader_class] = loader_class()
        return loader


async def load_all(loader: DataLoader, keys: list[Hashable]) -> list[Any]:
    """The values of many keys through `loader`: those already loaded (or being
    loaded) in this request come from its caches, all others in ONE batch, with no
    future per key. Where the batch fails, its keys get the exception as value."""
    loaded, in_flight = loader.__dict__.setdefault("_load_all_state", ({}, {}))
    found: dict[Hashable, Any] = {}
    batches: dict[Hashable, asyncio.Future] = {}  # key -> another load_all's batch
    futures: dict[Hashable, asyncio.Future] = {}  # key -> the loader's own future
    missing: list[Hashable] = []
    for key in dict.fromkeys(keys):
        if key in loaded:
            found[key] = loaded[key]
        elif key in in_flight:
            batches[key] = in_flight[key]
        else:
            future = loader._cache.get(loader.get_cache_key(key)) if loader.cache else None
            if future is None:
                missing.append(key)
            elif future.done():
                found[key] = future.exception() or future.result()
            else:
                futures[key] = future

    if missing:
        batch: asyncio.Future = asyncio.get_running_loop().create_future()
        in_flight.update(dict.fromkeys(missing, batch))
        try:
            values = await loader.batch_load_fn(missing)
        except Exception as error:
            values = [error] * len(missing)
        by_key = dict(zip(missing, values, strict=True))
        batch.set_result(by_key)  # for load_all calls that wait on these keys
        for key in missing:
            del in_flight[key]
        found.update(by_key)
        if loader.cache:
            loaded.update(by_key)
    for key, batch in batches.items():
        found[key] = (await batch)[key]
    if futures:
        results = await asyncio.gather(*futures.values(), return_exceptions=True)
        found.update(zip(futures, results, strict=True))
    return [found[key] for key in keys]


_NOT_PREFETCHED = object()


class LoadedField:
    """The resolver of a field whose value a request loader fetches by a key of
    the parent object, e.g. `LoadedField(ProductById, "product_id")` for Box.product.

    Called per parent (graphql-core's way): `ProductById.of(info).load(key)`. For a list
    of parents the batched executor calls `resolve_batch` instead: the same values
    through one `load_all`, without a future and a callback per parent.
    A None key resolves to None. `check(parent)` runs first and may raise (e.g. a
    permission check); `keep(parent, value)` may turn a loaded value into None.
    `prefetched`: an attribute in which the store may already have put the value
    (a joined row), saving a round trip after the parent's own; loaded otherwise.
    """

    __slots__ = ("loader", "key", "check", "keep", "prefetched")

    def __init__(
        self,
        loader: type[Loader],
        key: str,
        *,
        check: Callable[[Any], None] | None = None,
        keep: Callable[[Any, Any], bool] | None = None,
        prefetched: str | None = None,
    ):
        self.loader = loader
        self.key = key
        self.check = check
        self.keep = keep
        self.prefetched = prefetched

    def __call__(self, parent, info, **_):
        if self.check is not None:
            self.check(parent)
        if self.prefetched is not None:
            value = getattr(parent, self.prefetched, _NOT_PREFETCHED)
            if value is not _NOT_PREFETCHED:
                return self._kept_value(parent, value)
        key = getattr(parent, self.key)
        if key is None:
            return None
        future = self.loader.of(info).load(key)
        return future if self.keep is None else self._kept(parent, future)

    async def _kept(self, parent, future):
        return self._kept_value(parent, await future)

    async def resolve_batch(self, parents: list, info) -> list:
        values: list[Any] = [None] * len(parents)
        keyed: list[int] = []
        for index, parent in enumerate(parents):
            if self.check is not None:
                try:
                    self.check(parent)
                except Exception as error:
                    values[index] = error
                    continue
            if self.prefetched is not None:
                value = getattr(parent, self.prefetched, _NOT_PREFETCHED)
                if value is not _NOT_PREFETCHED:
                    values[index] = self._kept_value(parent, value)
                    continue
            if getattr(parent, self.key) is not None:
                keyed.append(index)
        if keyed:
            loader = self.loader.of(info)
            loaded = await load_all(loader, [getattr(parents[i], self.key) for i in keyed])
            for index, value in zip(keyed, loaded, strict=True):
                values[index] = self._kept_value(parents[index], value)
        return values

    def _kept_value(self, parent, value):
        if self.keep is None or value is None or isinstance(value, Exception):
            return value
        return value if self.keep(parent, value) else None
