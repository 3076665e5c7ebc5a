"""The public figures (the public service's newlyCreatedBoxNumbers,
newlyRegisteredBeneficiaryNumbers, reachedBeneficiariesNumbers): how many boxes were
created and beneficiaries registered or reached in a span of time, across every
organisation, as one number each. No login, no base: nothing but a count leaves.

The span is given by two of start, end and a duration in days (or by one of start
and duration, up to now), as the original reads them; both ends count. In
production the test organisation (id 1) is left out, as the original leaves it out.
"""

from __future__ import annotations

import datetime
import os

from ..runtime import clock
from .cube import rows

# The original's history text for a new record, and the start of its deletion texts.
RECORD_CREATED = "Record created"
RECORD_DELETED = "Record deleted"
TEST_ORGANISATION_ID = 1


class InvalidTimeSpan(Exception):
    """A span the original refuses: an error with its message and no code, as the
    original answers (its words are meant for the client; nothing internal leaks)."""

    extensions: dict = {}

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.message = text


def time_span(
    start: datetime.datetime | None, end: datetime.datetime | None, duration: int | None
) -> tuple[datetime.datetime, datetime.datetime]:
    """(start, end) from two of the three, or from start or duration up to now."""
    if duration is not None and duration < 0 and not (start and end):
        raise InvalidTimeSpan("Duration cannot be negative.")
    if start and end:
        if start > end:
            raise InvalidTimeSpan("Start date cannot be after the end date.")
        return start, end
    if start and duration is not None:
        return start, start + datetime.timedelta(days=duration)
    if end and duration is not None:
        return end - datetime.timedelta(days=duration), end
    if duration is not None:
        now = clock.utc_now()
        return now - datetime.timedelta(days=duration), now
    if start is not None:
        now = clock.utc_now()
        if start > now:
            raise InvalidTimeSpan("Start date cannot be after the end date.")
        return start, now
    raise InvalidTimeSpan("Insufficient arguments")


def _without_test_organisation() -> str:
    if os.environ.get("ENVIRONMENT") == "production":
        return f"(o.id <> {TEST_ORGANISATION_ID} OR o.id IS NULL)"
    return "TRUE"


def _count(sql: str, params: dict) -> int:
    return int(rows(sql.format(organisations=_without_test_organisation()), params)[0]["n"])


_BOXES_CREATED = """
SELECT COUNT(*) AS n
FROM stock s
JOIN locations l ON l.id = s.location_id
JOIN camps b ON b.id = l.camp_id
JOIN organisations o ON o.id = b.organisation_id
WHERE s.created >= %(start)s AND s.created <= %(end)s AND {organisations}
"""


def boxes_created(start: datetime.datetime, end: datetime.datetime) -> int:
    """Boxes created in the span, in the locations of a base."""
    return _count(_BOXES_CREATED, {"start": start, "end": end})


# Beneficiaries of the span, per base: the ids of `{ids}` (a UNION, so each once).
_BENEFICIARIES = """
SELECT COUNT(ids.id) AS n
FROM ({ids}) ids
LEFT JOIN people p ON p.id = ids.id
LEFT JOIN camps b ON b.id = p.camp_id
LEFT JOIN organisations o ON o.id = b.organisation_id
WHERE {{organisations}}
"""

# Created: the history's creation records (the people row may be gone since), and
# the people rows created in the span (imported without history).
_REGISTERED = _BENEFICIARIES.format(
    ids="""
    SELECT h.record_id AS id FROM history h
    WHERE h.tablename = 'people' AND h.changedate >= %(start)s AND h.changedate <= %(end)s
      AND h.changes = %(created)s
    UNION
    SELECT p.id FROM people p WHERE p.created >= %(start)s AND p.created <= %(end)s
"""
)


def beneficiaries_registered(start: datetime.datetime, end: datetime.datetime) -> int:
    return _count(_REGISTERED, {"start": start, "end": end, "created": RECORD_CREATED})


# Reached: created or changed (not deleted), checked out (family heads and their
# families), served, or tagged in the span.
_REACHED = _BENEFICIARIES.format(
    ids="""
    SELECT h.record_id AS id FROM history h
    WHERE h.tablename = 'people' AND h.changedate >= %(start)s AND h.changedate <= %(end)s
      AND NOT h.changes LIKE %(deleted)s
    UNION
    SELECT p.id FROM people p WHERE p.created >= %(start)s AND p.created <= %(end)s
    UNION
    SELECT t.people_id FROM transactions t
    WHERE t.transaction_date >= %(start)s AND t.transaction_date <= %(end)s AND t.count > 0
      AND t.people_id IS NOT NULL
    UNION
    SELECT p.id FROM people p
    WHERE EXISTS (
        SELECT 1 FROM transactions t
        WHERE t.people_id = p.parent_id
          AND t.transaction_date >= %(start)s AND t.transaction_date <= %(end)s
          AND t.count > 0
      )
      AND p.id <> p.parent_id
    UNION
    SELECT r.people_id FROM services_relations r
    WHERE r.created >= %(start)s AND r.created <= %(end)s
    UNION
    SELECT r.object_id FROM tags_relations r
    WHERE r.object_type = 'People' AND r.created_on >= %(start)s AND r.created_on <= %(end)s
"""
)


def beneficiaries_reached(start: datetime.datetime, end: datetime.datetime) -> int:
    return _count(_REACHED, {"start": start, "end": end, "deleted": f"{RECORD_DELETED}%"})
