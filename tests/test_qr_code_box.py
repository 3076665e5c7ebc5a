"""QrCode.box: the box a QR code labels, or the union member saying why it may not
be read."""

from __future__ import annotations

from boxtribute_api.db.routing import connection_scope
from boxtribute_api.qr.models import QrCode
from support.errors import FORBIDDEN, error_codes
from support.stock import (
    QR_BOX,
    base_boxes,
    boxes_in_shipment,
    qr_code_of,
)
from support.users import (
    COORDINATOR,
    COORDINATOR_BASE_2,
    COORDINATOR_ORG_2,
)
from support.world import BASE_NAMES, ORGANISATION_NAMES

# --- QrCode.box ----------------------------------------------------------------------------------


def test_a_qr_code_leads_to_its_box(client, stock):
    row = next(r for r in base_boxes(stock) if r.qr_id and r.state == 1)

    result = client.data(QR_BOX, {"code": qr_code_of(row)}, **COORDINATOR)["qrCode"]

    assert result["box"] == {"__typename": "Box", "labelIdentifier": row.label_identifier}


def test_a_qr_code_of_another_organisations_box_names_the_base(client, stock):
    row = next(r for r in base_boxes(stock) if r.qr_id and r.state == 1)

    result = client.data(QR_BOX, {"code": qr_code_of(row)}, **COORDINATOR_ORG_2)["qrCode"]

    assert result["box"] == {
        "__typename": "UnauthorizedForBaseError",
        "id": "1",
        "name": BASE_NAMES[1],
        "organisationName": ORGANISATION_NAMES[1],
    }


def test_a_qr_code_box_without_stock_read_is_an_insufficient_permission(client, stock):
    row = next(r for r in base_boxes(stock) if r.qr_id and r.state == 1)
    user = dict(COORDINATOR, permissions=["base_1/qr:read"])

    result = client.data(QR_BOX, {"code": qr_code_of(row)}, **user)["qrCode"]

    assert result["box"] == {"__typename": "InsufficientPermissionError", "name": "stock:read"}


def test_a_qr_code_of_a_box_in_a_foreign_shipment_is_an_error(client):
    row = boxes_in_shipment(source_base=1, target_base=3)[0]

    response = client.execute(QR_BOX, {"code": qr_code_of(row)}, **COORDINATOR_BASE_2)

    assert error_codes(response) == [(("qrCode", "box"), FORBIDDEN)]
    assert response["data"]["qrCode"]["box"] is None


def test_an_unused_qr_code_has_no_box(client, stock):
    used = {r.qr_id for r in stock if r.qr_id}
    with connection_scope():
        unused = QrCode.select().where(QrCode.id.not_in(list(used))).first()

    result = client.data(QR_BOX, {"code": unused.code}, **COORDINATOR)["qrCode"]

    assert result == {"__typename": "QrCode", "box": None}


def test_the_receiving_base_finds_a_box_in_transit_by_its_qr_code(client):
    row = next(r for r in boxes_in_shipment(source_base=3, target_base=1) if r.qr_id)

    result = client.data(QR_BOX, {"code": qr_code_of(row)}, **COORDINATOR)["qrCode"]

    assert result["box"] == {"__typename": "Box", "labelIdentifier": row.label_identifier}
