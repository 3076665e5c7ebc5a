"""Errors of the product domain: raised ones (in "errors") and union members."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import UserError


@dataclass(frozen=True)
class InvalidPriceError(UserError):
    value: int


@dataclass(frozen=True)
class BoxesStillAssignedToProductError(UserError):
    label_identifiers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class StandardProductAlreadyEnabledForBaseError(UserError):
    existing_standard_product_instantiation_id: Any


@dataclass(frozen=True)
class OutdatedStandardProductVersionError(UserError):
    most_recent_standard_product_id: Any


@dataclass(frozen=True)
class ProductTypeMismatchError(UserError):
    expected_type: Any
