"""Executing one GraphQL request: the glue between the WSGI view and ariadne."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from ariadne import graphql
from graphql import DocumentNode, ExecutionContext, GraphQLError, GraphQLSchema

from ..auth.beta import check_user_beta_level
from ..runtime.eventloop import run_coroutine
from .documents import DocumentCache
from .errors import format_error
from .fastpath import BatchedExecutionContext
from .loaders import RequestLoaders

logger = logging.getLogger(__name__)


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
    # graphql-core's plain ExecutionContext gives the same answers, slower (the
    # correctness guard compares the two on the whole frontend corpus).
    execution_context_class: type[ExecutionContext] = BatchedExecutionContext
    documents: DocumentCache = field(default_factory=DocumentCache)

    def execute(self, data: Any, user: Any) -> tuple[int, dict]:
        """Run one request to completion; returns (HTTP status, response body)."""
        context = RequestContext(user=user, loaders=RequestLoaders(), debug=self.debug)
        _, result = run_coroutine(
            graphql(
                self.schema,
                data,
                context_value=context,
                query_parser=self.parse_with_beta_check,
                query_validator=self.documents.validate,
                error_formatter=format_error,
                debug=self.debug,
                logger=logger.name,
                execution_context_class=self.execution_context_class,
            )
        )
        # As the original: 400 only when the request never reached execution
        # (bad body, syntax, validation); executed requests answer 200, errors or not.
        return (200 if "data" in result else 400), result

    def parse_with_beta_check(self, context: RequestContext, data: dict) -> DocumentNode:
        document = self.documents.parse(data["query"])
        if not check_user_beta_level(document, context.user):
            raise GraphQLError("Insufficient beta-level")
        return document
