"""The dashboard's statistics side by side with the original back-end, on the dev seed
grown to 10,000 and 100,000 boxes in base 1 (Lesvos).

    .venv/bin/python profiling/bench_statistics.py --original-port 5401 \\
        --private-key /tmp/keys/priv.pem --public-key /tmp/keys/pub.pem [--boxes 10000 100000]

For each size, a database `bench_statistics_<boxes>` is loaded from the dev seed and
grown (kept for the next run; --regrow to build it again): base 1's boxes are copied
until the base holds that many boxes, each copy with its template's history rows
(creation, state changes, moves, items and product changes: movedBoxes reads them)
and tags, its dates moved back by 0-4 months so that the facts spread over more days.
Then our server (gunicorn.conf.py, one gevent worker) and the original
(/work/shared/original-backend/original.sh, one sync worker, 15-minute timeout) serve
it, and every frontend statistics operation is sent to each, one at a time, as the
coordinator of base 1: a warm-up, then --repeat timed requests (fewer for the
original where one takes over a minute). Answers are compared (the target dimension
as a set); the table gives medians and the ratio original/ours.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import jwt
import pymysql
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from profiling.harness import REFERENCE, REPO, RESULTS, GunicornServer  # noqa: E402

ORIGINAL_SH = Path("/work/shared/original-backend/original.sh")
ORIGINAL_DIR = Path("/tmp/original")
OPERATIONS = (
    "createdBoxes",
    "movedBoxes",
    "stockOverview",
    "BeneficiaryDemographics",
    "BeneficiaryFigures",
    "BeneficiaryReach",
    "dashboardInfo",
    "DashboardFilterData",
)
MONTH_SHIFTS = 5  # copies' dates moved back by 0..4 months


def mysql() -> dict:
    return dict(
        host=os.environ.get("MYSQL_HOST", "127.0.0.1"),
        port=int(os.environ.get("MYSQL_PORT", "3306")),
        user=os.environ.get("MYSQL_USER", "root"),
        password=os.environ.get("MYSQL_PASSWORD", ""),
    )


def connect(database: str | None = None):
    conn = pymysql.connect(**mysql(), database=database, autocommit=True)
    with conn.cursor() as cursor:
        cursor.execute("SET time_zone = '+00:00', sql_mode = 'NO_AUTO_VALUE_ON_ZERO'")
    return conn


def load_seed(name: str) -> None:
    with connect() as conn, conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    m = mysql()
    command = ["mysql", f"-h{m['host']}", f"-P{m['port']}", f"-u{m['user']}"]
    if m["password"]:
        command.append(f"-p{m['password']}")
    with (REFERENCE / "dropapp-dev-seed.sql").open("rb") as sql:
        subprocess.run([*command, name], stdin=sql, check=True)


GROW = [
    "DROP TABLE IF EXISTS bench_template, bench_copy",
    # The base's boxes, numbered from 0.
    "CREATE TABLE bench_template (PRIMARY KEY (rn)) AS"
    " SELECT ROW_NUMBER() OVER (ORDER BY s.id) - 1 AS rn, s.id AS template_id"
    " FROM stock s JOIN locations l ON l.id = s.location_id WHERE l.camp_id = 1",
    # Copy n of template n mod T, with a new id and label, months back by its round.
    "CREATE TABLE bench_copy (PRIMARY KEY (n)) AS"
    " SELECT q.seq AS n, @first + q.seq AS new_id, t.template_id,"
    f" ((q.seq DIV @templates) MOD {MONTH_SHIFTS}) * 30 AS shift"
    " FROM seq_1_to_{copies} q JOIN bench_template t ON t.rn = q.seq MOD @templates",
    "INSERT INTO stock (id, box_id, product_id, size_id, weight_display_unit_id, weight,"
    " monetary_value, display_unit_id, measure_value, items, location_id, comments, created,"
    " created_by, modified, modified_by, deleted, box_state_id)"
    " SELECT c.new_id, CONCAT('B', LPAD(c.n, 9, '0')), s.product_id, s.size_id,"
    " s.weight_display_unit_id, s.weight, s.monetary_value, s.display_unit_id,"
    " s.measure_value, s.items, s.location_id, s.comments, s.created - INTERVAL c.shift DAY,"
    " s.created_by, s.modified - INTERVAL c.shift DAY, s.modified_by, s.deleted,"
    " s.box_state_id FROM bench_copy c JOIN stock s ON s.id = c.template_id ORDER BY c.n",
    "INSERT INTO history (tablename, record_id, changes, user_id, ip, changedate, from_int,"
    " to_int, from_float, to_float)"
    " SELECT h.tablename, c.new_id, h.changes, h.user_id, h.ip,"
    " h.changedate - INTERVAL c.shift DAY, h.from_int, h.to_int, h.from_float, h.to_float"
    " FROM bench_copy c JOIN history h ON h.record_id = c.template_id AND h.tablename = 'stock'"
    " ORDER BY c.n, h.id",
    "INSERT INTO tags_relations (object_id, object_type, tag_id, created_on, created_by_id,"
    " deleted_on, deleted_by_id)"
    " SELECT c.new_id, tr.object_type, tr.tag_id, tr.created_on - INTERVAL c.shift DAY,"
    " tr.created_by_id, tr.deleted_on, tr.deleted_by_id"
    " FROM bench_copy c JOIN tags_relations tr"
    " ON tr.object_id = c.template_id AND tr.object_type = 'Stock' ORDER BY c.n, tr.id",
    "DROP TABLE bench_template, bench_copy",
    "ANALYZE TABLE stock, history, tags_relations",
]


def boxes_in_base(conn) -> int:
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM stock s JOIN locations l ON l.id = s.location_id"
            " WHERE l.camp_id = 1"
        )
        return cursor.fetchone()[0]


def grown_database(boxes: int, regrow: bool) -> str:
    name = f"bench_statistics_{boxes}"
    with connect() as conn, conn.cursor() as cursor:
        cursor.execute("SHOW DATABASES LIKE %s", (name,))
        exists = cursor.fetchone() is not None
    if exists and not regrow:
        with connect(name) as conn:
            if boxes_in_base(conn) == boxes:
                return name
    started = time.monotonic()
    load_seed(name)
    with connect(name) as conn, conn.cursor() as cursor:
        copies = boxes - boxes_in_base(conn)
        cursor.execute("SELECT MAX(id) FROM stock")
        cursor.execute("SET @first = %s", (cursor.fetchone()[0],))
        cursor.execute(
            "SET @templates = (SELECT COUNT(*) FROM stock s JOIN locations l"
            " ON l.id = s.location_id WHERE l.camp_id = 1)"
        )
        for statement in GROW:
            cursor.execute(statement.replace("{copies}", str(copies)))
        assert boxes_in_base(conn) == boxes
        cursor.execute("SELECT COUNT(*) FROM history")
        history = cursor.fetchone()[0]
    print(
        f"{name}: {boxes} boxes in base 1, {history} history rows, grown in "
        f"{time.monotonic() - started:.0f}s",
        flush=True,
    )
    return name


# --- requests ----------------------------------------------------------------------------


def frontend_documents() -> dict[str, tuple[str, dict]]:
    """operation -> (document as Apollo sends it, variables for base 1)."""
    entries = {
        e["name"]: e for e in json.loads((REFERENCE / "frontend-operations.json").read_text())
    }
    documents = {}
    for name in OPERATIONS:
        entry = entries[name]
        variables = {}
        for variable in entry["variables"]:
            variables[variable["name"]] = "1" if variable["type"].startswith("ID") else 1
        documents[name] = (entry["wire_document"], variables)
    return documents


def coordinator_claims() -> dict:
    # User 8 of the seed, as the compat suite records it (tests/compat/users.py).
    cases = json.loads((REPO / "tests/compat/cases/createdBoxes.json").read_text())
    return cases["users"]["coordinator"]


class Client:
    def __init__(self, url: str, private_key: str, claims: dict):
        self.url = url
        self.session = requests.Session()
        now = int(time.time())
        token = jwt.encode({**claims, "iat": now, "exp": now + 6 * 3600}, private_key, "RS256")
        self.headers = {"Authorization": f"Bearer {token}"}

    def send(self, document: str, name: str, variables: dict) -> tuple[float, dict]:
        body = {"operationName": name, "query": document, "variables": variables}
        started = time.perf_counter()
        response = self.session.post(self.url, json=body, headers=self.headers, timeout=1800)
        elapsed = time.perf_counter() - started
        response.raise_for_status()
        return elapsed, response.json()


def comparable(answer: dict) -> dict:
    moved = (answer.get("data") or {}).get("movedBoxes")
    if moved and moved.get("dimensions") and moved["dimensions"].get("target"):
        targets = moved["dimensions"]["target"]
        moved["dimensions"]["target"] = sorted(targets, key=lambda t: json.dumps(t, sort_keys=True))
    return answer


def timed(client: Client, name: str, document: str, variables: dict, repeat: int):
    elapsed, answer = client.send(document, name, variables)  # warm-up
    first = elapsed
    times = [] if elapsed < 60 else [elapsed]  # a request over a minute counts once
    while len(times) < repeat and (not times or times[0] < 60):
        elapsed, answer = client.send(document, name, variables)
        times.append(elapsed)
    return times, comparable(answer), first


def first_difference(expected, actual, path="") -> str | None:
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(expected.keys() | actual.keys()):
            found = first_difference(expected.get(key), actual.get(key), f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return f"{path}: {len(actual)} items, expected {len(expected)}"
        for index, (e, a) in enumerate(zip(expected, actual, strict=True)):
            found = first_difference(e, a, f"{path}[{index}]")
            if found:
                return found
        return None
    return (
        None
        if expected == actual
        else f"{path}: {str(actual)[:200]}, expected {str(expected)[:200]}"
    )


class Original:
    def __init__(self, port: int, database: str, public_key: Path):
        self.command = [
            str(ORIGINAL_SH),
            "serve",
            str(ORIGINAL_DIR),
            str(port),
            database,
            str(public_key),
            "-w",
            "1",
            "-t",
            "900",
        ]
        self.port = port

    def port_open(self) -> bool:
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", self.port)) == 0

    def __enter__(self):
        if self.port_open():
            raise RuntimeError(f"port {self.port} is taken: stop what serves there first")
        self.process = subprocess.Popen(
            self.command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(100):
            try:
                requests.get(f"http://127.0.0.1:{self.port}/", timeout=5)
                return self
            except requests.RequestException:
                time.sleep(0.5)
        raise RuntimeError("the original did not start")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=60)
        for _ in range(120):  # the workers may outlive the arbiter briefly
            if not self.port_open():
                return
            time.sleep(0.5)
        raise RuntimeError(f"the original still answers on port {self.port}")


def bench(boxes: int, args) -> list[dict]:
    database = grown_database(boxes, args.regrow)
    private_key = args.private_key.read_text()
    claims = coordinator_claims()
    documents = frontend_documents()
    if args.operations:
        documents = {name: documents[name] for name in args.operations}
    env = {
        **{k: str(v) for k, v in mysql().items() if k != "user" and k != "password"},
        "MYSQL_HOST": mysql()["host"],
        "MYSQL_PORT": str(mysql()["port"]),
        "MYSQL_USER": mysql()["user"],
        "MYSQL_PASSWORD": mysql()["password"],
        "MYSQL_DB": database,
        "AUTH0_PUBLIC_KEY": args.public_key.read_text(),
        "ENVIRONMENT": "development",
        # The Boxes view's budget would refuse nothing here; the answers are a few MB.
        "GRAPHQL_MAX_ANSWER_BYTES": str(100_000_000),
    }
    results = {}
    with GunicornServer(env, workers=1) as ours:
        client = Client(f"http://127.0.0.1:{ours.port}/graphql", private_key, claims)
        for name, (document, variables) in documents.items():
            results[name] = {"ours": timed(client, name, document, variables, args.repeat)}
            print(f"{boxes} ours {name}: {results[name]['ours'][0]}", flush=True)
    with Original(args.original_port, database, args.public_key):
        client = Client(f"http://127.0.0.1:{args.original_port}/graphql", private_key, claims)
        for name, (document, variables) in documents.items():
            results[name]["original"] = timed(client, name, document, variables, args.repeat)
            print(f"{boxes} original {name}: {results[name]['original'][0]}", flush=True)
    rows = []
    for name, found in results.items():
        ours_times, ours_answer, ours_first = found["ours"]
        original_times, original_answer, _ = found["original"]
        if ours_answer != original_answer:
            print(
                f"{boxes} {name}: answers differ at "
                f"{first_difference(original_answer, ours_answer)}"
            )
        ours_ms = statistics.median(ours_times) * 1000
        original_ms = statistics.median(original_times) * 1000
        rows.append(
            {
                "boxes": boxes,
                "operation": name,
                "ours_ms": round(ours_ms, 1),
                # the first request of a fresh server: nothing kept (db/change_cache.py)
                "ours_first_ms": round(ours_first * 1000, 1),
                "original_ms": round(original_ms, 1),
                "ratio": round(original_ms / ours_ms, 1),
                "same_answer": ours_answer == original_answer,
                "answer_bytes": len(json.dumps(ours_answer)),
                "runs": [len(ours_times), len(original_times)],
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--boxes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--original-port", type=int, default=5401)
    parser.add_argument("--private-key", type=Path, required=True)
    parser.add_argument("--public-key", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--regrow", action="store_true")
    parser.add_argument("--operations", nargs="+", choices=OPERATIONS, help="only these")
    parser.add_argument("--grow-only", action="store_true")
    args = parser.parse_args(argv)
    if args.grow_only:
        for boxes in args.boxes:
            grown_database(boxes, args.regrow)
        return 0
    rows = [row for boxes in args.boxes for row in bench(boxes, args)]
    lines = [
        "| boxes | operation | ours (median ms) | original (median ms) | original/ours |"
        " ours, first request (ms) | same answer | answer bytes |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['boxes']:,} | {r['operation']} | {r['ours_ms']:,} | {r['original_ms']:,} |"
            f" {r['ratio']} | {r['ours_first_ms']:,} | {'yes' if r['same_answer'] else 'NO'} |"
            f" {r['answer_bytes']:,} |"
        )
    table = "\n".join(lines)
    print(table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "statistics.md").write_text(
        "# Statistics: ours and the original (profiling/bench_statistics.py)\n\n" + table + "\n"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
