"""Values of the dev seed the cases use, looked up when cases are generated.

Every look-up orders by primary key, so it picks the same rows on every pristine
seed. The names say what a value is ("the first InStock box of base 1"); the case
ids use the names, the recorded files the values.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field

import pymysql

# stock.box_state_id
STATE_IDS = {
    "InStock": 1,
    "Lost": 2,
    "MarkedForShipment": 3,
    "Receiving": 4,
    "Donated": 5,
    "Scrap": 6,
    "InTransit": 7,
    "NotDelivered": 8,
}

MISSING_ID = 99999
MISSING_LABEL = "99999999"
MISSING_QR = "0000000000000000000000000000abcd"


def cursor_for(record_id: int) -> str:
    """A page cursor as the API writes it: the id, zero-padded to 8 digits, base64."""
    return base64.b64encode(f"{record_id:08}".encode()).decode()


@dataclass
class SeedFacts:
    conn: pymysql.Connection
    _cache: dict = field(default_factory=dict)

    def rows(self, sql: str, *args) -> list[tuple]:
        with self.conn.cursor() as cursor:
            cursor.execute(sql, args)
            return list(cursor.fetchall())

    def one(self, sql: str, *args):
        rows = self.rows(sql, *args)
        if not rows:
            raise LookupError(f"the seed has no row for: {sql} {args}")
        return rows[0][0] if len(rows[0]) == 1 else rows[0]

    # --- boxes -------------------------------------------------------------------------

    def box(self, base_id: int, state: str, *, tagged: bool | None = None, nth: int = 0):
        """(id, label) of the nth box (by id) of a base in a state; `tagged`: with
        (True) or without (False) an active box tag."""
        active_tags = (
            "(SELECT COUNT(*) FROM tags_relations tr WHERE tr.object_id = s.id"
            " AND tr.object_type = 'Stock' AND tr.deleted_on IS NULL)"
        )
        condition = ""
        if tagged is True:
            condition = f" AND {active_tags} > 0"
        elif tagged is False:
            condition = f" AND {active_tags} = 0"
        rows = self.rows(
            "SELECT s.id, s.box_id FROM stock s JOIN locations l ON l.id = s.location_id"
            f" WHERE l.camp_id = %s AND s.box_state_id = %s{condition} ORDER BY s.id",
            base_id,
            STATE_IDS[state],
        )
        if len(rows) <= nth:
            raise LookupError(f"base {base_id} has no box #{nth} in state {state}")
        return rows[nth]

    def label(self, base_id: int, state: str, **kwargs) -> str:
        return self.box(base_id, state, **kwargs)[1]

    def labels(self, base_id: int, state: str, count: int) -> list[str]:
        return [self.label(base_id, state, nth=n) for n in range(count)]

    def box_with_removed_tag(self, base_id: int) -> tuple[str, int]:
        """(label, tag id) of an InStock box whose relation to a live box tag was
        removed (tags_relations.deleted_on set) and not assigned again."""
        return self.one(
            "SELECT s.box_id, tr.tag_id FROM stock s"
            " JOIN locations l ON l.id = s.location_id"
            " JOIN tags_relations tr ON tr.object_id = s.id AND tr.object_type = 'Stock'"
            " JOIN tags t ON t.id = tr.tag_id"
            " WHERE l.camp_id = %s AND s.box_state_id = 1 AND tr.deleted_on IS NOT NULL"
            " AND t.deleted IS NULL AND t.type <> 'People' AND NOT EXISTS ("
            "   SELECT 1 FROM tags_relations t2 WHERE t2.object_id = s.id"
            "   AND t2.object_type = 'Stock' AND t2.tag_id = tr.tag_id"
            "   AND t2.deleted_on IS NULL)"
            " ORDER BY s.id, tr.id",
            base_id,
        )

    def active_tag_ids_of_box(self, label: str) -> list[int]:
        return [
            row[0]
            for row in self.rows(
                "SELECT tr.tag_id FROM tags_relations tr JOIN stock s ON s.id = tr.object_id"
                " WHERE s.box_id = %s AND tr.object_type = 'Stock' AND tr.deleted_on IS NULL"
                " ORDER BY tr.tag_id",
                label,
            )
        ]

    def box_row(self, label: str) -> dict:
        with self.conn.cursor(pymysql.cursors.DictCursor) as cursor:
            cursor.execute(
                "SELECT s.*, l.camp_id AS base_id FROM stock s"
                " JOIN locations l ON l.id = s.location_id WHERE s.box_id = %s",
                (label,),
            )
            return cursor.fetchone()

    def box_in_shipment(self, shipment_id: int, state: str) -> str:
        return self.one(
            "SELECT s.box_id FROM shipment_detail d JOIN stock s ON s.id = d.box_id"
            " WHERE d.shipment_id = %s AND s.box_state_id = %s AND d.removed_on IS NULL"
            " ORDER BY s.id",
            shipment_id,
            STATE_IDS[state],
        )

    def box_id_at(self, base_id: int, position: int) -> int:
        """Id of the box at `position` in a base's boxes ordered by id (cursors)."""
        return self.rows(
            "SELECT s.id FROM stock s JOIN locations l ON l.id = s.location_id"
            " WHERE l.camp_id = %s ORDER BY s.id",
            base_id,
        )[position][0]

    # --- QR codes ----------------------------------------------------------------------

    def qr_of(self, label: str) -> str:
        return self.one(
            "SELECT q.code FROM qr q JOIN stock s ON s.qr_id = q.id WHERE s.box_id = %s", label
        )

    def unused_qr(self, nth: int = 0) -> str:
        return self.rows(
            "SELECT code FROM qr WHERE id NOT IN"
            " (SELECT qr_id FROM stock WHERE qr_id IS NOT NULL) ORDER BY id"
        )[nth][0]

    # --- locations, products, sizes, tags --------------------------------------------

    def location(self, base_id: int, kind: str) -> int:
        """kind: "warehouse" (default state InStock, not deleted), "warehouse2",
        "donated" (default state Donated, not a shop), "shop", "deleted"."""
        conditions = {
            "warehouse": "box_state_id = 1 AND deleted IS NULL",
            "warehouse2": "box_state_id = 1 AND deleted IS NULL",
            "donated": "box_state_id = 5 AND deleted IS NULL AND is_market = 0",
            "shop": "is_market = 1 AND deleted IS NULL",
            "deleted": "deleted IS NOT NULL",
        }
        rows = self.rows(
            f"SELECT id FROM locations WHERE camp_id = %s AND {conditions[kind]} ORDER BY id",
            base_id,
        )
        return rows[1 if kind == "warehouse2" else 0][0]

    def box_location(self, label: str) -> int:
        return self.box_row(label)["location_id"]

    def custom_product(
        self, base_id: int, *, deleted: bool = False, size_range: int | None = None
    ) -> int:
        sql = (
            "SELECT id FROM products WHERE camp_id = %s AND standard_product_id IS NULL"
            f" AND deleted IS {'NOT ' if deleted else ''}NULL"
        )
        args = [base_id]
        if size_range is not None:
            sql += " AND sizegroup_id = %s"
            args.append(size_range)
        return self.one(sql + " ORDER BY id", *args)

    def measure_product(self, base_id: int, size_range: int = 28) -> int:
        return self.one(
            "SELECT id FROM products WHERE camp_id = %s AND sizegroup_id = %s"
            " AND deleted IS NULL ORDER BY id",
            base_id,
            size_range,
        )

    def instantiation(self, base_id: int, *, deleted: bool = False) -> int:
        return self.one(
            "SELECT id FROM products WHERE camp_id = %s AND standard_product_id IS NOT NULL"
            f" AND deleted IS {'NOT ' if deleted else ''}NULL ORDER BY id",
            base_id,
        )

    def standard_product_of(self, product_id: int) -> int:
        return self.one("SELECT standard_product_id FROM products WHERE id = %s", product_id)

    def standard_product_not_enabled(self, base_id: int, nth: int = 0) -> int:
        return self.rows(
            "SELECT id FROM standard_product WHERE id NOT IN (SELECT standard_product_id"
            " FROM products WHERE camp_id = %s AND standard_product_id IS NOT NULL)"
            " ORDER BY id",
            base_id,
        )[nth][0]

    def sizes(self, size_range: int) -> list[int]:
        return [
            row[0]
            for row in self.rows(
                "SELECT size_id FROM sizes_sizegroup WHERE sizegroup_id = %s ORDER BY seq, size_id",
                size_range,
            )
        ]

    def product_size_range(self, product_id: int) -> int:
        return self.one("SELECT sizegroup_id FROM products WHERE id = %s", product_id)

    def tag(self, base_id: int, tag_type: str, *, deleted: bool = False, nth: int = 0) -> int:
        """tag_type as stored: "Stock" (Box), "People" (Beneficiary), "All"."""
        return self.rows(
            "SELECT id FROM tags WHERE camp_id = %s AND type = %s"
            f" AND deleted IS {'NOT ' if deleted else ''}NULL ORDER BY id",
            base_id,
            tag_type,
        )[nth][0]

    def tag_with_removed_relations(self, base_id: int) -> int:
        """A live box tag of the base with both active and removed box relations,
        the most removed ones first."""
        return self.one(
            "SELECT t.id FROM tags t JOIN tags_relations tr ON tr.tag_id = t.id"
            " AND tr.object_type = 'Stock'"
            " WHERE t.camp_id = %s AND t.deleted IS NULL AND t.type <> 'People'"
            " GROUP BY t.id HAVING SUM(tr.deleted_on IS NOT NULL) > 0"
            " AND SUM(tr.deleted_on IS NULL) > 0"
            " ORDER BY SUM(tr.deleted_on IS NOT NULL) DESC, t.id",
            base_id,
        )

    def beneficiary(self, base_id: int) -> int:
        return self.one(
            "SELECT id FROM people WHERE camp_id = %s AND (deleted IS NULL OR deleted = 0)"
            " ORDER BY id",
            base_id,
        )

    def measure_box(self, base_id: int) -> str:
        """An InStock box of a measure product (mass or volume) in the base."""
        return self.one(
            "SELECT s.box_id FROM stock s JOIN locations l ON l.id = s.location_id"
            " WHERE l.camp_id = %s AND s.box_state_id = 1 AND s.display_unit_id IS NOT NULL"
            " ORDER BY s.id",
            base_id,
        )

    def other_location(self, label: str, base_id: int) -> int:
        """A warehouse location of the base that is not the box's."""
        current = self.box_location(label)
        first = self.location(base_id, "warehouse")
        return first if first != current else self.location(base_id, "warehouse2")

    def boxes_with_history_ties(self, base_id: int, count: int) -> list[str]:
        """Labels of boxes of the base with several history rows at the same time.

        Boxes with two tag assignments (or two removals) at the same time are left out:
        the original lists those in GROUP_CONCAT order, which it leaves open and which
        changes between requests."""
        labels = [
            row[0]
            for row in self.rows(
                "SELECT s.box_id FROM stock s JOIN locations l ON l.id = s.location_id"
                " JOIN history h ON h.record_id = s.id AND h.tablename = 'stock'"
                " WHERE l.camp_id = %s AND NOT EXISTS (SELECT 1 FROM tags_relations a"
                "   JOIN tags_relations b ON b.object_id = a.object_id"
                "   AND b.object_type = a.object_type AND b.id > a.id"
                "   AND (b.created_on = a.created_on OR b.deleted_on = a.deleted_on)"
                "   WHERE a.object_id = s.id AND a.object_type = 'Stock')"
                " GROUP BY s.id, s.box_id, h.changedate"
                " HAVING COUNT(*) > 1 ORDER BY COUNT(*) DESC, s.id",
                base_id,
            )
        ]
        return list(dict.fromkeys(labels))[:count]
