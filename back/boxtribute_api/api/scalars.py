"""Datetime and Date scalars.

The database stores naive UTC datetimes; the API speaks ISO 8601 with an explicit
offset (e.g. "2025-10-30T02:02:04+00:00"), as the frontend expects.
"""

from __future__ import annotations

import datetime

from ariadne import ScalarType

datetime_scalar = ScalarType("Datetime")
date_scalar = ScalarType("Date")


@datetime_scalar.serializer
def serialize_datetime(value: datetime.datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value.isoformat()


@datetime_scalar.value_parser
def parse_datetime(value: str) -> datetime.datetime:
    parsed = datetime.datetime.fromisoformat(value)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(datetime.UTC).replace(tzinfo=None)
    return parsed


@date_scalar.serializer
def serialize_date(value: datetime.date | str) -> str:
    if isinstance(value, str):
        return value  # formatted by the database (a statistics fact's day)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.isoformat()


@date_scalar.value_parser
def parse_date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


bindables = [datetime_scalar, date_scalar]
