from ariadne import ObjectType, QueryType

from ..auth.authorization import authorize
from ..auth.user import get_current_user
from ..db.offload import offload
from ..errors import ResourceNotFound
from . import store

query = QueryType()
user_type = ObjectType("User")


@query.field("user")
async def resolve_user(*_, id=None):
    authorize(permission="user:read")
    # Without id: the caller themselves.
    user_id = get_current_user().id if id is None else int(id)
    user = await offload(store.user_by_id, user_id)
    if user is None:
        raise ResourceNotFound()
    return user


@query.field("users")
async def resolve_users(*_):
    authorize(permission="user:read")
    # Listing users is reserved to god users; everyone else gets an empty list.
    if not get_current_user().is_god:
        return []
    return await offload(store.all_users)


@user_type.field("email")
def resolve_user_email(user, _):
    authorize(user_id=user.id)
    return user.email


bindables = [query, user_type]
