"""Data access for mobile distributions: spots (locations of type MapDistroSpot),
events, packing lists, unboxed items and return tracking. Plain synchronous peewee
functions; lists come by id, as the original's unordered selects do on MySQL.

Sits below box: the boxes of an event are read by the box domain.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..db.queries import row_by_id
from ..location.models import Location
from ..product.models import Product
from .models import (
    DistributionEvent,
    DistributionEventsTrackingEntry,
    DistributionEventsTrackingGroup,
    PackingListEntry,
    UnboxedItemsCollection,
)

# locations.type of a distribution spot (the original's LocationType.DistributionSpot).
SPOT = "MapDistroSpot"

# Events not yet back from distribution: their boxes may still be assigned to them.
STATES_BEFORE_RETURN = ("Planning", "Packing", "OnDistro")
RETURNED = "ReturnedFromDistribution"
TRACKING = "ReturnTrackingInProgress"
COMPLETED = "Completed"
EVENT_STATES = ("Planning", "Packing", "OnDistro", RETURNED, TRACKING, COMPLETED)


def as_id(value) -> int | None:
    """An ID argument as a number; None for one that names no row."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def events_with_spot():
    """Events with the base of their spot (`spot_base_id`) for authorization."""
    return DistributionEvent.select(DistributionEvent, Location.base.alias("spot_base_id")).join(
        Location, on=DistributionEvent.distribution_spot == Location.id
    )


# --- spots ---------------------------------------------------------------------------


def spot_or_location(location_id: int | None) -> Location | None:
    if location_id is None:
        return None
    return row_by_id(Location, location_id)


def spots(base_ids: Iterable[int] | None) -> list[Location]:
    query = Location.select().where(Location.type == SPOT)
    if base_ids is not None:
        query = query.where(Location.base.in_(list(base_ids)))
    return list(query.order_by(Location.id))


def spots_by_base(base_ids: list[int]) -> dict[int, list[Location]]:
    found: dict[int, list[Location]] = defaultdict(list)
    query = (
        Location.select()
        .where(Location.base.in_(base_ids), Location.type == SPOT)
        .order_by(Location.id)
    )
    for spot in query:
        found[spot.base_id].append(spot)
    return found


# --- events --------------------------------------------------------------------------


def events_by_id(ids: list[int]) -> dict[int, DistributionEvent]:
    query = events_with_spot().where(DistributionEvent.id.in_(ids))
    return {event.id: event for event in query.objects()}


def event_by_id(event_id: int | None) -> DistributionEvent | None:
    if event_id is None:
        return None
    return events_by_id([event_id]).get(event_id)


def events_by_spot(spot_ids: list[int]) -> dict[int, list[DistributionEvent]]:
    found: dict[int, list[DistributionEvent]] = defaultdict(list)
    query = (
        events_with_spot()
        .where(DistributionEvent.distribution_spot.in_(spot_ids))
        .order_by(DistributionEvent.id)
    )
    for event in query.objects():
        found[event.distribution_spot_id].append(event)
    return found


# A base's events come spot by spot (the original's unordered join reads the base's
# spots first), each spot's by id.
_BY_SPOT = (DistributionEvent.distribution_spot, DistributionEvent.id)


def events_of_base(base_id: int, states: Iterable[str] | None) -> list[DistributionEvent]:
    """Events at the base's spots (not at warehouse locations), in the states given
    (all for None or an empty list)."""
    query = events_with_spot().where(Location.base == base_id, Location.type == SPOT)
    if states:
        query = query.where(DistributionEvent.state.in_(list(states)))
    return list(query.order_by(*_BY_SPOT).objects())


def events_before_return_by_base(base_ids: list[int]) -> dict[int, list[DistributionEvent]]:
    found: dict[int, list[DistributionEvent]] = defaultdict(list)
    query = (
        events_with_spot()
        .where(
            Location.base.in_(base_ids),
            Location.type == SPOT,
            DistributionEvent.state.in_(STATES_BEFORE_RETURN),
        )
        .order_by(*_BY_SPOT)
    )
    for event in query.objects():
        found[event.spot_base_id].append(event)
    return found


def events_by_tracking_group(group_ids: list[int]) -> dict[int, list[DistributionEvent]]:
    found: dict[int, list[DistributionEvent]] = defaultdict(list)
    query = (
        events_with_spot()
        .where(DistributionEvent.distribution_events_tracking_group.in_(group_ids))
        .order_by(DistributionEvent.id)
    )
    for event in query.objects():
        found[event.distribution_events_tracking_group_id].append(event)
    return found


# --- packing lists and unboxed items -------------------------------------------------------


def entries_with_product_base():
    return PackingListEntry.select(PackingListEntry, Product.base.alias("product_base_id")).join(
        Product, on=PackingListEntry.product == Product.id
    )


def packing_list_entry(entry_id: int | None) -> PackingListEntry | None:
    if entry_id is None:
        return None
    query = entries_with_product_base().where(PackingListEntry.id == entry_id)
    return query.objects().first()


def packing_list_entries_by_event(event_ids: list[int]) -> dict[int, list[PackingListEntry]]:
    found: dict[int, list[PackingListEntry]] = defaultdict(list)
    query = (
        entries_with_product_base()
        .where(PackingListEntry.distribution_event.in_(event_ids))
        .order_by(PackingListEntry.id)
    )
    for entry in query.objects():
        found[entry.distribution_event_id].append(entry)
    return found


def unboxed_items_by_event(event_ids: list[int]) -> dict[int, list[UnboxedItemsCollection]]:
    found: dict[int, list[UnboxedItemsCollection]] = defaultdict(list)
    query = (
        UnboxedItemsCollection.select()
        .where(UnboxedItemsCollection.distribution_event.in_(event_ids))
        .order_by(UnboxedItemsCollection.id)
    )
    for collection in query:
        found[collection.distribution_event_id].append(collection)
    return found


def unboxed_items_matching(
    keys: list[tuple[int, int, int]],
) -> dict[tuple[int, int, int], list[UnboxedItemsCollection]]:
    """Key: (event, product, size) -> the event's unboxed items of that product and size."""
    found: dict[tuple, list[UnboxedItemsCollection]] = defaultdict(list)
    events = sorted({event for event, _, _ in keys})
    query = (
        UnboxedItemsCollection.select()
        .where(UnboxedItemsCollection.distribution_event.in_(events))
        .order_by(UnboxedItemsCollection.id)
    )
    wanted = set(keys)
    for c in query:
        key = (c.distribution_event_id, c.product_id, c.size_id)
        if key in wanted:
            found[key].append(c)
    return found


# --- return tracking -------------------------------------------------------------------------


def tracking_group(group_id: int | None) -> DistributionEventsTrackingGroup | None:
    if group_id is None:
        return None
    return DistributionEventsTrackingGroup.get_or_none(
        DistributionEventsTrackingGroup.id == group_id
    )


def tracking_groups_by_id(ids: list[int]) -> dict[int, DistributionEventsTrackingGroup]:
    query = DistributionEventsTrackingGroup.select().where(
        DistributionEventsTrackingGroup.id.in_(ids)
    )
    return {group.id: group for group in query}


def tracking_groups_of_base(
    base_id: int, states: Iterable[str] | None
) -> list[DistributionEventsTrackingGroup]:
    query = DistributionEventsTrackingGroup.select().where(
        DistributionEventsTrackingGroup.base == base_id
    )
    if states:
        query = query.where(DistributionEventsTrackingGroup.state.in_(list(states)))
    return list(query.order_by(DistributionEventsTrackingGroup.id))


def tracking_entries_by_group(
    group_ids: list[int],
) -> dict[int, list[DistributionEventsTrackingEntry]]:
    found: dict[int, list[DistributionEventsTrackingEntry]] = defaultdict(list)
    query = (
        DistributionEventsTrackingEntry.select()
        .where(DistributionEventsTrackingEntry.distribution_events_tracking_group.in_(group_ids))
        .order_by(DistributionEventsTrackingEntry.id)
    )
    for entry in query:
        found[entry.distribution_events_tracking_group_id].append(entry)
    return found


# --- statistics --------------------------------------------------------------------------------

# Per tracking group, product and size of a base: the items that went out and came
# in, the planned dates and spots of the group's events. The grouping (and the order
# MariaDB gives it) and the concatenations follow the original's report.
_STATISTICS_SQL = """
SELECT p.name, g.label, pc.label, s.label,
       MAX(flows.items_in), MAX(flows.items_out),
       MIN(e.planned_start_date_time), MAX(e.planned_end_date_time),
       GROUP_CONCAT(DISTINCT spot.label SEPARATOR ', '),
       flows.group_id,
       GROUP_CONCAT(DISTINCT e.id SEPARATOR ','),
       flows.product_id, flows.size_id
FROM (
    SELECT l.distro_event_tracking_group_id AS group_id, l.product_id, l.size_id,
           SUM(IF(l.flow_direction = 'In', l.number_of_items, 0)) AS items_in,
           SUM(IF(l.flow_direction = 'Out', l.number_of_items, 0)) AS items_out
    FROM distro_events_tracking_logs l
    JOIN distro_events_tracking_groups tg ON tg.id = l.distro_event_tracking_group_id
    WHERE tg.base_id = %s
    GROUP BY l.distro_event_tracking_group_id, l.product_id, l.size_id, l.flow_direction
) AS flows
JOIN distro_events e ON e.distro_event_tracking_group_id = flows.group_id
JOIN locations spot ON spot.id = e.location_id
JOIN products p ON p.id = flows.product_id
JOIN genders g ON g.id = p.gender_id
JOIN product_categories pc ON pc.id = p.category_id
JOIN sizes s ON s.id = flows.size_id
GROUP BY flows.group_id, flows.product_id, p.name, g.label, p.category_id, pc.label,
         flows.size_id
"""

_STATISTICS_FIELDS = (
    "product_name",
    "gender_label",
    "category_label",
    "size_label",
    "inflow",
    "outflow",
    "earliest_possible_distro_date",
    "latest_possible_distro_date",
    "potentially_involved_distribution_spots",
    "distro_event_tracking_group_id",
    "involved_distribution_event_ids",
    "product_id",
    "size_id",
)


def distribution_statistics(base_id: int) -> list[dict]:
    """Rows of Base.distributionEventsStatistics; dates and ids as text, as the original
    answers them (its String fields)."""
    cursor = DistributionEventsTrackingGroup._meta.database.execute_sql(
        _STATISTICS_SQL, (str(base_id),)
    )
    rows = []
    for values in cursor.fetchall():
        row = dict(zip(_STATISTICS_FIELDS, values, strict=True))
        for name in (
            "earliest_possible_distro_date",
            "latest_possible_distro_date",
            "distro_event_tracking_group_id",
            "product_id",
            "size_id",
        ):
            row[name] = None if row[name] is None else str(row[name])
        for name in ("inflow", "outflow"):
            row[name] = None if row[name] is None else int(row[name])
        rows.append(row)
    return rows
