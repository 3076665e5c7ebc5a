"""One real gunicorn gevent worker serving many Boxes-view requests at once.

The original design fails here: asyncio keeps one running loop per OS thread,
gevent runs every request of a worker in the same thread, and 69-91% of requests
failed with "asyncio.run() cannot be called from a running event loop".
"""

from __future__ import annotations

import concurrent.futures

import pytest

from profiling.harness import boxes_view_query, graphql_body, post_graphql
from support.client import gunicorn_for
from support.users import COORDINATOR, COORDINATOR_ORG_2

CONCURRENT_REQUESTS = 48


@pytest.fixture(scope="module")
def gunicorn_gevent_worker(demo_db, keys):
    with gunicorn_for(demo_db, keys, workers=1) as server:
        yield server


def test_one_gevent_worker_answers_concurrent_requests_of_two_organisations_without_mixing(
    gunicorn_gevent_worker, client
):
    server = gunicorn_gevent_worker
    query = boxes_view_query()
    callers = [
        (client.token(**COORDINATOR), "1"),
        (client.token(**COORDINATOR_ORG_2), "3"),
    ]

    def send(index):
        token, base_id = callers[index % 2]
        variables = {
            "baseId": base_id,
            "filterInput": {"states": ["InStock"]},
            "paginationInput": 50,
        }
        connection = server.connection()
        try:
            return base_id, post_graphql(connection, graphql_body(query, variables), token)
        finally:
            connection.close()

    sequential = dict(send(index) for index in range(2))
    for base_id, (status, answer) in sequential.items():
        assert status == 200 and "errors" not in answer, answer
        assert answer["data"]["boxes"]["elements"], f"no boxes in base {base_id}"

    with concurrent.futures.ThreadPoolExecutor(CONCURRENT_REQUESTS) as pool:
        results = list(pool.map(send, range(CONCURRENT_REQUESTS)))

    assert [status for _, (status, _) in results] == [200] * CONCURRENT_REQUESTS
    for base_id, answer in results:
        assert answer == sequential[base_id]
    assert server.pool()["primary"]["in_use"] == 0
