"""The shape of every statistics answer: a data cube of facts and dimensions.

Facts are rows of an aggregating statement; dimensions describe the ids the facts
use (names of products, categories, tags, ...). Each fact and dimension set is a
dict subclass named like its GraphQL type, so the `Result` and `Dimensions` unions
(and the `DataCube` interface) resolve by name (api/schema.py resolve_type_by_name).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..db.routing import database
from ..errors import ResourceNotFound


@dataclass(frozen=True)
class DataCube:
    facts: list[dict[str, Any]]
    dimensions: dict[str, Any]
    graphql_type: str  # the DataCube implementation: "CreatedBoxesData", ...


def fact_type(name: str) -> type[dict]:
    """A dict subclass called `name` (a GraphQL type name), for union resolution."""
    return type(name, (dict,), {"__slots__": ()})


# For this statement only: GROUP_CONCAT results up to 512 characters are strings, not
# BLOBs, so that the temporary tables of groupings over many boxes stay in memory
# (a BLOB column sends them to disk: ten times slower at 100,000 boxes). A box's tag
# ids take far less. The in-memory tables may grow to 256 MB.
# And no "split materialized" plans: MariaDB would turn a grouping of all tag relations
# (one scan) back into a lookup per box, at several times the cost.
STATEMENT_SETTINGS = (
    "SET STATEMENT group_concat_max_len = 512, tmp_table_size = 268435456,"
    " max_heap_table_size = 268435456, optimizer_switch = 'split_materialized=off' FOR "
)


# A history row and one of its values in one number, id * 2^33 + (value + 2^31 + 1),
# 0 for NULL: the smallest of those is the first change, and carries its value.
PACK = "({id} * 8589934592 + IF({value} IS NULL, 0, {value} + 2147483649))"
UNPACK = "IF(MOD({packed}, 8589934592) = 0, NULL, MOD({packed}, 8589934592) - 2147483649)"


def rows(
    sql: str, params: Sequence[Any] | Mapping[str, Any] = (), row_type: type[dict] = dict
) -> list[dict]:
    """The rows of one statement on the current database (primary or replica), each
    a `row_type` keyed by the statement's column names. `params`: positional (%s)
    or named (%(name)s)."""
    if not isinstance(params, Mapping):
        params = tuple(params)
    cursor = database.current.execute_sql(STATEMENT_SETTINGS + sql, params)
    names = [column[0] for column in cursor.description]
    return [row_type(zip(names, row, strict=True)) for row in cursor.fetchall()]


def placeholders(values: Sequence[Any]) -> str:
    """ "%s, %s, ..." for an IN list; a list that is never empty: NULL for none."""
    return ", ".join(["%s"] * len(values)) if values else "NULL"


def require_base(base_id: int) -> None:
    """A base that does not exist is the client's error (as the original answers
    for users that may see every base)."""
    if not rows("SELECT id FROM camps WHERE id = %s", (base_id,)):
        raise ResourceNotFound()


def tag_ids_of(concatenated: str | None) -> list[int]:
    """The ids of a GROUP_CONCAT, ascending."""
    return sorted(int(i) for i in concatenated.split(",") if i) if concatenated else []


def in_set_order(ids: Iterable[Any]) -> list[Any]:
    """`ids` in the order the original lists a dimension it collects in a Python set
    (for ints a fixed order; it is observable in its answers)."""
    return list(set(ids))


# --- dimensions ------------------------------------------------------------------------


def categories() -> list[dict]:
    return rows("SELECT id, label AS name FROM product_categories ORDER BY id")


def products(ids: Iterable[int]) -> list[dict]:
    ids = sorted(set(ids))
    return rows(
        "SELECT id, name, gender_id AS gender FROM products"
        f" WHERE id IN ({placeholders(ids)}) ORDER BY id",
        ids,
    )


def tags(ids: Iterable[int]) -> list[dict]:
    ids = sorted(set(ids))
    return rows(
        f"SELECT id, label AS name, color FROM tags WHERE id IN ({placeholders(ids)}) ORDER BY id",
        ids,
    )


def sizes(ids: Iterable[int | None]) -> list[dict]:
    ids = sorted({i for i in ids if i is not None})
    return rows(
        f"SELECT id, label AS name FROM sizes WHERE id IN ({placeholders(ids)}) ORDER BY id", ids
    )


def locations(ids: Iterable[int]) -> list[dict]:
    ids = sorted(set(ids))
    return rows(
        f"SELECT id, label AS name FROM locations WHERE id IN ({placeholders(ids)}) ORDER BY id",
        ids,
    )


# The size ranges that stand for measured dimensions (mass, volume) in the original.
MEASURE_DIMENSION_IDS = (28, 29)


def measure_dimensions() -> list[dict]:
    return rows(
        "SELECT id, label AS name FROM sizegroup WHERE id IN (%s, %s) ORDER BY id",
        MEASURE_DIMENSION_IDS,
    )


def tag_ids_in(facts: Iterable[dict]) -> set[int]:
    return {t for fact in facts for t in fact["tag_ids"]}
