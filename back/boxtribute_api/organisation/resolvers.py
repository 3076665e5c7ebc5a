from ariadne import ObjectType, QueryType

from ..api.rootfields import resolved_later_by_the_original
from ..auth.authorization import authorize
from ..auth.user import get_current_user
from ..db.offload import offload
from ..errors import ResourceNotFound
from . import store
from .loaders import OrganisationById

query = QueryType()
organisation_type = ObjectType("Organisation")
user_type = ObjectType("User")

# Fields the original resolves through its DataLoaders (see api/rootfields.py).
resolved_later_by_the_original("User", "organisation")


@query.field("organisations")
async def resolve_organisations(*_):
    authorize(permission="organisation:read")
    return await offload(store.active_organisations)


@query.field("organisation")
async def resolve_organisation(*_, id):
    authorize(permission="organisation:read")
    organisation = await offload(store.organisation_by_id, int(id))
    if organisation is None:
        raise ResourceNotFound()
    return organisation


@user_type.field("organisation")
def resolve_user_organisation(user, info):
    current = get_current_user()
    # Only the caller's own organisation is known (from the token); god users have none.
    if user.id != current.id or current.is_god or current.organisation_id is None:
        return None
    return OrganisationById.of(info).load(current.organisation_id)


bindables = [query, organisation_type, user_type]
