from ariadne import ObjectType, QueryType

from ..api.errors import register_base_info_lookup
from ..api.rootfields import resolved_later_by_the_original
from ..auth.authorization import (
    authorize,
    authorize_for_organisation_bases,
    authorized_bases_filter,
)
from ..db.offload import offload
from ..errors import ResourceNotFound
from ..organisation.loaders import OrganisationById
from . import store
from .loaders import BasesOfOrganisation

query = QueryType()
base_type = ObjectType("Base")
organisation_type = ObjectType("Organisation")

# Fields the original resolves through its DataLoaders (see api/rootfields.py).
resolved_later_by_the_original("Base", "organisation")

register_base_info_lookup(store.base_and_organisation_names)


def _include_deleted(filter_input: dict | None) -> bool:
    return bool((filter_input or {}).get("include_deleted"))


@query.field("bases")
async def resolve_bases(*_, filter_input=None):
    base_ids = authorized_bases_filter(permission="base:read")
    return await offload(store.bases, base_ids, _include_deleted(filter_input))


@query.field("base")
async def resolve_base(*_, id):
    authorize(permission="base:read", base_id=int(id))
    base = await offload(store.base_by_id, int(id))
    if base is None:
        raise ResourceNotFound()
    return base


@base_type.field("organisation")
def resolve_base_organisation(base, info):
    return OrganisationById.of(info).load(base.organisation_id)


@organisation_type.field("bases")
def resolve_organisation_bases(organisation, info, filter_input=None):
    authorize_for_organisation_bases()
    key = (organisation.id, _include_deleted(filter_input))
    return BasesOfOrganisation.of(info).load(key)


bindables = [query, base_type, organisation_type]
