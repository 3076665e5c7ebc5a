"""createBeneficiary, createBeneficiaries, updateBeneficiary, deactivateBeneficiary.

Checks that need only the input run here (createBeneficiary's are errors,
createBeneficiaries' union members); those that need the beneficiary's base run
inside the transaction, on the locked row (writes.py).
"""

from ariadne import MutationType, UnionType

from ..api.errors import handle_unauthorized, resolve_user_error_type
from ..auth.user import get_current_user
from ..db.offload import offload_transaction
from . import bulk_import, writes

mutation = MutationType()
create_beneficiaries_result = UnionType("CreateBeneficiariesResult")
create_beneficiary_result = UnionType("CreateBeneficiaryResult")


@mutation.field("createBeneficiary")
async def resolve_create_beneficiary(*_, creation_input):
    writes.authorize_changing(creation_input["base_id"], "create")
    return await offload_transaction(
        writes.create_beneficiary, creation_input, user_id=get_current_user().id
    )


@mutation.field("createBeneficiaries")
@handle_unauthorized
async def resolve_create_beneficiaries(*_, creation_input):
    writes.authorize_changing(creation_input["base_id"], "create")
    return await offload_transaction(
        bulk_import.create_beneficiaries, creation_input, user_id=get_current_user().id
    )


@mutation.field("updateBeneficiary")
async def resolve_update_beneficiary(*_, update_input):
    return await offload_transaction(
        writes.update_beneficiary, update_input, user_id=get_current_user().id
    )


@mutation.field("deactivateBeneficiary")
async def resolve_deactivate_beneficiary(*_, id):
    return await offload_transaction(
        writes.deactivate_beneficiary, int(id), user_id=get_current_user().id
    )


@create_beneficiaries_result.type_resolver
def resolve_create_beneficiaries_result_type(result, *_):
    return resolve_user_error_type(result) or result.graphql_type


@create_beneficiary_result.type_resolver
def resolve_create_beneficiary_result_type(result, *_):
    return resolve_user_error_type(result) or "Beneficiary"


bindables = [mutation, create_beneficiaries_result, create_beneficiary_result]
