"""Statistics read the read replica when one is configured, chosen per request: the
answers are the same either way, and the other queries of the same moment keep
reading the primary."""

from __future__ import annotations

import dataclasses

import pytest

from boxtribute_api.app import create_app
from boxtribute_api.db.routing import database
from support.client import GraphQLClient, settings_for
from support.database import demo_database
from support.users import COORDINATOR, GOD, HEAD_OF_OPS

STATISTICS = {
    "createdBoxes": "createdBoxes(baseId: $b) { facts { createdOn productId tagIds boxesCount "
    "itemsCount } dimensions { product { id name } tag { id } } }",
    "movedBoxes": "movedBoxes(baseId: $b) { facts { movedOn targetId boxesCount itemsCount "
    "tagIds } dimensions { target { id type } } }",
    "stockOverview": "stockOverview(baseId: $b) { facts { productName boxState locationId "
    "boxesCount itemsCount tagIds } dimensions { location { id name } } }",
    "beneficiaryDemographics": "beneficiaryDemographics(baseId: $b) { facts { gender createdOn "
    "tagIds count } }",
    "beneficiaryReach": "beneficiaryReach(baseId: $b) { facts { reachedOn beneficiaryId "
    "reachType count } }",
    "topProductsDonated": "topProductsDonated(baseId: $b) { facts { productId rank itemsCount } }",
    "topProductsCheckedOut": "topProductsCheckedOut(baseId: $b) { facts { productId rank } }",
}


def statistics_query(field: str) -> str:
    return f"query($b: Int!) {{ {STATISTICS[field]} }}"


@pytest.fixture(scope="module")
def other_db():
    """Another database, standing in for a replica whose data differ, so that an
    answer tells which database it came from."""
    yield from demo_database("replica_other", boxes_in_main_base=80)


def client_with_replica(keys, primary: str, replica: str, max_connections: int):
    """The app on `primary` with a replica on `replica` (its own pool: settings that
    differ from the primary's in the pool size)."""
    settings = settings_for(primary, keys)
    replica_settings = dataclasses.replace(
        settings.database, name=replica, max_connections=max_connections
    )
    settings = dataclasses.replace(settings, replica=replica_settings)
    return GraphQLClient(create_app(settings), keys, settings).activate()


@pytest.mark.parametrize("field", list(STATISTICS))
@pytest.mark.parametrize("user", [GOD, HEAD_OF_OPS, COORDINATOR], ids=["god", "headofops", "coord"])
def test_statistics_answer_the_same_with_a_replica_of_the_same_data(demo_db, keys, field, user):
    plain = GraphQLClient(*_app(demo_db, keys)).activate()
    expected = plain.execute(statistics_query(field), {"b": 1}, **user)

    with_replica = client_with_replica(keys, demo_db, demo_db, max_connections=31)
    answer = with_replica.execute(statistics_query(field), {"b": 1}, **user)

    assert answer == expected
    assert "errors" not in answer, answer
    assert database.replica.pool_stats()["idle"] > 0  # the replica's pool served it


def _app(name, keys):
    settings = settings_for(name, keys)
    return create_app(settings), keys, settings


def test_statistics_read_the_replica_while_the_rest_of_the_request_reads_the_primary(
    demo_db, other_db, keys
):
    document = (
        "query($b: Int!) { base(id: 1) { instockBoxesCount } " + STATISTICS["stockOverview"] + " }"
    )
    on_primary = GraphQLClient(*_app(demo_db, keys)).activate().execute(document, {"b": 1}, **GOD)
    on_other = GraphQLClient(*_app(other_db, keys)).activate().execute(document, {"b": 1}, **GOD)
    assert on_primary["data"] != on_other["data"]

    client = client_with_replica(keys, demo_db, other_db, max_connections=30)
    answer = client.execute(document, {"b": 1}, **GOD)

    assert answer["data"]["base"] == on_primary["data"]["base"]
    assert answer["data"]["stockOverview"] == on_other["data"]["stockOverview"]
