from ariadne import ObjectType, QueryType

from ..auth.authorization import authorize
from ..auth.user import get_current_user
from ..db.offload import offload
from ..errors import ResourceNotFound
from ..organisation.loaders import OrganisationById
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


@user_type.field("organisation")
def resolve_user_organisation(user, info):
    current = get_current_user()
    # Only the caller's own organisation is known (from the token); god users have none.
    if user.id != current.id or current.is_god or current.organisation_id is None:
        return None
    return OrganisationById.of(info).load(current.organisation_id)


bindables = [query, user_type]
