"""The current time, as the statistics see it ("today" for ages, "the last 30 days").

Answers that depend on the calendar read it here, never `datetime.now()` directly,
so that a test can hold the clock still (`frozen`) and compare them with answers
recorded on another day. Outside tests the clock is never frozen.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

_frozen_at: datetime.datetime | None = None


def utc_now() -> datetime.datetime:
    """Now in UTC, naive, to the second (the database stores no fractions)."""
    if _frozen_at is not None:
        return _frozen_at
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)


def today() -> datetime.date:
    return utc_now().date()


@contextmanager
def frozen(at: datetime.datetime) -> Iterator[None]:
    """Hold the clock at `at` (naive UTC) for the block: for tests only, as it holds
    it for the whole process."""
    global _frozen_at
    previous, _frozen_at = _frozen_at, at.replace(microsecond=0)
    try:
        yield
    finally:
        _frozen_at = previous
