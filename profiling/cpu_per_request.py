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
import time

from harness import (
    boxes_view_query,
    cpu_seconds,
    database_server_pids,
    scratch_database,
    throwaway_keys,
)

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--boxes", type=int, default=10000, help="boxes in base 1 of the demo data")
parser.add_argument("--database", help="use this existing database instead of a scratch one")
parser.add_argument("--page", type=int, default=50, help="paginationInput (100000: full list)")
parser.add_argument("--requests", type=int, default=100)
parser.add_argument("--floor", action="store_true", help="also the floor's raw SQL")
args = parser.parse_args()

from boxtribute_api.app import create_app  # noqa: E402  (harness puts back/ on the path)
from boxtribute_api.config import Settings  # noqa: E402


class Meter:
    """Wall, process CPU and local database server CPU over a block, in ms per call."""

    def __init__(self, calls: int):
        self.calls = calls
        self.database_pids = database_server_pids()

    def __enter__(self) -> Meter:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        self.database = cpu_seconds(self.database_pids)
        return self

    def __exit__(self, *exc) -> None:
        per_call = 1000 / self.calls
        self.wall = (time.perf_counter() - self.wall) * per_call
        self.cpu = (time.process_time() - self.cpu) * per_call
        self.database = (cpu_seconds(self.database_pids) - self.database) * per_call

    def line(self, what: str) -> str:
        line = f"{what}: wall {self.wall:.1f} ms, CPU {self.cpu:.1f} ms"
        if self.database_pids:
            line += f", local database server CPU {self.database:.1f} ms"
        return line


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
    with Meter(n) as request_cost:
        for _ in range(n):
            assert client.post("/graphql", json=body, headers=headers).status_code == 200
    print(request_cost.line(f"{n} requests, page {args.page}"))

    if args.floor:
        from run import floor

        floor(env, variables, answer, repeat=5)  # warm-up
        with Meter(n) as floor_cost:
            floor(env, variables, answer, repeat=n - 1)
        print(floor_cost.line(f"floor (raw SQL + orjson) of the same page, {n} times"))
