"""DataLoaders: per-request batching of nested lookups.

A domain declares a loader by naming the synchronous store function that fetches
a batch (`fetch(keys) -> {key: value}`); the async batch function is derived by
the offload bridge, so the query runs on a DB thread with its own connection.

    class ProductLoader(Loader):
        name = "product"
        fetch = staticmethod(store.products_by_id)

Resolvers use `info.context.loaders.product.load(product_id)`. Loaders are made
on first use inside the request's event loop and die with the request, so no
cached row is shared between requests (or users).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, ClassVar

from aiodataloader import DataLoader

from .offload import offload


class Loader(DataLoader):
    name: ClassVar[str]
    # Synchronous: list of keys -> mapping of key -> value. Missing keys load `missing`.
    fetch: ClassVar[Callable[[list], dict]]
    missing: ClassVar[Any] = None

    async def batch_load_fn(self, keys: list[Hashable]) -> list[Any]:
        found = await offload(type(self).fetch, list(keys))
        return [found.get(key, self.missing) for key in keys]


class ListLoader(Loader):
    """For one-to-many lookups: a key with no rows loads an empty list."""

    async def batch_load_fn(self, keys: list[Hashable]) -> list[Any]:
        found = await offload(type(self).fetch, list(keys))
        return [found.get(key, []) for key in keys]


class LoaderRegistry:
    """All loader classes of the application, by name."""

    def __init__(self, loader_classes: Iterable[type[Loader]] = ()):
        self.classes: dict[str, type[Loader]] = {}
        for loader_class in loader_classes:
            self.add(loader_class)

    def add(self, loader_class: type[Loader]) -> None:
        if loader_class.name in self.classes:
            raise ValueError(f"two loaders named {loader_class.name!r}")
        self.classes[loader_class.name] = loader_class

    def for_request(self) -> RequestLoaders:
        return RequestLoaders(self.classes)


class RequestLoaders:
    """One request's loaders, created on first access."""

    def __init__(self, classes: dict[str, type[Loader]]):
        self._classes = classes

    def __getattr__(self, name: str) -> Loader:
        try:
            loader_class = self._classes[name]
        except KeyError:
            raise AttributeError(f"no loader named {name!r}") from None
        loader = loader_class()
        setattr(self, name, loader)
        return loader
