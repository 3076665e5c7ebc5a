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
changed. Without the privilege, on another server than MariaDB (MySQL caches its
UPDATE_TIME for a day by default), inside a transaction, or when the conditions
fail, the computation simply runs every time.

Update times are compared as UTC epoch seconds, so a daylight-saving change cannot
make two seconds look alike; INNODB_TRX shows starts in the server's system time
zone, so only servers running in UTC are trusted. Answers are kept per process, per
database server and schema, and per function and arguments, for the last
`CAPACITY` of them; callers must treat the answers as read-only (they are shared
between requests).
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, ParamSpec, TypeVar

import peewee

from ..runtime.unpatched import unpatched
from .routing import database

P = ParamSpec("P")
R = TypeVar("R")

CAPACITY = 32

# Taken on native DB threads: a real lock, also where gevent patched `threading`.
_lock = unpatched("threading", "_CRLock")()
_answers: OrderedDict[Hashable, tuple[tuple, Any]] = OrderedDict()
# Database servers (and schemas) where markers cannot be trusted: not MariaDB, its
# system time zone not UTC (INNODB_TRX shows transaction starts in it), or no PROCESS
# privilege. Learnt from the first marker read there.
_untrusted: set[Hashable] = set()

# One statement: per table its update time (UTC epoch seconds) and whether that is
# before the current second, with the oldest start of another open transaction.
# Without the PROCESS privilege it fails.
_MARKER = (
    "SET STATEMENT time_zone = '+00:00' FOR"
    " SELECT LOWER(table_name), UNIX_TIMESTAMP(update_time),"
    " update_time < NOW() - INTERVAL 1 SECOND,"
    " (SELECT MIN(UNIX_TIMESTAMP(trx_started)) FROM information_schema.innodb_trx"
    "  WHERE trx_mysql_thread_id <> CONNECTION_ID()),"
    " VERSION() LIKE '%%MariaDB%%' AND @@system_time_zone IN ('UTC', 'Etc/UTC', 'GMT')"
    " FROM information_schema.tables"
    " WHERE table_schema = DATABASE() AND table_name IN ({names})"
)


def _server_key(db: peewee.Database) -> Hashable:
    params = db.connect_params
    return (db.database, params.get("host"), params.get("port"), params.get("unix_socket"))


def _marker(db: peewee.Database, tables: tuple[str, ...]) -> tuple[tuple, bool, bool]:
    """(the tables' update times, whether an answer computed now may be kept, whether
    markers can be trusted on this server at all)."""
    names = ", ".join(["%s"] * len(tables))
    try:
        found = list(db.execute_sql(_MARKER.format(names=names), tables))
    except peewee.DatabaseError:  # no PROCESS privilege, or not MariaDB
        return (), False, False
    if not found:  # none of the tables here: nothing to keep
        return (), False, True
    if not all(trusted for *_, trusted in found):
        return (), False, False
    updated = {str(name): (at, bool(settled)) for name, at, settled, _, _ in found}
    oldest_open = found[0][3]
    marker = tuple(updated.get(t, (None, False))[0] for t in tables)
    if any(at is None for at in marker) or not all(updated[t][1] for t in tables):
        return marker, False, True
    return marker, oldest_open is None or oldest_open > max(marker), True


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
            if db.in_transaction() or server in _untrusted:
                return fn(*args, **kwargs)
            marker, keepable, trusted = _marker(db, tables)
            if not trusted:
                _untrusted.add(server)
                return fn(*args, **kwargs)
            arguments = (_frozen(args), tuple(sorted((k, _frozen(v)) for k, v in kwargs.items())))
            key = (server, fn.__module__, fn.__qualname__, arguments)
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
        _untrusted.clear()
