"""The PNG plots of the profiling report (report.py), drawn with matplotlib."""

from __future__ import annotations

from pathlib import Path

from report import floor_row, fmt, request_row, workers_label

PLOTS = {
    "latency": "latency-vs-boxes.png",
    "throughput": "throughput-vs-clients.png",
    "breakdown": "time-breakdown.png",
    "loaders": "loaders-blocking-vs-offloaded.png",
}


def draw_plots(results: dict, out: Path) -> dict[str, str]:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib missing (pip install -r profiling/requirements.txt): no plots")
        return {}
    plotted = {}
    for key, draw in (
        ("latency", _plot_latency),
        ("throughput", _plot_throughput),
        ("breakdown", _plot_breakdown),
        ("loaders", _plot_loaders),
    ):
        figure = draw(results, plt)
        if figure is not None:
            if not figure.legends:
                figure.tight_layout()
            figure.savefig(out / PLOTS[key], dpi=110)
            plt.close(figure)
            plotted[key] = PLOTS[key]
    return plotted


def _plot_latency(results, plt):
    if not results["requests"]:
        return None
    figure, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for ax, case in zip(axes, ("page", "full"), strict=True):
        sizes = sorted({r["boxes"] for r in results["requests"] if r["case"] == case})
        for mode, style in (("http", "o-"), ("in-process", "s--")):
            ys = [
                (request_row(results, n, case, mode) or {}).get("median_client_ms") for n in sizes
            ]
            ax.plot(sizes, ys, style, label=f"{mode} (median)")
        floors = [(floor_row(results, n, case) or {}).get("floor_ms") for n in sizes]
        ax.plot(sizes, floors, "^:", label="floor: raw SQL + orjson")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("boxes in base 1 (N)")
        ax.set_ylabel("ms")
        ax.set_title("page of 50" if case == "page" else "full InStock list")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    if any(r["case"] == "full" for r in results["requests"]):
        axes[1].axhline(1000, color="grey", lw=0.8)
        axes[1].text(axes[1].get_xlim()[0], 1000, " target 1 s", va="bottom", color="grey")
    return figure


def _plot_throughput(results, plt):
    if not results["load"]:
        return None
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    colours = {}
    series = dict.fromkeys((r.get("delay_ms", 0), r["worker_class"]) for r in results["load"])
    for delay, worker_class in series:
        rows = [
            r
            for r in results["load"]
            if r["worker_class"] == worker_class and r.get("delay_ms", 0) == delay
        ]
        clients = [r["clients"] for r in rows]
        label = worker_class + (f", DB +{fmt(delay, 0)} ms" if delay else "")
        style = "o-" if not delay else "s--"
        colour = colours.setdefault(worker_class, f"C{len(colours)}")
        left.plot(clients, [r["req_per_s"] for r in rows], style, color=colour, label=label)
        right.plot(clients, [r["p95_ms"] for r in rows], style, color=colour, label=label)
    all_clients = sorted({r["clients"] for r in results["load"]})
    for ax, label in ((left, "requests / s"), (right, "p95 latency, ms")):
        ax.set_xscale("log", base=2)
        ax.set_xticks(all_clients, [str(c) for c in all_clients])
        ax.set_xlabel("concurrent clients")
        ax.set_ylabel(label)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    right.set_yscale("log")
    left.set_ylim(bottom=0)
    left.set_title(f"throughput, page of 50, {workers_label(results['load'][0])}")
    right.set_title("p95 latency")
    return figure


def _plot_breakdown(results, plt):
    http = sorted(
        (r for r in results["requests"] if r["mode"] == "http"),
        key=lambda r: (r["case"], r["boxes"]),
    )
    if not http:
        return None
    labels, segments = (
        [],
        {
            "auth": [],
            "exec: loop busy (Python)": [],
            "exec: waiting on DB threads": [],
            "JSON": [],
            "outside the app (HTTP, WSGI)": [],
        },
    )
    for r in http:
        labels.append(f"{r['case']} N={r['boxes']:,}")
        auth = r.get("median_auth_ms") or 0
        exec_ms = r.get("median_exec_ms") or 0
        busy = min(r.get("median_loop_busy_ms") or 0, exec_ms)
        json_ms = r.get("median_json_ms") or 0
        server = r.get("median_server_total_ms") or 0
        segments["auth"].append(auth)
        segments["exec: loop busy (Python)"].append(busy)
        segments["exec: waiting on DB threads"].append(exec_ms - busy)
        segments["JSON"].append(json_ms)
        segments["outside the app (HTTP, WSGI)"].append(max(r["median_client_ms"] - server, 0))
    figure, axes = plt.subplots(1, 2, figsize=(12, 0.5 * len(labels) + 2))
    for ax, case in zip(axes, ("page", "full"), strict=True):
        index = [i for i, label in enumerate(labels) if label.startswith(case)]
        left = [0.0] * len(index)
        for name, values in segments.items():
            widths = [values[i] for i in index]
            ax.barh([labels[i] for i in index], widths, left=left, label=name)
            left = [a + b for a, b in zip(left, widths, strict=True)]
        ax.set_xlabel("ms (medians)")
        ax.set_title(f"where the time goes: {case}")
        ax.invert_yaxis()
    handles, names = axes[0].get_legend_handles_labels()
    figure.legend(handles, names, loc="lower center", ncol=len(names), fontsize=8)
    figure.tight_layout(rect=(0, 0.08, 1, 1))
    return figure


def _plot_loaders(results, plt):
    rows = [r for r in results["latency"] if r["case"] == "page"]
    if not rows:
        return None
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    delays = sorted({r["delay_ms"] for r in rows})
    width = 0.38
    for offset, design in ((-width / 2, "offloaded"), (width / 2, "blocking")):
        by_delay = {r["delay_ms"]: r for r in rows if r["loaders"] == design}
        xs = [i + offset for i in range(len(delays))]
        left.bar(
            xs,
            [by_delay[d]["median_loader_wall_ms"] for d in delays],
            width,
            label=f"{design}: loader phase",
        )
        left.scatter(
            xs,
            [by_delay[d]["median_loader_slowest_ms"] for d in delays],
            marker="_",
            s=400,
            color="black",
            zorder=3,
            label="slowest single batch" if design == "offloaded" else None,
        )
        load = {r["delay_ms"]: r for r in results["latency_load"] if r["loaders"] == design}
        if load:
            rates = [load[d]["req_per_s"] if d in load else 0 for d in delays]
            right.bar(xs, rates, width, label=design)
    for ax in (left, right):
        ax.set_xticks(range(len(delays)), [f"+{fmt(d, 0)} ms" for d in delays])
        ax.set_xlabel("database round-trip latency added")
        ax.legend(fontsize=8)
    left.set_ylabel("ms")
    left.set_title("one request, page of 50 (in-process)")
    right.set_ylabel("requests / s")
    right.set_title("16 clients, one gevent worker (HTTP)")
    return figure
