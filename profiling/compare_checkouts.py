"""Two checkouts of this repository side by side on one database: the same Boxes-view
page of 50, alternating between their servers, then the same closed-loop load on each
in turn. On a shared, noisy machine only such paired runs compare code changes.

    git worktree add /tmp/before <commit>
    .venv/bin/python profiling/compare_checkouts.py /tmp/before . --boxes 10000

Each checkout is served by its own `gunicorn -c gunicorn.conf.py` (the default
config: gevent, `--workers` workers) with this virtualenv. Both must answer the
page identically, or the comparison stops.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
from pathlib import Path

from harness import (
    CpuMeter,
    GunicornServer,
    boxes_view_query,
    closed_loop,
    graphql_body,
    graphql_headers,
    post_graphql_raw,
    scratch_database,
    throwaway_keys,
)

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("checkouts", nargs=2, type=Path, help="before and after")
parser.add_argument("--boxes", type=int, default=10000, help="boxes in base 1 of the demo data")
parser.add_argument("--database", help="use this existing database instead of a scratch one")
parser.add_argument("--workers", type=int, default=2)
parser.add_argument("--requests", type=int, default=150, help="sequential pages per checkout")
parser.add_argument("--clients", type=int, default=16)
parser.add_argument("--duration", type=float, default=8.0, help="seconds per load round")
parser.add_argument("--rounds", type=int, default=2, help="load rounds per checkout")
args = parser.parse_args()

keys = throwaway_keys()
token = keys.token(role="coordinator", organisation_id=1, base_ids=[1], user_id=8)
headers = graphql_headers(token)
page = graphql_body(
    boxes_view_query(),
    {"baseId": "1", "filterInput": {"states": ["InStock"]}, "paginationInput": 50},
)
names = [str(path) for path in args.checkouts]
if args.checkouts[0].resolve() == args.checkouts[1].resolve():
    parser.error("give two different checkouts")

with scratch_database(args.database, boxes=args.boxes) as env, contextlib.ExitStack() as stack:
    env = {**env, "AUTH0_PUBLIC_KEY": keys.public_pem, "ENVIRONMENT": "production"}
    servers = {
        name: stack.enter_context(
            GunicornServer(env, workers=args.workers, checkout=path.resolve())
        )
        for name, path in zip(names, args.checkouts, strict=True)
    }
    connections = {name: server.connection() for name, server in servers.items()}
    answers = {}
    for name in names:
        status, raw, _ = post_graphql_raw(connections[name], page, headers)
        answers[name] = (status, json.loads(raw))
    if answers[names[0]] != answers[names[1]]:
        raise SystemExit("the two checkouts answer the page differently")

    latencies: dict[str, list[float]] = {name: [] for name in names}
    for index in range(args.requests):
        for name in names if index % 2 else names[::-1]:
            status, _, seconds = post_graphql_raw(connections[name], page, headers)
            assert status == 200, status
            latencies[name].append(seconds)

    loads: dict[str, list[dict]] = {name: [] for name in names}
    for round_index in range(args.rounds):
        for name in names if round_index % 2 == 0 else names[::-1]:
            with CpuMeter(servers[name].worker_pids()) as cpu:
                result = closed_loop(
                    servers[name], args.clients, args.duration, lambda _: (page, token)
                )
            loads[name].append({**result.summary(), **cpu.ms_per_request(result.requests)})

print(f"page of 50, {args.boxes} boxes, {args.workers} gevent workers, same database")
for name in names:
    ordered = sorted(latencies[name])
    rounds = loads[name]
    print(
        f"{name}: sequential median {statistics.median(ordered) * 1000:.1f} ms "
        f"(p90 {ordered[int(len(ordered) * 0.9)] * 1000:.1f}); "
        f"{args.clients} clients: "
        + ", ".join(
            f"{r['req_per_s']} req/s p95 {r['p95_ms']} ms "
            f"(CPU ms/req app {r['cpu_ms_per_request_app']}, "
            f"database {r['cpu_ms_per_request_database']})"
            for r in rounds
        )
        + f"; errors {sum(r['errors'] for r in rounds)}"
    )

# Rounds ran back to back in pairs (ABBA): the ratio within a pair is what compares
# the checkouts while the machine's speed drifts from pair to pair.
before, after = (loads[name] for name in names)
for label, key in (("req/s", "req_per_s"), ("app CPU ms/req", "cpu_ms_per_request_app")):
    ratios = [b[key] / a[key] for a, b in zip(before, after, strict=True) if a[key]]
    if ratios:
        median = statistics.median(ratios)
        print(f"{label}, {names[1]} / {names[0]} per round pair: median {median:.2f}")
