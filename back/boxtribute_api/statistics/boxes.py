"""Box statistics of one base: boxes created there, the stock now, the products
most checked out and most donated. One aggregating statement per cube, plus small
look-ups of the dimensions' names."""

from __future__ import annotations

from collections.abc import Sequence

from . import cube
from .cube import PACK, UNPACK, DataCube, fact_type, rows

CreatedBoxesResult = fact_type("CreatedBoxesResult")
CreatedBoxDataDimensions = fact_type("CreatedBoxDataDimensions")
StockOverviewResult = fact_type("StockOverviewResult")
StockOverviewDataDimensions = fact_type("StockOverviewDataDimensions")
TopProductsCheckedOutResult = fact_type("TopProductsCheckedOutResult")
TopProductsDonatedResult = fact_type("TopProductsDonatedResult")
TopProductsDimensions = fact_type("TopProductsDimensions")

# A box's first change of a column tells the value it was created with (from_int);
# a box never changed there still has it. Boxes count for the base of the location
# they were created in, with their tags of today. Each first change comes with its
# old value packed into one number (cube.PACK), so the history is read once, without
# a look-up per box; the tags are grouped once per box and joined, not looked up per
# box (a fifth faster at 100,000 boxes).
_CREATED_BOXES = """
WITH first_change AS (
    SELECT record_id AS box_id,
           MIN(IF(changes = 'location_id', {packed}, NULL)) AS location_change,
           MIN(IF(changes = 'product_id', {packed}, NULL)) AS product_change,
           MIN(IF(changes = 'items', {packed}, NULL)) AS items_change
    FROM history
    WHERE tablename = 'stock' AND changes IN ('location_id', 'product_id', 'items')
    GROUP BY record_id
),
first_value AS (
    SELECT box_id,
           {unpack_location} AS location_id,
           {unpack_product} AS product_id,
           {unpack_items} AS items
    FROM first_change
),
created_box AS (
    SELECT s.id,
           DATE(s.created) AS created_on,
           IFNULL(fv.items, s.items) AS items,
           IFNULL(fv.product_id, s.product_id) AS product_id
    FROM stock s
    LEFT JOIN first_value fv ON fv.box_id = s.id
    WHERE s.created IS NOT NULL
      AND IFNULL(fv.location_id, s.location_id) IN (SELECT id FROM locations WHERE camp_id = %s)
),
box_tag AS (
    SELECT object_id AS box_id, GROUP_CONCAT(tag_id ORDER BY tag_id) AS tag_ids
    FROM tags_relations
    WHERE object_type = 'Stock' AND deleted_on IS NULL
    GROUP BY object_id
),
tagged AS (
    SELECT b.id, b.created_on, b.items, b.product_id, bt.tag_ids
    FROM created_box b
    LEFT JOIN box_tag bt ON bt.box_id = b.id
),
same_day_product_tags AS (
    SELECT created_on, product_id, tag_ids, COUNT(*) AS boxes, SUM(items) AS items
    FROM tagged
    GROUP BY created_on, product_id, tag_ids
)
SELECT DATE_FORMAT(g.created_on, '%%Y-%%m-%%dT00:00:00') AS created_on,
       CAST(SUM(g.boxes) AS SIGNED) AS boxes_count,
       CAST(SUM(g.items) AS SIGNED) AS items_count,
       p.id AS product_id,
       p.gender_id AS gender,
       p.category_id,
       g.tag_ids
FROM same_day_product_tags g
JOIN products p ON p.id = g.product_id
GROUP BY p.id, p.category_id, p.gender_id, g.created_on, g.tag_ids
ORDER BY p.id, p.category_id, p.gender_id, g.created_on, g.tag_ids
""".format(
    packed=PACK.format(id="id", value="from_int"),
    unpack_location=UNPACK.format(packed="location_change"),
    unpack_product=UNPACK.format(packed="product_change"),
    unpack_items=UNPACK.format(packed="items_change"),
)


def created_boxes(base_id: int) -> DataCube:
    """Boxes created in the base, by day of creation, product (as created) and tags,
    with the items they were created with."""
    cube.require_base(base_id)
    facts = rows(_CREATED_BOXES, (base_id,), CreatedBoxesResult)
    for fact in facts:
        fact["tag_ids"] = cube.tag_ids_of(fact["tag_ids"])
    dimensions = CreatedBoxDataDimensions(
        product=cube.products(f["product_id"] for f in facts),
        category=cube.categories(),
        tag=cube.tags(cube.tag_ids_in(facts)),
    )
    return DataCube(facts, dimensions, "CreatedBoxesData")


# Boxes of the base that are not deleted, in locations not deleted. A box whose only
# tags are deleted ones drops out (the original's join on tags filters it away).
_STOCK_OVERVIEW = """
WITH box AS (
    SELECT s.id, s.size_id, s.location_id, s.box_state_id, s.product_id, s.measure_value,
           s.display_unit_id, s.items
    FROM stock s
    JOIN locations l ON l.id = s.location_id AND l.camp_id = %(base)s
    WHERE (s.deleted IS NULL OR s.deleted = 0) AND (l.deleted IS NULL OR l.deleted = 0)
),
box_tag AS (
    SELECT tr.object_id AS box_id,
           GROUP_CONCAT(DISTINCT IF({live}, tr.tag_id, NULL) ORDER BY tr.tag_id) AS tag_ids,
           SUM(IF({live}, tr.tag_id IN ({included}), NULL)) AS included_tags,
           SUM(IF({live}, tr.tag_id IN ({excluded}), NULL)) AS excluded_tags
    FROM tags_relations tr
    WHERE tr.object_type = 'Stock' AND tr.deleted_on IS NULL
    GROUP BY tr.object_id
),
same_boxes AS (
    SELECT b.size_id, b.location_id, b.box_state_id, b.product_id, b.measure_value,
           b.display_unit_id, bt.tag_ids, COUNT(*) AS boxes, SUM(b.items) AS items
    FROM box b
    LEFT JOIN box_tag bt ON bt.box_id = b.id
    WHERE (bt.box_id IS NULL OR bt.tag_ids IS NOT NULL)
      AND (NOT %(including)s OR bt.included_tags > 0)
      AND (NOT %(excluding)s OR COALESCE(bt.excluded_tags, 0) = 0)
    GROUP BY b.size_id, b.location_id, b.box_state_id, b.product_id, b.measure_value,
             b.display_unit_id, bt.tag_ids
)
SELECT g.size_id,
       g.location_id,
       g.box_state_id AS box_state,
       p.category_id,
       TRIM(LOWER(p.name)) AS product_name,
       ROUND(g.measure_value, 3 - FLOOR(LOG10(g.measure_value) + 1)) AS absolute_measure_value,
       u.dimension_id,
       p.gender_id AS gender,
       g.tag_ids,
       CAST(SUM(g.boxes) AS SIGNED) AS boxes_count,
       CAST(SUM(g.items) AS SIGNED) AS items_count
FROM same_boxes g
JOIN products p ON p.id = g.product_id
LEFT JOIN units u ON u.id = g.display_unit_id
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9
"""


def stock_overview(
    base_id: int,
    *,
    tag_ids: Sequence[int] | None = None,
    excluded_tag_ids: Sequence[int] | None = None,
) -> DataCube:
    """Boxes and items in the base now, by size, location, state, product category,
    name and gender, measure and tags. With `tag_ids`: only boxes with one of them;
    with `excluded_tag_ids`: none of those (the shared link's view)."""
    cube.require_base(base_id)
    included = [int(i) for i in tag_ids or ()]
    excluded = [int(i) for i in excluded_tag_ids or ()]
    # Tags not deleted (or missing: the original's outer join keeps those) count; a box
    # whose tags are all deleted ones drops out, as in the original.
    deleted_tags = [
        row["id"] for row in rows("SELECT id FROM tags WHERE NOT (deleted IS NULL OR deleted = 0)")
    ]
    sql = _STOCK_OVERVIEW.format(
        live=f"tr.tag_id NOT IN ({', '.join(map(str, deleted_tags))})" if deleted_tags else "TRUE",
        included=", ".join(str(i) for i in included) or "NULL",
        excluded=", ".join(str(i) for i in excluded) or "NULL",
    )
    params = {"base": base_id, "including": bool(included), "excluding": bool(excluded)}
    facts = rows(sql, params, StockOverviewResult)
    for fact in facts:
        fact["tag_ids"] = cube.tag_ids_of(fact["tag_ids"])
    dimensions = StockOverviewDataDimensions(
        size=cube.sizes(f["size_id"] for f in facts),
        location=cube.locations(f["location_id"] for f in facts),
        category=cube.categories(),
        tag=cube.tags(cube.tag_ids_in(facts)),
        dimension=cube.measure_dimensions(),
    )
    return DataCube(facts, dimensions, "StockOverviewData")


_CHECKED_OUT = """
SELECT DATE(t.transaction_date) AS checked_out_on,
       t.product_id,
       p.category_id,
       CAST(SUM(t.count) AS SIGNED) AS items_count,
       RANK() OVER (ORDER BY SUM(t.count) DESC) AS `rank`
FROM transactions t
JOIN products p ON p.id = t.product_id AND p.camp_id = %s
GROUP BY t.product_id, p.category_id, checked_out_on
ORDER BY t.product_id, p.category_id, checked_out_on
"""


def top_products_checked_out(base_id: int) -> DataCube:
    """Items of the base's products handed out, by day and product, ranked."""
    cube.require_base(base_id)
    facts = rows(_CHECKED_OUT, (base_id,), TopProductsCheckedOutResult)
    dimensions = TopProductsDimensions(
        product=cube.products(f["product_id"] for f in facts),
        category=cube.categories(),
        size=None,
    )
    return DataCube(facts, dimensions, "TopProductsCheckedOutData")


_DONATED = """
SELECT DATE(s.created) AS created_on,
       DATE(h.changedate) AS donated_on,
       s.size_id,
       s.product_id,
       p.category_id,
       CAST(SUM(s.items) AS SIGNED) AS items_count,
       RANK() OVER (ORDER BY SUM(s.items) DESC) AS `rank`
FROM history h
JOIN stock s
  ON s.id = h.record_id AND h.tablename = 'stock' AND h.changes = 'box_state_id'
 AND h.from_int = 1 AND h.to_int = 5
JOIN products p ON p.id = s.product_id AND p.camp_id = %s
GROUP BY created_on, donated_on, s.size_id, s.product_id, p.category_id
ORDER BY created_on, donated_on, s.size_id, s.product_id, p.category_id
"""


def top_products_donated(base_id: int) -> DataCube:
    """Items of boxes of the base's products moved from InStock to Donated, by day of
    creation, day of donation, size and product, ranked."""
    cube.require_base(base_id)
    facts = rows(_DONATED, (base_id,), TopProductsDonatedResult)
    dimensions = TopProductsDimensions(
        product=cube.products(f["product_id"] for f in facts),
        category=cube.categories(),
        size=cube.sizes(f["size_id"] for f in facts),
    )
    return DataCube(facts, dimensions, "TopProductsDonatedData")
