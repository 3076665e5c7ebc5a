"""Errors of the shipment domain: raised ones (in "errors") and union members."""

from __future__ import annotations

from typing import Any

from ..errors import BadUserInput, CrashOfTheOriginal, InvalidResourceState


class InvalidShipmentState(InvalidResourceState):
    resource_label = "shipment"


class IdenticalShipmentSourceAndTargetBase(BadUserInput):
    description = "Source and target base must not be identical"


class ShipmentSourceAndTargetBaseOrganisationsMismatch(BadUserInput):
    description = "Source and target base must be of same organisation"


class InvalidShipmentDetailUpdateInput(BadUserInput):
    # Upstream's text lacks the space in "of shipment" and names the model's
    # metaclass; callers pass the name they want shown (upstream shows "ModelBase").
    def __init__(self, *, model_name: str, detail_id: Any) -> None:
        super().__init__(f"Input {model_name} is not valid for base ofshipment detail {detail_id}")


class NoNotDeliveredBox(CrashOfTheOriginal):
    """moveNotDeliveredBoxesInStock with no NotDelivered box among the ids."""

    def __init__(self) -> None:
        super().__init__("list index out of range")


class NoBasesOfGod(CrashOfTheOriginal):
    """moveNotDeliveredBoxesInStock by a god user, who has no bases to take a side."""

    def __init__(self, *, permission: str) -> None:
        super().__init__(repr(permission))
