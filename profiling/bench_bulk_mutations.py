"""How long moving and tagging 1,000 boxes takes, over HTTP against real gunicorn.

    .venv/bin/python profiling/bench_bulk_mutations.py [--boxes 1000] [--repeat 5]
                                                       [--database EXISTING_DB]

Creates a scratch demo database (unless --database names one; it is then changed),
starts gunicorn (2 gevent workers, SERVER_TIMING=1), and times, as the frontend sends
them: moveBoxesToLocation of N boxes (alternating between two locations, so every
box moves each time), and assignTagsToBoxes / unassignTagsFromBoxes of a tag on the
same N boxes (alternating, so every box changes each time). Prints the median, best
and worst wall time of each and the SQL statements the server ran for one request
(from the Server-Timing header). Target: under 1 s each for 1,000 boxes.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from profiling.harness import (  # noqa: E402
    GunicornServer,
    frontend_document,
    graphql_body,
    scratch_database,
    throwaway_keys,
)

OWN_MOVE = """
mutation MoveBoxesToLocation($labelIdentifiers: [String!]!, $locationId: Int!) {
  moveBoxesToLocation(
    updateInput: { labelIdentifiers: $labelIdentifiers, locationId: $locationId }
  ) {
    __typename
    ... on BoxesResult {
      updatedBoxes { labelIdentifier state location { id } lastModifiedOn
                     lastModifiedBy { id name } }
      invalidBoxLabelIdentifiers
    }
  }
}"""

OWN_ASSIGN = """
mutation AssignTagsToBoxes($labelIdentifiers: [String!]!, $tagIds: [Int!]!) {
  assignTagsToBoxes(updateInput: { labelIdentifiers: $labelIdentifiers, tagIds: $tagIds }) {
    updatedBoxes { labelIdentifier tags { id } lastModifiedOn lastModifiedBy { id name } }
    invalidBoxLabelIdentifiers
  }
}"""

OWN_UNASSIGN = OWN_ASSIGN.replace("AssignTagsToBoxes", "UnassignTagsFromBoxes").replace(
    "assignTagsToBoxes", "unassignTagsFromBoxes"
)

STATEMENTS = re.compile(r'sql;dur=([\d.]+);desc="(\d+) statements"')


def database_rows(env: dict, sql: str) -> list[tuple]:
    import pymysql

    connection = pymysql.connect(
        host=env.get("MYSQL_HOST", "127.0.0.1"),
        port=int(env.get("MYSQL_PORT", "3306")),
        user=env.get("MYSQL_USER", "root"),
        password=env.get("MYSQL_PASSWORD", ""),
        database=env["MYSQL_DB"],
    )
    with connection, connection.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())


def send(server: GunicornServer, document: str, variables: dict, token: str):
    """One request: (seconds, answer, (sql statements, sql ms) or None)."""
    connection = server.connection()
    try:
        started = time.perf_counter()
        connection.request(
            "POST",
            "/graphql",
            graphql_body(document, variables),
            {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        response = connection.getresponse()
        raw = response.read()
        seconds = time.perf_counter() - started
        match = STATEMENTS.search(response.getheader("Server-Timing") or "")
        sql = (int(match.group(2)), float(match.group(1))) if match else None
        answer = json.loads(raw)
        if response.status != 200 or "errors" in answer:
            raise SystemExit(f"request failed ({response.status}): {str(answer)[:500]}")
        return seconds, answer, sql
    finally:
        connection.close()


def report(name: str, runs: list[tuple[float, dict, tuple | None]], changed: int) -> float:
    seconds = [s for s, _, _ in runs]
    sql = runs[-1][2]
    median = statistics.median(seconds)
    statements = f"{sql[0]} SQL statements ({sql[1]:.0f} ms in SQL)" if sql else "SQL n/a"
    verdict = "OK" if median < 1 else "TOO SLOW"
    print(
        f"{name:<26} {changed:>5} boxes  median {median * 1000:7.1f} ms  "
        f"best {min(seconds) * 1000:7.1f} ms  worst {max(seconds) * 1000:7.1f} ms  "
        f"{statements}  [{verdict}]"
    )
    return median


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--boxes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database", help="use (and change) this existing database")
    args = parser.parse_args()

    keys = throwaway_keys()
    token = keys.token(role="coordinator", organisation_id=1, base_ids=[1], user_id=8)
    move = frontend_document("MoveBoxesToLocation") or OWN_MOVE
    assign = frontend_document("AssignTagsToBoxes") or OWN_ASSIGN
    unassign = frontend_document("UnassignTagsFromBoxes") or OWN_UNASSIGN

    print(f"preparing a demo database with {args.boxes * 3} boxes in base 1 ...", flush=True)
    with scratch_database(args.database, boxes=args.boxes * 3) as env:
        labels = [
            label
            for (label,) in database_rows(
                env,
                "SELECT s.box_id FROM stock s JOIN locations l ON l.id = s.location_id"
                " WHERE l.camp_id = 1 AND s.box_state_id IN (1, 2, 5, 6)"
                " AND (s.deleted IS NULL OR NOT s.deleted) ORDER BY s.id",
            )
        ][: args.boxes]
        if len(labels) < args.boxes:
            raise SystemExit(f"only {len(labels)} movable boxes in base 1")
        locations = [
            location_id
            for (location_id,) in database_rows(
                env,
                "SELECT id FROM locations WHERE camp_id = 1 AND deleted IS NULL"
                " AND type = 'Warehouse' AND box_state_id = 1 ORDER BY id LIMIT 2",
            )
        ]
        [(tag_id,)] = database_rows(
            env,
            "SELECT id FROM tags WHERE camp_id = 1 AND type = 'Stock' AND deleted IS NULL"
            " ORDER BY id LIMIT 1",
        )
        server_env = {
            **env,
            "AUTH0_PUBLIC_KEY": keys.public_pem,
            "ENVIRONMENT": "production",
            "SERVER_TIMING": "1",
        }
        print("starting gunicorn (2 gevent workers) ...", flush=True)
        with GunicornServer(server_env, workers=2) as server:
            # Warm-up (schema, pools, JIT-less caches), and a known start: all boxes in
            # the first location, none carrying the tag.
            send(server, move, {"labelIdentifiers": labels, "locationId": locations[0]}, token)
            send(server, unassign, {"labelIdentifiers": labels, "tagIds": [tag_id]}, token)

            moves, assigns, unassigns = [], [], []
            for run in range(args.repeat):
                target = locations[(run + 1) % 2]
                moves.append(
                    send(server, move, {"labelIdentifiers": labels, "locationId": target}, token)
                )
                result = moves[-1][1]["data"]["moveBoxesToLocation"]
                assert len(result["updatedBoxes"]) == len(labels), result
                variables = {"labelIdentifiers": labels, "tagIds": [tag_id]}
                assigns.append(send(server, assign, variables, token))
                assert len(assigns[-1][1]["data"]["assignTagsToBoxes"]["updatedBoxes"]) == len(
                    labels
                )
                unassigns.append(send(server, unassign, variables, token))

        print()
        medians = [
            report("moveBoxesToLocation", moves, len(labels)),
            report("assignTagsToBoxes", assigns, len(labels)),
            report("unassignTagsFromBoxes", unassigns, len(labels)),
        ]
    return 0 if max(medians) < 1 else 1


if __name__ == "__main__":
    sys.exit(main())
