"""What a link shows: the statistics of its base, as the view it names.

- StatvizDashboard: beneficiary demographics, created boxes, moved boxes and the
  stock overview of the base;
- StockOverview: the stock overview, filtered by the link's URL parameters
  `tags=1,2` (boxes with any of these tags) and `notags=3` (without any of these).

Only the cubes the request reads are computed. The statistics frontend asks a
dashboard link for the stock overview's facts and the other cubes' type names
only; computing those three (at 100,000 boxes several seconds) would change
nothing in the answer. A cube not read is answered by its type alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import parse_qs

from graphql import FieldNode, FragmentSpreadNode, GraphQLResolveInfo, InlineFragmentNode

from ..db.offload import offload_on_replica
from ..errors import InvalidInput
from ..statistics import cube, queries
from ..statistics.cube import DataCube

STATVIZ_DASHBOARD = "StatvizDashboard"
STOCK_OVERVIEW = "StockOverview"
INTERFACE = "DataCube"

# Read: every cube (a field asked for on the DataCube interface itself).
EVERY_CUBE = frozenset({INTERFACE})


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


def cube_types_read(info: GraphQLResolveInfo) -> frozenset[str]:
    """The DataCube types of which the request selects more than `__typename` (with
    fragments expanded; directives are not looked at, so a skipped field counts);
    EVERY_CUBE when a field is selected on the interface itself."""
    found: set[str] = set()
    seen_fragments: set[str] = set()

    def visit(selections: Iterable, type_name: str) -> None:
        for selection in selections:
            if isinstance(selection, FieldNode):
                if selection.name.value != "__typename":
                    found.add(type_name)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                visit(
                    selection.selection_set.selections,
                    condition.name.value if condition else type_name,
                )
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                if name in seen_fragments or name not in info.fragments:
                    continue
                seen_fragments.add(name)
                fragment = info.fragments[name]
                visit(fragment.selection_set.selections, fragment.type_condition.name.value)

    for node in info.field_nodes:
        if node.selection_set is not None:
            visit(node.selection_set.selections, INTERFACE)
    return EVERY_CUBE if INTERFACE in found else frozenset(found)


@dataclass(frozen=True)
class UnreadCube:
    """A cube the request reads nothing of but its type. Reading more is a bug of
    `cube_types_read`: it fails loudly instead of answering an empty cube."""

    graphql_type: str

    @property
    def facts(self):
        raise RuntimeError(f"{self.graphql_type} was not computed: it was not to be read")

    @property
    def dimensions(self):
        raise RuntimeError(f"{self.graphql_type} was not computed: it was not to be read")


def _cubes(
    base_id: int, computations: list[tuple[str, Callable[[], DataCube]]], read: frozenset[str]
) -> list[DataCube | UnreadCube]:
    """Each cube computed if read, else its type alone; the base must exist either
    way (as when every cube is computed)."""
    cubes = [
        compute() if read is EVERY_CUBE or graphql_type in read else UnreadCube(graphql_type)
        for graphql_type, compute in computations
    ]
    if not any(read is EVERY_CUBE or t in read for t, _ in computations):
        cube.require_base(base_id)
    return cubes


def dashboard(base_id: int, read: frozenset[str]) -> list[DataCube | UnreadCube]:
    return _cubes(
        base_id,
        [
            ("BeneficiaryDemographicsData", lambda: queries.beneficiary_demographics(base_id)),
            ("CreatedBoxesData", lambda: queries.created_boxes(base_id)),
            ("MovedBoxesData", lambda: queries.moved_boxes(base_id)),
            ("StockOverviewData", lambda: queries.stock_overview(base_id)),
        ],
        read,
    )


def stock_overview(
    base_id: int, url_parameters: str | None, read: frozenset[str]
) -> list[DataCube | UnreadCube]:
    tag_ids, excluded_tag_ids = tag_filters(url_parameters)
    return _cubes(
        base_id,
        [
            (
                "StockOverviewData",
                lambda: queries.stock_overview(
                    base_id, tag_ids=tag_ids, excluded_tag_ids=excluded_tag_ids
                ),
            )
        ],
        read,
    )


async def view_data(
    view: str, base_id: int, url_parameters: str | None, read: frozenset[str] = EVERY_CUBE
) -> list[DataCube | UnreadCube]:
    """The data cubes of the view (those in `read` computed), in one call on the
    read replica (when there is one), as the statistics queries are."""
    if view == STATVIZ_DASHBOARD:
        return await offload_on_replica(dashboard, base_id, read)
    if view == STOCK_OVERVIEW:
        tag_filters(url_parameters)  # bad parameters are the client's error, read or not
        return await offload_on_replica(stock_overview, base_id, url_parameters, read)
    raise InvalidInput(f"'{view}' is not a view a link can show.")
