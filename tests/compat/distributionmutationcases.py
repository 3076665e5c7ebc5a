"""Distribution mutation cases: spots, events and their states, packing lists."""

from __future__ import annotations

from .distributionworld import END, START, USERS, World, world_case
from .querycases import case, step
from .seedfacts import MISSING_ID, SeedFacts

# --- mutations -----------------------------------------------------------------------------


def spot_cases(f: SeedFacts) -> dict[str, list[dict]]:
    op = "CreateDistributionSpot"
    new = {"name": "new spot", "comment": "near the school", "latitude": 1.25, "longitude": 2.5}
    cases = [case(f"{user}-base1", step(op, user, baseId=1, **new)) for user in USERS]
    cases += [
        case("god-base2", step(op, "god", baseId=2, **new)),
        case("god-no-coordinates", step(op, "god", baseId=1, name="plain", comment="")),
        case("god-nobase", step(op, "god", baseId=MISSING_ID, **new)),
        case("god-long-name", step(op, "god", baseId=1, **{**new, "name": "x" * 30})),
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
            f,
            "coordinator-fractional-seconds",
            World.spot,
            create(
                "coordinator",
                plannedStartDateTime="2030-02-01T08:30:00.654321+00:00",
                plannedEndDateTime="2030-02-01T10:00:00.5",
            ),
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
