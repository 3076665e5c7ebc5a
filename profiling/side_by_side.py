"""CPU per request of this back-end beside the original (or another checkout), on one
database, one worker each, sequential requests alternating between the two.

    .venv/bin/python profiling/side_by_side.py --database grown_10k            # vs the original
    .venv/bin/python profiling/side_by_side.py --database grown_10k --checkout /tmp/before
    .venv/bin/python profiling/side_by_side.py --database demo_10k --frontend 5 --cases

Cases: `page50` (BoxesForBoxesView, InStock, 50 boxes with totalCount), `page1` (the
same with 1: a request's fixed cost), `full` (the whole InStock list, 100000), and with
`--frontend N` the N slowest other frontend queries (slowest on this back-end over a
first pass; their variables found in the database through the API, as the tests'
support/operations.py does on the demo world). Each case reports, per side: the HTTP
median, the worker's CPU time (utime + stime from /proc) per request, the worker's
peak memory (VmHWM) after the case, and whether both answered the same.

The original is served by `original.sh serve` (`--original`, default /tmp/original;
`--original-script`), with the key pair of `--keys` (a directory with priv.pem and
pub.pem; default: throw-away keys). Both servers run one gunicorn worker; this back-end
its default gevent worker, SERVER_TIMING off, ENVIRONMENT=production.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import socket
import statistics
import subprocess
import time
from pathlib import Path

from harness import (
    REFERENCE,
    CpuMeter,
    GunicornServer,
    Keys,
    boxes_view_query,
    closed_loop,
    cpu_seconds,
    free_port,
    graphql_body,
    graphql_headers,
    post_graphql_raw,
    scratch_database,
    throwaway_keys,
)

PAGE = {"baseId": "1", "filterInput": {"states": ["InStock"]}}
CASES = {
    "page50": {**PAGE, "paginationInput": 50},
    "page1": {**PAGE, "paginationInput": 1},
    "full": {**PAGE, "paginationInput": 100000},
}


class OriginalServer:
    """The original back-end, `original.sh serve DEST PORT DATABASE KEY -w 1`."""

    def __init__(
        self,
        script: Path,
        dest: Path,
        database: str,
        public_key: Path,
        env: dict,
        workers: int | None = 1,
    ):
        self.port = free_port()
        self.command = [str(script), "serve", str(dest), str(self.port), database]
        # workers=None: its default config (gunicorn.conf.py: 2 sync workers).
        self.command += [str(public_key), *(["-w", str(workers)] if workers else [])]
        # Its config's worker timeout (30 s) kills a worker before it answers the
        # full list of 50,000 boxes.
        self.command += ["--timeout", "900"]
        self.env = {**os.environ, **env}
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> OriginalServer:
        self.process = subprocess.Popen(
            self.command, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port)):
                if self.worker_pids():
                    time.sleep(1)  # the worker imports the app before it accepts
                    return self
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                raise RuntimeError("the original did not start: " + " ".join(self.command))
            time.sleep(0.2)

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a worker still busy with a long request
            for pid in [*self.worker_pids(), self.process.pid]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, 9)
            self.process.wait(timeout=30)

    worker_pids = GunicornServer.worker_pids
    worker_memory_mb = GunicornServer.worker_memory_mb

    def connection(self) -> http.client.HTTPConnection:
        # The original's full list of 50,000 boxes takes minutes.
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=900)


def measure(servers: dict, body: bytes, headers: dict, requests: int, warmup=True) -> dict:
    """`requests` sequential requests per server, alternating (after one not counted,
    unless not `warmup`); per server the median HTTP time, the worker's CPU ms per
    request and the answers."""
    connections = {name: server.connection() for name, server in servers.items()}
    pids = {name: server.worker_pids() for name, server in servers.items()}
    seconds = {name: [] for name in servers}
    cpu = dict.fromkeys(servers, 0.0)
    answers = {}
    names = list(servers)
    for index in range(0 if warmup else 1, requests + 1):  # 0: a warm-up, not counted
        for name in names if index % 2 else names[::-1]:
            before = cpu_seconds(pids[name])
            try:
                status, raw, took = post_graphql_raw(connections[name], body, headers[name])
            except (OSError, http.client.HTTPException):
                # A server that closed the kept-alive connection: once more on a new one.
                connections[name].close()
                connections[name] = servers[name].connection()
                status, raw, took = post_graphql_raw(connections[name], body, headers[name])
            if index:
                cpu[name] += cpu_seconds(pids[name]) - before
                seconds[name].append(took)
            answers[name] = (status, json.loads(raw))
    for connection in connections.values():
        connection.close()
    return {
        name: {
            "http_median_ms": round(statistics.median(seconds[name]) * 1000, 1),
            "cpu_ms_per_request": round(cpu[name] * 1000 / requests, 1),
            "peak_mb": servers[name].worker_memory_mb()["peak_mb"],
            "answer": answers[name],
        }
        for name in servers
    }


def find_values(server, headers: dict) -> dict:
    """Variables for the frontend's queries that exist in the database (as the
    tests' support/operations.py finds them in the demo world)."""
    query = (
        "{ boxes(baseId: 1, paginationInput: {first: 200}) { elements { labelIdentifier"
        " tags { id } qrCode { code } } } shipments { id } }"
    )
    with contextlib.closing(server.connection()) as connection:
        _, raw, _ = post_graphql_raw(connection, graphql_body(query), headers)
    found = json.loads(raw)["data"]
    elements = found["boxes"]["elements"]
    tagged = next(box for box in elements if box["tags"])
    labelled = next(box for box in elements if box["qrCode"])
    shipment = found["shipments"][0]["id"] if found["shipments"] else "1"
    return {
        "baseId": "1",
        "orgId": "1",
        "labelIdentifier": tagged["labelIdentifier"],
        "qrCode": labelled["qrCode"]["code"],
        "id": shipment,
        "shipmentId": shipment,
        "tagId": tagged["tags"][0]["id"],
        "filterInput": {"states": ["InStock"]},
        "paginationInput": 100000,
    }


def variables_for(document: str, values: dict) -> dict:
    squeezed = document.replace(" ", "")
    return {
        name: int(value) if f"${name}:Int" in squeezed else value
        for name, value in values.items()
        if f"${name}:" in squeezed
    }


def frontend_cases(server, headers: dict, god_headers: dict, count: int) -> dict:
    """The `count` frontend queries (other than the Boxes view) slowest on `server`."""
    operations = json.loads((REFERENCE / "frontend-operations.json").read_text())
    values = find_values(server, god_headers)
    timed = []
    with contextlib.closing(server.connection()) as connection:
        for operation in operations:
            if operation["kind"] != "query" or not operation["valid"]:
                continue
            if operation["name"] == "BoxesForBoxesView":
                continue
            document = operation["wire_document"]
            body = graphql_body(document, variables_for(document, values))
            post_graphql_raw(connection, body, headers)  # warm-up
            took = min(post_graphql_raw(connection, body, headers)[2] for _ in range(3))
            timed.append((took, operation["name"], body))
    timed.sort(reverse=True)
    return {name: body for _, name, body in timed[:count]}


def load(args, env, ours_env, public_key, token, other, body) -> dict:
    """`args.clients` clients sending the page of 50 to each side in its default
    config (ours: gunicorn.conf.py, 2 gevent workers; the original's: 2 sync
    workers), one side after the other, `args.rounds` times (ABBA)."""
    figures = {}
    order = [name for r in range(args.rounds) for name in (("ours", other), (other, "ours"))[r % 2]]
    for name in order:
        with contextlib.ExitStack() as stack:
            if name == "ours":
                server = stack.enter_context(GunicornServer(ours_env, workers=2))
            elif args.checkout:
                server = stack.enter_context(
                    GunicornServer(ours_env, workers=2, checkout=args.checkout.resolve())
                )
            else:
                server = stack.enter_context(
                    OriginalServer(
                        args.original_script,
                        args.original,
                        env["MYSQL_DB"],
                        public_key,
                        env,
                        workers=None,
                    )
                )
            closed_loop(server, args.clients, 2, lambda _: (body, token))  # warm-up
            with CpuMeter(server.worker_pids()) as cpu:
                result = closed_loop(server, args.clients, args.duration, lambda _: (body, token))
        figures.setdefault(name, []).append(
            {**result.summary(), **cpu.ms_per_request(result.requests)}
        )
        summary = figures[name][-1]
        print(
            f"{args.clients} clients, {name}: {summary['req_per_s']} req/s, p95"
            f" {summary['p95_ms']} ms, errors {summary['errors']}, CPU ms/req app"
            f" {summary['cpu_ms_per_request_app']}, database"
            f" {summary['cpu_ms_per_request_database']}",
            flush=True,
        )
    return figures


def unordered(value):
    """`value` with every list of objects sorted by their ids (and the pagination
    cursors, which name the first and last of a page, left out)."""
    if isinstance(value, dict):
        return {
            key: unordered(item)
            for key, item in value.items()
            if key not in ("startCursor", "endCursor")
        }
    if isinstance(value, list | tuple):
        items = [unordered(item) for item in value]
        if all(isinstance(item, dict) and "id" in item for item in items):
            items.sort(key=lambda item: str(item["id"]))
        return items
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="an existing database (default: a demo world)")
    parser.add_argument("--boxes", type=int, default=10000, help="demo world's boxes in base 1")
    parser.add_argument("--cases", nargs="*", default=list(CASES), choices=list(CASES))
    parser.add_argument("--requests", type=int, default=40, help="per case and side")
    parser.add_argument("--full-requests", type=int, default=3, help="for the full list")
    parser.add_argument("--frontend", type=int, default=0, help="the N slowest other queries")
    parser.add_argument("--checkout", type=Path, help="compare with this checkout instead")
    parser.add_argument("--original", type=Path, default=Path("/tmp/original"))
    parser.add_argument(
        "--original-script",
        type=Path,
        default=Path("/work/shared/original-backend/original.sh"),
    )
    parser.add_argument("--keys", type=Path, help="directory with priv.pem and pub.pem")
    parser.add_argument("--user-id", type=int, default=8, help="the coordinator of base 1")
    parser.add_argument("--clients", type=int, default=0, help="load: N clients, page of 50")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per load round")
    parser.add_argument("--rounds", type=int, default=1, help="load rounds per side")
    parser.add_argument("--no-warmup", action="store_true", help="count every request")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--differences", type=Path, help="write differing answers here")
    args = parser.parse_args()

    if args.keys:
        keys = Keys((args.keys / "priv.pem").read_text(), (args.keys / "pub.pem").read_text())
        public_key = args.keys / "pub.pem"
    else:
        keys = throwaway_keys()
        public_key = None
    token = keys.token(role="coordinator", organisation_id=1, base_ids=[1], user_id=args.user_id)
    god = keys.token(role="god", organisation_id=None, base_ids=[], user_id=1)
    other = str(args.checkout) if args.checkout else "original"

    with (
        scratch_database(args.database, boxes=args.boxes) as env,
        contextlib.ExitStack() as stack,
    ):
        ours_env = {**env, "AUTH0_PUBLIC_KEY": keys.public_pem, "ENVIRONMENT": "production"}
        servers = {"ours": stack.enter_context(GunicornServer(ours_env, workers=1))}
        if args.checkout:
            servers[other] = stack.enter_context(
                GunicornServer(ours_env, workers=1, checkout=args.checkout.resolve())
            )
        else:
            if public_key is None:
                public_key = Path(stack.enter_context(_temporary_file(keys.public_pem)))
            servers[other] = stack.enter_context(
                OriginalServer(
                    args.original_script, args.original, env["MYSQL_DB"], public_key, env
                )
            )
        headers = {name: graphql_headers(token) for name in servers}
        bodies = {name: graphql_body(boxes_view_query(), CASES[name]) for name in args.cases}
        if args.frontend:
            bodies.update(
                frontend_cases(
                    servers["ours"], headers["ours"], graphql_headers(god), args.frontend
                )
            )
        results = {}
        if args.clients:
            results["load"] = load(args, env, ours_env, public_key, token, other, bodies["page50"])
        for case, body in bodies.items():
            requests = args.full_requests if case == "full" else args.requests
            results[case] = measure(servers, body, headers, requests, warmup=not args.no_warmup)
            ours, theirs = results[case]["ours"], results[case][other]
            answers = {name: results[case][name].pop("answer") for name in servers}
            same = answers["ours"] == answers[other]
            # Boxes modified in the same second: their order is the MySQL plan's.
            same_rows = unordered(answers["ours"]) == unordered(answers[other])
            if not same and args.differences:
                for name, answer in answers.items():
                    path = args.differences / f"{case}.{Path(name).name}.json"
                    path.write_text(json.dumps(answer, indent=1, sort_keys=True))
            results[case]["same_answer"] = same
            results[case]["same_rows"] = same_rows
            ratio = theirs["cpu_ms_per_request"] / max(ours["cpu_ms_per_request"], 0.1)
            verdict = (
                ""
                if same
                else " | same rows, tied ones in another order"
                if same_rows
                else " | ANSWERS DIFFER"
            )
            print(
                f"{case} ({requests} requests each): "
                f"ours HTTP {ours['http_median_ms']} ms, CPU {ours['cpu_ms_per_request']} ms,"
                f" peak {ours['peak_mb']} MB | {other} HTTP {theirs['http_median_ms']} ms,"
                f" CPU {theirs['cpu_ms_per_request']} ms, peak {theirs['peak_mb']} MB"
                f" | CPU ratio {ratio:.1f}x{verdict}",
                flush=True,
            )
        if args.json:
            args.json.write_text(json.dumps(results, indent=2))


@contextlib.contextmanager
def _temporary_file(text: str):
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".pem") as handle:
        handle.write(text)
        handle.flush()
        yield handle.name


if __name__ == "__main__":
    main()
