from ariadne import ObjectType

from ..auth.authorization import authorize
from .loaders import TaggedResourcesOfTag, TagsOfBeneficiary

tag_type = ObjectType("Tag")
beneficiary_type = ObjectType("Beneficiary")


# Tag.taggedResources needs boxes and beneficiaries, above the tag domain: bound here.
@tag_type.field("taggedResources")
def resolve_tag_tagged_resources(tag, info):
    authorize(permission="tag_relation:read")
    return TaggedResourcesOfTag.of(info).load(tag.id)


@beneficiary_type.field("tags")
def resolve_beneficiary_tags(beneficiary, info):
    return TagsOfBeneficiary.of(info).load(beneficiary.id)


bindables = [tag_type, beneficiary_type]
