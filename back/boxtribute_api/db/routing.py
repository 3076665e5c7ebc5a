"""Which database a unit of work talks to, and how it gets a connection.

Every model is bound to `database`, a proxy that resolves to the primary or the
read replica *per context* (a ContextVar), never by rebinding models process-wide,
so two concurrent requests can read from different databases safely.

Connections are pooled. A unit of work (one offloaded call, one mutation, one CLI
command) takes a connection with `connection_scope()` and gives it back at the end.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from time import perf_counter

import peewee

from ..config import DatabaseSettings, Settings
from ..runtime.timing import current_timings
from .connections import LegacyMySQLDatabase


class RoutingDatabase(peewee.DatabaseProxy):
    """The database every model is bound to: primary, or replica where chosen."""

    __slots__ = ("primary", "replica", "prepared_selects")

    def __init__(self):
        self.primary = None
        self.replica = None
        # Whether db/queries.py PreparedSelect may reuse its SQL (settings).
        self.prepared_selects = True
        self._callbacks = []

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)

    @property
    def current(self) -> LegacyMySQLDatabase:
        if _replica_selected.get() and self.replica is not None:
            return self.replica
        if self.primary is None:
            raise RuntimeError("database not configured: call configure_databases()")
        return self.primary

    # peewee's Proxy machinery reads `obj`: route it.
    obj = current

    def initialize(self, obj):
        self.primary = obj
        for callback in self._callbacks:
            callback(obj)


database = RoutingDatabase()
_replica_selected: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "replica_selected", default=False
)


_pools: dict[DatabaseSettings, LegacyMySQLDatabase] = {}


def _pool_for(settings: DatabaseSettings) -> LegacyMySQLDatabase:
    if settings not in _pools:
        _pools[settings] = LegacyMySQLDatabase(settings)
    return _pools[settings]


def close_pools(database_name: str) -> None:
    """Close every pooled connection to the database called `database_name` and forget
    its pools (e.g. before the database is dropped); a later configuration opens anew."""
    for settings in [s for s in _pools if s.name == database_name]:
        _pools.pop(settings).close_all()


def configure_databases(settings: Settings) -> None:
    """Route models to the pools of the primary (and replica); pools are reused."""
    database.prepared_selects = settings.prepared_selects
    database.initialize(_pool_for(settings.database))
    database.replica = _pool_for(settings.replica) if settings.replica else None


@contextmanager
def use_replica():
    """Send this context's reads (and offloaded calls started in it) to the replica."""
    token = _replica_selected.set(True)
    try:
        yield
    finally:
        _replica_selected.reset(token)


@contextmanager
def connection_scope():
    """Hold one pooled connection for the block; nested scopes share it."""
    db = database.current
    if not db.is_closed():
        yield db
        return
    timings = current_timings()
    if timings is None:
        db.connect()
        try:
            yield db
        finally:
            db.close()
        return
    started = perf_counter()
    db.connect()
    timings.add_pool_use(started, perf_counter())
    try:
        yield db
    finally:
        started = perf_counter()
        db.close()
        timings.add_pool_use(started, perf_counter())


def ping_database() -> None:
    """A round trip to the current database (raises if it does not answer)."""
    database.current.execute_sql("SELECT 1").fetchall()


def pool_stats() -> dict:
    stats = {"primary": database.primary.pool_stats()}
    if database.replica is not None:
        stats["replica"] = database.replica.pool_stats()
    return stats
