"""Errors of the agreement domain: raised ones (in "errors") and union members."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import BadUserInput, InvalidResourceState


class InvalidTransferAgreementState(InvalidResourceState):
    resource_label = "transfer agreement"


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
