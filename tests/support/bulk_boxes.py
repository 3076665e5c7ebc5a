"""Changing many boxes at once (deleteBoxes, moveBoxesToLocation, assignTagsToBoxes,
unassignTagsFromBoxes): their documents and the demo world's rows they change.

What the original does, and so must we: boxes that cannot be changed do not fail
the request but are listed in `invalidBoxLabelIdentifiers`; moves and deletions
leave one history row per box and change; tags are recorded in tags_relations
(soft-deleted when taken off); authorization is per base; a failure leaves nothing
behind; the work is set-based. Each test takes boxes no other test of its module
uses (the `fresh_boxes` fixture)."""

from __future__ import annotations

from boxtribute_api.box.models import Box
from boxtribute_api.db.routing import connection_scope
from boxtribute_api.history.models import HistoryEntry
from boxtribute_api.location.models import Location
from boxtribute_api.tag.models import Tag, TagsRelation

DELETE = """
mutation ($labels: [String!]!) {
  deleteBoxes(labelIdentifiers: $labels) {
    __typename
    ... on BoxesResult {
      updatedBoxes { labelIdentifier deletedOn lastModifiedOn }
      invalidBoxLabelIdentifiers
    }
    ... on InsufficientPermissionError { name }
  }
}"""

MOVE = """
mutation ($labels: [String!]!, $locationId: Int!) {
  moveBoxesToLocation(updateInput: {labelIdentifiers: $labels, locationId: $locationId}) {
    __typename
    ... on BoxesResult {
      updatedBoxes {
        labelIdentifier state location { id } lastModifiedOn lastModifiedBy { id }
      }
      invalidBoxLabelIdentifiers
    }
    ... on InsufficientPermissionError { name }
    ... on ResourceDoesNotExistError { name missingId: id }
    ... on UnauthorizedForBaseError { id name organisationName }
    ... on DeletedLocationError { name }
  }
}"""

TAGS_FIELDS = """
    updatedBoxes { labelIdentifier tags { id } lastModifiedOn lastModifiedBy { id } }
    invalidBoxLabelIdentifiers
    tagErrorInfo {
      id
      error {
        __typename
        ... on InsufficientPermissionError { name }
        ... on ResourceDoesNotExistError { name missingId: id }
        ... on UnauthorizedForBaseError { id name }
        ... on TagTypeMismatchError { expectedType }
        ... on DeletedTagError { name }
      }
    }
"""
ASSIGN = (
    "mutation ($labels: [String!]!, $tagIds: [Int!]!) {"
    " assignTagsToBoxes(updateInput: {labelIdentifiers: $labels, tagIds: $tagIds}) {"
    + TAGS_FIELDS
    + "} }"
)
UNASSIGN = (
    "mutation ($labels: [String!]!, $tagIds: [Int!]!) {"
    " unassignTagsFromBoxes(updateInput: {labelIdentifiers: $labels, tagIds: $tagIds}) {"
    + TAGS_FIELDS
    + "} }"
)


# --- the demo world's rows ------------------------------------------------------------


def rows(query) -> list:
    with connection_scope():
        return list(query)


def boxes_where(*conditions) -> list[Box]:
    return rows(
        Box.select(Box, Location.base.alias("base_id"))
        .join(Location, on=Box.location == Location.id)
        .where(*conditions)
        .order_by(Box.id)
        .objects()
    )


def box_row(label: str) -> Box:
    return boxes_where(Box.label_identifier == label)[0]


def location(base_id: int, name: str) -> Location:
    return rows(Location.select().where(Location.base == base_id, Location.name == name))[0]


def tags_of_base(base_id: int, tag_type: str, *, deleted: bool = False) -> list[Tag]:
    deletion = Tag.deleted_on.is_null(False) if deleted else Tag.deleted_on.is_null()
    return rows(
        Tag.select().where(Tag.base == base_id, Tag.type == tag_type, deletion).order_by(Tag.id)
    )


def history_of(box_ids, since_id: int) -> list[HistoryEntry]:
    return rows(
        HistoryEntry.select()
        .where(
            HistoryEntry.table_name == "stock",
            HistoryEntry.record_id.in_(list(box_ids)),
            HistoryEntry.id > since_id,
        )
        .order_by(HistoryEntry.id)
    )


def last_history_id() -> int:
    with connection_scope():
        return HistoryEntry.select(HistoryEntry.id).order_by(HistoryEntry.id.desc()).scalar() or 0


def live_tag_ids(box_id: int) -> list[int]:
    return sorted(
        r.tag_id
        for r in rows(
            TagsRelation.select().where(
                TagsRelation.object_type == "Stock",
                TagsRelation.object_id == box_id,
                TagsRelation.deleted_on.is_null(),
            )
        )
    )


def labels(boxes) -> list[str]:
    return [box.label_identifier for box in boxes]
