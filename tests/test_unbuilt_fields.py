"""A field of the contract that is not built yet answers an error saying so, never a
silent null that a client would read as "nothing there".

UNBUILT is the work still to do: the transfers, statistics and distribution issues
shrink it to empty. A field that gets built must leave the list (and a field that
loses its resolver must join it): the first test fails either way.
"""

from __future__ import annotations

from boxtribute_api.api.schema import build_schema, unbuilt_fields
from boxtribute_api.domains import DOMAIN_PACKAGES
from support.users import GOD

UNBUILT = [
    "Mutation.createBeneficiaries",
    "Mutation.createBeneficiary",
    "Mutation.createShareableLink",
    "Mutation.deactivateBeneficiary",
    "Mutation.updateBeneficiary",
    "Query.beneficiaries",
    "Query.beneficiary",
    "Query.beneficiaryDemographics",
    "Query.beneficiaryFigures",
    "Query.beneficiaryReach",
    "Query.createdBoxes",
    "Query.metrics",
    "Query.movedBoxes",
    "Query.stockOverview",
    "Query.topProductsCheckedOut",
    "Query.topProductsDonated",
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


def test_an_unbuilt_field_of_a_built_type_answers_not_implemented(client):
    answer = client.execute("{ base(id: 1) { id beneficiaries { totalCount } } }", **GOD)

    codes = [(e["path"], e["extensions"]["code"]) for e in answer["errors"]]
    assert codes == [(["base", "beneficiaries"], "NOT_IMPLEMENTED")]
