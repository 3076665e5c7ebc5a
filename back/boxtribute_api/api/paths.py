"""Bookkeeping of the batched executor (fastpath.py): the response paths of many values,
made only when needed, and the marker of a value whose completion failed."""

from __future__ import annotations

from graphql import GraphQLError
from graphql.pyutils import Path


class LazyPaths:
    """The paths of many values, each made only when needed (an error, resolve info
    for a custom resolver) and then kept: most fields of most items never need one."""

    __slots__ = ("_make", "_made")

    def __init__(self, make, length: int):
        self._make = make
        self._made: list[Path | None] = [None] * length

    def __len__(self) -> int:
        return len(self._made)

    def __getitem__(self, index: int) -> Path:
        path = self._made[index]
        if path is None:
            path = self._made[index] = self._make(index)
        return path

    def select(self, indices: list[int]) -> LazyPaths:
        return LazyPaths(lambda i: self[indices[i]], len(indices))

    def field(self, response_name: str, type_name: str) -> LazyPaths:
        return LazyPaths(lambda i: Path(self[i], response_name, type_name), len(self._made))


class Failed:
    """A field or item whose completion raised `error` (a located GraphQLError)."""

    __slots__ = ("error",)

    def __init__(self, error: GraphQLError):
        self.error = error
