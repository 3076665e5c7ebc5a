"""Where one request's time goes: SQL, loader batches, execution, JSON, event loop.

Off unless `Settings.server_timing` (env SERVER_TIMING=1). When on, the GraphQL
view opens a `RequestTimings` per request (`collecting`) and a few hooks add to it:
db/connections.py times each SQL statement and each pool checkout/check-in, loaders.py each
batch, eventloop.py the loop's busy stretches, app.py authentication, execution and
JSON encoding. The view answers with a `Server-Timing` header, and with the whole
breakdown in `extensions.timing` when the request also carries `X-Debug-Timing: 1`.

When off, every hook costs one `ContextVar.get()`.

Offloaded calls run in a copy of the request's context, so statements executed on
DB threads reach the same collector. Records are appended to lists (a single,
atomic operation under the GIL) and only summed up when read, so no lock is needed.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from time import perf_counter

import orjson

_current: contextvars.ContextVar[RequestTimings | None] = contextvars.ContextVar(
    "request_timings", default=None
)

# Statement texts in the JSON breakdown are cut here (an IN list of 10,000 ids is long).
STATEMENT_TEXT_LIMIT = 300


def current_timings() -> RequestTimings | None:
    return _current.get()


class RequestTimings:
    """One request's measurements; times are perf_counter seconds."""

    def __init__(self):
        self.started = perf_counter()
        self.phases: dict[str, float] = {}
        # (sql, started, seconds)
        self.statements: list[tuple[str, float, float]] = []
        # (loader name, batch size, started, seconds)
        self.batches: list[tuple[str, int, float, float]] = []
        # Seconds spent taking a pooled connection or giving it back (the pool may
        # talk to the server then: a ping, a rollback, a new connection).
        self.pool_uses: list[float] = []
        # Event loop: each stretch it ran callbacks without looking at I/O.
        self.loop_stretches: list[float] = []
        self._loop_busy_since: float | None = None

    # --- hooks -------------------------------------------------------------------

    def add_statement(self, sql: str, started: float, ended: float) -> None:
        self.statements.append((sql, started, ended - started))

    def add_batch(self, name: str, size: int, started: float, ended: float) -> None:
        self.batches.append((name, size, started, ended - started))

    def add_pool_use(self, started: float, ended: float) -> None:
        self.pool_uses.append(ended - started)

    def add_phase(self, name: str, seconds: float) -> None:
        self.phases[name] = self.phases.get(name, 0.0) + seconds

    def loop_parked(self) -> None:
        """The loop goes into select(): a busy stretch ends."""
        now = perf_counter()
        if self._loop_busy_since is not None:
            self.loop_stretches.append(now - self._loop_busy_since)
        self._loop_busy_since = None

    def loop_woke(self) -> None:
        self._loop_busy_since = perf_counter()

    # --- summaries ---------------------------------------------------------------

    def total(self) -> float:
        return perf_counter() - self.started

    def sql_seconds(self) -> float:
        return sum(seconds for _, _, seconds in self.statements)

    def loader_wall_seconds(self) -> float:
        """Wall-clock time during which at least one loader batch was in flight."""
        return _union_length(
            (started, started + seconds) for _, _, started, seconds in self.batches
        )

    def server_timing_header(self) -> str:
        ms = _ms
        batches = len(self.batches)
        metrics = [
            f'sql;dur={ms(self.sql_seconds())};desc="{len(self.statements)} statements"',
            f'loaders;dur={ms(self.loader_wall_seconds())};desc="{batches} batches"',
            f'pool;dur={ms(sum(self.pool_uses))};desc="{len(self.pool_uses) // 2} checkouts"',
        ]
        for name in ("auth", "exec", "json"):
            if name in self.phases:
                metrics.append(f"{name};dur={ms(self.phases[name])}")
        if self.loop_stretches:
            metrics.append(f'loop;dur={ms(max(self.loop_stretches))};desc="longest loop stall"')
        metrics.append(f"total;dur={ms(self.total())}")
        return ", ".join(metrics)

    def breakdown(self) -> dict:
        """Everything, in milliseconds relative to the start of the request."""
        ms = _ms
        loader_sum = sum(seconds for *_, seconds in self.batches)
        return {
            "total_ms": ms(self.total()),
            **{f"{name}_ms": ms(seconds) for name, seconds in self.phases.items()},
            "sql": {
                "count": len(self.statements),
                "total_ms": ms(self.sql_seconds()),
                "statements": [
                    {
                        "sql": _cut(sql),
                        "at_ms": ms(started - self.started),
                        "ms": ms(seconds),
                    }
                    for sql, started, seconds in self.statements
                ],
            },
            "loaders": {
                "count": len(self.batches),
                "wall_ms": ms(self.loader_wall_seconds()),
                "sum_ms": ms(loader_sum),
                "slowest_ms": ms(max((b[3] for b in self.batches), default=0.0)),
                "batches": [
                    {
                        "name": name,
                        "size": size,
                        "at_ms": ms(started - self.started),
                        "ms": ms(seconds),
                    }
                    for name, size, started, seconds in self.batches
                ],
            },
            "pool": {
                "checkouts": len(self.pool_uses) // 2,
                "total_ms": ms(sum(self.pool_uses)),
                "slowest_ms": ms(max(self.pool_uses, default=0.0)),
            },
            "loop": {
                "busy_ms": ms(sum(self.loop_stretches)),
                "longest_stall_ms": ms(max(self.loop_stretches, default=0.0)),
                "stretches": len(self.loop_stretches),
            },
        }


@contextmanager
def collecting(enabled: bool) -> Iterator[RequestTimings | None]:
    """Collect this request's timings (yields None, and costs nothing, when off)."""
    if not enabled:
        yield None
        return
    timings = RequestTimings()
    token = _current.set(timings)
    try:
        yield timings
    finally:
        _current.reset(token)


@contextmanager
def phase(name: str) -> Iterator[None]:
    """Time a block as phase `name` of the current request (if collecting)."""
    timings = _current.get()
    if timings is None:
        yield
        return
    started = perf_counter()
    try:
        yield
    finally:
        timings.add_phase(name, perf_counter() - started)


@contextmanager
def event_loop_run() -> Iterator[None]:
    """Around running the request's event loop: the first busy stretch starts here
    and the last one ends here (the selector hook marks the ones in between)."""
    timings = _current.get()
    if timings is None:
        yield
        return
    timings.loop_woke()
    try:
        yield
    finally:
        timings.loop_parked()


def with_breakdown(body: bytes, result: dict, timings: RequestTimings) -> bytes:
    """The encoded response `body` with the breakdown added as `extensions.timing`,
    without encoding the (possibly large) result a second time."""
    if "extensions" in result:
        extensions = {**result["extensions"], "timing": timings.breakdown()}
        return orjson.dumps({**result, "extensions": extensions})
    timing = orjson.dumps(timings.breakdown())
    separator = b"," if len(body) > 2 else b""
    return body[:-1] + separator + b'"extensions":{"timing":' + timing + b"}}"


def _union_length(intervals) -> float:
    total = 0.0
    current_start = current_end = None
    for start, end in sorted(intervals):
        if current_end is None or start > current_end:
            if current_end is not None:
                total += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        total += current_end - current_start
    return total


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 3)


def _cut(sql: str) -> str:
    if len(sql) <= STATEMENT_TEXT_LIMIT:
        return sql
    return f"{sql[:STATEMENT_TEXT_LIMIT]}… ({len(sql)} chars)"
