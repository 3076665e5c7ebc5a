"""Query cases: every query the frontend sends, for every user, with variables that
exist, are deleted, belong to another base or organisation, or do not exist; the
Boxes view with every filter alone and combined, and cursor pagination.

A generator returns {operation: [case]}; a case is
{"name": ..., "steps": [{"operation", "user", "variables"}]}, the last step being
the one the case is about (earlier steps set up data, e.g. delete a box first).
"""

from __future__ import annotations

from .operations import operation, sendable_frontend_operations
from .seedfacts import MISSING_ID, MISSING_LABEL, MISSING_QR, SeedFacts, cursor_for
from .users import USERS

ALL_USERS = list(USERS)

# Statistics queries whose answers change with the calendar (ages of beneficiaries,
# "last 30/90 days"): statcases.py records them with the clock they were recorded at.
TIME_RELATIVE = {"BeneficiaryDemographics", "BeneficiaryFigures", "BeneficiaryReach"}

# Bases every base-parameterised query is asked for, by every user:
# 1 (organisation 1), 2 and 3 (organisation 2, with an accepted agreement with base
# 1), 4 (organisation 2, no agreement with base 1, not a base of user "org2"),
# 100000000 (a test organisation without agreements), 99999 (does not exist).
BASES = {
    "base1": 1,
    "base2": 2,
    "base3": 3,
    "base4": 4,
    "testorg": 100000000,
    "nobase": MISSING_ID,
}


def step(op: str, user: str, /, **variables) -> dict:
    return {"operation": op, "user": user, "variables": typed(op, variables)}


def case(name: str, *steps: dict) -> dict:
    return {"name": name, "steps": list(steps)}


def typed(op: str, variables: dict) -> dict:
    """ID variables are sent as strings, Int ones as numbers, as the frontend does."""
    types = dict(operation(op).variables)
    result = {}
    for name, value in variables.items():
        kind = types.get(name, "")
        if kind.startswith("ID") and isinstance(value, int):
            value = str(value)
        elif kind.startswith("Int") and isinstance(value, str) and value.isdigit():
            value = int(value)
        result[name] = value
    return result


def per_user(op: str, case_name: str, users=ALL_USERS, /, **variables) -> list[dict]:
    return [
        case(f"{user}-{case_name}" if case_name else user, step(op, user, **variables))
        for user in users
    ]


def base_only_operations() -> list[str]:
    return sorted(
        name
        for name, entry in sendable_frontend_operations().items()
        if entry["kind"] == "query"
        and [v["name"] for v in entry["variables"]] == ["baseId"]
        and name not in TIME_RELATIVE
    )


def no_variable_operations() -> list[str]:
    return sorted(
        name
        for name, entry in sendable_frontend_operations().items()
        if entry["kind"] == "query" and not entry["variables"] and name not in TIME_RELATIVE
    )


# --- boxes by label ---------------------------------------------------------------------


def labelled_boxes(facts: SeedFacts) -> dict[str, tuple[str, int]]:
    """name -> (label identifier, base id of the box's location)."""
    return {
        "base1-instock": (facts.label(1, "InStock", tagged=True), 1),
        "base1-donated": (facts.label(1, "Donated"), 1),
        "base1-notdelivered": (facts.label(1, "NotDelivered"), 1),
        "base2-instock": (facts.label(2, "InStock"), 2),
        "base2-marked-for-shipment": (facts.box_in_shipment(7, "MarkedForShipment"), 2),
        "base3-in-transit-to-base1": (facts.box_in_shipment(6, "InTransit"), 3),
        "base4-receiving-in-base2": (facts.box_in_shipment(10, "Receiving"), 4),
        "base4-instock": (facts.label(4, "InStock"), 4),
        "testorg": (facts.label(100000000, "Donated"), 100000000),
        "missing": (MISSING_LABEL, 1),
    }


LABEL_OPERATIONS = (
    "Box",
    "BoxByLabelIdentifier",
    "BoxByLabelIdentifierWithoutShipments",
    "BoxDetails",
)


def box_cases(facts: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}
    boxes = labelled_boxes(facts)
    for op in LABEL_OPERATIONS:
        cases[op] = [
            c
            for name, (label, _) in boxes.items()
            for c in per_user(op, name, labelIdentifier=label)
        ]
    op = "BoxByLabelIdentifierAndAllProductsWithBaseId"
    cases[op] = [
        c
        for name, (label, base_id) in boxes.items()
        for c in per_user(op, name, labelIdentifier=label, baseId=base_id)
    ]
    # A box asked for with the products of another base.
    label = boxes["base1-instock"][0]
    cases[op] += per_user(op, "base1-instock-products-of-base2", labelIdentifier=label, baseId=2)
    # Boxes whose history has entries at the same time: the order of those entries.
    for label in facts.boxes_with_history_ties(1, 3):
        for op in ("Box", "BoxByLabelIdentifier"):
            for user in ("coordinator", "god"):
                cases[op].append(
                    case(f"{user}-history-ties-{label}", step(op, user, labelIdentifier=label))
                )
    # A deleted box: the god deletes it first.
    deleted = facts.label(1, "InStock", nth=1)
    for op in (*LABEL_OPERATIONS, "BoxByLabelIdentifierAndAllProductsWithBaseId"):
        for user in ("coordinator", "god", "warehouse"):
            variables = {"labelIdentifier": deleted}
            if op == "BoxByLabelIdentifierAndAllProductsWithBaseId":
                variables["baseId"] = 1
            cases[op].append(
                case(
                    f"{user}-base1-deleted",
                    step("DeleteBoxes", "god", labelIdentifiers=[deleted]),
                    step(op, user, **variables),
                )
            )
    return cases


# --- QR codes ------------------------------------------------------------------------------


def qr_cases(facts: SeedFacts) -> dict[str, list[dict]]:
    codes = {
        "base1-box": facts.qr_of(facts.label(1, "InStock", tagged=True)),
        "base2-box": facts.qr_of(facts.label(2, "InStock")),
        "base3-in-transit-box": facts.qr_of(facts.box_in_shipment(6, "InTransit")),
        "testorg-box": facts.qr_of(facts.label(100000000, "Donated")),
        "unassigned": facts.unused_qr(),
        "missing": MISSING_QR,
    }
    return {
        op: [c for name, code in codes.items() for c in per_user(op, name, qrCode=code)]
        for op in ("CheckIfQrExistsInDb", "GetBoxLabelIdentifierForQrCode")
    }


# --- everything asked for by base, organisation, shipment, tag, distribution id --------------


def base_cases() -> dict[str, list[dict]]:
    return {
        op: [c for name, base_id in BASES.items() for c in per_user(op, name, baseId=base_id)]
        for op in base_only_operations()
    }


def simple_cases() -> dict[str, list[dict]]:
    cases = {op: per_user(op, "") for op in no_variable_operations()}
    organisations = {"org1": 1, "org2": 2, "org-without-bases": 3, "org-deleted": 4}
    organisations["noorg"] = MISSING_ID
    cases["AllBasesOfCurrentOrg"] = [
        c
        for name, org in organisations.items()
        for c in per_user("AllBasesOfCurrentOrg", name, orgId=org)
    ]
    cases["ShipmentById"] = [
        c
        for shipment in [*range(1, 11), MISSING_ID]
        for c in per_user("ShipmentById", f"shipment{shipment}", id=shipment)
    ]
    op = "ShipmentByIdWithProductsAndLocations"
    cases[op] = [
        c
        for shipment in (1, 4, 5, 6, 7, 9, 10, MISSING_ID)
        for base_id in (1, 2)
        for c in per_user(
            op, f"shipment{shipment}-base{base_id}", shipmentId=shipment, baseId=base_id
        )
    ]
    return cases


def tag_cases(facts: SeedFacts) -> dict[str, list[dict]]:
    tags = {
        "base1-box-tag": facts.tag(1, "Stock"),
        "base1-all-tag": facts.tag(1, "All"),
        "base1-beneficiary-tag": facts.tag(1, "People"),
        "base1-deleted-tag": facts.tag(1, "Stock", deleted=True),
        "base2-tag": facts.tag(2, "Stock"),
        "base3-tag": facts.tag(3, "All"),
        "base4-tag": facts.tag(4, "Stock"),
        "missing": MISSING_ID,
    }
    op = "TagForUpdateTagView"
    return {op: [c for name, tag in tags.items() for c in per_user(op, name, tagId=tag)]}


def distribution_cases(facts: SeedFacts) -> dict[str, list[dict]]:
    # The seed has no distribution events, spots or tracking groups: ask for an id
    # that does not exist and for the id of a classic (warehouse) location.
    ids = {"id1": 1, "warehouse-location-id": facts.location(1, "warehouse"), "missing": MISSING_ID}
    variable = {
        "DistributionEvent": "eventId",
        "DistributionEventsTrackingGroup": "trackingGroupId",
        "DistributionSpot": "id",
        "PackingListEntriesForDistributionEvent": "distributionEventId",
        "ReturnTrackingGroupIdForDistributionEvent": "distributionEventId",
    }
    return {
        op: [c for name, value in ids.items() for c in per_user(op, name, **{var: value})]
        for op, var in variable.items()
    }


# --- the Boxes view ------------------------------------------------------------------------


def boxes_view_cases(facts: SeedFacts) -> list[dict]:
    op = "BoxesForBoxesView"
    cases = [
        c
        for name, base_id in BASES.items()
        for c in per_user(
            op, name, baseId=base_id, filterInput={"states": ["InStock"]}, paginationInput=50
        )
    ]

    def coordinator(name: str, filter_input, page=20, user="coordinator", base_id=1) -> dict:
        variables = {"baseId": base_id, "paginationInput": page}
        if filter_input is not None:
            variables["filterInput"] = filter_input
        return case(f"{user}-base{base_id}-{name}", step(op, user, **variables))

    states = ["InStock", "Lost", "MarkedForShipment", "Receiving", "Donated", "Scrap"]
    states += ["InTransit", "NotDelivered"]
    for state in states:
        cases.append(coordinator(f"states-{state}", {"states": [state]}))
        cases.append(coordinator(f"states-{state}", {"states": [state]}, user="org2", base_id=2))
    cases.append(coordinator("states-InStock-Donated", {"states": ["InStock", "Donated"]}))
    cases.append(coordinator("states-empty-list", {"states": []}))
    cases.append(coordinator("no-filter", None))
    cases.append(coordinator("empty-filter", {}))

    removed_label, removed_tag = facts.box_with_removed_tag(1)
    tag_with_removed = facts.tag_with_removed_relations(1)
    tags = {
        "box-tag": [facts.tag(1, "Stock")],
        "all-tag": [facts.tag(1, "All")],
        "tag-removed-from-some-boxes": [tag_with_removed],
        "tag-removed-from-a-box": [removed_tag],
        "deleted-tag": [facts.tag(1, "Stock", deleted=True)],
        "beneficiary-tag": [facts.tag(1, "People")],
        "two-tags": [facts.tag(1, "Stock"), facts.tag(1, "All")],
        "tag-of-base2": [facts.tag(2, "Stock")],
        "missing-tag": [MISSING_ID],
        "empty-list": [],
    }
    for name, tag_ids in tags.items():
        cases.append(coordinator(f"tagIds-{name}", {"tagIds": tag_ids}))
        cases.append(coordinator(f"tagIds-{name}-page100", {"tagIds": tag_ids}, page=100))
    cases.append(
        coordinator("tagIds-removed-InStock", {"tagIds": [tag_with_removed], "states": ["InStock"]})
    )
    cases.append(
        coordinator("tagIds-removed-Donated", {"tagIds": [tag_with_removed], "states": ["Donated"]})
    )
    cases.append(
        coordinator("tagIds-base2-tag", {"tagIds": [facts.tag(2, "Stock")]}, user="org2", base_id=2)
    )

    product = facts.custom_product(1)
    product2 = facts.custom_product(1, size_range=6)
    measure = facts.measure_product(1)
    sizes = facts.sizes(facts.product_size_range(product))
    filters = {
        "productIds-one": {"productIds": [product]},
        "productIds-two": {"productIds": [product, product2]},
        "productIds-measure": {"productIds": [measure]},
        "productIds-base2": {"productIds": [facts.custom_product(2)]},
        "productIds-missing": {"productIds": [MISSING_ID]},
        "productIds-empty-list": {"productIds": []},
        "productId": {"productId": product},
        "sizeId": {"sizeId": sizes[0]},
        "sizeId-mixed": {"sizeId": 52},
        "productGenders-Women": {"productGenders": ["Women"]},
        "productGenders-Men-Women": {"productGenders": ["Men", "Women"]},
        "productGenders-none": {"productGenders": ["none"]},
        "productGenders-UnisexKid": {"productGenders": ["UnisexKid"]},
        "productGenders-empty-list": {"productGenders": []},
        "productGender-Men": {"productGender": "Men"},
        "productCategoryIds-one": {"productCategoryIds": [1]},
        "productCategoryIds-two": {"productCategoryIds": [2, 12]},
        "productCategoryIds-missing": {"productCategoryIds": [MISSING_ID]},
        "productCategoryId": {"productCategoryId": 5},
        "locationIds-warehouse": {"locationIds": [facts.location(1, "warehouse")]},
        "locationIds-two": {
            "locationIds": [facts.location(1, "warehouse"), facts.location(1, "shop")]
        },
        "locationIds-deleted": {"locationIds": [facts.location(1, "deleted")]},
        "locationIds-base2": {"locationIds": [facts.location(2, "warehouse")]},
        "locationIds-empty-list": {"locationIds": []},
        "lastModifiedFrom": {"lastModifiedFrom": "2025-12-20"},
        "lastModifiedUntil": {"lastModifiedUntil": "2025-08-01"},
        "lastModified-between": {
            "lastModifiedFrom": "2025-09-01",
            "lastModifiedUntil": "2025-10-01",
        },
        "lastModifiedFrom-future": {"lastModifiedFrom": "2099-01-01"},
        "states-tagIds": {"states": ["InStock"], "tagIds": [facts.tag(1, "All")]},
        "states-productIds-locationIds": {
            "states": ["InStock", "Donated"],
            "productIds": [product, product2],
            "locationIds": [facts.location(1, "warehouse"), facts.location(1, "shop")],
        },
        "tagIds-lastModifiedFrom": {
            "tagIds": [facts.tag(1, "Stock")],
            "lastModifiedFrom": "2025-12-01",
        },
        "genders-categories": {
            "productGenders": ["Women", "Men"],
            "productCategoryIds": [1, 2, 3],
        },
        "genders-categories-sizes-states": {
            "productGenders": ["Women", "UnisexAdult"],
            "productCategoryIds": [1, 12],
            "sizeId": 52,
            "states": ["InStock"],
        },
        "all-filters": {
            "states": ["InStock", "Donated"],
            "tagIds": [facts.tag(1, "All")],
            "productIds": [product, product2],
            "productGenders": ["Women", "Men", "UnisexKid"],
            "productCategoryIds": [1, 2],
            "locationIds": [facts.location(1, "warehouse"), facts.location(1, "shop")],
            "lastModifiedFrom": "2025-01-01",
            "lastModifiedUntil": "2026-01-01",
        },
        "empty-result-states-location": {
            "states": ["Lost"],
            "locationIds": [facts.location(1, "warehouse")],
        },
        "empty-result-tag-product": {
            "tagIds": [facts.tag(1, "People")],
            "productIds": [product],
        },
    }
    for name, filter_input in filters.items():
        cases.append(coordinator(name, filter_input))
    for name in ("productIds-one", "all-filters", "tagIds-lastModifiedFrom"):
        cases.append(coordinator(name, filters[name], user="god"))
        cases.append(coordinator(name, filters[name], user="freeshop"))

    for page in (0, 1, 10, 100, 100000, None, -1):
        name = f"first-{page}".replace("-None", "-null").replace("--1", "-minus1")
        variables = {"baseId": 1, "filterInput": {"states": ["InStock"]}}
        if page is not None:
            variables["paginationInput"] = page
        cases.append(case(f"coordinator-base1-{name}", step(op, "coordinator", **variables)))
    cases.append(
        case(
            "coordinator-base1-page100-no-filter",
            step(op, "coordinator", baseId=1, paginationInput=100),
        )
    )
    cases.append(
        case(
            "god-base3-all-states-page100",
            step(op, "god", baseId=3, paginationInput=100),
        )
    )
    # The box whose tag was removed: the page of that tag must not list it.
    cases.append(
        coordinator(
            "tag-removed-from-box-its-location",
            {"tagIds": [removed_tag], "locationIds": [facts.box_location(removed_label)]},
            page=100,
        )
    )
    return cases


def pagination_cases(facts: SeedFacts) -> list[dict]:
    op = "ExtraBoxesPage"
    middle = cursor_for(facts.box_id_at(1, 100))
    late = cursor_for(facts.box_id_at(1, 400))
    pages = {
        "first5": {"first": 5},
        "first5-after-middle": {"first": 5, "after": middle},
        "first50-after-late": {"first": 50, "after": late},
        "after-middle-default-size": {"after": middle},
        "last5-before-middle": {"last": 5, "before": middle},
        "last5-before-late": {"last": 5, "before": late},
        "before-middle-default-size": {"before": middle},
        "last-without-before": {"last": 5},
        "first-and-last": {"first": 3, "last": 3, "before": late},
        "after-and-before": {"after": middle, "before": late},
        "first0": {"first": 0},
        "after-beyond-end": {"first": 5, "after": cursor_for(99999999)},
        "before-start": {"last": 5, "before": cursor_for(1)},
        "invalid-cursor": {"first": 5, "after": "not a cursor"},
        "empty": {},
    }
    cases = [
        case(f"coordinator-base1-{name}", step(op, "coordinator", baseId="1", paginationInput=page))
        for name, page in pages.items()
    ]
    filtered = {"states": ["InStock"], "tagIds": [facts.tag_with_removed_relations(1)]}
    for name in ("first5", "first5-after-middle", "last5-before-late"):
        cases.append(
            case(
                f"coordinator-base1-filtered-{name}",
                step(
                    op,
                    "coordinator",
                    baseId="1",
                    paginationInput=pages[name],
                    filterInput=filtered,
                ),
            )
        )
    cases.append(
        case(
            "god-base2-first5-after-middle",
            step(op, "god", baseId="2", paginationInput={"first": 5, "after": middle}),
        )
    )
    return cases


def query_cases(facts: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}
    cases.update(base_cases())
    cases.update(simple_cases())
    cases.update(box_cases(facts))
    cases.update(qr_cases(facts))
    cases.update(tag_cases(facts))
    cases.update(distribution_cases(facts))
    cases["BoxesForBoxesView"] = boxes_view_cases(facts)
    cases["ExtraBoxesPage"] = pagination_cases(facts)
    return cases
