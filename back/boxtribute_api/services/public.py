"""The public service for shared statistics links, as the original's "shared"
service: POST /public answers the public schema (resolveLink, the public standard
products and figures; no mutation, no protected type) without a token, for the
statistics frontend on its own hosts; GET /public serves GraphiQL. Its CORS origins
are its own (PUBLIC_CORS_ORIGINS)."""

from __future__ import annotations

from flask import Blueprint
from graphql import GraphQLSchema

from ..api.execution import GraphQLService
from ..api.http import GraphQLEndpoint
from ..api.schema import build_public_schema
from ..config import Settings
from ..domains import DOMAIN_PACKAGES

PATH = "/public"


def cors_resources(settings: Settings) -> dict[str, dict]:
    return {PATH: {"origins": list(settings.public_cors_origins), "methods": ["POST"]}}


def blueprint(settings: Settings, schema: GraphQLSchema) -> Blueprint:
    # As the original: introspection on, no beta levels (there is no user).
    service = GraphQLService.for_settings(
        build_public_schema(schema, DOMAIN_PACKAGES),
        settings,
        check_beta_level=False,
        introspection=True,
    )
    endpoint = GraphQLEndpoint(service, settings, authenticated=False, graphiql=True)
    public = Blueprint("public", __name__)
    public.add_url_rule(PATH, "graphql", endpoint.post, methods=["POST"])
    public.add_url_rule(PATH, "graphiql", endpoint.get, methods=["GET"])
    return public
