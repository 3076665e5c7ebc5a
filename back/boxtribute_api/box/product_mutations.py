"""deleteProduct and disableStandardProduct.

A product in use may not go: the original refuses while undeleted boxes of the
product are InStock, MarkedForShipment, InTransit or Receiving, naming them
(BoxesStillAssignedToProductError). Boxes sit above products, so these two
mutations are bound here and hand the product writes the question "which boxes
still use this product?"; everything else about them is product/writes.py.
"""

from __future__ import annotations

from ariadne import MutationType

from ..api.errors import handle_unauthorized
from ..auth.user import get_current_user
from ..db.offload import offload_transaction
from ..product import writes as product_writes
from . import store
from .models import Box

mutation = MutationType()

ACTIVELY_USED_STATES = (
    store.IN_STOCK,
    store.MARKED_FOR_SHIPMENT,
    store.IN_TRANSIT,
    store.RECEIVING,
)


def label_identifiers_of_boxes_using(product_id: int) -> list[str]:
    """Label identifiers of the actively used boxes of a product, by box id. Read
    with a shared lock, so the product's boxes cannot change under the check."""
    query = (
        Box.select(Box.label_identifier)
        .where(
            Box.product == product_id,
            Box.deleted_on.is_unset(),
            Box.state.in_(ACTIVELY_USED_STATES),
        )
        .order_by(Box.id)
        .for_update("LOCK IN SHARE MODE")
        .tuples()
    )
    return [label_identifier for (label_identifier,) in query]


@mutation.field("deleteProduct")
@handle_unauthorized
async def resolve_delete_product(*_, id):
    return await offload_transaction(
        product_writes.delete_product,
        id,
        user_id=get_current_user().id,
        boxes_using=label_identifiers_of_boxes_using,
    )


@mutation.field("disableStandardProduct")
@handle_unauthorized
async def resolve_disable_standard_product(*_, instantiation_id):
    return await offload_transaction(
        product_writes.disable_standard_product,
        instantiation_id,
        user_id=get_current_user().id,
        boxes_using=label_identifiers_of_boxes_using,
    )


bindables = [mutation]
