"""Parsed and validated documents, cached by query text.

The frontend sends the same few dozen documents over and over; parsing and
validating one costs milliseconds (the Boxes view: ~2.5 ms), more than executing
a small query. Both results depend only on the text and the (fixed) schema.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

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
