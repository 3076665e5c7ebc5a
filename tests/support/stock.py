"""The demo world's boxes read straight from the tables (the ground truth the box
queries are compared with), and the box documents several test modules send."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from boxtribute_api.box.models import Box
from boxtribute_api.db.routing import connection_scope
from boxtribute_api.location.models import Location
from boxtribute_api.product.models import Product
from boxtribute_api.qr.models import QrCode
from boxtribute_api.shipment.models import Shipment, ShipmentDetail
from boxtribute_api.tag.models import TagsRelation

STATES = {
    1: "InStock",
    2: "Lost",
    3: "MarkedForShipment",
    4: "Receiving",
    5: "Donated",
    6: "Scrap",
    7: "InTransit",
    8: "NotDelivered",
}
GENDERS = {1: "Women", 2: "Men", 3: "UnisexAdult", 4: "Girl", 5: "Boy", 6: "UnisexKid"}
ALL = {"first": 100000}


# --- ground truth, read straight from the tables -------------------------------------------------


@dataclass
class StockRow:
    id: int
    label_identifier: str
    base_id: int
    location_id: int
    state: int
    product_id: int
    size_id: int | None
    gender: int
    category: int
    modified: datetime.datetime | None
    deleted: bool
    qr_id: int | None
    # The tags the box carries now (removed assignments left out).
    tag_ids: set[int] = field(default_factory=set)


def stock_rows() -> list[StockRow]:
    with connection_scope():
        rows = {
            r["id"]: StockRow(
                id=r["id"],
                label_identifier=r["label_identifier"],
                base_id=r["base"],
                location_id=r["location"],
                state=r["state"],
                product_id=r["product"],
                size_id=r["size"],
                gender=r["gender"],
                category=r["category"],
                modified=r["last_modified_on"],
                deleted=r["deleted_on"] is not None,
                qr_id=r["qr_code"],
            )
            for r in Box.select(
                Box.id,
                Box.label_identifier,
                Location.base,
                Box.location,
                Box.state,
                Box.product,
                Box.size,
                Product.gender,
                Product.category,
                Box.last_modified_on,
                Box.deleted_on,
                Box.qr_code,
            )
            .join(Location, on=Box.location == Location.id)
            .join(Product, on=Box.product == Product.id, src=Box)
            .dicts()
        }
        relations = TagsRelation.select(TagsRelation.object_id, TagsRelation.tag).where(
            TagsRelation.object_type == "Stock", TagsRelation.deleted_on.is_null()
        )
        for relation in relations.tuples():
            if relation[0] in rows:
                rows[relation[0]].tag_ids.add(relation[1])
    return list(rows.values())


def base_boxes(stock: list[StockRow], base_id: int = 1) -> list[StockRow]:
    """Non-deleted boxes of the base, most recently modified first, as `boxes` lists
    them; boxes modified at the same time by id here (see assert_listed)."""
    rows = sorted((r for r in stock if r.base_id == base_id and not r.deleted), key=lambda r: r.id)
    return sorted(rows, key=lambda r: r.modified or datetime.datetime.min, reverse=True)


def assert_listed(elements: list[dict], expected: list[StockRow], among: list[StockRow]) -> None:
    """`elements` (of a page) are the boxes `expected`, a run of the listing `among`,
    most recently modified first. Boxes modified at the same time come in the order
    the database's sort leaves them, as for the original (box/store.py): within such
    a tie any order goes, and at the run's ends any of the tied boxes of `among`."""
    by_id = {r.id: r for r in among}
    listed = [by_id[int(e["id"])] for e in elements]
    assert len({r.id for r in listed}) == len(listed), "a box listed twice"
    assert [r.modified for r in listed] == [r.modified for r in expected]
    ends = {expected[0].modified, expected[-1].modified} if expected else set()
    for modified in {r.modified for r in expected} - ends:
        assert {r.id for r in listed if r.modified == modified} == {
            r.id for r in expected if r.modified == modified
        }


def ids(rows) -> list[str]:
    return [str(r.id) for r in rows]


BOX = """
query Box($label: String!) {
  box(labelIdentifier: $label) {
    id labelIdentifier state numberOfItems comment deletedOn
    location { id } product { id } size { id } qrCode { code }
  }
}
"""


def boxes_in_shipment(source_base: int, target_base: int) -> list[tuple[StockRow, int]]:
    """Boxes on their way from source to target base (active shipment detail)."""
    with connection_scope():
        box_ids = [
            detail.box_id
            for detail in ShipmentDetail.select()
            .join(Shipment, on=ShipmentDetail.shipment == Shipment.id)
            .where(
                Shipment.source_base == source_base,
                Shipment.target_base == target_base,
                ShipmentDetail.removed_on.is_null(),
                ShipmentDetail.received_on.is_null(),
            )
        ]
    return [r for r in stock_rows() if r.id in box_ids and r.state == 7]


QR_BOX = """
query($code: String!) {
  qrCode(code: $code) {
    __typename
    ... on QrCode {
      box {
        __typename
        ... on Box { labelIdentifier }
        ... on InsufficientPermissionError { name }
        ... on UnauthorizedForBaseError { id name organisationName }
      }
    }
  }
}
"""


def qr_code_of(row: StockRow) -> str:
    with connection_scope():
        return QrCode.get_by_id(row.qr_id).code
