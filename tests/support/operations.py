"""Running GraphQL documents on the demo world with variables that exist there."""

from __future__ import annotations

from .users import GOD

# Ids of features the demo world has no rows for (distribution events): the
# operations still run and answer NOT_IMPLEMENTED or "not found".
_PLACEHOLDER_ID = "1"


def demo_values(client) -> dict:
    """Values for every variable a frontend query or one of our documents declares,
    found in the demo world through the API: a tagged, labelled box of base 1, a
    shipment, a tag."""
    found = client.data(
        "{ boxes(baseId: 1, paginationInput: {first: 200}) { elements { labelIdentifier"
        " tags { id } qrCode { code } } } shipments { id } }",
        **GOD,
    )
    elements = found["boxes"]["elements"]
    tagged = next(box for box in elements if box["tags"])
    labelled = next(box for box in elements if box["qrCode"])
    shipment_id = found["shipments"][0]["id"]
    return {
        "baseId": "1",
        "orgId": "1",
        "labelIdentifier": tagged["labelIdentifier"],
        "qrCode": labelled["qrCode"]["code"],
        "id": shipment_id,
        "shipmentId": shipment_id,
        "tagId": tagged["tags"][0]["id"],
        "filterInput": {"states": ["InStock"]},
        "paginationInput": 100000,
        "withTags": True,
        "noComment": False,
        "eventId": _PLACEHOLDER_ID,
        "trackingGroupId": _PLACEHOLDER_ID,
        "distributionEventId": _PLACEHOLDER_ID,
    }


def variables_for(document: str, values: dict) -> dict:
    """The `values` the document declares as variables (Int ones as numbers)."""
    variables = {}
    for name, value in values.items():
        if f"${name}:" in document.replace(" ", "") or f"${name} :" in document:
            variables[name] = int(value) if f"${name}: Int" in document else value
    return variables
