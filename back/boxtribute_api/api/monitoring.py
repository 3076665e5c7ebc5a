"""Error monitoring with Sentry, when SENTRY_DSN is set (as the original's deployment).

Unexpected errors reach Sentry (Flask's unhandled exceptions, and the resolver errors
api/errors.py logs); expected ones never do: authorization and bad input (coded API
errors), GraphQL syntax and validation errors, rejected tokens. Each event carries
the GraphQL operation of its request (tag `graphql.operation`).
"""

from __future__ import annotations

from typing import Any

import sentry_sdk
from graphql import GraphQLError
from sentry_sdk.integrations.flask import FlaskIntegration
from sentry_sdk.integrations.logging import ignore_logger

from ..auth.errors import AuthenticationFailed
from ..config import Settings
from ..errors import BAD_USER_INPUT, FORBIDDEN, GraphQLAPIError

EXPECTED_CODES = frozenset({FORBIDDEN, BAD_USER_INPUT})
OPERATION_TAG = "graphql.operation"


def init_error_monitoring(settings: Settings) -> None:
    if not settings.sentry_dsn:
        return
    # The request line (api/http.py) is ERROR when a request had an internal error,
    # which Sentry already gets with its traceback: not a second event.
    ignore_logger("boxtribute_api.requests")
    sentry_sdk.init(
        dsn=settings.sentry_dsn,
        environment=settings.sentry_environment or settings.environment,
        release=settings.sentry_release,
        integrations=[FlaskIntegration()],
        traces_sample_rate=settings.sentry_traces_sample_rate,
        profiles_sample_rate=settings.sentry_profiles_sample_rate,
        before_send=drop_expected_errors,
    )


def tag_operation(name: str | None) -> None:
    """Name the request's GraphQL operation on its events (a no-op without Sentry)."""
    sentry_sdk.set_tag(OPERATION_TAG, name or "anonymous")


def is_expected(error: BaseException) -> bool:
    while isinstance(error, GraphQLError):
        if error.original_error is None:
            return True  # syntax, validation, coercion: the client's
        error = error.original_error
    if isinstance(error, GraphQLAPIError):
        return error.code in EXPECTED_CODES
    return isinstance(error, AuthenticationFailed)


def drop_expected_errors(event: dict, hint: dict[str, Any]) -> dict | None:
    exc_info = hint.get("exc_info")
    if exc_info and is_expected(exc_info[1]):
        return None
    return event
