"""What a link shows: the statistics of its base, as the view it names.

- StatvizDashboard: beneficiary demographics, created boxes, moved boxes and the
  stock overview of the base;
- StockOverview: the stock overview, filtered by the link's URL parameters
  `tags=1,2` (boxes with any of these tags) and `notags=3` (without any of these).
"""

from __future__ import annotations

from urllib.parse import parse_qs

from ..db.offload import offload_on_replica
from ..errors import InvalidInput
from ..statistics import queries
from ..statistics.cube import DataCube

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


def dashboard(base_id: int) -> list[DataCube]:
    return [
        queries.beneficiary_demographics(base_id),
        queries.created_boxes(base_id),
        queries.moved_boxes(base_id),
        queries.stock_overview(base_id),
    ]


async def view_data(view: str, base_id: int, url_parameters: str | None) -> list[DataCube]:
    """The data cubes of the view, computed in one call on the read replica (when
    there is one), as the statistics queries are."""
    if view == STATVIZ_DASHBOARD:
        return await offload_on_replica(dashboard, base_id)
    if view == STOCK_OVERVIEW:
        tag_ids, excluded_tag_ids = tag_filters(url_parameters)
        cube = await offload_on_replica(
            queries.stock_overview, base_id, tag_ids=tag_ids, excluded_tag_ids=excluded_tag_ids
        )
        return [cube]
    raise InvalidInput(f"'{view}' is not a view a link can show.")
