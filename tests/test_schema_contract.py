"""Our schema is the contract the frontend speaks, and every frontend operation fits it."""

from __future__ import annotations

import pytest
from graphql import build_schema, find_breaking_changes, find_dangerous_changes, parse, validate

from boxtribute_api.api.schema import build_schema as build_our_schema
from boxtribute_api.domains import DOMAIN_PACKAGES
from support.reference import REFERENCE, frontend_operations, requires_reference


@pytest.fixture(scope="module")
def our_schema():
    return build_our_schema(DOMAIN_PACKAGES)


def test_the_schema_is_equivalent_to_the_contract(our_schema):
    requires_reference()
    contract = build_schema((REFERENCE / "api-contract.graphql").read_text())

    assert find_breaking_changes(contract, our_schema) == []
    assert find_breaking_changes(our_schema, contract) == []
    assert find_dangerous_changes(contract, our_schema) == []
    assert find_dangerous_changes(our_schema, contract) == []


def test_every_valid_frontend_operation_validates_against_the_schema(our_schema):
    requires_reference()
    operations = frontend_operations()
    sendable = [op for op in operations if op["valid"] and op["endpoint"] == "graphql"]
    assert sendable
    for operation in sendable:
        errors = validate(our_schema, parse(operation["wire_document"]))
        assert errors == [], (operation["name"], errors)


def test_every_union_and_interface_can_resolve_its_members(our_schema):
    abstract = [
        t for t in our_schema.type_map.values() if hasattr(t, "resolve_type") and t.resolve_type
    ]
    assert {t.name for t in abstract} >= {"BoxResult", "QrCodeResult", "TaggableResource"}
