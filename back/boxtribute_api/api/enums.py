"""Enum values in input: graphql-core's own parsing, not ariadne's replacement.

ariadne 1.1.1 replaces `parse_value` on every enum type of a schema it builds, so
that graphql-core (>= 3.2.6) can coerce argument defaults a second time after
ariadne has turned their enum names into Python values. Its replacement takes one
argument; graphql-core 3.2.14 calls enum parsing with a second one
(`hide_suggestions`), so every enum value sent in variables failed to coerce.

The second coercion only happens for an argument of input-object type that has a
default value (`execution/values.py` get_argument_values). So the fix goes to
that case instead of the parser: such defaults are written back in their GraphQL
form (enum names), which graphql-core's coercion turns into Python values exactly
once, and every enum type uses graphql-core's own `parse_value` again, with its
full signature (suggestions hidden in production included).
"""

from __future__ import annotations

from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLSchema,
    Undefined,
)


def use_graphql_core_enum_parsing(schema: GraphQLSchema) -> None:
    """Undo ariadne's per-instance `parse_value` on the schema's enum types and put
    input-object argument defaults in the form graphql-core coerces."""
    for named_type in schema.type_map.values():
        if isinstance(named_type, GraphQLEnumType):
            # ariadne sets an instance attribute; the class method is graphql-core's.
            vars(named_type).pop("parse_value", None)
        fields = getattr(named_type, "fields", None)
        if not fields or isinstance(named_type, GraphQLInputObjectType):
            continue
        for field in fields.values():
            for argument in field.args.values():
                if _unwrapped(argument.type).__class__ is GraphQLInputObjectType:
                    argument.default_value = to_graphql_form(argument.default_value, argument.type)


def _unwrapped(type_: Any) -> Any:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_


def to_graphql_form(value: Any, type_: GraphQLInputType) -> Any:
    """`value` (a default holding Python enum values) with enum names instead: the
    form of a default that graphql-core's `coerce_input_value` expects."""
    if value is Undefined or value is None:
        return value
    if isinstance(type_, GraphQLNonNull):
        return to_graphql_form(value, type_.of_type)
    if isinstance(type_, GraphQLList):
        if isinstance(value, list | tuple):
            return [to_graphql_form(item, type_.of_type) for item in value]
        return to_graphql_form(value, type_.of_type)
    if isinstance(type_, GraphQLInputObjectType):
        if not isinstance(value, dict):
            return value
        converted = {}
        for name, item in value.items():
            field = type_.fields.get(name)
            converted[name] = item if field is None else to_graphql_form(item, field.type)
        return converted
    if isinstance(type_, GraphQLEnumType):
        names = [name for name, enum_value in type_.values.items() if enum_value.value == value]
        # Already a name (ariadne left it as is): keep it.
        return names[0] if names and value not in type_.values else value
    return value
