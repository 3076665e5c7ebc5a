"""Event-loop stall while a request's five loaders each wait 200 ms on the database.

Compares the two designs side by side, in one run:
* offloaded: our Loader, whose batch runs on a native DB thread (asyncio.to_thread);
* blocking: the original design, the batch run directly on the event loop
  (the benchmark-only switch in profiling/blocking_loaders.py).
A probe task ticks every millisecond; its worst delay is the loop's stall.

    .venv/bin/python profiling/bench_loop_stall.py [--gevent] [--database NAME]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import time

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--gevent", action="store_true", help="monkey-patch first, as a worker does")
parser.add_argument("--database", default="test", help="any existing MySQL database")
parser.add_argument("--loaders", type=int, default=5)
parser.add_argument("--seconds", type=float, default=0.2, help="per loader query")
parser.add_argument("--rounds", type=int, default=5)
args = parser.parse_args()

if args.gevent:
    from gevent import monkey

    monkey.patch_all()

from harness import REPO  # noqa: E402  (after monkey-patching)

sys.path.insert(0, str(REPO / "back"))

from blocking_loaders import blocking_loaders  # noqa: E402

from boxtribute_api.api.loaders import Loader  # noqa: E402
from boxtribute_api.config import Settings  # noqa: E402
from boxtribute_api.db.routing import configure_databases, database  # noqa: E402
from boxtribute_api.runtime.eventloop import run_coroutine  # noqa: E402

settings = Settings.from_env({"MYSQL_DB": args.database})
configure_databases(settings)


def slow_rows(keys):
    database.execute_sql("SELECT SLEEP(%s)", (args.seconds,))
    return {key: key for key in keys}


class SlowLoader(Loader):
    fetch = staticmethod(slow_rows)


async def one_request(loader_class) -> tuple[float, float]:
    loaders = [loader_class() for _ in range(args.loaders)]
    worst = 0.0
    done = False

    async def probe():
        nonlocal worst
        while not done:
            started = time.perf_counter()
            await asyncio.sleep(0.001)
            worst = max(worst, time.perf_counter() - started - 0.001)

    probing = asyncio.ensure_future(probe())
    await asyncio.sleep(0)
    started = time.perf_counter()
    await asyncio.gather(*(loader.load(i) for i, loader in enumerate(loaders)))
    elapsed = time.perf_counter() - started
    done = True
    await probing
    return elapsed, worst


results = {}
for label in ("offloaded", "blocking"):
    # The same loader; the benchmark-only switch runs its batches on the loop.
    with blocking_loaders() if label == "blocking" else contextlib.nullcontext():
        runs = [run_coroutine(one_request(SlowLoader)) for _ in range(args.rounds)]
    results[label] = {
        "request_s_median": round(sorted(r[0] for r in runs)[len(runs) // 2], 3),
        "max_loop_stall_ms": round(max(r[1] for r in runs) * 1000, 1),
    }

mode = "gevent-patched" if args.gevent else "plain threads"
print(f"{args.loaders} loaders x {args.seconds * 1000:.0f} ms query, {args.rounds} rounds, {mode}")
print("| design | request (median) | max loop stall |")
print("|---|---|---|")
for label, row in results.items():
    print(f"| {label} | {row['request_s_median']} s | {row['max_loop_stall_ms']} ms |")
print(json.dumps({"mode": mode, **results}))
