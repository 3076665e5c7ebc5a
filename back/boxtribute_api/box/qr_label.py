"""createQrCode: a new QR code, labelling a box if one is given.

As the original: a qr row (code = MD5 of its id, no history row); for a box, the
box's qr_id (modified left as it is) and a 'New Qr-code assigned by pdf generation.'
history row on the box. Bound in the box domain because it may
change a box, which sits above the QR code.
"""

from __future__ import annotations

from ..errors import ResourceNotFound
from ..history.recorder import history_row, record_history, utc_now
from ..qr import writes as qr_writes
from ..qr.models import QrCode
from .checks import authorize_box_write, lock_box
from .history import BOX_TABLE, QR_CODE_ASSIGNED
from .models import Box


def create_qr_code(box_label_identifier: str | None, *, user_id: int | None) -> QrCode:
    """createQrCode: a new QR code, labelling the box if one is given (replacing the
    box's code, if any). qr:create was checked by the resolver."""
    box = None
    if box_label_identifier is not None:
        box = lock_box(box_label_identifier)
        if box is None:
            raise ResourceNotFound()
        authorize_box_write(box)
    now = utc_now()
    qr_code = qr_writes.create_qr_code(now=now)
    if box is not None:
        Box.update(qr_code=qr_code.id).where(Box.id == box.id).execute()
        record_history(
            [history_row(BOX_TABLE, box.id, QR_CODE_ASSIGNED, user_id=user_id, change_date=now)]
        )
    return qr_code
