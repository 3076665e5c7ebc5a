from ariadne import ObjectType, QueryType

from ..auth.authorization import authorize
from ..db.offload import offload
from ..errors import ResourceNotFound
from . import store

query = QueryType()
organisation_type = ObjectType("Organisation")


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


bindables = [query, organisation_type]
