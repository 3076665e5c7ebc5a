from ariadne import EnumType, ObjectType, QueryType

from ..api.rootfields import resolved_later_by_the_original
from ..auth.authorization import authorize, authorized_bases_filter
from ..db.offload import offload
from ..errors import ResourceNotFound
from ..organisation.loaders import OrganisationById
from ..user.loaders import UserById
from . import store
from .loaders import BasesOfTransferAgreement

query = QueryType()
transfer_agreement_type = ObjectType("TransferAgreement")

# The columns hold the enum names themselves.
AGREEMENT_STATES = ("UnderReview", "Accepted", "Rejected", "Canceled", "Expired")
AGREEMENT_TYPES = ("SendingTo", "ReceivingFrom", "Bidirectional")
agreement_state_enum = EnumType("TransferAgreementState", {s: s for s in AGREEMENT_STATES})
agreement_type_enum = EnumType("TransferAgreementType", {t: t for t in AGREEMENT_TYPES})

# Fields the original resolves through its DataLoaders (see api/rootfields.py).
resolved_later_by_the_original(
    "TransferAgreement",
    "sourceOrganisation",
    "targetOrganisation",
    "sourceBases",
    "targetBases",
    "requestedBy",
    "acceptedBy",
    "terminatedBy",
)


def load_optional(loader, key):
    """A null foreign key resolves to null without a look-up (nor its permission check)."""
    return None if key is None else loader.load(key)


@query.field("transferAgreement")
async def resolve_transfer_agreement(*_, id):
    # Existence is checked before permission, as upstream does.
    found = await offload(store.transfer_agreement_with_involved_bases, int(id))
    if found is None:
        raise ResourceNotFound()
    agreement, base_ids = found
    authorize(permission="transfer_agreement:read", base_ids=base_ids)
    return agreement


@query.field("transferAgreements")
async def resolve_transfer_agreements(*_, states=None):
    # Upstream filters by the detail rows' bases, hence the detail permission.
    base_ids = authorized_bases_filter(permission="transfer_agreement_detail:read")
    return await offload(store.transfer_agreements, base_ids, states)


@transfer_agreement_type.field("sourceOrganisation")
def resolve_source_organisation(agreement, info):
    return OrganisationById.of(info).load(agreement.source_organisation_id)


@transfer_agreement_type.field("targetOrganisation")
def resolve_target_organisation(agreement, info):
    return OrganisationById.of(info).load(agreement.target_organisation_id)


@transfer_agreement_type.field("requestedBy")
def resolve_requested_by(agreement, info):
    return load_optional(UserById.of(info), agreement.requested_by_id)


@transfer_agreement_type.field("acceptedBy")
def resolve_accepted_by(agreement, info):
    return load_optional(UserById.of(info), agreement.accepted_by_id)


@transfer_agreement_type.field("terminatedBy")
def resolve_terminated_by(agreement, info):
    return load_optional(UserById.of(info), agreement.terminated_by_id)


async def _agreement_bases(agreement, info, filter_input, side: int):
    include_deleted = bool((filter_input or {}).get("include_deleted"))
    sides = await BasesOfTransferAgreement.of(info).load((agreement.id, include_deleted))
    return sides[side]


@transfer_agreement_type.field("sourceBases")
def resolve_source_bases(agreement, info, filter_input=None):
    return _agreement_bases(agreement, info, filter_input, 0)


@transfer_agreement_type.field("targetBases")
def resolve_target_bases(agreement, info, filter_input=None):
    return _agreement_bases(agreement, info, filter_input, 1)


# TransferAgreement.shipments is bound by the shipment domain (it needs shipment data).
bindables = [query, transfer_agreement_type, agreement_state_enum, agreement_type_enum]
