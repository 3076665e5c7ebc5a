from ..api.loaders import ListLoader
from ..auth.authorization import authorized_bases_filter
from . import store


def _readable_tags_of_beneficiaries(beneficiary_ids: list[int]) -> dict:
    # As Box.tags: tags of bases the user may not read are left out.
    return store.tags_of_beneficiaries(
        beneficiary_ids, authorized_bases_filter(permission="tag:read")
    )


class TagsOfBeneficiary(ListLoader):
    fetch = staticmethod(_readable_tags_of_beneficiaries)
