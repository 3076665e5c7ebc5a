"""Product documents several test modules send, and the demo world's product rows."""

from __future__ import annotations

from support.users import (
    COORDINATOR,
)

BASE_PRODUCTS = """query($filter: FilterProductInput) {
  base(id: 1) { products(filterInput: $filter) { id type deletedOn } }
}"""


def base_products(client, filter_input=None, **user):
    variables = {"filter": filter_input} if filter_input is not None else None
    return client.data(BASE_PRODUCTS, variables, **(user or COORDINATOR))["base"]["products"]


SIZE_RANGES = """query {
  sizeRanges { id name label sizes { id name label } units { id name symbol } }
}"""

STANDARD_PRODUCTS = """query($baseId: ID) {
  standardProducts(baseId: $baseId) {
    __typename
    ... on StandardProductPage {
      totalCount
      pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
      elements { id version instantiation { id deletedOn } }
    }
    ... on InsufficientPermissionError { name }
    ... on UnauthorizedForBaseError { id name organisationName }
  }
}"""


def demo_rows(query_fn):
    from boxtribute_api.db.routing import connection_scope

    with connection_scope():
        return query_fn()


def products_of(base_id: int, *, deleted: bool | None = None) -> list:
    from boxtribute_api.product.models import Product

    def fetch():
        query = Product.select().where(Product.base == base_id)
        if deleted is True:
            query = query.where(~Product.deleted_on.is_unset())
        elif deleted is False:
            query = query.where(Product.deleted_on.is_unset())
        return list(query.order_by(Product.id))

    return demo_rows(fetch)
