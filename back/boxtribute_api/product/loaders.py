"""Loaders of the product domain.

Products (the original's product loader checks nothing; whoever shows a product
decides what the user may see):
  * `product`: the product, or None if the user lacks product:read for the
    product's base. No error: this is what Box.product shows (e.g. a box in transit
    scanned on the target side).
  * `product_unchecked`: the product row regardless of permissions, for callers
    that authorize on their own terms first (e.g. shipment details: product:read
    for either shipment base).
The other loaders check their base-agnostic read permission like the original
(FORBIDDEN on every field of the batch if missing).
"""

from ..api.loaders import ListLoader, Loader
from ..auth.authorization import authorize, permitted_base_ids
from . import store


def _readable_products_by_id(ids: list[int]) -> dict:
    readable = permitted_base_ids(permission="product:read")
    products = store.products_by_id(ids)
    if readable is None:
        return products
    return {id_: p for id_, p in products.items() if p.base_id in readable}


def _checked(permission: str, fetch):
    def fetch_if_authorized(ids: list) -> dict:
        authorize(permission=permission)
        return fetch(ids)

    return fetch_if_authorized


class ReadableProductById(Loader):
    fetch = staticmethod(_readable_products_by_id)


class UncheckedProductById(Loader):
    fetch = staticmethod(store.products_by_id)


class SizeById(Loader):
    fetch = staticmethod(_checked("size:read", store.sizes_by_id))


class UnitById(Loader):
    fetch = staticmethod(_checked("unit:read", store.units_by_id))


class ProductCategoryById(Loader):
    fetch = staticmethod(_checked("product_category:read", store.product_categories_by_id))


class SizeRangeById(Loader):
    fetch = staticmethod(_checked("size_range:read", store.size_ranges_by_id))


class StandardProductById(Loader):
    fetch = staticmethod(_checked("standard_product:read", store.standard_products_by_id))


class SizesOfSizeRange(ListLoader):
    fetch = staticmethod(_checked("size:read", store.sizes_by_size_range))


class UnitsOfDimension(ListLoader):
    """No permission check (the original has none for SizeRange.units)."""

    fetch = staticmethod(store.units_by_dimension)


class ProductsOfBase(ListLoader):
    """Key: (base id, include deleted, product type filter)."""

    @staticmethod
    def fetch(keys: list[tuple[int, bool, str]]) -> dict:
        found: dict = {}
        for include_deleted, product_type in {(k[1], k[2]) for k in keys}:
            base_ids = [k[0] for k in keys if (k[1], k[2]) == (include_deleted, product_type)]
            by_base = store.base_products(base_ids, include_deleted, product_type)
            for base_id in base_ids:
                found[(base_id, include_deleted, product_type)] = by_base.get(base_id, [])
        return found


class UncheckedStandardProductById(Loader):
    """StandardProduct.precededByProduct / supercededByProduct: no check (original)."""

    fetch = staticmethod(store.standard_products_by_id)
