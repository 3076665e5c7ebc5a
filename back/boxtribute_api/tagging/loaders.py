from ..api.loaders import ListLoader
from ..auth.authorization import authorized_bases_filter
from . import store


def _readable_tagged_resources(tag_ids: list[int]) -> dict:
    # Beneficiaries of bases the user may not read are left out; lacking
    # beneficiary:read altogether is FORBIDDEN (boxes are not filtered).
    base_ids = authorized_bases_filter(permission="beneficiary:read")
    return store.tagged_resources_of_tags(tag_ids, base_ids)


class TaggedResourcesOfTag(ListLoader):
    fetch = staticmethod(_readable_tagged_resources)
