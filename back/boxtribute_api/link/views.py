"""What a link shows: the statistics of its base, as the view it names.

- StatvizDashboard: beneficiary demographics, created boxes, moved boxes and the
  stock overview of the base;
- StockOverview: the stock overview, filtered by the link's URL parameters
  `tags=1,2` (boxes with any of these tags) and `notags=3` (without any of these).
"""

from __future__ import annotations

from urllib.parse import parse_qs

from ..errors import FieldNotBuilt, InvalidInput

STATVIZ_DASHBOARD = "StatvizDashboard"
STOCK_OVERVIEW = "StockOverview"


def tag_filters(url_parameters: str | None) -> tuple[list[int] | None, list[int] | None]:
    """(tag ids to include, tag ids to exclude) of a StockOverview link's parameters;
    None where a parameter is absent or empty. The first value of a repeated
    parameter counts."""
    parameters = parse_qs(url_parameters or "")
    return _ids(parameters, "tags"), _ids(parameters, "notags")


def _ids(parameters: dict[str, list[str]], name: str) -> list[int] | None:
    values = parameters.get(name)
    if not values:
        return None
    try:
        return [int(i) for i in values[0].split(",")]
    except ValueError:
        raise InvalidInput(f"The link's parameter '{name}' is not a list of tag ids.") from None


async def view_data(view: str, base_id: int, url_parameters: str | None) -> list:
    """The data cubes of the view."""
    raise FieldNotBuilt("ResolvedLink.data")
