"""Running a request's coroutine inside a gevent greenlet, and the DB thread pool.

Two facts shape this module:

* asyncio remembers "the running loop" per OS thread, but all greenlets of a
  gevent worker share one OS thread. When a request's loop waits in `select()`
  (which gevent makes cooperative) another greenlet runs and would find that loop
  "running" and fail with "asyncio.run() cannot be called from a running event
  loop". `GreenletSafeSelector` therefore hands the running-loop slot back while
  its loop is parked in `select()` and takes it again on wake-up. Every greenlet
  gets its own short-lived loop and they never see each other.

* `asyncio.to_thread` uses the loop's default executor. Under monkey-patching a
  stdlib ThreadPoolExecutor starts greenlets, not threads, so CPU work there
  (row decoding) would block the whole worker. `NativeThreadExecutor` runs calls
  on real OS threads in both worlds; database I/O there releases the GIL.

* A request's loop only lets other greenlets run while it is parked in `select()`.
  A loop that always has work ready (a long list being completed) would keep the
  thread for as long as the work lasts, stalling every other request. So when the
  loop has held the thread for `TIME_SLICE` seconds, its next `select()` yields to
  the other greenlets first, and long computations call `checkpoint()` between
  their steps, which gives the loop that chance.

* The fast path (`configure(fast=True)`, the default; EVENT_LOOP=plain switches it
  off). A loop looks for I/O on every turn, mostly with a zero timeout; through
  gevent's selector each look built watchers and a timer on the hub (~0.1 ms).
  Here the loop polls a native epoll (a system call, no greenlet switch) and waits
  cooperatively only when it has nothing to do: for the epoll's own descriptor to
  become readable, one hub watcher per wait. And a DB call's result comes back
  without a `concurrent.futures.Future`: the DB thread sets the loop's asyncio
  future through `call_soon_threadsafe` (see `NativeThreadExecutor.post`).
"""

from __future__ import annotations

import _queue
import asyncio
import concurrent.futures
import contextvars
import os
import selectors
import sys
import threading
import time
from collections.abc import Coroutine
from typing import Any

from .timing import current_timings
from .unpatched import unpatched

_get_running_loop = asyncio._get_running_loop
_set_running_loop = asyncio._set_running_loop


_native_rlock = None


def _native_rlock_class():
    global _native_rlock
    if _native_rlock is None:
        _native_rlock = unpatched("threading", "_CRLock")
    return _native_rlock


class _NativeFuture(concurrent.futures.Future):
    """A Future completed from a native thread: its lock must be a native one."""

    def __init__(self):
        super().__init__()
        self._condition = threading.Condition(_native_rlock_class()())


class NativeThreadExecutor(concurrent.futures.ThreadPoolExecutor):
    """Runs calls on native OS threads, also when gevent has patched `threading`.

    `submit` never blocks or yields: it only enqueues. (gevent's own ThreadPool
    waits for a free thread inside `spawn`; a greenlet switch there, in the middle
    of an event-loop callback, would hand another greenlet's loop this one's
    running-loop slot.) Completion reaches the waiting loop through asyncio's
    `call_soon_threadsafe`, a non-blocking write to its self-pipe.

    It is shared by every request of the process; loops borrow it as their default
    executor and must not shut it down (hence the no-op `shutdown`).
    """

    def __init__(self, max_workers: int):
        super().__init__(max_workers, thread_name_prefix="db")
        self._jobs = _queue.SimpleQueue()  # C implementation: never patched
        start_thread = unpatched("_thread", "start_new_thread")
        for _ in range(max_workers):
            start_thread(self._work, ())

    def _work(self):
        while True:
            future, fn, args, kwargs = self._jobs.get()
            if future is None:  # posted: the job reports its own result
                fn(*args)
                continue
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args, **kwargs)
            except BaseException as error:
                future.set_exception(error)
            else:
                future.set_result(result)

    def submit(self, fn, /, *args, **kwargs) -> concurrent.futures.Future:
        future = _NativeFuture()
        self._jobs.put((future, fn, args, kwargs))
        return future

    def post(self, loop: asyncio.AbstractEventLoop, fn, args: tuple) -> asyncio.Future:
        """`fn(*args)` on a DB thread, in a copy of the caller's context; its result
        (or exception) sets the returned future of `loop` from that thread."""
        future = loop.create_future()
        context = contextvars.copy_context()
        self._jobs.put((None, _run_posted, (loop, future, context, fn, args), None))
        return future

    def shutdown(self, wait=True, *, cancel_futures=False):
        pass


def _settle(future: asyncio.Future, result, error) -> None:
    if future.cancelled():  # the request gave up waiting (its time budget)
        return
    if error is None:
        future.set_result(result)
    else:
        future.set_exception(error)


def _run_posted(loop, future, context, fn, args) -> None:
    result = error = None
    try:
        result = context.run(fn, *args)
    except BaseException as exc:  # noqa: BLE001 (handed to the awaiting coroutine)
        error = exc
    try:
        loop.call_soon_threadsafe(_settle, future, result, error)
    except RuntimeError:
        pass  # the loop has closed meanwhile: nobody waits for this result


# How long a request's loop may keep the thread before it lets other greenlets run.
TIME_SLICE = 0.02
# How long a loop on the fast path pauses when it yields (see GreenletSafeSelector).
YIELD_PAUSE = 0.0001
_monotonic = time.monotonic


class GreenletSafeSelector(selectors.BaseSelector):
    """Wraps the loop's selector so a parked loop is not "running" for others, and
    so that a loop busy for longer than TIME_SLICE lets others run.

    `native` (the fast path): `inner` is a native selector, looked at without
    waiting while the loop has work; `wait_readable(fd, timeout)`, if given, waits
    cooperatively for its descriptor when the loop has none (under gevent), else
    the native selector waits itself (a plain thread). Otherwise `inner` is the
    process's selector (gevent's, under gevent)."""

    def __init__(self, inner: selectors.BaseSelector, *, native=False, wait_readable=None):
        self._inner = inner
        self._native = native
        self._wait_readable = wait_readable
        self.held_since = _monotonic()

    def yield_due(self) -> bool:
        return _monotonic() - self.held_since > TIME_SLICE

    def select(self, timeout=None):
        if timeout == 0 and self._native and not self.yield_due():
            # A look without waiting: no other greenlet can run meanwhile.
            return self._inner.select(0)
        loop = _get_running_loop()
        hooks = sys.get_asyncgen_hooks()
        timings = current_timings()
        if timings is not None:
            timings.loop_parked()
        _set_running_loop(None)
        yielded = True
        try:
            if timeout == 0 and self.yield_due():
                # Work is ready, but others have waited long enough. Under gevent
                # `time.sleep` is gevent's: the other greenlets run, then this one.
                # The native selector gave the hub no turn since: a short timer
                # (not 0) makes it poll for I/O too, so waiting requests wake up.
                time.sleep(YIELD_PAUSE if self._native else 0)
            if self._wait_readable is None or timeout == 0:
                return self._inner.select(timeout)
            events = self._inner.select(0)
            if events:
                # Ready without waiting: the thread stayed with this loop.
                yielded = False
                return events
            self._wait_readable(self._inner.fileno(), timeout)
            return self._inner.select(0)
        finally:
            # A select() that may wait hands the thread to the hub (gevent's
            # selector always does; the native one when it waited).
            if yielded:
                self.held_since = _monotonic()
            _set_running_loop(loop)
            sys.set_asyncgen_hooks(*hooks)
            if timings is not None:
                timings.loop_woke()

    def register(self, fileobj, events, data=None):
        return self._inner.register(fileobj, events, data)

    def unregister(self, fileobj):
        return self._inner.unregister(fileobj)

    def modify(self, fileobj, events, data=None):
        return self._inner.modify(fileobj, events, data)

    def close(self):
        self._inner.close()

    def get_key(self, fileobj):
        return self._inner.get_key(fileobj)

    def get_map(self):
        return self._inner.get_map()


_executor: NativeThreadExecutor | None = None


def db_executor() -> NativeThreadExecutor:
    """The process's pool of native threads for database calls (made on first use,
    i.e. after gevent's monkey-patching in a gunicorn worker)."""
    global _executor
    if _executor is None:
        _executor = NativeThreadExecutor(int(os.environ.get("DB_THREADS", "16")))
    return _executor


class RequestEventLoop(asyncio.SelectorEventLoop):
    """A request's own event loop (see the module doc).

    `db_slots` bounds how many DB threads one request keeps busy at once
    (DB_THREADS_PER_REQUEST, default 4). Row decoding there is CPU work that holds
    the GIL: a request running sixteen of them at once left the worker's own
    thread, which serves every other request, waiting for the GIL for hundreds of
    milliseconds."""

    def __init__(self) -> None:
        if _fast:
            native = unpatched("selectors", "DefaultSelector")()
            selector = GreenletSafeSelector(native, native=True, wait_readable=_cooperative_wait())
        else:
            selector = GreenletSafeSelector(selectors.DefaultSelector())
        self.cooperative_selector = selector
        super().__init__(selector)
        self.set_default_executor(db_executor())
        self.db_slots = asyncio.Semaphore(db_threads_per_request())


_fast = True


def configure(*, fast: bool) -> None:
    """Whether request loops take the fast path (module doc; EVENT_LOOP setting)."""
    global _fast
    _fast = fast


def fast_path() -> bool:
    return _fast


_wait = None


def _cooperative_wait():
    """fd, timeout -> returns once fd is readable or the timeout has passed, letting
    the other greenlets run meanwhile: gevent's wait when gevent has patched the
    process; None in a plain thread (which may simply block)."""
    global _wait
    if _wait is None:
        try:
            from gevent import monkey
        except ImportError:  # pragma: no cover (gevent is a dependency)
            monkey = None
        if monkey is not None and monkey.is_module_patched("select"):
            from gevent.socket import wait_read

            def wait(fd, timeout):
                try:
                    wait_read(fd, timeout)
                except OSError:  # gevent's timeout (socket.timeout)
                    pass

            _wait = wait
        else:
            _wait = False
    return _wait or None


def db_threads_per_request() -> int:
    """How many DB threads one request may keep busy at once."""
    return max(1, int(os.environ.get("DB_THREADS_PER_REQUEST", "4")))


async def checkpoint() -> None:
    """Let other greenlets run if this request's loop has kept the thread for more
    than TIME_SLICE: call it between the steps of a long computation. Cheap when
    nothing is due (a clock read), and a no-op on other loops."""
    selector = getattr(asyncio.get_running_loop(), "cooperative_selector", None)
    if selector is not None and selector.yield_due():
        await asyncio.sleep(0)


def run_coroutine(coro: Coroutine[Any, Any, Any]) -> Any:
    """Run `coro` to completion on a fresh event loop owned by the caller.

    Safe to call from many greenlets of one thread at once, and from plain
    threads. Offloaded calls (`asyncio.to_thread`) go to `db_executor()`.
    """
    loop = RequestEventLoop()
    try:
        return loop.run_until_complete(coro)
    finally:
        try:
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            loop.close()
