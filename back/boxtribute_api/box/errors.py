"""Errors of the box domain: raised ones (in "errors") and union members."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import BadUserInput, InternalServerError, UserError, enum_name


class BoxCreationFailed(InternalServerError):
    description = "The box could not be added to the database."


class QrCodeAlreadyAssignedToBox(BadUserInput):
    description = "The QR code is already assigned to another box."


class NegativeNumberOfItems(BadUserInput):
    description = "Invalid input: negative value for 'numberOfItems'"


class NegativeMeasureValue(BadUserInput):
    description = "Invalid input: negative value for 'measureValue'"


class IncompatibleSizeAndMeasureInput(BadUserInput):
    description = "Invalid input: either 'sizeId' or 'displayUnitId'+'measureValue' required"


class DisplayUnitProductMismatch(BadUserInput):
    description = "Invalid input: dimensions of 'displayUnit' and 'product' not matching"


class ProductLocationBaseMismatch(BadUserInput):
    description = "Invalid input: bases of 'location' and 'product' not matching"


class LocationBaseMismatch(BadUserInput):
    description = "Invalid input: bases of old and new location not matching"


class LocationTagBaseMismatch(BadUserInput):
    description = "Invalid input: bases of 'location' and 'tag' not matching"


class InputFieldIsNotNone(BadUserInput):
    def __init__(self, *, field: str) -> None:
        super().__init__(f"Input field '{field}' must be None")


class MissingInputField(BadUserInput):
    def __init__(self, *, field: str) -> None:
        super().__init__(f"Input field '{field}' missing")


class BoxDeleted(BadUserInput):
    def __init__(self, *, label_identifier: str) -> None:
        super().__init__(
            f"Box with label identifier '{label_identifier}' is deleted and cannot be updated"
        )


class InvalidBoxState(BadUserInput):
    def __init__(self, *, state: Any, label_identifier: str) -> None:
        super().__init__(
            f"Box with label identifier '{label_identifier}' is in state "
            f"'{enum_name(state)}' and cannot be updated. Only boxes in states InStock, "
            "Donated, Scrap, or Lost can be updated"
        )


@dataclass(frozen=True)
class ProductLocationBaseMismatchError(UserError):
    _: None = None


@dataclass(frozen=True)
class DeletedBoxError(UserError):
    label_identifier: str


@dataclass(frozen=True)
class InvalidBoxStateError(UserError):
    state: Any


@dataclass(frozen=True)
class InvalidNumberOfItemsError(UserError):
    number_of_items: int


@dataclass(frozen=True)
class InvalidBaseError(UserError):
    ids: list[int] = field(default_factory=list)


# Errors of our own: a clear BAD_USER_INPUT where the original has none.


class NegativeWeight(BadUserInput):
    description = "Invalid input: negative value for 'weight'"


class NegativeMonetaryValue(BadUserInput):
    description = "Invalid input: negative value for 'monetaryValue'"
