"""Assembles the executable schema from the domains.

Each domain package may contain `schema.graphql` (its part of the SDL, extending
`Query`/`Mutation`), `resolvers.py` and `mutations.py` exposing `bindables`, and
`loaders.py` defining Loader subclasses. The list of domains lives in `domains.py`.
"""

from __future__ import annotations

import importlib
import importlib.resources
import inspect
from collections.abc import Iterable

from ariadne import make_executable_schema
from graphql import GraphQLInterfaceType, GraphQLSchema, GraphQLUnionType

from .fastpath import install_attribute_resolvers
from .loaders import Loader, LoaderRegistry
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


def collect(packages: Iterable[str]) -> tuple[list[str], list, LoaderRegistry]:
    type_defs, bindables, registry = [], [], LoaderRegistry()
    for package in packages:
        sdl = _sdl_of(package)
        if sdl:
            type_defs.append(sdl)
        for module_name in ("resolvers", "mutations"):
            module = _optional_module(package, module_name)
            if module is not None:
                bindables.extend(getattr(module, "bindables", []))
        loaders = _optional_module(package, "loaders")
        if loaders is not None:
            for value in vars(loaders).values():
                if (
                    inspect.isclass(value)
                    and issubclass(value, Loader)
                    and value.__module__ == loaders.__name__
                    and "name" in vars(value)
                ):
                    registry.add(value)
    return type_defs, bindables, registry


def build_schema(packages: Iterable[str]) -> tuple[GraphQLSchema, LoaderRegistry]:
    """The schema of the root types, scalars and shared types (this package's SDL)
    extended by the domain `packages`."""
    type_defs, bindables, registry = collect((__package__, *packages))
    # convert_names_case: camelCase fields resolve to snake_case attributes, and
    # arguments/input fields arrive in resolvers as snake_case keyword arguments.
    schema = make_executable_schema(
        type_defs, *scalar_bindables, *bindables, convert_names_case=True
    )
    install_attribute_resolvers(schema)
    for graphql_type in schema.type_map.values():
        if isinstance(graphql_type, GraphQLUnionType | GraphQLInterfaceType):
            if graphql_type.resolve_type is None:
                graphql_type.resolve_type = resolve_type_by_name
    return schema, registry


def resolve_type_by_name(obj, *_) -> str:
    """Union/interface members: errors name their type, models are named like it."""
    return getattr(obj, "graphql_type", None) or type(obj).__name__
