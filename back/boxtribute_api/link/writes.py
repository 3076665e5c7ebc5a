"""Creating shareable links (table shareable_link): a plain synchronous function run
in one transaction by the caller (offload_transaction).

What a link is, as the original makes it:
- `code`: 64 hexadecimal characters, unguessable (the link's only secret: whoever
  has it sees the view without logging in);
- `valid_until`: as given, or a week from now; a moment in the past is refused
  (InvalidDateError, nothing written);
- `created_on` now, `created_by` the user, `view`, `base` and `url_parameters` as given.
No history row is written.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping
from typing import Any

from ..history.recorder import utc_now
from .errors import InvalidDateError
from .models import ShareableLink

DEFAULT_VALIDITY = datetime.timedelta(weeks=1)


def new_code() -> str:
    return secrets.token_hex(32)


def create_shareable_link(
    creation_input: Mapping[str, Any], *, user_id: int
) -> ShareableLink | InvalidDateError:
    now = utc_now()
    valid_until = creation_input.get("valid_until")
    if valid_until is None:
        valid_until = now + DEFAULT_VALIDITY
    elif valid_until < now:
        return InvalidDateError(date=valid_until)
    return ShareableLink.create(
        code=new_code(),
        base=creation_input["base_id"],
        view=creation_input["view"],
        valid_until=valid_until,
        url_parameters=creation_input.get("url_parameters"),
        created_on=now,
        created_by=user_id,
    )
