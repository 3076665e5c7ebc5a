"""QR codes: `qrExists(code)` and `qrCode(code)` with its union of errors.

`QrCode.box` belongs to the box tests. Tests on `seed_client` compare with the
original's development seed; tests on `client` run on our demo world.
"""

from __future__ import annotations

from boxtribute_api.qr.models import QrCode
from support.errors import FORBIDDEN, error_codes
from support.users import COORDINATOR, COORDINATOR_ORG_2, GOD, LIBRARY_VOLUNTEER

QR_CODE_QUERY = """query($code: String!) { qrCode(code: $code) {
    __typename
    ... on QrCode { id code createdOn }
    ... on InsufficientPermissionError { name }
    ... on ResourceDoesNotExistError { resourceId: id name }
} }"""


def some_qr_code() -> QrCode:
    from boxtribute_api.db.routing import connection_scope

    with connection_scope():
        qr_code = QrCode.select().where(QrCode.code.is_null(False)).order_by(QrCode.id).first()
    assert qr_code is not None, "the world has QR codes"
    return qr_code


# --- comparisons with the original ----------------------------------------------------------


def test_a_qr_code_is_found_by_its_code(seed_client):
    code = "22074c31e81941e6453a52a7dc0319d5"

    result = seed_client.data(QR_CODE_QUERY, {"code": code}, **COORDINATOR)["qrCode"]

    assert result == {
        "__typename": "QrCode",
        "id": result["id"],
        "code": code,
        "createdOn": result["createdOn"],
    }


# --- qrExists -------------------------------------------------------------------------------


def test_qr_exists_tells_whether_a_code_is_known(client):
    query = """query($code: String) {
        known: qrExists(code: $code) unknown: qrExists(code: "no-such-code") none: qrExists
    }"""

    result = client.data(query, {"code": some_qr_code().code}, **COORDINATOR)

    assert result == {"known": True, "unknown": False, "none": False}


def test_any_organisations_user_with_qr_read_may_check_a_code(client):
    query = "query($code: String) { qrExists(code: $code) }"

    result = client.data(query, {"code": some_qr_code().code}, **COORDINATOR_ORG_2)

    assert result == {"qrExists": True}


def test_checking_a_code_needs_qr_read(client):
    response = client.execute('{ qrExists(code: "x") }', **LIBRARY_VOLUNTEER)

    assert response["data"] == {"qrExists": None}
    assert error_codes(response) == [(("qrExists",), FORBIDDEN)]
    assert response["errors"][0]["extensions"]["description"] == (
        "You don't have access to 'qr:read'"
    )


# --- qrCode ---------------------------------------------------------------------------------


def test_a_qr_code_has_its_id_code_and_creation_date(client):
    qr_code = some_qr_code()

    result = client.data(QR_CODE_QUERY, {"code": qr_code.code}, **COORDINATOR)["qrCode"]

    created_on = qr_code.created_on
    assert result == {
        "__typename": "QrCode",
        "id": str(qr_code.id),
        "code": qr_code.code,
        "createdOn": None if created_on is None else f"{created_on.isoformat()}+00:00",
    }


def test_a_god_user_reads_any_qr_code(client):
    qr_code = some_qr_code()

    result = client.data(QR_CODE_QUERY, {"code": qr_code.code}, **GOD)["qrCode"]

    assert result["__typename"] == "QrCode"


def test_an_unknown_code_is_a_resource_does_not_exist_error(client):
    result = client.data(QR_CODE_QUERY, {"code": "no-such-code"}, **COORDINATOR)["qrCode"]

    assert result == {
        "__typename": "ResourceDoesNotExistError",
        "resourceId": None,
        "name": "QrCode",
    }


def test_without_qr_read_the_answer_is_an_insufficient_permission_error(client):
    result = client.data(QR_CODE_QUERY, {"code": some_qr_code().code}, **LIBRARY_VOLUNTEER)

    assert result["qrCode"] == {"__typename": "InsufficientPermissionError", "name": "qr:read"}
