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


# --- the schema-level fix (api/enums.py), on a schema of its own --------------------------

TOY_SDL = """
enum Level { Low High }
input Filter { level: Level = High, levels: [Level!] }
type Query {
  pick(filter: Filter = {level: Low, levels: [High]}): String
  one(level: Level): String
}
"""


def toy_schema():
    from ariadne import EnumType, QueryType, make_executable_schema

    from boxtribute_api.api.enums import use_graphql_core_enum_parsing

    query = QueryType()
    query.set_field("pick", lambda *_, filter: repr(sorted(filter.items())))
    query.set_field("one", lambda *_, level=None: repr(level))
    schema = make_executable_schema(TOY_SDL, query, EnumType("Level", {"Low": 1, "High": 2}))
    use_graphql_core_enum_parsing(schema)
    return schema


def run_toy(document: str, variables: dict | None = None) -> dict:
    from graphql import graphql_sync

    result = graphql_sync(toy_schema(), document, variable_values=variables)
    return {"data": result.data, "errors": [e.message for e in result.errors or ()]}


def test_an_input_object_argument_default_with_enum_values_is_coerced_once():
    assert run_toy("{ pick }") == {
        "data": {"pick": "[('level', 1), ('levels', [2])]"},
        "errors": [],
    }


def test_enum_values_in_variables_and_literals_reach_resolvers_as_python_values():
    assert run_toy("query($l: Level) { one(level: $l) }", {"l": "High"})["data"] == {"one": "2"}
    assert run_toy("{ one(level: Low) }")["data"] == {"one": "1"}
    assert run_toy("query($f: Filter) { pick(filter: $f) }", {"f": {"levels": ["Low"]}})[
        "data"
    ] == {"pick": "[('level', 2), ('levels', [1])]"}


def test_enum_parsing_is_graphql_cores_own_again():
    from graphql import GraphQLEnumType

    level = toy_schema().type_map["Level"]
    assert "parse_value" not in vars(level)
    assert type(level).parse_value is GraphQLEnumType.parse_value
