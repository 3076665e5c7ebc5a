"""Loaders of the box domain. None checks permissions: the resolvers do, per box."""

from ..api.loaders import ListLoader, Loader
from ..product import store as product_store
from . import history, store


class BoxById(Loader):
    """Boxes by id (e.g. Box.sourceBox); other domains may use it to show boxes."""

    fetch = staticmethod(store.boxes_by_id)


class BoxByQrCode(Loader):
    """Key: QR code id -> the box labelled with it."""

    fetch = staticmethod(store.boxes_by_qr_code)


class InstockTotalsOfBase(Loader):
    """Key: base id -> (boxes, items) in stock."""

    fetch = staticmethod(store.instock_totals_of_bases)
    missing = (0, 0)


def _conversion_factors(unit_ids: list[int]) -> dict:
    return {
        id_: unit.conversion_factor for id_, unit in product_store.units_by_id(unit_ids).items()
    }


class UnitConversionFactorById(Loader):
    """Key: unit id -> its conversion factor, for measureValue of boxes that other
    domains selected (box-domain selects carry the factor already). No unit:read
    check: the original computes measureValue without one."""

    fetch = staticmethod(_conversion_factors)


class ItemCountsOfProduct(Loader):
    """Key: product id -> (items in stock, items in transfer)."""

    fetch = staticmethod(store.item_counts_by_product)
    missing = (0, 0)


class HistoryOfBox(ListLoader):
    fetch = staticmethod(history.history_of_boxes)
