"""createShareableLink: a link to a statistics view of one base, for people without
an account (resolved by the public service, resolvers.py)."""

from ariadne import MutationType

from ..api.errors import handle_unauthorized
from ..auth.authorization import authorize
from ..auth.user import get_current_user
from ..db.offload import offload_transaction
from . import writes

mutation = MutationType()


@mutation.field("createShareableLink")
@handle_unauthorized
async def resolve_create_shareable_link(*_, creation_input):
    authorize(permission="shareable_link:create", base_id=creation_input["base_id"])
    return await offload_transaction(
        writes.create_shareable_link, creation_input, user_id=get_current_user().id
    )


bindables = [mutation]
