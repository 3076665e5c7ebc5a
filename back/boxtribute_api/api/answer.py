"""The serialised answer, within its size budget.

The batched executor completes an object met many times once and shares the
result (api/fastpath.py), so an answer held in memory is a graph: `base { locations
{ base { locations ... } } }` is a few kilobytes in memory and hundreds of
megabytes as JSON, where every shared part is written out again. Its size is
therefore measured on the graph first, each shared part once, and an answer over
the budget is refused with an error instead of being written out. Answers within
the estimate are serialised and measured exactly.
"""

from __future__ import annotations

import time
from typing import Any

import orjson

RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE"

# Bytes a scalar takes at most in JSON, roughly (strings: their length; the estimate
# only has to tell a blow-up from an answer near the budget).
_SCALAR_SIZE = {int: 20, float: 24, bool: 5, type(None): 4}
# How often (in containers measured) the measurement lets other greenlets run.
_YIELD_EVERY = 20_000


class _Measure:
    def __init__(self) -> None:
        self.sizes: dict[int, int] = {}
        self.containers = 0

    def size(self, value: Any) -> int:
        kind = type(value)
        if kind is str:
            return len(value) + 2
        if kind is dict or kind is list:
            key = id(value)
            known = self.sizes.get(key)
            if known is not None:
                return known
            self.containers += 1
            if self.containers % _YIELD_EVERY == 0:
                time.sleep(0)  # under gevent: other requests' greenlets run now
            size = self._container(value, kind)
            self.sizes[key] = size
            return size
        return _SCALAR_SIZE.get(kind, 32)

    def _container(self, value: Any, kind: type) -> int:
        size = 2 + max(len(value) - 1, 0)
        if kind is dict:
            for name, item in value.items():
                size += len(name) + 3 + self.size(item)
        else:
            for item in value:
                size += self.size(item)
        return size


def estimated_size(answer: Any) -> int:
    """About how many bytes `answer` takes as JSON, measured with every shared part
    visited once (so the work is bounded by the answer's size in memory)."""
    return _Measure().size(answer)


def too_large(size: int, maximum: int) -> dict:
    return {
        "data": None,
        "errors": [
            {
                "message": (
                    f"The answer would be about {size:,} bytes, more than the {maximum:,}"
                    " allowed: ask for smaller pages, fewer fields or fewer nested lists."
                ),
                "extensions": {"code": RESPONSE_TOO_LARGE, "maximum": maximum},
            }
        ],
    }


def serialise(answer: Any, maximum: int) -> tuple[bytes, bool]:
    """(JSON bytes, whether the answer fitted). An answer over `maximum` bytes is
    replaced by the error saying so; one far over it is never written out."""
    estimate = estimated_size(answer)
    if estimate > 2 * maximum:
        return orjson.dumps(too_large(estimate, maximum)), False
    body = orjson.dumps(answer)
    if len(body) > maximum:
        return orjson.dumps(too_large(len(body), maximum)), False
    return body, True
