from ariadne import ObjectType

from ..api.rootfields import resolved_later_by_the_original
from .loaders import TagsOfBeneficiary

beneficiary_type = ObjectType("Beneficiary")

# Fields the original resolves through its DataLoaders (see api/rootfields.py).
resolved_later_by_the_original("Beneficiary", "createdBy", "lastModifiedBy")
resolved_later_by_the_original("Beneficiary", "base", checks_first=True)


@beneficiary_type.field("tags")
def resolve_beneficiary_tags(beneficiary, info):
    return TagsOfBeneficiary.of(info).load(beneficiary.id)


bindables = [beneficiary_type]
