"""Statistics documents of our own: the queries the frontend does not send
(topProductsCheckedOut, topProductsDonated, metrics) and every field of the ones it
does, including those the dashboard leaves out (absoluteMeasureValue, dimensionId,
the dimension and tag dimensions, deletedOn, the beneficiary reach's tags).
Merged into `extra_operations.EXTRA`."""

from __future__ import annotations

_DIMENSION = "{ id name }"
_TAG = "{ id name color }"
_PRODUCT = "{ id name gender }"

STATISTICS: dict[str, tuple[str, str]] = {
    "ExtraTopProductsCheckedOut": (
        "query",
        f"""query ExtraTopProductsCheckedOut($baseId: Int!) {{
  topProductsCheckedOut(baseId: $baseId) {{
    __typename
    facts {{ __typename checkedOutOn productId categoryId rank itemsCount }}
    dimensions {{ __typename size {_DIMENSION} product {_PRODUCT} category {_DIMENSION} }}
  }}
}}
""",
    ),
    "ExtraTopProductsDonated": (
        "query",
        f"""query ExtraTopProductsDonated($baseId: Int!) {{
  topProductsDonated(baseId: $baseId) {{
    __typename
    facts {{ createdOn donatedOn sizeId productId categoryId rank itemsCount }}
    dimensions {{ size {_DIMENSION} product {_PRODUCT} category {_DIMENSION} }}
  }}
}}
""",
    ),
    "ExtraMetrics": (
        "query",
        """query ExtraMetrics($organisationId: ID, $after: Date, $before: Date) {
  metrics(organisationId: $organisationId) {
    __typename
    numberOfFamiliesServed(after: $after, before: $before)
    numberOfSales(after: $after, before: $before)
    allFamilies: numberOfFamiliesServed
    allSales: numberOfSales
  }
}
""",
    ),
    "ExtraCreatedBoxesAllFields": (
        "query",
        f"""query ExtraCreatedBoxesAllFields($baseId: Int!) {{
  createdBoxes(baseId: $baseId) {{
    __typename
    facts {{ __typename createdOn categoryId productId gender tagIds boxesCount itemsCount }}
    dimensions {{ __typename product {_PRODUCT} category {_DIMENSION} tag {_TAG} }}
  }}
}}
""",
    ),
    "ExtraMovedBoxesAllFields": (
        "query",
        f"""query ExtraMovedBoxesAllFields($baseId: Int!) {{
  movedBoxes(baseId: $baseId) {{
    __typename
    facts {{
      movedOn targetId categoryId productName gender sizeId dimensionId
      absoluteMeasureValue organisationName tagIds itemsCount boxesCount
    }}
    dimensions {{
      category {_DIMENSION} size {_DIMENSION} tag {_TAG}
      target {{ id name type deletedOn }}
    }}
  }}
}}
""",
    ),
    # The original answers no `dimension` dimension for moved boxes: asking for it
    # nulls all dimensions with an error (kept apart so the others stay checked).
    "ExtraMovedBoxesDimension": (
        "query",
        """query ExtraMovedBoxesDimension($baseId: Int!) {
  movedBoxes(baseId: $baseId) { dimensions { category { id } dimension { id name } } }
}
""",
    ),
    "ExtraStockOverviewAllFields": (
        "query",
        f"""query ExtraStockOverviewAllFields($baseId: Int!) {{
  stockOverview(baseId: $baseId) {{
    __typename
    facts {{
      categoryId productName gender sizeId dimensionId absoluteMeasureValue tagIds
      locationId boxState itemsCount boxesCount
    }}
    dimensions {{
      category {_DIMENSION} size {_DIMENSION} tag {_TAG} location {_DIMENSION}
      dimension {_DIMENSION}
    }}
  }}
}}
""",
    ),
    "ExtraBeneficiaryStatisticsAllFields": (
        "query",
        f"""query ExtraBeneficiaryStatisticsAllFields($baseId: Int!) {{
  beneficiaryDemographics(baseId: $baseId) {{
    __typename
    facts {{ age gender createdOn deletedOn tagIds count }}
    dimensions {{ tag {_TAG} }}
  }}
  beneficiaryReach(baseId: $baseId) {{
    __typename
    facts {{ reachedOn beneficiaryId reachType count }}
    dimensions {{ beneficiary {{ id age tagIds gender }} tag {_TAG} }}
  }}
}}
""",
    ),
    "ExtraStatisticsAsDataCubes": (
        "query",
        """query ExtraStatisticsAsDataCubes($baseId: Int!) {
  createdBoxes(baseId: $baseId) { ...Cube }
  stockOverview(baseId: $baseId) { ...Cube }
  movedBoxes(baseId: $baseId) { ...Cube }
}
fragment Cube on DataCube {
  __typename
  facts {
    __typename
    ... on CreatedBoxesResult { boxesCount }
    ... on StockOverviewResult { boxesCount locationId }
    ... on MovedBoxesResult { boxesCount targetId }
  }
  dimensions {
    __typename
    ... on CreatedBoxDataDimensions { category { id } }
    ... on StockOverviewDataDimensions { location { id name } }
    ... on MovedBoxDataDimensions { target { id type } }
  }
}
""",
    ),
}
