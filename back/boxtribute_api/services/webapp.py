"""The web app's API: POST /graphql (the whole schema, beta levels checked), GraphiQL
on GET in development, and the scheduled jobs (cron.py), as the original's app."""

from __future__ import annotations

from flask import Blueprint
from graphql import GraphQLSchema

from ..api.execution import GraphQLService
from ..api.http import GraphQLEndpoint
from ..config import Settings
from . import cron

PATH = "/graphql"


def cors_resources(settings: Settings) -> dict[str, dict]:
    return {PATH: {"origins": list(settings.cors_origins)}}


def blueprint(settings: Settings, schema: GraphQLSchema) -> Blueprint:
    service = GraphQLService.for_settings(schema, settings)
    endpoint = GraphQLEndpoint(service, settings, graphiql=settings.is_development)
    webapp = Blueprint("webapp", __name__)
    webapp.add_url_rule(PATH, "graphql", endpoint.post, methods=["POST"])
    webapp.add_url_rule(PATH, "graphiql", endpoint.get, methods=["GET"])
    webapp.register_blueprint(cron.blueprint(settings))
    return webapp
