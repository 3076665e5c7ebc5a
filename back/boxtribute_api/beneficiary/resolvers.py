from ariadne import ObjectType

from .loaders import TagsOfBeneficiary

beneficiary_type = ObjectType("Beneficiary")


@beneficiary_type.field("tags")
def resolve_beneficiary_tags(beneficiary, info):
    return TagsOfBeneficiary.of(info).load(beneficiary.id)


bindables = [beneficiary_type]
