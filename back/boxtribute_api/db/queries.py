"""Reading rows cheaply: light records instead of model instances, and SELECTs whose
SQL is generated once."""

from __future__ import annotations

import collections
import functools
import inspect
import operator
from collections.abc import Callable, Iterable

import peewee

from .routing import database


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
    if not database.current.settings.fast_rows:
        return [make(row) for row in query.tuples()]
    tuples = query.tuples()
    sql, params = tuples.sql()
    return converted_rows(tuples, database.current.execute_sql(sql, params), make)


# Fields whose `python_value` gives back the driver's value unchanged (int() of an
# int, the str of a VARCHAR/TEXT): their columns' values are taken as they are.
_IDENTITY_FIELDS = (
    peewee.AutoField,
    peewee.IntegerField,
    peewee.BigIntegerField,
    peewee.SmallIntegerField,
    peewee.CharField,
    peewee.TextField,
)


def _needed(converter):
    """None where peewee's converter of a column would return the value as it is."""
    field = getattr(converter, "__self__", None)
    method = getattr(converter, "__func__", None)
    if isinstance(field, peewee.ForeignKeyField) and method is peewee.ForeignKeyField.python_value:
        # A raw id is no model instance: the referenced field's conversion applies.
        field = field.rel_field
        method = type(field).python_value
    if field is None or method is not peewee.Field.python_value:
        return converter
    kind = type(field)
    if any(kind.adapt is identity.adapt for identity in _IDENTITY_FIELDS):
        return None
    return converter


def converted_rows(query: peewee.ModelSelect, cursor, make: Callable[[tuple], tuple]) -> list:
    """The rows of an executed `query` (tuples), made by `make`: peewee's own
    conversions, leaving out those that change nothing (with the fast row reader,
    MYSQL_ROW_READER=fast; else `query`'s cursor wrapper converts every column)."""
    wrapper = query._get_cursor_wrapper(cursor)
    if not database.current.settings.fast_rows:
        return [make(row) for row in wrapper]
    rows = cursor.fetchall()
    if not rows:
        return []
    wrapper.initialize()
    conversions = [
        (index, converter)
        for index, converter in enumerate(map(_needed, wrapper.converters))
        if converter is not None
    ]
    if not conversions:
        return list(map(make, rows))
    made = []
    for row in rows:
        row = list(row)
        for index, converter in conversions:
            row[index] = converter(row[index])
        made.append(make(row))
    return made


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


def _plain_argument(value):
    _int_literal(value)  # the same check: ints or collections of ints only
    return value if type(value) is int else list(value)


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
        # Switched off (settings: PREPARED_SELECTS=off), every call builds its query
        # anew with peewee, using no private peewee API.
        if not database.prepared_selects:
            return self._build(*(_plain_argument(value) for value in arguments)).execute()
        query, cursor = self._execute(arguments)
        return query._get_cursor_wrapper(cursor)

    def _execute(self, arguments: tuple):
        query, sql, params, tokens = self._prepare(len(arguments))
        for token, value in zip(tokens, arguments, strict=True):
            sql = sql.replace(token, _int_literal(value))
        return query, database.current.execute_sql(sql, params)

    def made(self, make: Callable[[tuple], tuple], *arguments) -> list:
        """The rows (of a query built with `.tuples()`) made by `make`, converted as
        `converted_rows` does."""
        if not database.prepared_selects:
            return [make(row) for row in self(*arguments)]
        query, cursor = self._execute(arguments)
        return converted_rows(query, cursor, make)


# SQL text by the identity of the kept objects it was generated from (see statement_of).
_statements: dict[tuple, tuple] = {}
_STATEMENTS_KEPT = 256


def statement_of(
    sources: tuple, variant: tuple, build: Callable[[], peewee.Query]
) -> tuple[str, list]:
    """The SQL and parameters of `build()`, a query made from `sources` (peewee
    queries, fields, orderings) and the plain values in `variant`.

    peewee never changes a query once built (`where`, `order_by`, ... copy it), so
    while the same source objects are in use, e.g. a query kept per base and filter
    (box/store.py `boxes_of_base`), the same variant gives the same SQL: generated
    once instead of on every request (0.3-0.5 ms of CPU a statement). An entry
    holds its sources, so their ids cannot be reused while it is kept.
    PREPARED_SELECTS=off: generated every time."""
    if not database.prepared_selects:
        sql, params = build().sql()
        return sql, list(params)
    key = (tuple(map(id, sources)), variant)
    entry = _statements.get(key)
    if entry is not None and all(map(operator.is_, entry[0], sources)):
        return entry[1], list(entry[2])
    sql, params = build().sql()
    if len(_statements) >= _STATEMENTS_KEPT:
        _statements.clear()
    _statements[key] = (sources, sql, tuple(params))
    return sql, list(params)


def rows_of_statement(sql: str, params: list) -> tuple[tuple, ...]:
    """The driver's rows of a statement (for ids and counts, which peewee would
    only pass through `int`)."""
    return database.current.execute_sql(sql, params).fetchall()


@functools.cache
def _by_id_statement(model: type[peewee.Model]) -> PreparedSelect:
    return PreparedSelect(lambda ids: model.select().where(model.id.in_(ids)))


def rows_by_id(model: type[peewee.Model], ids: Iterable[int]) -> dict[int, peewee.Model]:
    """Loader batch of a plain model: id -> row, for those of `ids` that exist."""
    return {row.id: row for row in _by_id_statement(model)(list(ids))}


def row_by_id(model: type[peewee.Model], row_id) -> peewee.Model | None:
    """`model.get_or_none(model.id == row_id)` through the prepared by-id statement
    (a wide table's SELECT took peewee ~0.5 ms to generate). Anything but an int id
    goes to peewee as given."""
    if type(row_id) is not int:
        return model.get_or_none(model.id == row_id)
    return rows_by_id(model, [row_id]).get(row_id)
