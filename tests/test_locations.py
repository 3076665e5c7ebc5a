"""Warehouse locations: `location(id)`, `locations`, `Base.locations`, ClassicLocation
fields, and which Location type a row is.

Tests on `seed_client` compare with what the original answers on its development
seed; tests on `client` check behaviour on our demo world and find their rows by
querying.
"""

from __future__ import annotations

from boxtribute_api.location.models import Location
from boxtribute_api.location.resolvers import resolve_location_type
from support.errors import BAD_USER_INPUT, FORBIDDEN, error_codes
from support.users import COORDINATOR, GOD, HEAD_OF_OPS

LOCATION_FIELDS = """
    id name seq isShop isStockroom defaultBoxState
    base { id }
    createdBy { id } createdOn lastModifiedBy { id } lastModifiedOn
"""


def warehouse_rows(**conditions) -> list[Location]:
    from boxtribute_api.db.routing import connection_scope

    with connection_scope():
        query = Location.select().where(Location.type == "Warehouse")
        for name, value in conditions.items():
            query = query.where(getattr(Location, name) == value)
        return list(query.order_by(Location.id))


def deleted_warehouse_location(base_id: int) -> Location:
    rows = [loc for loc in warehouse_rows(base=base_id) if loc.deleted_on is not None]
    assert rows, f"the world has a deleted location in base {base_id}"
    return rows[0]


# --- comparisons with the original ----------------------------------------------------------


def test_a_coordinator_reads_a_free_shop_location(seed_client):
    query = f"{{ location(id: 100000039) {{ {LOCATION_FIELDS} }} }}"

    location = seed_client.data(query, **COORDINATOR)["location"]

    assert location == {
        "id": "100000039",
        "name": "FreeShop",
        "seq": None,
        "isShop": True,
        "isStockroom": False,
        "defaultBoxState": "Donated",
        "base": {"id": "1"},
        "createdBy": {"id": "7"},
        "createdOn": "2025-07-16T06:00:36+00:00",
        "lastModifiedBy": location["lastModifiedBy"],
        "lastModifiedOn": location["lastModifiedOn"],
    }


def test_locations_lists_the_warehouse_locations_of_the_users_bases_deleted_included(
    seed_client,
):
    locations = seed_client.data("{ locations { id name isStockroom } }", **COORDINATOR)

    assert locations["locations"] == [
        {"id": "100000036", "name": "Stockroom", "isStockroom": True},
        {"id": "100000037", "name": "WH", "isStockroom": False},
        {"id": "100000038", "name": "WH2", "isStockroom": False},
        {"id": "100000039", "name": "FreeShop", "isStockroom": False},
        {"id": "100000040", "name": "Donated location", "isStockroom": False},
        {"id": "100000041", "name": "Unused WH", "isStockroom": False},
    ]


def test_the_bases_locations_leave_out_deleted_ones(seed_client):
    query = "{ base(id: 1) { locations { id defaultBoxState } } }"

    base = seed_client.data(query, **COORDINATOR)["base"]

    assert base["locations"] == [
        {"id": "100000036", "defaultBoxState": "InStock"},
        {"id": "100000037", "defaultBoxState": "InStock"},
        {"id": "100000038", "defaultBoxState": "InStock"},
        {"id": "100000039", "defaultBoxState": "Donated"},
        {"id": "100000040", "defaultBoxState": "Donated"},
    ]


# --- location(id) ---------------------------------------------------------------------------


def test_a_deleted_location_is_still_returned_by_id(client):
    deleted = deleted_warehouse_location(1)

    location = client.data(
        "query($id: ID!) { location(id: $id) { id name } }", {"id": deleted.id}, **COORDINATOR
    )["location"]

    assert location == {"id": str(deleted.id), "name": deleted.name}


def test_a_location_of_another_organisations_base_is_forbidden(client):
    other = warehouse_rows(base=3)[0]

    response = client.execute(
        "query($id: ID!) { location(id: $id) { id } }", {"id": other.id}, **COORDINATOR
    )

    assert response["data"] == {"location": None}
    assert error_codes(response) == [(("location",), FORBIDDEN)]
    assert response["errors"][0]["extensions"]["description"] == (
        "You don't have access to 'base=3'"
    )


def test_a_god_user_reads_any_location(client):
    other = warehouse_rows(base=3)[0]

    location = client.data(
        "query($id: ID!) { location(id: $id) { id base { id } } }", {"id": other.id}, **GOD
    )["location"]

    assert location == {"id": str(other.id), "base": {"id": "3"}}


def test_an_unknown_location_is_bad_user_input_even_without_permission(client):
    response = client.execute(
        "{ location(id: 987654321) { id } }", permissions=["base_1/base:read"], base_ids=[1]
    )

    assert response["data"] == {"location": None}
    assert error_codes(response) == [(("location",), BAD_USER_INPUT)]


def test_a_distribution_spot_is_not_a_classic_location(client):
    from boxtribute_api.db.routing import connection_scope

    with connection_scope():
        spot = Location.select().where(Location.type != "Warehouse").first()
    assert spot is not None, "the demo world has a distribution spot in base 1"

    response = client.execute(
        "query($id: ID!) { location(id: $id) { id } }", {"id": spot.id}, **GOD
    )

    assert response == {"data": {"location": None}}


def test_location_rows_resolve_to_their_graphql_type_by_location_type():
    assert resolve_location_type(Location(type="Warehouse")) == "ClassicLocation"
    assert resolve_location_type(Location(type="MapDistroSpot")) == "DistributionSpot"


def test_a_location_resolves_its_default_box_state(client):
    donated = [loc for loc in warehouse_rows(base=1) if loc.default_box_state_id == 5]
    assert donated, "the world has a location whose default state is Donated"

    location = client.data(
        "query($id: ID!) { location(id: $id) { defaultBoxState } }",
        {"id": donated[0].id},
        **COORDINATOR,
    )["location"]

    assert location == {"defaultBoxState": "Donated"}


def test_a_locations_base_needs_base_read(client):
    own = warehouse_rows(base=1)[0]
    permissions = ["base_1/location:read"]

    response = client.execute(
        "query($id: ID!) { location(id: $id) { id base { id } } }",
        {"id": own.id},
        permissions=permissions,
        base_ids=[1],
    )

    assert response["data"] == {"location": {"id": str(own.id), "base": None}}
    assert error_codes(response) == [(("location", "base"), FORBIDDEN)]


# --- locations ------------------------------------------------------------------------------


def test_locations_covers_all_bases_the_user_may_read_locations_of(client):
    expected = [str(loc.id) for loc in warehouse_rows() if loc.base_id in (1, 2)]

    locations = client.data("{ locations { id } }", **HEAD_OF_OPS)["locations"]

    assert [loc["id"] for loc in locations] == expected


def test_a_god_user_gets_the_warehouse_locations_of_all_bases(client):
    expected = [str(loc.id) for loc in warehouse_rows()]

    locations = client.data("{ locations { id } }", **GOD)["locations"]

    assert [loc["id"] for loc in locations] == expected


def test_listing_locations_needs_location_read(client):
    response = client.execute("{ locations { id } }", permissions=["base_1/base:read"])

    assert response["data"] is None
    assert error_codes(response) == [(("locations",), FORBIDDEN)]


# --- Base.locations -------------------------------------------------------------------------


def test_a_bases_locations_are_its_active_warehouse_locations_by_id(client):
    deleted = deleted_warehouse_location(1)
    expected = [str(loc.id) for loc in warehouse_rows(base=1) if loc.deleted_on is None]

    base = client.data("{ base(id: 1) { locations { id } } }", **COORDINATOR)["base"]

    assert [loc["id"] for loc in base["locations"]] == expected
    assert str(deleted.id) not in expected


def test_the_locations_of_a_base_without_location_read_null_the_base(client):
    permissions = ["base_1/base:read", "base_2/base:read", "base_2/location:read"]

    response = client.execute(
        "{ base(id: 1) { id locations { id } } }", permissions=permissions, base_ids=[1, 2]
    )

    assert response["data"] == {"base": None}
    assert error_codes(response) == [(("base", "locations"), FORBIDDEN)]
