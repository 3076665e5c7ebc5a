"""Enum values sent in variables reach the resolvers as their internal values.

The frontend sends enums almost only through variables (e.g. the boxes view's
`filterInput: {states: ["InStock"]}`). Some ariadne/graphql-core combinations have
handed resolvers the enum *names* for values coming from variables, while literals
were converted: these tests guard the pinned versions against that, by comparing
each variable form with the literal form of the same query.
"""

from __future__ import annotations

from support.users import COORDINATOR


def total(client, document: str, variables: dict | None = None) -> int:
    return client.data(document, variables, **COORDINATOR)["boxes"]["totalCount"]


def test_a_list_of_enum_values_inside_an_input_object_variable(client):
    literal = total(
        client, "query { boxes(baseId: 1, filterInput: {states: [InStock]}) { totalCount } }"
    )
    everything = total(client, "query { boxes(baseId: 1) { totalCount } }")
    document = """
    query($filter: FilterBoxInput) {
      boxes(baseId: 1, filterInput: $filter) { totalCount }
    }"""

    from_variable = total(client, document, {"filter": {"states": ["InStock"]}})

    assert from_variable == literal
    assert 0 < literal < everything


def test_a_list_variable_of_enum_values_inside_an_input_literal(client):
    literal = total(
        client, "query { boxes(baseId: 1, filterInput: {states: [Donated, Lost]}) { totalCount } }"
    )
    document = """
    query($states: [BoxState!]) {
      boxes(baseId: 1, filterInput: {states: $states}) { totalCount }
    }"""

    from_variable = total(client, document, {"states": ["Donated", "Lost"]})

    assert from_variable == literal > 0


def test_a_single_enum_value_as_variable(client):
    literal = total(
        client, "query { boxes(baseId: 1, filterInput: {productGender: Women}) { totalCount } }"
    )
    document = """
    query($gender: ProductGender) {
      boxes(baseId: 1, filterInput: {productGender: $gender}) { totalCount }
    }"""

    from_variable = total(client, document, {"gender": "Women"})

    assert from_variable == literal > 0


def test_a_single_enum_value_inside_an_input_object_variable(client):
    literal = total(
        client, "query { boxes(baseId: 1, filterInput: {productGender: Men}) { totalCount } }"
    )
    document = """
    query($filter: FilterBoxInput) {
      boxes(baseId: 1, filterInput: $filter) { totalCount }
    }"""

    from_variable = total(client, document, {"filter": {"productGender": "Men"}})

    assert from_variable == literal > 0


def test_an_enum_argument_given_as_variable(client):
    literal = client.data(
        "query { base(id: 1) { tags(resourceType: Box) { id } } }", **COORDINATOR
    )["base"]["tags"]
    document = """
    query($type: TaggableResourceType) {
      base(id: 1) { tags(resourceType: $type) { id } }
    }"""

    from_variable = client.data(document, {"type": "Box"}, **COORDINATOR)["base"]["tags"]

    assert from_variable == literal


def test_enum_values_come_back_as_names(client):
    document = """
    query($filter: FilterBoxInput) {
      boxes(baseId: 1, filterInput: $filter, paginationInput: {first: 5}) {
        elements { state }
      }
    }"""

    page = client.data(document, {"filter": {"states": ["InStock"]}}, **COORDINATOR)["boxes"]

    assert page["elements"]
    assert {e["state"] for e in page["elements"]} == {"InStock"}


def test_an_unknown_enum_value_in_variables_is_rejected(client):
    document = """
    query($filter: FilterBoxInput) {
      boxes(baseId: 1, filterInput: $filter) { totalCount }
    }"""

    response = client.execute(document, {"filter": {"states": ["Instock"]}}, **COORDINATOR)

    assert response.get("data") is None
    assert "Instock" in response["errors"][0]["message"]
