"""The documents the cases send: the frontend's operations (from the reference's
frontend-operations.json, as `wire_document`, the way Apollo sends them) and a few
documents of our own (`extra_operations.py`) for what the frontend's documents
cannot express, such as cursor pagination."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache

from . import extra_links, extra_operations
from .paths import operations_json

PUBLIC = "public"
PUBLIC_PATH = "/public"


@dataclass(frozen=True)
class Operation:
    name: str
    kind: str  # "query" | "mutation"
    document: str
    variables: tuple[tuple[str, str], ...]  # (name, type)
    source: str  # file in the boxtribute repository, or "extra"
    # "graphql" (the web app's API, with a token) or "public" (/public, no token)
    endpoint: str = "graphql"

    @property
    def is_mutation(self) -> bool:
        return self.kind == "mutation"

    @property
    def is_public(self) -> bool:
        return self.endpoint == PUBLIC


@cache
def catalogue() -> dict[str, Operation]:
    operations = {}
    for entry in json.loads(operations_json().read_text()):
        operations[entry["name"]] = Operation(
            name=entry["name"],
            kind=entry["kind"],
            document=entry["wire_document"],
            variables=tuple((v["name"], v["type"]) for v in entry["variables"]),
            source=entry["source"],
            endpoint=entry["endpoint"],
        )
    for name, (kind, document, *endpoint) in {
        **extra_operations.EXTRA,
        **extra_links.LINKS,
    }.items():
        assert name not in operations, f"extra operation {name} shadows a frontend one"
        operations[name] = Operation(name, kind, document, (), "extra", *endpoint)
    return operations


@cache
def sendable_frontend_operations() -> dict[str, dict]:
    """Frontend operations that reach our /graphql endpoint: valid, endpoint graphql."""
    return {
        entry["name"]: entry
        for entry in json.loads(operations_json().read_text())
        if entry["valid"] and entry["endpoint"] == "graphql"
    }


def operation(name: str) -> Operation:
    return catalogue()[name]


def document_hash(document: str) -> str:
    """What the case files keep of a document: the frontend's documents stay in the
    reference (never committed); the hash tells whether a recording used this one."""
    return hashlib.sha256(document.encode()).hexdigest()[:16]
