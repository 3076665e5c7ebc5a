"""The demo world's known objects, for tests to name instead of magic numbers.

What the generator (`cli/demo_data.py`) fixes by its vocabulary is derived from it
here: bases, organisations, box states, location names, which standard products each
base instantiates. Row ids it hands out along the way (locations, tags, products)
are looked up once per session by `DemoWorld` (the `world` fixture). Every demo
database of a session is made with the same seed, and these rows are made before any
box, so their ids hold in the writable demo databases too.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from boxtribute_api.cli import demo_data

BASE_NAMES = {base_id: name for base_id, name, _, _ in demo_data.BASES}
ORGANISATION_NAMES = {org_id: name for org_id, name, _ in demo_data.ORGANISATIONS}
ACTIVE_BASES = tuple(demo_data.ACTIVE_BASES)


class State(IntEnum):
    """box_state ids, named as the GraphQL BoxState values."""

    InStock = demo_data.INSTOCK
    Lost = demo_data.LOST
    MarkedForShipment = demo_data.MARKED
    Receiving = demo_data.RECEIVING
    Donated = demo_data.DONATED
    Scrap = demo_data.SCRAP
    InTransit = demo_data.IN_TRANSIT
    NotDelivered = demo_data.NOT_DELIVERED


# Warehouse locations every active base has, by name (demo_data.LOCATIONS).
STOCKROOM, WAREHOUSE_A, WAREHOUSE_B, FREE_SHOP = (
    "Stockroom",
    "Warehouse A",
    "Warehouse B",
    "Free Shop",
)
DONATED_LOCATION, LOST_LOCATION, SCRAP_LOCATION = "Donated", "Lost and Found", "Scrap"
DELETED_LOCATION = "Old Warehouse"
assert [name for name, _, _ in demo_data.LOCATIONS] == [
    STOCKROOM,
    WAREHOUSE_A,
    WAREHOUSE_B,
    FREE_SHOP,
    DONATED_LOCATION,
    LOST_LOCATION,
    SCRAP_LOCATION,
    DELETED_LOCATION,
]
DISTRIBUTION_SPOT = "Camp Gate"  # base 1's only non-warehouse location


def standard_product_ids() -> list[int]:
    return list(range(1, len(demo_data.STANDARD_PRODUCTS) + 1))


def standard_products_enabled_in(base_id: int) -> list[int]:
    return list(demo_data.STANDARD_INSTANTIATIONS[base_id])


def standard_products_not_enabled_in(base_id: int) -> list[int]:
    enabled = set(demo_data.STANDARD_INSTANTIATIONS[base_id])
    return [s for s in standard_product_ids() if s not in enabled]


@dataclass(frozen=True)
class Row:
    id: int
    base_id: int
    name: str
    type: str
    deleted: bool


def _rows(cursor, table: str) -> list[Row]:
    cursor.execute(
        f"SELECT id, camp_id, label, type, deleted FROM {table} ORDER BY id"  # noqa: S608
    )
    return [
        Row(id_, base_id, name, type_, deleted not in (None, "0000-00-00 00:00:00"))
        for id_, base_id, name, type_, deleted in cursor.fetchall()
    ]


class DemoWorld:
    """Locations, tags and products of a demo database, read once."""

    def __init__(self, connection):
        with connection.cursor() as cursor:
            self.locations = _rows(cursor, "locations")
            self.tags = _rows(cursor, "tags")

    def location(self, base_id: int, name: str) -> int:
        """Id of the base's location of that name."""
        [row] = [r for r in self.locations if r.base_id == base_id and r.name == name]
        return row.id

    def tags_of(self, base_id: int, tag_type: str, *, deleted: bool = False) -> list[Row]:
        """The base's tags of a legacy type ("Stock", "People", "All"), by id."""
        return [
            r
            for r in self.tags
            if r.base_id == base_id and r.type == tag_type and r.deleted is deleted
        ]
