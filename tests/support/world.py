"""The demo world's known objects, for tests to name instead of magic numbers.

What the generator (`demo_world/vocabulary.py`) fixes by its vocabulary is derived from it
here: bases, organisations, box states, location names, which standard products each
base instantiates. Rows are then found by these names with plain queries on the
database a test runs on (e.g. support.bulk_boxes.location).
"""

from __future__ import annotations

from enum import IntEnum

from boxtribute_api.demo_world import vocabulary

BASE_NAMES = {base_id: name for base_id, name, _, _ in vocabulary.BASES}
ORGANISATION_NAMES = {org_id: name for org_id, name, _ in vocabulary.ORGANISATIONS}
ACTIVE_BASES = tuple(vocabulary.ACTIVE_BASES)


class State(IntEnum):
    """box_state ids, named as the GraphQL BoxState values."""

    InStock = vocabulary.INSTOCK
    Lost = vocabulary.LOST
    MarkedForShipment = vocabulary.MARKED
    Receiving = vocabulary.RECEIVING
    Donated = vocabulary.DONATED
    Scrap = vocabulary.SCRAP
    InTransit = vocabulary.IN_TRANSIT
    NotDelivered = vocabulary.NOT_DELIVERED


# Warehouse locations every active base has, by name (vocabulary.LOCATIONS).
STOCKROOM, WAREHOUSE_A, WAREHOUSE_B, FREE_SHOP = (
    "Stockroom",
    "Warehouse A",
    "Warehouse B",
    "Free Shop",
)
DONATED_LOCATION, LOST_LOCATION, SCRAP_LOCATION = "Donated", "Lost and Found", "Scrap"
DELETED_LOCATION = "Old Warehouse"
assert [name for name, _, _ in vocabulary.LOCATIONS] == [
    STOCKROOM,
    WAREHOUSE_A,
    WAREHOUSE_B,
    FREE_SHOP,
    DONATED_LOCATION,
    LOST_LOCATION,
    SCRAP_LOCATION,
    DELETED_LOCATION,
]


def standard_product_ids() -> list[int]:
    return list(range(1, len(vocabulary.STANDARD_PRODUCTS) + 1))


def standard_products_enabled_in(base_id: int) -> list[int]:
    return list(vocabulary.STANDARD_INSTANTIATIONS[base_id])


def standard_products_not_enabled_in(base_id: int) -> list[int]:
    enabled = set(vocabulary.STANDARD_INSTANTIATIONS[base_id])
    return [s for s in standard_product_ids() if s not in enabled]
