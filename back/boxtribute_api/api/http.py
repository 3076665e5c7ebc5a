"""GraphQL over HTTP: POST a JSON body (query, variables, operationName) and get a
JSON answer; GraphiQL on GET where a service allows it. One `GraphQLEndpoint` per
schema a service serves; services/ mount them at their paths."""

from __future__ import annotations

import orjson
from ariadne.explorer import ExplorerGraphiQL
from flask import Response, request

from ..auth.errors import AuthenticationFailed, auth_error_response
from ..auth.tokens import current_user_from_request
from ..auth.user import current_user_scope
from ..config import Settings
from ..runtime import timing
from .execution import GraphQLService
from .monitoring import tag_operation

EXPLORER_HTML = ExplorerGraphiQL(title="boxtribute API").html(None)


def json_response(body, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status=status, mimetype="application/json")


def bad_request(message: str) -> Response:
    return json_response({"errors": [{"message": message}]}, 400)


class GraphQLEndpoint:
    """`post` answers GraphQL requests; `get` serves GraphiQL if `graphiql`.

    `authenticated`: requests must carry a bearer token (401 otherwise) and run as
    its user; without, they run as nobody (the public service)."""

    def __init__(
        self,
        service: GraphQLService,
        settings: Settings,
        *,
        authenticated: bool = True,
        graphiql: bool = False,
    ):
        self.service = service
        self.settings = settings
        self.authenticated = authenticated
        self.graphiql = graphiql

    def post(self) -> Response:
        with timing.collecting(self.settings.server_timing) as timings:
            result, status = self._answer()
            with timing.phase("json"):
                body = orjson.dumps(result)
            response = Response(body, status=status, mimetype="application/json")
            if timings is not None:
                if request.headers.get("X-Debug-Timing") == "1":
                    response.set_data(timing.with_breakdown(body, result, timings))
                response.headers["Server-Timing"] = timings.server_timing_header()
            return response

    def _answer(self) -> tuple[dict, int]:
        user = None
        if self.authenticated:
            try:
                with timing.phase("auth"):
                    user = current_user_from_request(request, self.settings)
            except AuthenticationFailed as error:
                return auth_error_response(error)
        data = request.get_json(silent=True, force=True)
        if isinstance(data, dict):
            tag_operation(data.get("operationName"))
        if data is None:
            return {
                "errors": [{"message": "Request body must be a JSON object with a 'query'."}]
            }, 400
        with current_user_scope(user), timing.phase("exec"), timing.event_loop_run():
            status, result = self.service.execute(data, user)
        return result, status

    def get(self) -> Response:
        if not self.graphiql:
            return bad_request("GraphiQL is not served here; POST queries to this path.")
        return Response(EXPLORER_HTML, mimetype="text/html")
