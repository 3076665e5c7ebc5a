"""Writing products: custom products and instantiations of standard products.

Plain synchronous functions, each ONE unit of work: run them with
`offload_transaction` (any exception rolls everything back, history included).
They validate, lock the rows they change (SELECT ... FOR UPDATE), write, and record
the change in the legacy history table as the original does (table name
'products'):
  * creation (also re-enabling a disabled instantiation): 'Record created';
  * deletion/disabling: 'Record deleted', `deleted` set to the same timestamp;
  * edits: one row per changed column: ints and foreign keys as the column name with
    from_int/to_int (category_id, sizegroup_id, gender_id, value, stockincontainer),
    text as 'name changed from "a" to "b";' (name, comments; a NULL reads "None"),
    and `modified`/`modified_by` set only if something changed.
Validation failures come back as the union error members, in the original's order.
Products are soft-deleted; nothing here deletes rows.

Deleting needs to know which boxes still use the product: boxes sit above products,
so the box domain provides that answer through the port `boxes_using_product`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ..auth.authorization import authorize
from ..base.models import Base
from ..errors import EmptyNameError, ResourceDoesNotExistError, ResourceNotFound, UserError
from ..history.recorder import (
    RECORD_CREATED,
    RECORD_DELETED,
    history_row,
    record_history,
    utc_now,
)
from ..ports import Port
from .errors import (
    BoxesStillAssignedToProductError,
    InvalidPriceError,
    OutdatedStandardProductVersionError,
    ProductTypeMismatchError,
    StandardProductAlreadyEnabledForBaseError,
)
from .models import Product, ProductCategory, SizeRange, StandardProduct

TABLE = Product._meta.table_name  # "products"

CUSTOM = "Custom"
STANDARD_INSTANTIATION = "StandardInstantiation"

# What an edit may change, in the order the original records it: the attribute
# holding the current value and the field written. Text columns are recorded as a
# sentence, the others (ints, foreign keys, the in-shop flag) in from_int/to_int.
CUSTOM_PRODUCT_FIELDS = (
    ("category_id", Product.category),
    ("size_range_id", Product.size_range),
    ("gender_id", Product.gender),
    ("name", Product.name),
    ("price", Product.price),
    ("comment", Product.comment),
    ("in_shop", Product.in_shop),
)
INSTANTIATION_FIELDS = tuple(
    f for f in CUSTOM_PRODUCT_FIELDS if f[0] in ("size_range_id", "price", "comment", "in_shop")
)
TEXT_ATTRIBUTES = frozenset({"name", "comment"})

boxes_using_product = Port(
    "product id -> label identifiers of the product's actively used boxes, by box id, "
    "read with a shared lock (box domain)"
)


@dataclass
class ProductsResult:
    """enableStandardProducts: the new instantiations and the ids not enabled."""

    instantiations: list[Product] = field(default_factory=list)
    invalid_standard_product_ids: list[int] = field(default_factory=list)


# --- helpers ---------------------------------------------------------------------------------


def _reload(product_id: int) -> Product:
    return Product.get_by_id(product_id)


def _locked_product(product_id: int) -> Product | None:
    return Product.select().where(Product.id == product_id).for_update().get_or_none()


def _exists(model, row_id) -> bool:
    return model.select(model.id).where(model.id == row_id).exists()


def _missing_reference(
    *, category_id=None, size_range_id=None, base_id=None
) -> ResourceDoesNotExistError | None:
    """What the original reports when a foreign key points nowhere (the database's
    constraint check, category before size range); a missing base is no union
    member there but a BAD_USER_INPUT error."""
    if category_id is not None and not _exists(ProductCategory, category_id):
        return ResourceDoesNotExistError(name="ProductCategory")
    if size_range_id is not None and not _exists(SizeRange, size_range_id):
        return ResourceDoesNotExistError(name="SizeRange")
    if base_id is not None and not _exists(Base, base_id):
        raise ResourceNotFound()
    return None


def _as_stored(attribute: str, value):
    if attribute in TEXT_ATTRIBUTES or value is None:
        return value
    return int(value)


def _update_with_history(
    product: Product, changes: dict, fields, *, user_id: int, now: datetime.datetime
) -> Product:
    """Apply `changes` (attribute -> new value) and record one history row per field
    whose value really changes; nothing is written if none does."""
    rows, assignments = [], {}
    for attribute, product_field in fields:
        if attribute not in changes:
            continue
        old = _as_stored(attribute, getattr(product, attribute))
        new = _as_stored(attribute, changes[attribute])
        if old == new:
            continue
        assignments[product_field] = new
        column = product_field.column_name
        if attribute in TEXT_ATTRIBUTES:
            change = {"changes": f'{column} changed from "{old}" to "{new}";'}
        else:
            change = {"changes": column, "from_int": old, "to_int": new}
        rows.append(history_row(TABLE, product.id, **change, user_id=user_id, change_date=now))
    if rows:
        assignments[Product.last_modified_on] = now
        assignments[Product.last_modified_by] = user_id
        Product.update(assignments).where(Product.id == product.id).execute()
        record_history(rows)
    return _reload(product.id)


def _product_for_writing(product_id) -> Product | ResourceDoesNotExistError:
    """The product, locked, and product:write checked for its base (the original
    looks the product up first, so a missing one is reported to anybody)."""
    product = _locked_product(int(product_id))
    if product is None:
        return ResourceDoesNotExistError(name="Product", id=product_id)
    authorize(permission="product:write", base_id=product.base_id)
    return product


# --- custom products -------------------------------------------------------------------------


def create_custom_product(creation_input: dict, *, user_id: int) -> Product | UserError:
    """createCustomProduct; the caller has checked product:write for the base."""
    price = creation_input.get("price")
    price = 0 if price is None else price
    name = creation_input["name"]
    if price < 0:
        return InvalidPriceError(value=price)
    if not name:
        return EmptyNameError()
    missing = _missing_reference(
        category_id=creation_input["category_id"],
        size_range_id=creation_input["size_range_id"],
        base_id=creation_input["base_id"],
    )
    if missing is not None:
        return missing

    now = utc_now()
    product_id = Product.insert(
        name=name,
        category=creation_input["category_id"],
        gender=creation_input["gender"],
        size_range=creation_input["size_range_id"],
        base=creation_input["base_id"],
        price=price,
        comment=creation_input.get("comment", ""),
        in_shop=bool(creation_input.get("in_shop")),
        created_on=now,
        created_by=user_id,
    ).execute()
    record_history(
        [history_row(TABLE, product_id, RECORD_CREATED, user_id=user_id, change_date=now)]
    )
    return _reload(product_id)


def edit_custom_product(edit_input: dict, *, user_id: int) -> Product | UserError:
    """editCustomProduct: the fields given (not null) are changed."""
    product = _product_for_writing(edit_input["id"])
    if isinstance(product, UserError):
        return product
    authorize(permission="size_range:read")
    authorize(permission="product_category:read")
    if product.standard_product_id is not None:
        return ProductTypeMismatchError(expected_type=CUSTOM)

    changes = {
        "category_id": edit_input.get("category_id"),
        "size_range_id": edit_input.get("size_range_id"),
        "gender_id": edit_input.get("gender"),
        "name": edit_input.get("name"),
        "price": edit_input.get("price"),
        "comment": edit_input.get("comment"),
        "in_shop": edit_input.get("in_shop"),
    }
    changes = {attribute: value for attribute, value in changes.items() if value is not None}
    if "name" in changes and not changes["name"]:
        return EmptyNameError()
    if changes.get("price", 0) < 0:
        return InvalidPriceError(value=changes["price"])
    missing = _missing_reference(
        category_id=_changed(product.category_id, changes.get("category_id")),
        size_range_id=_changed(product.size_range_id, changes.get("size_range_id")),
    )
    if missing is not None:
        return missing
    return _update_with_history(
        product, changes, CUSTOM_PRODUCT_FIELDS, user_id=user_id, now=utc_now()
    )


def _changed(old, new):
    # The database checks a foreign key only when its value changes.
    return None if new is None or new == old else new


# --- standard product instantiations ---------------------------------------------------------


def _lock_standard_products(standard_product_ids) -> dict[int, StandardProduct]:
    """Lock the standard products (by id, one statement) so that enabling the same
    one twice at once cannot create two instantiations."""
    query = (
        StandardProduct.select()
        .where(StandardProduct.id.in_(sorted(standard_product_ids)))
        .order_by(StandardProduct.id)
        .for_update()
    )
    return {standard_product.id: standard_product for standard_product in query}


def enable_standard_product(enable_input: dict, *, user_id: int) -> Product | UserError:
    """enableStandardProduct; the caller has checked product:write for the base.

    A base holds one enabled instantiation per standard product. Enabling again
    after disabling re-uses the most recently disabled instantiation (keeping its
    name, category, gender and creation data) and records 'Record created' again."""
    base_id = enable_input["base_id"]
    standard_product_id = enable_input["standard_product_id"]
    price = enable_input.get("price")
    price = 0 if price is None else price
    if price < 0:
        return InvalidPriceError(value=price)

    standard_product = _lock_standard_products([standard_product_id]).get(standard_product_id)
    instantiations = list(
        Product.select()
        .where(Product.base == base_id, Product.standard_product == standard_product_id)
        .order_by(Product.id)
        .for_update()
    )
    enabled = [p for p in instantiations if p.deleted_on is None]
    if enabled:
        return StandardProductAlreadyEnabledForBaseError(
            existing_standard_product_instantiation_id=enabled[0].id
        )
    if standard_product is None:
        return ResourceDoesNotExistError(name="StandardProduct")
    if standard_product.superceded_by_product_id is not None:
        return OutdatedStandardProductVersionError(
            most_recent_standard_product_id=standard_product.superceded_by_product_id
        )

    size_range_id = enable_input.get("size_range_id")
    if size_range_id is None:
        size_range_id = standard_product.size_range_id
    # Most recently disabled first (same tie-break by id as the rest).
    disabled = sorted(instantiations, key=lambda p: (p.deleted_on, p.id), reverse=True)
    previous = disabled[0] if disabled else None
    missing = _missing_reference(
        size_range_id=size_range_id
        if previous is None
        else _changed(previous.size_range_id, size_range_id),
        base_id=base_id if previous is None else None,
    )
    if missing is not None:
        return missing

    now = utc_now()
    values = {
        Product.size_range: size_range_id,
        Product.price: price,
        Product.comment: enable_input.get("comment", ""),
        Product.in_shop: bool(enable_input.get("in_shop")),
    }
    if previous is not None:
        product_id = previous.id
        values.update(
            {
                Product.deleted_on: None,
                Product.last_modified_on: now,
                Product.last_modified_by: user_id,
            }
        )
        Product.update(values).where(Product.id == product_id).execute()
    else:
        values.update(
            {
                Product.base: base_id,
                Product.category: standard_product.category_id,
                Product.gender: standard_product.gender_id,
                Product.name: standard_product.name,
                Product.created_on: now,
                Product.created_by: user_id,
                Product.standard_product: standard_product.id,
            }
        )
        product_id = Product.insert(values).execute()
    record_history(
        [history_row(TABLE, product_id, RECORD_CREATED, user_id=user_id, change_date=now)]
    )
    return _reload(product_id)


def enable_standard_products(enable_input: dict, *, user_id: int) -> ProductsResult:
    """enableStandardProducts: instantiate every given standard product that exists,
    is not superseded and has never been instantiated in the base (a disabled
    instantiation counts: those are re-enabled one by one), with the standard
    product's values, price 0, not in shop. One INSERT and one history INSERT."""
    base_id = enable_input["base_id"]
    requested = {int(i) for i in enable_input["standard_product_ids"]}
    standard_products = _lock_standard_products(requested)
    instantiated = {
        standard_product_id
        for (standard_product_id,) in Product.select(Product.standard_product)
        .where(Product.base == base_id, Product.standard_product.in_(list(standard_products)))
        .for_update()
        .tuples()
    }
    valid = [
        standard_product
        for standard_product_id, standard_product in sorted(standard_products.items())
        if standard_product.superceded_by_product_id is None
        and standard_product_id not in instantiated
    ]
    invalid = sorted(requested - {standard_product.id for standard_product in valid})
    if not valid:
        return ProductsResult(instantiations=[], invalid_standard_product_ids=invalid)
    _missing_reference(base_id=base_id)

    now = utc_now()
    Product.insert_many(
        [
            {
                Product.base: base_id,
                Product.category: standard_product.category_id,
                Product.gender: standard_product.gender_id,
                Product.name: standard_product.name,
                Product.size_range: standard_product.size_range_id,
                Product.price: 0,
                Product.comment: "",
                Product.in_shop: False,
                Product.created_on: now,
                Product.created_by: user_id,
                Product.standard_product: standard_product.id,
            }
            for standard_product in valid
        ]
    ).execute()
    products = list(
        Product.select()
        .where(
            Product.base == base_id,
            Product.standard_product.in_([standard_product.id for standard_product in valid]),
        )
        .order_by(Product.id)
    )
    record_history(
        history_row(TABLE, product.id, RECORD_CREATED, user_id=user_id, change_date=now)
        for product in products
    )
    return ProductsResult(instantiations=products, invalid_standard_product_ids=invalid)


def edit_standard_product_instantiation(edit_input: dict, *, user_id: int) -> Product | UserError:
    """editStandardProductInstantiation: size range, price, comment, in-shop flag."""
    product = _product_for_writing(edit_input["id"])
    if isinstance(product, UserError):
        return product
    authorize(permission="size_range:read")
    if product.standard_product_id is None:
        return ProductTypeMismatchError(expected_type=STANDARD_INSTANTIATION)

    changes = {
        "size_range_id": edit_input.get("size_range_id"),
        "price": edit_input.get("price"),
        "comment": edit_input.get("comment"),
        "in_shop": edit_input.get("in_shop"),
    }
    changes = {attribute: value for attribute, value in changes.items() if value is not None}
    if changes.get("price", 0) < 0:
        return InvalidPriceError(value=changes["price"])
    missing = _missing_reference(
        size_range_id=_changed(product.size_range_id, changes.get("size_range_id"))
    )
    if missing is not None:
        return missing
    return _update_with_history(
        product, changes, INSTANTIATION_FIELDS, user_id=user_id, now=utc_now()
    )


# --- deleting ----------------------------------------------------------------------------------


def _soft_delete(product_id, expected_type: str, *, user_id: int) -> Product | UserError:
    product = _product_for_writing(product_id)
    if isinstance(product, UserError):
        return product
    if product.deleted_on is not None:
        # As the original: answered as it is, before any other check.
        return product
    actual_type = CUSTOM if product.standard_product_id is None else STANDARD_INSTANTIATION
    if actual_type != expected_type:
        return ProductTypeMismatchError(expected_type=expected_type)
    label_identifiers = boxes_using_product(product.id)
    if label_identifiers:
        return BoxesStillAssignedToProductError(label_identifiers=label_identifiers)

    now = utc_now()
    Product.update({Product.deleted_on: now}).where(Product.id == product.id).execute()
    record_history(
        [history_row(TABLE, product.id, RECORD_DELETED, user_id=user_id, change_date=now)]
    )
    return _reload(product.id)


def delete_product(product_id, *, user_id: int) -> Product | UserError:
    """deleteProduct: soft-delete a custom product no active box uses."""
    return _soft_delete(product_id, CUSTOM, user_id=user_id)


def disable_standard_product(instantiation_id, *, user_id: int) -> Product | UserError:
    """disableStandardProduct: soft-delete an instantiation no active box uses."""
    return _soft_delete(instantiation_id, STANDARD_INSTANTIATION, user_id=user_id)
