"""How errors reach the client: the response's error format, and Forbidden turned
into the result-union member the original returns.

`format_error` is the ariadne `error_formatter`.
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any

import peewee
from graphql import GraphQLError

from ..db.connections import is_unreachable
from ..db.offload import offload
from ..errors import (
    BAD_USER_INPUT,
    DATABASE_FAILURE_DESCRIPTION,
    GENERIC_INTERNAL_MESSAGE,
    INTERNAL_SERVER_ERROR,
    NO_MESSAGE,
    RESOURCE_NOT_FOUND_DESCRIPTION,
    Forbidden,
    InsufficientPermissionError,
    ServiceUnavailable,
    UnauthorizedForBaseError,
    UserError,
)
from ..runtime.logs import RateLimitedLogger

logger = logging.getLogger(__name__)
database_unreachable = RateLimitedLogger(logger, every=10.0)


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
    * The database unreachable (down, refusing or dropping connections):
      SERVICE_UNAVAILABLE "The service is temporarily unavailable ...".
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
    if is_unreachable(original):
        # Thousands of requests fail alike while the database is away: one line
        # now and then, no traceback; the client may simply try again.
        database_unreachable.warning("database unreachable: %s", original)
        unavailable = ServiceUnavailable()
        formatted["message"] = unavailable.message
        formatted["extensions"] = dict(unavailable.extensions)
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
        if not formatted["extensions"]:
            del formatted["extensions"]  # CrashOfTheOriginal: no code, as the original
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
