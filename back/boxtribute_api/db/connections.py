"""Raw database connections and the pool in front of them.

Connections use real blocking sockets even when gevent has patched `socket`: all
database work runs on native worker threads (see db/offload.py), where a
blocking socket releases the GIL while waiting, and a pooled connection can move
between threads without being tied to one thread's gevent hub.
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
from time import perf_counter

import peewee
import pymysql
from playhouse.pool import MaxConnectionsExceeded, _PooledMySQLDatabase
from pymysql.constants import SERVER_STATUS

from ..config import DatabaseSettings
from ..runtime.timing import current_timings
from ..runtime.unpatched import unpatched
from .result_rows import CONVERSIONS, FastResultConnection

_running_loop = asyncio._get_running_loop

CR_CONN_HOST_ERROR = 2003
# Error codes that mean "the database cannot be reached now", not "this request is
# wrong": client-side connection failures (20xx) and the server refusing or
# dropping connections.
UNREACHABLE_CODES = frozenset(
    {
        1040,  # too many connections
        1053,  # server shutdown in progress
        1927,  # connection killed
        2002,  # can't connect through socket
        2003,  # can't connect to host
        2006,  # server has gone away
        2013,  # lost connection during query
        2055,  # lost connection at ...
        4031,  # disconnected by the server (inactivity)
    }
)


def is_unreachable(error: BaseException) -> bool:
    """Whether `error` says the database cannot be reached (retrying later may
    work), as opposed to a failure of the statement itself."""
    if isinstance(error, peewee.InterfaceError | pymysql.err.InterfaceError):
        return True  # e.g. a connection already closed
    if isinstance(error, MaxConnectionsExceeded):
        return True
    if isinstance(error, peewee.OperationalError | pymysql.err.OperationalError):
        code = error.args[0] if error.args else None
        return code in UNREACHABLE_CODES
    return False


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
            # The legacy tables are utf8 (3 bytes a character) and the original's
            # connections speak it too: a 4-byte character (an emoji) is then
            # stored as one '?' per byte, as the original stores it.
            charset="utf8",
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
        if s.fast_rows:
            conn = FastResultConnection(**params, conv=CONVERSIONS)
        else:
            conn = pymysql.connections.Connection(**params)
        try:
            sock = self._open_socket()
        except OSError as error:
            # As PyMySQL reports it when it opens the socket itself: a database
            # error (peewee's OperationalError), not a stray OSError.
            raise pymysql.err.OperationalError(
                CR_CONN_HOST_ERROR, f"Can't connect to MySQL server ({error})"
            ) from error
        conn.connect(sock=sock)
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
                "database call on a running event loop; offload it (db/offload.py)"
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
