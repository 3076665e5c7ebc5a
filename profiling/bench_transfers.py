"""Preparing a shipment of 1,000 boxes and receiving it, over HTTP against real gunicorn.

    .venv/bin/python profiling/bench_transfers.py [--boxes 1000] [--repeat 3]
                                                  [--database EXISTING_DB] [--show-sql]

Creates a scratch demo database (unless --database names one; it is then changed),
starts gunicorn (2 gevent workers, SERVER_TIMING=1) and ships N boxes back and forth
between Lesvos (base 1) and Samos (base 3) under the demo world's accepted agreement:
create the shipment, pack the N boxes (updateShipmentWhenPreparing), send it, start
receiving, and reconcile all N (updateShipmentWhenReceiving: each box with a target
product, location, size and quantity). Each round trip returns the boxes to where they
started, so the rounds are alike.

Printed per step: the median, best and worst wall time, and the SQL statements the
server ran (from the Server-Timing breakdown). The mutations are sent twice: asking
only for the shipment's id (the mutation's own statements), and as the frontend sends
them (AssignBoxesToShipment, UpdateShipmentWhenReceiving: the answer lists all N
details with their boxes, products and sizes). --show-sql prints the statements of
one packing and one reconciliation.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from profiling.bench_bulk_mutations import database_rows  # noqa: E402
from profiling.harness import (  # noqa: E402
    GunicornServer,
    frontend_document,
    graphql_body,
    scratch_database,
    throwaway_keys,
)

AGREEMENT = 1  # the demo world's accepted agreement between organisations 1 and 2
SIDES = {1: 3, 3: 1}  # source base -> target base
WAREHOUSE_A = {1: 2, 3: 18}  # a warehouse location of each base

CREATE = """mutation ($source: Int!, $target: Int!, $agreement: Int) {
  createShipment(creationInput: {sourceBaseId: $source, targetBaseId: $target,
                 transferAgreementId: $agreement}) { id }
}"""
PACK = """mutation ($id: ID!, $labelIdentifiers: [String!]) {
  updateShipmentWhenPreparing(updateInput: {id: $id,
      preparedBoxLabelIdentifiers: $labelIdentifiers}) { id }
}"""
SEND = "mutation ($id: ID!) { sendShipment(id: $id) { id } }"
START = "mutation ($id: ID!) { startReceivingShipment(id: $id) { id } }"
DETAILS = "query ($id: ID!) { shipment(id: $id) { details { id sourceSize { id } } } }"
RECEIVE = """mutation ($id: ID!, $received: [ShipmentDetailUpdateInput!]) {
  updateShipmentWhenReceiving(updateInput: {id: $id,
      receivedShipmentDetailUpdateInputs: $received}) { id state }
}"""


def send(server, document: str, variables: dict, token: str) -> tuple[float, dict, dict]:
    """One request: (seconds, answer, the server's SQL breakdown)."""
    connection = server.connection()
    try:
        started = time.perf_counter()
        connection.request(
            "POST",
            "/graphql",
            graphql_body(document, variables),
            {
                "Content-Type": "application/json",
                "Authorization": f"Bearer {token}",
                "X-Debug-Timing": "1",
            },
        )
        response = connection.getresponse()
        raw = response.read()
        seconds = time.perf_counter() - started
        answer = json.loads(raw)
        if response.status != 200 or "errors" in answer:
            raise SystemExit(f"request failed ({response.status}): {str(answer)[:500]}")
        return seconds, answer, answer.pop("extensions")["timing"]["sql"]
    finally:
        connection.close()


def report(name: str, runs: list[tuple[float, dict, dict]], boxes: int) -> None:
    seconds = [s for s, _, _ in runs]
    sql = runs[-1][2]
    print(
        f"{name:<44} {boxes:>5} boxes  median {statistics.median(seconds) * 1000:7.1f} ms"
        f"  best {min(seconds) * 1000:7.1f}  worst {max(seconds) * 1000:7.1f}"
        f"  {sql['count']:>3} SQL statements ({sql['total_ms']:.0f} ms in SQL)"
    )


def show(name: str, sql: dict) -> None:
    print(f"\n{name}: {sql['count']} statements")
    for statement in sql["statements"]:
        print(f"  {statement['ms']:7.1f} ms  {statement['sql'][:150]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--boxes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3, help="round trips (two shipments each)")
    parser.add_argument("--database", help="use (and change) this existing database")
    parser.add_argument("--show-sql", action="store_true")
    args = parser.parse_args()

    keys = throwaway_keys()
    tokens = {
        1: keys.token(role="coordinator", organisation_id=1, base_ids=[1], user_id=8),
        3: keys.token(role="coordinator", organisation_id=2, base_ids=[3], user_id=20),
    }
    assign = frontend_document("AssignBoxesToShipment")
    reconcile = frontend_document("UpdateShipmentWhenReceiving")

    # About three in four of the demo world's boxes are in stock.
    print(f"preparing a demo database with {args.boxes * 2} boxes in base 1 ...", flush=True)
    with scratch_database(args.database, boxes=args.boxes * 2) as env:
        labels = [
            label
            for (label,) in database_rows(
                env,
                "SELECT s.box_id FROM stock s JOIN locations l ON l.id = s.location_id"
                " WHERE l.camp_id = 1 AND s.box_state_id = 1 AND l.deleted IS NULL"
                " AND (s.deleted IS NULL OR NOT s.deleted) ORDER BY s.id",
            )
        ][: args.boxes]
        if len(labels) < args.boxes:
            raise SystemExit(f"only {len(labels)} boxes in stock in base 1")
        products = {
            base: database_rows(
                env,
                "SELECT p.id, ss.size_id FROM products p JOIN sizes_sizegroup ss"
                f" ON ss.sizegroup_id = p.sizegroup_id WHERE p.camp_id = {base}"
                " AND p.deleted IS NULL ORDER BY p.id, ss.size_id LIMIT 1",
            )[0]
            for base in SIDES
        }
        server_env = {
            **env,
            "AUTH0_PUBLIC_KEY": keys.public_pem,
            "ENVIRONMENT": "production",
            "SERVER_TIMING": "1",
        }
        print("starting gunicorn (2 gevent workers) ...", flush=True)
        runs: dict[str, list] = defaultdict(list)
        with GunicornServer(server_env, workers=2) as server:
            source = 1
            for trip in range(args.repeat * 2):
                # The first trip warms up (schema, pools, caches) and is not counted;
                # every other round uses the frontend's documents.
                frontend = trip % 2 == 0 and trip > 0 and assign and reconcile
                target = SIDES[source]
                key = "frontend" if frontend else "id only"

                def step(name, document, variables, token, counted=trip > 0):
                    result = send(server, document, variables, token)
                    if counted:
                        runs[name].append(result)
                    return result

                _, created, _ = send(
                    server,
                    CREATE,
                    {"source": source, "target": target, "agreement": AGREEMENT},
                    tokens[source],
                )
                shipment = created["data"]["createShipment"]["id"]
                document = assign if frontend else PACK
                step(
                    f"pack ({key})",
                    document,
                    {"id": shipment, "labelIdentifiers": labels},
                    tokens[source],
                )
                step("send", SEND, {"id": shipment}, tokens[source])
                step("start receiving", START, {"id": shipment}, tokens[target])
                _, answer, _ = send(server, DETAILS, {"id": shipment}, tokens[target])
                product, size = products[target]
                received = [
                    {
                        "id": detail["id"],
                        "targetProductId": product,
                        "targetLocationId": WAREHOUSE_A[target],
                        "targetSizeId": size,
                        "targetQuantity": 10,
                    }
                    for detail in answer["data"]["shipment"]["details"]
                ]
                assert len(received) == len(labels), len(received)
                document = reconcile if frontend else RECEIVE
                _, answer, _ = step(
                    f"receive ({key})",
                    document,
                    {
                        "id": shipment,
                        "received": received,
                        "receivedShipmentDetailUpdateInputs": received,
                    },
                    tokens[target],
                )
                state = answer["data"]["updateShipmentWhenReceiving"]["state"]
                assert state == "Completed", state
                source = target

        print()
        for name in (
            "pack (id only)",
            "pack (frontend)",
            "send",
            "start receiving",
            "receive (id only)",
            "receive (frontend)",
        ):
            if runs.get(name):
                report(name, runs[name], len(labels))
        if args.show_sql:
            show("pack (id only)", runs["pack (id only)"][-1][2])
            show("receive (id only)", runs["receive (id only)"][-1][2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
