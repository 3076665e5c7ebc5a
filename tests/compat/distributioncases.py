"""Mobile distribution cases: every distribution query and mutation the frontend sends
(and moveItemsFromReturnTrackingGroupToBox, which it does not), for users who may and
may not: god, the head of operations and the coordinator of base 1, a warehouse
volunteer of base 1 (stock but no distribution permissions) and the coordinator of
bases 2 and 3 of organisation 2.

The seed has no distribution spots, events or tracking groups: every case creates
what it needs in set-up steps, as the frontend would. Only god may create spots (the
coordinator and head of operations have no location:write), so spots are created as
god; the rest as the coordinator of base 1.
"""

from __future__ import annotations

from .mutationcases import ref
from .querycases import case, step
from .seedfacts import MISSING_ID, MISSING_LABEL, SeedFacts

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

    def then(self, name: str, final: dict) -> dict:
        return case(name, *self.steps, final)


def world_case(f: SeedFacts, name: str, build, final) -> dict:
    """A case whose set-up `build(world)` returns refs that `final(refs)` turns into
    the step the case is about."""
    world = World(f)
    refs = build(world)
    return world.then(name, final(world, refs))


# --- queries -------------------------------------------------------------------------------

QUERIES_BY_ID = {
    "DistributionEvent": ("eventId", "event"),
    "DistributionEventsTrackingGroup": ("trackingGroupId", "group"),
    "DistributionSpot": ("id", "spot"),
    "PackingListEntriesForDistributionEvent": ("distributionEventId", "event"),
    "ReturnTrackingGroupIdForDistributionEvent": ("distributionEventId", "event"),
}
QUERIES_BY_BASE = (
    "DataForReturnTrackingOverviewForBase",
    "DistributionEventsForBase",
    "DistroSpotsForBaseId",
    "DownloadDistributionEventsStatistics",
)


def _plain(value):
    # A spot's id is sent as a number to createDistributionEvent; as an ID elsewhere.
    return {"$ref": value["$ref"]} if isinstance(value, dict) else value


def query_cases(f: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}
    for op, (variable, key) in QUERIES_BY_ID.items():
        cases[op] = [
            world_case(
                f,
                f"{user}-world",
                World.full,
                lambda w, refs, op=op, user=user, variable=variable, key=key: step(
                    op, user, **{variable: _plain(refs[key])}
                ),
            )
            for user in USERS
        ]
    for op in QUERIES_BY_BASE:
        cases[op] = [
            world_case(
                f,
                f"{user}-world-base{base_id}",
                World.full,
                lambda w, refs, op=op, user=user, base_id=base_id: step(op, user, baseId=base_id),
            )
            for user in USERS
            for base_id in (1, 2)
        ]
    # A spot just created, without events; the base's boxes listing with a spot in it.
    cases["DistroSpotsForBaseId"].append(
        world_case(
            f,
            "coordinator-new-spot",
            lambda w: w.spot(),
            lambda w, spot: step("DistroSpotsForBaseId", "coordinator", baseId=1),
        )
    )
    cases["DistributionSpot"].append(
        world_case(
            f,
            "coordinator-spot-of-base2",
            lambda w: w.spot(base_id=2),
            lambda w, spot: step("DistributionSpot", "coordinator", id=_plain(spot)),
        )
    )
    return cases


# --- mutations -----------------------------------------------------------------------------


def spot_cases(f: SeedFacts) -> dict[str, list[dict]]:
    op = "CreateDistributionSpot"
    new = {"name": "new spot", "comment": "near the school", "latitude": 1.25, "longitude": 2.5}
    cases = [case(f"{user}-base1", step(op, user, baseId=1, **new)) for user in USERS]
    cases += [
        case("god-base2", step(op, "god", baseId=2, **new)),
        case("god-no-coordinates", step(op, "god", baseId=1, name="plain", comment="")),
        case("god-nobase", step(op, "god", baseId=MISSING_ID, **new)),
        case("org2-base2", step(op, "org2", baseId=2, **new)),
    ]
    return {op: cases}


def event_cases(f: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}
    op = "CreateDistributionEvent"
    times = {"plannedStartDateTime": START, "plannedEndDateTime": END}

    def create(user: str, spot=None, **overrides):
        def final(w, refs):
            return step(
                op,
                user,
                distributionSpotId=spot if spot is not None else refs,
                name="an event",
                **{**times, **overrides},
            )

        return final

    cases[op] = [world_case(f, f"{user}-spot-base1", World.spot, create(user)) for user in USERS]
    cases[op] += [
        world_case(
            f, "coordinator-missing-spot", lambda w: None, create("coordinator", MISSING_ID)
        ),
        world_case(
            f,
            "coordinator-warehouse-location",
            lambda w: None,
            create("coordinator", f.location(1, "warehouse")),
        ),
        world_case(
            f,
            "coordinator-naive-times",
            World.spot,
            create(
                "coordinator",
                plannedStartDateTime="2030-02-01T08:30:00",
                plannedEndDateTime="2030-02-01T10:00:00",
            ),
        ),
        world_case(
            f,
            "coordinator-other-offset",
            World.spot,
            create("coordinator", plannedStartDateTime="2030-02-01T08:30:00+02:00"),
        ),
        world_case(
            f, "coordinator-invalid-time", World.spot, create("coordinator", plannedEndDateTime="x")
        ),
    ]

    op = "ChangeDistributionEventState"

    def planned(w):
        return w.event(w.spot())

    def completed(w):
        refs = w.full()
        w.add(
            step(
                "CompleteDistributionEventsTrackingGroup",
                "coordinator",
                distributionEventsTrackingGroupId=refs["group"],
            )
        )
        return refs["event"]

    def change(user, state, event=None):
        return lambda w, refs: step(op, user, distributionEventId=event or refs, newState=state)

    cases[op] = [
        world_case(f, f"{user}-to-Packing", planned, change(user, "Packing")) for user in USERS
    ]
    cases[op] += [
        world_case(f, f"coordinator-to-{state}", planned, change("coordinator", state))
        for state in ("Planning", "OnDistro", "ReturnedFromDistribution", "Completed")
    ]
    cases[op] += [
        world_case(f, "coordinator-completed-event", completed, change("coordinator", "Packing")),
        world_case(
            f,
            "coordinator-missing",
            lambda w: None,
            change("coordinator", "Packing", str(MISSING_ID)),
        ),
        world_case(f, "coordinator-invalid-state", planned, change("coordinator", "Lost")),
    ]
    return cases


def packing_list_cases(f: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}

    def planned(w):
        return w.event(w.spot())

    def completed(w):
        refs = w.full()
        w.add(
            step(
                "CompleteDistributionEventsTrackingGroup",
                "coordinator",
                distributionEventsTrackingGroupId=refs["group"],
            )
        )
        return refs

    op = "addToPackingList"

    def add(user, items=4, event=None, product=None, size=None):
        def final(w, refs):
            return step(
                op,
                user,
                distributionEventId=event or (refs["event"] if "event" in refs else refs),
                productId=product or w.product,
                sizeId=size or w.size,
                numberOfItems=items,
            )

        return final

    def with_entry(w):
        event = planned(w)
        w.entry(event, w.product, w.size, 7)
        return event

    cases[op] = [world_case(f, f"{user}-new-entry", planned, add(user)) for user in USERS]
    cases[op] += [
        world_case(f, "coordinator-existing-entry", with_entry, add("coordinator", 9)),
        world_case(f, "coordinator-existing-entry-zero", with_entry, add("coordinator", 0)),
        world_case(f, "coordinator-new-entry-zero", planned, add("coordinator", 0)),
        world_case(f, "coordinator-negative", planned, add("coordinator", -3)),
        world_case(f, "coordinator-completed-event", completed, add("coordinator")),
        world_case(
            f,
            "coordinator-missing-event",
            lambda w: None,
            add("coordinator", event=str(MISSING_ID)),
        ),
        world_case(
            f, "coordinator-missing-product", planned, add("coordinator", product=MISSING_ID)
        ),
        world_case(
            f,
            "coordinator-product-of-base2",
            planned,
            add("coordinator", product=f.box_row(f.label(2, "InStock"))["product_id"]),
        ),
    ]

    op = "updatePackingListEntry"

    def entry_world(w):
        return w.entry(planned(w), w.product, w.size, 7)

    def update(user, items=11, entry=None):
        return lambda w, refs: step(op, user, packingListEntryId=entry or refs, numberOfItems=items)

    cases[op] = [world_case(f, f"{user}-update", entry_world, update(user)) for user in USERS]
    cases[op] += [
        world_case(f, "coordinator-zero", entry_world, update("coordinator", 0)),
        world_case(
            f, "coordinator-missing", lambda w: None, update("coordinator", entry=str(MISSING_ID))
        ),
        world_case(
            f,
            "coordinator-completed-event",
            completed,
            lambda w, refs: step(
                op, "coordinator", packingListEntryId=refs["entry"], numberOfItems=1
            ),
        ),
    ]

    op = "RemoveEntryFromPackingList"

    def remove(user, entry=None):
        return lambda w, refs: step(op, user, packingListEntryId=entry or refs)

    cases[op] = [world_case(f, f"{user}-remove", entry_world, remove(user)) for user in USERS]
    cases[op] += [
        world_case(
            f, "coordinator-missing", lambda w: None, remove("coordinator", str(MISSING_ID))
        ),
        world_case(
            f,
            "coordinator-completed-event",
            completed,
            lambda w, refs: step(op, "coordinator", packingListEntryId=refs["entry"]),
        ),
    ]

    op = "RemoveAllPackingListEntriesFromDistributionEventForProduct"

    def selected(w):
        event = planned(w)
        w.select_products(event, w.product)
        w.entry(event, w.unboxed_product, w.unboxed_size)
        return event

    def remove_all(user, product=None, event=None):
        return lambda w, refs: step(
            op, user, distributionEventId=event or refs, productId=product or w.product
        )

    cases[op] = [
        world_case(f, f"{user}-remove-product", selected, remove_all(user)) for user in USERS
    ]
    cases[op] += [
        world_case(f, "coordinator-product-not-on-list", planned, remove_all("coordinator")),
        world_case(
            f,
            "coordinator-missing-product",
            selected,
            remove_all("coordinator", product=MISSING_ID),
        ),
        world_case(
            f,
            "coordinator-missing-event",
            lambda w: None,
            remove_all("coordinator", event=str(MISSING_ID)),
        ),
        world_case(
            f,
            "coordinator-completed-event",
            completed,
            lambda w, refs: step(
                op, "coordinator", distributionEventId=refs["event"], productId=w.product
            ),
        ),
    ]

    op = "UpdateSelectedProductsForDistributionEventPackingList"

    def select(user, add=None, remove=(), event=None):
        return lambda w, refs: step(
            op,
            user,
            distributionEventId=event or (refs["event"] if "event" in refs else refs),
            productIdsToAdd=[str(p) for p in (add if add is not None else [w.product])],
            productIdsToRemove=[str(p) for p in remove],
        )

    cases[op] = [world_case(f, f"{user}-add-product", planned, select(user)) for user in USERS]
    cases[op] += [
        world_case(f, "coordinator-add-again", selected, select("coordinator")),
        world_case(
            f,
            "coordinator-add-and-remove",
            selected,
            lambda w, refs: select("coordinator", add=[w.unboxed_product], remove=[w.product])(
                w, refs
            ),
        ),
        world_case(f, "coordinator-nothing", planned, select("coordinator", add=[])),
        world_case(
            f, "coordinator-missing-product", planned, select("coordinator", add=[MISSING_ID])
        ),
        world_case(f, "coordinator-completed-event", completed, select("coordinator")),
        world_case(
            f,
            "coordinator-missing-event",
            lambda w: None,
            select("coordinator", event=str(MISSING_ID)),
        ),
    ]
    return cases


def box_cases(f: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}

    def planned(w):
        return w.event(w.spot())

    def completed(w):
        refs = w.full()
        w.add(
            step(
                "CompleteDistributionEventsTrackingGroup",
                "coordinator",
                distributionEventsTrackingGroupId=refs["group"],
            )
        )
        return refs["event"]

    op = "AssignBoxToDistributionEvent"

    def assign(user, label=None, event=None):
        return lambda w, refs: step(
            op, user, boxLabelIdentifier=label or w.assigned, distributionEventId=event or refs
        )

    base2_box = f.label(2, "InStock")
    cases[op] = [world_case(f, f"{user}-assign", planned, assign(user)) for user in USERS]
    cases[op] += [
        world_case(f, "coordinator-missing-box", planned, assign("coordinator", MISSING_LABEL)),
        world_case(f, "coordinator-box-of-base2", planned, assign("coordinator", base2_box)),
        world_case(
            f,
            "coordinator-missing-event",
            lambda w: None,
            assign("coordinator", event=str(MISSING_ID)),
        ),
        world_case(f, "coordinator-completed-event", completed, assign("coordinator")),
        world_case(
            f,
            "coordinator-already-assigned",
            lambda w: (lambda e: (w.assign(e), e)[1])(planned(w)),
            assign("coordinator"),
        ),
    ]

    op = "UnassignBoxFromDistributionEvent"

    def assigned(w):
        event = planned(w)
        w.assign(event)
        return event

    def unassign(user, label=None, event=None):
        return lambda w, refs: step(
            op, user, boxLabelIdentifier=label or w.assigned, distributionEventId=event or refs
        )

    cases[op] = [world_case(f, f"{user}-unassign", assigned, unassign(user)) for user in USERS]
    cases[op] += [
        world_case(f, "readonly-unassign", assigned, unassign("readonly")),
        world_case(f, "coordinator-not-assigned", planned, unassign("coordinator")),
        world_case(f, "coordinator-missing-box", planned, unassign("coordinator", MISSING_LABEL)),
        world_case(
            f, "coordinator-missing-event", assigned, unassign("coordinator", event=str(MISSING_ID))
        ),
    ]

    op = "MoveItemsToDistributionEvent"

    def move(user, items=3, label=None, event=None):
        return lambda w, refs: step(
            op,
            user,
            boxLabelIdentifier=label or w.unboxed,
            distributionEventId=event or refs,
            numberOfItems=items,
        )

    def moved(w):
        event = planned(w)
        w.move(event, 2)
        return event

    cases[op] = [world_case(f, f"{user}-move", planned, move(user)) for user in USERS]
    cases[op] += [
        world_case(f, "coordinator-move-again", moved, move("coordinator", 4)),
        world_case(
            f,
            "coordinator-all-items",
            planned,
            move("coordinator", f.box_row(f.label(1, "InStock", nth=1))["items"]),
        ),
        world_case(f, "coordinator-too-many", planned, move("coordinator", 100000)),
        world_case(f, "coordinator-negative", planned, move("coordinator", -2)),
        world_case(f, "coordinator-missing-box", planned, move("coordinator", label=MISSING_LABEL)),
        world_case(f, "coordinator-box-of-base2", planned, move("coordinator", label=base2_box)),
        world_case(
            f,
            "coordinator-missing-event",
            lambda w: None,
            move("coordinator", event=str(MISSING_ID)),
        ),
        world_case(f, "coordinator-completed-event", completed, move("coordinator")),
    ]

    op = "RemoveItemsFromUnboxedItemsCollection"

    def collection(w):
        return w.move(planned(w), 5)

    def remove(user, items=2, id_=None):
        return lambda w, refs: step(op, user, id=id_ or refs, numberOfItems=items)

    cases[op] = [world_case(f, f"{user}-remove", collection, remove(user)) for user in USERS]
    cases[op] += [
        world_case(f, "coordinator-all", collection, remove("coordinator", 5)),
        world_case(f, "coordinator-too-many", collection, remove("coordinator", 6)),
        world_case(f, "coordinator-negative", collection, remove("coordinator", -1)),
        world_case(
            f, "coordinator-missing", lambda w: None, remove("coordinator", id_=str(MISSING_ID))
        ),
    ]
    return cases


def tracking_cases(f: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}

    def returned(w):
        event = w.event(w.spot())
        w.select_products(event, w.product)
        w.assign(event)
        w.move(event)
        w.state(event, "ReturnedFromDistribution")
        return event

    op = "StartDistributionEventsTrackingGroup"

    def start(user, events=None, base_id=1):
        return lambda w, refs: step(
            op, user, distributionEventIds=events if events is not None else [refs], baseId=base_id
        )

    cases[op] = [world_case(f, f"{user}-start", returned, start(user)) for user in USERS]

    def two_returned(w):
        first = returned(w)
        second = w.event(w.spot(name="second spot"), name="second")
        w.move(second, 1)
        w.state(second, "ReturnedFromDistribution")
        return [first, second]

    def already_tracked(w):
        event = returned(w)
        w.track(event)
        w.state(event, "ReturnedFromDistribution")
        return event

    cases[op] += [
        world_case(
            f,
            "coordinator-two-events",
            two_returned,
            lambda w, refs: step(op, "coordinator", distributionEventIds=refs, baseId=1),
        ),
        world_case(
            f, "coordinator-planned-event", lambda w: w.event(w.spot()), start("coordinator")
        ),
        world_case(f, "coordinator-already-tracked", already_tracked, start("coordinator")),
        world_case(f, "coordinator-no-events", lambda w: None, start("coordinator", events=[])),
        world_case(
            f,
            "coordinator-missing-event",
            lambda w: None,
            start("coordinator", events=[str(MISSING_ID)]),
        ),
        world_case(f, "coordinator-base2", returned, start("coordinator", base_id=2)),
        world_case(f, "org2-base2-event-of-base1", returned, start("org2", base_id=2)),
    ]

    def tracked(w):
        event = returned(w)
        return w.track(event)

    op = "SetReturnedNumberOfItemsForDistributionEventsTrackingGroup"

    def set_returned(user, items=2, group=None, product=None, size=None):
        return lambda w, refs: step(
            op,
            user,
            distributionEventsTrackingGroupId=group or refs,
            productId=product or w.unboxed_product,
            sizeId=size or w.unboxed_size,
            numberOfReturnedItems=items,
        )

    def tracked_and_set(w):
        group = tracked(w)
        w.returned(group, 1)
        return group

    cases[op] = [world_case(f, f"{user}-set", tracked, set_returned(user)) for user in USERS]
    cases[op] += [
        world_case(f, "coordinator-set-again", tracked_and_set, set_returned("coordinator", 3)),
        world_case(f, "coordinator-more-than-out", tracked, set_returned("coordinator", 1000)),
        world_case(
            f,
            "coordinator-product-not-out",
            tracked,
            set_returned("coordinator", 1, product=w_product(f), size=w_size(f)),
        ),
        world_case(
            f,
            "coordinator-missing-group",
            lambda w: None,
            set_returned("coordinator", group=str(MISSING_ID)),
        ),
    ]

    op = "ExtraMoveItemsFromReturnTrackingGroupToBox"

    def back_to_box(user, items=1, group=None, label=None):
        return lambda w, refs: step(
            op,
            user,
            groupId=group or refs,
            productId=str(w.unboxed_product),
            sizeId=str(w.unboxed_size),
            numberOfItems=items,
            targetBoxLabelIdentifier=label or w.target,
        )

    cases[op] = [
        world_case(f, f"{user}-back-to-box", tracked_and_set, back_to_box(user)) for user in USERS
    ]
    cases[op] += [
        world_case(
            f,
            "coordinator-missing-box",
            tracked_and_set,
            back_to_box("coordinator", label=MISSING_LABEL),
        ),
        world_case(
            f,
            "coordinator-missing-group",
            lambda w: None,
            back_to_box("coordinator", group=str(MISSING_ID)),
        ),
        world_case(
            f,
            "coordinator-box-of-base2",
            tracked_and_set,
            back_to_box("coordinator", label=f.label(2, "InStock")),
        ),
    ]

    op = "CompleteDistributionEventsTrackingGroup"

    def complete(user, group=None):
        return lambda w, refs: step(op, user, distributionEventsTrackingGroupId=group or refs)

    cases[op] = [
        world_case(f, f"{user}-complete", tracked_and_set, complete(user)) for user in USERS
    ]
    cases[op] += [
        world_case(
            f, "coordinator-missing", lambda w: None, complete("coordinator", str(MISSING_ID))
        ),
        world_case(
            f,
            "coordinator-twice",
            lambda w: (
                lambda g: (w.add(step(op, "coordinator", distributionEventsTrackingGroupId=g)), g)[
                    1
                ]
            )(tracked(w)),
            complete("coordinator"),
        ),
    ]
    return cases


def w_product(f: SeedFacts) -> int:
    return f.box_row(f.label(1, "InStock", nth=2))["product_id"]


def w_size(f: SeedFacts) -> int:
    return f.box_row(f.label(1, "InStock", nth=2))["size_id"]


def distribution_cases(f: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}
    for generator in (
        query_cases,
        spot_cases,
        event_cases,
        packing_list_cases,
        box_cases,
        tracking_cases,
    ):
        for name, generated in generator(f).items():
            cases[name] = cases.get(name, []) + generated
    return cases
