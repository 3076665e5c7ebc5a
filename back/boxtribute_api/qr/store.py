"""Data access for QR codes (table qr): plain synchronous peewee functions."""

from __future__ import annotations

from ..db.queries import rows_by_id
from .models import QrCode


def qr_codes_by_id(ids: list[int]) -> dict[int, QrCode]:
    return rows_by_id(QrCode, ids)


def qr_code_by_code(code: str) -> QrCode | None:
    return QrCode.select().where(QrCode.code == code).first()


def qr_code_exists(code: str) -> bool:
    return QrCode.select().where(QrCode.code == code).exists()
