"""Data access for transfer agreements: plain synchronous peewee functions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..base.models import Base
from ..db.queries import row_by_id
from .models import TransferAgreement, TransferAgreementDetail


def transfer_agreement_by_id(agreement_id: int) -> TransferAgreement | None:
    return row_by_id(TransferAgreement, agreement_id)


def transfer_agreements_by_id(ids: list[int]) -> dict[int, TransferAgreement]:
    query = TransferAgreement.select().where(TransferAgreement.id.in_(ids))
    return {agreement.id: agreement for agreement in query}


def involved_base_ids(agreement_id: int) -> list[int]:
    """The agreement's distinct source bases, then its distinct target bases (a base on
    both sides appears twice), each by id. Details without base contribute nothing."""
    base_ids: list[int] = []
    for side in (TransferAgreementDetail.source_base, TransferAgreementDetail.target_base):
        query = (
            TransferAgreementDetail.select(side.alias("base_id"))
            .where(TransferAgreementDetail.transfer_agreement == agreement_id, side.is_null(False))
            .distinct()
            .order_by(side)
            .tuples()
        )
        base_ids.extend(base_id for (base_id,) in query)
    return base_ids


def transfer_agreement_with_involved_bases(
    agreement_id: int,
) -> tuple[TransferAgreement, list[int]] | None:
    agreement = transfer_agreement_by_id(agreement_id)
    if agreement is None:
        return None
    return agreement, involved_base_ids(agreement.id)


def transfer_agreements(
    base_ids: Iterable[int] | None, states: list[str] | None = None
) -> list[TransferAgreement]:
    """Agreements with a detail naming one of `base_ids` (any base when None) as source
    or target, in any of `states` (all states when None or empty), by id."""
    query = TransferAgreement.select().join(
        TransferAgreementDetail,
        on=TransferAgreementDetail.transfer_agreement == TransferAgreement.id,
    )
    if states:
        query = query.where(TransferAgreement.state.in_(states))
    if base_ids is not None:
        ids = list(base_ids)
        query = query.where(
            TransferAgreementDetail.source_base.in_(ids)
            | TransferAgreementDetail.target_base.in_(ids)
        )
    return list(query.distinct().order_by(TransferAgreement.id))


def bases_of_agreements(
    keys: list[tuple[int, bool]],
) -> dict[tuple[int, bool], tuple[list[Base], list[Base]]]:
    """Loader batch: (agreement id, include deleted bases) -> (source bases, target
    bases) named by the agreement's details, each distinct and by id."""
    found: dict[tuple[int, bool], tuple[list[Base], list[Base]]] = {}
    for include_deleted in {deleted for _, deleted in keys}:
        agreement_ids = [agreement for agreement, deleted in keys if deleted == include_deleted]
        query = (
            Base.select(
                Base,
                TransferAgreementDetail.transfer_agreement.alias("agreement_id"),
                TransferAgreementDetail.source_base.alias("detail_source_base_id"),
                TransferAgreementDetail.target_base.alias("detail_target_base_id"),
            )
            .join(
                TransferAgreementDetail,
                on=(TransferAgreementDetail.source_base == Base.id)
                | (TransferAgreementDetail.target_base == Base.id),
            )
            .where(TransferAgreementDetail.transfer_agreement.in_(agreement_ids))
            .order_by(Base.id)
            .objects()
        )
        if not include_deleted:
            query = query.where(Base.deleted_on.is_unset())
        sides: dict[int, tuple[dict[int, Base], dict[int, Base]]] = defaultdict(lambda: ({}, {}))
        for base in query:
            source, target = sides[base.agreement_id]
            if base.detail_source_base_id == base.id:
                source.setdefault(base.id, base)
            if base.detail_target_base_id == base.id:
                target.setdefault(base.id, base)
        for agreement_id in agreement_ids:
            source, target = sides.get(agreement_id, ({}, {}))
            found[(agreement_id, include_deleted)] = (list(source.values()), list(target.values()))
    return found
