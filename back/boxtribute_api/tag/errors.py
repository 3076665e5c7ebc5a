"""Errors of the tag domain: raised ones (in "errors") and union members."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import BadUserInput, UserError, enum_name


class IncompatibleTagTypeAndResourceType(BadUserInput):
    def __init__(self, *, tag_id: Any, tag_type: Any, resource_type: Any) -> None:
        super().__init__(
            f"The tag with ID {tag_id} and type '{enum_name(tag_type)}' cannot be applied "
            f"to the resource of type '{enum_name(resource_type)}'"
        )


class TagBaseMismatch(BadUserInput):
    description = "Invalid input: bases of tags not matching"


@dataclass(frozen=True)
class InvalidColorError(UserError):
    color: str


@dataclass(frozen=True)
class DeletedTagError(UserError):
    name: str


@dataclass(frozen=True)
class TagTypeMismatchError(UserError):
    expected_type: Any


@dataclass(frozen=True)
class TagBaseMismatchError(UserError):
    _: None = None
