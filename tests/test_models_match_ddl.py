"""The peewee models describe the legacy dropapp schema, and the tables created from
them take the same inserts as the legacy tables.

Loads the reference DDL from ../shared/reference into a scratch database on the
local MySQL/MariaDB (MYSQL_HOST, MYSQL_PORT, MYSQL_USER, MYSQL_PASSWORD, MYSQL_SOCKET).
"""

from __future__ import annotations

import dataclasses
import uuid

import peewee
import pymysql
import pytest

from boxtribute_api.box.models import Box
from boxtribute_api.config import Settings
from boxtribute_api.db.connections import LegacyMySQLDatabase
from boxtribute_api.db.fields import UnsignedDecimalField
from boxtribute_api.db.routing import configure_databases, connection_scope
from boxtribute_api.db.routing import database as routing_database
from boxtribute_api.models import ALL_MODELS, create_schema
from support.reference import REFERENCE

SCHEMA_SQL = REFERENCE / "dropapp-schema.sql"

if not SCHEMA_SQL.is_file():
    pytest.skip(
        f"reference DDL not found at {SCHEMA_SQL} (../shared/reference is absent)",
        allow_module_level=True,
    )


MODEL_IDS = [model._meta.table_name for model in ALL_MODELS]

# peewee field_type -> (information_schema DATA_TYPE, unsigned?); None: either
FIELD_TYPES = {
    "INT UNSIGNED AUTO_INCREMENT": ("int", True),
    "INT UNSIGNED": ("int", True),
    "INT": ("int", False),
    "BOOL": ("tinyint", None),
    "VARCHAR": ("varchar", None),
    "TEXT": ("text", None),
    "DATETIME": ("datetime", None),
    "DATE": ("date", None),
    "DECIMAL": ("decimal", None),
    "FLOAT": ("float", None),
    "DOUBLE": ("double", None),
}


# ---------------------------------------------------------------------------
# Scratch databases


def _server_settings():
    return Settings.from_env().database


def _connect(database=None, **kwargs):
    s = _server_settings()
    params = dict(user=s.user, password=s.password, autocommit=True, charset="utf8mb4")
    if s.unix_socket:
        params["unix_socket"] = s.unix_socket
    else:
        params.update(host=s.host, port=s.port)
    return pymysql.connect(database=database, **params, **kwargs)


@pytest.fixture(scope="module")
def server():
    try:
        conn = _connect()
    except pymysql.err.OperationalError as exc:
        pytest.skip(f"no MySQL/MariaDB server to load the reference DDL into: {exc}")
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def scratch_database(server):
    """Make uniquely named empty databases, dropped at the end of the module."""
    names = []

    def make(purpose):
        name = f"boxtribute_test_{purpose}_{uuid.uuid4().hex[:8]}"
        with server.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        names.append(name)
        return name

    yield make
    with server.cursor() as cursor:
        for name in names:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")


def _columns(server, database):
    with server.cursor(pymysql.cursors.DictCursor) as cursor:
        cursor.execute(
            "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE,"
            " COLUMN_DEFAULT, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION, NUMERIC_SCALE"
            " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = %s",
            (database,),
        )
        tables = {}
        for row in cursor.fetchall():
            tables.setdefault(row["TABLE_NAME"], {})[row["COLUMN_NAME"]] = row
        return tables


def _unique_keys(server, database):
    """{table: {(column, ...), ...}} of the primary and unique keys."""
    with server.cursor() as cursor:
        cursor.execute(
            "SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS"
            " WHERE TABLE_SCHEMA = %s AND NON_UNIQUE = 0"
            " ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
            (database,),
        )
        keys = {}
        for table, index, column in cursor.fetchall():
            keys.setdefault((table, index), []).append(column)
    tables = {}
    for (table, _), columns in keys.items():
        tables.setdefault(table, set()).add(tuple(columns))
    return tables


@pytest.fixture(scope="module")
def legacy_database(server, scratch_database):
    """The name of a database loaded with the reference DDL."""
    name = scratch_database("legacy")
    conn = _connect(name, client_flag=pymysql.constants.CLIENT.MULTI_STATEMENTS)
    try:
        with conn.cursor() as cursor:
            cursor.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
            while cursor.nextset():
                pass
    finally:
        conn.close()
    return name


@pytest.fixture(scope="module")
def legacy_tables(server, legacy_database):
    """{table: {column: information_schema row}} of the reference DDL."""
    return _columns(server, legacy_database)


@pytest.fixture(scope="module")
def created_database(scratch_database):
    """A database whose tables were made by create_schema."""
    name = scratch_database("created")
    settings = dataclasses.replace(_server_settings(), name=name, max_connections=2)
    database = LegacyMySQLDatabase(settings)
    create_schema(database)
    yield database
    database.close_all()


@pytest.fixture(scope="module")
def created_tables(server, created_database):
    return _columns(server, created_database.database)


@pytest.fixture
def routed_to_created_database(created_database):
    """Route the models (the app's database proxy) to the created database."""
    previous = routing_database.primary, routing_database.replica
    configure_databases(Settings.from_env({"MYSQL_DB": created_database.database}))
    try:
        yield routing_database
    finally:
        routing_database.primary.close_all()
        routing_database.primary, routing_database.replica = previous


# ---------------------------------------------------------------------------
# Helpers


def _type_problems(field, column):
    data_type, unsigned = FIELD_TYPES[field.field_type]
    if isinstance(field, UnsignedDecimalField):
        unsigned = True
    problems = []
    if column["DATA_TYPE"] != data_type:
        problems.append(f"{field.field_type} field on a {column['COLUMN_TYPE']} column")
    if unsigned is not None and unsigned != ("unsigned" in column["COLUMN_TYPE"]):
        problems.append(f"unsigned={unsigned} field on a {column['COLUMN_TYPE']} column")
    if (
        isinstance(field, peewee.CharField)
        and field.max_length != column["CHARACTER_MAXIMUM_LENGTH"]
    ):
        problems.append(f"max_length {field.max_length} on a {column['COLUMN_TYPE']} column")
    if isinstance(field, peewee.DecimalField) and (
        field.max_digits,
        field.decimal_places,
    ) != (column["NUMERIC_PRECISION"], column["NUMERIC_SCALE"]):
        problems.append(
            f"DECIMAL({field.max_digits},{field.decimal_places}) on a {column['COLUMN_TYPE']}"
        )
    return problems


def _comparable(column):
    return {
        "DATA_TYPE": column["DATA_TYPE"],
        "unsigned": "unsigned" in column["COLUMN_TYPE"],
        "IS_NULLABLE": column["IS_NULLABLE"],
        "COLUMN_DEFAULT": column["COLUMN_DEFAULT"],
        "CHARACTER_MAXIMUM_LENGTH": column["CHARACTER_MAXIMUM_LENGTH"],
        "NUMERIC_PRECISION": column["NUMERIC_PRECISION"],
        "NUMERIC_SCALE": column["NUMERIC_SCALE"],
    }


# ---------------------------------------------------------------------------
# The models against the reference DDL


def test_every_model_has_a_table_in_the_legacy_schema(legacy_tables):
    missing = [m.__name__ for m in ALL_MODELS if m._meta.table_name not in legacy_tables]
    assert missing == []


def test_every_table_is_modelled_once():
    assert len(set(MODEL_IDS)) == len(MODEL_IDS)


@pytest.mark.parametrize("model", ALL_MODELS, ids=MODEL_IDS)
def test_every_model_column_exists_in_the_legacy_table_with_a_compatible_type(model, legacy_tables):
    table = legacy_tables[model._meta.table_name]
    problems = {}
    for field in model._meta.sorted_fields:
        column = table.get(field.column_name)
        if column is None:
            problems[field.name] = f"no column {field.column_name!r}"
        elif found := _type_problems(field, column):
            problems[field.name] = found
    assert problems == {}


@pytest.mark.parametrize("model", ALL_MODELS, ids=MODEL_IDS)
def test_every_model_column_is_nullable_exactly_where_the_legacy_column_is(model, legacy_tables):
    table = legacy_tables[model._meta.table_name]
    mismatched = {
        field.name: table[field.column_name]["IS_NULLABLE"]
        for field in model._meta.sorted_fields
        if field.null != (table[field.column_name]["IS_NULLABLE"] == "YES")
    }
    assert mismatched == {}


@pytest.mark.parametrize("model", ALL_MODELS, ids=MODEL_IDS)
def test_every_legacy_column_of_a_modelled_table_has_a_model_field(model, legacy_tables):
    mapped = {field.column_name for field in model._meta.sorted_fields}
    assert sorted(set(legacy_tables[model._meta.table_name]) - mapped) == []


# ---------------------------------------------------------------------------
# Tables created from the models


def test_create_schema_creates_every_table_on_an_empty_database(created_tables):
    assert sorted(created_tables) == sorted(MODEL_IDS)


def test_create_schema_through_the_app_database_leaves_existing_tables_alone(
    server, created_tables, routed_to_created_database
):
    name = routed_to_created_database.primary.database
    with connection_scope() as db:
        db.execute_sql("INSERT INTO box_state (id, label) VALUES (42, 'kept')")
        try:
            create_schema(routed_to_created_database)
            kept = db.execute_sql("SELECT label FROM box_state WHERE id = 42").fetchall()
        finally:
            db.execute_sql("DELETE FROM box_state WHERE id = 42")

    assert kept == (("kept",),)
    assert _columns(server, name) == created_tables


@pytest.mark.parametrize("model", ALL_MODELS, ids=MODEL_IDS)
def test_created_columns_have_the_legacy_type_nullability_and_default(
    model, legacy_tables, created_tables
):
    legacy = legacy_tables[model._meta.table_name]
    created = created_tables[model._meta.table_name]
    differences = {
        name: {"legacy": _comparable(legacy[name]), "created": _comparable(created[name])}
        for name in created
        if _comparable(legacy[name]) != _comparable(created[name])
    }
    assert differences == {}


def test_created_tables_have_the_legacy_primary_and_unique_keys(
    server, legacy_database, created_database, created_tables
):
    # A join table's legacy UNIQUE KEY is a composite PRIMARY KEY in the models.
    legacy = _unique_keys(server, legacy_database)
    created = _unique_keys(server, created_database.database)
    assert {t: created.get(t) for t in MODEL_IDS} == {t: legacy.get(t) for t in MODEL_IDS}


def test_a_box_inserted_with_only_its_required_columns_reads_back_with_legacy_defaults(
    routed_to_created_database,
):
    with connection_scope() as db:
        # The rows the box refers to do not matter here.
        db.execute_sql("SET FOREIGN_KEY_CHECKS = 0")
        try:
            box_id = Box.insert(label_identifier="12345678", product=1, location=1).execute()
        finally:
            db.execute_sql("SET FOREIGN_KEY_CHECKS = 1")
        raw = db.execute_sql(
            "SELECT deleted, box_state_id, weight_display_unit_id FROM stock WHERE id = %s",
            (box_id,),
        ).fetchone()
        box = Box.get_by_id(box_id)
        not_deleted = Box.select().where(Box.id == box_id, Box.deleted_on.is_unset()).count()
    assert raw == ("0000-00-00 00:00:00", 1, 1)
    assert box.deleted_on is None
    assert not_deleted == 1
    assert box.state_id == 1
    assert box.number_of_items is None
    assert box.created_on is None
