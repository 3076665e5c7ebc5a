"""createTag, updateTag, deleteTag, deleteTags (assignTag/unassignTag need boxes and
beneficiaries: the tagging domain binds them)."""

from ariadne import MutationType

from ..api.errors import handle_unauthorized
from ..auth.authorization import authorize, authorized_bases_filter
from ..auth.user import get_current_user
from ..db.offload import offload_transaction
from . import writes

mutation = MutationType()


@mutation.field("createTag")
@handle_unauthorized
async def resolve_create_tag(*_, creation_input):
    authorize(permission="tag:write", base_id=creation_input["base_id"])
    return await offload_transaction(
        writes.create_tag, creation_input, user_id=get_current_user().id
    )


@mutation.field("updateTag")
@handle_unauthorized
async def resolve_update_tag(*_, update_input):
    # The tag's base decides: checked in the transaction, on the locked row.
    return await offload_transaction(writes.update_tag, update_input, user_id=get_current_user().id)


@mutation.field("deleteTag")
@handle_unauthorized
async def resolve_delete_tag(*_, id):
    return await offload_transaction(writes.delete_tag, id, user_id=get_current_user().id)


@mutation.field("deleteTags")
@handle_unauthorized
async def resolve_delete_tags(*_, ids):
    # Lacking tag:write altogether is InsufficientPermissionError; tags of other
    # bases are merely reported back as invalid.
    writable_base_ids = authorized_bases_filter(permission="tag:write")
    return await offload_transaction(
        writes.delete_tags,
        ids,
        writable_base_ids=writable_base_ids,
        user_id=get_current_user().id,
    )


bindables = [mutation]
