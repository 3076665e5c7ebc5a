from ..api.loaders import Loader
from ..auth.authorization import authorize
from . import store


class TransferAgreementById(Loader):
    """No authorization: reached through a shipment the user may read."""

    fetch = staticmethod(store.transfer_agreements_by_id)


def _authorized_agreement_bases(keys: list[tuple[int, bool]]) -> dict:
    found = store.bases_of_agreements(keys)
    # One check for the whole batch: base:read in any base of any agreement in it.
    # Upstream lists all source bases of the batch, then all target bases.
    base_ids = [base.id for side in (0, 1) for sides in found.values() for base in sides[side]]
    authorize(permission="base:read", base_ids=base_ids)
    return found


class BasesOfTransferAgreement(Loader):
    """Key: (agreement id, include deleted); value: (source bases, target bases)."""

    fetch = staticmethod(_authorized_agreement_bases)
