"""Box reads: box(labelIdentifier), boxes(baseId), Box fields, and the fields of lower
types that list boxes (QrCode.box, ClassicLocation.boxes, Base in-stock totals)."""

from __future__ import annotations

from ariadne import EnumType, ObjectType, QueryType

from ..authz import authorize, authorize_for_reading_box, is_authorized
from ..graphql.errors import ResourceNotFound, handle_unauthorized
from ..graphql.offload import offload
from ..graphql.pagination import PageRequest
from . import store

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
    request = PageRequest.from_input(pagination_input)
    return await offload(store.boxes_page_of_base, int(base_id), request, filter_input)


@qr_code_type.field("box")
@handle_unauthorized
async def resolve_qr_code_box(qr_code, info):
    box = await info.context.loaders.box_of_qr_code.load(qr_code.id)
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
    boxes, _ = await info.context.loaders.instock_totals_of_base.load(base.id)
    return boxes


@base_type.field("instockItemsCount")
async def resolve_base_instock_items_count(base, info):
    authorize(permission="stock:read", base_id=base.id)
    _, items = await info.context.loaders.instock_totals_of_base.load(base.id)
    return items


# --- Box fields ------------------------------------------------------------------------------
# Scalars not listed resolve from the model's attributes (labelIdentifier,
# numberOfItems, weight, monetaryValue, comment, createdOn, ...).


@box_type.field("state")
def resolve_box_state(box, _):
    return box.state_id


@box_type.field("product")
def resolve_box_product(box, info):
    # The "product" loader gives None for a product of a base the user may not read:
    # the receiving side of a shipment scans boxes still showing the source's product.
    return info.context.loaders.product.load(box.product_id)


@box_type.field("location")
async def resolve_box_location(box, info):
    location = await info.context.loaders.location.load(box.location_id)
    # Same reason as for product: null without error when not readable.
    if location is None or not is_authorized(permission="location:read", base_id=location.base_id):
        return None
    return location


@box_type.field("size")
def resolve_box_size(box, info):
    return None if box.size_id is None else info.context.loaders.size.load(box.size_id)


@box_type.field("displayUnit")
def resolve_box_display_unit(box, info):
    unit_id = box.display_unit_id
    return None if unit_id is None else info.context.loaders.unit.load(unit_id)


@box_type.field("weightDisplayUnit")
def resolve_box_weight_display_unit(box, info):
    unit_id = box.weight_display_unit_id
    return None if unit_id is None else info.context.loaders.unit.load(unit_id)


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
    factor = await info.context.loaders.unit_conversion_factor.load(box.display_unit_id)
    return None if factor is None else factor * box.measure_value


@box_type.field("qrCode")
def resolve_box_qr_code(box, info):
    authorize(permission="qr:read")
    return None if box.qr_code_id is None else info.context.loaders.qr_code.load(box.qr_code_id)


@box_type.field("createdBy")
def resolve_box_created_by(box, info):
    user_id = box.created_by_id
    return None if user_id is None else info.context.loaders.user.load(user_id)


@box_type.field("lastModifiedBy")
def resolve_box_last_modified_by(box, info):
    user_id = box.last_modified_by_id
    return None if user_id is None else info.context.loaders.user.load(user_id)


@box_type.field("tags")
def resolve_box_tags(box, info):
    return info.context.loaders.tags_of_box.load(box.id)


@box_type.field("sourceBox")
def resolve_box_source_box(box, info):
    # Unchecked, like the original (a plain relation of the box).
    box_id = box.source_box_id
    return None if box_id is None else info.context.loaders.box.load(box_id)


@box_type.field("distributionEvent")
def resolve_box_distribution_event(box, info):
    # Unchecked, like the original (a plain relation of the box).
    event_id = box.distribution_event_id
    return None if event_id is None else info.context.loaders.distribution_event.load(event_id)


product_type = ObjectType("Product")


# The product domain sits below the box domain: counting a product's items in
# boxes is resolved here.
@product_type.field("instockItemsCount")
async def resolve_instock_items_count(product, info):
    in_stock, _ = await info.context.loaders.item_counts_of_product.load(product.id)
    return in_stock


@product_type.field("transferItemsCount")
async def resolve_transfer_items_count(product, info):
    _, in_transfer = await info.context.loaders.item_counts_of_product.load(product.id)
    return in_transfer


bindables = [
    query,
    box_type,
    box_state_enum,
    qr_code_type,
    classic_location_type,
    base_type,
    product_type,
]
