from ariadne import ObjectType

from ..auth.authorization import authorize
from .loaders import TaggedResourcesOfTag

tag_type = ObjectType("Tag")


@tag_type.field("taggedResources")
def resolve_tag_tagged_resources(tag, info):
    authorize(permission="tag_relation:read")
    return TaggedResourcesOfTag.of(info).load(tag.id)


bindables = [tag_type]
