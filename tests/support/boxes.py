"""Single-box mutations on the demo world: their documents, and the rows they read
and write (plain peewee queries on the database the models are routed to)."""

from __future__ import annotations

import itertools

from boxtribute_api.box.models import Box
from boxtribute_api.db.routing import connection_scope
from boxtribute_api.history.models import HistoryEntry
from boxtribute_api.location.models import Location
from boxtribute_api.product.models import Product, SizeRangeSize, Unit
from boxtribute_api.qr.models import QrCode
from boxtribute_api.tag.models import Tag, TagsRelation
from support.history import history_rows
from support.users import (
    COORDINATOR,
    COORDINATOR_BASE_2,
)
from support.world import State

BOX_FIELDS = """id labelIdentifier numberOfItems comment state weight monetaryValue measureValue
    product { id } size { id } location { id } displayUnit { id } qrCode { code }
    tags { id name type } createdOn lastModifiedOn deletedOn
    createdBy { id } lastModifiedBy { id } sourceBox { labelIdentifier }"""

CREATE = f"""mutation($input: BoxCreationInput) {{
    createBox(creationInput: $input) {{ {BOX_FIELDS} }} }}"""

UPDATE = f"""mutation($input: BoxUpdateInput) {{
    updateBox(updateInput: $input) {{ {BOX_FIELDS} }} }}"""

UPDATE_MARKED = """mutation($input: MarkedForShipmentBoxUpdateInput) {
    updateMarkedForShipmentBox(updateInput: $input) {
        labelIdentifier weight monetaryValue weightDisplayUnit { symbol } lastModifiedOn } }"""

FROM_BOX = f"""mutation($input: BoxFromBoxCreationInput!) {{
    createBoxFromBox(creationInput: $input) {{
        __typename
        ... on Box {{ {BOX_FIELDS} }}
        ... on InsufficientPermissionError {{ name }}
        ... on ResourceDoesNotExistError {{ missingId: id name }}
        ... on UnauthorizedForBaseError {{ baseId: id name }}
        ... on DeletedLocationError {{ name }}
        ... on DeletedBoxError {{ labelIdentifier }}
        ... on InvalidBoxStateError {{ state }}
        ... on InvalidNumberOfItemsError {{ invalidNumberOfItems: numberOfItems }}
    }} }}"""

CREATE_MANY = f"""mutation($input: [BoxBulkCreationInput!]) {{
    createBoxes(creationInput: $input) {{
        __typename
        ... on BoxesResult {{ updatedBoxes {{ {BOX_FIELDS} }} invalidBoxLabelIdentifiers }}
        ... on InsufficientPermissionError {{ name }}
        ... on UnauthorizedForBaseError {{ baseId: id }}
        ... on DeletedBaseError {{ name }}
        ... on InvalidBaseError {{ ids }}
    }} }}"""


# --- helpers ----------------------------------------------------------------------------------


def box_row(label_identifier: str) -> Box:
    with connection_scope():
        return Box.get(Box.label_identifier == label_identifier)


def box_history(box_id) -> list[tuple]:
    """(changes, user, from_int, to_int, from_float, to_float) of a box, oldest first."""
    return history_rows(
        "stock", box_id, "changes", "user", "from_int", "to_int", "from_float", "to_float"
    )


def counts() -> tuple[int, ...]:
    """Rows of the tables a box mutation may write: nothing may change on failure."""
    with connection_scope():
        return (
            Box.select().count(),
            HistoryEntry.select().count(),
            TagsRelation.select().count(),
            Tag.select().count(),
            QrCode.select().count(),
            TagsRelation.select().where(TagsRelation.deleted_on.is_null(False)).count(),
        )


def locations(base_id: int, deleted: bool = False, default_state: int | None = None):
    with connection_scope():
        query = Location.select().where(
            Location.base == base_id,
            Location.type == "Warehouse",
            Location.deleted_on.is_null(not deleted),
        )
        if default_state is not None:
            query = query.where(Location.default_box_state == default_state)
        return list(query.order_by(Location.id))


def sized_product(
    base_id: int, deleted: bool = False, other_than: Product | None = None
) -> tuple[Product, list[int]]:
    """A product of the base (other than `other_than`) with sizes, and its size ids."""
    with connection_scope():
        query = Product.select().where(
            Product.base == base_id, Product.deleted_on.is_null(not deleted)
        )
        if other_than is not None:
            query = query.where(Product.id != other_than.id)
        for product in query.order_by(Product.id):
            sizes = [
                s.size_id
                for s in SizeRangeSize.select().where(
                    SizeRangeSize.size_range == product.size_range_id
                )
            ]
            if len(sizes) >= 2:
                return product, sizes
    raise AssertionError("no sized product")


def size_outside(product: Product) -> int:
    with connection_scope():
        inside = {
            s.size_id
            for s in SizeRangeSize.select().where(SizeRangeSize.size_range == product.size_range_id)
        }
        return next(
            s.size_id
            for s in SizeRangeSize.select().order_by(SizeRangeSize.size)
            if s.size_id not in inside
        )


def measure_product(base_id: int) -> tuple[Product, Unit, Unit, Unit]:
    """A mass or volume product of the base, one unit of its dimension with factor 1
    and another one, and a unit of another dimension."""
    with connection_scope():
        dimensions = {u.dimension_id for u in Unit.select()}
        product = (
            Product.select()
            .where(
                Product.base == base_id,
                Product.deleted_on.is_null(),
                Product.size_range.in_(sorted(dimensions)),
            )
            .order_by(Product.id)
            .first()
        )
        assert product is not None
        units = list(Unit.select().where(Unit.dimension == product.size_range_id).order_by(Unit.id))
        other = Unit.select().where(Unit.dimension != product.size_range_id).first()
        base_unit = next(u for u in units if u.conversion_factor == 1)
        other_unit = next(u for u in units if u.conversion_factor != 1)
        return product, base_unit, other_unit, other


def tag_of(base_id: int, tag_type: str = "Stock", deleted: bool = False) -> Tag:
    with connection_scope():
        return (
            Tag.select()
            .where(Tag.base == base_id, Tag.type == tag_type, Tag.deleted_on.is_null(not deleted))
            .order_by(Tag.id)
            .first()
        )


def unused_qr_code() -> str:
    with connection_scope():
        used = Box.select(Box.qr_code).where(Box.qr_code.is_null(False))
        return QrCode.select().where(QrCode.id.not_in(used)).order_by(QrCode.id).first().code


def box_in_state(base_id: int, state: int, **where) -> Box:
    """A non-deleted box of the base in that state, as the read API selects it."""
    with connection_scope():
        query = (
            Box.select(Box)
            .join(Location, on=Box.location == Location.id)
            .where(Location.base == base_id, Box.state == state, Box.deleted_on.is_unset())
            .order_by(Box.id)
        )
        for column, value in where.items():
            query = query.where(getattr(Box, column) == value)
        return query.first()


_fresh = itertools.count(1)


def new_box(client, base_id: int = 1, **values) -> dict:
    """A box created through the API by the base's coordinator (InStock location,
    sized product, 20 items)."""
    product, sizes = sized_product(base_id)
    location = locations(base_id, default_state=State.InStock)[0]
    creation = dict(productId=product.id, sizeId=sizes[0], locationId=location.id, numberOfItems=20)
    creation.update(values)
    user = COORDINATOR if base_id == 1 else COORDINATOR_BASE_2
    return client.data(CREATE, {"input": creation}, **user)["createBox"]


def new_measure_box(client, product: Product, unit: Unit, measure_value: float, **values) -> dict:
    """A box of a mass or volume product in the base's first InStock location,
    created through the API by the coordinator of base 1."""
    location = locations(product.base_id, default_state=State.InStock)[0]
    creation = dict(
        productId=product.id,
        locationId=location.id,
        displayUnitId=unit.id,
        measureValue=measure_value,
        **values,
    )
    return client.data(CREATE, {"input": creation}, **COORDINATOR)["createBox"]
