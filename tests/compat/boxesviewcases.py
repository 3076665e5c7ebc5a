"""More Boxes-view cases: the filters of `querycases.boxes_view_cases` asked by other
users, in the other bases of the seed (organisation 2's bases hold about a hundred
boxes each, many modified at the same moment, so the order of ties is tested under
other plans), and cursor pages there.

Case names start with the user and base ("org2-base3-..."), so that they never meet
the names of `querycases`.
"""

from __future__ import annotations

from .querycases import case, step
from .seedfacts import SeedFacts, cursor_for

STATES = ["InStock", "Lost", "MarkedForShipment", "Receiving", "Donated", "Scrap"]
STATES += ["InTransit", "NotDelivered"]

# (user, base): who asks, in which base. The coordinator of base 1 has its own cases.
ASKERS = [
    ("headofops", 1),
    ("warehouse", 1),
    ("org2", 2),
    ("org2", 3),
    ("god", 2),
    ("god", 3),
    ("god", 4),
]


def _optional(make):
    """A seed value, or None where the base has none (e.g. no tag of a type)."""
    try:
        return make()
    except (IndexError, TypeError):
        return None


def _filters(facts: SeedFacts, base_id: int) -> dict[str, dict]:
    stock_tag = _optional(lambda: facts.tag(base_id, "Stock"))
    all_tag = _optional(lambda: facts.tag(base_id, "All"))
    second_tag = _optional(lambda: facts.tag(base_id, "Stock", nth=1))
    product = _optional(lambda: facts.custom_product(base_id))
    warehouse = _optional(lambda: facts.location(base_id, "warehouse"))
    filters: dict[str, dict] = {f"states-{s}": {"states": [s]} for s in STATES}
    filters.update(
        {
            "no-filter": {},
            "states-InStock-Donated-Lost": {"states": ["InStock", "Donated", "Lost"]},
            "productGenders-Women": {"productGenders": ["Women"]},
            "productGenders-Men-UnisexKid": {"productGenders": ["Men", "UnisexKid"]},
            "productGender-UnisexAdult": {"productGender": "UnisexAdult"},
            "productCategoryIds-1-2": {"productCategoryIds": [1, 2]},
            "productCategoryId-3": {"productCategoryId": 3},
            "lastModifiedFrom": {"lastModifiedFrom": "2025-11-01"},
            "lastModifiedUntil": {"lastModifiedUntil": "2025-10-01"},
            "genders-categories-states": {
                "productGenders": ["Women", "Men"],
                "productCategoryIds": [1, 2, 3, 12],
                "states": ["InStock"],
            },
        }
    )
    if stock_tag is not None:
        filters["tagIds-box-tag"] = {"tagIds": [stock_tag]}
        filters["states-tagIds"] = {"states": ["InStock"], "tagIds": [stock_tag]}
    if all_tag is not None:
        filters["tagIds-all-tag"] = {"tagIds": [all_tag]}
    if stock_tag is not None and second_tag is not None:
        filters["tagIds-two-tags"] = {"tagIds": [stock_tag, second_tag]}
    if product is not None:
        filters["productIds"] = {"productIds": [product]}
        filters["productId"] = {"productId": product}
    if warehouse is not None:
        filters["locationIds"] = {"locationIds": [warehouse]}
        filters["locationIds-states"] = {"locationIds": [warehouse], "states": ["InStock"]}
    return filters


def boxes_view_cases_of_other_users(facts: SeedFacts) -> dict[str, list[dict]]:
    op = "BoxesForBoxesView"
    cases = []
    for user, base_id in ASKERS:
        filters = _filters(facts, base_id)
        if base_id == 1:
            # The SQL does not depend on the user: a few, for their permissions.
            filters = {k: filters[k] for k in ("states-Donated", "tagIds-box-tag", "productIds")}
        for name, filter_input in filters.items():
            for page in (20, 100):
                variables = {"baseId": base_id, "paginationInput": page}
                if filter_input:
                    variables["filterInput"] = filter_input
                cases.append(
                    case(f"{user}-base{base_id}-{name}-page{page}", step(op, user, **variables))
                )
    return {op: cases, "ExtraBoxesPage": _pages_of_other_bases(facts)}


def _pages_of_other_bases(facts: SeedFacts) -> list[dict]:
    op = "ExtraBoxesPage"
    cases = []
    for user, base_id in (("org2", 3), ("god", 4), ("org2", 2)):
        middle = cursor_for(facts.box_id_at(base_id, 50))
        pages = {
            "first5": {"first": 5},
            "first5-after-middle": {"first": 5, "after": middle},
            "first20-after-middle": {"first": 20, "after": middle},
            "last5-before-middle": {"last": 5, "before": middle},
            "last20-before-middle": {"last": 20, "before": middle},
        }
        for name, page in pages.items():
            cases.append(
                case(
                    f"{user}-base{base_id}-{name}",
                    step(op, user, baseId=str(base_id), paginationInput=page),
                )
            )
            cases.append(
                case(
                    f"{user}-base{base_id}-instock-{name}",
                    step(
                        op,
                        user,
                        baseId=str(base_id),
                        paginationInput=page,
                        filterInput={"states": ["InStock"]},
                    ),
                )
            )
    return cases
