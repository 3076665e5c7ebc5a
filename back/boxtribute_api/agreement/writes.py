"""Writing transfer agreements: creating one, and accepting, rejecting or canceling it.

Plain synchronous functions, each run by its resolver as ONE transaction
(offload_transaction). An agreement that changes state is locked first
(SELECT ... FOR UPDATE), so two users answering the same agreement at once
serialize: the second one finds the state the first one left and is told it no
longer allows the action.

As the original: no history rows are written for agreements; validity dates come in
the user's time zone and are stored as UTC (valid from at the start of its day, valid
until at the end of its day); an agreement names every pair of its source and target
bases in transfer_agreement_detail.

Authorization needing the agreement's bases happens here, on the locked row:
accepting or rejecting needs transfer_agreement:edit in every base of the receiving
side (the source side for ReceivingFrom agreements), canceling in every base of
either side.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Any

from peewee import SQL

from ..auth.authorization import authorize
from ..base.models import Base
from ..errors import Forbidden, ResourceNotFound
from ..history.recorder import utc_now
from .errors import (
    DuplicateTransferAgreement,
    InvalidTransferAgreementBase,
    InvalidTransferAgreementDates,
    InvalidTransferAgreementOrganisation,
    InvalidTransferAgreementState,
    NoActivePartnerBases,
)
from .models import TransferAgreement, TransferAgreementDetail

UNDER_REVIEW = "UnderReview"
ACCEPTED = "Accepted"
REJECTED = "Rejected"
CANCELED = "Canceled"
RECEIVING_FROM = "ReceivingFrom"
BIDIRECTIONAL = "Bidirectional"

# States in which an agreement counts when looking for an identical one.
_LIVE_STATES = (UNDER_REVIEW, ACCEPTED)


def has_id(field, value: Any):
    """`field == value` for an ID argument, compared by the database as the original
    does: a string is sent as it is, and MySQL reads its leading number ("5abc" is 5,
    "abc" is 0 and names no row)."""
    return field == SQL("%s", [str(value)])


# --- createTransferAgreement -----------------------------------------------------------


def active_base_ids(organisation_id: int) -> list[int]:
    """The organisation's bases that are not deleted, by id."""
    query = (
        Base.select(Base.id)
        .where(Base.organisation == organisation_id, Base.deleted_on.is_null())
        .order_by(Base.id)
        .tuples()
    )
    return [base_id for (base_id,) in query]


def _utc_bounds(
    valid_from: datetime.date | None,
    valid_until: datetime.date | None,
    timezone: str | None,
    now: datetime.datetime,
) -> tuple[datetime.datetime, datetime.datetime | None]:
    """The validity as naive UTC datetimes: from the start of the first day (default:
    now), until the last second of the last day, both days in the user's time zone."""
    zone = zoneinfo.ZoneInfo(timezone or "UTC")

    def utc(day: datetime.date, at: datetime.time) -> datetime.datetime:
        local = datetime.datetime.combine(day, at, tzinfo=zone)
        return local.astimezone(datetime.UTC).replace(tzinfo=None)

    start = utc(valid_from, datetime.time()) if valid_from is not None else now
    end = utc(valid_until, datetime.time(23, 59, 59)) if valid_until is not None else None
    return start, end


def _check_bases_of_organisation(base_ids: set[int], organisation_id: int) -> None:
    expected = active_base_ids(organisation_id)
    for base_id in base_ids:  # set order, as the original reports the first outsider
        if base_id not in expected:
            raise InvalidTransferAgreementBase(base_id=base_id, expected_base_ids=expected)


def _check_unique(
    organisation_ids: set[int],
    base_ids: set[int],
    valid_from: datetime.datetime,
    valid_until: datetime.datetime | None,
) -> None:
    """No live agreement between the two organisations may already cover all the
    bases for the whole period (started earlier, ending later or never)."""
    agreements = (
        TransferAgreement.select()
        .where(
            TransferAgreement.source_organisation.in_(sorted(organisation_ids)),
            TransferAgreement.target_organisation.in_(sorted(organisation_ids)),
            TransferAgreement.state.in_(_LIVE_STATES),
            TransferAgreement.valid_from <= valid_from,
        )
        .order_by(TransferAgreement.id)
    )
    agreements = list(agreements)
    if not agreements:
        return
    covered: dict[int, set[int]] = {agreement.id: set() for agreement in agreements}
    details = TransferAgreementDetail.select(
        TransferAgreementDetail.transfer_agreement,
        TransferAgreementDetail.source_base,
        TransferAgreementDetail.target_base,
    ).where(TransferAgreementDetail.transfer_agreement.in_(list(covered)))
    for agreement_id, source, target in details.tuples():
        covered[agreement_id].update(b for b in (source, target) if b is not None)
    for agreement in agreements:
        parties = {agreement.source_organisation_id, agreement.target_organisation_id}
        ends_later = agreement.valid_until is None or (
            valid_until is None or valid_until <= agreement.valid_until
        )
        if (
            covered[agreement.id]  # an agreement without details names no base
            and organisation_ids <= parties
            and base_ids <= covered[agreement.id]
            and valid_from >= agreement.valid_from
            and ends_later
        ):
            raise DuplicateTransferAgreement(agreement_id=agreement.id)


def create_transfer_agreement(
    creation_input: Mapping[str, Any], *, user_id: int, timezone: str | None
) -> TransferAgreement:
    """createTransferAgreement, after the resolver checked transfer_agreement:create
    in every initiating base."""
    initiating = creation_input["initiating_organisation_id"]
    partner = creation_input["partner_organisation_id"]
    if initiating == partner:
        raise InvalidTransferAgreementOrganisation()

    now = utc_now()
    valid_from, valid_until = _utc_bounds(
        creation_input.get("valid_from"), creation_input.get("valid_until"), timezone, now
    )
    if valid_until is not None and valid_from.date() >= valid_until.date():
        raise InvalidTransferAgreementDates()

    # Sets, as the original: their order decides which base an error names and the
    # order of the detail rows.
    initiating_bases = set(creation_input["initiating_organisation_base_ids"])
    partner_base_ids = creation_input.get("partner_organisation_base_ids")
    partner_bases = set(active_base_ids(partner) if partner_base_ids is None else partner_base_ids)
    if not partner_bases:
        raise NoActivePartnerBases()

    _check_unique({initiating, partner}, initiating_bases | partner_bases, valid_from, valid_until)

    if creation_input["type"] == RECEIVING_FROM:
        source, target, source_bases, target_bases = (
            partner,
            initiating,
            partner_bases,
            initiating_bases,
        )
    else:
        source, target, source_bases, target_bases = (
            initiating,
            partner,
            initiating_bases,
            partner_bases,
        )
    _check_bases_of_organisation(source_bases, source)
    _check_bases_of_organisation(target_bases, target)

    agreement_id = TransferAgreement.insert(
        source_organisation=source,
        target_organisation=target,
        state=UNDER_REVIEW,
        type=creation_input["type"],
        valid_from=valid_from,
        valid_until=valid_until,
        requested_on=now,
        requested_by=user_id,
        comment=creation_input.get("comment"),
    ).execute()
    details = [
        {"transfer_agreement": agreement_id, "source_base": s, "target_base": t}
        for s in source_bases
        for t in target_bases
    ]
    if details:
        TransferAgreementDetail.insert_many(details).execute()
    return TransferAgreement.get_by_id(agreement_id)


# --- accept, reject, cancel --------------------------------------------------------------


def _lock_agreement(agreement_id: Any) -> TransferAgreement:
    agreement = (
        TransferAgreement.select()
        .where(has_id(TransferAgreement.id, agreement_id))
        .for_update()
        .first()
    )
    if agreement is None:
        raise ResourceNotFound()
    return agreement


def bases_of_side(agreement_id: int, side: str) -> list[int]:
    """The distinct bases on one side ("source"/"target") of the agreement, by id."""
    column = getattr(TransferAgreementDetail, f"{side}_base")
    query = (
        Base.select(Base.id)
        .join(TransferAgreementDetail, on=column == Base.id)
        .where(TransferAgreementDetail.transfer_agreement == agreement_id)
        .distinct()
        .order_by(Base.id)
        .tuples()
    )
    return [base_id for (base_id,) in query]


def _authorize_in_all(base_ids: Iterable[int]) -> None:
    for base_id in base_ids:
        authorize(permission="transfer_agreement:edit", base_id=base_id)


def _answering_side(agreement: TransferAgreement) -> str:
    """The side that accepts or rejects: the one the request was made to."""
    return "source" if agreement.type == RECEIVING_FROM else "target"


def _check_state(agreement: TransferAgreement, *expected: str) -> None:
    if agreement.state not in expected:
        raise InvalidTransferAgreementState(expected_states=expected, actual_state=agreement.state)


def _save(agreement: TransferAgreement, **changes: Any) -> TransferAgreement:
    TransferAgreement.update(**changes).where(TransferAgreement.id == agreement.id).execute()
    return TransferAgreement.get_by_id(agreement.id)


def accept_transfer_agreement(agreement_id: Any, *, user_id: int) -> TransferAgreement:
    agreement = _lock_agreement(agreement_id)
    _authorize_in_all(bases_of_side(agreement.id, _answering_side(agreement)))
    _check_state(agreement, UNDER_REVIEW)
    return _save(agreement, state=ACCEPTED, accepted_by=user_id, accepted_on=utc_now())


def reject_transfer_agreement(agreement_id: Any, *, user_id: int) -> TransferAgreement:
    agreement = _lock_agreement(agreement_id)
    _authorize_in_all(bases_of_side(agreement.id, _answering_side(agreement)))
    _check_state(agreement, UNDER_REVIEW)
    return _save(agreement, state=REJECTED, terminated_by=user_id, terminated_on=utc_now())


def cancel_transfer_agreement(agreement_id: Any, *, user_id: int) -> TransferAgreement:
    """Either side may cancel; its shipments stay as they are."""
    agreement = _lock_agreement(agreement_id)
    try:
        _authorize_in_all(bases_of_side(agreement.id, "source"))
    except Forbidden:
        _authorize_in_all(bases_of_side(agreement.id, "target"))
    _check_state(agreement, UNDER_REVIEW, ACCEPTED)
    return _save(agreement, state=CANCELED, terminated_by=user_id, terminated_on=utc_now())
