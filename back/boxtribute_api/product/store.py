"""Data access for products, product categories, size ranges, sizes, units and
standard products: plain synchronous peewee functions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from peewee import JOIN, fn

from ..db.pagination import Page, load_page
from ..db.queries import PreparedSelect, row_by_id, rows_by_id
from .models import Product, ProductCategory, Size, SizeRange, SizeRangeSize, StandardProduct, Unit

# ProductCategory.hasGender: the categories below "Clothing" have a gender.
CLOTHING_CATEGORY_ID = 12


def products_by_id(ids: list[int]) -> dict[int, Product]:
    """Products with their category joined (`prefetched_category`): every view of a
    product shows its category, and this saves a round trip."""
    return {row.id: row for row in _PRODUCTS_WITH_CATEGORY(list(ids))}


_PRODUCTS_WITH_CATEGORY = PreparedSelect(
    lambda ids: (
        Product.select(Product, ProductCategory)
        .join(
            ProductCategory, on=(Product.category == ProductCategory.id), attr="prefetched_category"
        )
        .where(Product.id.in_(ids))
    )
)


def product_categories_by_id(ids: list[int]) -> dict[int, ProductCategory]:
    return rows_by_id(ProductCategory, ids)


def size_ranges_by_id(ids: list[int]) -> dict[int, SizeRange]:
    return rows_by_id(SizeRange, ids)


def sizes_by_id(ids: list[int]) -> dict[int, Size]:
    return rows_by_id(Size, ids)


def units_by_id(ids: list[int]) -> dict[int, Unit]:
    return rows_by_id(Unit, ids)


def standard_products_by_id(ids: list[int]) -> dict[int, StandardProduct]:
    return rows_by_id(StandardProduct, ids)


def product_by_id(product_id: int) -> Product | None:
    return row_by_id(Product, product_id)


def standard_product_by_id(standard_product_id: int) -> StandardProduct | None:
    return row_by_id(StandardProduct, standard_product_id)


def product_category_by_id(category_id: int) -> ProductCategory | None:
    return row_by_id(ProductCategory, category_id)


def product_categories() -> list[ProductCategory]:
    return list(ProductCategory.select().order_by(ProductCategory.id))


def size_ranges() -> list[SizeRange]:
    return list(SizeRange.select().order_by(SizeRange.id))


def sizes_by_size_range(size_range_ids: list[int]) -> dict[int, list[Size]]:
    """Loader batch: size range id -> its sizes in the range's own order (seq)."""
    found: dict[int, list[Size]] = defaultdict(list)
    rows = (
        Size.select(Size, SizeRangeSize.size_range.alias("size_range_id"))
        .join(SizeRangeSize, on=SizeRangeSize.size == Size.id)
        .where(SizeRangeSize.size_range.in_(size_range_ids))
        .order_by(SizeRangeSize.seq, Size.id)
        .objects()
    )
    for size in rows:
        found[size.size_range_id].append(size)
    return found


def units_by_dimension(size_range_ids: list[int]) -> dict[int, list[Unit]]:
    """Loader batch: size range (dimension) id -> its units by id."""
    found: dict[int, list[Unit]] = defaultdict(list)
    query = Unit.select().where(Unit.dimension.in_(size_range_ids)).order_by(Unit.id)
    for unit in query:
        found[unit.dimension_id].append(unit)
    return found


def base_products(
    base_ids: list[int], include_deleted: bool, product_type: str | None
) -> dict[int, list[Product]]:
    """Products of each base, by id; `product_type` "Custom" / "StandardInstantiation"
    restricts to one kind, anything else keeps both."""
    query = Product.select().where(Product.base.in_(base_ids))
    if not include_deleted:
        query = query.where(Product.deleted_on.is_unset())
    if product_type == "Custom":
        query = query.where(Product.standard_product.is_null())
    elif product_type == "StandardInstantiation":
        query = query.where(Product.standard_product.is_null(False))
    found: dict[int, list[Product]] = defaultdict(list)
    for product in query.order_by(Product.id):
        found[product.base_id].append(product)
    return found


def products_page(
    readable_base_ids: Iterable[int] | None,
    pagination_input: dict | None,
    *,
    base_id: int | None = None,
    category_id: int | None = None,
) -> Page:
    """A page of products (deleted ones included) of the readable bases (None: all),
    optionally of one base or one category."""
    query = Product.select()
    if readable_base_ids is not None:
        query = query.where(Product.base.in_(list(readable_base_ids)))
    if base_id is not None:
        query = query.where(Product.base == base_id)
    if category_id is not None:
        query = query.where(Product.category == category_id)
    return load_page(query, id_field=Product.id, pagination_input=pagination_input)


# The original pages standard products with this fixed input.
STANDARD_PRODUCTS_PAGINATION = {"first": 1000}


def standard_products_page(base_id: int | None) -> Page:
    """Standard products of the latest version, plus (for a base) older ones that
    the base instantiated, by id; each with `instantiation` set to the base's
    non-deleted product (None without base)."""
    latest_version = StandardProduct.select(fn.MAX(StandardProduct.version))
    if base_id is None:
        query = StandardProduct.select().where(StandardProduct.version == latest_version)
        page = load_page(
            query, id_field=StandardProduct.id, pagination_input=STANDARD_PRODUCTS_PAGINATION
        )
        for standard_product in page.elements:
            standard_product.instantiation = None
        return page

    instantiation = Product.alias("instantiation")
    # Deleted means NULL here, as in the original (a zero date counts as deleted).
    on_base = (
        (instantiation.standard_product == StandardProduct.id)
        & (instantiation.base == base_id)
        & instantiation.deleted_on.is_null()
    )
    query = (
        StandardProduct.select(StandardProduct, instantiation)
        .join(instantiation, JOIN.LEFT_OUTER, on=on_base, attr="instantiation")
        .where((StandardProduct.version == latest_version) | instantiation.id.is_null(False))
    )
    page = load_page(
        query, id_field=StandardProduct.id, pagination_input=STANDARD_PRODUCTS_PAGINATION
    )
    for standard_product in page.elements:
        joined = getattr(standard_product, "instantiation", None)
        if joined is not None and joined.id is None:
            standard_product.instantiation = None
    return page


def standard_product_infos() -> list[dict]:
    """Every standard product, every version, as the public service lists them: with
    the names of its category and size range (StandardProductInfo), by id. The
    original asks without ORDER BY, and its order follows MariaDB's plan, which
    changes with the table statistics (docs/decisions.md, 13)."""
    return list(
        StandardProduct.select(
            StandardProduct.id,
            StandardProduct.name,
            ProductCategory.name.alias("category_name"),
            SizeRange.label.alias("size_range_name"),
            StandardProduct.gender.alias("gender"),
            StandardProduct.version,
        )
        .join(ProductCategory, on=StandardProduct.category == ProductCategory.id)
        .join(SizeRange, on=StandardProduct.size_range == SizeRange.id)
        .order_by(StandardProduct.id)
        .dicts()
    )
