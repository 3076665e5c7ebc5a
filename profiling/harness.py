"""Pieces the benchmark (profiling/run.py) and the concurrency test share: a real
gunicorn server on a scratch database, the worker's peak memory, the database delay
proxy, tokens, and a closed-loop load generator.

Run the benchmark from the repo root with the virtualenv's python, e.g.
    .venv/bin/python profiling/run.py --quick
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# ../shared/reference next to the checkout, or where BOXTRIBUTE_REFERENCE_DIR says.
REFERENCE = Path(os.environ.get("BOXTRIBUTE_REFERENCE_DIR") or REPO.parent / "shared" / "reference")
RESULTS = REPO / "profiling" / "results"
sys.path.insert(0, str(REPO / "back"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class GunicornServer:
    """`gunicorn -c gunicorn.conf.py` from the repo root (or another `checkout` of
    it), with only env settings (`extra_args`, e.g. "--threads 16", go in through
    GUNICORN_CMD_ARGS)."""

    def __init__(
        self,
        env: dict[str, str],
        *,
        workers: int = 1,
        worker_class: str = "gevent",
        extra_args: str = "",
        checkout: Path = REPO,
        app: str | None = None,
    ):
        self.checkout = checkout
        # A WSGI app other than gunicorn.conf.py's (e.g. profiling.blocking_loaders:app).
        self.app = app
        self.port = free_port()
        self.env = {
            **os.environ,
            **env,
            "PORT": str(self.port),
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_WORKER_CLASS": worker_class,
        }
        if extra_args:
            self.env["GUNICORN_CMD_ARGS"] = extra_args
        self.process: subprocess.Popen | None = None
        self.output = ""
        # A file, not a pipe: a long run's log must never fill a pipe and stall gunicorn.
        self._log = tempfile.TemporaryFile()

    def __enter__(self) -> GunicornServer:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", *filter(None, [self.app])],
            cwd=self.checkout,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                if self.request("GET", "/health")[0] == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                self.process.wait()
                raise RuntimeError(f"gunicorn did not start:\n{self._read_log()}")
            time.sleep(0.1)

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.output = self._read_log()
        self._log.close()

    def log(self) -> str:
        """What gunicorn and its workers have written so far."""
        return (
            self._read_log() if self.process is not None and not self._log.closed else self.output
        )

    def _read_log(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace")

    def worker_pids(self) -> list[int]:
        """The worker processes: the gunicorn master's children."""
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in children]

    def worker_memory_mb(self) -> dict[str, float]:
        """Resident memory of the (largest) worker now, and its peak so far (VmHWM)."""
        current = peak = 0.0
        for pid in self.worker_pids():
            status = _proc_status(pid)
            current = max(current, status.get("VmRSS", 0.0))
            peak = max(peak, status.get("VmHWM", 0.0))
        return {"rss_mb": round(current, 1), "peak_mb": round(peak, 1)}

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        connection = self.connection()
        try:
            connection.request(method, path, body, headers or {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def pool(self) -> dict:
        return json.loads(self.request("GET", "/health")[1])["pool"]


def cpu_seconds(pids: list[int]) -> float:
    """CPU time (user + system) the processes have used so far; gone ones count 0."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def database_server_pids() -> list[int]:
    """The local MariaDB/MySQL server processes (none when the database is remote)."""
    pids = []
    for status in Path("/proc").glob("[0-9]*/comm"):
        try:
            if status.read_text().strip() in ("mariadbd", "mysqld"):
                pids.append(int(status.parent.name))
        except OSError:
            continue
    return pids


class CpuMeter:
    """CPU used per answered request by the app's processes (`app_pids`: a server's
    workers, or this process for an in-process app), the local database server and,
    when the app runs elsewhere, this process (the load generator), over a `with`
    block."""

    def __init__(self, app_pids: list[int]):
        self.groups = {"app": app_pids, "database": database_server_pids()}
        if os.getpid() not in app_pids:
            self.groups["load generator"] = [os.getpid()]
        self.used: dict[str, float] = {}

    def __enter__(self) -> CpuMeter:
        self._start = {name: cpu_seconds(pids) for name, pids in self.groups.items()}
        return self

    def __exit__(self, *exc) -> None:
        for name, pids in self.groups.items():
            self.used[name] = cpu_seconds(pids) - self._start[name]

    def ms_per_request(self, requests: int) -> dict[str, float]:
        return {
            f"cpu_ms_per_request_{name.replace(' ', '_')}": round(
                seconds * 1000 / max(requests, 1), 1
            )
            for name, seconds in self.used.items()
        }


def _proc_status(pid: int) -> dict[str, float]:
    """Memory lines of /proc/<pid>/status, in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key.startswith("Vm") and value.strip().endswith("kB"):
            values[key] = int(value.split()[0]) / 1024
    return values


class DelayProxy:
    """profiling/delay_proxy.py in a process of its own (so that its threads do not
    compete for the measured process's GIL), in front of the database of `env`."""

    def __init__(self, env: dict[str, str], delay_ms: float):
        self.target = f"{env.get('MYSQL_HOST', '127.0.0.1')}:{env.get('MYSQL_PORT', '3306')}"
        self.delay_ms = delay_ms
        self.port: int | None = None
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> DelayProxy:
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "profiling" / "delay_proxy.py")]
            + ["--target", self.target, "--delay-ms", str(self.delay_ms)],
            stdout=subprocess.PIPE,
            text=True,
        )
        line = self.process.stdout.readline()
        if not line.startswith("listening on"):
            self.process.kill()
            raise RuntimeError(f"delay proxy did not start: {line!r}")
        self.port = int(line.rsplit(":", 1)[1])
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)

    def env(self, env: dict[str, str]) -> dict[str, str]:
        """`env` with the database reached through this proxy."""
        return {**env, "MYSQL_HOST": "127.0.0.1", "MYSQL_PORT": str(self.port)}


def graphql_body(query: str, variables: dict | None = None) -> bytes:
    return json.dumps({"query": query, "variables": variables or {}}).encode()


def graphql_headers(token: str) -> dict[str, str]:
    return {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}


def post_graphql(connection: http.client.HTTPConnection, body: bytes, token: str):
    connection.request("POST", "/graphql", body, graphql_headers(token))
    response = connection.getresponse()
    return response.status, json.loads(response.read())


def post_graphql_raw(
    connection: http.client.HTTPConnection, body: bytes, headers: dict[str, str]
) -> tuple[int, bytes, float]:
    """One request on a kept-alive connection: status, raw body, and the seconds until
    the whole body has arrived (decoding it is the caller's business, untimed)."""
    started = time.perf_counter()
    connection.request("POST", "/graphql", body, headers)
    response = connection.getresponse()
    raw = response.read()
    return response.status, raw, time.perf_counter() - started


@dataclass
class LoadResult:
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    def summary(self) -> dict:
        return {
            "clients": self.clients,
            "seconds": round(self.seconds, 2),
            "requests": self.requests,
            "errors": self.errors,
            "req_per_s": round(self.requests / self.seconds, 1),
            "p50_ms": round(self.percentile(50) * 1000, 1),
            "p95_ms": round(self.percentile(95) * 1000, 1),
            "p99_ms": round(self.percentile(99) * 1000, 1),
            "mean_ms": round(statistics.fmean(self.latencies) * 1000, 1)
            if self.latencies
            else None,
        }


def closed_loop(
    server: GunicornServer,
    clients: int,
    seconds: float,
    request_for: Callable[[int], tuple[bytes, str]],
    is_ok: Callable[[int, dict], bool] = lambda status, answer: (
        status == 200 and "errors" not in answer
    ),
) -> LoadResult:
    """`clients` threads, each sending its next request as soon as the last answered
    (keep-alive connection), for `seconds`. `request_for(client)` -> (body, token)."""
    result = LoadResult(clients, seconds)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(index: int) -> None:
        connection = server.connection()
        body, token = request_for(index)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                status, answer = post_graphql(connection, body, token)
                ok = is_ok(status, answer)
            except (OSError, http.client.HTTPException, ValueError):
                connection.close()
                connection = server.connection()
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    result.latencies.append(elapsed)
                else:
                    result.errors += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - started
    return result


# Used where ../shared (the frontend corpus) is absent: our own query of the same
# shape as the frontend's Boxes view (BoxesForBoxesView).
OWN_BOXES_VIEW_QUERY = """
query BoxesForBoxesView($baseId: ID!, $filterInput: FilterBoxInput, $paginationInput: Int) {
  boxes(baseId: $baseId, filterInput: $filterInput, paginationInput: {first: $paginationInput}) {
    totalCount
    pageInfo { hasNextPage }
    elements {
      id
      labelIdentifier
      product { id name type gender deletedOn category { id name } }
      numberOfItems
      size { id label }
      weight
      monetaryValue
      weightDisplayUnit { symbol }
      state
      location { id name base { monetaryCurrencyCode } }
      tags { id name color description type deletedOn createdOn lastModifiedOn lastUsedOn }
      shipmentDetail { id shipment { id labelIdentifier } }
      qrCode { code }
      comment
      createdOn
      lastModifiedOn
      deletedOn
      createdBy { id name }
      lastModifiedBy { id name }
    }
  }
}
"""


def frontend_document(name: str) -> str | None:
    """The document the frontend sends for operation `name`, if ../shared is here."""
    corpus = REFERENCE / "frontend-operations.json"
    if not corpus.is_file():
        return None
    operations = json.loads(corpus.read_text())
    return next((op["wire_document"] for op in operations if op["name"] == name), None)


def boxes_view_query() -> str:
    return frontend_document("BoxesForBoxesView") or OWN_BOXES_VIEW_QUERY


@dataclass
class Keys:
    """A throw-away signing key pair; the server gets the public half by env."""

    private_pem: str
    public_pem: str

    def token(self, **user) -> str:
        from boxtribute_api.cli.dev_token.signing import mint_token
        from boxtribute_api.config import Settings

        return mint_token(private_key=self.private_pem, settings=Settings.from_env({}), **user)


def throwaway_keys() -> Keys:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public_pem = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return Keys(private_pem, public_pem)


@contextmanager
def scratch_database(existing: str | None = None, *, boxes: int = 1000, show_progress=False):
    """Env settings of a database with demo data (`boxes` in base 1), dropped after
    use; or of `existing`, left as it is."""
    import pymysql

    from boxtribute_api.config import Settings
    from boxtribute_api.demo_world.writer import generate_demo_database

    env = {
        key: os.environ[key]
        for key in ("MYSQL_HOST", "MYSQL_PORT", "MYSQL_USER", "MYSQL_PASSWORD")
        if key in os.environ
    }
    if existing:
        yield {**env, "MYSQL_DB": existing}
        return
    name = f"boxtribute_bench_{os.getpid()}"
    settings = Settings.from_env({**env, "MYSQL_DB": name})
    admin = pymysql.connect(
        host=settings.database.host,
        port=settings.database.port,
        user=settings.database.user,
        password=settings.database.password,
        autocommit=True,
    )
    with admin.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    try:
        generate_demo_database(settings, boxes_in_main_base=boxes, show_progress=show_progress)
        yield {**env, "MYSQL_DB": name}
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        admin.close()
