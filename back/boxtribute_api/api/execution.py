"""Executing one GraphQL request: the glue between the WSGI view and ariadne.

Before validation the request's limits are checked (api/limits.py); execution runs
within the request's time budget on the request's own event loop."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import Any

from ariadne import graphql
from graphql import (
    DocumentNode,
    ExecutionContext,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
)

from ..auth.beta import check_user_beta_level
from ..config import RequestLimits, Settings
from ..runtime.eventloop import run_coroutine
from .documents import DocumentCache, variables_key
from .errors import format_error
from .fastpath import BatchedExecutionContext
from .limits import (
    check_document_text,
    check_shape,
    estimated_cost,
    raise_if_too_costly,
    with_limit_code,
)
from .loaders import RequestLoaders
from .rootfields import OriginalRootExecutionContext

logger = logging.getLogger(__name__)

READ_ONLY_MESSAGE = "This API serves queries only: mutations are not available here."
TIME_BUDGET_CODE = "REQUEST_TIMEOUT"

# ariadne logs every error of a result with its traceback, authorization and
# validation errors included. Errors are logged by format_error (unexpected ones,
# once, with their traceback) and by the endpoint's request line (all codes), so
# ariadne's logger is a silent one.
_ariadne_logger = logging.getLogger(f"{__name__}.ariadne")
_ariadne_logger.disabled = True


def time_budget_exceeded(seconds: float) -> dict:
    return {
        "data": None,
        "errors": [
            {
                "message": (
                    f"The request took longer than its time budget of {seconds:g} s and was"
                    " stopped. A change it was making is either complete or undone."
                ),
                "extensions": {"code": TIME_BUDGET_CODE, "maximum": seconds},
            }
        ],
    }


@dataclass
class RequestContext:
    """What resolvers see as `info.context`; one per request, never shared."""

    user: Any
    loaders: RequestLoaders
    debug: bool = False
    extras: dict = field(default_factory=dict)


@dataclass
class GraphQLService:
    schema: GraphQLSchema
    debug: bool = False
    # The web app's API checks the user's beta level (as the original); the query
    # API does not.
    check_beta_level: bool = True
    introspection: bool = True
    # graphql-core's plain ExecutionContext (with the original's root fields,
    # OriginalRootExecutionContext) gives the same answers, slower (the correctness
    # guard compares the two on the whole frontend corpus).
    execution_context_class: type[ExecutionContext] = BatchedExecutionContext
    limits: RequestLimits = field(default_factory=RequestLimits)
    # "Did you mean ...?" in validation and coercion errors.
    suggestions: bool = True
    documents: DocumentCache | None = None

    def __post_init__(self) -> None:
        if self.documents is None:
            self.documents = DocumentCache(
                max_tokens=self.limits.max_tokens, hide_suggestions=not self.suggestions
            )

    @classmethod
    def for_settings(cls, schema: GraphQLSchema, settings: Settings, **options) -> GraphQLService:
        """A service configured by the deployment's settings (`options` win)."""
        configured = {
            "debug": settings.is_development,
            "introspection": settings.introspection,
            "execution_context_class": (
                BatchedExecutionContext
                if settings.batched_executor
                else OriginalRootExecutionContext
            ),
            "limits": settings.limits,
            "suggestions": settings.suggestions,
        }
        return cls(schema, **{**configured, **options})

    def execute(self, data: Any, user: Any) -> tuple[int, dict]:
        """Run one request to completion; returns (HTTP status, response body)."""
        context = RequestContext(user=user, loaders=RequestLoaders(), debug=self.debug)
        options = {} if self.suggestions else {"hide_suggestions": True}
        request = graphql(
            self.schema,
            data,
            context_value=context,
            query_parser=self.parse_with_beta_check if self.check_beta_level else self.parse,
            introspection=self.introspection,
            query_validator=self.documents.validate,
            error_formatter=format_error,
            debug=self.debug,
            logger=_ariadne_logger,
            execution_context_class=self.execution_context_class,
            **options,
        )
        budget = self.limits.time_budget
        try:
            _, result = run_coroutine(asyncio.wait_for(request, budget) if budget > 0 else request)
        except TimeoutError:
            return 200, time_budget_exceeded(budget)
        # As the original: 400 only when the request never reached execution
        # (bad body, syntax, validation, limits); executed requests answer 200,
        # errors or not.
        return (200 if "data" in result else 400), result

    def parse(self, context: RequestContext, data: dict) -> DocumentNode:
        query, operation_name = data["query"], data.get("operationName")
        check_document_text(query, self.limits)
        try:
            document = self.documents.parse(query)
        except GraphQLError as error:
            raise with_limit_code(error, self.limits) from None
        # Both checks depend on the document, the operation and (cost) the variables
        # only: computed once per distinct request while the document is cached.
        documents = self.documents
        documents.checked(
            document,
            ("shape", operation_name),
            lambda: check_shape(document, operation_name, self.limits),
        )
        variables = data.get("variables")
        try:
            cost = documents.checked(
                document,
                ("cost", operation_name, variables_key(variables)),
                lambda: estimated_cost(
                    self.schema, document, operation_name, variables, self.limits
                ),
            )
        except RecursionError:
            error = GraphQLError("Document is nested too deeply.")
            raise with_limit_code(error, self.limits) from None
        raise_if_too_costly(cost, self.limits)
        if self.schema.mutation_type is None and any(
            isinstance(definition, OperationDefinitionNode)
            and definition.operation == OperationType.MUTATION
            for definition in document.definitions
        ):
            # graphql-core would only notice while executing (and log a traceback).
            raise GraphQLError(READ_ONLY_MESSAGE)
        return document

    def parse_with_beta_check(self, context: RequestContext, data: dict) -> DocumentNode:
        document = self.parse(context, data)
        if not check_user_beta_level(document, context.user):
            raise GraphQLError("Insufficient beta-level")
        return document
