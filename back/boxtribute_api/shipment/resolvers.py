from ariadne import EnumType, ObjectType, QueryType

from ..agreement.loaders import TransferAgreementById
from ..api.loaders import LoadedField
from ..api.rootfields import resolved_later_by_the_original
from ..auth.authorization import authorize, authorized_bases_filter, is_authorized
from ..auth.user import get_current_user
from ..base.loaders import BaseById
from ..box.loaders import BoxById
from ..db.offload import offload
from ..errors import Forbidden, ResourceNotFound
from ..location.loaders import LocationById
from ..product.loaders import SizeById, UncheckedProductById
from ..user.loaders import UserById
from . import store
from .loaders import (
    ActiveShipmentDetailOfBox,
    AutoMatchingTargetProduct,
    DetailsOfShipment,
    ShipmentById,
    ShipmentsOfAgreement,
)

query = QueryType()
shipment_type = ObjectType("Shipment")
detail_type = ObjectType("ShipmentDetail")
agreement_type = ObjectType("TransferAgreement")
box_type = ObjectType("Box")

# The column holds the enum names themselves.
SHIPMENT_STATES = ("Preparing", "Sent", "Receiving", "Completed", "Canceled", "Lost")
shipment_state_enum = EnumType("ShipmentState", {s: s for s in SHIPMENT_STATES})

# Fields the original resolves through its DataLoaders (see api/rootfields.py).
resolved_later_by_the_original(
    "Shipment",
    "labelIdentifier",
    "details",
    "transferAgreement",
    "startedBy",
    "sentBy",
    "canceledBy",
    "receivingStartedBy",
    "completedBy",
)
resolved_later_by_the_original("Shipment", "sourceBase", "targetBase", checks_first=True)
resolved_later_by_the_original(
    "ShipmentDetail",
    "sourceProduct",
    "targetProduct",
    "sourceLocation",
    "targetLocation",
    "box",
    checks_first=True,
)
resolved_later_by_the_original(
    "ShipmentDetail",
    "autoMatchingTargetProduct",
    "sourceSize",
    "targetSize",
    "shipment",
    "createdBy",
    "removedBy",
    "lostBy",
    "receivedBy",
)
resolved_later_by_the_original("TransferAgreement", "shipments")
resolved_later_by_the_original("Box", "shipmentDetail")


def load_optional(loader, key):
    """A null foreign key resolves to null without a look-up (nor its permission check)."""
    return None if key is None else loader.load(key)


def shipment_base_ids(shipment) -> list[int]:
    return [shipment.source_base_id, shipment.target_base_id]


def detail_base_ids(detail) -> list[int]:
    """The bases of the detail's shipment: reading a detail's parts needs a permission
    in either of them."""
    return [detail.shipment_source_base_id, detail.shipment_target_base_id]


# --- queries ------------------------------------------------------------------------


@query.field("shipment")
async def resolve_shipment(*_, id):
    # Existence is checked before permission, as upstream does.
    shipment = await offload(store.shipment_by_id, int(id))
    if shipment is None:
        raise ResourceNotFound()
    authorize(permission="shipment:read", base_ids=shipment_base_ids(shipment))
    return shipment


@query.field("shipments")
async def resolve_shipments(*_, states=None):
    base_ids = authorized_bases_filter(permission="shipment:read")
    return await offload(store.shipments, base_ids, states)


# --- Shipment -----------------------------------------------------------------------


def _two_letters(base_name: str | None) -> str:
    return (base_name or "").upper()[:2]


@shipment_type.field("labelIdentifier")
def resolve_label_identifier(shipment, _):
    """S<last 3 digits of the zero-padded id>-<start date yymmdd>-<SOURCE>x<TARGET>,
    e.g. S042-230815-THxLE."""
    id_part = f"{shipment.id:03}"[-3:]
    date_part = shipment.started_on.strftime("%y%m%d")
    bases_part = (
        f"{_two_letters(shipment.source_base_name)}x{_two_letters(shipment.target_base_name)}"
    )
    return f"S{id_part}-{date_part}-{bases_part}"


@shipment_type.field("sourceBase")
def resolve_source_base(shipment, info):
    authorize(permission="base:read", base_ids=shipment_base_ids(shipment))
    return BaseById.of(info).load(shipment.source_base_id)


@shipment_type.field("targetBase")
def resolve_target_base(shipment, info):
    authorize(permission="base:read", base_ids=shipment_base_ids(shipment))
    return BaseById.of(info).load(shipment.target_base_id)


@shipment_type.field("direction")
def resolve_direction(shipment, _, base_id):
    """Seen from `base_id` (base:read needed there, as in the original): Outgoing
    from it, Incoming to it; otherwise seen from the user's other bases: Outgoing or
    Incoming if one end is theirs, Indeterminate if both are (or for a god user)."""
    base_id = int(base_id)
    authorize(permission="base:read", base_id=base_id)
    source, target = shipment.source_base_id, shipment.target_base_id
    if base_id == source:
        return "Outgoing"
    if base_id == target:
        return "Incoming"
    user = get_current_user()
    if user.is_god:
        return "Indeterminate"
    readable = user.authorized_base_ids("base:read")
    if source in readable and target in readable:
        return "Indeterminate"
    if source in readable:
        return "Outgoing"
    if target in readable:
        return "Incoming"
    raise Forbidden(resource="bases", value=[source, target])


@shipment_type.field("transferAgreement")
def resolve_transfer_agreement(shipment, info):
    return load_optional(TransferAgreementById.of(info), shipment.transfer_agreement_id)


@shipment_type.field("details")
def resolve_details(shipment, info):
    return DetailsOfShipment.of(info).load(shipment.id)


def _user_field(attribute: str):
    def resolve(obj, info):
        return load_optional(UserById.of(info), getattr(obj, attribute))

    return resolve


for _field, _attribute in (
    ("startedBy", "started_by_id"),
    ("sentBy", "sent_by_id"),
    ("receivingStartedBy", "receiving_started_by_id"),
    ("completedBy", "completed_by_id"),
    ("canceledBy", "canceled_by_id"),
):
    shipment_type.set_field(_field, _user_field(_attribute))


# --- ShipmentDetail -----------------------------------------------------------------


def _product_field(attribute: str):
    def resolve(detail, info):
        # Either base suffices: the target side sees the source product and vice versa.
        authorize(permission="product:read", base_ids=detail_base_ids(detail))
        return load_optional(UncheckedProductById.of(info), getattr(detail, attribute))

    return resolve


def _location_field(attribute: str):
    def resolve(detail, info):
        authorize(permission="location:read", base_ids=detail_base_ids(detail))
        return load_optional(LocationById.of(info), getattr(detail, attribute))

    return resolve


def _size_field(attribute: str):
    def resolve(detail, info):
        return load_optional(SizeById.of(info), getattr(detail, attribute))

    return resolve


detail_type.set_field("sourceProduct", _product_field("source_product_id"))
detail_type.set_field("targetProduct", _product_field("target_product_id"))
detail_type.set_field("sourceLocation", _location_field("source_location_id"))
detail_type.set_field("targetLocation", _location_field("target_location_id"))
detail_type.set_field("sourceSize", _size_field("source_size_id"))
detail_type.set_field("targetSize", _size_field("target_size_id"))
for _field, _attribute in (
    ("createdBy", "created_by_id"),
    ("removedBy", "removed_by_id"),
    ("lostBy", "lost_by_id"),
    ("receivedBy", "received_by_id"),
):
    detail_type.set_field(_field, _user_field(_attribute))


@detail_type.field("box")
def resolve_detail_box(detail, info):
    authorize(permission="stock:read", base_ids=detail_base_ids(detail))
    return BoxById.of(info).load(detail.box_id)


@detail_type.field("shipment")
def resolve_detail_shipment(detail, info):
    # Null (a non-null error) if the user may not read the shipment.
    return ShipmentById.of(info).load(detail.shipment_id)


@detail_type.field("autoMatchingTargetProduct")
def resolve_auto_matching_target_product(detail, info):
    key = (detail.source_product_id, detail.shipment_target_base_id)
    return AutoMatchingTargetProduct.of(info).load(key)


# --- fields of lower domains that need shipment data --------------------------------


@agreement_type.field("shipments")
def resolve_agreement_shipments(agreement, info):
    return ShipmentsOfAgreement.of(info).load(agreement.id)


def _readable_shipment_detail(_box, _detail) -> bool:
    # Without shipment_detail:read a box's shipment detail is null, not an error (as
    # the original: low-privilege users read boxes, e.g. in the free shop).
    return is_authorized(permission="shipment_detail:read")


box_type.set_field(
    "shipmentDetail",
    LoadedField(ActiveShipmentDetailOfBox, "id", keep=_readable_shipment_detail),
)


bindables = [query, shipment_type, detail_type, agreement_type, box_type, shipment_state_enum]
