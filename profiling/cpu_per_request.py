"""CPU time of one Boxes-view request in-process, against wall time.

Sends the frontend's BoxesForBoxesView document sequentially through the app
(Flask's test client, no HTTP) and divides the process's CPU time (event loop
plus DB threads, not the database server) by the number of requests.

    .venv/bin/python profiling/cpu_per_request.py --boxes 10000 [--page 50] [--requests 100]
    .venv/bin/python profiling/cpu_per_request.py --database NAME
"""

from __future__ import annotations

import argparse
import time

from harness import boxes_view_query, scratch_database, throwaway_keys

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--boxes", type=int, default=10000, help="boxes in base 1 of the demo data")
parser.add_argument("--database", help="use this existing database instead of a scratch one")
parser.add_argument("--page", type=int, default=50, help="paginationInput (100000: full list)")
parser.add_argument("--requests", type=int, default=100)
args = parser.parse_args()

from boxtribute_api.app import create_app  # noqa: E402  (harness puts back/ on the path)
from boxtribute_api.config import Settings  # noqa: E402

keys = throwaway_keys()
with scratch_database(args.database, boxes=args.boxes) as env:
    settings = Settings.from_env(
        {**env, "AUTH0_PUBLIC_KEY": keys.public_pem, "ENVIRONMENT": "production"}
    )
    client = create_app(settings).test_client()
    headers = {
        "Authorization": "Bearer "
        + keys.token(role="coordinator", organisation_id=1, base_ids=[1], user_id=8)
    }
    body = {
        "query": boxes_view_query(),
        "variables": {
            "baseId": "1",
            "filterInput": {"states": ["InStock"]},
            "paginationInput": args.page,
        },
    }
    for _ in range(5):  # warm-up
        client.post("/graphql", json=body, headers=headers)
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.requests):
        assert client.post("/graphql", json=body, headers=headers).status_code == 200
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

n = args.requests
print(f"{n} requests, page {args.page}: wall {wall / n * 1000:.1f} ms, CPU {cpu / n * 1000:.1f} ms")
