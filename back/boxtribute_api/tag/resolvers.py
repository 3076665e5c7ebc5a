from ariadne import EnumType, ObjectType, QueryType

from ..api.loaders import LoadedField
from ..api.rootfields import resolved_later_by_the_original
from ..auth.authorization import authorize, authorized_bases_filter
from ..base.loaders import BaseById
from ..db.offload import offload
from ..errors import ResourceNotFound
from ..user.loaders import UserById
from . import store
from .loaders import TagLastUsedOn, TagsOfBase

query = QueryType()
tag_type = ObjectType("Tag")
base_type = ObjectType("Base")

# The enum values are the legacy tags.type strings, so resolvers and mutations see
# 'Stock' / 'People' / 'All'.
tag_type_enum = EnumType(
    "TagType",
    {"Box": store.BOX_TYPE, "Beneficiary": store.BENEFICIARY_TYPE, "All": store.ALL_TYPE},
)

# Fields the original resolves through its DataLoaders (see api/rootfields.py).
resolved_later_by_the_original("Tag", "createdBy", "lastModifiedBy", "lastUsedOn")
resolved_later_by_the_original("Tag", "base", checks_first=True)

# TaggableResourceType arrives as its name ("Box"/"Beneficiary"); accept the legacy
# strings too in case the enum gets bound to them.
RESOURCE_TYPE_TO_TAG_TYPE = {
    "Box": store.BOX_TYPE,
    "Beneficiary": store.BENEFICIARY_TYPE,
    store.BOX_TYPE: store.BOX_TYPE,
    store.BENEFICIARY_TYPE: store.BENEFICIARY_TYPE,
}


@query.field("tag")
async def resolve_tag(*_, id):
    # Existence first (BAD_USER_INPUT for everyone), then permission. Deleted tags too.
    tag = await offload(store.tag_by_id, int(id))
    if tag is None:
        raise ResourceNotFound()
    authorize(permission="tag:read", base_id=tag.base_id)
    return tag


@query.field("tags")
async def resolve_tags(*_, tag_type=None):
    base_ids = authorized_bases_filter(permission="tag:read")
    return await offload(store.active_tags, base_ids, tag_type)


@tag_type.field("base")
def resolve_tag_base(tag, info):
    authorize(permission="base:read", base_id=tag.base_id)
    return BaseById.of(info).load(tag.base_id)


tag_type.set_field("createdBy", LoadedField(UserById, "created_by_id"))


tag_type.set_field("lastModifiedBy", LoadedField(UserById, "last_modified_by_id"))


tag_type.set_field(
    "lastUsedOn",
    LoadedField(TagLastUsedOn, "id", prefetched="prefetched_last_used_on"),
)


@base_type.field("tags")
def resolve_base_tags(base, info, resource_type=None):
    authorize(permission="tag:read", base_id=base.id)
    key = (base.id, RESOURCE_TYPE_TO_TAG_TYPE.get(resource_type))
    return TagsOfBase.of(info).load(key)


bindables = [query, tag_type, base_type, tag_type_enum]
