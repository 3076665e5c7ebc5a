"""Data access for mobile distribution events (read side used by the box views)."""

from __future__ import annotations

from collections import defaultdict

from ..location.models import Location
from .models import DistributionEvent

# Events not yet back from distribution: their boxes may still be assigned to them.
STATES_BEFORE_RETURN = ("Planning", "Packing", "OnDistro")


def events_before_return_by_base(base_ids: list[int]) -> dict[int, list[DistributionEvent]]:
    found: dict[int, list[DistributionEvent]] = defaultdict(list)
    query = (
        DistributionEvent.select(DistributionEvent, Location.base)
        .join(Location, on=DistributionEvent.distribution_spot == Location.id)
        .where(
            Location.base.in_(base_ids),
            DistributionEvent.state.in_(STATES_BEFORE_RETURN),
        )
        .order_by(DistributionEvent.planned_start_date_time, DistributionEvent.id)
    )
    for event in query:
        found[event.distribution_spot.base_id].append(event)
    return found


def events_by_id(ids: list[int]) -> dict[int, DistributionEvent]:
    return {e.id: e for e in DistributionEvent.select().where(DistributionEvent.id.in_(ids))}
