"""Closed-loop load on one real gunicorn worker: the Boxes view, page of 50.

Starts `gunicorn -c gunicorn.conf.py` (one worker; gevent unless told otherwise)
on a scratch database filled by the demo-data generator, then runs N clients that
each send the next BoxesForBoxesView request as soon as the last one answered,
alternating two users of different organisations.

    .venv/bin/python profiling/bench_concurrency.py --clients 32 --duration 10
"""

from __future__ import annotations

import argparse
import json
import time

from harness import (
    RESULTS,
    GunicornServer,
    boxes_view_query,
    closed_loop,
    graphql_body,
    scratch_database,
    throwaway_keys,
)

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--clients", type=int, nargs="+", default=[32])
parser.add_argument("--duration", type=float, default=10.0)
parser.add_argument("--page", type=int, default=50)
parser.add_argument("--boxes", type=int, default=1000, help="boxes in base 1 of the demo data")
parser.add_argument("--worker-class", default="gevent")
parser.add_argument("--database", help="use this existing database instead of a scratch one")
args = parser.parse_args()

keys = throwaway_keys()
query = boxes_view_query()
with scratch_database(args.database, boxes=args.boxes) as env:
    tokens = {
        "1": keys.token(role="coordinator", organisation_id=1, base_ids=[1], user_id=8),
        "3": keys.token(role="coordinator", organisation_id=2, base_ids=[3], user_id=17),
    }

    def request_for(client: int) -> tuple[bytes, str]:
        base_id = "1" if client % 2 == 0 else "3"
        variables = {
            "baseId": base_id,
            "filterInput": {"states": ["InStock"]},
            "paginationInput": args.page,
        }
        return graphql_body(query, variables), tokens[base_id]

    rows = []
    server_env = {**env, "AUTH0_PUBLIC_KEY": keys.public_pem, "ENVIRONMENT": "production"}
    with GunicornServer(server_env, workers=1, worker_class=args.worker_class) as server:
        closed_loop(server, 2, 2.0, request_for)  # warm-up
        for clients in args.clients:
            result = closed_loop(server, clients, args.duration, request_for)
            rows.append(
                {**result.summary(), "pool_in_use_after": server.pool()["primary"]["in_use"]}
            )

print(f"BoxesForBoxesView, page of {args.page}, one {args.worker_class} worker, {args.boxes} boxes")
print("| clients | requests | errors | req/s | p50 ms | p95 ms | p99 ms | pool in use after |")
print("|---|---|---|---|---|---|---|---|")
for row in rows:
    print(
        f"| {row['clients']} | {row['requests']} | {row['errors']} | {row['req_per_s']} "
        f"| {row['p50_ms']} | {row['p95_ms']} | {row['p99_ms']} | {row['pool_in_use_after']} |"
    )
RESULTS.mkdir(exist_ok=True)
out = RESULTS / f"concurrency-{args.worker_class}-{time.strftime('%Y%m%d-%H%M%S')}.json"
out.write_text(json.dumps({"args": vars(args), "rows": rows}, indent=2))
print(f"raw: {out.relative_to(RESULTS.parent.parent)}")
