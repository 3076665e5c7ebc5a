"""Assembles the executable schema from the domains.

Each domain package may contain `schema.graphql` (its part of the SDL, extending
`Query`/`Mutation` and the types of lower domains) and `resolvers.py` and
`mutations.py` exposing `bindables`. The list of domains lives in `domains.py`.
A root field declared but resolved by no domain answers an error (UnbuiltField).
"""

from __future__ import annotations

import importlib
import importlib.resources
from collections.abc import Iterable

from ariadne import make_executable_schema
from graphql import GraphQLInterfaceType, GraphQLSchema, GraphQLUnionType

from ..errors import FieldNotBuilt
from .arguments import install_argument_checks
from .attributes import install_attribute_resolvers, is_ariadne_alias_resolver
from .enums import use_graphql_core_enum_parsing
from .scalars import bindables as scalar_bindables


def _optional_module(package: str, name: str):
    try:
        return importlib.import_module(f"{package}.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"{package}.{name}":
            raise
        return None


def _sdl_of(package: str) -> str | None:
    resource = importlib.resources.files(package) / "schema.graphql"
    return resource.read_text() if resource.is_file() else None


def collect(packages: Iterable[str]) -> tuple[list[str], list]:
    """The SDL parts and the bindables of `packages`, in order."""
    type_defs, bindables = [], []
    for package in packages:
        sdl = _sdl_of(package)
        if sdl:
            type_defs.append(sdl)
        for module_name in ("resolvers", "mutations"):
            module = _optional_module(package, module_name)
            if module is not None:
                bindables.extend(getattr(module, "bindables", []))
    return type_defs, bindables


def build_schema(packages: Iterable[str]) -> GraphQLSchema:
    """The schema of the root types, scalars and shared types (this package's SDL)
    extended by the domain `packages`."""
    type_defs, bindables = collect((__package__, *packages))
    # convert_names_case: camelCase fields resolve to snake_case attributes, and
    # arguments/input fields arrive in resolvers as snake_case keyword arguments.
    schema = make_executable_schema(
        type_defs, *scalar_bindables, *bindables, convert_names_case=True
    )
    use_graphql_core_enum_parsing(schema)
    install_unbuilt_field_resolvers(schema)
    install_attribute_resolvers(schema)
    install_argument_checks(schema)
    for graphql_type in schema.type_map.values():
        if isinstance(graphql_type, GraphQLUnionType | GraphQLInterfaceType):
            if graphql_type.resolve_type is None:
                graphql_type.resolve_type = resolve_type_by_name
    return schema


def unbuilt_fields(schema: GraphQLSchema) -> list[str]:
    """`Query.x` / `Mutation.y` fields that the schema declares but no domain resolves."""
    return sorted(
        f"{root.name}.{name}"
        for root in (schema.query_type, schema.mutation_type)
        if root is not None
        for name, field in root.fields.items()
        if isinstance(field.resolve, UnbuiltField)
    )


class UnbuiltField:
    """The resolver of a root field that is part of the contract but not built yet:
    an error saying so, never a silent null that a client would read as "nothing"."""

    __slots__ = ("coordinate",)

    def __init__(self, coordinate: str):
        self.coordinate = coordinate

    def __call__(self, *_, **__):
        raise FieldNotBuilt(self.coordinate)


def install_unbuilt_field_resolvers(schema: GraphQLSchema) -> None:
    for root in (schema.query_type, schema.mutation_type):
        if root is None:
            continue
        for name, field in root.fields.items():
            # With convert_names_case, ariadne gives every camelCase field a resolver
            # reading the snake_case attribute: on a root type that means "unbound".
            if field.resolve is None or is_ariadne_alias_resolver(field.resolve):
                field.resolve = UnbuiltField(f"{root.name}.{name}")


def resolve_type_by_name(obj, *_) -> str:
    """Union/interface members: errors name their type, models are named like it."""
    return getattr(obj, "graphql_type", None) or type(obj).__name__
