"""The partners' query API: POST / (the read side of the schema: no mutations) with
the app's authentication and authorization, GraphiQL on GET, introspection on
(partners explore it)."""

from __future__ import annotations

from flask import Blueprint
from graphql import GraphQLSchema

from ..api.execution import GraphQLService
from ..api.http import GraphQLEndpoint
from ..config import Settings

PATH = "/"


def read_only(schema: GraphQLSchema) -> GraphQLSchema:
    """`schema` without its Mutation type (a mutation is then a validation error)."""
    types = [t for t in schema.type_map.values() if t is not schema.mutation_type]
    return GraphQLSchema(query=schema.query_type, types=types, directives=schema.directives)


def blueprint(settings: Settings, schema: GraphQLSchema) -> Blueprint:
    service = GraphQLService.for_settings(
        read_only(schema), settings, check_beta_level=False, introspection=True
    )
    endpoint = GraphQLEndpoint(service, settings, graphiql=True)
    query_api = Blueprint("query_api", __name__)
    query_api.add_url_rule(PATH, "graphql", endpoint.post, methods=["POST"])
    query_api.add_url_rule(PATH, "graphiql", endpoint.get, methods=["GET"])
    return query_api
