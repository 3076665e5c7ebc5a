"""Cursor pagination of list queries (BoxPage, ProductPage, BeneficiaryPage, ...).

Usage, inside a store function (it runs queries, so it runs on a DB thread):

    query = Product.select().where(Product.base == base_id)   # joins and filters applied
    return load_page(query, id_field=Product.id, pagination_input=pagination_input)

and return the `Page` from the resolver: the GraphQL page types resolve `elements`,
`pageInfo` and `totalCount` from its attributes. A page costs two queries: the
elements, then one aggregate giving the total count and whether rows lie beyond the
page (hasPreviousPage when paging forwards, hasNextPage backwards).

Semantics, as the original API behaves (clients rely on them):
* `pagination_input` (snake_case keys after/first/before/last), or None: forwards
  from the start with 50 elements. `after` or `first` given -> forwards, limit
  `first or 50` (so `first: 0` means 50). Otherwise backwards: from `before` (or
  from "infinity" when absent, which MySQL compares as 0, so nothing is found),
  limit `last` (50 only when the key is absent).
* A cursor is base64 of the element's id, zero-padded to 8 digits. `after` means
  "id greater than", `before` "id less than", whatever the page's ordering (the
  default ordering is by id; a page may order otherwise, e.g. boxes by
  modification date, and the cursor still compares ids).
* Rows are fetched in the page's ordering, limit + 1 of them, in both directions:
  forwards the extra last row means hasNextPage, backwards the extra *first* row
  means hasPreviousPage, and that row is left out of the page.
* hasPreviousPage (forwards): some row of the query has an id below the first
  element's; hasNextPage (backwards): some row has an id above the last element's.
* No elements: both flags false and cursors "".
* totalCount: all rows of the query, cursor ignored.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import peewee

from .offload import offload

DEFAULT_PAGE_SIZE = 50


@dataclass
class PageInfo:
    has_previous_page: bool = False
    has_next_page: bool = False
    start_cursor: str = ""
    end_cursor: str = ""


@dataclass
class Page:
    elements: list
    page_info: PageInfo = field(default_factory=PageInfo)
    total_count: int = 0


def encode_cursor(element_id: int) -> str:
    return base64.b64encode(f"{element_id:08}".encode()).decode()


def decode_cursor(cursor: str) -> int:
    """The id in a cursor. A malformed cursor raises (binascii.Error/ValueError):
    the original answers those with a plain error, too."""
    return int(base64.b64decode(cursor))


@dataclass(frozen=True)
class PageRequest:
    """Direction, cursor and size of the requested page."""

    forwards: bool
    # An id, or the SQL string 'infinity' (backwards without `before`).
    cursor: Any
    # None only for an explicit `last: null`, which fails when the page is loaded.
    limit: Any

    @classmethod
    def of(cls, pagination_input: Mapping[str, Any] | PageRequest | None) -> PageRequest:
        if isinstance(pagination_input, PageRequest):
            return pagination_input
        return cls.from_input(pagination_input)

    @classmethod
    def from_input(cls, pagination_input: Mapping[str, Any] | None) -> PageRequest:
        if pagination_input is None:
            return cls(forwards=True, cursor=0, limit=DEFAULT_PAGE_SIZE)
        after = pagination_input.get("after")
        first = pagination_input.get("first")
        if after is not None or first is not None:
            cursor = 0 if after is None else decode_cursor(after)
            return cls(forwards=True, cursor=cursor, limit=first or DEFAULT_PAGE_SIZE)
        before = pagination_input.get("before")
        cursor = peewee.Value("infinity") if before is None else decode_cursor(before)
        return cls(
            forwards=False, cursor=cursor, limit=pagination_input.get("last", DEFAULT_PAGE_SIZE)
        )

    def condition(self, id_field: peewee.Field) -> peewee.Expression:
        return id_field > self.cursor if self.forwards else id_field < self.cursor


def load_page(
    query: peewee.ModelSelect,
    *,
    id_field: peewee.Field,
    pagination_input: Mapping[str, Any] | PageRequest | None,
    order_by: Sequence[Any] | None = None,
    fetch: Callable[[peewee.ModelSelect], list] = list,
) -> Page:
    """Load one page of `query` (joins and filters applied, no ordering or limit).

    `id_field`: the column the cursors hold (elements must have it as attribute).
    `order_by`: the page's ordering, default `id_field` ascending.
    `fetch`: turns the final query into the list of rows (e.g. `db.records`).
    Synchronous: call it from a store function. (`load_page_concurrently` runs
    the two queries side by side, from a resolver.)
    """
    request = PageRequest.of(pagination_input)
    rows = page_rows(query, request, id_field, order_by, fetch)
    return assemble_page(rows, page_totals(query, id_field), request, id_field)


async def load_page_concurrently(
    query: peewee.ModelSelect,
    *,
    id_field: peewee.Field,
    pagination_input: Mapping[str, Any] | PageRequest | None,
    order_by: Sequence[Any] | None = None,
    fetch: Callable[[peewee.ModelSelect], list] = list,
) -> Page:
    """`load_page` with the elements and the totals queried at the same time, on
    two DB threads. Build `query` in the resolver (building runs no SQL)."""
    request = PageRequest.of(pagination_input)
    rows, totals = await asyncio.gather(
        offload(page_rows, query, request, id_field, order_by, fetch),
        offload(page_totals, query, id_field),
    )
    return assemble_page(rows, totals, request, id_field)


# Up to this many rows, a page is found by sorting narrow (id, sort keys) rows and
# then fetching the chosen rows by id: sorting whole rows of a big table costs the
# database several times more (a page of 50 among 7,600 boxes: 18 ms -> 7 ms).
NARROW_SORT_LIMIT = 1000


def page_rows(query, request: PageRequest, id_field, order_by, fetch) -> list:
    """The page's rows in its ordering: limit + 1 of them (see the module doc)."""
    ordering = list(order_by) if order_by else [id_field]
    page = query.where(request.condition(id_field)).order_by(*ordering).limit(request.limit + 1)
    if request.limit > NARROW_SORT_LIMIT:
        return fetch(page)
    sort_keys = [getattr(term, "node", term) for term in ordering]
    ids = list(dict.fromkeys(row[0] for row in page.select(id_field, *sort_keys).tuples()))
    if not ids:
        return []
    position = {element_id: index for index, element_id in enumerate(ids)}
    rows = fetch(query.where(id_field.in_(ids)))
    rows.sort(key=lambda row: position[getattr(row, id_field.name)])
    return rows


def page_totals(query: peewee.ModelSelect, id_field: peewee.Field) -> tuple[int, Any, Any]:
    """Row count of `query` and its lowest and highest id, in one aggregate query.
    A DISTINCT query (joined rows that may repeat) counts distinct ids."""
    fn = peewee.fn
    distinct = query._simple_distinct or query._distinct is not None
    count = fn.COUNT(fn.DISTINCT(id_field)) if distinct else fn.COUNT(peewee.SQL("*"))
    aggregate = query.select(count, fn.MIN(id_field), fn.MAX(id_field))
    count, lowest, highest = aggregate.distinct(False).order_by().tuples().first()
    return int(count or 0), lowest, highest


def assemble_page(rows: list, totals: tuple, request: PageRequest, id_field) -> Page:
    total_count, lowest_id, highest_id = totals
    if not rows:
        return Page(elements=[], total_count=total_count)

    def id_of(row: Any) -> int:
        return getattr(row, id_field.name)

    info = PageInfo()
    if request.forwards:
        info.has_previous_page = lowest_id is not None and lowest_id < id_of(rows[0])
        info.start_cursor = encode_cursor(id_of(rows[0]))
        if len(rows) > request.limit:
            info.has_next_page = True
            info.end_cursor = encode_cursor(id_of(rows[-2]))
            rows = rows[:-1]
        else:
            info.end_cursor = encode_cursor(id_of(rows[-1]))
    else:
        info.has_next_page = highest_id is not None and highest_id > id_of(rows[-1])
        info.end_cursor = encode_cursor(id_of(rows[-1]))
        if len(rows) > request.limit:
            info.has_previous_page = True
            info.start_cursor = encode_cursor(id_of(rows[1]))
            rows = rows[1:]
        else:
            info.start_cursor = encode_cursor(id_of(rows[0]))
    return Page(elements=rows, page_info=info, total_count=total_count)
