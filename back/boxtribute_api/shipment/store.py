"""Data access for shipments and their details: plain synchronous peewee functions.

Shipments are read with their bases' names (`source_base_name`, `target_base_name`)
for the label identifier; details with their shipment's bases
(`shipment_source_base_id`, `shipment_target_base_id`) for authorization.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from peewee import JOIN

from ..base.models import Base
from ..box.store import shipment_bases_of_box
from ..db.queries import PreparedSelect
from ..product.models import Product
from .models import Shipment, ShipmentDetail


def _shipments():
    source_base = Base.alias()
    target_base = Base.alias()
    return (
        Shipment.select(
            Shipment,
            source_base.name.alias("source_base_name"),
            target_base.name.alias("target_base_name"),
        )
        .join_from(
            Shipment, source_base, JOIN.LEFT_OUTER, on=Shipment.source_base == source_base.id
        )
        .join_from(
            Shipment, target_base, JOIN.LEFT_OUTER, on=Shipment.target_base == target_base.id
        )
        .objects()
    )


def _involving(query, base_ids: Iterable[int] | None):
    """Shipments from or to one of `base_ids` (no restriction when None)."""
    if base_ids is None:
        return query
    ids = list(base_ids)
    return query.where(Shipment.source_base.in_(ids) | Shipment.target_base.in_(ids))


def shipment_by_id(shipment_id: int) -> Shipment | None:
    return _shipments().where(Shipment.id == shipment_id).first()


def shipments(base_ids: Iterable[int] | None, states: list[str] | None = None) -> list[Shipment]:
    """Shipments involving `base_ids`, in any of `states` (all when None or empty), by id."""
    query = _involving(_shipments(), base_ids)
    if states:
        query = query.where(Shipment.state.in_(states))
    return list(query.order_by(Shipment.id))


def shipments_by_id(ids: list[int], base_ids: Iterable[int] | None) -> dict[int, Shipment]:
    """The shipments among `ids` that involve `base_ids`."""
    query = _involving(_shipments().where(Shipment.id.in_(ids)), base_ids)
    return {shipment.id: shipment for shipment in query}


def shipments_by_agreement(
    agreement_ids: list[int], base_ids: Iterable[int] | None
) -> dict[int, list[Shipment]]:
    """Agreement id -> its shipments involving `base_ids`, by id."""
    query = _involving(_shipments().where(Shipment.transfer_agreement.in_(agreement_ids)), base_ids)
    found: dict[int, list[Shipment]] = defaultdict(list)
    for shipment in query.order_by(Shipment.id):
        found[shipment.transfer_agreement_id].append(shipment)
    return found


def _details():
    return (
        ShipmentDetail.select(
            ShipmentDetail,
            Shipment.source_base.alias("shipment_source_base_id"),
            Shipment.target_base.alias("shipment_target_base_id"),
        )
        .join(Shipment, on=ShipmentDetail.shipment == Shipment.id)
        .objects()
    )


def details_by_shipment(shipment_ids: list[int]) -> dict[int, list[ShipmentDetail]]:
    """Shipment id -> all its details (removed, lost and received ones too), by id."""
    found: dict[int, list[ShipmentDetail]] = defaultdict(list)
    query = _details().where(ShipmentDetail.shipment.in_(shipment_ids)).order_by(ShipmentDetail.id)
    for detail in query:
        found[detail.shipment_id].append(detail)
    return found


@shipment_bases_of_box.provides
def bases_of_shipment_holding(box_id: int) -> tuple[int, int] | None:
    """(source base, target base) of the shipment holding the box: the detail that is
    neither removed nor received. None if there is no such detail."""
    row = (
        ShipmentDetail.select(Shipment.source_base, Shipment.target_base)
        .join(Shipment, on=ShipmentDetail.shipment == Shipment.id)
        .where(
            ShipmentDetail.box == box_id,
            ShipmentDetail.removed_on.is_null(),
            ShipmentDetail.received_on.is_null(),
        )
        .tuples()
        .first()
    )
    return tuple(row) if row is not None else None


def active_details_by_box(box_ids: list[int]) -> dict[int, ShipmentDetail]:
    """Box id -> the detail that still holds the box (not removed, lost nor received)."""
    return {detail.box_id: detail for detail in _ACTIVE_DETAILS_OF_BOXES(list(box_ids))}


_ACTIVE_DETAILS_OF_BOXES = PreparedSelect(
    lambda box_ids: (
        _details()
        .where(
            ShipmentDetail.box.in_(box_ids),
            ShipmentDetail.removed_on.is_null(),
            ShipmentDetail.lost_on.is_null(),
            ShipmentDetail.received_on.is_null(),
        )
        .order_by(ShipmentDetail.id)
    )
)


def auto_matching_target_products(
    keys: list[tuple[int, int]],
) -> dict[tuple[int, int], Product]:
    """Loader batch: (source product id, target base id) -> the target base's
    non-deleted product instantiating the same standard product as the source product.
    Custom source products match nothing."""
    source_product_ids = {source for source, _ in keys}
    target_base_ids = {base for _, base in keys}
    source = Product.alias()
    query = (
        Product.select(Product, source.id.alias("matched_source_product_id"))
        .join(source, on=source.standard_product == Product.standard_product)
        .where(
            source.id.in_(list(source_product_ids)),
            Product.base.in_(list(target_base_ids)),
            Product.deleted_on.is_unset(),
        )
        .order_by(Product.id)
        .objects()
    )
    found: dict[tuple[int, int], Product] = {}
    for product in query:
        found.setdefault((product.matched_source_product_id, product.base_id), product)
    return found
