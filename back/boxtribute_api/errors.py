"""The errors every layer may raise or return, as the API presents them.

Two kinds, both matching the original back-end:

* Raised errors (`GraphQLAPIError` and subclasses). They end up in the response's
  "errors" list with `extensions = {"code": ..., "description": ...}` and no message
  of their own (so graphql-core's "An unknown error occurred."); the field resolves
  to null.
* Plain objects returned as members of the schema's result unions
  (`InsufficientPermissionError`, `UnauthorizedForBaseError`, ...). Their GraphQL type
  name is the class name (`graphql_type`).

Only the errors shared by several domains live here; each domain keeps its own in
`<domain>/errors.py`. Formatting for the response is `api/errors.py`'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

FORBIDDEN = "FORBIDDEN"
BAD_USER_INPUT = "BAD_USER_INPUT"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"

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


class InvalidResourceState(BadUserInput):
    resource_label: ClassVar[str] = ""

    def __init__(self, *, expected_states: Iterable[Any], actual_state: Any) -> None:
        expected = " or ".join(enum_name(s) for s in expected_states)
        super().__init__(
            f"The state of the {self.resource_label} ({enum_name(actual_state)}) does not "
            f"allow the requested action. Expecting state: {expected}"
        )


def enum_name(value: Any) -> str:
    return getattr(value, "name", str(value))


class CrashOfTheOriginal(Exception):
    """What the original answers where it fails with a Python exception: an error
    without code whose message is the exception's text. Kept (docs/decisions.md) as
    the observable answer where it carries no data, so it leaks nothing."""

    extensions: dict = {}  # no code, as the original's answer

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.message = text


class InvalidPaginationInput(BadUserInput):
    description = "Invalid pagination input: missing 'before' field."


class StatedError(GraphQLAPIError):
    """An error whose message is its description. The original's errors carry no
    message; these are the ones it has no counterpart for (it crashed or leaked an
    exception text there), so the client is told in words what went wrong."""

    @property
    def message(self) -> str:
        return self.description

    def __str__(self) -> str:
        return self.description


class FieldNotBuilt(StatedError):
    """A field of the contract this back-end does not serve yet."""

    code = "NOT_IMPLEMENTED"

    def __init__(self, coordinate: str) -> None:
        self.coordinate = coordinate
        super().__init__(f"'{coordinate}' is not implemented by this back-end yet.")


class InvalidInput(StatedError, BadUserInput):
    """Input the client got wrong in a way the schema cannot express: an id that is
    no number, a cursor that is no cursor, a required input given as null."""

    code = BAD_USER_INPUT


class ServiceUnavailable(StatedError):
    """The database cannot be reached (down, restarting, out of connections): the
    request may succeed if tried again shortly."""

    code = SERVICE_UNAVAILABLE
    description = "The service is temporarily unavailable. Please try again shortly."


# --- union members (returned, not raised) ------------------------------------------


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
class EmptyNameError(UserError):
    _: None = None
