"""Default resolvers as recognisable objects: a field resolved by reading an attribute
of its parent (or a mapping key), which the batched executor (fastpath.py) reads in a
tight loop without building resolve info."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import GraphQLSchema, get_named_type
from graphql.type import is_composite_type, is_object_type

from ..errors import FieldNotBuilt

MISSING = object()


class AttributeResolver:
    """The default resolver (attribute or mapping key, called if callable), as a
    recognisable object so that the batched path can read it without resolve info.

    An object (not a mapping) without the attribute means that no domain provides
    the field yet: that is an error (FieldNotBuilt), never a silent null."""

    __slots__ = ("attr", "coordinate", "composite")

    def __init__(self, attr: str, coordinate: str, composite: bool = False):
        self.attr = attr
        self.coordinate = coordinate
        # The field's type is an object, interface or union: a plain value there (a
        # foreign key's id that no resolver turned into its object) means the field
        # is not built either.
        self.composite = composite

    def __call__(self, parent: Any, info, **kwargs) -> Any:
        value = parent
        for name in self.attr.split("."):
            if isinstance(value, Mapping):
                value = value.get(name)
            else:
                value = getattr(value, name, MISSING)
                if value is MISSING:
                    raise FieldNotBuilt(self.coordinate)
            if value is None:
                break
        if callable(value):
            return value(info, **kwargs)
        if self.composite and is_plain_value(value):
            raise FieldNotBuilt(self.coordinate)
        return value

    def __repr__(self) -> str:
        return f"AttributeResolver({self.attr!r})"


PLAIN_VALUE_TYPES = (int, float, str, bytes, bool)


def is_plain_value(value: Any) -> bool:
    """A scalar, or a list of them, where objects belong."""
    if isinstance(value, list | tuple):
        return bool(value) and isinstance(value[0], PLAIN_VALUE_TYPES)
    return isinstance(value, PLAIN_VALUE_TYPES)


def is_ariadne_alias_resolver(resolve) -> bool:
    """Whether `resolve` is the resolver ariadne's convert_names_case gives a field
    whose attribute is named otherwise (marked by a private attribute of ariadne's;
    tests/test_private_internals.py asserts it)."""
    return getattr(resolve, "_ariadne_alias_resolver", False)


def install_attribute_resolvers(schema: GraphQLSchema) -> None:
    """Replace default and name-converting resolvers by AttributeResolver."""
    for graphql_type in schema.type_map.values():
        if not is_object_type(graphql_type) or graphql_type.name.startswith("__"):
            continue
        for field_name, field in graphql_type.fields.items():
            resolve = field.resolve
            coordinate = f"{graphql_type.name}.{field_name}"
            composite = is_composite_type(get_named_type(field.type))
            if resolve is None:
                field.resolve = AttributeResolver(field_name, coordinate, composite)
            elif is_ariadne_alias_resolver(resolve):
                (attr_cell,) = resolve.__closure__
                field.resolve = AttributeResolver(attr_cell.cell_contents, coordinate, composite)
