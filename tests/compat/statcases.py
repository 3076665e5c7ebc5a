"""Statistics cases: every statistics query of the dashboard and of the API, for every
user and every base of querycases.BASES (own, another organisation's with and without
an agreement, a test organisation's, none), and the statistics after set-up steps
that write the history they read (a box donated, lost, scrapped, created, deleted).

Answers about beneficiaries depend on the calendar (ages, "last 30/90 days"): their
cases carry `"clock": true`; the recorder stores the time of recording there, and
the replay runs our app with its clock frozen at that time (test_compat.py). The
original takes "today" when its process starts: start it on the day of recording.
"""

from __future__ import annotations

from .querycases import ALL_USERS, BASES, case, per_user, step
from .seedfacts import MISSING_ID, SeedFacts

# Frontend operations whose answers depend on the calendar.
CLOCKED = ("BeneficiaryDemographics", "BeneficiaryFigures", "BeneficiaryReach")

BASE_QUERIES = (
    "ExtraTopProductsCheckedOut",
    "ExtraTopProductsDonated",
    "ExtraCreatedBoxesAllFields",
    "ExtraMovedBoxesAllFields",
    "ExtraStockOverviewAllFields",
)
CLOCKED_EXTRA = ("ExtraBeneficiaryStatisticsAllFields",)


def clocked(cases: list[dict]) -> list[dict]:
    return [{**c, "clock": True} for c in cases]


def per_base(op: str, users=ALL_USERS) -> list[dict]:
    return [c for name, base in BASES.items() for c in per_user(op, name, users, baseId=base)]


def metrics_cases() -> list[dict]:
    organisations = {"own": None, "org1": 1, "org2": 2, "org-without-bases": 3}
    organisations["noorg"] = MISSING_ID
    cases = [
        c
        for name, org in organisations.items()
        for c in per_user("ExtraMetrics", name, organisationId=org)
    ]
    spans = {
        "after": {"after": "2025-10-01"},
        "before": {"before": "2025-10-01"},
        "between": {"after": "2025-08-01", "before": "2025-11-30"},
        "empty-span": {"after": "2025-11-30", "before": "2025-08-01"},
    }
    for span, dates in spans.items():
        cases += per_user(
            "ExtraMetrics", f"org1-{span}", ["god", "headofops"], organisationId=1, **dates
        )
        cases += per_user(
            "ExtraMetrics", f"org2-{span}", ["god", "org2"], organisationId=2, **dates
        )
    return cases


def history_cases(f: SeedFacts) -> dict[str, list[dict]]:
    """Statistics right after a write that adds history (dated today: masked)."""
    instock, instock2 = f.label(1, "InStock", tagged=True), f.label(1, "InStock", tagged=False)
    donated = f.label(1, "Donated")
    state = "UpdateState"
    moves = {
        "donated": [step(state, "coordinator", boxLabelIdentifier=instock, newState="Donated")],
        "donated-and-back": [
            step(state, "coordinator", boxLabelIdentifier=instock, newState="Donated"),
            step(state, "coordinator", boxLabelIdentifier=instock, newState="InStock"),
        ],
        "back-in-stock": [
            step(state, "coordinator", boxLabelIdentifier=donated, newState="InStock")
        ],
        "lost": [step(state, "coordinator", boxLabelIdentifier=instock2, newState="Lost")],
        "scrapped": [step(state, "coordinator", boxLabelIdentifier=instock, newState="Scrap")],
        "deleted": [step("DeleteBoxes", "coordinator", labelIdentifiers=[instock2])],
        "items-then-donated": [
            step("UpdateNumberOfItems", "coordinator", boxLabelIdentifier=instock, numberOfItems=3),
            step(state, "coordinator", boxLabelIdentifier=instock, newState="Donated"),
        ],
    }
    created = {
        "locationId": f.location(1, "warehouse"),
        "productId": f.custom_product(1, size_range=1),
        "sizeId": f.sizes(1)[0],
        "numberOfItems": 7,
        "tagIds": [f.tag(1, "Stock")],
    }
    writes = {**moves, "created": [step("CreateBox", "coordinator", **created)]}
    cases: dict[str, list[dict]] = {}
    for op in (
        "ExtraMovedBoxesAllFields",
        "ExtraStockOverviewAllFields",
        "ExtraCreatedBoxesAllFields",
    ):
        cases[op] = [
            case(f"after-{name}", *steps, step(op, "headofops", baseId=1))
            for name, steps in writes.items()
        ]
    return cases


def statistics_cases(facts: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {op: clocked(per_base(op)) for op in CLOCKED}
    cases.update({op: per_base(op) for op in BASE_QUERIES})
    cases.update({op: clocked(per_base(op)) for op in CLOCKED_EXTRA})
    cases["ExtraStatisticsAsDataCubes"] = per_base(
        "ExtraStatisticsAsDataCubes", ["god", "coordinator", "org2"]
    )
    cases["ExtraMovedBoxesDimension"] = per_base("ExtraMovedBoxesDimension", ["god", "org2"])
    cases["ExtraMetrics"] = metrics_cases()
    for op, more in history_cases(facts).items():
        cases[op] += more
    return cases
