"""Arguments the schema lets through but no resolver can use, refused as the client's
error (BAD_USER_INPUT at the field's path) before the resolver runs.

* `ID` arguments and input fields hold database ids, which are integers:
  `base(id: "abc")` made the original answer with Python's "invalid literal for
  int()". Label identifiers
  typed `ID` (the distribution mutations' `boxLabelIdentifier`) are exempt: they
  are strings that are looked up, not converted.
* A mutation's input-object argument is nullable in the schema, but every mutation
  needs it: `createBox(creationInput: null)` made the original answer with
  "'NoneType' object has no attribute 'pop'".

The checks wrap resolvers that are plain functions when the schema is built; the
batched executor's recognisable resolvers (attribute readers, loaded fields) take
no such arguments.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLID,
    GraphQLInputObjectType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
)

from ..errors import InvalidInput

# ID arguments that carry strings rather than database ids.
STRING_ID_SUFFIX = "LabelIdentifier"

Check = Callable[[dict[str, Any]], None]


def _is_integer(value: Any) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return True
    try:
        int(value)
    except (TypeError, ValueError):
        return False
    return True


def _ids_within(type_: Any, seen: frozenset = frozenset()) -> list[tuple[str, str, Any]]:
    """(GraphQL name, Python name, inner type) of the input fields of `type_`
    that hold ids or input objects holding ids, recursively."""
    named = get_named_type(type_)
    if not isinstance(named, GraphQLInputObjectType) or named.name in seen:
        return []
    found = []
    for name, field in named.fields.items():
        inner = get_named_type(field.type)
        if (inner is GraphQLID and not name.endswith(STRING_ID_SUFFIX)) or _ids_within(
            field.type, seen | {named.name}
        ):
            found.append((name, field.out_name or name, field.type))
    return found


def _check_ids(name: str, value: Any, type_: Any) -> None:
    if value is None:
        return
    if isinstance(value, list):
        for item in value:
            _check_ids(name, item, type_)
        return
    named = get_named_type(type_)
    if named is GraphQLID:
        if not _is_integer(value):
            raise InvalidInput(f"{value!r} is not a valid id for '{name}'.")
    elif isinstance(value, dict):
        for field_name, out_name, field_type in _ids_within(named):
            _check_ids(field_name, value.get(out_name), field_type)


def id_check(name: str, out_name: str, type_: Any) -> Check:
    def check(kwargs: dict[str, Any]) -> None:
        _check_ids(name, kwargs.get(out_name), type_)

    return check


def required_input_check(name: str, out_name: str) -> Check:
    def check(kwargs: dict[str, Any]) -> None:
        if kwargs.get(out_name) is None:
            raise InvalidInput(f"The argument '{name}' is required and must not be null.")

    return check


def checks_of(field: Any, is_mutation: bool) -> list[Check]:
    checks = []
    for name, argument in field.args.items():
        out_name = argument.out_name or name
        named = get_named_type(argument.type)
        if (named is GraphQLID and not name.endswith(STRING_ID_SUFFIX)) or _ids_within(named):
            checks.append(id_check(name, out_name, argument.type))
        if (
            is_mutation
            and isinstance(named, GraphQLInputObjectType)
            and not isinstance(argument.type, GraphQLNonNull)
        ):
            checks.append(required_input_check(name, out_name))
    return checks


def checked(resolve: Callable[..., Any], checks: list[Check]) -> Callable[..., Any]:
    @functools.wraps(resolve)
    def run(parent: Any, info: Any, **kwargs: Any) -> Any:
        for check in checks:
            check(kwargs)
        return resolve(parent, info, **kwargs)

    return run


def install_argument_checks(schema: GraphQLSchema) -> None:
    for graphql_type in schema.type_map.values():
        if not isinstance(graphql_type, GraphQLObjectType) or graphql_type.name.startswith("__"):
            continue
        is_mutation = graphql_type is schema.mutation_type
        for field in graphql_type.fields.values():
            if not field.args or not inspect.isfunction(field.resolve):
                continue
            checks = checks_of(field, is_mutation)
            if checks:
                field.resolve = checked(field.resolve, checks)
