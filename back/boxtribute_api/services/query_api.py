"""The partners' query API: POST / (the read side of the schema: no mutations) with
the app's authentication and authorization, GraphiQL on GET, introspection on
(partners explore it), and POST /token: a username and password exchanged for an
access token at Auth0, for partners' scripts."""

from __future__ import annotations

from flask import Blueprint, request
from graphql import GraphQLSchema

from ..api.execution import GraphQLService
from ..api.http import GraphQLEndpoint, json_response
from ..auth.auth0 import request_token
from ..config import Settings

PATH = "/"
TOKEN_REQUEST_MESSAGE = "Send a JSON object with 'username' and 'password'."


def cors_resources(settings: Settings) -> dict[str, dict]:
    """Partners' scripts call it, not browsers: no cross-origin access."""
    return {}


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

    @query_api.post("/token")
    def token():
        data = request.get_json(silent=True, force=True)
        if not (
            isinstance(data, dict)
            and isinstance(data.get("username"), str)
            and isinstance(data.get("password"), str)
        ):
            return json_response(
                {"error": "Send a JSON object with 'username' and 'password'."}, 400
            )
        if not (settings.auth0_client_id and settings.auth0_client_secret):
            return json_response({"error": "Tokens are not issued by this server."}, 503)
        issued, answer = request_token(settings, data["username"], data["password"])
        return json_response(answer, 200 if issued else 400)

    return query_api
