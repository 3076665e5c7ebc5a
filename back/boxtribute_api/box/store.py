"""Data access for boxes (table stock): plain synchronous peewee functions.

Boxes handed to the API are selected by `_box_select()`: all box columns, plus the
base of the box's location (`location_base_id`, for authorization) and the
conversion factor of its display unit (`display_unit_conversion_factor`, for
measureValue), so that neither needs a query of its own.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from peewee import JOIN, Case, fn

from ..db.change_cache import kept_while_unchanged
from ..db.pagination import Page, PageRequest, load_page
from ..db.queries import PreparedSelect, record_maker, records
from ..location.models import Location
from ..ports import Port
from ..product.models import Product, Unit
from ..product.writes import boxes_using_product
from ..tag.models import TagsRelation
from .models import Box

# box_state ids, the values of the GraphQL enum BoxState.
IN_STOCK = 1
LOST = 2
MARKED_FOR_SHIPMENT = 3
RECEIVING = 4
DONATED = 5
SCRAP = 6
IN_TRANSIT = 7
NOT_DELIVERED = 8
BOX_STATES = {
    "InStock": IN_STOCK,
    "Lost": LOST,
    "MarkedForShipment": MARKED_FOR_SHIPMENT,
    "Receiving": RECEIVING,
    "Donated": DONATED,
    "Scrap": SCRAP,
    "InTransit": IN_TRANSIT,
    "NotDelivered": NOT_DELIVERED,
}
# States of boxes in a warehouse (not in a shipment): only these boxes may be
# changed (updated, split, moved, deleted...), and only these states may be set with
# updateBox.
WAREHOUSE_BOX_STATES = frozenset({IN_STOCK, DONATED, SCRAP, LOST})
BOX_STATE_NAMES = {state_id: name for name, state_id in BOX_STATES.items()}
# States of a box that sits in a shipment: readable from either shipment base.
SHIPMENT_STATES = frozenset({IN_TRANSIT, RECEIVING, NOT_DELIVERED})
# Counted as "in transfer" in Product.transferItemsCount.
IN_TRANSFER_STATES = (MARKED_FOR_SHIPMENT, RECEIVING, IN_TRANSIT)

# tags_relations.object_type of boxes.
TAGGED_BOX = "Stock"

# The shipment tables belong to a higher domain: it answers this question.
shipment_bases_of_box = Port(
    "box id -> (source base, target base) of the shipment holding the box (the detail "
    "neither removed nor received), or None (shipment domain)"
)


def _box_select():
    display_unit = Unit.alias("display_unit")
    return (
        Box.select(
            Box,
            Location.base.alias("location_base_id"),
            display_unit.conversion_factor.alias("display_unit_conversion_factor"),
        )
        .join(Location, on=Box.location == Location.id)
        .join(display_unit, JOIN.LEFT_OUTER, on=Box.display_unit == display_unit.id, src=Box)
        .objects()
    )


def box_by_label_identifier(label_identifier: str) -> Box | None:
    """The box, deleted or not; None also when its location row is missing."""
    return _box_select().where(Box.label_identifier == label_identifier).first()


def boxes_by_id(ids: list[int]) -> dict[int, Box]:
    return {box.id: box for box in _box_select().where(Box.id.in_(ids))}


def boxes_by_distribution_event(event_ids: list[int]) -> dict[int, list[Box]]:
    """Loader batch: distribution event id -> the boxes assigned to it, by id."""
    found: dict[int, list[Box]] = defaultdict(list)
    query = _box_select().where(Box.distribution_event.in_(event_ids)).order_by(Box.id)
    for box in query:
        found[box.distribution_event_id].append(box)
    return found


def boxes_by_qr_code(qr_ids: list[int]) -> dict[int, Box]:
    """Loader batch: QR code id -> the box labelled with it (deleted or not)."""
    return {box.qr_code_id: box for box in _box_select().where(Box.qr_code.in_(qr_ids))}


def box_for_reading(label_identifier: str) -> tuple[Box, tuple[int, int] | None] | None:
    """The box and, if it sits in a shipment, its shipment's bases (see
    auth.authorization.authorize_for_reading_box); None if there is no such box. A box in a
    shipment state without an active shipment detail gives (box, None)."""
    box = box_by_label_identifier(label_identifier)
    if box is None:
        return None
    return box, shipment_bases_of_box(box.id) if box.state_id in SHIPMENT_STATES else None


# --- pages ---------------------------------------------------------------------------------


def _filtered(query, filter_input: Mapping[str, Any] | None):
    """FilterBoxInput applied to a box select (all filters AND-combined)."""
    if not filter_input:
        return query
    conditions = []
    join_products = False

    # In the original's order (see boxes_of_base). Lists: empty means "no filter"
    # (except tag ids, below).
    states = filter_input.get("states")
    if states:
        conditions.append(Box.state.in_(list(states)))

    # Dates compare with the datetime column at midnight: "until" a day excludes
    # boxes modified later that day.
    last_modified_from = filter_input.get("last_modified_from")
    if last_modified_from is not None:
        conditions.append(Box.last_modified_on >= _midnight(last_modified_from))
    last_modified_until = filter_input.get("last_modified_until")
    if last_modified_until is not None:
        conditions.append(Box.last_modified_on <= _midnight(last_modified_until))

    product_gender = filter_input.get("product_gender")
    if product_gender is not None:
        conditions.append(Product.gender == product_gender)
        join_products = True
    product_genders = filter_input.get("product_genders")
    if product_genders:
        conditions.append(Product.gender.in_(list(product_genders)))
        join_products = True
    product_category_id = filter_input.get("product_category_id")
    if product_category_id is not None:
        conditions.append(Product.category == product_category_id)
        join_products = True
    product_category_ids = filter_input.get("product_category_ids")
    if product_category_ids:
        conditions.append(Product.category.in_(list(product_category_ids)))
        join_products = True

    product_id = filter_input.get("product_id")
    if product_id is not None:
        conditions.append(Box.product == product_id)
    product_ids = filter_input.get("product_ids")
    if product_ids:
        conditions.append(Box.product.in_(list(product_ids)))
    size_id = filter_input.get("size_id")
    if size_id is not None:
        conditions.append(Box.size == size_id)
    location_ids = filter_input.get("location_ids")
    if location_ids:
        conditions.append(Box.location.in_(list(location_ids)))

    # Tags before products: the joins in the original's order (see boxes_of_base).
    # Boxes that carry any of the tags now (removed assignments do not count); an
    # empty list matches no box.
    tag_ids = filter_input.get("tag_ids")
    if tag_ids is not None:
        query = query.join(
            TagsRelation,
            on=(
                (TagsRelation.object_type == TAGGED_BOX)
                & (TagsRelation.object_id == Box.id)
                & TagsRelation.tag.in_(list(tag_ids))
                & TagsRelation.deleted_on.is_null()
            ),
            src=Box,
        ).distinct()
    if join_products:
        query = query.join(Product, on=Box.product == Product.id, src=Box)
    return query.where(*conditions) if conditions else query


def _midnight(day: datetime.date) -> datetime.datetime:
    if isinstance(day, datetime.datetime):
        return day
    return datetime.datetime.combine(day, datetime.time())


# Non-deleted boxes in any location of the base, most recently modified first.
PAGE_ORDER_OF_BASE = (Box.last_modified_on.desc(),)

# The columns the original selects for a page of boxes, in its order. Boxes modified
# at the same time come in the order MariaDB's sort leaves them, which depends on the
# statement's plan and on what the sorted rows carry (a TEXT column makes it sort row
# references): only the original's statement, column for column, join for join, gives
# its order of ties. The page's boxes are then fetched by id (boxes_for_page).
_ORIGINAL_PAGE_COLUMNS = (
    Box.id,
    Box.label_identifier,
    Box.state,
    Box.comment,
    Box.created_on,
    Box.created_by,
    Box.deleted_on,
    Box.distribution_event,
    Box.number_of_items,
    Box.location,
    Box.last_modified_on,
    Box.last_modified_by,
    Box.product,
    Box.qr_code,
    Box.size,
    Box.display_unit,
    Box.measure_value,
    Box.source_box,
    Box.weight_display_unit,
    Box.weight,
    Box.monetary_value,
)


def boxes_of_base(base_id: int, filter_input: Mapping[str, Any] | None):
    """The query (not run) of the boxes of a base, for a page in PAGE_ORDER_OF_BASE
    whose rows are only read for their ids (the original's statement, see above).

    Built once per base and filter and kept (building it took peewee ~0.4 ms of
    the request's CPU): peewee queries are copied, never changed, by `where`,
    `select` and `order_by`, so one object serves every request and thread."""
    key = (base_id, _frozen(filter_input))
    query = _queries_of_base.get(key)
    if query is None:
        query = Box.select(*_ORIGINAL_PAGE_COLUMNS).join(
            Location,
            on=(
                (Box.location == Location.id)
                & (Location.base == base_id)
                & ((Box.deleted_on == 0) | Box.deleted_on.is_null())
            ),
        )
        query = _filtered(query, filter_input)
        if len(_queries_of_base) >= _QUERIES_KEPT:
            _queries_of_base.clear()
        _queries_of_base[key] = query
    return query


_queries_of_base: dict[tuple, Any] = {}
_QUERIES_KEPT = 512


def _frozen(value):
    """A filter input as a hashable key (dicts and lists become sorted/ordered tuples)."""
    if isinstance(value, Mapping):
        return tuple(sorted((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, list | tuple | set | frozenset):
        return (type(value).__name__, tuple(_frozen(item) for item in value))
    return (type(value).__name__, value)


def box_records(query) -> list:
    # Pages can hold thousands of boxes: light records instead of model instances.
    return records(query, "Box")


def boxes_for_page(ids: list[int]) -> list:
    """A page's chosen boxes as records, by primary key (see PageQuery.by_ids)."""
    make = record_maker(_BOXES_BY_ID.query, "Box")
    return _BOXES_BY_ID.made(make, ids)


_BOXES_BY_ID = PreparedSelect(lambda ids: _box_select().where(Box.id.in_(ids)).tuples())


def boxes_page_of_location(
    location_id: int,
    pagination_input: Mapping[str, Any] | PageRequest | None,
    filter_input: Mapping[str, Any] | None,
) -> Page:
    """All boxes of the location, deleted ones included, by id."""
    query = _box_select().where(Box.location == location_id)
    return load_page(
        _filtered(query, filter_input),
        id_field=Box.id,
        pagination_input=pagination_input,
        fetch=box_records,
        by_ids=boxes_for_page,
    )


# --- aggregates ----------------------------------------------------------------------------


@kept_while_unchanged("stock", "locations")
def instock_totals_of_bases(base_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """Loader batch: base id -> (number of boxes, number of items) in stock there
    (state InStock, not deleted, in any location of the base). A look-up of every
    box of the bases: kept until boxes or locations change (the statistics
    dashboard asks it of every base)."""
    rows = (
        Box.select(Location.base, fn.COUNT(Box.id), fn.SUM(Box.number_of_items))
        .join(Location, on=Box.location == Location.id)
        .where(
            Location.base.in_(list(base_ids)),
            Box.state == IN_STOCK,
            Box.deleted_on.is_unset(),
        )
        .group_by(Location.base)
        .tuples()
    )
    return {base_id: (int(boxes), int(items or 0)) for base_id, boxes, items in rows}


def item_counts_by_product(product_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Loader batch: product id -> (items in stock, items in transfer), over all
    non-deleted boxes of the product, in any base."""
    in_stock = fn.SUM(Case(None, [(Box.state == IN_STOCK, Box.number_of_items)], 0))
    in_transfer = fn.SUM(Case(None, [(Box.state.in_(IN_TRANSFER_STATES), Box.number_of_items)], 0))
    rows = (
        Box.select(Box.product, in_stock.alias("in_stock"), in_transfer.alias("in_transfer"))
        .where(
            Box.product.in_(product_ids),
            Box.deleted_on.is_unset(),
            Box.state.in_((IN_STOCK, *IN_TRANSFER_STATES)),
        )
        .group_by(Box.product)
        .tuples()
    )
    return {product_id: (int(s or 0), int(t or 0)) for product_id, s, t in rows}


# Counted as actively used by deleteProduct/disableStandardProduct.
ACTIVELY_USED_STATES = (IN_STOCK, MARKED_FOR_SHIPMENT, IN_TRANSIT, RECEIVING)


@boxes_using_product.provides
def label_identifiers_of_boxes_using(product_id: int) -> list[str]:
    """Label identifiers of the actively used boxes of a product, by box id. Read
    with a shared lock, so the product's boxes cannot change under the check."""
    query = (
        Box.select(Box.label_identifier)
        .where(
            Box.product == product_id,
            Box.deleted_on.is_unset(),
            Box.state.in_(ACTIVELY_USED_STATES),
        )
        .order_by(Box.id)
        .for_update("LOCK IN SHARE MODE")
        .tuples()
    )
    return [label_identifier for (label_identifier,) in query]
