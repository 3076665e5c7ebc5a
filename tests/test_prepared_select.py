"""PreparedSelect: a query's SQL generated once, run again with new integer arguments,
giving the rows peewee gives for the same query."""

from __future__ import annotations

import pytest

from boxtribute_api.base.models import Base
from boxtribute_api.db.pagination import RowsBefore, encode_cursor, load_page
from boxtribute_api.db.queries import PreparedSelect, row_by_id, statement_of
from boxtribute_api.db.routing import configure_databases, connection_scope, database
from boxtribute_api.location.models import Location
from boxtribute_api.product.models import Product, ProductCategory
from boxtribute_api.tag.models import Tag
from boxtribute_api.user.models import User
from support.client import settings_for


@pytest.fixture
def demo_database(demo_db, keys):
    configure_databases(settings_for(demo_db, keys))
    with connection_scope():
        yield


def ids_of(rows) -> list[int]:
    return [row.id for row in rows]


def test_rows_equal_those_of_the_same_peewee_query_for_each_set_of_ids(demo_database):
    by_id = PreparedSelect(lambda ids: Location.select().where(Location.id.in_(ids)))
    all_ids = [location.id for location in Location.select()]

    for ids in (all_ids, all_ids[:1], all_ids[1:3], [all_ids[0], 999999]):
        expected = list(Location.select().where(Location.id.in_(ids)).dicts())
        assert [row.__data__ for row in by_id(ids)] == expected


def test_the_sql_is_generated_once(demo_database):
    builds = []

    def build(ids):
        builds.append(ids)
        return Location.select().where(Location.id.in_(ids))

    by_id = PreparedSelect(build)
    by_id([1])
    by_id([2, 3])

    assert len(builds) == 1


def test_an_empty_id_list_matches_nothing(demo_database):
    by_id = PreparedSelect(lambda ids: Location.select().where(Location.id.in_(ids)))

    assert list(by_id([])) == []


def test_single_ints_several_arguments_and_constants_of_the_query(demo_database):
    product = Product.select().first()
    of_base = PreparedSelect(
        lambda ids, base_id: (
            Product.select()
            .where(Product.id.in_(ids), Product.base == base_id, Product.name != "no such name")
            .order_by(Product.id)
        )
    )

    assert ids_of(of_base([product.id], product.base_id)) == [product.id]
    assert ids_of(of_base([product.id], product.base_id + 1000)) == []


def test_joined_models_and_row_types_are_those_of_the_built_query(demo_database):
    product = Product.select().first()
    with_category = PreparedSelect(
        lambda ids: (
            Product.select(Product, ProductCategory)
            .join(
                ProductCategory, on=Product.category == ProductCategory.id, attr="joined_category"
            )
            .where(Product.id.in_(ids))
        )
    )
    as_tuples = PreparedSelect(
        lambda ids: Product.select(Product.id, Product.name).where(Product.id.in_(ids)).tuples()
    )

    (row,) = with_category([product.id])
    assert row.joined_category.id == product.category_id
    assert list(as_tuples([product.id])) == [(product.id, product.name)]


@pytest.mark.parametrize("argument", ["1", [1, "2"], [1.5], True, None])
def test_arguments_other_than_ints_are_refused(demo_database, argument):
    by_id = PreparedSelect(lambda ids: Location.select().where(Location.id.in_(ids)))

    with pytest.raises(TypeError):
        by_id(argument)


# --- statements kept by the identity of their sources (statement_of) ------------------------


def test_the_same_sources_and_variant_give_the_sql_generated_the_first_time(demo_database):
    query = Location.select().where(Location.base == 1)
    builds = []

    def build():
        builds.append(1)
        return query.order_by(Location.id).limit(3)

    first = statement_of((query,), ("page", 3), build)
    again = statement_of((query,), ("page", 3), build)

    assert len(builds) == 1
    assert again == first
    assert first[0] == query.order_by(Location.id).limit(3).sql()[0]


def test_another_variant_or_an_equal_but_new_source_is_generated_anew(demo_database):
    builds = []

    def statement(query, limit):
        def build():
            builds.append(limit)
            return query.limit(limit)

        return statement_of((query,), (limit,), build)

    query = Location.select().where(Location.base == 1)
    _, params_of_3 = statement(query, 3)
    _, params_of_4 = statement(query, 4)
    statement(Location.select().where(Location.base == 2), 3)

    assert builds == [3, 4, 3]
    assert params_of_3 == [1, 3] and params_of_4 == [1, 4]


def test_switched_off_every_statement_is_generated(demo_database):
    query = Location.select()
    builds = []

    def build():
        builds.append(1)
        return query

    switched_on = database.prepared_selects
    database.prepared_selects = False
    try:
        statement_of((query,), (), build)
        statement_of((query,), (), build)
    finally:
        database.prepared_selects = switched_on

    assert len(builds) == 2


def test_pages_and_totals_of_a_kept_query_are_those_of_a_new_query_each_time(demo_database):
    """A query kept across requests (the Boxes view's, per base and filter) pages and
    counts as a freshly built one, for every cursor and size."""
    kept = Location.select().where(Location.base == 1)
    ids = [location.id for location in kept.order_by(Location.id)]
    assert len(ids) >= 3
    for pagination_input in (None, {"first": 1}, {"first": 2, "after": encode_cursor(ids[0])}):
        for _ in range(2):
            from_kept = load_page(kept, id_field=Location.id, pagination_input=pagination_input)
            fresh = load_page(
                Location.select().where(Location.base == 1),
                id_field=Location.id,
                pagination_input=pagination_input,
            )
            assert ids_of(from_kept.elements) == ids_of(fresh.elements)
            assert from_kept.total_count == fresh.total_count == len(ids)
            assert flags(from_kept.page_info) == flags(fresh.page_info)


def flags(info) -> tuple:
    before = info.has_previous_page
    if isinstance(before, RowsBefore):  # asked of the database when a client selects it
        before = before._exists()
    return before, info.has_next_page, info.start_cursor, info.end_cursor


# --- one row by id (row_by_id) -------------------------------------------------------------


@pytest.mark.parametrize("model", [Base, Location, Product, ProductCategory, Tag, User])
def test_a_row_by_id_is_the_row_get_or_none_gives(demo_database, model):
    some_id = model.select(model.id).scalar()

    for row_id in (some_id, str(some_id), 999999, "999999"):
        expected = model.get_or_none(model.id == row_id)
        found = row_by_id(model, row_id)
        assert (found and found.__data__) == (expected and expected.__data__)
