"""Errors of the beneficiary domain: raised ones (in "errors") and union members."""

from __future__ import annotations

from typing import Any

from ..errors import InternalServerError


class InvalidBeneficiaryImport(InternalServerError):
    """createBeneficiaries: a stored row differs from its input (a name longer than
    the column, say); `invalid_fields` maps the row's index to
    [{field: [given, stored]}, ...]."""

    def __init__(self, *, invalid_fields: Any) -> None:
        super().__init__(
            "Unexpected error when importing beneficiaries", invalid_fields=invalid_fields
        )
