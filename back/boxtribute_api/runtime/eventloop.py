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
"""

from __future__ import annotations

import _queue
import asyncio
import concurrent.futures
import os
import selectors
import sys
import threading
from collections.abc import Coroutine
from typing import Any

from .timing import current_timings
from .unpatched import unpatched

_get_running_loop = asyncio._get_running_loop
_set_running_loop = asyncio._set_running_loop


class _NativeFuture(concurrent.futures.Future):
    """A Future completed from a native thread: its lock must be a native one."""

    def __init__(self):
        super().__init__()
        self._condition = threading.Condition(unpatched("threading", "_CRLock")())


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

    def shutdown(self, wait=True, *, cancel_futures=False):
        pass


class GreenletSafeSelector(selectors.BaseSelector):
    """Wraps the loop's selector so a parked loop is not "running" for others."""

    def __init__(self, inner: selectors.BaseSelector):
        self._inner = inner

    def select(self, timeout=None):
        loop = _get_running_loop()
        hooks = sys.get_asyncgen_hooks()
        timings = current_timings()
        if timings is not None:
            timings.loop_parked()
        _set_running_loop(None)
        try:
            return self._inner.select(timeout)
        finally:
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


def run_coroutine(coro: Coroutine[Any, Any, Any]) -> Any:
    """Run `coro` to completion on a fresh event loop owned by the caller.

    Safe to call from many greenlets of one thread at once, and from plain
    threads. Offloaded calls (`asyncio.to_thread`) go to `db_executor()`.
    """
    loop = asyncio.SelectorEventLoop(GreenletSafeSelector(selectors.DefaultSelector()))
    loop.set_default_executor(db_executor())
    try:
        return loop.run_until_complete(coro)
    finally:
        try:
            loop.run_until_complete(loop.shutdown_asyncgens())
        finally:
            loop.close()
