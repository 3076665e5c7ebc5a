"""assignTag / unassignTag (see writes.py)."""

from __future__ import annotations

from ariadne import MutationType

from ..auth.user import get_current_user
from ..db.offload import offload_transaction
from .writes import change_tag_of_resource

mutation = MutationType()


@mutation.field("assignTag")
async def resolve_assign_tag(*_, assignment_input):
    return await offload_transaction(
        change_tag_of_resource, assignment_input, assigning=True, user_id=get_current_user().id
    )


@mutation.field("unassignTag")
async def resolve_unassign_tag(*_, unassignment_input):
    return await offload_transaction(
        change_tag_of_resource,
        unassignment_input,
        assigning=False,
        user_id=get_current_user().id,
    )


bindables = [mutation]
