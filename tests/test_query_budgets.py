"""Query budgets: how many SQL statements each frontend query may run.

Every query the frontend sends (../shared/reference/frontend-operations.json) runs
on the demo world as the coordinator of base 1, and the statements of its request
are counted by the app's own collector (SERVER_TIMING=1, `X-Debug-Timing: 1`). The
data loaders batch every nested lookup, so a count is a small constant that does
not depend on how many boxes, products or details a page holds; one statement per
row of a list (an N+1) would add dozens.

Counted exactly: with each offloaded call (loader batch, root lookup) run to its end
before the event loop goes on (support.statements.settled_offloads), which keys
share a batch does not depend on which DB thread finishes first, and the count must
equal the budget. A change that saves statements lowers the budget here, so the
table stays a specification rather than a ceiling. As served (batches offloaded and
overlapping), a loader's keys may arrive in one more wave when a concurrent batch
finishes late, so there the count may exceed the budget by `OVERLAP_SLACK` at most.

The operations the demo world has no rows for (distribution events, statistics
that are NOT_IMPLEMENTED) are budgeted as well: a lookup by id that finds nothing
is one statement, a base's empty lists one each.
"""

from __future__ import annotations

import pytest

from boxtribute_api.db import change_cache
from support.operations import variables_for
from support.reference import ABSENT, frontend_queries
from support.statements import settled_offloads, timed_statements
from support.users import COORDINATOR

# Frontend query -> SQL statements, on the demo world, as the coordinator of base 1,
# with the variables of `budget_variables`.
BUDGETS = {
    "ActionOptionsForBoxesView": 7,
    "AllAcceptedTransferAgreements": 7,
    "AllBasesOfCurrentOrg": 2,
    "AllOrganisationsAndBases": 2,
    "AllProductsAndLocationsForBase": 7,
    "AllProductsForPackingList": 5,
    "BeneficiaryDemographics": 3,
    "BeneficiaryFigures": 1,
    "BeneficiaryReach": 4,
    "Box": 13,
    "BoxByLabelIdentifier": 20,
    "BoxByLabelIdentifierAndAllProductsWithBaseId": 15,
    "BoxByLabelIdentifierWithoutShipments": 17,
    "BoxDetails": 3,
    "BoxesForBoxesView": 12,
    "CheckIfQrExistsInDb": 1,
    "CustomProductFormOptions": 2,
    "DashboardFilterData": 5,
    "DataForReturnTrackingOverviewForBase": 3,
    "DistributionEvent": 1,
    "DistributionEventsForBase": 2,
    "DistributionEventsTrackingGroup": 1,
    "DistributionSpot": 1,
    "DistroSpotsForBaseId": 3,
    "DownloadDistributionEventsStatistics": 2,
    "GetBoxLabelIdentifierForQrCode": 6,
    "MultiBoxActionOptionsForLocationsAndTags": 4,
    "MultiBoxActionOptionsForLocationsTagsAndShipments": 7,
    "OrganisationAndBases": 2,
    "PackingListEntriesForDistributionEvent": 1,
    "ProductsForProductsView": 9,
    "ReturnTrackingGroupIdForDistributionEvent": 1,
    "ShipmentById": 16,
    "ShipmentByIdWithProductsAndLocations": 21,
    "ShipmentDataForExport": 15,
    "Shipments": 6,
    "StandardProductQuery": 4,
    "StandardProductsForProductsView": 7,
    "TagForUpdateTagView": 2,
    "TagsForTagsView": 6,
    "TransferAgreements": 6,
    "createdBoxes": 7,
    "dashboardInfo": 4,
    "movedBoxes": 8,
    "stockOverview": 10,
}
BOXES_VIEW_PAGE = 50  # the frontend's page of the Boxes view
# Extra batches seen when offloaded batches finish in another order (3 of 45
# queries, at most 2 statements, in 25 runs each).
OVERLAP_SLACK = 2

QUERIES = frontend_queries()


@pytest.fixture(autouse=True)
def nothing_kept():
    """The box cubes' answers are kept while their tables are unchanged
    (db/change_cache.py); each budget counts the computation: the cube's statements
    and the one that reads the tables' marker."""
    change_cache.forget_all()


@pytest.fixture(scope="module")
def budget_variables(demo_values) -> dict:
    return {**demo_values, "paginationInput": BOXES_VIEW_PAGE}


def run_within_budget(client, document: str, variables: dict, budget: int, what: str) -> dict:
    """Run the document both ways (see the module's docstring); return its answer."""
    with settled_offloads():
        settled = timed_statements(client, document, variables, COORDINATOR)
    served = timed_statements(client, document, variables, COORDINATOR)

    listing = "\n".join(settled.statements)
    assert settled.count <= budget, (
        f"{what} ran {settled.count} SQL statements, its budget is {budget}: a lookup per"
        f" row (N+1)? The statements:\n{listing}"
    )
    assert settled.count == budget, (
        f"{what} ran {settled.count} SQL statements, fewer than its budget of {budget}:"
        " lower the budget in BUDGETS"
    )
    assert served.count <= budget + OVERLAP_SLACK, "\n".join(served.statements)
    assert served.result == settled.result
    return served.result


def test_every_frontend_query_has_a_budget():
    if not QUERIES:
        pytest.skip(ABSENT)

    assert sorted(BUDGETS) == sorted(QUERIES)


@pytest.mark.parametrize("name", sorted(QUERIES) or ["(frontend operations absent)"])
def test_a_frontend_query_runs_exactly_its_budget_of_sql_statements(
    timed_client, budget_variables, name
):
    if not QUERIES:
        pytest.skip(ABSENT)
    document = QUERIES[name]["wire_document"]
    variables = variables_for(document, budget_variables)

    run_within_budget(timed_client, document, variables, BUDGETS[name], name)


@pytest.mark.parametrize("page_size", [BOXES_VIEW_PAGE, 200])
def test_the_boxes_views_statements_do_not_grow_with_the_page_size(timed_client, page_size):
    """A page of 200 boxes (products, sizes, locations, tags, QR codes, shipment
    details of each) costs the statements a page of 50 costs."""
    if not QUERIES:
        pytest.skip(ABSENT)
    variables = {
        "baseId": "1",
        "filterInput": {"states": ["InStock"]},
        "paginationInput": page_size,
    }
    document = QUERIES["BoxesForBoxesView"]["wire_document"]

    result = run_within_budget(
        timed_client, document, variables, BUDGETS["BoxesForBoxesView"], f"{page_size} boxes"
    )

    assert len(result["data"]["boxes"]["elements"]) == page_size
