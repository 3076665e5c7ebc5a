"""The markdown report and PNG plots of a profiling/run.py run, from its raw JSON.

run.py calls `write(results, out)`; to render a report.json again:

    .venv/bin/python profiling/report.py profiling/results/report.json
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import orjson

ORIGINAL_FULL_LIST_MS = 18_700  # the original back-end, full list at 10,000 boxes, HTTP
TARGET_BOXES = 10_000


def write(results: dict, out: Path) -> Path:
    """Write report.md and the plots into `out`; returns the report's path."""
    out.mkdir(parents=True, exist_ok=True)
    from report_plots import draw_plots  # it uses this module's helpers

    plotted = draw_plots(results, out)
    markdown = out / "report.md"
    markdown.write_text(_markdown(results, plotted, out))
    return markdown


# --- lookups -----------------------------------------------------------------------------


def request_row(results, boxes, case, mode) -> dict | None:
    return next(
        (
            r
            for r in results["requests"]
            if r["boxes"] == boxes and r["case"] == case and r["mode"] == mode
        ),
        None,
    )


def floor_row(results, boxes, case) -> dict | None:
    return next((f for f in results["floor"] if f["boxes"] == boxes and f["case"] == case), None)


def memory_row(results, boxes) -> dict | None:
    return next((m for m in results["memory"] if m["boxes"] == boxes), None)


def largest_boxes(results) -> int | None:
    sizes = [r["boxes"] for r in results["requests"]]
    return max(sizes) if sizes else None


def fmt(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}"


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        cells = (cell if isinstance(cell, str) else fmt(cell) for cell in row)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


# --- targets -----------------------------------------------------------------------------


def _targets(results) -> list[list[str]]:
    rows = []
    n = largest_boxes(results)
    at = ""
    if n:
        at = f"N={n:,}" + ("" if n == TARGET_BOXES else f" (target is at {TARGET_BOXES:,})")

    def verdict(ok):
        return "–" if ok is None else ("met" if ok else "**missed**")

    full = request_row(results, n, "full", "http") if n else None
    page = request_row(results, n, "page", "http") if n else None
    full_floor = floor_row(results, n, "full") if n else None
    if full:
        median = full["median_client_ms"]
        rows.append(
            [
                f"full list, {at}, HTTP median ≤ 1,000 ms (original {ORIGINAL_FULL_LIST_MS:,} ms)",
                f"{median:,.0f} ms",
                verdict(median <= 1000),
            ]
        )
        if full_floor:
            ratio = median / full_floor["floor_ms"]
            rows.append(
                [
                    f"full list, {at}, ≤ 5x the floor ({full_floor['floor_ms']:,.0f} ms)",
                    f"{ratio:.1f}x",
                    verdict(ratio <= 5),
                ]
            )
    memory = memory_row(results, n) if n else None
    if memory and "after_full" in memory:
        peak = memory["after_full"]["peak_mb"]
        rows.append([f"peak worker memory, {at}, < 300 MB", f"{peak:,.0f} MB", verdict(peak < 300)])
    if page:
        median = page["median_client_ms"]
        rows.append(
            [
                f"page of 50 with totalCount, {at}, HTTP median ≤ 25 ms",
                f"{median:.1f} ms",
                verdict(median <= 25),
            ]
        )
    for row in results["load"]:
        delay = row.get("delay_ms", 0)
        if row["worker_class"] == "gevent" and row["clients"] == 16 and not delay:
            ok = row["req_per_s"] >= 100 and row["p95_ms"] < 300 and row["errors"] == 0
            rows.append(
                [
                    f"16 clients, page of 50, {workers_label(row)} gevent, N={row['boxes']:,}: "
                    "≥ 100 req/s, p95 < 300 ms, 0 errors",
                    f"{row['req_per_s']} req/s, p95 {row['p95_ms']} ms, {row['errors']} errors",
                    verdict(ok),
                ]
            )
        if row["clients"] == 64:
            rows.append(
                [
                    f"64 clients, {row['worker_class']}"
                    + (f", database +{fmt(delay, 0)} ms" if delay else "")
                    + ": 0 errors",
                    f"{row['errors']} errors",
                    verdict(row["errors"] == 0),
                ]
            )
    largest_delay = max((r["delay_ms"] for r in results["latency"]), default=None)
    for row in results["latency"]:
        if row["delay_ms"] == largest_delay and row["case"] == "page":
            wall, slowest, total = (
                row["median_loader_wall_ms"],
                row["median_loader_slowest_ms"],
                row["median_loader_sum_ms"],
            )
            if row["loaders"] == "offloaded":
                rows.append(
                    [
                        f"+{fmt(row['delay_ms'], 0)} ms DB latency, offloaded: "
                        "loader phase ≤ 1.5x the slowest loader",
                        f"{wall:.1f} ms = {wall / slowest:.1f}x {slowest:.1f} ms",
                        verdict(wall <= 1.5 * slowest),
                    ]
                )
            else:
                rows.append(
                    [
                        f"+{fmt(row['delay_ms'], 0)} ms DB latency, blocking (reference): "
                        "loader phase = their sum",
                        f"{wall:.1f} ms, sum {total:.1f} ms",
                        "–",
                    ]
                )
    return rows


def targets_markdown(results: dict) -> str:
    return "## Targets\n\n" + _table(["target", "measured", ""], _targets(results))


# --- markdown ----------------------------------------------------------------------------


def _markdown(results: dict, plotted: dict[str, str], out: Path) -> str:
    meta = results["meta"]
    args = meta["args"]
    readme = os.path.relpath(Path(__file__).parent / "README.md", out)
    parts = [
        "# Boxes view benchmark\n",
        f"{meta['started']}, commit {meta['commit']}"
        + (" with uncommitted changes" if meta["uncommitted_changes"] else "")
        + f"; {meta['machine']}; Python {meta['python']}; took {meta.get('minutes')} min; "
        f"1-minute load average {meta.get('load_average_at_start')} at the start, "
        f"{meta.get('load_average_at_end')} at the end (anything else running on the machine "
        "shows up in every number).\n",
        f"{'Quick run' if args['quick'] else 'Full run'}: {args['repeat']} measured requests "
        f"per case after one warm-up; {args['duration']} s per load point. Document: "
        f"{meta['document']} (BoxesForBoxesView), base 1, a coordinator. Cases: `page` = "
        "the first 50 InStock boxes, `full` = the InStock preload (`paginationInput: "
        "100000`). Times in ms, medians unless marked. What each number means: "
        f"[profiling/README.md]({readme}).\n",
        targets_markdown(results),
    ]
    parts.append(_requests_markdown(results, plotted))
    parts.append(_breakdown_markdown(results, plotted))
    parts.append(_load_markdown(results, plotted))
    parts.append(_latency_markdown(results, plotted))
    if results["server_errors"]:
        parts.append(
            "## Server errors\n\nA server log held a traceback in: "
            + ", ".join(e.get("section", "?") for e in results["server_errors"])
            + " (the logs are in `server_errors` in report.json).\n"
        )
    return "\n".join(parts)


def _image(plotted, key) -> str:
    return f"\n![{key}]({plotted[key]})\n" if key in plotted else ""


def _requests_markdown(results, plotted) -> str:
    if not results["requests"]:
        return ""
    databases = {d["boxes"]: d for d in results["databases"]}
    rows = []
    for case in ("page", "full"):
        for n in sorted({r["boxes"] for r in results["requests"]}):
            http = request_row(results, n, case, "http") or {}
            local = request_row(results, n, case, "in-process") or {}
            fl = floor_row(results, n, case) or {}
            memory = memory_row(results, n) or {}
            base = databases.get(n, {})
            ratio = (
                http["median_client_ms"] / fl["floor_ms"] if http and fl.get("floor_ms") else None
            )
            rows.append(
                [
                    case,
                    n,
                    base.get("boxes_in_base"),
                    http.get("median_rows"),
                    local.get("median_client_ms"),
                    http.get("median_client_ms"),
                    http.get("p95_client_ms"),
                    fl.get("sql_ms"),
                    fl.get("json_ms"),
                    fl.get("floor_ms"),
                    f"{ratio:.1f}x" if ratio else "–",
                    (memory.get(f"after_{case}") or {}).get("peak_mb"),
                ]
            )
    header = [
        "case",
        "N",
        "boxes in base",
        "rows",
        "in-process",
        "HTTP",
        "HTTP p95",
        "floor SQL",
        "floor JSON",
        "floor",
        "HTTP / floor",
        "worker peak MB",
    ]
    return (
        "## Request time by number of boxes\n\n"
        "`N` boxes created in base 1 by the demo generator (at least its minimum of 60); "
        "`boxes in base` are those not deleted now in base 1; `rows` the elements returned. "
        "`worker peak MB` is the worker's VmHWM after that case's requests.\n\n"
        + _table(header, rows)
        + _image(plotted, "latency")
    )


def _breakdown_markdown(results, plotted) -> str:
    http = [r for r in results["requests"] if r["mode"] == "http"]
    if not http:
        return ""
    rows = []
    for r in sorted(http, key=lambda r: (r["case"], r["boxes"])):
        exec_ms, busy = r.get("median_exec_ms"), r.get("median_loop_busy_ms")
        rows.append(
            [
                r["case"],
                r["boxes"],
                r["median_client_ms"],
                r.get("median_server_total_ms"),
                r.get("median_auth_ms"),
                exec_ms,
                busy,
                exec_ms - busy if exec_ms is not None and busy is not None else None,
                r.get("median_sql_count"),
                r.get("median_sql_ms"),
                r.get("median_pool_ms"),
                r.get("median_loader_count"),
                r.get("median_loader_wall_ms"),
                r.get("median_loop_stall_ms"),
                r.get("median_json_ms"),
            ]
        )
    header = [
        "case",
        "N",
        "client",
        "server total",
        "auth",
        "exec",
        "exec: loop busy",
        "exec: waiting",
        "SQL statements",
        "SQL",
        "pool",
        "loader batches",
        "loader phase",
        "longest loop stall",
        "JSON",
    ]
    text = (
        "## Where the time goes (HTTP, one gevent worker)\n\n"
        "`exec` = GraphQL execution (parse, validate, resolvers, loaders); of it, `loop busy` "
        "= the event loop running Python (resolvers, graphql-core), `waiting` = the loop "
        "parked while DB threads ran queries and built rows. `SQL` = summed time of the "
        "statements in the driver (overlapping statements count each); `pool` = summed time "
        "taking and returning pooled connections (the pool may ping, roll back or connect "
        "then). `loader phase` = "
        "wall time with at least one loader batch in flight. `longest loop stall` = the "
        "longest stretch the loop ran without looking at I/O.\n\n" + _table(header, rows)
    )
    n = largest_boxes(results)
    full = request_row(results, n, "full", "http")
    if full and full.get("median_breakdown"):
        breakdown = full["median_breakdown"]
        batch_rows = [
            [b["name"], b["size"], b["at_ms"], b["ms"]]
            for b in sorted(breakdown["loaders"]["batches"], key=lambda b: b["at_ms"])
        ]
        statement_rows = [
            [s["at_ms"], s["ms"], "`" + s["sql"][:90].replace("|", "\\|") + "…`"]
            for s in sorted(breakdown["sql"]["statements"], key=lambda s: s["at_ms"])
        ]
        text += (
            f"\nThe median full-list request at N={n:,} (ms from the start of the request):\n\n"
            + _table(["loader", "keys", "started at", "took"], batch_rows)
            + "\n"
            + _table(["started at", "took", "statement"], statement_rows)
        )
    return text + _image(plotted, "breakdown")


def workers_label(row: dict) -> str:
    count = row.get("workers", 1)
    return "one worker" if count == 1 else f"{count} workers"


def _load_markdown(results, plotted) -> str:
    if not results["load"]:
        return ""
    n = results["load"][0]["boxes"]
    rows = [
        [
            fmt(r.get("delay_ms", 0), 0),
            r["worker_class"],
            r["clients"],
            r["requests"],
            r["req_per_s"],
            r["p50_ms"],
            r["p95_ms"],
            r["p99_ms"],
            r["errors"],
            r.get("pool_in_use_after"),
            r.get("peak_mb"),
            r.get("cpu_ms_per_request_app"),
            r.get("cpu_ms_per_request_database"),
            r.get("cpu_ms_per_request_load_generator"),
        ]
        for r in results["load"]
    ]
    args = results["meta"]["worker_args"]
    return (
        f"## Worker classes under closed-loop load (page of 50, N={n:,})\n\n"
        f"{workers_label(results['load'][0]).capitalize()} per class, SERVER_TIMING off (as in "
        "production); each client sends its next "
        "request when the last one is answered (keep-alive). Worker arguments: "
        + (", ".join(f"{k}: `{v}`" for k, v in args.items()) or "none")
        + ". `+ms`: database round-trip latency added by profiling/delay_proxy.py. The "
        "load generator shares the machine's CPUs with the server. `CPU ms/req`: CPU time "
        "(user + system) per answered request of the app's workers, of the local database "
        "server and of the load generator, over the load point; the machine has "
        f"{results['meta'].get('cpus', 2)} CPUs, so together they bound the throughput at "
        "about CPUs × 1,000 / their sum.\n\n"
        + _table(
            [
                "+ms",
                "worker",
                "clients",
                "requests",
                "req/s",
                "p50",
                "p95",
                "p99",
                "errors",
                "pool in use after",
                "worker peak MB",
                "CPU ms/req: app",
                "database",
                "load generator",
            ],
            rows,
        )
        + _image(plotted, "throughput")
    )


def _latency_markdown(results, plotted) -> str:
    if not results["latency"]:
        return ""
    n = results["latency"][0]["boxes"]
    rows = []
    for r in results["latency"]:
        wall, slowest = r.get("median_loader_wall_ms"), r.get("median_loader_slowest_ms")
        rows.append(
            [
                fmt(r["delay_ms"], 0),
                r["measured_delay_ms"],
                r["loaders"],
                r["case"],
                r["median_client_ms"],
                r.get("median_loader_count"),
                wall,
                r.get("median_loader_sum_ms"),
                slowest,
                f"{wall / slowest:.1f}x" if wall and slowest else "–",
                r.get("median_loop_stall_ms"),
            ]
        )
    text = (
        f"## Loaders blocking vs offloaded, with database latency (N={n:,})\n\n"
        "`blocking` runs each loader batch on the event loop's thread, as the original did "
        "(benchmark-only: `profiling/blocking_loaders.py`); `offloaded` is the design. The "
        "latency is added to every database round trip by profiling/delay_proxy.py (0 = "
        "direct connection); `measured` is the extra time of a `SELECT 1` through it.\n\n"
        "In-process, one request at a time:\n\n"
        + _table(
            [
                "+ms",
                "measured",
                "loaders",
                "case",
                "request",
                "batches",
                "loader phase",
                "sum of batches",
                "slowest batch",
                "phase / slowest",
                "longest loop stall",
            ],
            rows,
        )
    )
    if results["latency_load"]:
        load_rows = [
            [
                fmt(r["delay_ms"], 0),
                r["loaders"],
                r["clients"],
                r["req_per_s"],
                r["p50_ms"],
                r["p95_ms"],
                r["p99_ms"],
                r["errors"],
            ]
            for r in results["latency_load"]
        ]
        text += "\nOver HTTP, one gevent worker, page of 50 under closed-loop load:\n\n" + _table(
            ["+ms", "loaders", "clients", "req/s", "p50", "p95", "p99", "errors"], load_rows
        )
    return text + _image(plotted, "loaders")


# --- plots -------------------------------------------------------------------------------


if __name__ == "__main__":
    raw = Path(sys.argv[1])
    results = orjson.loads(raw.read_bytes())
    path = write(results, raw.parent)
    print(f"wrote {path}")
    print(targets_markdown(results))
