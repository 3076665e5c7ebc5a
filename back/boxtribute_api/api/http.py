"""GraphQL over HTTP: POST a JSON body (query, variables, operationName) and get a
JSON answer; GraphiQL on GET where a service allows it. One `GraphQLEndpoint` per
schema a service serves; services/ mount them at their paths.

The body is read within its size limit and decoded by orjson (which refuses
nesting beyond 1,024 levels instead of recursing), then its nesting is checked;
the answer is written within its size budget (api/answer.py)."""

from __future__ import annotations

import logging
import re
from time import perf_counter
from typing import Any

import orjson
from ariadne.explorer import ExplorerGraphiQL
from flask import Response, request

from ..auth.errors import AuthenticationFailed, auth_error_response
from ..auth.tokens import current_user_from_request
from ..auth.user import current_user_scope
from ..config import RequestLimits, Settings
from ..errors import GENERIC_INTERNAL_MESSAGE, INTERNAL_SERVER_ERROR
from ..runtime import timing
from ..runtime.logs import request_fields, trace_fields
from .answer import serialise
from .execution import GraphQLService
from .limits import LIMIT_CODE, json_depth
from .monitoring import tag_operation

EXPLORER_HTML = ExplorerGraphiQL(title="boxtribute API").html(None)
request_logger = logging.getLogger("boxtribute_api.requests")
NOT_JSON_MESSAGE = "Request body must be a JSON object with a 'query'."


def json_response(body, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status=status, mimetype="application/json")


def bad_request(message: str) -> Response:
    return json_response({"errors": [{"message": message}]}, 400)


class BadBody(Exception):
    """The request body is not a JSON document within the limits: answered 400."""

    def __init__(self, message: str, **extensions: Any):
        super().__init__(message)
        self.message = message
        self.extensions = extensions

    def answer(self) -> dict:
        error: dict[str, Any] = {"message": self.message}
        if self.extensions:
            error["extensions"] = self.extensions
        return {"errors": [error]}


def _limit(message: str, limit: str, maximum: int) -> BadBody:
    return BadBody(message, code=LIMIT_CODE, limit=limit, maximum=maximum)


def read_json_body(limits: RequestLimits) -> Any:
    """The request's JSON body, decoded; BadBody if it is too large, not JSON, or
    nested deeper than allowed."""
    maximum = limits.max_body_bytes
    if request.content_length is not None and request.content_length > maximum:
        raise _limit(
            f"The request body has {request.content_length} bytes, more than the {maximum}"
            " allowed.",
            "bodyBytes",
            maximum,
        )
    body = request.stream.read(maximum + 1)
    if len(body) > maximum:
        raise _limit(
            f"The request body has more than the {maximum} bytes allowed.", "bodyBytes", maximum
        )
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        if "depth limit" in str(error) or "recursion" in str(error):
            raise _too_deep(limits) from None
        raise BadBody(NOT_JSON_MESSAGE) from None
    if json_depth(data, limits.max_json_depth) > limits.max_json_depth:
        raise _too_deep(limits)
    return data


def _too_deep(limits: RequestLimits) -> BadBody:
    return _limit(
        f"The request's JSON is nested more than {limits.max_json_depth} levels deep.",
        "jsonDepth",
        limits.max_json_depth,
    )


_OPERATION_NAME = re.compile(r"\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)")


def operation_name(data: Any) -> str | None:
    """The operation's name: as the client sent it, else the document's first."""
    if not isinstance(data, dict):
        return None
    name = data.get("operationName")
    if isinstance(name, str) and name:
        return name[:100]
    match = (
        _OPERATION_NAME.match(data.get("query") or "")
        if isinstance(data.get("query"), str)
        else None
    )
    return match.group(1) if match else None


def log_request(result: dict, status: int, size: int, started: float) -> None:
    """The request's one line: its error codes (no tracebacks; an unexpected error
    has had its own line with one), duration and size. INFO without errors,
    WARNING with the client's errors, ERROR with internal ones."""
    errors = result.get("errors") if isinstance(result.get("errors"), list) else []
    codes: dict[str, int] = {}
    internal = False
    for error in errors:
        code = (error.get("extensions") or {}).get("code") or (
            "GRAPHQL_VALIDATION_FAILED" if status == 400 else "NO_CODE"
        )
        internal |= code == INTERNAL_SERVER_ERROR or error.get("message") == (
            GENERIC_INTERNAL_MESSAGE
        )
        codes[code] = codes.get(code, 0) + 1
    if status == 401:
        codes[str(result.get("code"))] = 1
    level = logging.ERROR if internal else logging.WARNING if codes else logging.INFO
    fields: dict[str, Any] = {
        "status": status,
        "durationMs": round((perf_counter() - started) * 1000, 1),
        "answerBytes": size,
    }
    if codes:
        fields["errors"] = codes
    request_logger.log(level, "graphql request", extra={"fields": fields})


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
        started = perf_counter()
        with (
            request_fields(**trace_fields(request.headers)) as fields,
            timing.collecting(self.settings.server_timing) as timings,
        ):
            result, status = self._answer(fields)
            with timing.phase("json"):
                body, _ = serialise(result, self.settings.limits.max_answer_bytes)
            response = Response(body, status=status, mimetype="application/json")
            if timings is not None:
                if request.headers.get("X-Debug-Timing") == "1":
                    response.set_data(timing.with_breakdown(body, result, timings))
                response.headers["Server-Timing"] = timings.server_timing_header()
            log_request(result, status, len(body), started)
            return response

    def _answer(self, fields: dict) -> tuple[dict, int]:
        user = None
        if self.authenticated:
            try:
                with timing.phase("auth"):
                    user = current_user_from_request(request, self.settings)
            except AuthenticationFailed as error:
                return auth_error_response(error)
            fields["userId"] = user.id
        try:
            data = read_json_body(self.settings.limits)
        except BadBody as error:
            return error.answer(), 400
        fields["operationName"] = operation_name(data)
        tag_operation(fields["operationName"])
        with current_user_scope(user), timing.phase("exec"), timing.event_loop_run():
            status, result = self.service.execute(data, user)
        return result, status

    def get(self) -> Response:
        if not self.graphiql:
            return bad_request("GraphiQL is not served here; POST queries to this path.")
        return Response(EXPLORER_HTML, mimetype="text/html")
