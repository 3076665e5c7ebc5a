"""Errors of the tagging domain."""

from __future__ import annotations

from ..errors import BadUserInput


class BeneficiaryTagBaseMismatch(BadUserInput):
    description = "Invalid input: bases of 'beneficiary' and 'tag' not matching"
