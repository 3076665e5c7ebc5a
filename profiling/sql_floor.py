"""The floor of the Boxes-view benchmark: the same rows fetched with the least SQL,
plus the JSON encoding of the same answer (profiling/run.py compares the app with it),
and small helpers that ask the database directly."""

from __future__ import annotations

import statistics
import time

import orjson

BASE_ID = "1"


# The same rows with the least work: one join for the boxes and every to-one field
# the document asks for, one for their tags, one for the tags' last use, one count.
FLOOR_BOXES = """
SELECT s.id, s.box_id, s.items, s.weight, s.monetary_value, s.box_state_id, s.comments,
       s.created, s.modified, s.deleted,
       p.id, p.name, p.gender_id, p.deleted, p.standard_product_id, pc.id, pc.label,
       sz.id, sz.label, u.symbol, l.id, l.label, c.monetary_currency_code,
       sd.id, sh.id, q.code, cu.id, cu.naam, mu.id, mu.naam
FROM (
    SELECT s.* FROM stock s JOIN locations l ON l.id = s.location_id
    WHERE l.camp_id = %s AND (s.deleted IS NULL OR s.deleted = 0) AND s.box_state_id = 1
    ORDER BY s.modified DESC, s.location_id, s.id
    LIMIT %s
) s
JOIN locations l ON l.id = s.location_id
JOIN camps c ON c.id = l.camp_id
JOIN products p ON p.id = s.product_id
JOIN product_categories pc ON pc.id = p.category_id
LEFT JOIN sizes sz ON sz.id = s.size_id
LEFT JOIN units u ON u.id = s.weight_display_unit_id
LEFT JOIN shipment_detail sd
       ON sd.box_id = s.id AND sd.removed_on IS NULL AND sd.received_on IS NULL
LEFT JOIN shipment sh ON sh.id = sd.shipment_id
LEFT JOIN qr q ON q.id = s.qr_id
LEFT JOIN cms_users cu ON cu.id = s.created_by
LEFT JOIN cms_users mu ON mu.id = s.modified_by
"""
FLOOR_COUNT = """
SELECT COUNT(*) FROM stock s JOIN locations l ON l.id = s.location_id
WHERE l.camp_id = %s AND (s.deleted IS NULL OR s.deleted = 0) AND s.box_state_id = 1
"""
FLOOR_TAGS = """
SELECT r.object_id, t.id, t.label, t.color, t.description, t.type, t.deleted, t.created,
       t.modified
FROM tags_relations r JOIN tags t ON t.id = r.tag_id
WHERE r.object_type = 'Stock' AND r.deleted_on IS NULL AND r.object_id IN ({ids})
"""
FLOOR_TAG_LAST_USE = """
SELECT tag_id, MAX(created_on) FROM tags_relations WHERE tag_id IN ({ids}) GROUP BY tag_id
"""


def database_connection(env: dict):
    import pymysql

    return pymysql.connect(
        host=env.get("MYSQL_HOST", "127.0.0.1"),
        port=int(env.get("MYSQL_PORT", "3306")),
        user=env.get("MYSQL_USER", "root"),
        password=env.get("MYSQL_PASSWORD", ""),
        database=env["MYSQL_DB"],
        autocommit=True,
    )


def floor(env: dict, variables: dict, answer: dict, repeat: int) -> dict:
    """Raw SQL fetch of the same rows plus orjson encoding of the same response."""
    limit = variables["paginationInput"] + 1  # one more: is there a next page
    sql_seconds, rows = [], 0
    with database_connection(env) as connection, connection.cursor() as cursor:
        for _ in range(repeat + 1):
            started = time.perf_counter()
            cursor.execute(FLOOR_COUNT, (int(BASE_ID),))
            cursor.fetchall()
            cursor.execute(FLOOR_BOXES, (int(BASE_ID), limit))
            boxes = cursor.fetchall()
            ids = ",".join(str(row[0]) for row in boxes) or "NULL"
            cursor.execute(FLOOR_TAGS.format(ids=ids))
            tags = cursor.fetchall()
            tag_ids = ",".join(sorted({str(row[1]) for row in tags})) or "NULL"
            cursor.execute(FLOOR_TAG_LAST_USE.format(ids=tag_ids))
            cursor.fetchall()
            sql_seconds.append(time.perf_counter() - started)
            rows = min(len(boxes), limit - 1)
    json_seconds = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        orjson.dumps(answer)
        json_seconds.append(time.perf_counter() - started)
    sql_ms = statistics.median(sql_seconds[1:]) * 1000
    json_ms = statistics.median(json_seconds[1:]) * 1000
    return {
        "sql_ms": round(sql_ms, 3),
        "json_ms": round(json_ms, 3),
        "floor_ms": round(sql_ms + json_ms, 3),
        "rows": rows,
    }


def boxes_in_base(env: dict) -> dict:
    with database_connection(env) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), SUM(s.box_state_id = 1) FROM stock s "
            "JOIN locations l ON l.id = s.location_id "
            "WHERE l.camp_id = %s AND (s.deleted IS NULL OR s.deleted = 0)",
            (int(BASE_ID),),
        )
        total, in_stock = cursor.fetchone()
    return {"boxes_in_base": int(total), "in_stock": int(in_stock or 0)}


def added_round_trip_ms(env: dict, direct_env: dict) -> float:
    """Median extra time of `SELECT 1` through `env` compared with `direct_env`."""

    def median_round_trip(settings: dict) -> float:
        with database_connection(settings) as connection, connection.cursor() as cursor:
            times = []
            for _ in range(30):
                started = time.perf_counter()
                cursor.execute("SELECT 1")
                cursor.fetchall()
                times.append(time.perf_counter() - started)
        return statistics.median(times) * 1000

    return round(median_round_trip(env) - median_round_trip(direct_env), 3)
