"""PreparedSelect: a query's SQL generated once, run again with new integer arguments,
giving the rows peewee gives for the same query."""

from __future__ import annotations

import pytest

from boxtribute_api.db.queries import PreparedSelect
from boxtribute_api.db.routing import configure_databases, connection_scope
from boxtribute_api.location.models import Location
from boxtribute_api.product.models import Product, ProductCategory
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
