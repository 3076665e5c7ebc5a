"""CPU time of one Boxes-view request in-process, against wall time.

Sends the frontend's BoxesForBoxesView document sequentially through the app
(Flask's test client, no HTTP) and divides the process's CPU time (event loop
plus DB threads) by the number of requests; with a local MariaDB/MySQL server,
also that server's CPU time per request. `--floor` does the same for the floor's
raw SQL of the same rows (run.py), which bounds what any back-end costs the
database.

    .venv/bin/python profiling/cpu_per_request.py --boxes 10000 [--page 50] [--requests 100]
    .venv/bin/python profiling/cpu_per_request.py --database NAME [--floor]
"""

from __future__ import annotations

import argparse
import os
import time

from harness import CpuMeter, boxes_view_query, scratch_database, throwaway_keys

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--boxes", type=int, default=10000, help="boxes in base 1 of the demo data")
parser.add_argument("--database", help="use this existing database instead of a scratch one")
parser.add_argument("--page", type=int, default=50, help="paginationInput (100000: full list)")
parser.add_argument("--requests", type=int, default=100)
parser.add_argument("--floor", action="store_true", help="also the floor's raw SQL")
args = parser.parse_args()

from boxtribute_api.app import create_app  # noqa: E402  (harness puts back/ on the path)
from boxtribute_api.config import Settings  # noqa: E402


def report(what: str, calls: int, run) -> None:
    """Wall time, this process's CPU and the local database server's CPU of `run()`,
    per call."""
    with CpuMeter([os.getpid()]) as cpu:
        started = time.perf_counter()
        run()
        wall = time.perf_counter() - started
    cost = cpu.ms_per_request(calls)
    line = f"{what}: wall {wall * 1000 / calls:.1f} ms, CPU {cost['cpu_ms_per_request_app']} ms"
    if cpu.groups["database"]:
        line += f", local database server CPU {cost['cpu_ms_per_request_database']} ms"
    print(line)


keys = throwaway_keys()
n = args.requests
with scratch_database(args.database, boxes=args.boxes) as env:
    settings = Settings.from_env(
        {**env, "AUTH0_PUBLIC_KEY": keys.public_pem, "ENVIRONMENT": "production"}
    )
    client = create_app(settings).test_client()
    headers = {
        "Authorization": "Bearer "
        + keys.token(role="coordinator", organisation_id=1, base_ids=[1], user_id=8)
    }
    variables = {
        "baseId": "1",
        "filterInput": {"states": ["InStock"]},
        "paginationInput": args.page,
    }
    body = {"query": boxes_view_query(), "variables": variables}
    for _ in range(5):  # warm-up
        answer = client.post("/graphql", json=body, headers=headers).get_json()

    def send_requests():
        for _ in range(n):
            assert client.post("/graphql", json=body, headers=headers).status_code == 200

    report(f"{n} requests, page {args.page}", n, send_requests)

    if args.floor:
        from run import floor

        floor(env, variables, answer, repeat=5)  # warm-up
        report(
            f"floor (raw SQL + orjson) of the same page, {n} times",
            n,
            lambda: floor(env, variables, answer, repeat=n - 1),
        )
