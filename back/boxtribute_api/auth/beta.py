"""Beta levels: which mutations a user's level unlocks."""

from __future__ import annotations

from collections.abc import Iterable

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    parse,
)

from .user import CurrentUser, get_current_user

# --- beta levels ------------------------------------------------------------------------

# Each level adds app functionality (mutations) to the one before, as the original's
# table at the reference commit. Users whose level is not listed get
# DEFAULT_MAX_BETA_LEVEL. Queries are never gated.
DEFAULT_MAX_BETA_LEVEL = 5


def _beta_levels() -> dict[int, frozenset[str]]:
    levels: dict[int, tuple[str, ...]] = {0: ("updateBox",)}
    levels[1] = levels[0] + ("createBox", "createQrCode")
    levels[2] = levels[1] + (
        "createTransferAgreement",
        "acceptTransferAgreement",
        "rejectTransferAgreement",
        "cancelTransferAgreement",
        "createShipment",
        "updateShipmentWhenPreparing",
        "updateShipmentWhenReceiving",
        "cancelShipment",
        "sendShipment",
        "startReceivingShipment",
        "markShipmentAsLost",
        "moveNotDeliveredBoxesInStock",
    )
    levels[3] = levels[2] + (
        "deleteBoxes",
        "moveBoxesToLocation",
        "assignTagsToBoxes",
        "unassignTagsFromBoxes",
        "createShareableLink",
    )
    levels[4] = levels[3] + (
        "createCustomProduct",
        "editCustomProduct",
        "deleteProduct",
        "enableStandardProduct",
        "enableStandardProducts",
        "editStandardProductInstantiation",
        "disableStandardProduct",
    )
    levels[5] = levels[4] + (
        "createTag",
        "updateTag",
        "deleteTag",
        "deleteTags",
        "createBoxFromBox",
    )
    levels[6] = levels[5] + ("createBeneficiaries", "createBoxes")
    levels[7] = levels[6] + ("updateMarkedForShipmentBox",)
    levels[98] = levels[7] + (
        "createBeneficiary",
        "updateBeneficiary",
        "deactivateBeneficiary",
        "assignTag",
        "unassignTag",
    )
    levels[99] = levels[98] + (
        "createDistributionSpot",
        "createDistributionEvent",
        "addPackingListEntryToDistributionEvent",
        "removePackingListEntryFromDistributionEvent",
        "removeAllPackingListEntriesFromDistributionEventForProduct",
        "updatePackingListEntry",
        "updateSelectedProductsForDistributionEventPackingList",
        "changeDistributionEventState",
        "assignBoxToDistributionEvent",
        "unassignBoxFromDistributionEvent",
        "moveItemsFromBoxToDistributionEvent",
        "removeItemsFromUnboxedItemsCollection",
        "startDistributionEventsTrackingGroup",
        "setReturnedNumberOfItemsForDistributionEventsTrackingGroup",
        "moveItemsFromReturnTrackingGroupToBox",
        "completeDistributionEventsTrackingGroup",
    )
    return {level: frozenset(names) for level, names in levels.items()}


MUTATIONS_FOR_BETA_LEVEL = _beta_levels()
BETA_LEVEL_ERROR_MESSAGE = "Insufficient beta-level"


def allowed_mutations(beta_level: int) -> frozenset[str]:
    default = MUTATIONS_FOR_BETA_LEVEL[DEFAULT_MAX_BETA_LEVEL]
    return MUTATIONS_FOR_BETA_LEVEL.get(beta_level, default)


def _root_fields(
    selection_set: SelectionSetNode,
    fragments: dict[str, FragmentDefinitionNode],
    seen: frozenset[str] = frozenset(),
) -> Iterable[str]:
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            yield selection.name.value
        elif isinstance(selection, InlineFragmentNode):
            yield from _root_fields(selection.selection_set, fragments, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in fragments and name not in seen:
                yield from _root_fields(fragments[name].selection_set, fragments, seen | {name})


def check_user_beta_level(document: DocumentNode | str, user: CurrentUser | None = None) -> bool:
    """Whether the user's beta level covers the operations in the request document.
    Each top-level mutation field must be enabled at the user's level, also one
    spread from a fragment, which the original does not look into (decision 12).
    Gods always pass. A failed check is answered (upstream) with HTTP 400 and
    `{"errors": [{"message": "Insufficient beta-level"}]}` before any
    execution (raise GraphQLError(BETA_LEVEL_ERROR_MESSAGE) from the query parser).
    """
    user = user if user is not None else get_current_user()
    if user.is_god:
        return True
    if isinstance(document, str):
        document = parse(document)
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    level = user.max_beta_level
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode):
            continue
        fields = set(_root_fields(definition.selection_set, fragments)) - {"__typename"}
        if definition.operation == OperationType.MUTATION:
            if not fields <= allowed_mutations(level):
                return False
    return True
