"""What a refused or failed resolver answers: the union members upstream returns,
and errors that carry a code and description but leak no SQL or trace."""

from __future__ import annotations

import json

import peewee
import pytest
from graphql import GraphQLError

from boxtribute_api.agreement.errors import InvalidTransferAgreementBase
from boxtribute_api.api.errors import (
    format_error,
    handle_unauthorized,
    resolve_user_error_type,
    union_error_from_forbidden,
)
from boxtribute_api.auth.authorization import (
    authorize,
)
from boxtribute_api.errors import (
    BadUserInput,
    Forbidden,
    InsufficientPermissionError,
    ResourceDoesNotExistError,
    UnauthorizedForBaseError,
)
from boxtribute_api.runtime.eventloop import run_coroutine
from support.tokens import user_with

# --- union results and error formatting ---------------------------------------------------------


def test_forbidden_converts_to_the_union_member_upstream_returns():
    assert union_error_from_forbidden(Forbidden(permission="tag:write")) == (
        InsufficientPermissionError(name="tag:write")
    )
    lookup = {3: ("Samos", "BoxCare")}.get
    assert union_error_from_forbidden(Forbidden(resource="base", value=3), lookup) == (
        UnauthorizedForBaseError(id=3, name="Samos", organisation_name="BoxCare")
    )
    assert union_error_from_forbidden(Forbidden(resource="base", value=9), lookup) == (
        UnauthorizedForBaseError(id=9, name="", organisation_name="")
    )
    with pytest.raises(Forbidden):
        union_error_from_forbidden(Forbidden(resource="organisation", value=2))


def test_handle_unauthorized_turns_a_forbidden_into_the_union_member(client):
    user = user_with(tag__write=[1])

    @handle_unauthorized(base_info=lambda base_id: ("Lesvos", "BoxAid"))
    async def delete_tag(base_id):
        authorize(user, permission="tag:write", base_id=base_id)
        return "tag"

    @handle_unauthorized
    async def read_stock():
        authorize(user, permission="stock:read", base_id=1)

    # The base-name lookup is offloaded like any DB call: run on our own loop.
    assert run_coroutine(delete_tag(1)) == "tag"
    assert run_coroutine(delete_tag(2)) == UnauthorizedForBaseError(
        id=2, name="Lesvos", organisation_name="BoxAid"
    )
    assert run_coroutine(read_stock()) == InsufficientPermissionError(name="stock:read")
    missing = ResourceDoesNotExistError(name="Tag", id=5)
    assert resolve_user_error_type(missing) == "ResourceDoesNotExistError"
    assert resolve_user_error_type("a Tag") is None


def test_handle_unauthorized_refuses_sync_resolvers():
    with pytest.raises(TypeError):

        @handle_unauthorized
        def update_tag(base_id):
            return "tag"


def located(exc: Exception) -> GraphQLError:
    return GraphQLError(str(exc), path=["box"], original_error=exc)


def test_raised_api_errors_carry_code_and_description_but_no_message():
    formatted = format_error(located(Forbidden(permission="stock:read")))
    assert formatted["message"] == "An unknown error occurred."  # graphql-core, for ""
    assert formatted["path"] == ["box"]
    assert formatted["extensions"] == {
        "code": "FORBIDDEN",
        "description": "You don't have access to 'stock:read'",
    }
    error = InvalidTransferAgreementBase(base_id=3, expected_base_ids=[1, 2])
    assert format_error(located(error))["extensions"] == {
        "code": "BAD_USER_INPUT",
        "description": "The specified base (ID: 3) is not part of the current transfer "
        "agreement (included base IDs: 1, 2).",
    }
    assert BadUserInput("x").extensions == {"code": "BAD_USER_INPUT", "description": "x"}


def test_database_errors_do_not_leak_sql():
    not_found = format_error(located(peewee.DoesNotExist("SELECT secret")))
    assert not_found["message"] == "An unknown error occurred."
    assert not_found["extensions"] == {
        "code": "BAD_USER_INPUT",
        "description": "The requested resource does not exist in the database.",
    }
    failure = format_error(located(peewee.OperationalError("SELECT secret")))
    assert failure["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "secret" not in json.dumps(failure)


def test_unexpected_errors_are_generic_in_production_and_detailed_in_debug():
    try:
        {}["secret"]
    except KeyError as e:
        error = located(e)
    production = format_error(error)
    assert production["message"] == "Internal server error"
    assert "extensions" not in production
    debug = format_error(error, debug=True)
    assert "secret" in debug["message"]
    assert debug["extensions"]["exception"]["stacktrace"]


def test_graphql_own_errors_pass_through():
    assert format_error(GraphQLError("Cannot query field 'x'."))["message"] == (
        "Cannot query field 'x'."
    )
