"""The distribution world that cases build in set-up steps, shared by the
distribution case generators.

The seed has no distribution spots, events or tracking groups: every case creates
what it needs, as the frontend would. Only god may create spots (the coordinator and
head of operations have no location:write), so spots are created as god; the rest
as the coordinator of base 1. USERS: those who may and may not: god, the head of
operations and the coordinator of base 1, a warehouse volunteer of base 1 (stock but
no distribution permissions) and the coordinator of bases 2 and 3 of organisation 2.
"""

from __future__ import annotations

from .mutationcases import ref
from .querycases import case, step
from .seedfacts import SeedFacts

USERS = ("god", "headofops", "coordinator", "warehouse", "org2")
START, END = "2030-01-10T09:00:00+00:00", "2030-01-10T13:00:00+00:00"


class World:
    """Set-up steps building a distribution world in base 1; attributes name the
    steps' indices (for refs)."""

    def __init__(self, f: SeedFacts):
        self.f = f
        # A box whose product has a size range of several sizes (packing lists), one
        # whose items are moved to an event (unboxed items), one to receive items back.
        self.assigned = f.label(1, "InStock", nth=2)
        self.unboxed = f.label(1, "InStock", nth=1)
        self.target = f.label(1, "InStock", nth=3)
        row = f.box_row(self.assigned)
        self.product, self.size = row["product_id"], row["size_id"]
        row = f.box_row(self.unboxed)
        self.unboxed_product, self.unboxed_size = row["product_id"], row["size_id"]
        self.steps: list[dict] = []

    def add(self, s: dict) -> int:
        self.steps.append(s)
        return len(self.steps) - 1

    def spot(self, base_id: int = 1, user: str = "god", name: str = "compat spot") -> dict:
        index = self.add(
            step(
                "CreateDistributionSpot",
                user,
                baseId=base_id,
                name=name,
                comment="by the river",
                latitude=12.5,
                longitude=-3.25,
            )
        )
        return ref(index, "data", "createDistributionSpot", "id", as_int=True)

    def event(self, spot: dict, name: str = "compat event", user: str = "coordinator") -> dict:
        index = self.add(
            step(
                "CreateDistributionEvent",
                user,
                distributionSpotId=spot,
                name=name,
                plannedStartDateTime=START,
                plannedEndDateTime=END,
            )
        )
        return ref(index, "data", "createDistributionEvent", "id")

    def state(self, event: dict, state: str, user: str = "coordinator") -> int:
        return self.add(
            step(
                "ChangeDistributionEventState",
                user,
                distributionEventId=event,
                newState=state,
            )
        )

    def select_products(self, event: dict, *product_ids: int) -> int:
        return self.add(
            step(
                "UpdateSelectedProductsForDistributionEventPackingList",
                "coordinator",
                distributionEventId=event,
                productIdsToAdd=[str(p) for p in product_ids],
                productIdsToRemove=[],
            )
        )

    def entry(self, event: dict, product: int, size: int, items: int = 5) -> dict:
        index = self.add(
            step(
                "addToPackingList",
                "coordinator",
                distributionEventId=event,
                productId=product,
                sizeId=size,
                numberOfItems=items,
            )
        )
        return ref(index, "data", "addPackingListEntryToDistributionEvent", "id")

    def assign(self, event: dict, label: str | None = None) -> int:
        return self.add(
            step(
                "AssignBoxToDistributionEvent",
                "coordinator",
                boxLabelIdentifier=label or self.assigned,
                distributionEventId=event,
            )
        )

    def move(self, event: dict, items: int = 3) -> dict:
        index = self.add(
            step(
                "MoveItemsToDistributionEvent",
                "coordinator",
                boxLabelIdentifier=self.unboxed,
                distributionEventId=event,
                numberOfItems=items,
            )
        )
        return ref(index, "data", "moveItemsFromBoxToDistributionEvent", "id")

    def track(self, *events: dict) -> dict:
        index = self.add(
            step(
                "StartDistributionEventsTrackingGroup",
                "coordinator",
                distributionEventIds=list(events),
                baseId=1,
            )
        )
        return ref(index, "data", "startDistributionEventsTrackingGroup", "id")

    def returned(self, group: dict, items: int = 2) -> int:
        return self.add(
            step(
                "SetReturnedNumberOfItemsForDistributionEventsTrackingGroup",
                "coordinator",
                distributionEventsTrackingGroupId=group,
                productId=self.unboxed_product,
                sizeId=self.unboxed_size,
                numberOfReturnedItems=items,
            )
        )

    def full(self) -> dict:
        """A spot with an event that went out with a packing list, a box and unboxed
        items, came back and is being tracked; a second event returned and not yet
        tracked; a third still planned. Returns the refs."""
        spot = self.spot()
        event = self.event(spot)
        self.select_products(event, self.product)
        entry = self.entry(event, self.unboxed_product, self.unboxed_size)
        self.assign(event)
        collection = self.move(event)
        self.state(event, "OnDistro")
        self.state(event, "ReturnedFromDistribution")
        group = self.track(event)
        self.returned(group)
        returned = self.event(spot, name="returned event")
        self.state(returned, "ReturnedFromDistribution")
        self.event(spot, name="planned event")
        return {
            "spot": spot,
            "event": event,
            "entry": entry,
            "collection": collection,
            "group": group,
            "returned": returned,
        }

    def interleaved(self) -> dict:
        """Two spots with events in turns: the first planned with a box, the second and
        third returned, tracked together and completed, a fourth returned later."""
        a, b = self.spot(name="spot a"), self.spot(name="spot b")
        first = self.event(a, name="first")
        second = self.event(b, name="second")
        third = self.event(a, name="third")
        self.select_products(first, self.product)
        self.assign(first)
        self.move(third)
        self.move(second, 2)
        for event in (second, third):
            self.state(event, "ReturnedFromDistribution")
        group = self.track(third, second)
        self.returned(group, 4)
        self.add(
            step(
                "CompleteDistributionEventsTrackingGroup",
                "coordinator",
                distributionEventsTrackingGroupId=group,
            )
        )
        fourth = self.event(b, name="fourth")
        self.state(fourth, "ReturnedFromDistribution")
        later = self.track(fourth)
        return {"a": a, "b": b, "first": first, "third": third, "group": group, "later": later}

    def then(self, name: str, final: dict) -> dict:
        return case(name, *self.steps, final)


def world_case(f: SeedFacts, name: str, build, final) -> dict:
    """A case whose set-up `build(world)` returns refs that `final(refs)` turns into
    the step the case is about."""
    world = World(f)
    refs = build(world)
    return world.then(name, final(world, refs))


def _plain(value):
    # A spot's id is sent as a number to createDistributionEvent; as an ID elsewhere.
    return {"$ref": value["$ref"]} if isinstance(value, dict) else value
