"""The demo-data generator: the world it promises, determinism, and growth by --boxes.

The session's demo database (conftest `demo_db`) is read with plain SQL, so these
tests check the rows themselves, independent of the API.
"""

from __future__ import annotations

import pytest

from boxtribute_api.demo_world.boxes import MIN_BOXES_IN_MAIN_BASE
from boxtribute_api.demo_world.users import DEMO_USERS, base_user_id
from boxtribute_api.demo_world.writer import generate_demo_database
from boxtribute_api.models import ALL_MODELS
from support.client import settings_for
from support.database import RUN_ID, admin_connection, create_database, drop_database


def rows(database: str, sql: str, *params) -> list[tuple]:
    with admin_connection(database) as conn, conn.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def values(database: str, sql: str, *params) -> list:
    return [row[0] for row in rows(database, sql, *params)]


# --- organisations, bases, users ---------------------------------------------------------


def test_boxaid_has_bases_1_and_2_and_the_second_organisation_bases_3_and_4(demo_db):
    assert rows(demo_db, "SELECT id, label FROM organisations WHERE id = 1") == [(1, "BoxAid")]
    bases = rows(demo_db, "SELECT id, organisation_id FROM camps WHERE deleted IS NULL ORDER BY id")
    assert bases == [(1, 1), (2, 1), (3, 2), (4, 2)]


def test_a_deleted_organisation_has_a_deleted_base(demo_db):
    deleted = rows(
        demo_db,
        "SELECT o.id, c.id FROM organisations o JOIN camps c ON c.organisation_id = o.id "
        "WHERE o.deleted IS NOT NULL AND c.deleted IS NOT NULL",
    )
    assert deleted and all(org not in (1, 2) for org, _ in deleted)


def user_groups(database: str) -> dict[int, tuple]:
    """user id -> (organisation, sorted bases, sorted role names), as the login reads them."""
    found = {}
    for user_id, organisation_id, group_id in rows(
        database,
        "SELECT u.id, g.organisation_id, g.id FROM cms_users u "
        "JOIN cms_usergroups g ON g.id = u.cms_usergroups_id",
    ):
        bases = values(
            database,
            "SELECT camp_id FROM cms_usergroups_camps WHERE cms_usergroups_id = %s ORDER BY 1",
            group_id,
        )
        roles = values(
            database,
            "SELECT auth0_role_name FROM cms_usergroups_roles WHERE cms_usergroups_id = %s "
            "ORDER BY 1",
            group_id,
        )
        found[user_id] = (organisation_id, bases, roles)
    return found


def test_every_base_has_a_user_of_each_role_with_auth0_role_names(demo_db):
    groups = user_groups(demo_db)
    for base_id, organisation_id in [(1, 1), (2, 1), (3, 2), (4, 2)]:
        expected = {
            "coordinator": [f"base_{base_id}_coordinator"],
            "volunteer": [
                f"base_{base_id}_free_shop_volunteer",
                f"base_{base_id}_warehouse_volunteer",
            ],
            "warehouse-volunteer": [f"base_{base_id}_warehouse_volunteer"],
            "free-shop-volunteer": [f"base_{base_id}_free_shop_volunteer"],
            "library-volunteer": [f"base_{base_id}_library_volunteer"],
            "label-creation": [f"base_{base_id}_label_creation"],
        }
        for key, role_names in expected.items():
            user_id = base_user_id(base_id, key)
            assert groups[user_id] == (organisation_id, [base_id], role_names), key
            email = values(demo_db, "SELECT email FROM cms_users WHERE id = %s", user_id)
            assert email == [f"{key}.base{base_id}@demo.boxtribute.org"]


def test_user_8_is_the_coordinator_of_base_1_as_in_the_original_seed(demo_db):
    assert user_groups(demo_db)[8] == (1, [1], ["base_1_coordinator"])


def test_heads_of_operations_hold_administrator_in_all_their_organisations_bases(demo_db):
    groups = user_groups(demo_db)
    by_email = dict(rows(demo_db, "SELECT email, id FROM cms_users"))
    assert groups[by_email["headofops.org1@demo.boxtribute.org"]] == (1, [1, 2], ["administrator"])
    assert groups[by_email["headofops.org2@demo.boxtribute.org"]] == (2, [3, 4], ["administrator"])


def test_the_god_user_has_the_god_role_and_no_bases(demo_db):
    (god_id,) = values(demo_db, "SELECT id FROM cms_users WHERE email = 'god@demo.boxtribute.org'")
    assert user_groups(demo_db)[god_id][1:] == ([], ["boxtribute_god"])
    assert values(demo_db, "SELECT is_admin FROM cms_users WHERE id = %s", god_id) == [1]


def test_demo_users_listed_in_the_module_match_the_table(demo_db):
    stored = dict(rows(demo_db, "SELECT id, email FROM cms_users"))
    assert stored == {u.id: u.email for u in DEMO_USERS}
    assert values(demo_db, "SELECT COUNT(*) FROM cms_users WHERE deleted <> 0") == [1]


# --- global tables -----------------------------------------------------------------------------


def test_box_states_and_genders_have_the_legacy_ids(demo_db):
    assert rows(demo_db, "SELECT id, label FROM box_state ORDER BY id") == [
        (1, "Instock"),
        (2, "Lost"),
        (3, "MarkedForShipment"),
        (4, "Receiving"),
        (5, "Donated"),
        (6, "Scrap"),
        (7, "InTransit"),
        (8, "NotDelivered"),
    ]
    assert values(demo_db, "SELECT id FROM genders ORDER BY id") == [*range(1, 11), 12, 13]


def test_size_ranges_order_their_sizes_by_seq_not_by_id(demo_db):
    sizes = values(
        demo_db,
        "SELECT s.label FROM sizes_sizegroup ss JOIN sizes s ON s.id = ss.size_id "
        "JOIN sizegroup g ON g.id = ss.sizegroup_id WHERE g.label = 'XS, S, M, L, XL, XXL' "
        "ORDER BY ss.seq",
    )
    assert sizes == ["XS", "S", "M", "L", "XL", "XXL", "Mixed"]
    ids = values(demo_db, "SELECT id FROM sizes WHERE label IN ('XS', 'S') ORDER BY label")
    assert ids[0] < ids[1]  # "S" has the lower id, yet XS comes first


def test_mass_and_volume_dimensions_have_their_units(demo_db):
    units = rows(
        demo_db,
        "SELECT g.label, u.symbol FROM units u JOIN sizegroup g ON g.id = u.dimension_id "
        "ORDER BY u.id",
    )
    assert ("Mass", "kg") == units[0] and ("Volume", "l") == units[1]
    assert {label for label, _ in units} == {"Mass", "Volume"}
    assert values(demo_db, "SELECT id FROM sizegroup WHERE label IN ('Mass', 'Volume')") == [28, 29]


def test_product_categories_and_standard_products_exist(demo_db):
    assert values(demo_db, "SELECT COUNT(*) FROM product_categories WHERE parent_id IS NULL")[0] > 3
    assert values(demo_db, "SELECT COUNT(*) FROM standard_product")[0] >= 20


def test_languages_with_a_code_are_the_graphql_languages(demo_db):
    codes = values(demo_db, "SELECT code FROM languages WHERE code IS NOT NULL ORDER BY id")
    assert codes == ["nl", "en", "fr", "de", "ar", "ckb"]


# --- per base --------------------------------------------------------------------------------


@pytest.mark.parametrize("base_id", [1, 2, 3, 4])
def test_each_base_has_warehouses_one_deleted_and_one_defaulting_to_donated(demo_db, base_id):
    locations = rows(
        demo_db,
        "SELECT type, deleted IS NOT NULL, box_state_id FROM locations WHERE camp_id = %s",
        base_id,
    )
    warehouses = [loc for loc in locations if loc[0] == "Warehouse"]
    assert len(warehouses) >= 5
    assert sum(1 for _, deleted, _ in warehouses if deleted) == 1
    assert any(state == 5 and not deleted for _, deleted, state in warehouses)


def test_base_1_also_has_a_distribution_spot(demo_db):
    assert values(demo_db, "SELECT camp_id FROM locations WHERE type = 'MapDistroSpot'") == [1]


@pytest.mark.parametrize("base_id", [1, 2, 3, 4])
def test_each_base_has_custom_and_standard_products_and_a_deleted_one(demo_db, base_id):
    (custom, standard, deleted) = rows(
        demo_db,
        "SELECT SUM(standard_product_id IS NULL AND deleted IS NULL), "
        "SUM(standard_product_id IS NOT NULL AND deleted IS NULL), SUM(deleted IS NOT NULL) "
        "FROM products WHERE camp_id = %s",
        base_id,
    )[0]
    assert custom >= 5 and standard >= 5 and deleted >= 1


def test_base_1_has_a_deleted_standard_instantiation(demo_db):
    assert values(
        demo_db,
        "SELECT COUNT(*) FROM products WHERE camp_id = 1 AND standard_product_id IS NOT NULL "
        "AND deleted IS NOT NULL",
    ) == [1]


@pytest.mark.parametrize("base_id", [1, 2, 3, 4])
def test_each_base_has_tags_of_every_type_and_a_deleted_one(demo_db, base_id):
    types = rows(
        demo_db,
        "SELECT type, deleted IS NOT NULL FROM tags WHERE camp_id = %s",
        base_id,
    )
    assert {t for t, deleted in types if not deleted} == {"Stock", "People", "All"}
    assert sum(deleted for _, deleted in types) == 1


def test_boxes_and_beneficiaries_carry_tags_and_some_were_removed(demo_db):
    kinds = dict(rows(demo_db, "SELECT object_type, COUNT(*) FROM tags_relations GROUP BY 1"))
    assert kinds["Stock"] > 20 and kinds["People"] > 3
    assert values(demo_db, "SELECT COUNT(*) FROM tags_relations WHERE deleted_on IS NOT NULL")[0]
    # Tags assigned after the box was created appear in the box history.
    later = values(
        demo_db,
        "SELECT COUNT(*) FROM tags_relations r JOIN stock s ON s.id = r.object_id "
        "WHERE r.object_type = 'Stock' AND r.created_on <> s.created",
    )
    assert later[0] > 0


def test_beneficiaries_live_in_families_with_languages(demo_db):
    assert values(demo_db, "SELECT COUNT(*) FROM people WHERE parent_id IS NOT NULL")[0] > 0
    assert values(demo_db, "SELECT COUNT(*) FROM people WHERE deleted <> 0")[0] >= 1
    assert values(demo_db, "SELECT COUNT(*) FROM x_people_languages")[0] > 0


# --- boxes -------------------------------------------------------------------------------------


def test_base_1_has_boxes_in_every_state(demo_db):
    states = values(
        demo_db,
        "SELECT DISTINCT s.box_state_id FROM stock s JOIN locations l ON l.id = s.location_id "
        "WHERE l.camp_id = 1 AND s.deleted = 0 ORDER BY 1",
    )
    assert states == list(range(1, 9))


def test_boxes_created_in_base_1_match_the_requested_count(demo_db):
    created_in_base_1 = values(
        demo_db,
        "SELECT COUNT(DISTINCT h.record_id) FROM history h "
        "JOIN stock s ON s.id = h.record_id JOIN products p ON p.id = ("
        "  SELECT COALESCE(MIN(h2.from_int), s.product_id) FROM history h2"
        "  WHERE h2.tablename = 'stock' AND h2.record_id = s.id AND h2.changes = 'product_id')"
        " WHERE h.tablename = 'stock' AND h.changes = 'Record created' AND p.camp_id = 1",
    )
    assert created_in_base_1 == [300]


def test_boxes_have_a_creation_entry_and_deleted_boxes_a_deletion(demo_db):
    missing = values(
        demo_db,
        "SELECT COUNT(*) FROM stock s WHERE NOT EXISTS (SELECT 1 FROM history h "
        "WHERE h.tablename = 'stock' AND h.record_id = s.id AND h.changes = 'Record created' "
        "AND h.changedate = s.created AND h.user_id = s.created_by)",
    )
    assert missing == [1]  # the box from before the history log, below
    deleted = values(demo_db, "SELECT id FROM stock WHERE deleted <> 0")
    assert deleted
    logged = values(
        demo_db, "SELECT record_id FROM history WHERE changes = 'Record deleted' ORDER BY 1"
    )
    assert logged == sorted(deleted)


@pytest.mark.parametrize(
    "column, attribute",
    [
        ("box_state_id", "box_state_id"),
        ("location_id", "location_id"),
        ("product_id", "product_id"),
        ("size_id", "size_id"),
        ("items", "items"),
    ],
)
def test_the_last_logged_change_of_a_column_is_the_boxs_current_value(demo_db, column, attribute):
    mismatches = values(
        demo_db,
        f"SELECT COUNT(*) FROM stock s JOIN history h ON h.record_id = s.id "
        f"AND h.tablename = 'stock' AND h.changes = '{column}' "
        f"WHERE h.id = (SELECT MAX(id) FROM history WHERE tablename = 'stock' "
        f"AND record_id = s.id AND changes = '{column}') AND h.to_int <> s.{attribute}",
    )
    assert mismatches == [0]
    assert values(demo_db, f"SELECT COUNT(*) FROM history WHERE changes = '{column}'")[0] > 0


def test_one_box_predates_the_history_log_and_has_no_history_tags_or_qr_code(demo_db):
    unlogged = values(
        demo_db,
        "SELECT s.id FROM stock s WHERE s.qr_id IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM history h WHERE h.tablename = 'stock' "
        "AND h.record_id = s.id) AND NOT EXISTS (SELECT 1 FROM tags_relations r "
        "WHERE r.object_type = 'Stock' AND r.object_id = s.id)",
    )
    assert len(unlogged) == 1


def test_comment_changes_are_written_like_the_legacy_app(demo_db):
    changes = values(
        demo_db, "SELECT changes FROM history WHERE changes LIKE 'comments changed from%%' LIMIT 5"
    )
    assert changes
    assert all(c.startswith('comments changed from "') and c.endswith('";') for c in changes)


def test_history_ids_follow_the_change_dates(demo_db):
    dates = values(demo_db, "SELECT changedate FROM history ORDER BY id")
    assert dates == sorted(dates)


def test_measure_boxes_have_a_display_unit_and_no_size(demo_db):
    measured = rows(
        demo_db,
        "SELECT s.size_id, s.display_unit_id, s.measure_value FROM stock s "
        "JOIN products p ON p.id = s.product_id WHERE p.sizegroup_id IN (28, 29)",
    )
    assert measured
    assert all(size is None and unit and value > 0 for size, unit, value in measured)


def test_most_boxes_have_qr_codes_and_some_codes_are_unassigned(demo_db):
    assert values(demo_db, "SELECT COUNT(*) FROM stock WHERE qr_id IS NOT NULL")[0] > 250
    unassigned = values(
        demo_db, "SELECT COUNT(*) FROM qr WHERE id NOT IN (SELECT qr_id FROM stock WHERE qr_id)"
    )
    assert unassigned[0] >= 5


# --- agreements and shipments ------------------------------------------------------------------


def test_transfer_agreements_between_organisations_1_and_2_in_several_states(demo_db):
    states = values(demo_db, "SELECT DISTINCT state FROM transfer_agreement ORDER BY 1")
    assert {"Accepted", "UnderReview", "Canceled"} <= set(states)
    pairs = rows(
        demo_db,
        "SELECT DISTINCT source_organisation_id, target_organisation_id FROM transfer_agreement",
    )
    assert set(pairs) <= {(1, 2), (2, 1)}
    assert values(
        demo_db,
        "SELECT COUNT(*) FROM transfer_agreement t WHERE NOT EXISTS (SELECT 1 FROM "
        "transfer_agreement_detail d WHERE d.transfer_agreement_id = t.id)",
    ) == [0]


def test_shipments_exist_in_every_state_with_details(demo_db):
    states = values(demo_db, "SELECT DISTINCT state FROM shipment ORDER BY 1")
    assert states == sorted(["Preparing", "Sent", "Receiving", "Completed", "Canceled", "Lost"])
    assert values(
        demo_db,
        "SELECT COUNT(*) FROM shipment s WHERE NOT EXISTS "
        "(SELECT 1 FROM shipment_detail d WHERE d.shipment_id = s.id)",
    ) == [0]
    assert values(demo_db, "SELECT COUNT(*) FROM shipment WHERE transfer_agreement_id IS NULL")[0]


def test_box_states_follow_their_shipment(demo_db):
    # Active details (not removed, lost or received): the box state follows the shipment.
    expected = {"Preparing": 3, "Sent": 7, "Receiving": 4}
    for state, box_state in expected.items():
        found = values(
            demo_db,
            "SELECT DISTINCT b.box_state_id FROM shipment_detail d "
            "JOIN shipment s ON s.id = d.shipment_id JOIN stock b ON b.id = d.box_id "
            "WHERE s.state = %s AND d.removed_on IS NULL AND d.lost_on IS NULL "
            "AND d.received_on IS NULL",
            state,
        )
        assert found == [box_state], state
    lost = values(
        demo_db,
        "SELECT DISTINCT b.box_state_id FROM shipment_detail d JOIN stock b ON b.id = d.box_id "
        "WHERE d.lost_on IS NOT NULL",
    )
    assert lost == [8]
    received = rows(
        demo_db,
        "SELECT b.box_state_id, b.location_id = d.target_location_id, "
        "b.product_id = d.target_product_id FROM shipment_detail d "
        "JOIN stock b ON b.id = d.box_id WHERE d.received_on IS NOT NULL",
    )
    assert received and set(received) == {(1, 1, 1)}


# --- generation as such --------------------------------------------------------------------------


def table_contents(database: str) -> dict[str, list[tuple]]:
    return {
        m._meta.table_name: rows(database, f"SELECT * FROM `{m._meta.table_name}` ORDER BY 1")
        for m in ALL_MODELS
    }


@pytest.fixture
def scratch_databases():
    names = []

    def new(suffix: str) -> str:
        name = f"boxtribute_test_gen_{RUN_ID}_{suffix}"
        create_database(name)
        names.append(name)
        return name

    yield new
    for name in names:
        drop_database(name)


def generate(database: str, boxes: int, **kwargs) -> dict[str, int]:
    return generate_demo_database(settings_for(database), boxes_in_main_base=boxes, **kwargs)


def test_the_same_seed_gives_identical_rows(scratch_databases):
    first, second = scratch_databases("a"), scratch_databases("b")
    generate(first, MIN_BOXES_IN_MAIN_BASE)
    generate(second, MIN_BOXES_IN_MAIN_BASE)
    assert table_contents(first) == table_contents(second)


def test_another_seed_gives_another_world(scratch_databases):
    first, second = scratch_databases("a"), scratch_databases("b")
    generate(first, MIN_BOXES_IN_MAIN_BASE)
    generate(second, MIN_BOXES_IN_MAIN_BASE, seed=7)
    assert values(first, "SELECT box_id FROM stock ORDER BY id") != values(
        second, "SELECT box_id FROM stock ORDER BY id"
    )


def test_more_boxes_grow_base_1_only(scratch_databases):
    small, large = scratch_databases("small"), scratch_databases("large")
    small_counts = generate(small, MIN_BOXES_IN_MAIN_BASE)
    large_counts = generate(large, MIN_BOXES_IN_MAIN_BASE + 500)
    assert large_counts["stock"] - small_counts["stock"] == 500
    per_base = (
        "SELECT l.camp_id, COUNT(*) FROM stock s JOIN locations l ON l.id = s.location_id "
        "GROUP BY 1 ORDER BY 1"
    )
    small_bases, large_bases = dict(rows(small, per_base)), dict(rows(large, per_base))
    assert large_bases[1] - small_bases[1] == 500
    assert {b: n for b, n in large_bases.items() if b != 1} == {
        b: n for b, n in small_bases.items() if b != 1
    }


def test_a_database_with_data_is_not_filled_again(scratch_databases):
    name = scratch_databases("twice")
    generate(name, MIN_BOXES_IN_MAIN_BASE)
    with pytest.raises(RuntimeError, match="not empty"):
        generate(name, MIN_BOXES_IN_MAIN_BASE)


def test_fewer_boxes_than_the_fixed_world_needs_are_refused(scratch_databases):
    with pytest.raises(ValueError):
        generate(scratch_databases("few"), MIN_BOXES_IN_MAIN_BASE - 1)
