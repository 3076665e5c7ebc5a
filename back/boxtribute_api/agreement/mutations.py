"""Transfer agreement mutations: each runs its write (writes.py) as one transaction.

createTransferAgreement needs transfer_agreement:create in every initiating base,
checked on the token before anything is read; accepting, rejecting and canceling
are authorized inside the transaction, where the agreement's bases are known.
"""

from ariadne import MutationType

from ..auth.authorization import authorize
from ..auth.user import get_current_user
from ..db.offload import offload_transaction
from . import writes

mutation = MutationType()


@mutation.field("createTransferAgreement")
async def resolve_create_transfer_agreement(*_, creation_input):
    # Every base, not just one: a check with base_ids passes for any of them.
    for base_id in creation_input["initiating_organisation_base_ids"]:
        authorize(permission="transfer_agreement:create", base_id=base_id)
    user = get_current_user()
    return await offload_transaction(
        writes.create_transfer_agreement, creation_input, user_id=user.id, timezone=user.timezone
    )


@mutation.field("acceptTransferAgreement")
async def resolve_accept_transfer_agreement(*_, id):
    return await offload_transaction(
        writes.accept_transfer_agreement, id, user_id=get_current_user().id
    )


@mutation.field("rejectTransferAgreement")
async def resolve_reject_transfer_agreement(*_, id):
    return await offload_transaction(
        writes.reject_transfer_agreement, id, user_id=get_current_user().id
    )


@mutation.field("cancelTransferAgreement")
async def resolve_cancel_transfer_agreement(*_, id):
    return await offload_transaction(
        writes.cancel_transfer_agreement, id, user_id=get_current_user().id
    )


bindables = [mutation]
