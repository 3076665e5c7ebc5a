"""The Boxes-view benchmark: one command, one report (see profiling/README.md).

    .venv/bin/python profiling/run.py                 # full run, about 15 minutes
    .venv/bin/python profiling/run.py --quick         # the same, short, in a few minutes
    .venv/bin/python profiling/run.py --boxes 1000 --sections requests

For each N in --boxes it seeds a scratch database with N boxes in base 1 (the demo
generator), then sends the frontend's own BoxesForBoxesView document with the
variables the page sends (first 50 InStock boxes; the full InStock preload) in-process
(Flask test client) and over HTTP (one real gunicorn gevent worker), with the
per-request breakdown the app reports under SERVER_TIMING=1, the floor (raw SQL of the
same rows plus orjson of the same response) and the worker's peak memory.
At the largest N it also compares, side by side: worker classes under closed-loop load;
loaders blocking the event loop (the original design) versus offloaded, with 0, 1 and
5 ms of database round-trip latency injected by profiling/delay_proxy.py.

Writes report.md, report.json (raw) and PNG plots into --out (profiling/results/, or
profiling/results/quick/ with --quick).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import orjson
import report
from sql_floor import BASE_ID, added_round_trip_ms, boxes_in_base, floor

from harness import (
    REPO,
    RESULTS,
    CpuMeter,
    DelayProxy,
    GunicornServer,
    boxes_view_query,
    closed_loop,
    frontend_document,
    graphql_body,
    post_graphql_raw,
    scratch_database,
    throwaway_keys,
)

# Variables as the Boxes page sends them (prepareBoxesForBoxesViewQueryVariables with
# the default column filter state=InStock): a first page, and the background preload
# of everything (its default `paginationInput` is 100000).
CASES = {
    "page": {"filterInput": {"states": ["InStock"]}, "paginationInput": 50},
    "full": {"filterInput": {"states": ["InStock"]}, "paginationInput": 100000},
}
USER = {"role": "coordinator", "organisation_id": 1, "base_ids": [1], "user_id": 8}
WORKER_CLASSES = ("sync", "gthread", "gevent")
# gthread without --threads is a sync worker; 16 matches the DB thread pool.
WORKER_ARGS = {"gthread": "--threads 16"}
LATENCY_CLIENTS = 16


class Progress:
    def __init__(self):
        self.started = time.monotonic()

    def __call__(self, message: str) -> None:
        elapsed = time.monotonic() - self.started
        print(f"[{int(elapsed // 60):3d}:{elapsed % 60:04.1f}] {message}", flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--boxes", type=int, nargs="+", default=[50, 1000, 5000, 10000])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, shorter loads")
    parser.add_argument("--repeat", type=int, help="measured requests per case (10; quick 3)")
    parser.add_argument("--duration", type=float, help="seconds per load point (10; quick 2)")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4, 16, 64])
    parser.add_argument("--worker-classes", nargs="+", default=list(WORKER_CLASSES))
    parser.add_argument(
        "--workers",
        type=int,
        # As gunicorn.conf.py: the default config is what the targets speak of.
        default=min(2, os.cpu_count() or 1),
        help="workers per server in the load section (the default config's: 2 on 2 CPUs)",
    )
    parser.add_argument(
        "--latencies", type=float, nargs="+", default=[0, 1, 5], help="ms, blocking vs offloaded"
    )
    parser.add_argument(
        "--load-latencies", type=float, nargs="+", default=[0, 5], help="ms, worker classes"
    )
    parser.add_argument("--load-boxes", type=int, help="N for load and latency (largest N)")
    parser.add_argument(
        "--sections",
        nargs="+",
        choices=["requests", "load", "latency"],
        default=["requests", "load", "latency"],
    )
    parser.add_argument("--database", help="an existing database instead of scratch ones")
    parser.add_argument("--out", type=Path, help="output directory")
    args = parser.parse_args()
    args.repeat = args.repeat or (3 if args.quick else 10)
    args.duration = args.duration or (2.0 if args.quick else 10.0)
    args.boxes = sorted(set(args.boxes))
    if args.database:
        args.boxes = args.boxes[-1:]
    args.load_boxes = args.load_boxes or args.boxes[-1]
    if args.load_boxes not in args.boxes:
        parser.error("--load-boxes must be one of --boxes")
    args.out = args.out or (RESULTS / "quick" if args.quick else RESULTS)
    return args


# --- one request, measured ---------------------------------------------------------------

Sender = Callable[[bytes, dict], tuple[int, bytes, float]]


def in_process_sender(app) -> Sender:
    client = app.test_client()

    def send(body: bytes, headers: dict) -> tuple[int, bytes, float]:
        started = time.perf_counter()
        response = client.post("/graphql", data=body, headers=headers)
        raw = response.get_data()
        return response.status_code, raw, time.perf_counter() - started

    return send


def http_sender(server: GunicornServer) -> Sender:
    connection = server.connection()
    return lambda body, headers: post_graphql_raw(connection, body, headers)


def run_summary(client_seconds: float, answer: dict, raw: bytes) -> dict:
    """One request: the client's time and the server's own breakdown."""
    timing = answer.get("extensions", {}).get("timing", {})
    loaders = timing.get("loaders", {})
    sql = timing.get("sql", {})
    loop = timing.get("loop", {})
    pool = timing.get("pool", {})
    boxes = (answer.get("data") or {}).get("boxes") or {}
    return {
        "client_ms": round(client_seconds * 1000, 3),
        "server_total_ms": timing.get("total_ms"),
        "auth_ms": timing.get("auth_ms"),
        "exec_ms": timing.get("exec_ms"),
        "json_ms": timing.get("json_ms"),
        "sql_count": sql.get("count"),
        "sql_ms": sql.get("total_ms"),
        "loader_count": loaders.get("count"),
        "loader_wall_ms": loaders.get("wall_ms"),
        "loader_sum_ms": loaders.get("sum_ms"),
        "loader_slowest_ms": loaders.get("slowest_ms"),
        "pool_checkouts": pool.get("checkouts"),
        "pool_ms": pool.get("total_ms"),
        "loop_busy_ms": loop.get("busy_ms"),
        "loop_stall_ms": loop.get("longest_stall_ms"),
        "rows": len(boxes.get("elements") or []),
        "total_count": boxes.get("totalCount"),
        "response_bytes": len(raw),
    }


def measure(
    send: Sender, query: str, token: str, variables: dict, repeat: int, progress, label: str
) -> tuple[dict, dict]:
    """`repeat` requests after one warm-up: (aggregate with runs, last answer)."""
    body = graphql_body(query, {"baseId": BASE_ID, **variables})
    headers = {
        "Content-Type": "application/json",
        "Authorization": f"Bearer {token}",
        "X-Debug-Timing": "1",
    }
    runs, breakdowns, answer = [], [], None
    for index in range(repeat + 1):
        status, raw, seconds = send(body, headers)
        answer = orjson.loads(raw)
        if status != 200 or "errors" in answer:
            raise RuntimeError(f"{label}: HTTP {status}: {raw[:500]!r}")
        if index == 0:
            continue  # warm-up: caches, first connections
        runs.append(run_summary(seconds, answer, raw))
        breakdowns.append(answer["extensions"]["timing"])
        if seconds > 1 or index == repeat:
            progress(f"  {label} {index}/{repeat}: {seconds * 1000:.1f} ms")
    middle = sorted(range(len(runs)), key=lambda i: runs[i]["client_ms"])[len(runs) // 2]
    answer.pop("extensions", None)
    return {
        **aggregate(runs),
        "runs": runs,
        "median_breakdown": breakdowns[middle],
    }, answer


def aggregate(runs: list[dict]) -> dict:
    """Medians of every number of the runs, plus p95/min/max of the client time."""
    keys = [k for k, v in runs[0].items() if isinstance(v, int | float)]
    result = {
        f"median_{key}": round(statistics.median(r[key] for r in runs if r[key] is not None), 3)
        for key in keys
        if any(r[key] is not None for r in runs)
    }
    client = sorted(r["client_ms"] for r in runs)
    result["p95_client_ms"] = client[min(len(client) - 1, int(0.95 * len(client)))]
    result["min_client_ms"] = client[0]
    result["max_client_ms"] = client[-1]
    return result


# --- sections ----------------------------------------------------------------------------


def server_env(env: dict, keys, **extra) -> dict:
    return {
        **env,
        "AUTH0_PUBLIC_KEY": keys.public_pem,
        "ENVIRONMENT": "production",
        **extra,
    }


def in_process_app(env: dict, keys):
    from boxtribute_api.app import create_app
    from boxtribute_api.config import Settings

    return create_app(Settings.from_env(server_env(env, keys, SERVER_TIMING="1")))


def section_requests(ctx: dict, env: dict, boxes: int, results: dict, args, progress) -> None:
    token, query, keys = ctx["token"], ctx["query"], ctx["keys"]
    answers = {}
    send = in_process_sender(in_process_app(env, keys))
    for case, variables in CASES.items():
        progress(f"N={boxes} in-process {case}")
        summary, answers[case] = measure(
            send, query, token, variables, args.repeat, progress, f"in-process {case}"
        )
        results["requests"].append({"boxes": boxes, "case": case, "mode": "in-process", **summary})

    for case, variables in CASES.items():
        progress(f"N={boxes} floor {case}")
        results["floor"].append(
            {"boxes": boxes, "case": case, **floor(env, variables, answers[case], args.repeat)}
        )

    progress(f"N={boxes} starting gunicorn (1 gevent worker, SERVER_TIMING=1)")
    with GunicornServer(server_env(env, keys, SERVER_TIMING="1")) as server:
        memory = {"boxes": boxes, "worker_class": "gevent", "at_start": server.worker_memory_mb()}
        send = http_sender(server)
        for case, variables in CASES.items():
            progress(f"N={boxes} HTTP {case}")
            summary, _ = measure(
                send, query, token, variables, args.repeat, progress, f"HTTP {case}"
            )
            results["requests"].append({"boxes": boxes, "case": case, "mode": "http", **summary})
            memory[f"after_{case}"] = server.worker_memory_mb()
        results["memory"].append(memory)
    check_server_log(server, results, f"requests, N={boxes}")


@contextlib.contextmanager
def with_latency(env: dict, delay_ms: float):
    """(env, measured extra ms per round trip) of the database `delay_ms` away."""
    if not delay_ms:
        yield env, 0.0
        return
    with DelayProxy(env, delay_ms) as proxy:
        proxied = proxy.env(env)
        yield proxied, added_round_trip_ms(proxied, env)


def section_load(ctx: dict, env: dict, boxes: int, results: dict, args, progress) -> None:
    body = graphql_body(ctx["query"], {"baseId": BASE_ID, **CASES["page"]})
    for delay in args.load_latencies:
        with with_latency(env, delay) as (database_env, measured):
            for worker_class in args.worker_classes:
                progress(
                    f"N={boxes} load: starting gunicorn ({args.workers} {worker_class} worker(s)), "
                    f"database +{delay:g} ms (measured +{measured} ms)"
                )
                with GunicornServer(
                    server_env(database_env, ctx["keys"]),
                    workers=args.workers,
                    worker_class=worker_class,
                    extra_args=WORKER_ARGS.get(worker_class, ""),
                ) as server:
                    closed_loop(server, 2, 1.0, lambda _: (body, ctx["token"]))  # warm-up
                    for clients in args.clients:
                        with CpuMeter(server.worker_pids()) as cpu:
                            result = closed_loop(
                                server, clients, args.duration, lambda _: (body, ctx["token"])
                            )
                        row = {
                            "boxes": boxes,
                            "delay_ms": delay,
                            "measured_delay_ms": measured,
                            "worker_class": worker_class,
                            "workers": args.workers,
                            **result.summary(),
                            **cpu.ms_per_request(result.requests),
                            "pool_in_use_after": server.pool()["primary"]["in_use"],
                            **server.worker_memory_mb(),
                        }
                        results["load"].append(row)
                        progress(
                            f"  {worker_class} {clients:>2} clients: {row['req_per_s']} req/s, "
                            f"p95 {row['p95_ms']} ms, {row['errors']} errors"
                        )
                check_server_log(server, results, f"load, {worker_class}, +{delay:g} ms")


def section_latency(ctx: dict, env: dict, boxes: int, results: dict, args, progress) -> None:
    from blocking_loaders import blocking_loaders

    body = graphql_body(ctx["query"], {"baseId": BASE_ID, **CASES["page"]})
    for delay in args.latencies:
        with with_latency(env, delay) as (database_env, measured):
            progress(f"N={boxes} latency +{delay:g} ms (measured +{measured} ms per round trip)")
            for design in ("offloaded", "blocking"):
                switch = blocking_loaders() if design == "blocking" else contextlib.nullcontext()
                with switch:
                    send = in_process_sender(in_process_app(database_env, ctx["keys"]))
                    for case, variables in CASES.items():
                        label = f"in-process {case}, {design} loaders, +{delay:g} ms"
                        summary, _ = measure(
                            send,
                            ctx["query"],
                            ctx["token"],
                            variables,
                            args.repeat,
                            progress,
                            label,
                        )
                        summary.pop("median_breakdown")
                        results["latency"].append(
                            {
                                "boxes": boxes,
                                "delay_ms": delay,
                                "measured_delay_ms": measured,
                                "loaders": design,
                                "case": case,
                                **summary,
                            }
                        )

            for design in ("offloaded", "blocking"):
                app = "profiling.blocking_loaders:app" if design == "blocking" else None
                with GunicornServer(server_env(database_env, ctx["keys"]), app=app) as server:
                    closed_loop(server, 2, 1.0, lambda _: (body, ctx["token"]))  # warm-up
                    result = closed_loop(
                        server, LATENCY_CLIENTS, args.duration, lambda _: (body, ctx["token"])
                    )
                row = {
                    "boxes": boxes,
                    "delay_ms": delay,
                    "measured_delay_ms": measured,
                    "loaders": design,
                    "worker_class": "gevent",
                    **result.summary(),
                }
                results["latency_load"].append(row)
                progress(
                    f"  HTTP {LATENCY_CLIENTS} clients, {design} loaders: "
                    f"{row['req_per_s']} req/s, p95 {row['p95_ms']} ms, {row['errors']} errors"
                )
                check_server_log(server, results, f"latency, {design} loaders, +{delay:g} ms")


def check_server_log(server: GunicornServer, results: dict, section: str) -> None:
    if "Traceback" in server.output:
        results["server_errors"].append({"section": section, "log": server.output[-4000:]})
        print(f"  !! the server logged a traceback ({section}; kept in report.json)", flush=True)


# --- main --------------------------------------------------------------------------------


def meta(args) -> dict:
    def git(*command: str) -> str:
        return subprocess.run(
            ["git", *command], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()

    return {
        "started": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": bool(git("status", "--porcelain", "--untracked-files=no")),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}",
        "cpus": os.cpu_count(),
        "load_average_at_start": os.getloadavg()[0],
        "python": platform.python_version(),
        "document": "frontend wire_document"
        if frontend_document("BoxesForBoxesView")
        else "own copy (../shared absent)",
        "cases": CASES,
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "worker_args": WORKER_ARGS,
        "latency_clients": LATENCY_CLIENTS,
    }


def main() -> None:
    args = parse_args()
    progress = Progress()
    keys = throwaway_keys()
    ctx = {
        "keys": keys,
        "query": boxes_view_query(),
        "token": keys.token(**USER),
    }
    results = {
        "meta": meta(args),
        "databases": [],
        "requests": [],
        "floor": [],
        "memory": [],
        "load": [],
        "latency": [],
        "latency_load": [],
        "server_errors": [],
    }
    from boxtribute_api.demo_world.boxes import MIN_BOXES_IN_MAIN_BASE

    for boxes in args.boxes:
        seeded = max(boxes, MIN_BOXES_IN_MAIN_BASE)
        progress(f"N={boxes}: seeding a scratch database ({seeded} boxes created in base 1)")
        with scratch_database(args.database, boxes=seeded, show_progress=True) as env:
            counts = boxes_in_base(env)
            results["databases"].append({"boxes": boxes, "created": seeded, **counts})
            progress(f"N={boxes}: {counts}")
            if "requests" in args.sections:
                section_requests(ctx, env, boxes, results, args, progress)
            if boxes == args.load_boxes and "load" in args.sections:
                section_load(ctx, env, boxes, results, args, progress)
            if boxes == args.load_boxes and "latency" in args.sections:
                section_latency(ctx, env, boxes, results, args, progress)

    results["meta"]["load_average_at_end"] = os.getloadavg()[0]
    results["meta"]["minutes"] = round((time.monotonic() - progress.started) / 60, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    raw = args.out / "report.json"
    raw.write_bytes(orjson.dumps(results, option=orjson.OPT_INDENT_2))
    markdown = report.write(results, args.out)
    progress(f"wrote {markdown}, {raw.name} and the plots")
    print(report.targets_markdown(results))


if __name__ == "__main__":
    main()
