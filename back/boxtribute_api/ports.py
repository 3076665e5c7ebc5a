"""Ports: the one way a lower domain asks what only a higher domain can answer.

Domains import only lower domains (domains.py, checked by .importlinter). Where a
feature of a lower domain needs data from a higher domain's tables (deleting a
product must know which boxes still use it; reading a box in transit must know its
shipment's bases), the lower domain declares a `Port` and calls it, and the higher
domain provides it:

    # product/writes.py (lower)
    boxes_using_product = Port("product id -> label identifiers of its active boxes")
    # box/store.py (higher)
    @boxes_using_product.provides
    def label_identifiers_of_boxes_using(product_id): ...

A port is provided when the providing module is imported; the app imports every
domain before it serves (`domains.import_domains`). Calling a port that nobody
provided raises, naming it: never a silent default.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class PortNotProvided(RuntimeError):
    pass


class Port:
    __slots__ = ("description", "_implementation")

    def __init__(self, description: str):
        self.description = description
        self._implementation: Callable[..., Any] | None = None

    def provides(self, implementation: Callable[..., Any]) -> Callable[..., Any]:
        """Decorator of the higher domain's implementation (returned unchanged)."""
        if self._implementation is not None and self._implementation is not implementation:
            raise ValueError(f"port already provided: {self.description}")
        self._implementation = implementation
        return implementation

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._implementation is None:
            raise PortNotProvided(f"nothing provides the port: {self.description}")
        return self._implementation(*args, **kwargs)

    def __repr__(self) -> str:
        return f"Port({self.description!r})"
