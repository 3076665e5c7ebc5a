"""The metrics of an organisation: families served and items handed out, in a span
of days or all time."""

from __future__ import annotations

import datetime

from .cube import rows


def _span(after: datetime.date | None, before: datetime.date | None) -> tuple[str, list]:
    """The condition on the checkout's time: between both dates when both are given
    (inclusive), else after or before the one given (exclusive)."""
    if after and before:
        return "t.transaction_date BETWEEN %s AND %s", [after, before]
    if after:
        return "t.transaction_date > %s", [after]
    if before:
        return "t.transaction_date < %s", [before]
    return "TRUE", []


_FROM_ORGANISATION = """
FROM transactions t
JOIN people p ON p.id = t.people_id
JOIN camps c ON c.id = p.camp_id
WHERE c.organisation_id = %s AND {span} AND {condition}
"""


def number_of_families_served(
    organisation_id, after: datetime.date | None = None, before: datetime.date | None = None
) -> int:
    """Family heads of the organisation's bases with a checkout in the span."""
    span, params = _span(after, before)
    sql = "SELECT COUNT(DISTINCT t.people_id) AS n" + _FROM_ORGANISATION.format(
        span=span, condition="t.count > 0"
    )
    return int(rows(sql, (organisation_id, *params))[0]["n"])


def number_of_sales(
    organisation_id, after: datetime.date | None = None, before: datetime.date | None = None
) -> int:
    """Items handed out (tokens not negative) by the organisation's bases in the span."""
    span, params = _span(after, before)
    sql = "SELECT CAST(SUM(t.count) AS SIGNED) AS n" + _FROM_ORGANISATION.format(
        span=span, condition="t.drops >= 0"
    )
    return rows(sql, (organisation_id, *params))[0]["n"] or 0
