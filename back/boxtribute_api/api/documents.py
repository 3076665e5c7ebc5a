"""Parsed and validated documents, cached by query text.

The frontend sends the same few dozen documents over and over; parsing and
validating one costs milliseconds (the Boxes view: ~2.5 ms), more than executing
a small query. Both results depend only on the text and the (fixed) schema.

Checks of a document that depend only on it, its operation name and its variables
(api/limits.py: shape and estimated cost) are kept with it as well (`checked`):
a cache belongs to one service (its schema and limits).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import orjson
from graphql import DocumentNode, GraphQLError, GraphQLSchema, parse, validate


class DocumentCache:
    """`max_tokens`: the parser gives up beyond that many lexical tokens (None: no
    limit). `hide_suggestions`: validation errors without "Did you mean ...?"."""

    def __init__(
        self, size: int = 256, *, max_tokens: int | None = None, hide_suggestions: bool = False
    ):
        self.size = size
        self.max_tokens = max_tokens
        self.hide_suggestions = hide_suggestions
        self._lock = threading.Lock()
        # query text -> document; id of a cached document -> its validation errors
        # (None until validated). Entries leave together.
        self._documents: OrderedDict[str, DocumentNode] = OrderedDict()
        self._errors: dict[int, list[GraphQLError] | None] = {}
        # id of a cached document -> (what was checked -> its result)
        self._checks: dict[int, dict[Hashable, Any]] = {}

    def parse(self, query: str) -> DocumentNode:
        with self._lock:
            document = self._documents.get(query)
            if document is not None:
                self._documents.move_to_end(query)
                return document
        # Raises GraphQLError on syntax errors and limits: not cached.
        document = parse(query, max_lexical_tokens=self.max_tokens, max_comments=self.max_tokens)
        with self._lock:
            self._documents[query] = document
            self._errors[id(document)] = None
            if len(self._documents) > self.size:
                _, evicted = self._documents.popitem(last=False)
                self._errors.pop(id(evicted), None)
                self._checks.pop(id(evicted), None)
        return document

    def validate(self, schema: GraphQLSchema, document: DocumentNode, rules=None, **kwargs):
        """An ariadne `query_validator`: validation errors, computed once per document."""
        key = id(document)
        with self._lock:
            cached = key in self._errors
            errors = self._errors.get(key)
        if errors is None:
            kwargs.setdefault("hide_suggestions", self.hide_suggestions)
            errors = validate(schema, document, rules=rules, **kwargs)
            if cached:
                with self._lock:
                    if key in self._errors:
                        self._errors[key] = errors
        return errors

    # Checks kept per document: enough for the variables a client's pages vary.
    CHECKS_PER_DOCUMENT = 64

    def checked(self, document: DocumentNode, key: Hashable, check: Callable[[], Any]) -> Any:
        """`check()`'s result for this document and `key`, computed once while the
        document is cached (a check that raises is not kept). For documents not
        from `parse` (never the case in the app), computed every time."""
        with self._lock:
            checks = self._checks.get(id(document)) if id(document) in self._errors else None
            if checks is not None and key in checks:
                return checks[key]
        result = check()
        with self._lock:
            if id(document) in self._errors:
                checks = self._checks.setdefault(id(document), {})
                if len(checks) >= self.CHECKS_PER_DOCUMENT:
                    checks.clear()
                checks[key] = result
        return result


def variables_key(variables: Any) -> Hashable:
    """A request's variables as a key (JSON with sorted keys; they came as JSON)."""
    if not variables:
        return None
    try:
        return orjson.dumps(variables, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return object()  # never equal: not kept usefully, still correct
