"""The Flask application: one GraphQL endpoint, GraphiQL in development, health."""

from __future__ import annotations

import logging

import orjson
from ariadne.explorer import ExplorerGraphiQL
from flask import Flask, Response, request
from flask_cors import CORS
from graphql import ExecutionContext
from werkzeug.exceptions import HTTPException

from .api.execution import GraphQLService
from .api.fastpath import BatchedExecutionContext
from .api.schema import build_schema
from .auth.errors import AuthenticationFailed, auth_error_response
from .auth.tokens import current_user_from_request
from .auth.user import current_user_scope
from .config import Settings
from .db.routing import configure_databases, pool_stats
from .domains import DOMAIN_PACKAGES
from .runtime import timing

logger = logging.getLogger(__name__)


def json_response(body, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status=status, mimetype="application/json")


def bad_request(message: str) -> Response:
    return json_response({"errors": [{"message": message}]}, 400)


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    configure_databases(settings)
    service = GraphQLService(
        build_schema(DOMAIN_PACKAGES),
        debug=settings.is_development,
        execution_context_class=(
            BatchedExecutionContext if settings.batched_executor else ExecutionContext
        ),
    )
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
        with timing.collecting(settings.server_timing) as timings:
            result, status = answer_graphql()
            with timing.phase("json"):
                body = orjson.dumps(result)
            response = Response(body, status=status, mimetype="application/json")
            if timings is not None:
                if request.headers.get("X-Debug-Timing") == "1":
                    response.set_data(timing.with_breakdown(body, result, timings))
                response.headers["Server-Timing"] = timings.server_timing_header()
            return response

    def answer_graphql() -> tuple[dict, int]:
        try:
            with timing.phase("auth"):
                user = current_user_from_request(request, settings)
        except AuthenticationFailed as error:
            return auth_error_response(error)
        data = request.get_json(silent=True, force=True)
        if data is None:
            return {
                "errors": [{"message": "Request body must be a JSON object with a 'query'."}]
            }, 400
        with current_user_scope(user), timing.phase("exec"), timing.event_loop_run():
            status, result = service.execute(data, user)
        return result, status

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
