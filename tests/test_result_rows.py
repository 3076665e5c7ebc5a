"""The app's result reader (result_rows.FastResultConnection) gives exactly the rows
and column descriptions PyMySQL gives, for every table of the schema and for the
value shapes the wire protocol distinguishes; and `records` gives the values peewee's
own conversion gives, for every model."""

from __future__ import annotations

import datetime
import decimal

import pymysql
import pytest

from boxtribute_api.db.queries import record_maker, records
from boxtribute_api.db.result_rows import CONVERSIONS, FastResultConnection
from boxtribute_api.db.routing import connection_scope
from boxtribute_api.models import ALL_MODELS
from support.database import MYSQL, admin_connection


def both_readers(database: str):
    stock = pymysql.connect(**MYSQL, database=database, charset="utf8mb4", autocommit=True)
    fast = FastResultConnection(
        **MYSQL, database=database, charset="utf8mb4", autocommit=True, conv=CONVERSIONS
    )
    return stock, fast


def read(connection, sql: str, args=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall(), cursor.description


def assert_same_everywhere(database: str):
    stock, fast = both_readers(database)
    with stock, fast:
        tables = [row[0] for row in read(stock, "SHOW TABLES")[0]]
        assert tables
        for table in tables:
            # Twice: the second read takes the column descriptions from the cache.
            for _ in range(2):
                assert read(fast, f"SELECT * FROM `{table}`") == read(
                    stock, f"SELECT * FROM `{table}`"
                ), table


def test_every_table_of_the_demo_schema_reads_the_same(demo_db):
    assert_same_everywhere(demo_db)


def test_every_table_of_the_original_dump_reads_the_same(seed_db):
    assert_same_everywhere(seed_db)


@pytest.fixture(scope="module")
def shapes_db():
    name = "boxtribute_test_result_rows"
    with admin_connection() as connection, connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        cursor.execute(
            f"""CREATE TABLE `{name}`.shapes (
                id INT PRIMARY KEY, text_value LONGTEXT, blob_value LONGBLOB,
                when_value DATETIME, fine_when DATETIME(3), day DATE, amount DECIMAL(36,18),
                ratio DOUBLE, flag TINYINT(1), big BIGINT UNSIGNED, doc JSON, period TIME)"""
        )
    yield name
    with admin_connection() as connection, connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE `{name}`")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "x" * 250,  # the longest one-byte length
        "é" * 200,  # 400 bytes: a two-byte length
        "y" * 70_000,  # a three-byte length
        "ünïcødé ✓ 箱",
    ],
)
def test_strings_of_every_length_encoding(shapes_db, text):
    stock, fast = both_readers(shapes_db)
    with stock, fast:
        read(stock, "DELETE FROM shapes")
        read(
            stock,
            "INSERT INTO shapes (id, text_value, blob_value) VALUES (1, %s, %s)",
            (text, text.encode()),
        )
        rows, _ = read(fast, "SELECT text_value, blob_value FROM shapes")
        assert rows == ((text, text.encode()),)
        assert read(fast, "SELECT * FROM shapes") == read(stock, "SELECT * FROM shapes")


def test_nulls_dates_decimals_and_other_types(shapes_db):
    stock, fast = both_readers(shapes_db)
    with stock, fast:
        read(stock, "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'")  # allows zero dates
        read(fast, "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'")
        read(stock, "DELETE FROM shapes")
        read(
            stock,
            """INSERT INTO shapes VALUES
            (1, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
            (2, 'a', x'00ff', '2024-02-29 23:59:58', '2024-02-29 23:59:58.125', '2024-02-29',
             '12.500000000000000000', 0.25, 1, 18446744073709551615, '{"a": [1, 2]}', '-12:30:00'),
            (3, 'b', x'', '0000-00-00 00:00:00', '0000-00-00 00:00:00.000', '0000-00-00',
             '0', -1e300, 0, 0, 'null', '00:00:01')""",
        )
        fast_rows = read(fast, "SELECT * FROM shapes ORDER BY id")
        assert fast_rows == read(stock, "SELECT * FROM shapes ORDER BY id")
        _, full, zero = fast_rows[0]
        assert full[3] == datetime.datetime(2024, 2, 29, 23, 59, 58)
        assert full[4] == datetime.datetime(2024, 2, 29, 23, 59, 58, 125000)
        assert full[6] == decimal.Decimal("12.5")
        assert zero[3] == "0000-00-00 00:00:00"  # left for LegacyDateTimeField to read as None


def test_empty_results_and_statements_without_rows(shapes_db):
    stock, fast = both_readers(shapes_db)
    with stock, fast:
        assert read(fast, "SELECT * FROM shapes WHERE id < 0") == read(
            stock, "SELECT * FROM shapes WHERE id < 0"
        )
        with fast.cursor() as cursor:
            assert cursor.execute("UPDATE shapes SET ratio = ratio WHERE id < 0") == 0
            assert cursor.execute("SELECT 1 UNION ALL SELECT 2") == 2


def test_errors_still_raise_as_pymysql_errors(shapes_db):
    _, fast = both_readers(shapes_db)
    with fast, pytest.raises(pymysql.err.OperationalError):
        read(fast, "SELECT no_such_column FROM shapes")


# --- records: peewee's conversions, those that change nothing left out (db/queries.py) --------


@pytest.mark.parametrize("model", ALL_MODELS, ids=[m._meta.table_name for m in ALL_MODELS])
def test_records_equal_peewees_own_conversion_of_every_model_on_the_seed(seed_client, model):
    if seed_client.settings.database.fast_rows is False:
        pytest.skip("the fast row reader is off in this mode")
    query = model.select().order_by(*model._meta.sorted_fields).limit(500)
    make = record_maker(query, model.__name__)
    with connection_scope():
        fast = records(query, model.__name__)
        converted_by_peewee = [make(row) for row in query.tuples()]
    assert fast == converted_by_peewee
    for ours, theirs in zip(fast, converted_by_peewee, strict=True):
        assert [type(value) for value in ours] == [type(value) for value in theirs]
