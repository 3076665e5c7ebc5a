"""Tag mutations on the demo world: their documents, and the tags, relations and
history rows they read and write."""

from __future__ import annotations

import datetime

from boxtribute_api.beneficiary.models import Beneficiary
from boxtribute_api.box.models import Box
from boxtribute_api.db.routing import connection_scope
from boxtribute_api.location.models import Location
from boxtribute_api.tag.models import Tag, TagsRelation
from support.history import history_rows

TAG_FIELDS = "id name description color type deletedOn createdOn lastModifiedOn"

CREATE = f"""mutation($input: TagCreationInput) {{ createTag(creationInput: $input) {{
    __typename
    ... on Tag {{ {TAG_FIELDS} base {{ id }} createdBy {{ id }} lastModifiedBy {{ id }} }}
    ... on InvalidColorError {{ invalidColor: color }}
    ... on InsufficientPermissionError {{ name }}
    ... on UnauthorizedForBaseError {{ id name organisationName }}
}} }}"""

UPDATE = f"""mutation($input: TagUpdateInput) {{ updateTag(updateInput: $input) {{
    __typename
    ... on Tag {{ {TAG_FIELDS} lastModifiedBy {{ id }}
        taggedResources {{ __typename ... on Box {{ id }} ... on Beneficiary {{ id }} }} }}
    ... on InvalidColorError {{ invalidColor: color }}
    ... on DeletedTagError {{ name }}
    ... on ResourceDoesNotExistError {{ missingId: id name }}
    ... on InsufficientPermissionError {{ name }}
    ... on UnauthorizedForBaseError {{ id name }}
}} }}"""

DELETE = f"""mutation($id: ID!) {{ deleteTag(id: $id) {{
    __typename
    ... on Tag {{ {TAG_FIELDS}
        taggedResources {{ __typename ... on Box {{ id }} ... on Beneficiary {{ id }} }} }}
    ... on ResourceDoesNotExistError {{ missingId: id name }}
    ... on InsufficientPermissionError {{ name }}
    ... on UnauthorizedForBaseError {{ id name }}
}} }}"""

DELETE_MANY = """mutation($ids: [Int!]!) { deleteTags(ids: $ids) {
    __typename
    ... on TagsResult { updatedTags { id deletedOn } invalidTagIds }
    ... on InsufficientPermissionError { name }
} }"""

ASSIGN = """mutation($input: TagOperationInput) { assignTag(assignmentInput: $input) {
    __typename
    ... on Box { id tags { id } lastModifiedOn lastModifiedBy { id } }
    ... on Beneficiary { id tags { id } lastModifiedOn }
} }"""

UNASSIGN = """mutation($input: TagOperationInput) { unassignTag(unassignmentInput: $input) {
    __typename
    ... on Box { id tags { id } lastModifiedOn }
    ... on Beneficiary { id tags { id } }
} }"""


# --- helpers ----------------------------------------------------------------------------------


def new_tag(base_id: int = 1, tag_type: str = "All", **values) -> Tag:
    """A tag row of our own (not via the API), created long ago by user 8."""
    past = datetime.datetime(2024, 1, 2, 3, 4, 5)
    fields = dict(
        name="a tag",
        color="#123456",
        base=base_id,
        type=tag_type,
        description="described",
        created_on=past,
        created_by=8,
        last_modified_on=past,
        last_modified_by=8,
    )
    fields.update(values)
    with connection_scope():
        return Tag.create(**fields)


def tag(tag_id) -> Tag:
    with connection_scope():
        return Tag.get_by_id(int(tag_id))


def tag_history(tag_id) -> list[tuple]:
    return history_rows("tags", tag_id, "changes", "user", "from_int", "to_int", "change_date")


def relations_of(tag_id) -> list[TagsRelation]:
    with connection_scope():
        return list(
            TagsRelation.select().where(TagsRelation.tag == int(tag_id)).order_by(TagsRelation.id)
        )


def boxes_of_base(base_id: int, count: int = 2) -> list[Box]:
    with connection_scope():
        return list(
            Box.select()
            .join(Location, on=Box.location == Location.id)
            .where(Location.base == base_id, Box.deleted_on.is_unset())
            .order_by(Box.id)
            .limit(count)
        )


def beneficiaries_of_base(base_id: int, count: int = 1) -> list[Beneficiary]:
    with connection_scope():
        return list(
            Beneficiary.select()
            .where(Beneficiary.base == base_id)
            .order_by(Beneficiary.id)
            .limit(count)
        )


def relate(tag_row: Tag, object_type: str, object_id: int) -> None:
    with connection_scope():
        TagsRelation.create(
            tag=tag_row.id,
            object_type=object_type,
            object_id=object_id,
            created_on=datetime.datetime(2024, 2, 1),
            created_by=8,
        )


def live_objects(tag_id) -> list[tuple[str, int]]:
    return [(r.object_type, r.object_id) for r in relations_of(tag_id) if r.deleted_on is None]


def recent(moment) -> bool:
    if isinstance(moment, str):
        moment = datetime.datetime.fromisoformat(moment).replace(tzinfo=None)
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None)
    return abs(now - moment) < datetime.timedelta(minutes=2)


def tag_count() -> int:
    with connection_scope():
        return Tag.select().count()


def assign_input(tag_row, resource_id, resource_type="Box") -> dict:
    return {"input": {"id": tag_row.id, "resourceId": resource_id, "resourceType": resource_type}}
