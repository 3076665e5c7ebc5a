"""Beneficiary documents and the `people` rows behind them, for the beneficiary tests."""

from __future__ import annotations

from boxtribute_api.beneficiary.models import Beneficiary, BeneficiaryLanguage
from boxtribute_api.db.routing import connection_scope
from boxtribute_api.tag.models import TagsRelation

FIELDS = """
    id firstName lastName dateOfBirth age comment groupIdentifier gender languages
    active isVolunteer signed registered phoneNumber signature dateOfSignature
    createdOn createdBy { id } lastModifiedOn lastModifiedBy { id }
    base { id } familyHead { id } tags { id } tokens
    transactions { id count tokens description createdOn product { id }
                   createdBy { id } beneficiary { id } }
"""

BENEFICIARY = f"query ($id: ID!) {{ beneficiary(id: $id) {{ {FIELDS} }} }}"
PAGE = """
    totalCount
    pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
    elements { id active registered isVolunteer base { id } }
"""
BENEFICIARIES = f"""query ($page: PaginationInput, $filter: FilterBeneficiaryInput) {{
  beneficiaries(paginationInput: $page, filterInput: $filter) {{ {PAGE} }} }}"""
BASE_BENEFICIARIES = f"""query ($baseId: ID!, $filter: FilterBeneficiaryInput) {{
  base(id: $baseId) {{ beneficiaries(filterInput: $filter) {{ {PAGE} }} }} }}"""
CREATE = f"""mutation ($input: BeneficiaryCreationInput) {{
  createBeneficiary(creationInput: $input) {{ {FIELDS} }} }}"""
UPDATE = f"""mutation ($input: BeneficiaryUpdateInput) {{
  updateBeneficiary(updateInput: $input) {{ {FIELDS} }} }}"""
DEACTIVATE = "mutation ($id: ID!) { deactivateBeneficiary(id: $id) { id active } }"
CREATE_MANY = """mutation ($input: BeneficiariesCreationInput) {
  createBeneficiaries(creationInput: $input) {
    __typename
    ... on BeneficiariesResult { results { ... on Beneficiary {
      id firstName lastName gender registered isVolunteer tags { id } } } }
    ... on InsufficientPermissionError { name }
    ... on UnauthorizedForBaseError { id }
    ... on ResourceDoesNotExistError { name }
  }
}"""


def new_beneficiary(**changes) -> dict:
    """createBeneficiary's input: a person of base 1 with every required field."""
    return {
        "firstName": "Ada",
        "lastName": "Example",
        "baseId": 1,
        "groupIdentifier": "T-1",
        "dateOfBirth": "1990-04-05",
        "gender": "Female",
        "isVolunteer": False,
        "registered": True,
        **changes,
    }


def people_row(beneficiary_id) -> dict:
    """The people row as stored, by column name (zero dates as text)."""
    with connection_scope():
        cursor = Beneficiary._meta.database.execute_sql(
            "SELECT *, CAST(deleted AS CHAR) AS deleted_text,"
            " CAST(date_of_signature AS CHAR) AS signature_date_text"
            " FROM people WHERE id = %s",
            (int(beneficiary_id),),
        )
        columns = [c[0] for c in cursor.description]
        return dict(zip(columns, cursor.fetchone(), strict=True))


def language_ids(beneficiary_id) -> list[int]:
    with connection_scope():
        return sorted(
            row.language_id
            for row in BeneficiaryLanguage.select().where(
                BeneficiaryLanguage.beneficiary == int(beneficiary_id)
            )
        )


def live_tag_ids(beneficiary_id) -> list[int]:
    with connection_scope():
        return sorted(
            r.tag_id
            for r in TagsRelation.select().where(
                TagsRelation.object_type == "People",
                TagsRelation.object_id == int(beneficiary_id),
                TagsRelation.deleted_on.is_null(),
            )
        )


def family_of(base_id: int) -> tuple[int, list[int]]:
    """A family head of the base with active members: (head id, member ids)."""
    with connection_scope():
        for head in (
            Beneficiary.select()
            .where(
                Beneficiary.base == base_id,
                Beneficiary.family_head.is_null(),
                Beneficiary.deleted_on.is_unset(),
            )
            .order_by(Beneficiary.id)
        ):
            members = [
                b.id
                for b in Beneficiary.select()
                .where(Beneficiary.family_head == head.id, Beneficiary.deleted_on.is_unset())
                .order_by(Beneficiary.id)
            ]
            if members:
                return head.id, members
    raise LookupError(f"no family with members in base {base_id}")
