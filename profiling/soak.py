"""Soak: one gevent worker in production mode under mixed load for a while, and what
it holds afterwards. Run by hand from the repo root:

    .venv/bin/python profiling/soak.py                  # 5 minutes, 12 clients
    .venv/bin/python profiling/soak.py --minutes 1 --clients 8 --database dropapp_dev

The mix: the Boxes view's page of 50 and its full preload, other frontend reads,
moving boxes (a write), abusive documents from the hardening issue's table, bad
tokens and bad ids. Every `--sample` seconds it prints the worker's resident memory,
open file descriptors and threads, the pool's connections and the database's
connections of the app's user; at the end whether any answer was a 5xx or not
JSON, and whether the worker was replaced or logged a traceback.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (  # noqa: E402
    GunicornServer,
    boxes_view_query,
    scratch_database,
    throwaway_keys,
)

COORDINATOR = dict(role="coordinator", organisation_id=1, base_ids=[1], user_id=8)


def requests_mix(coordinator: str, god: str) -> list[tuple[int, dict | bytes, str]]:
    """(weight, body, token)"""
    boxes = boxes_view_query()
    nested = "name"
    for level in range(9):
        nested = f"{'locations' if level % 2 == 0 else 'base'} {{ {nested} }}"
    return [
        (30, {"query": boxes, "variables": {"baseId": "1", "paginationInput": 50}}, coordinator),
        (2, {"query": boxes, "variables": {"baseId": "1", "paginationInput": 100000}}, coordinator),
        (
            15,
            {"query": "{ base(id: 1) { name locations { id name } tags { id name } } }"},
            coordinator,
        ),
        (10, {"query": "{ bases { id name organisation { name } } }"}, god),
        (
            5,
            {
                "query": "mutation($l: [String!]!) { moveBoxesToLocation(updateInput: "
                "{labelIdentifiers: $l, locationId: 100000037}) { __typename } }",
                "variables": {"l": []},
            },
            coordinator,
        ),
        (3, {"query": "{ base(id: 1) { " + nested + " } }"}, coordinator),
        (3, {"query": "{ " + "__typename " * 9000 + "}"}, coordinator),
        (3, {"query": '{ base(id: "abc") { name } }'}, coordinator),
        (3, {"query": "{ __schema { types { name } } }"}, coordinator),
        (
            3,
            b'{"query": "{ __typename }", "variables": ' + b"[" * 5000 + b"]" * 5000 + b"}",
            coordinator,
        ),
        (3, {"query": "{ __typename }"}, "not-a-token"),
    ]


def worker_state(server: GunicornServer, db_name: str) -> dict:
    (pid,) = server.worker_pids()
    status = Path(f"/proc/{pid}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return {
        "rss_mb": round(int(fields["VmRSS"].split()[0]) / 1024, 1),
        "peak_mb": round(int(fields["VmHWM"].split()[0]) / 1024, 1),
        "fds": len(os.listdir(f"/proc/{pid}/fd")),
        "threads": int(fields["Threads"]),
        "pool": server.pool()["primary"],
        "db_connections": database_connections(db_name),
    }


def database_connections(db_name: str) -> int:
    import pymysql

    connection = pymysql.connect(
        host=os.environ.get("MYSQL_HOST", "127.0.0.1"),
        port=int(os.environ.get("MYSQL_PORT", "3306")),
        user=os.environ.get("MYSQL_USER", "root"),
        password=os.environ.get("MYSQL_PASSWORD", ""),
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = %s", (db_name,)
            )
            return cursor.fetchone()[0]
    finally:
        connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--sample", type=float, default=30.0, help="seconds between samples")
    parser.add_argument("--boxes", type=int, default=2000)
    parser.add_argument("--database", help="an existing database (left as it is)")
    args = parser.parse_args()

    keys = throwaway_keys()
    with scratch_database(args.database, boxes=args.boxes) as env:
        env = {**env, "AUTH0_PUBLIC_KEY": keys.public_pem, "ENVIRONMENT": "production"}
        coordinator, god = keys.token(**COORDINATOR), keys.token(role="god", user_id=1)
        mix = requests_mix(coordinator, god)
        weights = [weight for weight, _, _ in mix]
        with GunicornServer(env, workers=1) as server:
            first_worker = server.worker_pids()
            statuses: Counter = Counter()
            problems: list = []
            latencies: list[float] = []
            stop = time.monotonic() + args.minutes * 60

            def client(seed: int) -> None:
                chooser = random.Random(seed)
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
                while time.monotonic() < stop:
                    _, body, token = chooser.choices(mix, weights)[0]
                    data = body if isinstance(body, bytes) else json.dumps(body).encode()
                    headers = {
                        "Content-Type": "application/json",
                        "Authorization": f"Bearer {token}",
                    }
                    started = time.perf_counter()
                    try:
                        connection.request("POST", "/graphql", data, headers)
                        response = connection.getresponse()
                        raw = response.read()
                        json.loads(raw)
                    except Exception as error:
                        problems.append(repr(error)[:200])
                        connection.close()
                        connection = http.client.HTTPConnection(
                            "127.0.0.1", server.port, timeout=60
                        )
                        continue
                    latencies.append(time.perf_counter() - started)
                    statuses[response.status] += 1
                    if response.status >= 500:
                        problems.append(raw[:200])

            threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
            print(f"{'t (s)':>6} {'RSS MB':>7} {'peak MB':>8} {'fds':>4} {'threads':>7} pool, DB")
            started = time.monotonic()
            samples = [worker_state(server, env["MYSQL_DB"])]
            for thread in threads:
                thread.start()
            while time.monotonic() < stop:
                time.sleep(min(args.sample, max(stop - time.monotonic(), 0.1)))
                samples.append(worker_state(server, env["MYSQL_DB"]))
                s = samples[-1]
                elapsed = time.monotonic() - started
                print(
                    f"{elapsed:6.0f} {s['rss_mb']:7} {s['peak_mb']:8} {s['fds']:4}"
                    f" {s['threads']:7} {s['pool']}, {s['db_connections']}"
                )
            for thread in threads:
                thread.join()
            time.sleep(1)
            final = worker_state(server, env["MYSQL_DB"])
            replaced = server.worker_pids() != first_worker
            log = server.log()
    latencies.sort()
    summary = {
        "minutes": args.minutes,
        "clients": args.clients,
        "requests": sum(statuses.values()),
        "statuses": dict(statuses),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 1) if latencies else None,
        "problems": len(problems),
        "worker_replaced": replaced,
        "tracebacks_logged": log.count("Traceback"),
        "start": samples[0],
        "end": final,
    }
    print(json.dumps(summary, indent=2))
    for problem in problems[:5]:
        print("problem:", problem)


if __name__ == "__main__":
    main()
