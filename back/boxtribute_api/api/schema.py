"""Assembles the executable schema from the domains.

Each domain package may contain `schema.graphql` (its part of the SDL, extending
`Query`/`Mutation` and the types of lower domains) and `resolvers.py` and
`mutations.py` exposing `bindables`. The list of domains lives in `domains.py`.
A root field declared but resolved by no domain answers an error (UnbuiltField).

The public service (shared statistics links, no login) has a schema of its own:
each domain's `public.graphql` extends its Query, `public_bindables` of the
domain's resolvers bind it, and of the full schema it keeps the statistics types,
the enums and the scalars only (`build_public_schema`).
"""

from __future__ import annotations

import importlib
import importlib.resources
from collections.abc import Iterable

from ariadne import make_executable_schema
from graphql import (
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    extend_schema,
    is_enum_type,
    is_scalar_type,
    parse,
)

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


def _sdl_of(package: str, file_name: str = "schema.graphql") -> str | None:
    resource = importlib.resources.files(package) / file_name
    return resource.read_text() if resource.is_file() else None


def collect(
    packages: Iterable[str], file_name: str = "schema.graphql", attribute: str = "bindables"
) -> tuple[list[str], list]:
    """The SDL parts (`file_name`) and the bindables (`attribute` of the resolvers and
    mutations modules) of `packages`, in order."""
    type_defs, bindables = [], []
    for package in packages:
        sdl = _sdl_of(package, file_name)
        if sdl:
            type_defs.append(sdl)
        for module_name in ("resolvers", "mutations"):
            module = _optional_module(package, module_name)
            if module is not None:
                bindables.extend(getattr(module, attribute, []))
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


# Interfaces whose implementations the public schema keeps although no field names
# them: the statistics views a resolved link carries.
PUBLIC_INTERFACES = ("DataCube",)


def build_public_schema(schema: GraphQLSchema, packages: Iterable[str]) -> GraphQLSchema:
    """The public service's schema, on the types of `schema` (the full one, built by
    `build_schema`, whose resolvers they keep): a Query of the domains'
    `public.graphql` parts, no Mutation, and besides what that Query reaches only
    the enums, the scalars and the implementations of PUBLIC_INTERFACES, as the
    original's public schema (its basic definitions and its public queries)."""
    type_defs, bindables = collect(packages, "public.graphql", "public_bindables")
    roots = (schema.query_type, schema.mutation_type, schema.subscription_type)
    shared = GraphQLSchema(
        types=[
            t for name, t in schema.type_map.items() if not name.startswith("__") and t not in roots
        ],
        directives=schema.directives,
    )
    document = parse("\n".join(["schema { query: Query }", "type Query", *type_defs]))
    extended = extend_schema(shared, document)
    for bindable in bindables:
        bindable.bind_to_schema(extended)
    install_unbuilt_field_resolvers(extended)
    kept = [
        t
        for t in extended.type_map.values()
        if not t.name.startswith("__")
        and (
            is_enum_type(t)
            or is_scalar_type(t)
            or (
                isinstance(t, GraphQLObjectType)
                and any(i.name in PUBLIC_INTERFACES for i in t.interfaces)
            )
        )
    ]
    return GraphQLSchema(query=extended.query_type, types=kept, directives=extended.directives)


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
