"""Writing QR codes (table qr): plain synchronous peewee functions, run inside the
caller's transaction.

Attaching a code to a box is the box domain's business (box/writes.py), which also
binds the createQrCode mutation: a box sits above the QR code it carries.
"""

from __future__ import annotations

import datetime
import hashlib

from .models import QrCode


def create_qr_code(*, now: datetime.datetime) -> QrCode:
    """Insert a new QR code whose code is the MD5 hex digest of its id (as the
    original does): unique because the id is. Like the original, no history row (the
    legacy app's 'New QR-code generated' rows are its own)."""
    qr_id = QrCode.insert(created_on=now).execute()
    code = hashlib.md5(str(qr_id).encode(), usedforsecurity=False).hexdigest()
    QrCode.update(code=code).where(QrCode.id == qr_id).execute()
    return QrCode(id=qr_id, code=code, created_on=now, legacy=0)


def lock_qr_code_by_code(code: str) -> QrCode | None:
    """The QR code with this code, its row locked until the transaction ends (so two
    requests cannot label two boxes with it at once); None if unknown."""
    return QrCode.select().where(QrCode.code == code).order_by(QrCode.id).for_update().first()
