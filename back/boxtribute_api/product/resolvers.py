from ariadne import EnumType, ObjectType, QueryType, UnionType

from ..api.errors import handle_unauthorized, resolve_user_error_type
from ..api.loaders import LoadedField
from ..api.rootfields import resolved_later_by_the_original
from ..auth.authorization import authorize, authorized_bases_filter
from ..base.loaders import BaseById
from ..db.offload import offload, offload_on_replica
from ..errors import ResourceDoesNotExistError, ResourceNotFound
from ..user.loaders import UserById
from . import store
from .loaders import (
    ProductCategoryById,
    ProductsOfBase,
    SizeRangeById,
    SizesOfSizeRange,
    StandardProductById,
    UncheckedStandardProductById,
    UnitsOfDimension,
)

query = QueryType()
product_type = ObjectType("Product")
standard_product_type = ObjectType("StandardProduct")
product_category_type = ObjectType("ProductCategory")
size_range_type = ObjectType("SizeRange")
base_type = ObjectType("Base")
standard_products_result = UnionType("StandardProductsResult")

# The enum values are the ids of the legacy `genders` table (there is no 11).
product_gender_enum = EnumType(
    "ProductGender",
    {
        "Women": 1,
        "Men": 2,
        "UnisexAdult": 3,
        "Girl": 4,
        "Boy": 5,
        "UnisexKid": 6,
        "BabyGirl": 7,
        "BabyBoy": 8,
        "UnisexBaby": 9,
        "none": 10,
        "TeenGirl": 12,
        "TeenBoy": 13,
    },
)


@query.field("product")
async def resolve_product(*_, id):
    # Existence is checked before permission (a missing id is BAD_USER_INPUT for all).
    product = await offload(store.product_by_id, int(id))
    if product is None:
        raise ResourceNotFound()
    authorize(permission="product:read", base_id=product.base_id)
    return product


@query.field("standardProduct")
@handle_unauthorized
async def resolve_standard_product(*_, id):
    authorize(permission="standard_product:read")
    standard_product = await offload(store.standard_product_by_id, int(id))
    if standard_product is None:
        return ResourceDoesNotExistError(name="StandardProduct")
    return standard_product


@query.field("products")
async def resolve_products(*_, base_id=None, pagination_input=None):
    # Bases the user may not read are silently left out (a foreign baseId: empty page).
    readable = authorized_bases_filter(permission="product:read")
    base_id = None if base_id is None else int(base_id)
    return await offload(store.products_page, readable, pagination_input, base_id=base_id)


@query.field("standardProducts")
@handle_unauthorized
async def resolve_standard_products(*_, base_id=None):
    authorize(permission="standard_product:read", base_id=base_id)
    base_id = None if base_id is None else int(base_id)
    return await offload(store.standard_products_page, base_id)


@standard_products_result.type_resolver
def resolve_standard_products_result_type(result, *_):
    return resolve_user_error_type(result) or "StandardProductPage"


@query.field("productCategory")
async def resolve_product_category(*_, id):
    authorize(permission="product_category:read")
    category = await offload(store.product_category_by_id, int(id))
    if category is None:
        raise ResourceNotFound()
    return category


@query.field("productCategories")
async def resolve_product_categories(*_):
    authorize(permission="product_category:read")
    return await offload(store.product_categories)


@query.field("sizeRanges")
async def resolve_size_ranges(*_):
    authorize(permission="size_range:read")
    return await offload(store.size_ranges)


@base_type.field("products")
def resolve_base_products(base, info, filter_input=None):
    authorize(permission="product:read", base_id=base.id)
    filter_input = filter_input or {}
    key = (
        base.id,
        bool(filter_input.get("include_deleted")),
        filter_input.get("type") or "All",
    )
    return ProductsOfBase.of(info).load(key)


# --- Product ---------------------------------------------------------------------------------


@product_type.field("type")
def resolve_product_type(product, _):
    return "Custom" if product.standard_product_id is None else "StandardInstantiation"


@product_type.field("price")
def resolve_product_price(product, _):
    return None if product.price is None else float(product.price)


product_type.set_alias("gender", "gender_id")


def _authorize_category_read(_product) -> None:
    authorize(permission="product_category:read")


# The product's category is usually joined by the store (see products_by_id); the
# permission is checked here then, as the product_category loader does otherwise.
product_type.set_field(
    "category",
    LoadedField(
        ProductCategoryById,
        "category_id",
        check=_authorize_category_read,
        prefetched="prefetched_category",
    ),
)


product_type.set_field("sizeRange", LoadedField(SizeRangeById, "size_range_id"))


product_type.set_field("standardProduct", LoadedField(StandardProductById, "standard_product_id"))


@product_type.field("base")
def resolve_product_base(product, info):
    authorize(permission="base:read", base_id=product.base_id)
    return None if product.base_id is None else BaseById.of(info).load(product.base_id)


product_type.set_field("createdBy", LoadedField(UserById, "created_by_id"))


product_type.set_field("lastModifiedBy", LoadedField(UserById, "last_modified_by_id"))


# --- StandardProduct -------------------------------------------------------------------------


standard_product_type.set_alias("gender", "gender_id")


standard_product_type.set_field("category", LoadedField(ProductCategoryById, "category_id"))


standard_product_type.set_field("sizeRange", LoadedField(SizeRangeById, "size_range_id"))


@standard_product_type.field("instantiation")
def resolve_standard_product_instantiation(standard_product, _):
    # Only standardProducts(baseId) attaches the base's product; null elsewhere.
    return getattr(standard_product, "instantiation", None)


standard_product_type.set_field("addedBy", LoadedField(UserById, "added_by_id"))


standard_product_type.set_field("deprecatedBy", LoadedField(UserById, "deprecated_by_id"))


standard_product_type.set_field(
    "precededByProduct", LoadedField(UncheckedStandardProductById, "preceded_by_product_id")
)


standard_product_type.set_field(
    "supercededByProduct", LoadedField(UncheckedStandardProductById, "superceded_by_product_id")
)


# --- ProductCategory, SizeRange --------------------------------------------------------------


@product_category_type.field("hasGender")
def resolve_product_category_has_gender(category, _):
    return category.parent_id == store.CLOTHING_CATEGORY_ID


@product_category_type.field("products")
async def resolve_product_category_products(category, _, pagination_input=None):
    readable = authorized_bases_filter(permission="product:read")
    return await offload(store.products_page, readable, pagination_input, category_id=category.id)


@size_range_type.field("name")
def resolve_size_range_name(size_range, _):
    return size_range.label


@size_range_type.field("sizes")
def resolve_size_range_sizes(size_range, info):
    return SizesOfSizeRange.of(info).load(size_range.id)


@size_range_type.field("units")
def resolve_size_range_units(size_range, info):
    return UnitsOfDimension.of(info).load(size_range.id)


size_type = ObjectType("Size")

# Fields the original resolves through its DataLoaders (see api/rootfields.py).
resolved_later_by_the_original(
    "Product", "category", "sizeRange", "standardProduct", "createdBy", "lastModifiedBy"
)
resolved_later_by_the_original("Product", "base", checks_first=True)
resolved_later_by_the_original("SizeRange", "sizes", "units")
resolved_later_by_the_original(
    "StandardProduct", "category", "sizeRange", "addedBy", "deprecatedBy"
)


@size_type.field("name")
def resolve_size_name(size, _):
    return size.label


# The public service's list of standard products (no login, no base).
public_query = QueryType()


@public_query.field("standardProducts")
async def resolve_public_standard_products(*_):
    # On the read replica when there is one, as the original reads them.
    return await offload_on_replica(store.standard_product_infos)


public_bindables = [public_query]

bindables = [
    query,
    product_type,
    standard_product_type,
    product_category_type,
    size_range_type,
    size_type,
    base_type,
    product_gender_enum,
    standard_products_result,
]
