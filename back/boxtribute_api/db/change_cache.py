"""Answers of expensive read-only computations kept until a table they read changes.

The marker of a set of tables is their InnoDB `UPDATE_TIME` (information_schema):
one cheap statement. MariaDB sets it when a transaction that modified the table
commits, but to that transaction's *start* time (whole seconds; storage/innobase
trx_t::commit_tables), so on its own it would miss a transaction that started in the
same second as the last writer and commits later. An answer is therefore kept only
when, just before it was computed,

* every table's `UPDATE_TIME` was known (not NULL: after a restart or an eviction
  from the table cache it is) and earlier than the current second, and
* no open transaction (`information_schema.INNODB_TRX`, which needs the PROCESS
  privilege) had started at or before the latest of those times.

Then every transaction that commits a change to one of the tables after the
computation's reads started after the marker was taken, in a later second, and
sets a different `UPDATE_TIME`: the kept answer is never served once its data
changed. Without the privilege, on another server than MariaDB, inside a
transaction, or when the conditions fail, the computation simply runs every time.

Update times are compared as UTC epoch seconds, so a daylight-saving change cannot
make two seconds look alike; INNODB_TRX shows starts in the server's own zone, so
where that is not UTC an hour of doubt is allowed for. Answers are kept per process, per database server and schema, and per
function and arguments, for the last `CAPACITY` of them; callers must treat the
answers as read-only (they are shared between requests).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, ParamSpec, TypeVar

import peewee

from .routing import database

P = ParamSpec("P")
R = TypeVar("R")

CAPACITY = 32

_lock = threading.Lock()
_answers: OrderedDict[Hashable, tuple[tuple, Any]] = OrderedDict()
# Per database server and schema: None where markers cannot be trusted (not MariaDB,
# or INNODB_TRX unreadable), else the seconds of doubt when comparing a transaction's
# start (INNODB_TRX shows it in the server's own time zone) with an update time: 0
# on a server in UTC, an hour elsewhere (a daylight-saving change). Learnt on first use.
_doubt: dict[Hashable, int | None] = {}

_MARKER = (
    "SET STATEMENT time_zone = '+00:00' FOR"
    " SELECT LOWER(table_name), UNIX_TIMESTAMP(update_time),"
    " update_time < NOW() - INTERVAL 1 SECOND"
    " FROM information_schema.tables"
    " WHERE table_schema = DATABASE() AND table_name IN ({names})"
)
_OLDEST_OPEN_TRANSACTION = (
    "SET STATEMENT time_zone = 'SYSTEM' FOR"
    " SELECT MIN(UNIX_TIMESTAMP(trx_started)) FROM information_schema.innodb_trx"
    " WHERE trx_mysql_thread_id <> CONNECTION_ID()"
)
_UTC = ("UTC", "GMT", "Etc/UTC", "Universal", "Zulu")


def _server_key(db: peewee.Database) -> Hashable:
    params = db.connect_params
    return (db.database, params.get("host"), params.get("port"), params.get("unix_socket"))


def _doubt_on(db: peewee.Database, server: Hashable) -> int | None:
    if server not in _doubt:
        version, zone = db.execute_sql("SELECT VERSION(), @@system_time_zone").fetchone()
        doubt = (0 if str(zone) in _UTC else 3600) if "mariadb" in str(version).lower() else None
        if doubt is not None:
            try:
                db.execute_sql(_OLDEST_OPEN_TRANSACTION).fetchall()
            except peewee.DatabaseError:  # no PROCESS privilege
                doubt = None
        _doubt[server] = doubt
    return _doubt[server]


def _marker(db: peewee.Database, tables: tuple[str, ...], doubt: int) -> tuple[tuple, bool]:
    """(the tables' update times, whether an answer computed now may be kept)."""
    names = ", ".join(["%s"] * len(tables))
    found = {
        str(name): (updated, bool(settled))
        for name, updated, settled in db.execute_sql(_MARKER.format(names=names), tables)
    }
    marker = tuple(found.get(t, (None, False))[0] for t in tables)
    if any(updated is None for updated in marker) or not all(found[t][1] for t in tables):
        return marker, False
    oldest_open = db.execute_sql(_OLDEST_OPEN_TRANSACTION).fetchone()[0]
    return marker, oldest_open is None or oldest_open > max(marker) + doubt


def _frozen(value: Any) -> Hashable:
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(_frozen(v) for v in value)
    return value


def kept_while_unchanged(*tables: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorator: keep the function's answers (by arguments) until one of `tables`
    changes. The function must only read the current database, and only `tables`."""
    tables = tuple(sorted(t.lower() for t in tables))

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def kept(*args: P.args, **kwargs: P.kwargs) -> R:
            db = database.current
            server = _server_key(db)
            doubt = None if db.in_transaction() else _doubt_on(db, server)
            if doubt is None:
                return fn(*args, **kwargs)
            arguments = (_frozen(args), tuple(sorted((k, _frozen(v)) for k, v in kwargs.items())))
            key = (server, fn.__module__, fn.__qualname__, arguments)
            marker, keepable = _marker(db, tables, doubt)
            with _lock:
                found = _answers.get(key)
                if found is not None and found[0] == marker:
                    _answers.move_to_end(key)
                    return found[1]
            answer = fn(*args, **kwargs)
            if keepable:
                with _lock:
                    _answers[key] = (marker, answer)
                    _answers.move_to_end(key)
                    while len(_answers) > CAPACITY:
                        _answers.popitem(last=False)
            return answer

        return kept

    return decorate


def forget_all() -> None:
    """Drop every kept answer and what was learnt about servers (tests)."""
    with _lock:
        _answers.clear()
        _doubt.clear()
