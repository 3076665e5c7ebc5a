"""The statistics functions a shared link reuses, called directly: the stock
overview's tag filters, and the errors of a base that does not exist."""

from __future__ import annotations

import pytest

from boxtribute_api.db.routing import connection_scope
from boxtribute_api.errors import ResourceNotFound
from boxtribute_api.statistics import queries
from support.database import query

# Boxes the stock overview counts: not deleted, in a location of the base that is
# not deleted, and not carrying only deleted tags.
BOXES = """
SELECT COUNT(*) FROM stock s JOIN locations l ON l.id = s.location_id
WHERE l.camp_id = 1 AND (s.deleted IS NULL OR s.deleted = 0)
  AND (l.deleted IS NULL OR l.deleted = 0) {condition}
"""
LIVE_TAG = (
    "SELECT 1 FROM tags_relations tr JOIN tags t ON t.id = tr.tag_id"
    " WHERE tr.object_id = s.id AND tr.object_type = 'Stock' AND tr.deleted_on IS NULL"
    " AND (t.deleted IS NULL OR t.deleted = 0)"
)


def boxes(database: str, condition: str = "", params=()) -> int:
    return query(database, BOXES.format(condition=condition), params)[0][0]


@pytest.fixture
def stock(client, demo_db):
    """stock_overview on the demo world: (function, database name)."""

    def overview(**filters):
        with connection_scope():
            return queries.stock_overview(1, **filters)

    return overview, demo_db


def most_used_box_tag(database: str) -> int:
    return query(
        database,
        "SELECT tr.tag_id FROM tags_relations tr JOIN stock s ON s.id = tr.object_id"
        " JOIN locations l ON l.id = s.location_id AND l.camp_id = 1"
        " WHERE tr.object_type = 'Stock' AND tr.deleted_on IS NULL"
        " GROUP BY tr.tag_id ORDER BY COUNT(*) DESC, tr.tag_id LIMIT 1",
    )[0][0]


def test_the_stock_overview_counts_every_box_of_the_base_once(stock):
    overview, database = stock
    cube = overview()

    assert sum(f["boxes_count"] for f in cube.facts) == boxes(database)
    assert cube.graphql_type == "StockOverviewData"


def test_with_tags_only_boxes_carrying_one_of_them_count(stock):
    overview, database = stock
    tag = most_used_box_tag(database)

    cube = overview(tag_ids=[tag])

    assert cube.facts
    assert all(tag in f["tag_ids"] for f in cube.facts)
    with_tag = f"AND EXISTS ({LIVE_TAG} AND tr.tag_id = %s)"
    assert sum(f["boxes_count"] for f in cube.facts) == boxes(database, with_tag, (tag,))


def test_excluded_tags_leave_out_the_boxes_carrying_them_and_keep_untagged_ones(stock):
    overview, database = stock
    tag = most_used_box_tag(database)

    cube = overview(excluded_tag_ids=[tag])

    assert all(tag not in f["tag_ids"] for f in cube.facts)
    assert any(f["tag_ids"] == [] for f in cube.facts)
    without_tag = f"AND NOT EXISTS ({LIVE_TAG} AND tr.tag_id = %s)"
    assert sum(f["boxes_count"] for f in cube.facts) == boxes(database, without_tag, (tag,))


def test_a_tag_both_wanted_and_excluded_leaves_nothing(stock):
    overview, database = stock
    tag = most_used_box_tag(database)

    assert overview(tag_ids=[tag], excluded_tag_ids=[tag]).facts == []


@pytest.mark.parametrize(
    "name",
    [
        "created_boxes",
        "moved_boxes",
        "stock_overview",
        "beneficiary_demographics",
        "beneficiary_reach",
        "top_products_checked_out",
        "top_products_donated",
    ],
)
def test_a_base_that_does_not_exist_is_the_clients_error(client, name):
    with connection_scope(), pytest.raises(ResourceNotFound):
        getattr(queries, name)(99999)


def test_figures_of_a_base_without_beneficiaries_are_zeros(client):
    with connection_scope():
        figures = queries.beneficiary_figures(99999)

    assert figures["major_family_head_gender"] == "D"
    assert figures["average_family_size"] == 0.0
