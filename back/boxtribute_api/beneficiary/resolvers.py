from ariadne import ObjectType

from ..authz import authorize

tag_type = ObjectType("Tag")


# Tag.taggedResources needs boxes and beneficiaries, above the tag domain: bound here.
@tag_type.field("taggedResources")
def resolve_tag_tagged_resources(tag, info):
    authorize(permission="tag_relation:read")
    return info.context.loaders.tagged_resources_of_tag.load(tag.id)


bindables = [tag_type]
