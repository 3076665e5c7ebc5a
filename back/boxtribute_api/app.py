"""The Flask application: one GraphQL endpoint, GraphiQL in development, health."""

from __future__ import annotations

import logging

import orjson
from ariadne.explorer import ExplorerGraphiQL
from flask import Flask, Response, request
from flask_cors import CORS
from werkzeug.exceptions import HTTPException

from . import auth
from .config import Settings
from .db import configure_databases, pool_stats
from .domains import DOMAIN_PACKAGES
from .graphql.execution import GraphQLService
from .graphql.schema import build_schema

logger = logging.getLogger(__name__)


def json_response(body, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status=status, mimetype="application/json")


def bad_request(message: str) -> Response:
    return json_response({"errors": [{"message": message}]}, 400)


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    configure_databases(settings)
    schema, loader_registry = build_schema(DOMAIN_PACKAGES)
    service = GraphQLService(schema, loader_registry, debug=settings.is_development)
    explorer_html = ExplorerGraphiQL(title="boxtribute API").html(None)

    app = Flask(__name__)
    app.config["SETTINGS"] = settings
    app.config["GRAPHQL_SERVICE"] = service
    CORS(
        app,
        resources={r"/graphql": {"origins": list(settings.cors_origins)}},
        allow_headers=["Authorization", "Content-Type", "x-clacks-overhead"],
        methods=["GET", "POST", "OPTIONS"],
    )

    @app.post("/graphql")
    def graphql_endpoint():
        try:
            user = auth.current_user_from_request(request, settings)
        except auth.AuthenticationFailed as error:
            body, status = auth.auth_error_response(error)
            return json_response(body, status)
        data = request.get_json(silent=True, force=True)
        if data is None:
            return bad_request("Request body must be a JSON object with a 'query'.")
        with auth.current_user_scope(user):
            status, result = service.execute(data, user)
        return json_response(result, status)

    @app.get("/graphql")
    def graphiql():
        if not settings.is_development:
            return bad_request("GraphiQL is only served in development; POST queries here.")
        return Response(explorer_html, mimetype="text/html")

    @app.get("/health")
    def health():
        return json_response({"status": "ok", "pool": pool_stats()})

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return json_response({"errors": [{"message": error.description}]}, error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        logger.exception("unhandled error")
        return json_response({"errors": [{"message": "Internal server error"}]}, 500)

    return app
