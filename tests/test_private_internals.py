"""Every assumption the app makes about a library's private internals, asserted.

The fast paths of this back-end lean on a few underscore APIs of asyncio,
concurrent.futures, threading, peewee/playhouse, PyMySQL, graphql-core, ariadne and
aiodataloader. An upgrade that changes one of them must fail here, in CI, rather
than misbehave in production. Where a whole method is re-implemented (PyMySQL's
result reading), the upstream source is pinned by digest: a new digest means
"read the new upstream code against ours, then update the digest".

Each fast path can be switched off by a setting (config.py): GRAPHQL_EXECUTOR=plain,
MYSQL_ROW_READER=pymysql, PREPARED_SELECTS=off, EVENT_LOOP=plain, LOADER_HOPS=batch;
the comparison tests with the original run in both modes (conftest.py
EXECUTION_MODES).
"""

from __future__ import annotations

import _queue
import asyncio
import concurrent.futures
import hashlib
import inspect
import socket
import threading

import peewee
import pymysql.connections
import pytest
from aiodataloader import DataLoader
from ariadne import QueryType, make_executable_schema
from graphql import ExecutionContext, GraphQLResolveInfo
from playhouse.pool import PooledMySQLDatabase, _PooledMySQLDatabase

from boxtribute_api.api.attributes import is_ariadne_alias_resolver
from boxtribute_api.db.connections import LegacyMySQLDatabase
from boxtribute_api.db.routing import database
from boxtribute_api.runtime.eventloop import run_coroutine
from boxtribute_api.runtime.unpatched import unpatched
from boxtribute_api.tag.models import Tag


def digest(function) -> str:
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]


# --- asyncio, concurrent.futures, threading (runtime/eventloop.py) ---------------------------


def test_asyncio_keeps_the_running_loop_in_a_slot_that_can_be_emptied_and_restored():
    # GreenletSafeSelector hands the slot back while its loop is parked in select().
    async def probe():
        loop = asyncio._get_running_loop()
        asyncio._set_running_loop(None)
        emptied = asyncio._get_running_loop()
        asyncio._set_running_loop(loop)
        return loop, emptied, asyncio.get_running_loop()

    loop, emptied, restored = run_coroutine(probe())
    assert emptied is None
    assert restored is loop


def test_the_db_job_queue_is_the_c_simple_queue_whose_put_never_blocks():
    queue = _queue.SimpleQueue()
    assert type(queue).__module__ == "_queue"
    for item in range(10_000):
        queue.put(item)  # unbounded: never waits, never yields to another greenlet
    assert queue.qsize() == 10_000


def test_a_future_waits_on_its_condition_attribute_which_may_be_replaced():
    # _NativeFuture swaps `_condition` for one on a native lock.
    future = concurrent.futures.Future()
    assert isinstance(future._condition, threading.Condition)
    future._condition = threading.Condition(unpatched("threading", "_CRLock")())
    waiter = threading.Thread(target=lambda: future.result(timeout=5))
    waiter.start()
    future.set_result(42)
    waiter.join(timeout=5)
    assert not waiter.is_alive()


def test_threading_has_the_c_reentrant_lock():
    lock = unpatched("threading", "_CRLock")()
    assert type(lock).__module__ == "_thread"
    with lock, lock:
        pass


# --- peewee and playhouse (db/) --------------------------------------------------------------


def test_the_pool_keeps_its_state_in_the_attributes_the_app_replaces_and_reads():
    # LegacyMySQLDatabase swaps in native locks and reports in_use/idle.
    pool = PooledMySQLDatabase("any", max_connections=2)
    assert isinstance(pool._pool_lock, type(threading.RLock()))
    assert pool._pool_available._lock is pool._pool_lock
    assert isinstance(pool._in_use, dict)
    assert isinstance(pool._connections, list)
    assert issubclass(LegacyMySQLDatabase, _PooledMySQLDatabase)


def test_the_pool_checks_out_with_is_closed_and_checks_in_with_can_reuse(client):
    pool = database.primary
    calls = []
    original_is_closed, original_can_reuse = pool._is_closed, pool._can_reuse
    pool._is_closed = lambda conn: calls.append("is_closed") or original_is_closed(conn)
    pool._can_reuse = lambda conn: calls.append("can_reuse") or original_can_reuse(conn)
    try:
        for _ in range(2):  # the second checkout reuses the first connection
            pool.connect()
            pool.close()
    finally:
        del pool._is_closed, pool._can_reuse
    assert "is_closed" in calls and "can_reuse" in calls


def test_a_database_proxy_forwards_attributes_to_its_obj_which_routing_makes_a_property(client):
    # RoutingDatabase routes by turning peewee's `obj` attribute into a property.
    assert "self.obj" in inspect.getsource(peewee.Proxy.__getattr__)
    assert database.is_closed.__self__ is database.primary


def test_a_select_keeps_its_columns_distinct_flags_and_cursor_wrapper_where_the_app_reads():
    query = Tag.select(Tag.id, Tag.name.alias("tag_name"))
    assert list(query._returning)[0] is Tag.id  # db/queries.py records()
    assert isinstance(list(query._returning)[1], peewee.Alias)
    assert not query._simple_distinct and query._distinct is None  # db/pagination.py
    assert query.distinct()._distinct == ()  # .distinct(), as the box store uses it
    assert query.distinct(True)._simple_distinct is True
    assert callable(query._get_cursor_wrapper)  # PreparedSelect


# --- PyMySQL (db/result_rows.py, db/connections.py) ------------------------------------------

# The upstream methods db/result_rows.py re-implements or replaces (PyMySQL 1.2.4).
PYMYSQL_SOURCES = {
    "Connection._read_query_result": (
        pymysql.connections.Connection._read_query_result,
        "0158eebefe7697b6",
    ),
    "MySQLResult.read": (pymysql.connections.MySQLResult.read, "2e435b0016f57335"),
    "MySQLResult._get_descriptions": (
        pymysql.connections.MySQLResult._get_descriptions,
        "36bd508e0b36ee1b",
    ),
    "MySQLResult._read_rowdata_packet": (
        pymysql.connections.MySQLResult._read_rowdata_packet,
        "9081287800dde2cb",
    ),
    "MySQLResult._read_row_from_packet": (
        pymysql.connections.MySQLResult._read_row_from_packet,
        "0cc4e2f5c01c4437",
    ),
}


@pytest.mark.parametrize("name", list(PYMYSQL_SOURCES))
def test_the_pymysql_code_the_fast_row_reader_mirrors_is_unchanged(name):
    function, expected = PYMYSQL_SOURCES[name]
    assert digest(function) == expected, (
        f"PyMySQL's {name} changed: compare it with db/result_rows.py, then update the "
        "digest (or run with MYSQL_ROW_READER=pymysql meanwhile)"
    )


def test_a_pymysql_connection_exposes_its_socket_and_server_status(client):
    # _is_closed peeks at `_sock`; _can_reuse reads the transaction flag.
    pool = database.primary
    pool.connect()
    try:
        raw = pool.connection()
        assert isinstance(raw._sock, socket.socket)
        assert isinstance(raw.server_status, int)
        assert callable(raw._read_packet)
    finally:
        pool.close()


# --- graphql-core (api/fastpath.py) ----------------------------------------------------------


def test_resolve_info_is_built_positionally_in_this_field_order():
    assert GraphQLResolveInfo._fields == (
        "field_name",
        "field_nodes",
        "return_type",
        "parent_type",
        "path",
        "schema",
        "fragments",
        "root_value",
        "operation",
        "variable_values",
        "context",
        "is_awaitable",
    )


@pytest.mark.parametrize(
    "method, parameters",
    [
        ("complete_list_value", ["self", "return_type", "field_nodes", "info", "path", "result"]),
        ("handle_field_error", ["self", "error", "return_type", "path"]),
        ("build_response", ["data", "errors"]),
        ("collect_subfields", ["self", "return_type", "field_nodes"]),
        ("build_resolve_info", ["self", "field_def", "field_nodes", "parent_type", "path"]),
        ("complete_value", ["self", "return_type", "field_nodes", "info", "path", "result"]),
        (
            "ensure_valid_runtime_type",
            ["self", "runtime_type_name", "return_type", "field_nodes", "info", "result"],
        ),
        # OriginalRootExecutionContext (api/rootfields.py) runs the root fields itself.
        ("execute_fields", ["self", "parent_type", "source_value", "path", "fields"]),
        ("execute_field", ["self", "parent_type", "source", "field_nodes", "path"]),
    ],
)
def test_the_execution_context_methods_the_batched_executor_uses_keep_their_signature(
    method, parameters
):
    assert list(inspect.signature(getattr(ExecutionContext, method)).parameters) == parameters


def test_the_helpers_the_batched_executor_imports_from_graphql_core_modules_exist():
    from graphql.execution.execute import get_field_def
    from graphql.execution.values import get_argument_values

    assert callable(get_field_def) and callable(get_argument_values)
    context_attributes = inspect.getsource(ExecutionContext.__init__)
    for attribute in (
        "middleware_manager",
        "type_resolver",
        "field_resolver",
        "is_awaitable",
        "collected_errors",
    ):
        assert f"self.{attribute} =" in context_attributes


def test_field_errors_are_collected_by_path_and_dropped_below_a_nulled_position():
    # BatchedExecutionContext._record adds its errors the way graphql-core does.
    from graphql import GraphQLError
    from graphql.execution.execute import CollectedErrors
    from graphql.pyutils import Path

    collected = CollectedErrors()
    parent = Path(None, "boxes", "Query")
    collected.add(GraphQLError("parent"), parent)
    collected.add(GraphQLError("child"), parent.add_key(0, None))
    assert [e.message for e in collected.errors] == ["parent"]
    # OriginalRootExecutionContext filters that very list in place.
    assert collected.errors is collected.errors


# --- ariadne (api/fastpath.py, api/schema.py) -------------------------------------------------


def test_ariadne_marks_its_name_converting_resolver_and_closes_over_the_attribute_name():
    query = QueryType()
    schema = make_executable_schema(
        "type Query { someField: String, other: String }", query, convert_names_case=True
    )
    resolve = schema.query_type.fields["someField"].resolve
    assert is_ariadne_alias_resolver(resolve)
    (cell,) = resolve.__closure__
    assert cell.cell_contents == "some_field"
    assert schema.query_type.fields["other"].resolve is None


# --- aiodataloader (api/loaders.py load_all) ---------------------------------------------------


def test_a_dataloader_caches_its_futures_in_cache_by_cache_key():
    async def batch(keys):
        return [key * 2 for key in keys]

    async def load():
        loader = DataLoader(batch)
        value = await loader.load(21)
        return loader, value

    loader, value = run_coroutine(load())
    assert value == 42
    assert loader.cache is True
    future = loader._cache.get(loader.get_cache_key(21))
    assert future is not None and future.done() and future.result() == 42


# --- the request loop's fast path (runtime/eventloop.py, EVENT_LOOP=fast) ---------------------


def test_a_native_selectors_descriptor_is_readable_while_a_registered_socket_is():
    # The loop waits cooperatively for the epoll's own descriptor, then polls it.
    import select
    import selectors

    native = unpatched("selectors", "DefaultSelector")()
    left, right = socket.socketpair()
    try:
        native.register(left, selectors.EVENT_READ)
        assert select.select([native.fileno()], [], [], 0)[0] == []
        right.send(b"x")
        assert select.select([native.fileno()], [], [], 1)[0] == [native.fileno()]
        assert [key.fileobj for key, _ in native.select(0)] == [left]
    finally:
        native.close()
        left.close()
        right.close()


def test_gevent_waits_for_a_descriptor_and_tells_whether_select_is_patched():
    from gevent import monkey
    from gevent.socket import wait_read

    assert monkey.is_module_patched("select") in (True, False)
    left, right = socket.socketpair()
    try:
        right.send(b"x")
        wait_read(left.fileno(), 1)  # returns: readable
        with pytest.raises(OSError):  # gevent's timeout is a socket.timeout
            wait_read(right.fileno(), 0.01)
    finally:
        left.close()
        right.close()


# --- peewee: the boxes query kept per base and filter (box/store.py) ---------------------------


def test_a_peewee_query_is_copied_not_changed_by_where_select_order_by_and_limit():
    query = Tag.select().where(Tag.id > 1)
    sql = query.sql()
    query.where(Tag.id < 5).order_by(Tag.name).limit(3).select(Tag.id).sql()
    query.select(peewee.fn.COUNT(peewee.SQL("*"))).distinct(False).order_by().sql()
    assert query.sql() == sql


def test_peewees_tuple_cursor_wrapper_converts_with_the_fields_bound_python_value(client):
    # db/queries.py converted_rows reads `converters` after `initialize()` and leaves
    # out Field.python_value of fields whose `adapt` is an identity's.
    from boxtribute_api.db.routing import connection_scope

    query = Tag.select(Tag.id, Tag.name, Tag.base).tuples()
    with connection_scope():
        sql, params = query.sql()
        cursor = database.current.execute_sql(sql, params)
        wrapper = query._get_cursor_wrapper(cursor)
        wrapper.initialize()
        cursor.fetchall()
    first, second, third = wrapper.converters
    assert first.__self__ is Tag.id and first.__func__ is peewee.Field.python_value
    assert second.__self__ is Tag.name
    assert third.__func__ is peewee.ForeignKeyField.python_value
    assert peewee.IntegerField.python_value is peewee.Field.python_value
    assert "self.adapt(value)" in inspect.getsource(peewee.Field.python_value)
    assert "rel_field.python_value" in inspect.getsource(peewee.ForeignKeyField.python_value)
