from ..api.loaders import ListLoader, Loader
from ..auth.authorization import authorize, authorized_bases_filter
from . import store


def _readable_shipment_bases():
    # None for god; raises Forbidden without any shipment:read.
    return authorized_bases_filter(permission="shipment:read")


def _visible_shipments_by_id(ids: list[int]) -> dict:
    return store.shipments_by_id(ids, _readable_shipment_bases())


def _visible_shipments_by_agreement(agreement_ids: list[int]) -> dict:
    return store.shipments_by_agreement(agreement_ids, _readable_shipment_bases())


def _authorized_details_by_shipment(shipment_ids: list[int]) -> dict:
    authorize(permission="shipment_detail:read")
    return store.details_by_shipment(shipment_ids)


class ShipmentById(Loader):
    """Only shipments the user may read (from or to one of their shipment:read bases)."""

    fetch = staticmethod(_visible_shipments_by_id)


class ShipmentsOfAgreement(ListLoader):
    fetch = staticmethod(_visible_shipments_by_agreement)


class DetailsOfShipment(ListLoader):
    fetch = staticmethod(_authorized_details_by_shipment)


class ActiveShipmentDetailOfBox(Loader):
    """No authorization here: Box.shipmentDetail checks shipment_detail:read."""

    fetch = staticmethod(store.active_details_by_box)


class AutoMatchingTargetProduct(Loader):
    """Key: (source product id, target base id). No authorization, as upstream."""

    fetch = staticmethod(store.auto_matching_target_products)
