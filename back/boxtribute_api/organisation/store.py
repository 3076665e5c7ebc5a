"""Data access for organisations: plain synchronous peewee functions."""

from __future__ import annotations

from ..db.queries import row_by_id, rows_by_id
from .models import Organisation


def active_organisations() -> list[Organisation]:
    return list(
        Organisation.select().where(Organisation.deleted_on.is_unset()).order_by(Organisation.id)
    )


def organisations_by_id(ids: list[int]) -> dict[int, Organisation]:
    return rows_by_id(Organisation, ids)


def organisation_by_id(organisation_id: int) -> Organisation | None:
    return row_by_id(Organisation, organisation_id)
