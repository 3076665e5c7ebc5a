"""Documents of our own, for behaviour the frontend's documents cannot reach.

The Boxes view only sends `paginationInput: {first: $n}`; cursor pagination
(after/last/before) and the page info are asked for here. Tag mutations the
frontend does not send as such (deleteTag, assignTag, unassignTag) are part of the
same API and checked the same way, and so are the beneficiary queries and mutations
that partners' scripts send. Names start with "Extra" so they never clash with a
frontend operation.
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

# Every field of a beneficiary but `age`, which changes with the calendar.
_BENEFICIARY_FIELDS = """
      id
      firstName
      lastName
      dateOfBirth
      comment
      groupIdentifier
      gender
      languages
      active
      isVolunteer
      signed
      registered
      phoneNumber
      signature
      dateOfSignature
      createdOn
      createdBy { id }
      lastModifiedOn
      lastModifiedBy { id }
      base { id }
      familyHead { id firstName }
      tags { id }
      tokens
      transactions {
        id count tokens description createdOn
        product { id } createdBy { id } beneficiary { id }
      }
"""

_BENEFICIARY_PAGE = """
    totalCount
    pageInfo { hasPreviousPage hasNextPage startCursor endCursor }
    elements {
      id firstName lastName groupIdentifier comment active registered isVolunteer
      createdOn base { id }
    }
"""

_CREATE_BENEFICIARIES_RESULT = """
    __typename
    ... on BeneficiariesResult {
      results {
        __typename
        ... on Beneficiary {"""
_CREATE_BENEFICIARIES_RESULT += (
    _BENEFICIARY_FIELDS
    + """        }
        ... on ResourceDoesNotExistError { missingId: id name }
      }
    }
    ... on InsufficientPermissionError { name }
    ... on UnauthorizedForBaseError { id name organisationName }
    ... on DeletedBaseError { name }
    ... on ResourceDoesNotExistError { missingId: id name }
"""
)

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
    "ExtraUnassignBoxesFromTwoShipments": (
        "mutation",
        # As the frontend builds it at runtime (dynamic-mutations.ts) for two shipments.
        """mutation ExtraUnassignBoxesFromTwoShipments($shipment0: ID!, \
$labelIdentifiers0: [String!]!, $shipment1: ID!, $labelIdentifiers1: [String!]!) {
  unassignBoxesFromShipment5: updateShipmentWhenPreparing(
    updateInput: {
      id: $shipment0
      preparedBoxLabelIdentifiers: []
      removedBoxLabelIdentifiers: $labelIdentifiers0
    }
  ) {
    id
    details { id removedOn removedBy { id __typename } box { labelIdentifier state \
shipmentDetail { id __typename } lastModifiedOn lastModifiedBy { id name __typename } \
__typename } __typename }
    __typename
  }
  unassignBoxesFromShipment7: updateShipmentWhenPreparing(
    updateInput: {
      id: $shipment1
      preparedBoxLabelIdentifiers: []
      removedBoxLabelIdentifiers: $labelIdentifiers1
    }
  ) {
    id
    details { id removedOn removedBy { id __typename } box { labelIdentifier state \
shipmentDetail { id __typename } lastModifiedOn lastModifiedBy { id name __typename } \
__typename } __typename }
    __typename
  }
}
""",
    ),
    "ExtraMoveNotDeliveredBoxesInStock": (
        "mutation",
        """mutation ExtraMoveNotDeliveredBoxesInStock($boxIds: [String!]!) {
  moveNotDeliveredBoxesInStock(boxIds: $boxIds) {
    id
    state
    completedOn
    completedBy { id }
    details {
      id
      lostOn
      lostBy { id }
      removedOn
      removedBy { id }
      box { labelIdentifier state lastModifiedOn }
    }
  }
}
""",
    ),
    "ExtraChangeShipmentTargetBase": (
        "mutation",
        """mutation ExtraChangeShipmentTargetBase($id: ID!, $targetBaseId: Int, \
$labelIdentifiers: [String!]) {
  updateShipmentWhenPreparing(
    updateInput: {id: $id, targetBaseId: $targetBaseId, preparedBoxLabelIdentifiers: \
$labelIdentifiers}
  ) {
    id
    labelIdentifier
    state
    sourceBase { id }
    targetBase { id }
    details { id box { labelIdentifier state } }
  }
}
""",
    ),
    "ExtraBeneficiary": (
        "query",
        """query ExtraBeneficiary($id: ID!) {
  beneficiary(id: $id) {"""
        + _BENEFICIARY_FIELDS
        + """  }
}
""",
    ),
    "ExtraBeneficiaries": (
        "query",
        """query ExtraBeneficiaries($paginationInput: PaginationInput, \
$filterInput: FilterBeneficiaryInput) {
  beneficiaries(paginationInput: $paginationInput, filterInput: $filterInput) {"""
        + _BENEFICIARY_PAGE
        + """  }
}
""",
    ),
    "ExtraBaseBeneficiaries": (
        "query",
        """query ExtraBaseBeneficiaries($baseId: ID!, $paginationInput: PaginationInput, \
$filterInput: FilterBeneficiaryInput) {
  base(id: $baseId) {
    id
    beneficiaries(paginationInput: $paginationInput, filterInput: $filterInput) {"""
        + _BENEFICIARY_PAGE
        + """    }
  }
}
""",
    ),
    "ExtraCreateBeneficiary": (
        "mutation",
        """mutation ExtraCreateBeneficiary($input: BeneficiaryCreationInput) {
  createBeneficiary(creationInput: $input) {"""
        + _BENEFICIARY_FIELDS
        + """  }
}
""",
    ),
    "ExtraCreateBeneficiaries": (
        "mutation",
        """mutation ExtraCreateBeneficiaries($input: BeneficiariesCreationInput) {
  createBeneficiaries(creationInput: $input) {"""
        + _CREATE_BENEFICIARIES_RESULT
        + """  }
}
""",
    ),
    "ExtraUpdateBeneficiary": (
        "mutation",
        """mutation ExtraUpdateBeneficiary($input: BeneficiaryUpdateInput) {
  updateBeneficiary(updateInput: $input) {"""
        + _BENEFICIARY_FIELDS
        + """  }
}
""",
    ),
    "ExtraDeactivateBeneficiary": (
        "mutation",
        """mutation ExtraDeactivateBeneficiary($id: ID!) {
  deactivateBeneficiary(id: $id) {"""
        + _BENEFICIARY_FIELDS
        + """  }
}
""",
    ),
    "ExtraMoveItemsFromReturnTrackingGroupToBox": (
        "mutation",
        # The frontend has no document for it; the return tracking page will.
        """mutation ExtraMoveItemsFromReturnTrackingGroupToBox($groupId: ID!, $productId: ID!, \
$sizeId: ID!, $numberOfItems: Int!, $targetBoxLabelIdentifier: ID!) {
  moveItemsFromReturnTrackingGroupToBox(
    distributionEventsTrackingGroupId: $groupId
    productId: $productId
    sizeId: $sizeId
    numberOfItems: $numberOfItems
    targetBoxLabelIdentifier: $targetBoxLabelIdentifier
  ) {
    id
    numberOfItems
    flowDirection
    product { id }
    size { id }
  }
}
""",
    ),
    "ExtraDistributionEventAllFields": (
        "query",
        """query ExtraDistributionEventAllFields($id: ID!) {
  distributionEvent(id: $id) {
    id name state plannedStartDateTime plannedEndDateTime
    distributionSpot { id name latitude longitude base { id } }
    packingListEntries {
      id numberOfItems state product { id } size { id }
      matchingPackedItemsCollections {
        __typename id numberOfItems product { id } size { id } location { id }
        distributionEvent { id }
        ... on Box { labelIdentifier state }
        ... on UnboxedItemsCollection { label }
      }
    }
    boxes { id labelIdentifier numberOfItems distributionEvent { id } }
    unboxedItemsCollections {
      id numberOfItems label product { id name } size { id } location { id }
      distributionEvent { id }
    }
    distributionEventsTrackingGroup {
      id state createdOn distributionEvents { id }
      distributionEventsTrackingEntries {
        id numberOfItems flowDirection product { id } size { id }
      }
    }
  }
}
""",
    ),
    "ExtraDistributionSpots": (
        "query",
        """query ExtraDistributionSpots {
  distributionSpots {
    id name latitude longitude base { id name }
    distributionEvents { id state distributionSpot { id } }
    boxes { totalCount }
  }
}
""",
    ),
    "ExtraPackingListEntry": (
        "query",
        """query ExtraPackingListEntry($id: ID!) {
  packingListEntry(id: $id) {
    id numberOfItems state product { id name } size { id label }
    matchingPackedItemsCollections { __typename numberOfItems }
  }
}
""",
    ),
    "ExtraDistributionSpotComment": (
        "query",
        """query ExtraDistributionSpotComment($id: ID!) {
  distributionSpot(id: $id) { id comment }
}
""",
    ),
    "ExtraCreateDistributionSpotAllFields": (
        "mutation",
        """mutation ExtraCreateDistributionSpotAllFields($baseId: Int!, $name: String, \
$comment: String!) {
  createDistributionSpot(creationInput: {baseId: $baseId, name: $name, comment: $comment}) {
    id name comment latitude longitude base { id } distributionEvents { id }
  }
}
""",
    ),
    "ExtraTrackingEntryFields": (
        "query",
        """query ExtraTrackingEntryFields($id: ID!) {
  distributionEventsTrackingGroup(id: $id) {
    id
    distributionEventsTrackingEntries { id dateTimeOfTracking }
    entries: distributionEventsTrackingEntries {
      id distributionEventsTrackingGroup { id }
    }
  }
}
""",
    ),
    "ExtraBaseDistributionLists": (
        "query",
        """query ExtraBaseDistributionLists($baseId: ID!) {
  base(id: $baseId) {
    distributionEventsBeforeReturnedFromDistributionState { id state }
    distributionEventsInReturnedFromDistributionState { id state }
    distributionEventsTrackingGroups { id state }
    completed: distributionEventsTrackingGroups(states: [Completed]) { id }
    distributionEvents(states: [Planning, Completed, ReturnTrackingInProgress]) { id state }
    distributionSpots { id name }
  }
}
""",
    ),
}

# The statistics queries' documents (extra_statistics.py).
from .extra_statistics import STATISTICS  # noqa: E402

EXTRA.update(STATISTICS)
