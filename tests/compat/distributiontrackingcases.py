"""Distribution mutation cases: boxes and unboxed items at events, return tracking."""

from __future__ import annotations

from .distributionworld import USERS, world_case
from .querycases import step
from .seedfacts import MISSING_ID, MISSING_LABEL, SeedFacts


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
        world_case(
            f, "coordinator-measure-box", planned, move("coordinator", 1, label=f.measure_box(1))
        ),
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
