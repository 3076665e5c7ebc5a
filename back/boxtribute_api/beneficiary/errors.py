"""Errors of the beneficiary domain: raised ones (in "errors") and union members."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError

from ..errors import InternalServerError


class InvalidBeneficiaryImport(InternalServerError):
    """createBeneficiaries: a stored row differs from its input (a name longer than
    the column, say); `invalid_fields` maps the row's index to
    [{field: [given, stored]}, ...]."""

    def __init__(self, *, invalid_fields: Any) -> None:
        super().__init__(
            "Unexpected error when importing beneficiaries", invalid_fields=invalid_fields
        )


def original_crash(message: str) -> GraphQLError:
    """Where the original fails with a Python exception, its answer is the exception's
    text with no code; kept (decision 13) as it tells the client what it sent wrong
    and leaks nothing but a field name."""
    return GraphQLError(message)
