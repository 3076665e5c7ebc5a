from ariadne import InterfaceType, ObjectType, QueryType

from ..api.loaders import LoadedField
from ..api.rootfields import resolved_later_by_the_original
from ..auth.authorization import authorize, authorized_bases_filter
from ..auth.user import get_current_user
from ..base import store as base_store
from ..base.loaders import BaseById
from ..db.offload import offload
from ..errors import ResourceNotFound
from ..user.loaders import UserById
from . import store
from .loaders import LocationsOfBase

query = QueryType()
classic_location_type = ObjectType("ClassicLocation")
location_interface = InterfaceType("Location")
base_type = ObjectType("Base")
user_type = ObjectType("User")

# Fields the original resolves through its DataLoaders (see api/rootfields.py).
resolved_later_by_the_original("ClassicLocation", "createdBy", "lastModifiedBy")
resolved_later_by_the_original("ClassicLocation", "base", checks_first=True)


@location_interface.type_resolver
def resolve_location_type(location, *_):
    return "ClassicLocation" if location.type == store.WAREHOUSE else "DistributionSpot"


@query.field("location")
async def resolve_location(*_, id):
    # Existence first (BAD_USER_INPUT for everyone), then the type, then permission.
    location = await offload(store.location_by_id, int(id))
    if location is None:
        raise ResourceNotFound()
    if location.type != store.WAREHOUSE:
        return None
    authorize(permission="location:read", base_id=location.base_id)
    return location


@query.field("locations")
async def resolve_locations(*_):
    base_ids = authorized_bases_filter(permission="location:read")
    return await offload(store.warehouse_locations, base_ids)


def _authorize_base_read(location) -> None:
    authorize(permission="base:read", base_id=location.base_id)


classic_location_type.set_field(
    "base",
    LoadedField(BaseById, "base_id", check=_authorize_base_read, prefetched="prefetched_base"),
)


@classic_location_type.field("defaultBoxState")
def resolve_location_default_box_state(location, _):
    # The BoxState enum (bound by the box domain) maps box_state ids to names.
    return location.default_box_state_id


classic_location_type.set_field("createdBy", LoadedField(UserById, "created_by_id"))


classic_location_type.set_field("lastModifiedBy", LoadedField(UserById, "last_modified_by_id"))


@base_type.field("locations")
def resolve_base_locations(base, info):
    authorize(permission="location:read", base_id=base.id)
    return LocationsOfBase.of(info).load(base.id)


# User.bases needs the Base table, above the user domain: bound here.
@user_type.field("bases")
async def resolve_user_bases(user, _):
    current = get_current_user()
    # Another user's bases are not known here (they live in Auth0): null, no error.
    if user.id != current.id:
        return None
    # God: every base; others: the bases of their base:read grant. Deleted ones too.
    base_ids = authorized_bases_filter(permission="base:read")
    return await offload(base_store.bases, base_ids, True)


bindables = [query, classic_location_type, location_interface, base_type, user_type]
