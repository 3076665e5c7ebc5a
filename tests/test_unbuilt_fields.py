"""A field of the contract that is not built yet answers an error saying so, never a
silent null that a client would read as "nothing there".

UNBUILT is the work still to do: the transfers, statistics and distribution issues
shrink it to empty. A field that gets built must leave the list (and a field that
loses its resolver must join it): the first test fails either way.
"""

from __future__ import annotations

import pytest

from boxtribute_api.api.schema import build_schema, unbuilt_fields
from boxtribute_api.domains import DOMAIN_PACKAGES
from support.users import GOD

UNBUILT = [
    "Mutation.addPackingListEntryToDistributionEvent",
    "Mutation.assignBoxToDistributionEvent",
    "Mutation.changeDistributionEventState",
    "Mutation.completeDistributionEventsTrackingGroup",
    "Mutation.createBeneficiaries",
    "Mutation.createBeneficiary",
    "Mutation.createDistributionEvent",
    "Mutation.createDistributionSpot",
    "Mutation.deactivateBeneficiary",
    "Mutation.moveItemsFromBoxToDistributionEvent",
    "Mutation.moveItemsFromReturnTrackingGroupToBox",
    "Mutation.removeAllPackingListEntriesFromDistributionEventForProduct",
    "Mutation.removeItemsFromUnboxedItemsCollection",
    "Mutation.removePackingListEntryFromDistributionEvent",
    "Mutation.setReturnedNumberOfItemsForDistributionEventsTrackingGroup",
    "Mutation.startDistributionEventsTrackingGroup",
    "Mutation.unassignBoxFromDistributionEvent",
    "Mutation.updateBeneficiary",
    "Mutation.updatePackingListEntry",
    "Mutation.updateSelectedProductsForDistributionEventPackingList",
    "Query.beneficiaries",
    "Query.beneficiary",
    "Query.distributionEvent",
    "Query.distributionEventsTrackingGroup",
    "Query.distributionSpot",
    "Query.distributionSpots",
    "Query.packingListEntry",
]


def test_the_root_fields_not_built_yet_are_exactly_these():
    assert unbuilt_fields(build_schema(DOMAIN_PACKAGES)) == UNBUILT


def test_an_unbuilt_mutation_answers_not_implemented_and_writes_nothing(client):
    answer = client.execute(
        "mutation { deactivateBeneficiary(id: 1) { id } }",
        **GOD,
    )

    assert answer["data"] == {"deactivateBeneficiary": None}
    (error,) = answer["errors"]
    assert error["path"] == ["deactivateBeneficiary"]
    assert error["extensions"]["code"] == "NOT_IMPLEMENTED"
    assert "Mutation.deactivateBeneficiary" in error["message"]


@pytest.mark.parametrize("field", ["beneficiaries", "distributionSpots"])
def test_an_unbuilt_field_of_a_built_type_answers_not_implemented(client, field):
    selection = (
        "beneficiaries { totalCount }" if field == "beneficiaries" else "distributionSpots { id }"
    )
    answer = client.execute(f"{{ base(id: 1) {{ id {selection} }} }}", **GOD)

    codes = [(e["path"], e["extensions"]["code"]) for e in answer["errors"]]
    assert codes == [(["base", field], "NOT_IMPLEMENTED")]
