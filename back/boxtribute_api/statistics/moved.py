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
from .cube import PACK, UNPACK, DataCube, fact_type, rows

MovedBoxesResult = fact_type("MovedBoxesResult")
MovedBoxDataDimensions = fact_type("MovedBoxDataDimensions")

_IN_STOCK, _DONATED = 1, 5
_LOST_STATES = (2, 6)  # Lost, Scrap
# In production only history from 2023 on is read (before, a box's state followed
# from its location's type); the first history row of 2023 there.
_PRODUCTION_FIRST_HISTORY_ID = 1_324_559

# The columns a box is rebuilt from, with their codes in `box_history.change`.
_COLUMNS = {"items": 10, "location_id": 11, "box_state_id": 12, "product_id": 13, "size_id": 14}
_EVENTS = {"Record deleted": 1, "Box was undeleted.": 2, "Record created": 3}

# A change packed with one of its values (cube.PACK): the smallest of those after an
# event is the next change, with its value.


def _nearest_changes() -> str:
    """Per history row, for each column: the next change of it (packed with its old
    value) and the previous one (packed with its new value), among the box's rows."""
    parts = []
    for column in _COLUMNS:
        after = PACK.format(id="h.id", value="h.from_int")
        before = PACK.format(id="h.id", value="h.to_int")
        parts.append(f"MIN(IF(h.changes = '{column}', {after}, NULL)) OVER later AS next_{column}")
        parts.append(
            f"MAX(IF(h.changes = '{column}', {before}, NULL)) OVER earlier AS prev_{column}"
        )
    return ",\n           ".join(parts)


def _values_at_event() -> str:
    """Each column at the event: its new value if the event changed it, else the next
    change's old value, else the previous change's new value, else today's."""
    values = []
    for column, code in _COLUMNS.items():
        next_value = UNPACK.format(packed=f"e.next_{column}")
        previous_value = UNPACK.format(packed=f"e.prev_{column}")
        values.append(
            f"IF(e.change = {code}, e.to_int,"
            f" COALESCE({next_value}, {previous_value}, e.box_{column})) AS {column}"
        )
    return ",\n           ".join(values)


def _change_code() -> str:
    codes = {**_EVENTS, **_COLUMNS}
    cases = " ".join(f"WHEN '{name}' THEN {code}" for name, code in codes.items())
    return f"CASE h.changes {cases} END"


_ROUNDED = "ROUND({0}, 3 - FLOOR(LOG10({0}) + 1))"
_BOX_TAGS = (
    "LEFT JOIN tags_relations tr"
    " ON tr.object_id = {box} AND tr.object_type = 'Stock' AND tr.deleted_on IS NULL"
)
_TAG_IDS = "GROUP_CONCAT(DISTINCT tr.tag_id ORDER BY tr.tag_id)"

_MOVED_BOXES = f"""
WITH box_set AS (
    -- The base's boxes (moves, deletions) and boxes elsewhere of the base's products
    -- (their losses count for the base, as in the original).
    SELECT s.id, s.items, s.location_id, s.size_id, s.box_state_id, s.display_unit_id,
           {_ROUNDED.format("s.measure_value")} AS measure_value, s.product_id,
           TRUE AS in_base
    FROM stock s
    JOIN locations l ON l.id = s.location_id AND l.camp_id = %(base)s
  UNION ALL
    SELECT s.id, s.items, s.location_id, s.size_id, s.box_state_id, s.display_unit_id,
           {_ROUNDED.format("s.measure_value")}, s.product_id, FALSE
    FROM stock s
    WHERE s.product_id IN (SELECT id FROM products WHERE camp_id = %(base)s)
      AND s.location_id NOT IN (SELECT id FROM locations WHERE camp_id = %(base)s)
),
box_history AS (
    -- Every change of a box of the base that counts, read once, each with the nearest
    -- changes of every column around it (changes of any table with the box's id
    -- count, as in the original; the events themselves only of 'stock').
    SELECT h.id, h.record_id AS box_id, h.tablename = 'stock' AS of_stock,
           {_change_code()} AS `change`, h.changedate, h.from_int, h.to_int,
           b.items AS box_items, b.location_id AS box_location_id,
           b.box_state_id AS box_box_state_id, b.product_id AS box_product_id,
           b.size_id AS box_size_id, b.display_unit_id, b.measure_value, b.in_base,
           {_nearest_changes()}
    FROM box_set b
    JOIN history h ON h.record_id = b.id
    WHERE h.changes IN {tuple([*_EVENTS, *_COLUMNS])!r}
    WINDOW later AS (PARTITION BY h.record_id ORDER BY h.id
                     ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING),
           earlier AS (PARTITION BY h.record_id ORDER BY h.id
                       ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
version AS (
    -- Moves rebuild the box as it was; losses (kind 20) take it as it is.
    SELECT e.id, e.box_id, e.changedate, e.from_int, e.to_int, e.display_unit_id,
           e.measure_value, e.box_product_id, e.box_size_id, e.box_items,
           IF(e.`change` = 12 AND e.to_int IN {_LOST_STATES!r}, 20, e.`change`) AS kind,
           {_values_at_event()}
    FROM box_history e
    WHERE e.of_stock
      AND ((e.in_base AND e.id >= %(first_history_id)s
            AND (e.`change` IN (1, 2, 3)
                 OR (e.`change` = 12
                     AND ((e.from_int = {_IN_STOCK} AND e.to_int = {_DONATED})
                          OR (e.from_int = {_DONATED} AND e.to_int = {_IN_STOCK})))))
           OR (e.`change` = 12 AND e.from_int = {_IN_STOCK} AND e.to_int IN {_LOST_STATES!r}))
),
box_move AS (
    SELECT DISTINCT v.kind, v.box_id, DATE(v.changedate) AS moved_on,
           IF(v.kind = 20, v.box_product_id, v.product_id) AS product_id,
           IF(v.kind = 20, v.box_size_id, v.size_id) AS size_id,
           v.measure_value, v.display_unit_id,
           IF(v.kind = 20, NULL, v.location_id) AS location_id,
           IF(v.kind = 20, v.box_items, v.items) AS items,
           IF(v.kind IN (12, 20), v.from_int, NULL) AS from_state,
           IF(v.kind IN (12, 20), v.to_int, NULL) AS to_state,
           IF(v.kind = 20, v.id, NULL) AS lost_history_id
    FROM version v
    WHERE v.kind IN (1, 2, 12, 20) OR (v.kind = 3 AND v.box_state_id = {_DONATED})
),
box_move_tagged AS (
    SELECT m.kind, m.moved_on, m.product_id, m.size_id, m.measure_value,
           m.display_unit_id, m.location_id, m.items, m.to_state,
           IF(m.kind = 2 OR (m.kind = 12 AND m.to_state = {_IN_STOCK}), -1, 1) AS sign,
           {_TAG_IDS} AS tag_ids
    FROM box_move m
    {_BOX_TAGS.format(box="m.box_id")}
    GROUP BY m.kind, m.box_id, m.moved_on, m.product_id, m.size_id, m.measure_value,
             m.display_unit_id, m.location_id, m.items, m.from_state, m.to_state,
             m.lost_history_id
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
)
SELECT CASE m.kind WHEN 12 THEN 4 WHEN 20 THEN 7 ELSE m.kind END AS part,
       p.camp_id AS base_id, m.moved_on, p.category_id,
       TRIM(LOWER(p.name)) AS product_name, p.gender_id AS gender, m.size_id,
       m.measure_value AS absolute_measure_value, u.dimension_id, m.tag_ids,
       CASE WHEN m.kind IN (1, 2) THEN 'Deleted' WHEN m.kind = 20 THEN bs.label
            ELSE MIN(loc.id) END AS target_id,
       NULL AS organisation_name,
       IF(m.kind IN (1, 2, 20), 'BoxState', 'OutgoingLocation') AS target_type,
       CAST(SUM(m.sign) AS SIGNED) AS boxes_count,
       CAST(SUM(m.sign * m.items) AS SIGNED) AS items_count,
       p.name AS sort_name, IF(m.kind = 20, bs.label, loc.label) AS sort_label
FROM box_move_tagged m
JOIN products p ON p.id = m.product_id
LEFT JOIN locations loc ON loc.id = m.location_id
LEFT JOIN box_state bs ON bs.id = m.to_state AND m.kind = 20
LEFT JOIN units u ON u.id = m.display_unit_id
WHERE IF(m.kind = 20, bs.id IS NOT NULL AND p.camp_id = %(base)s, loc.id IS NOT NULL)
GROUP BY 1, p.camp_id, m.moved_on, p.category_id, p.name, p.gender_id, m.size_id,
         17, m.measure_value, u.dimension_id, m.tag_ids
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
