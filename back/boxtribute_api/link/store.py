"""Data access for shareable links (table shareable_link)."""

from __future__ import annotations

from peewee import JOIN

from ..base.models import Base
from ..organisation.models import Organisation
from .models import ShareableLink


def link_by_code(code: str) -> ShareableLink | None:
    """The link with this code, its base's and organisation's names attached
    (`base_name`, `organisation_name`: None when the base is gone)."""
    return (
        ShareableLink.select(
            ShareableLink,
            Base.name.alias("base_name"),
            Organisation.name.alias("organisation_name"),
        )
        .join(Base, on=ShareableLink.base == Base.id, join_type=JOIN.LEFT_OUTER)
        .join(Organisation, on=Base.organisation == Organisation.id, join_type=JOIN.LEFT_OUTER)
        .where(ShareableLink.code == code)
        .objects()
        .first()
    )
