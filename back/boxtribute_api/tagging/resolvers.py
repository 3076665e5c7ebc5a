from ariadne import ObjectType

from ..api.rootfields import resolved_later_by_the_original
from ..auth.authorization import authorize
from .loaders import TaggedResourcesOfTag

tag_type = ObjectType("Tag")

# Fields the original resolves through its DataLoaders (see api/rootfields.py).
resolved_later_by_the_original("Tag", "taggedResources")


@tag_type.field("taggedResources")
def resolve_tag_tagged_resources(tag, info):
    authorize(permission="tag_relation:read")
    return TaggedResourcesOfTag.of(info).load(tag.id)


bindables = [tag_type]
