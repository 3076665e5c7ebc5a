"""GraphQL documents the tests send.

The Boxes view query is taken from the frontend corpus in ../shared when present
(exactly as the frontend sends it); on a fresh clone without it, an equivalent
query of our own with the same shape stands in.
"""

from __future__ import annotations

import json

from conftest import REFERENCE

OWN_BOXES_VIEW_QUERY = """
query BoxesForBoxesView($baseId: ID!, $filterInput: FilterBoxInput, $paginationInput: Int) {
  boxes(baseId: $baseId, filterInput: $filterInput, paginationInput: {first: $paginationInput}) {
    totalCount
    pageInfo { hasNextPage }
    elements {
      id
      labelIdentifier
      product { id name type gender deletedOn category { id name } }
      numberOfItems
      size { id label }
      weight
      monetaryValue
      weightDisplayUnit { symbol }
      state
      location { id name base { monetaryCurrencyCode } }
      tags { id name color description type deletedOn createdOn lastModifiedOn lastUsedOn }
      shipmentDetail { id shipment { id labelIdentifier } }
      qrCode { code }
      comment
      createdOn
      lastModifiedOn
      deletedOn
      createdBy { id name }
      lastModifiedBy { id name }
    }
  }
}
"""


def boxes_view_query() -> str:
    corpus = REFERENCE / "frontend-operations.json"
    if corpus.is_file():
        for operation in json.loads(corpus.read_text()):
            if operation["name"] == "BoxesForBoxesView":
                return operation["wire_document"]
    return OWN_BOXES_VIEW_QUERY
