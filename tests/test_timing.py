"""Per-request timing (SERVER_TIMING=1): the Server-Timing header and the breakdown.

The breakdown is what profiling/ reads: every SQL statement (also those run on DB
threads by offloaded loaders), every loader batch, execution, JSON and the event
loop's longest stall.
"""

from __future__ import annotations

import threading

import pymysql.cursors
import pytest

from profiling.blocking_loaders import blocking_loaders
from profiling.harness import boxes_view_query
from support.client import GraphQLClient
from support.users import COORDINATOR

PAGE_OF_50 = {"baseId": "1", "filterInput": {"states": ["InStock"]}, "paginationInput": 50}


def post_boxes_view(client: GraphQLClient, headers: dict | None = None):
    token = client.token(**COORDINATOR)
    body = {"query": boxes_view_query(), "variables": PAGE_OF_50}
    response = client.post(body, token=token, headers=headers)
    assert response.status_code == 200, response.data
    assert "errors" not in response.get_json(), response.get_json()["errors"]
    return response


def server_timing_metrics(header: str) -> dict[str, str]:
    return {entry.split(";")[0].strip(): entry for entry in header.split(",")}


def test_with_timing_on_a_request_answers_with_a_server_timing_header(timed_client):
    response = post_boxes_view(timed_client)

    metrics = server_timing_metrics(response.headers["Server-Timing"])
    assert {"sql", "loaders", "auth", "exec", "json", "loop", "total"} <= metrics.keys()
    assert "dur=" in metrics["total"]
    assert 'statements"' in metrics["sql"]
    assert "extensions" not in response.get_json()  # the breakdown only when asked for


def test_with_timing_off_there_is_no_header_and_no_breakdown_even_when_asked(client):
    response = post_boxes_view(client, headers={"X-Debug-Timing": "1"})

    assert "Server-Timing" not in response.headers
    assert "extensions" not in response.get_json()


def test_the_breakdown_counts_every_sql_statement_also_those_of_offloaded_loaders(
    timed_client, monkeypatch
):
    # An independent count at the driver: every statement PyMySQL is given, and the
    # thread it runs on.
    executed: list[tuple[str, int]] = []
    driver_execute = pymysql.cursors.Cursor.execute

    def counting_execute(cursor, query, args=None):
        if query.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE")):
            executed.append((query, threading.get_ident()))
        return driver_execute(cursor, query, args)

    monkeypatch.setattr(pymysql.cursors.Cursor, "execute", counting_execute)
    response = post_boxes_view(timed_client, headers={"X-Debug-Timing": "1"})

    timing = response.get_json()["extensions"]["timing"]
    assert timing["sql"]["count"] == len(executed) == len(timing["sql"]["statements"])
    assert f'desc="{len(executed)} statements"' in response.headers["Server-Timing"]
    # Data access is offloaded: the statements ran on DB threads, not the request's.
    assert all(thread != threading.get_ident() for _, thread in executed)
    batch_names = {batch["name"] for batch in timing["loaders"]["batches"]}
    assert timing["loaders"]["count"] >= 5 and len(batch_names) >= 5
    assert timing["sql"]["total_ms"] > 0
    assert timing["total_ms"] >= timing["exec_ms"] > 0
    assert timing["loop"]["stretches"] > 0


def test_the_benchmark_switch_runs_loaders_on_the_loop_with_the_same_answer(timed_client):
    offloaded = post_boxes_view(timed_client, headers={"X-Debug-Timing": "1"}).get_json()
    with blocking_loaders():
        blocking = post_boxes_view(timed_client, headers={"X-Debug-Timing": "1"}).get_json()

    assert blocking["data"] == offloaded["data"]
    # Blocking loaders run one after the other: their wall time is their sum.
    batches = blocking["extensions"]["timing"]["loaders"]
    assert batches["wall_ms"] == pytest.approx(batches["sum_ms"], rel=0.01, abs=0.05)
