"""A field of the contract that is not built yet answers an error saying so, never a
silent null that a client would read as "nothing there".

UNBUILT is the work still to do; since the distribution, beneficiary and statistics
issues it is empty. A field that loses its resolver must join it: the first test
fails. The others show what such a field answers, on a small schema that the same
installers prepare as they prepare ours.
"""

from __future__ import annotations

from ariadne import ObjectType, QueryType, make_executable_schema
from graphql import graphql_sync

from boxtribute_api.api.attributes import install_attribute_resolvers
from boxtribute_api.api.errors import format_error
from boxtribute_api.api.schema import (
    build_schema,
    install_unbuilt_field_resolvers,
    unbuilt_fields,
)
from boxtribute_api.domains import DOMAIN_PACKAGES

UNBUILT: list[str] = []

SDL = """
type Query { base: Base  spots: [Int!] }
type Mutation { createSpot(name: String!): Int }
type Base { id: ID!  spots: [Spot!]! }
type Spot { id: ID! }
"""


class BaseRow:
    """A row as a store returns it: an object (a mapping would answer null)."""

    id = 1


def small_schema():
    query = QueryType()
    query.set_field("base", lambda *_: BaseRow())
    schema = make_executable_schema(SDL, query, ObjectType("Base"), convert_names_case=True)
    install_unbuilt_field_resolvers(schema)
    install_attribute_resolvers(schema)
    return schema


def answer(document: str) -> dict:
    result = graphql_sync(small_schema(), document)
    return {
        "data": result.data,
        "errors": [format_error(error) for error in result.errors or []],
    }


def test_the_root_fields_not_built_yet_are_exactly_these():
    assert unbuilt_fields(build_schema(DOMAIN_PACKAGES)) == UNBUILT


def test_a_root_field_without_resolver_is_listed_as_unbuilt():
    assert unbuilt_fields(small_schema()) == ["Mutation.createSpot", "Query.spots"]


def test_an_unbuilt_mutation_answers_not_implemented():
    result = answer('mutation { createSpot(name: "x") }')

    assert result["data"] == {"createSpot": None}
    (error,) = result["errors"]
    assert error["path"] == ["createSpot"]
    assert error["extensions"]["code"] == "NOT_IMPLEMENTED"
    assert "Mutation.createSpot" in error["message"]


def test_an_unbuilt_field_of_a_built_type_answers_not_implemented():
    result = answer("{ base { id spots { id } } }")

    codes = [(e["path"], e["extensions"]["code"]) for e in result["errors"]]
    assert codes == [(["base", "spots"], "NOT_IMPLEMENTED")]
