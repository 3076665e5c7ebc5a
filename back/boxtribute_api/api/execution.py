"""Executing one GraphQL request: the glue between the WSGI view and ariadne."""

from __future__ import annotations

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
from ..config import Settings
from ..runtime.eventloop import run_coroutine
from .documents import DocumentCache
from .errors import format_error
from .fastpath import BatchedExecutionContext
from .loaders import RequestLoaders

logger = logging.getLogger(__name__)

READ_ONLY_MESSAGE = "This API serves queries only: mutations are not available here."


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
    # graphql-core's plain ExecutionContext gives the same answers, slower (the
    # correctness guard compares the two on the whole frontend corpus).
    execution_context_class: type[ExecutionContext] = BatchedExecutionContext
    documents: DocumentCache = field(default_factory=DocumentCache)

    @classmethod
    def for_settings(cls, schema: GraphQLSchema, settings: Settings, **options) -> GraphQLService:
        """A service configured by the deployment's settings (`options` win)."""
        configured = {
            "debug": settings.is_development,
            "introspection": settings.introspection,
            "execution_context_class": (
                BatchedExecutionContext if settings.batched_executor else ExecutionContext
            ),
        }
        return cls(schema, **{**configured, **options})

    def execute(self, data: Any, user: Any) -> tuple[int, dict]:
        """Run one request to completion; returns (HTTP status, response body)."""
        context = RequestContext(user=user, loaders=RequestLoaders(), debug=self.debug)
        _, result = run_coroutine(
            graphql(
                self.schema,
                data,
                context_value=context,
                query_parser=self.parse_with_beta_check if self.check_beta_level else self.parse,
                introspection=self.introspection,
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

    def parse(self, context: RequestContext, data: dict) -> DocumentNode:
        document = self.documents.parse(data["query"])
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
