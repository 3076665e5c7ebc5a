"""Product mutations on the demo world: their documents, and the product rows and
history they read and write."""

from __future__ import annotations

from boxtribute_api.box.models import Box
from boxtribute_api.db.routing import connection_scope
from boxtribute_api.history.models import HistoryEntry
from boxtribute_api.product.models import Product, StandardProduct
from support.users import COORDINATOR
from support.world import State

# Boxes in these states keep their product from being deleted or disabled.
ACTIVE_BOX_STATES = (State.InStock, State.MarkedForShipment, State.Receiving, State.InTransit)

PRODUCT = """
    ... on Product {
        id name type gender price comment inShop deletedOn
        category { id } sizeRange { id } base { id } standardProduct { id }
        createdOn createdBy { id } lastModifiedOn lastModifiedBy { id }
    }
"""
PERMISSION_ERRORS = """
    ... on InsufficientPermissionError { name }
    ... on UnauthorizedForBaseError { id name organisationName }
    ... on ResourceDoesNotExistError { resourceId: id name }
"""

CREATE = f"""mutation($input: CustomProductCreationInput) {{
    createCustomProduct(creationInput: $input) {{
        __typename {PRODUCT} {PERMISSION_ERRORS}
        ... on InvalidPriceError {{ value }}
        ... on EmptyNameError {{ _ }}
    }}
}}"""
EDIT = f"""mutation($input: CustomProductEditInput) {{
    editCustomProduct(editInput: $input) {{
        __typename {PRODUCT} {PERMISSION_ERRORS}
        ... on InvalidPriceError {{ value }}
        ... on EmptyNameError {{ _ }}
        ... on ProductTypeMismatchError {{ expectedType }}
    }}
}}"""
DELETE = f"""mutation($id: ID!) {{
    deleteProduct(id: $id) {{
        __typename {PRODUCT} {PERMISSION_ERRORS}
        ... on BoxesStillAssignedToProductError {{ labelIdentifiers }}
        ... on ProductTypeMismatchError {{ expectedType }}
    }}
}}"""
ENABLE = f"""mutation($input: StandardProductEnableInput) {{
    enableStandardProduct(enableInput: $input) {{
        __typename {PRODUCT} {PERMISSION_ERRORS}
        ... on InvalidPriceError {{ value }}
        ... on StandardProductAlreadyEnabledForBaseError {{
            existingStandardProductInstantiationId
        }}
        ... on OutdatedStandardProductVersionError {{ mostRecentStandardProductId }}
    }}
}}"""
ENABLE_MANY = """mutation($input: StandardProductsEnableInput) {
    enableStandardProducts(enableInput: $input) {
        __typename
        ... on ProductsResult {
            instantiations { id name type standardProduct { id } price inShop comment }
            invalidStandardProductIds
        }
        ... on InsufficientPermissionError { name }
        ... on UnauthorizedForBaseError { id name organisationName }
    }
}"""
EDIT_INSTANTIATION = f"""mutation($input: StandardProductInstantiationEditInput) {{
    editStandardProductInstantiation(editInput: $input) {{
        __typename {PRODUCT} {PERMISSION_ERRORS}
        ... on InvalidPriceError {{ value }}
        ... on ProductTypeMismatchError {{ expectedType }}
    }}
}}"""
DISABLE = f"""mutation($id: ID!) {{
    disableStandardProduct(instantiationId: $id) {{
        __typename {PRODUCT} {PERMISSION_ERRORS}
        ... on BoxesStillAssignedToProductError {{ labelIdentifiers }}
        ... on ProductTypeMismatchError {{ expectedType }}
    }}
}}"""


def mutate(client, document: str, variables: dict, user: dict = COORDINATOR) -> dict:
    data = client.data(document, variables, **user)
    (result,) = data.values()
    return result


def history_of(product_id) -> list[dict]:
    with connection_scope():
        query = (
            HistoryEntry.select()
            .where(HistoryEntry.table_name == "products", HistoryEntry.record_id == product_id)
            .order_by(HistoryEntry.id)
        )
        return [
            {
                "changes": h.changes,
                "user": h.user_id,
                "from_int": h.from_int,
                "to_int": h.to_int,
                "change_date": h.change_date,
            }
            for h in query
        ]


def product_row(product_id) -> Product:
    with connection_scope():
        return Product.get_by_id(int(product_id))


def counts() -> tuple[int, int]:
    with connection_scope():
        return Product.select().count(), HistoryEntry.select().count()


def new_custom_product(client, base_id: int = 1, user: dict = COORDINATOR, **fields) -> dict:
    values = dict(name="Test Towels", categoryId=9, sizeRangeId=9, gender="none", baseId=base_id)
    values.update(fields)
    product = mutate(client, CREATE, {"input": values}, user)
    assert product["__typename"] == "Product", product
    return product


def enable(client, standard_product_id: int, base_id: int = 1, user=COORDINATOR, **fields):
    values = {"standardProductId": standard_product_id, "baseId": base_id, **fields}
    return mutate(client, ENABLE, {"input": values}, user)


def active_box_labels(product_id) -> list[str]:
    with connection_scope():
        query = (
            Box.select(Box.label_identifier)
            .where(
                Box.product == product_id,
                Box.deleted_on.is_unset(),
                Box.state.in_(ACTIVE_BOX_STATES),
            )
            .order_by(Box.id)
            .tuples()
        )
        return [label for (label,) in query]


def product_with_active_boxes(base_id: int, *, standard: bool) -> int:
    with connection_scope():
        kind = Product.standard_product.is_null(not standard)
        query = (
            Product.select(Product.id)
            .join(Box, on=Box.product == Product.id)
            .where(
                Product.base == base_id,
                kind,
                Product.deleted_on.is_unset(),
                Box.deleted_on.is_unset(),
                Box.state.in_(ACTIVE_BOX_STATES),
            )
            .order_by(Product.id)
        )
        return query.first().id


def instantiation_in(base_id: int, standard_product_id: int) -> Product | None:
    with connection_scope():
        return (
            Product.select()
            .where(
                Product.base == base_id,
                Product.standard_product == standard_product_id,
                Product.deleted_on.is_unset(),
            )
            .first()
        )


def base_names(base_id: int) -> tuple[str, str]:
    from boxtribute_api.base.models import Base
    from boxtribute_api.organisation.models import Organisation

    with connection_scope():
        base = Base.get_by_id(base_id)
        return base.name, Organisation.get_by_id(base.organisation_id).name


def standard_product(standard_product_id: int) -> StandardProduct:
    with connection_scope():
        return StandardProduct.get_by_id(standard_product_id)
