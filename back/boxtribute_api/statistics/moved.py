"""Boxes that left a base's stock, and how: donated (moved from InStock to Donated;
back again counts negative), created as donated, deleted (undeleted counts
negative), lost or scrapped, shipped to another base, received from one.

The original reconstructs each box's product, size, location and items at the
moment of every change with five pairs of correlated subqueries per history row.
Here the moments that count are picked first (state changes between InStock and
Donated, creations, deletions, undeletions), and each is joined once with the
changes of its box to find, per column, the nearest change after and before it:
the column's value then is the later change's old value, else the earlier one's new
value, else today's. One statement answers the facts.
"""

from __future__ import annotations

import os

from . import cube
from .cube import DataCube, fact_type, rows

MovedBoxesResult = fact_type("MovedBoxesResult")
MovedBoxDataDimensions = fact_type("MovedBoxDataDimensions")

_IN_STOCK, _DONATED = 1, 5
# In production only history from 2023 on is read (before, a box's state followed
# from its location's type); the first history row of 2023 there.
_PRODUCTION_FIRST_HISTORY_ID = 1_324_559

_COLUMNS = ("items", "location_id", "box_state_id", "product_id", "size_id")


def _nearest_changes() -> str:
    parts = []
    for column in _COLUMNS:
        parts.append(
            f"MIN(IF(c.changes = '{column}' AND c.id > e.id, c.id, NULL)) AS next_{column}"
        )
        parts.append(
            f"MAX(IF(c.changes = '{column}' AND c.id < e.id, c.id, NULL)) AS prev_{column}"
        )
    return ",\n           ".join(parts)


def _value_at_event(column: str, stock_column: str) -> tuple[str, str]:
    """(SQL of the column's value at the event, joins it needs)."""
    value = (
        f"IF(e.changes = '{column}', e.to_int,"
        f" COALESCE(next_{column}.from_int, prev_{column}.to_int, b.{stock_column}))"
    )
    joins = (
        f"LEFT JOIN history next_{column} ON next_{column}.id = n.next_{column}\n"
        f"    LEFT JOIN history prev_{column} ON prev_{column}.id = n.prev_{column}"
    )
    return value, joins


def _version_select() -> str:
    stock_columns = {
        "items": "items",
        "location_id": "location_id",
        "box_state_id": "box_state_id",
        "product_id": "product_id",
        "size_id": "size_id",
    }
    values, joins = [], []
    for column, stock_column in stock_columns.items():
        value, join = _value_at_event(column, stock_column)
        values.append(f"{value} AS {column}")
        joins.append(join)
    return (
        "SELECT e.id, e.box_id, e.kind, e.changedate, e.from_int, e.to_int,"
        " b.display_unit_id, b.measure_value,\n           "
        + ",\n           ".join(values)
        + "\n    FROM event e\n    JOIN valid_box b ON b.id = e.box_id\n"
        "    JOIN nearest n ON n.id = e.id\n    " + "\n    ".join(joins)
    )


_ROUNDED = "ROUND({0}, 3 - FLOOR(LOG10({0}) + 1))"
_BOX_TAGS = (
    "LEFT JOIN tags_relations tr"
    " ON tr.object_id = {box} AND tr.object_type = 'Stock' AND tr.deleted_on IS NULL"
)
_TAG_IDS = "GROUP_CONCAT(DISTINCT tr.tag_id ORDER BY tr.tag_id)"

_MOVED_BOXES = f"""
WITH valid_box AS (
    SELECT s.id, s.items, s.location_id, s.size_id, s.box_state_id, s.display_unit_id,
           {_ROUNDED.format("s.measure_value")} AS measure_value, s.product_id
    FROM stock s
    JOIN locations l ON l.id = s.location_id AND l.camp_id = %(base)s
),
event AS (
    SELECT h.id, h.record_id AS box_id, h.changes, h.changedate, h.from_int, h.to_int,
           CASE h.changes
               WHEN 'Record deleted' THEN 1
               WHEN 'Box was undeleted.' THEN 2
               WHEN 'Record created' THEN 3
               ELSE 4
           END AS kind
    FROM history h
    JOIN valid_box b ON b.id = h.record_id
    WHERE h.tablename = 'stock' AND h.id >= %(first_history_id)s
      AND (h.changes IN ('Record deleted', 'Box was undeleted.', 'Record created')
           OR (h.changes = 'box_state_id'
               AND ((h.from_int = {_IN_STOCK} AND h.to_int = {_DONATED})
                    OR (h.from_int = {_DONATED} AND h.to_int = {_IN_STOCK}))))
),
nearest AS (
    SELECT e.id,
           {_nearest_changes()}
    FROM event e
    LEFT JOIN history c
      ON c.record_id = e.box_id AND c.changes IN {_COLUMNS!r}
    GROUP BY e.id
),
version AS (
    {_version_select()}
),
box_move AS (
    SELECT DISTINCT v.kind, v.box_id, DATE(v.changedate) AS moved_on, v.product_id,
           v.size_id, v.measure_value, v.display_unit_id, v.location_id, v.items,
           IF(v.kind = 4, v.from_int, NULL) AS from_state,
           IF(v.kind = 4, v.to_int, NULL) AS to_state
    FROM version v
    WHERE v.kind <> 3 OR v.box_state_id = {_DONATED}
),
box_move_tagged AS (
    SELECT m.kind, m.moved_on, m.product_id, m.size_id, m.measure_value,
           m.display_unit_id, m.location_id, m.items,
           IF(m.kind IN (2, 4) AND NOT (m.kind = 4 AND m.to_state = {_DONATED}), -1, 1) AS sign,
           {_TAG_IDS} AS tag_ids
    FROM box_move m
    {_BOX_TAGS.format(box="m.box_id")}
    GROUP BY m.kind, m.box_id, m.moved_on, m.product_id, m.size_id, m.measure_value,
             m.display_unit_id, m.location_id, m.items, m.from_state, m.to_state
),
shipped AS (
    SELECT d.shipment_id, d.box_id, d.source_product_id, d.source_size_id,
           d.source_quantity, {_TAG_IDS} AS tag_ids
    FROM shipment_detail d
    JOIN shipment sh ON sh.id = d.shipment_id AND sh.source_base_id = %(base)s
    {_BOX_TAGS.format(box="d.box_id")}
    WHERE d.removed_on IS NULL AND sh.sent_on IS NOT NULL
    GROUP BY d.box_id, d.shipment_id, d.source_product_id, d.source_size_id, d.source_quantity
),
received AS (
    SELECT d.shipment_id, d.box_id, d.target_product_id, d.target_size_id,
           d.target_quantity, {_TAG_IDS} AS tag_ids
    FROM shipment_detail d
    JOIN shipment sh ON sh.id = d.shipment_id AND sh.target_base_id = %(base)s
    {_BOX_TAGS.format(box="d.box_id")}
    WHERE d.removed_on IS NULL AND sh.receiving_started_on IS NOT NULL
    GROUP BY d.box_id, d.shipment_id, d.target_product_id, d.target_size_id, d.target_quantity
),
lost_or_scrapped AS (
    SELECT h.id, h.changedate, h.to_int, b.product_id, b.size_id, b.measure_value,
           b.display_unit_id, b.items, {_TAG_IDS} AS tag_ids
    FROM products p
    JOIN stock b ON b.product_id = p.id
    JOIN history h
      ON h.record_id = b.id AND h.tablename = 'stock' AND h.changes = 'box_state_id'
     AND h.from_int = {_IN_STOCK} AND h.to_int IN (2, 6)
    {_BOX_TAGS.format(box="b.id")}
    WHERE p.camp_id = %(base)s
    GROUP BY h.id
)
SELECT m.kind AS part, p.camp_id AS base_id, m.moved_on, p.category_id,
       TRIM(LOWER(p.name)) AS product_name, p.gender_id AS gender, m.size_id,
       m.measure_value AS absolute_measure_value, u.dimension_id, m.tag_ids,
       IF(m.kind IN (1, 2), 'Deleted', MIN(loc.id)) AS target_id,
       NULL AS organisation_name,
       IF(m.kind IN (1, 2), 'BoxState', 'OutgoingLocation') AS target_type,
       CAST(SUM(m.sign) AS SIGNED) AS boxes_count,
       CAST(SUM(m.sign * m.items) AS SIGNED) AS items_count,
       p.name AS sort_name, loc.label AS sort_label
FROM box_move_tagged m
JOIN products p ON p.id = m.product_id
JOIN locations loc ON loc.id = m.location_id
LEFT JOIN units u ON u.id = m.display_unit_id
GROUP BY m.kind, p.camp_id, m.moved_on, p.category_id, p.name, p.gender_id, m.size_id,
         loc.label, m.measure_value, u.dimension_id, m.tag_ids
UNION ALL
SELECT 5, %(base)s, DATE(sh.sent_on), p.category_id, TRIM(LOWER(p.name)), p.gender_id,
       t.source_size_id, {_ROUNDED.format("b.measure_value")}, u.dimension_id, t.tag_ids,
       CONCAT('going-to-', c.name), o.label, 'OutgoingShipment',
       COUNT(t.box_id), CAST(SUM(t.source_quantity) AS SIGNED), p.name, c.name
FROM shipped t
JOIN shipment sh ON sh.id = t.shipment_id
JOIN camps c ON c.id = sh.target_base_id
JOIN organisations o ON o.id = c.organisation_id
JOIN products p ON p.id = t.source_product_id
JOIN stock b ON b.id = t.box_id
LEFT JOIN units u ON u.id = b.display_unit_id
GROUP BY 3, 4, p.name, 6, 7, c.name, 8, 9, 10
UNION ALL
SELECT 6, %(base)s, DATE(sh.receiving_started_on), p.category_id, TRIM(LOWER(p.name)),
       p.gender_id, t.target_size_id, {_ROUNDED.format("b.measure_value")}, u.dimension_id,
       t.tag_ids, CONCAT('sent-from-', c.name), o.label, 'IncomingShipment',
       COUNT(t.box_id), CAST(SUM(t.target_quantity) AS SIGNED), p.name, c.name
FROM received t
JOIN shipment sh ON sh.id = t.shipment_id
JOIN camps c ON c.id = sh.source_base_id
JOIN organisations o ON o.id = c.organisation_id
JOIN products p ON p.id = t.target_product_id
JOIN stock b ON b.id = t.box_id
LEFT JOIN units u ON u.id = b.display_unit_id
GROUP BY 3, 4, p.name, 6, 7, c.name, 8, 9, 10
UNION ALL
SELECT 7, p.camp_id, DATE(t.changedate), p.category_id, TRIM(LOWER(p.name)), p.gender_id,
       t.size_id, {_ROUNDED.format("t.measure_value")}, u.dimension_id, t.tag_ids,
       bs.label, NULL, 'BoxState', COUNT(t.id), CAST(SUM(t.items) AS SIGNED), p.name, bs.label
FROM lost_or_scrapped t
JOIN products p ON p.id = t.product_id
JOIN box_state bs ON bs.id = t.to_int
LEFT JOIN units u ON u.id = t.display_unit_id
GROUP BY 2, 3, 4, p.name, 6, 7, bs.label, 8, 9, 10
ORDER BY 1, 2, 3, 4, 16, 6, 7, 17, 8, 9, 10
"""

_TARGET_TYPES = ("OutgoingShipment", "IncomingShipment", "OutgoingLocation", "BoxState")


def _first_history_id() -> int:
    # As the original decides it: production, and not its CI.
    production = os.environ.get("ENVIRONMENT") == "production"
    return _PRODUCTION_FIRST_HISTORY_ID if production and os.environ.get("CI") != "true" else 1


def _targets(facts: list[dict]) -> list[dict]:
    """The target dimension: by type in the order of TargetType; locations in the order
    of the original's set of their ids, other targets by name."""
    targets = []
    for target_type in _TARGET_TYPES:
        ids = sorted({f["target_id"] for f in facts if f["target_type"] == target_type})
        if target_type == "OutgoingLocation":
            location_ids = cube.in_set_order(int(i) for i in ids)
            found = {
                row["id"]: row
                for row in rows(
                    "SELECT id, label AS name, DATE(deleted) AS deleted_on FROM locations"
                    f" WHERE id IN ({cube.placeholders(location_ids)})",
                    location_ids,
                )
            }
            targets += [
                {
                    "id": str(i),
                    "name": found[i]["name"],
                    "type": target_type,
                    "deleted_on": found[i]["deleted_on"],
                }
                for i in location_ids
            ]
            continue
        targets += [
            {
                "id": i,
                "name": i.replace("sent-from-", "").replace("going-to-", ""),
                "type": target_type,
                "deleted_on": None,
            }
            for i in ids
        ]
    return targets


def moved_boxes(base_id: int) -> DataCube:
    """Boxes and items that left the base (or came back), by day, product category,
    name and gender, size, measure, tags and target (a location for donations, a
    base for shipments, a state for lost, scrapped and deleted boxes)."""
    cube.require_base(base_id)
    facts = rows(
        _MOVED_BOXES,
        {"base": base_id, "first_history_id": _first_history_id()},
        MovedBoxesResult,
    )
    for fact in facts:
        fact["tag_ids"] = [int(i) for i in fact["tag_ids"].split(",")] if fact["tag_ids"] else []
        fact["target_id"] = str(fact["target_id"])
    dimensions = MovedBoxDataDimensions(
        category=cube.categories(),
        size=cube.sizes(f["size_id"] for f in facts),
        tag=cube.tags(cube.tag_ids_in(facts)),
        target=_targets(facts),
    )
    return DataCube(facts, dimensions, "MovedBoxesData")
