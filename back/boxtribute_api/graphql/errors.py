"""Errors as the GraphQL API presents them.

Two kinds, both matching the original back-end:

* Exceptions raised in resolvers (`GraphQLAPIError` and subclasses). They end up in
  the response's "errors" list with `extensions = {"code": ..., "description": ...}`
  and no message of their own (so graphql-core's "An unknown error occurred."); the
  field resolves to null.
* Plain objects returned as members of the schema's result unions
  (`InsufficientPermissionError`, `UnauthorizedForBaseError`, ...). Their GraphQL type
  name is the class name (`graphql_type`).

`format_error` is the ariadne `error_formatter`.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import peewee
from graphql import GraphQLError

from .offload import offload

logger = logging.getLogger(__name__)

FORBIDDEN = "FORBIDDEN"
BAD_USER_INPUT = "BAD_USER_INPUT"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"

RESOURCE_NOT_FOUND_DESCRIPTION = "The requested resource does not exist in the database."
DATABASE_FAILURE_DESCRIPTION = "The database failed to perform the requested action."
GENERIC_INTERNAL_MESSAGE = "Internal server error"
# graphql-core's wording for an error without message; upstream's raised errors carry
# none, so this is what clients see as their "message".
NO_MESSAGE = "An unknown error occurred."


# --- raised errors ------------------------------------------------------------------


class GraphQLAPIError(Exception):
    """Base of errors raised in resolvers. graphql-core copies `extensions` onto the
    GraphQL error; `message` is empty, as upstream's exceptions carry no text."""

    code: ClassVar[str] = INTERNAL_SERVER_ERROR
    description: str = ""

    def __init__(self, description: str | None = None, **extra: Any) -> None:
        super().__init__()
        if description is not None:
            self.description = description
        self.extensions: dict[str, Any] = {"code": self.code, "description": self.description}
        self.extensions.update(extra)

    @property
    def message(self) -> str:
        return ""

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.description!r})"


class Forbidden(GraphQLAPIError):
    """The user lacks a permission (`permission` set), or access to one specific
    resource (`resource` + `value`, e.g. "base" and 3)."""

    code = FORBIDDEN

    def __init__(
        self, *, permission: str | None = None, resource: str | None = None, value: Any = None
    ) -> None:
        if permission is not None and resource is not None and value is not None:
            raise ValueError("Invalid input: set either 'permission', or 'resource'+'value'.")
        self.permission = permission
        self.resource = resource
        self.value = value
        reason = permission if permission is not None else f"{resource}={value}"
        super().__init__(f"You don't have access to '{reason}'")


class BadUserInput(GraphQLAPIError):
    code = BAD_USER_INPUT


class InternalServerError(GraphQLAPIError):
    code = INTERNAL_SERVER_ERROR


class ResourceNotFound(BadUserInput):
    """What a missing row looks like (upstream: a peewee DoesNotExist reaching the
    formatter); raise it, or let a DoesNotExist propagate, same result."""

    description = RESOURCE_NOT_FOUND_DESCRIPTION


class DatabaseFailure(InternalServerError):
    description = DATABASE_FAILURE_DESCRIPTION


# Upstream's specific resolver errors, same codes and descriptions.


class BoxCreationFailed(InternalServerError):
    description = "The box could not be added to the database."


class QrCodeAlreadyAssignedToBox(BadUserInput):
    description = "The QR code is already assigned to another box."


class _InvalidResourceState(BadUserInput):
    resource_label: ClassVar[str] = ""

    def __init__(self, *, expected_states: Iterable[Any], actual_state: Any) -> None:
        expected = " or ".join(_enum_name(s) for s in expected_states)
        super().__init__(
            f"The state of the {self.resource_label} ({_enum_name(actual_state)}) does not "
            f"allow the requested action. Expecting state: {expected}"
        )


def _enum_name(value: Any) -> str:
    return getattr(value, "name", str(value))


class InvalidTransferAgreementState(_InvalidResourceState):
    resource_label = "transfer agreement"


class InvalidShipmentState(_InvalidResourceState):
    resource_label = "shipment"


class InvalidTransferAgreementOrganisation(BadUserInput):
    description = "The user's organisation is not permitted to execute the requested action."


class InvalidTransferAgreementBase(BadUserInput):
    def __init__(self, *, base_id: Any, expected_base_ids: Iterable[Any]) -> None:
        ids = ", ".join(str(i) for i in expected_base_ids)
        super().__init__(
            f"The specified base (ID: {base_id}) is not part of the current transfer "
            f"agreement (included base IDs: {ids})."
        )


class InvalidTransferAgreementDates(BadUserInput):
    description = "'Valid until' date must be later than 'valid from' date."


class DuplicateTransferAgreement(BadUserInput):
    def __init__(self, *, agreement_id: Any) -> None:
        super().__init__(f"An identical agreement already exists: ID {agreement_id}")


class NoActivePartnerBases(BadUserInput):
    description = "None of the requested partner bases is active."


class IdenticalShipmentSourceAndTargetBase(BadUserInput):
    description = "Source and target base must not be identical"


class ShipmentSourceAndTargetBaseOrganisationsMismatch(BadUserInput):
    description = "Source and target base must be of same organisation"


class InvalidShipmentDetailUpdateInput(BadUserInput):
    # Upstream's text lacks the space in "of shipment" and names the model's
    # metaclass; callers pass the name they want shown (upstream shows "ModelBase").
    def __init__(self, *, model_name: str, detail_id: Any) -> None:
        super().__init__(f"Input {model_name} is not valid for base ofshipment detail {detail_id}")


class InvalidPaginationInput(BadUserInput):
    description = "Invalid pagination input: missing 'before' field."


class IncompatibleTagTypeAndResourceType(BadUserInput):
    def __init__(self, *, tag_id: Any, tag_type: Any, resource_type: Any) -> None:
        super().__init__(
            f"The tag with ID {tag_id} and type '{_enum_name(tag_type)}' cannot be applied "
            f"to the resource of type '{_enum_name(resource_type)}'"
        )


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


class TagBaseMismatch(BadUserInput):
    description = "Invalid input: bases of tags not matching"


class InputFieldIsNotNone(BadUserInput):
    def __init__(self, *, field: str) -> None:
        super().__init__(f"Input field '{field}' must be None")


class MissingInputField(BadUserInput):
    def __init__(self, *, field: str) -> None:
        super().__init__(f"Input field '{field}' missing")


class InvalidBeneficiaryImport(InternalServerError):
    def __init__(self, *, invalid_fields: Any) -> None:
        super().__init__(
            "Unexpected error when importing beneficiaries", invalid_fields=invalid_fields
        )


class BoxDeleted(BadUserInput):
    def __init__(self, *, label_identifier: str) -> None:
        super().__init__(
            f"Box with label identifier '{label_identifier}' is deleted and cannot be updated"
        )


class InvalidBoxState(BadUserInput):
    def __init__(self, *, state: Any, label_identifier: str) -> None:
        super().__init__(
            f"Box with label identifier '{label_identifier}' is in state "
            f"'{_enum_name(state)}' and cannot be updated. Only boxes in states InStock, "
            "Donated, Scrap, or Lost can be updated"
        )


# --- union members (returned, not raised) --------------------------------------------------


class UserError:
    """Marker base; `graphql_type` is the schema type the object resolves to."""

    @property
    def graphql_type(self) -> str:
        return type(self).__name__


@dataclass(frozen=True)
class InsufficientPermissionError(UserError):
    name: str  # the permission, e.g. "tag:write"


@dataclass(frozen=True)
class ResourceDoesNotExistError(UserError):
    name: str  # model name, e.g. "Tag", "Location", "Box"
    id: Any = None


@dataclass(frozen=True)
class UnauthorizedForBaseError(UserError):
    id: Any
    name: str = ""  # base name; "" when the base does not exist
    organisation_name: str = ""


@dataclass(frozen=True)
class InvalidPriceError(UserError):
    value: int


@dataclass(frozen=True)
class EmptyNameError(UserError):
    _: None = None


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


@dataclass(frozen=True)
class TagTypeMismatchError(UserError):
    expected_type: Any


@dataclass(frozen=True)
class TagBaseMismatchError(UserError):
    _: None = None


@dataclass(frozen=True)
class ProductLocationBaseMismatchError(UserError):
    _: None = None


@dataclass(frozen=True)
class DeletedLocationError(UserError):
    name: str


@dataclass(frozen=True)
class DeletedTagError(UserError):
    name: str


@dataclass(frozen=True)
class DeletedBaseError(UserError):
    name: str


@dataclass(frozen=True)
class DeletedBoxError(UserError):
    label_identifier: str


@dataclass(frozen=True)
class InvalidBoxStateError(UserError):
    state: Any


@dataclass(frozen=True)
class InvalidDateError(UserError):
    date: Any


@dataclass(frozen=True)
class InvalidColorError(UserError):
    color: str


@dataclass(frozen=True)
class InvalidNumberOfItemsError(UserError):
    number_of_items: int


@dataclass(frozen=True)
class InvalidBaseError(UserError):
    ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class UnknownLinkError(UserError):
    code: str


@dataclass(frozen=True)
class ExpiredLinkError(UserError):
    valid_until: Any


def resolve_user_error_type(obj: Any, *_: Any) -> str | None:
    """Type resolver for result unions: the error's type name, else None (so the
    union's own resolver can name the success type)."""
    return obj.graphql_type if isinstance(obj, UserError) else None


# --- Forbidden -> union member ---------------------------------------------------------------

# base id -> (base name, organisation name), or None if no such base. Registered once
# by whoever owns the Base model, so this module needs no database import.
BaseInfoLookup = Callable[[Any], "tuple[str, str] | None"]
_base_info_lookup: BaseInfoLookup | None = None


def register_base_info_lookup(lookup: BaseInfoLookup | None) -> None:
    global _base_info_lookup
    _base_info_lookup = lookup


def union_error_from_forbidden(
    exc: Forbidden, base_info: BaseInfoLookup | None = None
) -> InsufficientPermissionError | UnauthorizedForBaseError:
    """The union member upstream returns for a Forbidden, or re-raise it.

    Missing permission -> InsufficientPermissionError(name=<permission>); permission
    not granted for one base -> UnauthorizedForBaseError(id, base name, org name),
    names "" if the base does not exist. Anything else (several bases, organisation,
    user) stays an error in "errors".
    """
    if exc.permission is not None:
        return InsufficientPermissionError(name=exc.permission)
    if exc.resource == "base":
        lookup = base_info or _base_info_lookup
        info = lookup(exc.value) if lookup is not None else None
        name, organisation_name = info if info is not None else ("", "")
        return UnauthorizedForBaseError(
            id=exc.value, name=name or "", organisation_name=organisation_name or ""
        )
    raise exc


def handle_unauthorized(
    fn: Callable[..., Any] | None = None, *, base_info: BaseInfoLookup | None = None
) -> Any:
    """Decorator for async resolvers of union results: a Forbidden raised inside
    becomes the matching union member (see `union_error_from_forbidden`). The base
    name look-up reads the database, so it is offloaded like any other query."""

    def decorate(f: Callable[..., Any]) -> Callable[..., Any]:
        if not inspect.iscoroutinefunction(f):
            raise TypeError("handle_unauthorized wraps async resolvers only")

        @functools.wraps(f)
        async def inner(*args: Any, **kwargs: Any) -> Any:
            try:
                return await f(*args, **kwargs)
            except Forbidden as e:
                if e.permission is not None:
                    return union_error_from_forbidden(e, base_info)
                return await offload(union_error_from_forbidden, e, base_info)

        return inner

    return decorate(fn) if fn is not None else decorate


# --- formatting -------------------------------------------------------------------------------


def _original_exception(error: GraphQLError) -> BaseException | None:
    original = error.original_error
    # graphql-core may wrap a GraphQLError around another; go to the root cause.
    while isinstance(original, GraphQLError) and original.original_error is not None:
        original = original.original_error
    return original


def format_error(error: GraphQLError, debug: bool = False) -> dict:
    """ariadne error_formatter.

    * Our raised errors: their extensions (code, description); they have no message,
      which graphql-core renders as "An unknown error occurred." (upstream alike).
    * peewee DoesNotExist / IntegrityError: no message, BAD_USER_INPUT "The requested
      resource does not exist in the database." (no SQL leaks); other peewee errors:
      INTERNAL_SERVER_ERROR "The database failed to perform the requested action.".
    * GraphQL's own errors (syntax, validation, null in non-null, coercion): as is.
    * Anything else is a bug: a generic message and no extensions (upstream sends no
      code either); in debug the real message plus a stack trace.
    """
    formatted: dict[str, Any] = dict(error.formatted)
    if not formatted.get("message"):
        formatted["message"] = NO_MESSAGE
    original = _original_exception(error)

    if original is None or isinstance(original, GraphQLError):
        return formatted
    if isinstance(original, peewee.DoesNotExist | peewee.IntegrityError):
        formatted["message"] = NO_MESSAGE
        formatted["extensions"] = {
            "code": BAD_USER_INPUT,
            "description": RESOURCE_NOT_FOUND_DESCRIPTION,
        }
        return formatted
    if isinstance(original, peewee.PeeweeException):
        logger.error("database error in resolver", exc_info=original)
        formatted["message"] = NO_MESSAGE
        formatted["extensions"] = {
            "code": INTERNAL_SERVER_ERROR,
            "description": DATABASE_FAILURE_DESCRIPTION,
        }
        return formatted
    if isinstance(getattr(original, "extensions", None), dict):
        formatted["extensions"] = dict(original.extensions)  # type: ignore[attr-defined]
        return formatted

    logger.error("unexpected error in resolver", exc_info=original)
    if debug:
        from ariadne.format_error import get_error_extension

        extensions = dict(formatted.get("extensions") or {})
        extensions["exception"] = get_error_extension(error)
        formatted["extensions"] = extensions
    else:
        formatted["message"] = GENERIC_INTERNAL_MESSAGE
        formatted.pop("extensions", None)
    return formatted
