"""Errors of the distribution domain, in the original's words (typos and an
unfilled placeholder included: the frontend shows them as they are)."""

from __future__ import annotations

from graphql import GraphQLError

from ..errors import BadUserInput, InvalidResourceState


class InvalidDistributionEventState(InvalidResourceState):
    resource_label = "distribution_event"


class DistributionEventAlreadyInTrackingGroup(BadUserInput):
    description = "The distribution event is already part of a tracking group."


class ModifyCompletedDistributionEvent(BadUserInput):
    def __init__(self, operation: str) -> None:
        # The original never fills in the event's id.
        super().__init__(
            f"Cannot operate '{operation}' on the distribution event "
            "(id={distribution_event_id}). It has already been completed. "
        )


class NotEnoughItemsInBox(BadUserInput):
    def __init__(self, *, label_identifier: str, actual: int, requested: int) -> None:
        super().__init__(
            f"There are not enough items (actual: {actual}; requested: {requested}) "
            f"in the box {label_identifier}.) "
        )


def plain_error(message: str) -> GraphQLError:
    """An error the original answers with a message and no code."""
    return GraphQLError(message)


def too_many_items_removed() -> GraphQLError:
    return plain_error("Cannot remove more items than are in the collection")


def stock_write_without_base() -> GraphQLError:
    # unassignBoxFromDistributionEvent checks stock:write without a base, which the
    # original's authorization refuses for everyone but god, in these words.
    return plain_error("Missing base_id for base-related resource 'stock'.")
