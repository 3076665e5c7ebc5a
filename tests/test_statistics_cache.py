"""The box cubes are kept until a table they read changes (db/change_cache.py): a
kept answer is served again only while the data is as it was, and an answer is not
kept while a change could still arrive unseen (a write in the current second, an
open transaction older than the last write)."""

from __future__ import annotations

import time

import pytest

from boxtribute_api.db import change_cache
from boxtribute_api.db.routing import connection_scope, database
from boxtribute_api.statistics import queries
from support.database import admin_connection, query


@pytest.fixture
def overview(writable_client, writable_demo_db):
    """stock_overview of base 1 on a database this module may change, with nothing
    kept from before."""
    change_cache.forget_all()

    def compute(**filters):
        with connection_scope():
            return queries.stock_overview(1, **filters)

    yield compute, writable_demo_db
    change_cache.forget_all()


def settle():
    """Past the second of the last write (update times are whole seconds)."""
    time.sleep(2.1)


def items_in_stock(cube) -> int:
    return sum(f["items_count"] for f in cube.facts)


def a_box_of_base_1(database: str) -> int:
    return query(
        database,
        "SELECT s.id FROM stock s JOIN locations l ON l.id = s.location_id AND l.camp_id = 1"
        " WHERE (s.deleted IS NULL OR s.deleted = 0) AND (l.deleted IS NULL OR l.deleted = 0)"
        " AND NOT EXISTS (SELECT 1 FROM tags_relations tr WHERE tr.object_id = s.id"
        " AND tr.object_type = 'Stock') ORDER BY s.id LIMIT 1",
    )[0][0]


def test_an_answer_is_served_again_while_its_tables_are_unchanged(overview):
    compute, _ = overview
    settle()
    first = compute()

    assert compute() is first
    assert compute(tag_ids=[1]) is not first  # other arguments, another answer


def test_a_change_to_a_table_read_is_seen_at_once(overview):
    compute, database = overview
    settle()
    before = compute()
    box = a_box_of_base_1(database)

    query(database, "UPDATE stock SET items = items + 7 WHERE id = %s", (box,))
    after = compute()

    assert items_in_stock(after) == items_in_stock(before) + 7


def test_an_answer_computed_in_the_second_of_a_write_is_not_kept(overview):
    compute, database = overview
    box = a_box_of_base_1(database)
    started = time.monotonic()
    query(database, "UPDATE stock SET comments = 'kept?' WHERE id = %s", (box,))

    first = compute()
    if time.monotonic() - started > 1:
        pytest.skip("the machine took over a second: the write's second is past")

    assert compute() is not first


def test_an_open_transaction_older_than_the_last_write_keeps_answers_from_being_kept(overview):
    compute, database = overview
    box = a_box_of_base_1(database)
    with admin_connection(database) as slow, slow.cursor() as cursor:
        cursor.execute("BEGIN")
        cursor.execute("SELECT items FROM stock WHERE id = %s", (box,))  # it starts now
        time.sleep(1.1)
        query(database, "UPDATE stock SET comments = 'later' WHERE id = %s", (box,))
        settle()
        during = compute()
        assert compute() is not during  # not kept: it might commit a change unseen
        # Its commit stamps the table with its start, before the last write's time.
        cursor.execute("UPDATE stock SET items = items + 5 WHERE id = %s", (box,))
        cursor.execute("COMMIT")

    assert items_in_stock(compute()) == items_in_stock(during) + 5


def test_inside_a_transaction_nothing_is_kept_or_served(overview):
    compute, _ = overview
    settle()
    kept = compute()
    assert compute() is kept

    with connection_scope(), database.atomic():
        assert queries.stock_overview(1) is not kept
