"""Data access for bases (table camps)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..db.queries import row_by_id
from ..organisation.models import Organisation
from .models import Base


def _visible(query, include_deleted: bool):
    return query if include_deleted else query.where(Base.deleted_on.is_unset())


def bases(base_ids: Iterable[int] | None, include_deleted: bool = False) -> list[Base]:
    """The bases among `base_ids` (all bases when None), by id."""
    query = Base.select()
    if base_ids is not None:
        query = query.where(Base.id.in_(list(base_ids)))
    return list(_visible(query, include_deleted).order_by(Base.id))


def base_by_id(base_id: int) -> Base | None:
    return row_by_id(Base, base_id)


def bases_by_organisation(keys: list[tuple[int, bool]]) -> dict[tuple[int, bool], list[Base]]:
    """Loader batch: (organisation id, include deleted) -> the organisation's bases."""
    found: dict[tuple[int, bool], list[Base]] = defaultdict(list)
    for include_deleted in {deleted for _, deleted in keys}:
        ids = [org for org, deleted in keys if deleted == include_deleted]
        query = Base.select().where(Base.organisation.in_(ids))
        for base in _visible(query, include_deleted).order_by(Base.id):
            found[(base.organisation_id, include_deleted)].append(base)
    return found


def base_and_organisation_names(base_id: int) -> tuple[str, str] | None:
    """Names shown in UnauthorizedForBaseError."""
    row = (
        Base.select(Base.name, Organisation.name.alias("organisation_name"))
        .join(Organisation, on=Base.organisation == Organisation.id)
        .where(Base.id == base_id)
        .dicts()
        .first()
    )
    return (row["name"], row["organisation_name"]) if row else None
