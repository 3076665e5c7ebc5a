"""Documents of our own, for behaviour the frontend's documents cannot reach.

The Boxes view only sends `paginationInput: {first: $n}`; cursor pagination
(after/last/before) and the page info are asked for here. Tag mutations the
frontend does not send as such (deleteTag, assignTag, unassignTag) are part of the
same API and checked the same way. Names start with "Extra" so they never clash with
a frontend operation.
"""

from __future__ import annotations

_BOX_FIELDS = """
      id
      labelIdentifier
      state
      numberOfItems
      lastModifiedOn
      location { id }
      product { id }
      tags { id }
"""

EXTRA: dict[str, tuple[str, str]] = {
    "ExtraBoxesPage": (
        "query",
        """query ExtraBoxesPage($baseId: ID!, $paginationInput: PaginationInput, \
$filterInput: FilterBoxInput) {
  boxes(baseId: $baseId, paginationInput: $paginationInput, filterInput: $filterInput) {
    totalCount
    pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
    elements {"""
        + _BOX_FIELDS
        + """    }
  }
}
""",
    ),
    "ExtraDeleteTag": (
        "mutation",
        """mutation ExtraDeleteTag($id: ID!) {
  deleteTag(id: $id) {
    __typename
    ... on Tag { id name deletedOn taggedResources { __typename ... on Box { id } } }
    ... on ResourceDoesNotExistError { missingId: id name }
    ... on InsufficientPermissionError { name }
    ... on UnauthorizedForBaseError { id name organisationName }
  }
}
""",
    ),
    "ExtraAssignTag": (
        "mutation",
        """mutation ExtraAssignTag($input: TagOperationInput) {
  assignTag(assignmentInput: $input) {
    __typename
    ... on Box { id labelIdentifier tags { id } lastModifiedOn lastModifiedBy { id } }
    ... on Beneficiary { id tags { id } lastModifiedOn }
  }
}
""",
    ),
    "ExtraUnassignTag": (
        "mutation",
        """mutation ExtraUnassignTag($input: TagOperationInput) {
  unassignTag(unassignmentInput: $input) {
    __typename
    ... on Box { id labelIdentifier tags { id } lastModifiedOn lastModifiedBy { id } }
    ... on Beneficiary { id tags { id } lastModifiedOn }
  }
}
""",
    ),
}
