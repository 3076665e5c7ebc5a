"""box(labelIdentifier): who may read a box (its base, a shipment it is in), and
every Box field.

Tests run on our demo world (`client`) and find their rows with plain peewee
queries (`stock`)."""

from __future__ import annotations

import datetime

import pytest

from boxtribute_api.box.models import Box
from boxtribute_api.db.routing import connection_scope
from boxtribute_api.location.models import Location
from boxtribute_api.product.models import Product
from boxtribute_api.tag.models import TagsRelation
from support.errors import BAD_USER_INPUT, FORBIDDEN, error_codes
from support.stock import (
    BOX,
    STATES,
    base_boxes,
    boxes_in_shipment,
)
from support.users import (
    COORDINATOR,
    COORDINATOR_BASE_2,
    COORDINATOR_ORG_2,
    GOD,
    LIBRARY_VOLUNTEER,
    VOLUNTEER,
)

# --- box(labelIdentifier) ------------------------------------------------------------------------


def test_a_coordinator_reads_a_box_of_their_base(client, stock):
    row = next(r for r in base_boxes(stock) if r.size_id and r.qr_id)

    box = client.data(BOX, {"label": row.label_identifier}, **COORDINATOR)["box"]

    assert box["id"] == str(row.id)
    assert box["labelIdentifier"] == row.label_identifier
    assert box["state"] == STATES[row.state]
    assert box["location"] == {"id": str(row.location_id)}
    assert box["product"] == {"id": str(row.product_id)}
    assert box["size"] == {"id": str(row.size_id)}
    assert box["qrCode"]["code"]
    assert box["deletedOn"] is None


@pytest.mark.parametrize("user", [VOLUNTEER, GOD], ids=["volunteer", "god"])
def test_volunteers_of_the_base_and_gods_read_a_box(client, stock, user):
    row = base_boxes(stock)[0]

    box = client.data(BOX, {"label": row.label_identifier}, **user)["box"]

    assert box["id"] == str(row.id)


def test_a_coordinator_of_another_organisation_cannot_read_the_box(client, stock):
    row = next(r for r in base_boxes(stock) if r.state == 1)

    response = client.execute(BOX, {"label": row.label_identifier}, **COORDINATOR_ORG_2)

    assert response["data"] == {"box": None}
    assert error_codes(response) == [(("box",), FORBIDDEN)]
    assert response["errors"][0]["extensions"]["description"] == "You don't have access to 'base=1'"


def test_a_user_without_stock_read_is_told_the_permission(client, stock):
    row = next(r for r in base_boxes(stock) if r.state == 1)

    response = client.execute(BOX, {"label": row.label_identifier}, **LIBRARY_VOLUNTEER)

    assert error_codes(response) == [(("box",), FORBIDDEN)]
    description = response["errors"][0]["extensions"]["description"]
    assert description == "You don't have access to 'stock:read'"


def test_an_unknown_label_identifier_is_a_bad_user_input(client):
    response = client.execute(BOX, {"label": "no-such-box"}, **COORDINATOR)

    assert response["data"] == {"box": None}
    assert error_codes(response) == [(("box",), BAD_USER_INPUT)]
    assert response["errors"][0]["message"] == "An unknown error occurred."
    assert response["errors"][0]["extensions"]["description"] == (
        "The requested resource does not exist in the database."
    )


def test_not_found_comes_before_authorization(client):
    response = client.execute(BOX, {"label": "no-such-box"}, **COORDINATOR_ORG_2)

    assert error_codes(response) == [(("box",), BAD_USER_INPUT)]


def test_a_deleted_box_can_still_be_read(client, stock):
    row = next(r for r in stock if r.base_id == 1 and r.deleted)

    box = client.data(BOX, {"label": row.label_identifier}, **COORDINATOR)["box"]

    assert box["id"] == str(row.id)
    assert box["deletedOn"] is not None


def test_the_receiving_base_reads_a_box_in_transit_without_source_location_and_product(client):
    # Boxes sent from base 3 (organisation 2) to base 1.
    row = boxes_in_shipment(source_base=3, target_base=1)[0]

    response = client.execute(BOX, {"label": row.label_identifier}, **COORDINATOR)

    assert "errors" not in response
    box = response["data"]["box"]
    assert box["state"] == "InTransit"
    assert box["location"] is None
    assert box["product"] is None


def test_the_sending_base_reads_its_box_in_transit(client):
    row = boxes_in_shipment(source_base=1, target_base=3)[0]

    box = client.data(BOX, {"label": row.label_identifier}, **COORDINATOR)["box"]

    assert box["location"] == {"id": str(row.location_id)}
    assert box["product"] == {"id": str(row.product_id)}


def test_a_base_outside_the_shipment_cannot_read_a_box_in_transit(client):
    row = boxes_in_shipment(source_base=1, target_base=3)[0]

    response = client.execute(BOX, {"label": row.label_identifier}, **COORDINATOR_BASE_2)

    assert error_codes(response) == [(("box",), FORBIDDEN)]
    description = response["errors"][0]["extensions"]["description"]
    assert description == "You don't have access to 'bases=[1, 3]'"


BOX_ALL_FIELDS = """
query Box($label: String!) {
  box(labelIdentifier: $label) {
    id labelIdentifier state numberOfItems comment weight monetaryValue measureValue
    createdOn lastModifiedOn deletedOn
    product { id } size { id } displayUnit { id symbol } weightDisplayUnit { id symbol }
    location { id ... on ClassicLocation { base { id } } }
    qrCode { id code }
    createdBy { id } lastModifiedBy { id }
    tags { id }
    sourceBox { id }
    distributionEvent { id }
  }
}
"""


def test_every_box_field_resolves(client, stock):
    row = next(r for r in base_boxes(stock) if r.tag_ids)
    with connection_scope():
        model = Box.get_by_id(row.id)
        live_tag_ids = sorted(
            t.tag_id
            for t in TagsRelation.select().where(
                TagsRelation.object_type == "Stock",
                TagsRelation.object_id == row.id,
                TagsRelation.deleted_on.is_null(),
            )
        )

    box = client.data(BOX_ALL_FIELDS, {"label": row.label_identifier}, **COORDINATOR)["box"]

    assert box["numberOfItems"] == model.number_of_items
    assert box["comment"] == model.comment
    assert box["createdOn"] == model.created_on.isoformat() + "+00:00"
    assert box["lastModifiedOn"] == model.last_modified_on.isoformat() + "+00:00"
    assert box["location"]["base"] == {"id": "1"}
    assert box["createdBy"] == (
        None if model.created_by_id is None else {"id": str(model.created_by_id)}
    )
    assert box["weightDisplayUnit"]["id"] == str(model.weight_display_unit_id)
    assert [t["id"] for t in box["tags"]] == [str(t) for t in live_tag_ids]
    assert box["sourceBox"] is None
    assert box["distributionEvent"] is None


def test_a_measure_box_shows_its_measure_in_the_display_unit(client):
    with connection_scope():
        model = Box.select().where(Box.display_unit.is_null(False)).first()
        from boxtribute_api.product.models import Unit

        unit = Unit.get_by_id(model.display_unit_id)

    box = client.data(BOX_ALL_FIELDS, {"label": model.label_identifier}, **GOD)["box"]

    assert box["displayUnit"]["id"] == str(unit.id)
    assert box["measureValue"] == pytest.approx(float(unit.conversion_factor * model.measure_value))
    assert box["size"] is None


def test_a_box_without_qr_code_has_no_qr_code(client, stock):
    # About one box in twelve is made without a QR code.
    row = next(r for r in base_boxes(stock) if r.qr_id is None)

    box = client.data(BOX_ALL_FIELDS, {"label": row.label_identifier}, **GOD)["box"]

    assert box["qrCode"] is None


@pytest.fixture
def box_in_transit_without_shipment(client):
    """A box marked InTransit that no shipment holds (an inconsistent row)."""
    with connection_scope():
        location = Location.select().where(Location.base == 2).first()
        product = Product.select().where(Product.base == 2).first()
        box = Box.create(
            label_identifier="99999901",
            product=product.id,
            location=location.id,
            number_of_items=1,
            state=7,
            created_on=datetime.datetime(2024, 1, 1),
            last_modified_on=datetime.datetime(2024, 1, 1),
        )
    try:
        yield box
    finally:
        with connection_scope():
            Box.delete().where(Box.id == box.id).execute()


def test_a_box_in_transit_without_shipment_is_not_found(client, box_in_transit_without_shipment):
    label = box_in_transit_without_shipment.label_identifier

    response = client.execute(BOX, {"label": label}, **GOD)

    assert response["data"] == {"box": None}
    assert error_codes(response) == [(("box",), BAD_USER_INPUT)]
