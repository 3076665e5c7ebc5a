"""createQrCode: a new QR code, free or labelling a box.

Behaviour tests run on a writable demo database of this module; the frontend's
CreateQrCode document is sent against the original's development seed.
"""

from __future__ import annotations

import hashlib

from boxtribute_api.box.models import Box
from boxtribute_api.db.routing import connection_scope
from boxtribute_api.location.models import Location
from boxtribute_api.qr.models import QrCode
from boxtribute_api.shipment.models import Shipment, ShipmentDetail
from support.errors import codes
from support.history import history_rows
from support.reference import frontend_operation
from support.users import (
    COORDINATOR,
    COORDINATOR_BASE_2,
    GOD,
    LABEL_CREATION,
    LIBRARY_VOLUNTEER,
    WAREHOUSE_VOLUNTEER,
    coordinator_of,
)

CREATE_QR = """mutation($label: String) { createQrCode(boxLabelIdentifier: $label) {
    id code createdOn
    box { __typename
        ... on Box { labelIdentifier qrCode { code } history { changes user { id } } } }
} }"""

IN_STOCK, IN_TRANSIT = 1, 7


def qr_history(qr_id) -> list[tuple]:
    return history_rows("qr", qr_id, "changes", "user")


def box_history(box_id) -> list[tuple]:
    return history_rows("stock", box_id, "changes", "user")


def a_box(base_id: int, state: int = IN_STOCK) -> Box:
    with connection_scope():
        return (
            Box.select(Box)
            .join(Location, on=Box.location == Location.id)
            .where(Location.base == base_id, Box.state == state, Box.deleted_on.is_unset())
            .order_by(Box.id.desc())
            .first()
        )


def qr_count() -> int:
    with connection_scope():
        return QrCode.select().count()


def test_a_free_qr_code_is_the_md5_of_its_id_without_history(writable_client):
    created = writable_client.data(CREATE_QR, {}, **COORDINATOR)["createQrCode"]
    assert created["code"] == hashlib.md5(created["id"].encode()).hexdigest()
    assert created["box"] is None
    assert created["createdOn"] is not None
    assert qr_history(created["id"]) == []  # as the original


def test_qr_codes_created_one_after_another_are_distinct(writable_client):
    codes = {
        writable_client.data(CREATE_QR, {}, **LABEL_CREATION)["createQrCode"]["code"]
        for _ in range(3)
    }
    assert len(codes) == 3


def test_a_qr_code_for_a_box_labels_it_and_shows_in_its_history(writable_client):
    box = a_box(1)
    history_before = box_history(box.id)
    created = writable_client.data(CREATE_QR, {"label": box.label_identifier}, **COORDINATOR)[
        "createQrCode"
    ]
    assert created["box"]["labelIdentifier"] == box.label_identifier
    assert created["box"]["qrCode"] == {"code": created["code"]}
    assert created["box"]["history"][0] == {
        "changes": "created QR code label for box",
        "user": {"id": "8"},
    }
    assert box_history(box.id) == history_before + [("New Qr-code assigned by pdf generation.", 8)]
    with connection_scope():
        after = Box.get_by_id(box.id)
    assert after.qr_code_id == int(created["id"])
    # Labelling is not a change of the box's contents.
    assert after.last_modified_on == box.last_modified_on


def test_a_warehouse_volunteer_and_god_may_create_qr_codes(writable_client):
    box = a_box(1)
    for user in (WAREHOUSE_VOLUNTEER, GOD):
        created = writable_client.data(CREATE_QR, {"label": box.label_identifier}, **user)
        assert created["createQrCode"]["box"]["labelIdentifier"] == box.label_identifier


def test_a_user_without_qr_create_cannot_create_qr_codes(writable_client):
    before = qr_count()
    response = writable_client.execute(CREATE_QR, {}, **LIBRARY_VOLUNTEER)
    assert response["data"] == {"createQrCode": None}
    assert codes(response) == ["FORBIDDEN"]
    assert response["errors"][0]["extensions"]["description"] == (
        "You don't have access to 'qr:create'"
    )
    assert qr_count() == before


def test_label_creation_users_may_not_label_boxes(writable_client):
    # qr:create, but no stock:write: a free code only.
    box = a_box(1)
    response = writable_client.execute(CREATE_QR, {"label": box.label_identifier}, **LABEL_CREATION)
    assert codes(response) == ["FORBIDDEN"]


def test_a_box_of_another_base_cannot_be_labelled_and_nothing_is_written(writable_client):
    box = a_box(1)
    before = qr_count()
    response = writable_client.execute(
        CREATE_QR, {"label": box.label_identifier}, **COORDINATOR_BASE_2
    )
    assert response["data"] == {"createQrCode": None}
    assert codes(response) == ["FORBIDDEN"]
    assert response["errors"][0]["extensions"]["description"] == "You don't have access to 'base=1'"
    assert qr_count() == before


def test_an_unknown_box_is_bad_user_input_and_no_code_is_left(writable_client):
    before = qr_count()
    response = writable_client.execute(CREATE_QR, {"label": "00000000x"}, **COORDINATOR)
    assert codes(response) == ["BAD_USER_INPUT"]
    assert qr_count() == before


def test_a_box_in_transit_may_be_labelled_from_either_shipment_base(writable_client):
    box = a_box(1, IN_TRANSIT)  # the demo world has a sent shipment from base 1
    with connection_scope():
        shipment = (
            Shipment.select()
            .join(ShipmentDetail, on=ShipmentDetail.shipment == Shipment.id)
            .where(ShipmentDetail.box == box.id, ShipmentDetail.removed_on.is_null())
            .get()
        )

    for base_id in (shipment.source_base_id, shipment.target_base_id):
        created = writable_client.data(
            CREATE_QR, {"label": box.label_identifier}, **coordinator_of(base_id)
        )["createQrCode"]

        assert created["box"]["labelIdentifier"] == box.label_identifier
        assert created["box"]["qrCode"] == {"code": created["code"]}
    assert shipment.source_base_id == 1 and shipment.target_base_id != 1


def test_frontend_create_qr_code(writable_seed_client):
    operation = frontend_operation("CreateQrCode")
    box = a_box(1)
    created = writable_seed_client.data(
        operation["wire_document"], {"boxLabelIdentifier": box.label_identifier}, **COORDINATOR
    )["createQrCode"]
    assert created["box"]["labelIdentifier"] == box.label_identifier
    assert created["box"]["qrCode"]["code"] == created["code"]
    assert created["box"]["history"][0]["changes"] == "created QR code label for box"
    with connection_scope():
        qr = QrCode.get(QrCode.code == created["code"])
    assert qr.code == hashlib.md5(str(qr.id).encode()).hexdigest()
    assert qr_history(qr.id) == []
