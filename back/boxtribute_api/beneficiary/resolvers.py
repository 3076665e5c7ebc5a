"""Beneficiary reads: beneficiary(id), beneficiaries, Base.beneficiaries, and the
fields of Beneficiary and Transaction.

As the original: a beneficiary is looked up before permission is checked (a missing
id is BAD_USER_INPUT for everyone), then beneficiary:read in its base. Its tags need
tag:read in its base, its tokens and transactions transaction:read, its base
base:read; its family head, and a transaction's beneficiary, product and user are
followed without any check.
"""

from __future__ import annotations

import datetime

from ariadne import EnumType, ObjectType, QueryType

from ..api.loaders import LoadedField
from ..api.rootfields import resolved_later_by_the_original
from ..auth.authorization import authorize, authorized_bases_filter
from ..base.loaders import BaseById
from ..db.offload import offload
from ..errors import ResourceNotFound
from ..product.loaders import UncheckedProductById
from ..user.loaders import UserById
from . import store
from .loaders import (
    BeneficiaryById,
    LanguagesOfBeneficiary,
    TagsOfBeneficiary,
    TokensOfBeneficiary,
    TransactionsOfBeneficiary,
    TransactionUserById,
)

query = QueryType()
base_type = ObjectType("Base")
beneficiary_type = ObjectType("Beneficiary")
transaction_type = ObjectType("Transaction")

# people.gender: '' is Diverse (and what a beneficiary created without gender gets).
GENDERS = {"Male": "M", "Female": "F", "Diverse": ""}
human_gender_enum = EnumType("HumanGender", GENDERS)
# The ids of the `languages` rows that have a code.
LANGUAGES = {"nl": 1, "en": 2, "fr": 3, "de": 4, "ar": 5, "ckb": 6}
language_enum = EnumType("Language", LANGUAGES)

# Fields the original resolves through its DataLoaders (see api/rootfields.py).
resolved_later_by_the_original("Beneficiary", "createdBy", "lastModifiedBy")
resolved_later_by_the_original("Beneficiary", "base", checks_first=True)


@query.field("beneficiary")
async def resolve_beneficiary(*_, id):
    beneficiary = await offload(store.beneficiary_by_id, int(id))
    if beneficiary is None:
        raise ResourceNotFound()
    authorize(permission="beneficiary:read", base_id=beneficiary.base_id)
    return beneficiary


@query.field("beneficiaries")
async def resolve_beneficiaries(*_, pagination_input=None, filter_input=None):
    base_ids = authorized_bases_filter(permission="beneficiary:read")
    return await offload(store.beneficiaries_page, base_ids, filter_input, pagination_input)


@base_type.field("beneficiaries")
async def resolve_base_beneficiaries(base, info, pagination_input=None, filter_input=None):
    authorize(permission="beneficiary:read", base_id=base.id)
    return await offload(store.beneficiaries_page, [base.id], filter_input, pagination_input)


# --- Beneficiary fields ------------------------------------------------------------------
# Scalars not listed resolve from the model's attributes (firstName, comment,
# groupIdentifier, isVolunteer, signed, phoneNumber, signature, createdOn, ...).


def _authorize_tags(beneficiary) -> None:
    authorize(permission="tag:read", base_id=beneficiary.base_id)


def _authorize_transactions(_beneficiary) -> None:
    authorize(permission="transaction:read")


def _authorize_base(beneficiary) -> None:
    authorize(permission="base:read", base_id=beneficiary.base_id)


beneficiary_type.set_field("base", LoadedField(BaseById, "base_id", check=_authorize_base))
beneficiary_type.set_field("familyHead", LoadedField(BeneficiaryById, "family_head_id"))
beneficiary_type.set_field("createdBy", LoadedField(UserById, "created_by_id"))
beneficiary_type.set_field("lastModifiedBy", LoadedField(UserById, "last_modified_by_id"))
beneficiary_type.set_field("languages", LoadedField(LanguagesOfBeneficiary, "id"))
beneficiary_type.set_field("tags", LoadedField(TagsOfBeneficiary, "id", check=_authorize_tags))
beneficiary_type.set_field(
    "tokens", LoadedField(TokensOfBeneficiary, "id", check=_authorize_transactions)
)
beneficiary_type.set_field(
    "transactions", LoadedField(TransactionsOfBeneficiary, "id", check=_authorize_transactions)
)


@beneficiary_type.field("active")
def resolve_beneficiary_active(beneficiary, _):
    return beneficiary.deleted_on is None


@beneficiary_type.field("registered")
def resolve_beneficiary_registered(beneficiary, _):
    return not beneficiary.not_registered


@beneficiary_type.field("age")
def resolve_beneficiary_age(beneficiary, _):
    return age_on(beneficiary.date_of_birth, datetime.date.today())


@beneficiary_type.field("dateOfSignature")
def resolve_beneficiary_date_of_signature(beneficiary, _):
    # A Date field over a DATETIME column: read from the database the original
    # answers the date-time's text ("2019-09-02T00:00:00"); a date just given in a
    # mutation's input, the date.
    value = beneficiary.date_of_signature
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return value


def age_on(date_of_birth: datetime.date | None, today: datetime.date) -> int | None:
    """Full years lived on `today` (None without a date of birth)."""
    if date_of_birth is None:
        return None
    before_birthday = (today.month, today.day) < (date_of_birth.month, date_of_birth.day)
    return today.year - date_of_birth.year - before_birthday


# --- Transaction fields -------------------------------------------------------------------

transaction_type.set_alias("createdOn", "transaction_date")
transaction_type.set_field("beneficiary", LoadedField(BeneficiaryById, "beneficiary_id"))
transaction_type.set_field("product", LoadedField(UncheckedProductById, "product_id"))
transaction_type.set_field("createdBy", LoadedField(TransactionUserById, "user_id"))


bindables = [
    query,
    base_type,
    beneficiary_type,
    transaction_type,
    human_gender_enum,
    language_enum,
]
