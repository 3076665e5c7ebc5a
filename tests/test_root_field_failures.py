"""A non-null root field that fails nulls the whole answer; the errors reported with
it are those the original meets before that field: of the root fields before it in
the document, the errors it raises in line (permission checks of a base's tags or
locations, a box of another base), not those of fields it resolves through its
DataLoaders (a box's tags), and nothing of the root fields after it
(api/rootfields.py)."""

from __future__ import annotations

from support.errors import FORBIDDEN, error_codes
from support.stock import base_boxes
from support.users import COORDINATOR

# Reads bases, locations and boxes, but no tags and no shipments.
NO_TAGS_NO_SHIPMENTS = dict(
    COORDINATOR,
    permissions=["base_1/base:read", "base_1/location:read", "base_1/stock:read"],
)


def test_errors_of_root_fields_before_the_failing_one_are_reported(client):
    document = """{
      base(id: 1) { id tags { id } locations { id } }
      shipments { id }
    }"""

    response = client.execute(document, **NO_TAGS_NO_SHIPMENTS)

    assert response["data"] is None
    assert sorted(error_codes(response)) == [
        (("base", "tags"), FORBIDDEN),
        (("shipments",), FORBIDDEN),
    ]


def test_root_fields_after_the_failing_one_report_nothing(client):
    document = """{
      shipments { id }
      base(id: 1) { id tags { id } }
    }"""

    response = client.execute(document, **NO_TAGS_NO_SHIPMENTS)

    assert response["data"] is None
    assert error_codes(response) == [(("shipments",), FORBIDDEN)]


def test_errors_below_fields_the_original_loads_later_are_left_out(client, stock):
    label = next(r for r in base_boxes(stock) if r.tag_ids).label_identifier
    document = """query($label: String!) {
      box(labelIdentifier: $label) { id tags { id } }
      shipments { id }
    }"""

    response = client.execute(document, {"label": label}, **NO_TAGS_NO_SHIPMENTS)

    assert response["data"] is None
    assert error_codes(response) == [(("shipments",), FORBIDDEN)]


def test_with_every_root_field_answering_the_errors_stay(client):
    document = "{ base(id: 1) { id tags { id } } }"

    response = client.execute(document, **NO_TAGS_NO_SHIPMENTS)

    assert response["data"] == {"base": {"id": "1", "tags": None}}
    assert error_codes(response) == [(("base", "tags"), FORBIDDEN)]
