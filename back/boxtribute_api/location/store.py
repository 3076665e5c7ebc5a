"""Data access for locations (table locations): plain synchronous peewee functions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from peewee import JOIN

from ..base.models import Base
from ..db.queries import PreparedSelect, row_by_id
from .models import Location

WAREHOUSE = "Warehouse"


def locations_by_id(ids: list[int]) -> dict[int, Location]:
    """Locations with their base joined (`prefetched_base`), saving a round trip
    when the base is shown too (the Boxes view's currency)."""
    return {location.id: location for location in _LOCATIONS_WITH_BASE(list(ids))}


_LOCATIONS_WITH_BASE = PreparedSelect(
    lambda ids: (
        Location.select(Location, Base)
        .join(Base, JOIN.LEFT_OUTER, on=(Location.base == Base.id), attr="prefetched_base")
        .where(Location.id.in_(ids))
    )
)


def location_by_id(location_id: int) -> Location | None:
    return row_by_id(Location, location_id)


def warehouse_locations(base_ids: Iterable[int] | None) -> list[Location]:
    """Warehouse locations of the bases (all bases when None), deleted included, by id."""
    query = Location.select().where(Location.type == WAREHOUSE)
    if base_ids is not None:
        query = query.where(Location.base.in_(list(base_ids)))
    return list(query.order_by(Location.id))


def active_warehouse_locations_by_base(base_ids: list[int]) -> dict[int, list[Location]]:
    """Loader batch: base id -> its non-deleted warehouse locations, by id."""
    found: dict[int, list[Location]] = defaultdict(list)
    query = (
        Location.select()
        .where(
            Location.base.in_(base_ids),
            Location.type == WAREHOUSE,
            Location.deleted_on.is_null(),
        )
        .order_by(Location.id)
    )
    for location in query:
        found[location.base_id].append(location)
    return found
