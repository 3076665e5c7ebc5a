"""Who may read a base's statistics: the facts the cross-organisation rule needs
(a base's organisation; an accepted agreement between the user's bases and it)."""

from __future__ import annotations

from collections.abc import Collection

from ..auth.authorization import authorize_cross_organisation_access
from .cube import placeholders, rows


def base_organisation_id(base_id) -> int | None:
    found = rows("SELECT organisation_id FROM camps WHERE id = %s", (base_id,))
    return found[0]["organisation_id"] if found else None


def accepted_agreement_exists(user_base_ids: Collection[int], base_id) -> bool:
    """An Accepted transfer agreement with a detail from one of the user's bases to the
    base, or from the base to one of the user's."""
    ids = sorted(user_base_ids)
    marks = placeholders(ids)
    return bool(
        rows(
            "SELECT 1 FROM transfer_agreement_detail d"
            " JOIN transfer_agreement a ON a.id = d.transfer_agreement_id AND a.state = 'Accepted'"
            f" WHERE (d.source_base_id IN ({marks}) AND d.target_base_id = %s)"
            f" OR (d.source_base_id = %s AND d.target_base_id IN ({marks})) LIMIT 1",
            (*ids, base_id, base_id, *ids),
        )
    )


def authorize_reading(*resources: str, base_id: int, user) -> None:
    """Read access to `resources` of the base, also of another organisation's base
    linked by an accepted agreement (raises Forbidden). Runs on a DB thread."""
    authorize_cross_organisation_access(
        *resources,
        base_id=base_id,
        base_organisation_id=base_organisation_id,
        accepted_agreement_exists=accepted_agreement_exists,
        user=user,
    )
