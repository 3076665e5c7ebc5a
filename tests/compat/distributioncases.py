"""Mobile distribution cases: every distribution query and mutation the frontend sends
(and the root fields and mutation it does not send: extra_operations.py), for users
who may and may not. The set-up world is in distributionworld.py, the mutations in
distributionmutationcases.py and distributiontrackingcases.py.
"""

from __future__ import annotations

from .distributionmutationcases import event_cases, packing_list_cases, spot_cases
from .distributiontrackingcases import box_cases, tracking_cases
from .distributionworld import USERS, World, _plain, world_case
from .querycases import case, step
from .seedfacts import MISSING_ID, SeedFacts

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
            for user in (*USERS, "freeshop", "readonly")
        ]
    for op in QUERIES_BY_BASE:
        cases[op] = [
            world_case(
                f,
                f"{user}-world-base{base_id}",
                World.full,
                lambda w, refs, op=op, user=user, base_id=base_id: step(op, user, baseId=base_id),
            )
            for user in (*USERS, "freeshop", "readonly")
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


def _base_query(op: str, user: str):
    return lambda w, refs: step(op, user, baseId="1")


def field_cases(f: SeedFacts) -> dict[str, list[dict]]:
    """Every field of the distribution types (extra_operations.py), in the full world
    and in one with two spots whose events come in turns (list order)."""
    cases: dict[str, list[dict]] = {}
    users = (*USERS, "freeshop", "readonly")

    def ask(op, user, **variables_from_refs):
        return lambda w, refs: step(
            op, user, **{v: _plain(refs[k]) for v, k in variables_from_refs.items()}
        )

    op = "ExtraDistributionEventAllFields"
    cases[op] = [world_case(f, f"{u}-world", World.full, ask(op, u, id="event")) for u in users]
    cases[op] += [
        world_case(f, f"{u}-interleaved-{key}", World.interleaved, ask(op, u, id=key))
        for u in ("coordinator", "warehouse")
        for key in ("first", "third")
    ]
    op = "ExtraPackingListEntry"
    cases[op] = [world_case(f, f"{u}-world", World.full, ask(op, u, id="entry")) for u in users]
    cases[op].append(case("coordinator-missing", step(op, "coordinator", id=str(MISSING_ID))))
    for op, key in (
        ("ExtraDistributionSpotComment", "spot"),
        ("ExtraTrackingEntryFields", "group"),
    ):
        cases[op] = [world_case(f, "coordinator-world", World.full, ask(op, "coordinator", id=key))]
    worlds = (("world", World.full), ("interleaved", World.interleaved))
    op = "ExtraBaseDistributionLists"
    cases[op] = [
        world_case(f, f"{u}-{name}-base1", build, lambda w, r, u=u: step(op, u, baseId="1"))
        for name, build in worlds
        for u in users
    ]
    op = "ExtraDistributionSpots"
    cases[op] = [
        world_case(f, f"{u}-{name}", build, lambda w, r, u=u: step(op, u))
        for name, build in worlds
        for u in users
    ]
    cases[op].append(
        world_case(
            f,
            "org2-spots-of-two-organisations",
            lambda w: (w.spot(), w.spot(base_id=2, name="spot of base 2"))[0],
            lambda w, refs: step(op, "org2"),
        )
    )
    op = "ExtraCreateDistributionSpotAllFields"
    cases[op] = [
        case("god-base1", step(op, "god", baseId=1, name="a", comment="the comment")),
        case("god-no-name", step(op, "god", baseId=1, comment="")),
    ]
    for op in QUERIES_BY_BASE:
        cases[op] = [
            world_case(
                f,
                f"{u}-interleaved",
                World.interleaved,
                lambda w, r, op=op, u=u: step(op, u, baseId="1"),
            )
            for u in ("god", "coordinator", "warehouse", "org2")
        ]
    op = "DistributionEventsTrackingGroup"
    cases[op] = [
        world_case(f, f"{u}-interleaved", World.interleaved, ask(op, u, trackingGroupId="group"))
        for u in ("god", "coordinator", "warehouse", "org2")
    ]
    # A box at an event, as the box view shows it.
    for op in ("BoxByLabelIdentifier", "BoxByLabelIdentifierWithoutShipments"):
        cases[op] = [
            world_case(
                f,
                f"{u}-assigned-to-event",
                World.full,
                lambda w, refs, op=op, u=u: step(op, u, labelIdentifier=w.assigned),
            )
            for u in ("god", "coordinator", "warehouse", "readonly", "org2")
        ]
    return cases


def distribution_cases(f: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}
    generators = (query_cases, field_cases, spot_cases, event_cases, packing_list_cases)
    for generator in (*generators, box_cases, tracking_cases):
        for name, generated in generator(f).items():
            cases[name] = cases.get(name, []) + generated
    return cases
