"""One real gunicorn gevent worker serving many Boxes-view requests at once.

The original design fails here: asyncio keeps one running loop per OS thread,
gevent runs every request of a worker in the same thread, and 69-91% of requests
failed with "asyncio.run() cannot be called from a running event loop".
"""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import os
import socket
import subprocess
import sys
import time

import pytest
from conftest import REPO, settings_for
from documents import boxes_view_query

CONCURRENT_REQUESTS = 48


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, port: int):
        self.port = port

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body, headers or {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def graphql(self, token: str, query: str, variables: dict) -> tuple[int, dict]:
        body = json.dumps({"query": query, "variables": variables}).encode()
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
        status, raw = self.request("POST", "/graphql", body, headers)
        return status, json.loads(raw)

    def pool(self) -> dict:
        return json.loads(self.request("GET", "/health")[1])["pool"]


@pytest.fixture(scope="module")
def gunicorn_gevent_worker(demo_db, keys):
    settings = settings_for(demo_db, keys)
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "MYSQL_DB": settings.database.name,
        "MYSQL_HOST": settings.database.host,
        "MYSQL_PORT": str(settings.database.port),
        "MYSQL_USER": settings.database.user,
        "MYSQL_PASSWORD": settings.database.password,
        "AUTH0_DOMAIN": settings.auth0_domain,
        "AUTH0_AUDIENCE": settings.auth0_audience,
        "AUTH0_PUBLIC_KEY": keys.public_pem,
        "ENVIRONMENT": "test",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    server = Server(port)
    deadline = time.monotonic() + 30
    while True:
        try:
            if server.request("GET", "/health")[0] == 200:
                break
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"gunicorn did not start:\n{process.stdout.read().decode()}")
        time.sleep(0.1)
    yield server
    process.terminate()
    output = process.communicate(timeout=30)[0].decode()
    assert "Traceback" not in output, output


def test_one_gevent_worker_answers_concurrent_requests_of_two_organisations_without_mixing(
    gunicorn_gevent_worker, client
):
    server = gunicorn_gevent_worker
    query = boxes_view_query()
    callers = [
        (client.token(role="coordinator", organisation_id=1, base_ids=[1], user_id=8), "1"),
        (client.token(role="coordinator", organisation_id=2, base_ids=[3], user_id=17), "3"),
    ]

    def variables(base_id):
        return {"baseId": base_id, "filterInput": {"states": ["InStock"]}, "paginationInput": 50}

    sequential = {}
    for token, base_id in callers:
        status, answer = server.graphql(token, query, variables(base_id))
        assert status == 200 and "errors" not in answer, answer
        assert answer["data"]["boxes"]["elements"], f"no boxes in base {base_id}"
        sequential[base_id] = answer

    def send(index):
        token, base_id = callers[index % 2]
        return base_id, server.graphql(token, query, variables(base_id))

    with concurrent.futures.ThreadPoolExecutor(CONCURRENT_REQUESTS) as pool:
        results = list(pool.map(send, range(CONCURRENT_REQUESTS)))

    assert [status for _, (status, _) in results] == [200] * CONCURRENT_REQUESTS
    for base_id, (_, answer) in results:
        assert answer == sequential[base_id]
    assert server.pool()["primary"]["in_use"] == 0
