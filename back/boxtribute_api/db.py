"""Databases, the connection pool, and how a unit of work gets a connection.

Every model is bound to `database`, a proxy that resolves to the primary or the
read replica *per context* (a ContextVar), never by rebinding models process-wide,
so two concurrent requests can read from different databases safely.

Connections are pooled. A unit of work (one offloaded call, one mutation, one CLI
command) takes a connection with `connection_scope()` and gives it back at the end.

Connections use real blocking sockets even when gevent has patched `socket`: all
database work runs on native worker threads (see graphql/offload.py), where a
blocking socket releases the GIL while waiting, and a pooled connection can move
between threads without being tied to one thread's gevent hub.
"""

from __future__ import annotations

import asyncio
import collections
import contextvars
import datetime
import decimal
import functools
import inspect
import socket
import ssl
import threading
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from time import perf_counter

import peewee
from playhouse.pool import _PooledMySQLDatabase
from pymysql.constants import SERVER_STATUS

from .config import DatabaseSettings, Settings
from .graphql.eventloop import unpatched
from .graphql.timing import current_timings
from .result_rows import CONVERSIONS, FastResultConnection

_running_loop = asyncio._get_running_loop


class DatabaseCallOnEventLoopError(RuntimeError):
    """A query was about to block a running asyncio event loop."""


_shared_tls_context: ssl.SSLContext | None = None


def _tls_context() -> ssl.SSLContext:
    # PyMySQL builds a fresh default context (loading the CA bundle, ~45 ms of CPU)
    # on every connect unless given one: build it once per process.
    global _shared_tls_context
    if _shared_tls_context is None:
        _shared_tls_context = ssl.create_default_context()
    return _shared_tls_context


class NativeSocketMySQLDatabase(peewee.MySQLDatabase):
    """Raw connections over native blocking sockets; TLS only off loopback."""

    settings: DatabaseSettings

    def _connect(self):
        # The pool calls this when it needs a new raw connection.
        s = self.settings
        params = dict(
            user=s.user,
            password=s.password,
            database=s.name,
            charset="utf8mb4",
            autocommit=True,
            connect_timeout=10,
            defer_connect=True,
        )
        if s.is_local:
            params["ssl_disabled"] = True
        else:
            params["ssl"] = _tls_context()
        if s.unix_socket:
            params["unix_socket"] = s.unix_socket
        else:
            params.update(host=s.host, port=s.port)
        conn = FastResultConnection(**params, conv=CONVERSIONS)
        conn.connect(sock=self._open_socket())
        cursor = conn.cursor()
        # Legacy rows use zero dates; the dump ran with these session settings.
        cursor.execute("SET time_zone = '+00:00', sql_mode = 'NO_AUTO_VALUE_ON_ZERO'")
        cursor.close()
        return conn

    def _open_socket(self):
        import socket as socket_module

        socket_class = unpatched("socket", "socket")
        s = self.settings
        if s.unix_socket:
            sock = socket_class(socket_module.AF_UNIX, socket_module.SOCK_STREAM)
            sock.settimeout(10)
            sock.connect(s.unix_socket)
            return sock
        infos = socket_module.getaddrinfo(s.host, s.port, 0, socket_module.SOCK_STREAM)
        family, socktype, proto, _, address = infos[0]
        sock = socket_class(family, socktype, proto)
        sock.settimeout(10)
        sock.connect(address)
        sock.setsockopt(socket_module.IPPROTO_TCP, socket_module.TCP_NODELAY, 1)
        sock.setsockopt(socket_module.SOL_SOCKET, socket_module.SO_KEEPALIVE, 1)
        return sock


class LegacyMySQLDatabase(_PooledMySQLDatabase, NativeSocketMySQLDatabase):
    """The pool in front of NativeSocketMySQLDatabase's raw connections."""

    def __init__(self, settings: DatabaseSettings, **kwargs):
        self.settings = settings
        super().__init__(
            settings.name,
            max_connections=settings.max_connections,
            stale_timeout=300,
            timeout=30,
            **kwargs,
        )
        # peewee's and the pool's locks are taken from native worker threads: they
        # must be real locks, not greenlet ones (which deadlock across threads).
        # Waiting for a free connection never happens while the pool is at least
        # as large as the DB thread pool.
        native_rlock = unpatched("threading", "_CRLock")
        self._lock = native_rlock()
        self._pool_lock = native_rlock()
        self._pool_available = threading.Condition(self._pool_lock)

    def execute_sql(self, sql, params=None, *args, **kwargs):
        if _running_loop() is not None:
            raise DatabaseCallOnEventLoopError(
                "database call on a running event loop; offload it (graphql/offload.py)"
            )
        timings = current_timings()
        if timings is None:
            return super().execute_sql(sql, params, *args, **kwargs)
        started = perf_counter()
        try:
            return super().execute_sql(sql, params, *args, **kwargs)
        finally:
            timings.add_statement(sql, started, perf_counter())

    def _is_closed(self, conn) -> bool:
        # Checked on every checkout. A non-blocking peek on the socket tells a
        # connection the server closed (EOF) without the round trip of a ping.
        sock = getattr(conn, "_sock", None)
        if sock is None:
            return True
        try:
            sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
        except BlockingIOError:
            return False  # nothing to read: open and idle
        except OSError:
            return True
        return True  # EOF, or bytes nobody asked for: do not reuse

    def _can_reuse(self, conn) -> bool:
        # Checked on every check-in. peewee rolls back unless the driver reports
        # the transaction state, which PyMySQL does only through the server status:
        # roll back only a connection left inside a transaction (one round trip less).
        if conn.server_status & SERVER_STATUS.SERVER_STATUS_IN_TRANS:
            try:
                conn.rollback()
            except Exception:
                return False
        return True

    def pool_stats(self) -> dict:
        with self._pool_lock:
            return {"in_use": len(self._in_use), "idle": len(self._connections)}


class RoutingDatabase(peewee.DatabaseProxy):
    """The database every model is bound to: primary, or replica where chosen."""

    __slots__ = ("primary", "replica")

    def __init__(self):
        self.primary = None
        self.replica = None
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


def configure_databases(settings: Settings) -> None:
    """Route models to the pools of the primary (and replica); pools are reused."""
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


def pool_stats() -> dict:
    stats = {"primary": database.primary.pool_stats()}
    if database.replica is not None:
        stats["replica"] = database.replica.pool_stats()
    return stats


# ---------------------------------------------------------------------------
# Model base and column types of the legacy schema

ZERO_DATETIME = "0000-00-00 00:00:00"


class LegacyDateTimeField(peewee.DateTimeField):
    """DATETIME where the legacy schema stores '0000-00-00 00:00:00' for 'never'.

    Read: zero dates become None. Write: None becomes the zero date when the column
    is NOT NULL (e.g. stock.deleted), NULL otherwise.
    """

    def python_value(self, value):
        if value is None or isinstance(value, datetime.datetime):
            return value
        if isinstance(value, str) and value.startswith("0000-00-00"):
            return None
        return super().python_value(value)

    def db_value(self, value):
        if value is None and not self.null:
            return ZERO_DATETIME
        return super().db_value(value)

    def is_unset(self):
        """SQL condition for 'None': NULL or the zero date (`is_null()` misses the latter)."""
        return self.is_null() | (self == ZERO_DATETIME)


class LegacyDateField(peewee.DateField):
    def python_value(self, value):
        if isinstance(value, str) and value.startswith("0000-00-00"):
            return None
        return super().python_value(value)


class UnsignedAutoField(peewee.AutoField):
    field_type = "INT UNSIGNED AUTO_INCREMENT"


class UnsignedIntegerField(peewee.IntegerField):
    field_type = "INT UNSIGNED"


class UnsignedDecimalField(peewee.DecimalField):
    def ddl_datatype(self, ctx):
        return peewee.SQL(f"{super().ddl_datatype(ctx).sql} UNSIGNED")


def column_default(value) -> dict:
    """Field keyword arguments for a column DEFAULT: the Python default for new
    objects, and the same DEFAULT clause in tables created from the models.

    The zero date gets only the clause: in Python it is None (see LegacyDateTimeField).
    """
    if isinstance(value, bool):
        literal = str(int(value))
    elif isinstance(value, int | float | decimal.Decimal):
        literal = str(value)
    elif isinstance(value, datetime.datetime):
        literal = f"'{value.isoformat(sep=' ')}'"
    elif isinstance(value, datetime.date):
        literal = f"'{value.isoformat()}'"
    else:
        literal = "'" + str(value).replace("'", "''") + "'"
    constraints = [peewee.SQL(f"DEFAULT {literal}")]
    if value == ZERO_DATETIME:
        return {"constraints": constraints}
    return {"default": value, "constraints": constraints}


class LegacyForeignKeyField(peewee.ForeignKeyField):
    """A foreign key column whose attribute returns the raw id unless joined.

    `lazy_load=False` keeps an unjoined access from firing a hidden query (loaders
    batch those lookups instead). The column type follows the legacy `int unsigned`.
    """

    def __init__(self, model, **kwargs):
        kwargs.setdefault("lazy_load", False)
        kwargs.setdefault("on_update", "CASCADE")
        super().__init__(model, **kwargs)

    def bind(self, model, name, set_attribute=True):
        # The raw id is always `<attribute>_id` (e.g. `Box.state_id` for box_state_id),
        # whatever the legacy column is called.
        if not self.object_id_name:
            self.object_id_name = f"{name}_id"
        super().bind(model, name, set_attribute)

    @property
    def field_type(self):
        if isinstance(self.rel_field, UnsignedAutoField | UnsignedIntegerField):
            return "INT UNSIGNED"
        return super().field_type


class BaseModel(peewee.Model):
    class Meta:
        database = database
        legacy_table_names = False


@functools.lru_cache(maxsize=64)
def _record_class(class_name: str, names: tuple[str, ...]) -> type:
    return collections.namedtuple(class_name, names)


def records(query: peewee.ModelSelect, class_name: str) -> list:
    """The rows of `query` as light read-only records, several times cheaper to
    build than model instances (which matters for thousands of rows).

    Attributes are named like the model's: a field by its name, a foreign key by
    its raw id (`product_id`), an aliased column by its alias. The class is named
    `class_name`, so unions and interfaces resolve it like the model.
    """
    make = record_maker(query, class_name)
    return [make(row) for row in query.tuples()]


def record_maker(query: peewee.ModelSelect, class_name: str) -> Callable[[tuple], tuple]:
    """The constructor of `records` for rows (tuples) of `query`."""
    names = []
    for column in query._returning:
        if isinstance(column, peewee.Alias):
            names.append(column._alias)
        elif isinstance(column, peewee.ForeignKeyField):
            names.append(column.object_id_name)
        elif isinstance(column, peewee.Field):
            names.append(column.name)
        else:
            raise ValueError(f"name the column {column!r} with an alias")
    return _record_class(class_name, tuple(names))._make


def _int_literal(value) -> str:
    """An argument of a PreparedSelect as SQL: an int, or a parenthesised int list."""
    if type(value) is int:
        return str(value)
    values = list(value)
    if not all(type(item) is int for item in values):
        raise TypeError(f"PreparedSelect takes ints or collections of ints, not {value!r}")
    # `IN ()` is a syntax error; `IN (NULL)` matches nothing, like peewee's empty IN.
    return "(" + ",".join(map(str, values)) + ")" if values else "(NULL)"


class PreparedSelect:
    """A SELECT whose SQL peewee generates once and that then runs with new integer
    arguments. For the small lookups of loaders, generating the SQL costs peewee
    more CPU than the database spends running it (0.3-0.9 ms a statement), and
    successive batches differ only in their ids.

        by_id = PreparedSelect(lambda ids: QrCode.select().where(QrCode.id.in_(ids)))
        for qr_code in by_id(ids): ...

    `build` gets one placeholder per argument and returns the query; a placeholder
    stands where an int (`==`) or an int list (`in_`) goes. Arguments are ints or
    collections of ints (inlined as literals, so that every call shares one SQL
    text); anything else the query needs is a constant of `build`. A call returns
    the query's rows as peewee would (models, tuples, ... as built).
    """

    def __init__(self, build: Callable[..., peewee.ModelSelect]):
        self._build = build
        self._prepared: tuple[peewee.ModelSelect, str, list, list[str]] | None = None

    @property
    def query(self) -> peewee.ModelSelect:
        """The query as built (with placeholders), e.g. for `record_maker`."""
        return self._prepare()[0]

    def _prepare(self, arity: int | None = None):
        if self._prepared is None:
            if arity is None:
                arity = len(inspect.signature(self._build).parameters)
            tokens = [f"__prepared_argument_{index}__" for index in range(arity)]
            query = self._build(*(peewee.SQL(token) for token in tokens))
            sql, params = query.sql()
            # Built once per process; a race only builds the same thing twice.
            self._prepared = (query, sql, list(params), tokens)
        return self._prepared

    def __call__(self, *arguments) -> Iterable:
        query, sql, params, tokens = self._prepare(len(arguments))
        for token, value in zip(tokens, arguments, strict=True):
            sql = sql.replace(token, _int_literal(value))
        cursor = database.current.execute_sql(sql, params)
        return query._get_cursor_wrapper(cursor)


@functools.cache
def _by_id_statement(model: type[peewee.Model]) -> PreparedSelect:
    return PreparedSelect(lambda ids: model.select().where(model.id.in_(ids)))


def rows_by_id(model: type[peewee.Model], ids: Iterable[int]) -> dict[int, peewee.Model]:
    """Loader batch of a plain model: id -> row, for those of `ids` that exist."""
    return {row.id: row for row in _by_id_statement(model)(list(ids))}
