"""Box reads: box(labelIdentifier), boxes(baseId), Box fields, and the fields of lower
types that list boxes (QrCode.box, ClassicLocation.boxes, Base in-stock totals)."""

from __future__ import annotations

from ariadne import EnumType, ObjectType, QueryType

from ..api.errors import handle_unauthorized
from ..api.loaders import LoadedField
from ..api.rootfields import resolved_later_by_the_original
from ..auth.authorization import authorize, authorize_for_reading_box, is_authorized
from ..db.offload import offload
from ..db.pagination import PageRequest, load_page_concurrently
from ..distribution.loaders import DistributionEventById
from ..errors import ResourceNotFound
from ..location.loaders import LocationById
from ..product.loaders import ReadableProductById, SizeById, UnitById
from ..qr.loaders import QrCodeById
from ..tag.loaders import TagsOfBox
from ..user.loaders import UserById
from . import distribution, store
from .loaders import (
    BoxById,
    BoxByQrCode,
    HistoryOfBox,
    InstockTotalsOfBase,
    ItemCountsOfProduct,
    UnitConversionFactorById,
)
from .models import Box

query = QueryType()
box_type = ObjectType("Box")
box_state_enum = EnumType("BoxState", store.BOX_STATES)
qr_code_type = ObjectType("QrCode")
classic_location_type = ObjectType("ClassicLocation")
base_type = ObjectType("Base")


def _authorize_reading(box, shipment_base_ids) -> None:
    """stock:read on the box's base, or for a box in a shipment on either base of
    the shipment; a box in a shipment state without an active shipment detail is
    'not found', as in the original."""
    if box.state_id in store.SHIPMENT_STATES:
        if shipment_base_ids is None:
            raise ResourceNotFound()
        authorize_for_reading_box(location_base_id=None, shipment_base_ids=shipment_base_ids)
    else:
        authorize_for_reading_box(location_base_id=box.location_base_id)


@query.field("box")
async def resolve_box(*_, label_identifier):
    found = await offload(store.box_for_reading, label_identifier)
    if found is None:
        raise ResourceNotFound()
    box, shipment_base_ids = found
    _authorize_reading(box, shipment_base_ids)
    return box


@query.field("boxes")
async def resolve_boxes(*_, base_id, pagination_input=None, filter_input=None):
    authorize(permission="stock:read", base_id=base_id)
    return await load_page_concurrently(
        store.boxes_of_base(int(base_id), filter_input),
        id_field=Box.id,
        pagination_input=pagination_input,
        order_by=store.PAGE_ORDER_OF_BASE,
        fetch=store.box_records,
        by_ids=store.boxes_for_page,
        as_selected=True,
    )


@qr_code_type.field("box")
@handle_unauthorized
async def resolve_qr_code_box(qr_code, info):
    box = await BoxByQrCode.of(info).load(qr_code.id)
    if box is None:
        return None
    shipment_base_ids = None
    if box.state_id in store.SHIPMENT_STATES:
        shipment_base_ids = await offload(store.shipment_bases_of_box, box.id)
    _authorize_reading(box, shipment_base_ids)
    return box


@classic_location_type.field("boxes")
async def resolve_location_boxes(location, info, pagination_input=None, filter_input=None):
    authorize(permission="stock:read", base_id=location.base_id)
    request = PageRequest.from_input(pagination_input)
    return await offload(store.boxes_page_of_location, location.id, request, filter_input)


@base_type.field("instockBoxesCount")
async def resolve_base_instock_boxes_count(base, info):
    authorize(permission="stock:read", base_id=base.id)
    boxes, _ = await InstockTotalsOfBase.of(info).load(base.id)
    return boxes


@base_type.field("instockItemsCount")
async def resolve_base_instock_items_count(base, info):
    authorize(permission="stock:read", base_id=base.id)
    _, items = await InstockTotalsOfBase.of(info).load(base.id)
    return items


# --- Box fields ------------------------------------------------------------------------------
# Scalars not listed resolve from the model's attributes (labelIdentifier,
# numberOfItems, weight, monetaryValue, comment, createdOn, ...).


box_type.set_alias("state", "state_id")


def _location_readable(box, location) -> bool:
    # Like a product: null without error when the user may not read it.
    return is_authorized(permission="location:read", base_id=location.base_id)


def _authorize_qr_read(_box) -> None:
    authorize(permission="qr:read")


# The "product" loader gives None for a product of a base the user may not read:
# the receiving side of a shipment scans boxes still showing the source's product.
box_type.set_field("product", LoadedField(ReadableProductById, "product_id"))
box_type.set_field("location", LoadedField(LocationById, "location_id", keep=_location_readable))
box_type.set_field("size", LoadedField(SizeById, "size_id"))
box_type.set_field("displayUnit", LoadedField(UnitById, "display_unit_id"))
box_type.set_field("weightDisplayUnit", LoadedField(UnitById, "weight_display_unit_id"))


@box_type.field("measureValue")
def resolve_box_measure_value(box, info):
    # Stored in the dimension's base unit; shown in the box's display unit.
    if box.display_unit_id is None:
        return None
    factor = getattr(box, "display_unit_conversion_factor", None)
    if factor is not None:
        return factor * box.measure_value
    return _measure_value_from_loaded_factor(box, info)


async def _measure_value_from_loaded_factor(box, info):
    factor = await UnitConversionFactorById.of(info).load(box.display_unit_id)
    return None if factor is None else factor * box.measure_value


box_type.set_field("qrCode", LoadedField(QrCodeById, "qr_code_id", check=_authorize_qr_read))
box_type.set_field("createdBy", LoadedField(UserById, "created_by_id"))
box_type.set_field("lastModifiedBy", LoadedField(UserById, "last_modified_by_id"))
box_type.set_field("tags", LoadedField(TagsOfBox, "id"))
# Unchecked, like the original (plain relations of the box).
box_type.set_field("sourceBox", LoadedField(BoxById, "source_box_id"))
box_type.set_field("distributionEvent", LoadedField(DistributionEventById, "distribution_event_id"))


product_type = ObjectType("Product")


# The product domain sits below the box domain: counting a product's items in
# boxes is resolved here.
@product_type.field("instockItemsCount")
async def resolve_instock_items_count(product, info):
    in_stock, _ = await ItemCountsOfProduct.of(info).load(product.id)
    return in_stock


@product_type.field("transferItemsCount")
async def resolve_transfer_items_count(product, info):
    _, in_transfer = await ItemCountsOfProduct.of(info).load(product.id)
    return in_transfer


history_entry_type = ObjectType("HistoryEntry")

# Fields the original resolves through its DataLoaders (see api/rootfields.py).
resolved_later_by_the_original(
    "Box",
    "qrCode",
    "tags",
    "product",
    "size",
    "location",
    "weightDisplayUnit",
    "displayUnit",
    "measureValue",
    "createdBy",
    "lastModifiedBy",
)
resolved_later_by_the_original("Box", "history", checks_first=True)
resolved_later_by_the_original("UnboxedItemsCollection", "product")
resolved_later_by_the_original("HistoryEntry", "user")
resolved_later_by_the_original("Base", "instockBoxesCount", "instockItemsCount")
resolved_later_by_the_original("Product", "instockItemsCount", "transferItemsCount")


@box_type.field("history")
def resolve_box_history(box, info):
    authorize(permission="history:read")
    return HistoryOfBox.of(info).load(box.id)


@history_entry_type.field("user")
def resolve_history_entry_user(entry, info):
    # A null foreign key is a null field, without query or permission check.
    return None if entry.user_id is None else UserById.of(info).load(entry.user_id)


bindables = [
    *distribution.bindables,
    history_entry_type,
    query,
    box_type,
    box_state_enum,
    qr_code_type,
    classic_location_type,
    base_type,
    product_type,
]
