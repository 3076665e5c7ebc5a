"""Writes under contention, against real gunicorn (2 gevent workers).

16 clients move (moveBoxesToLocation) and update (updateBox: numberOfItems, comment,
state) the same 100 boxes for a few seconds. Afterwards the database must tell one
consistent story:

* no request failed (no 500, no error: a deadlock is retried, never shown);
* every change a response reported has exactly one history row of its kind
  (moves: 'location_id'; numberOfItems: 'items'; comments: 'comments changed ...'),
  and no history row exists that no response reported;
* per box and kind, the history rows form a chain: each row starts where the one
  before ended (from = previous to), starting at the value before the run and
  ending at the box's final value. A lost update (two transactions changing the
  same box from the same old value) would break the chain;
* every box is in one valid place and state.

And: concurrent tagging of the same boxes with the same tag creates exactly one
live relation per box, each reported by exactly one response.
"""

from __future__ import annotations

import collections
import random
import re
import threading
import time

import pytest

from boxtribute_api.cli.dev_token.signing import mint_token
from profiling.harness import graphql_body, post_graphql
from support.client import gunicorn_for, settings_for
from support.database import demo_database, query

CLIENTS = 16
SECONDS = 8.0
BOXES = 100
WORKERS = 2
WAREHOUSE_STATES = {1: "InStock", 2: "Lost", 5: "Donated", 6: "Scrap"}
STATE_IDS = {name: state_id for state_id, name in WAREHOUSE_STATES.items()}

MOVE = """
mutation ($labels: [String!]!, $locationId: Int!) {
  moveBoxesToLocation(updateInput: {labelIdentifiers: $labels, locationId: $locationId}) {
    __typename
    ... on BoxesResult {
      updatedBoxes { labelIdentifier location { id } state }
      invalidBoxLabelIdentifiers
    }
  }
}"""

UPDATE = """
mutation ($input: BoxUpdateInput) {
  updateBox(updateInput: $input) { labelIdentifier numberOfItems comment state }
}"""

ASSIGN = """
mutation ($labels: [String!]!, $tagIds: [Int!]!) {
  assignTagsToBoxes(updateInput: {labelIdentifiers: $labels, tagIds: $tagIds}) {
    updatedBoxes { labelIdentifier }
    invalidBoxLabelIdentifiers
    tagErrorInfo { id }
  }
}"""

UNASSIGN = ASSIGN.replace("assignTagsToBoxes", "unassignTagsFromBoxes")

COMMENT_CHANGE = re.compile(r'^comments changed from "(.*)" to "(.*)";$', re.S)


@pytest.fixture(scope="module")
def contended_db() -> str:
    yield from demo_database("contention", boxes_in_main_base=400)


@pytest.fixture(scope="module")
def server(contended_db, keys):
    with gunicorn_for(contended_db, keys, workers=WORKERS) as running:
        yield running


@pytest.fixture(scope="module")
def users(contended_db, keys) -> list[tuple[int, str]]:
    """(user id, token) of users who may move and update boxes of base 1."""
    settings = settings_for(contended_db, keys)
    users = [
        (8, dict(role="coordinator", organisation_id=1, base_ids=[1])),
        (2, dict(role="head-of-ops", organisation_id=1, base_ids=[1, 2])),
        (10, dict(role="warehouse-volunteer", organisation_id=1, base_ids=[1])),
    ]
    return [
        (user_id, mint_token(private_key=keys.private_pem, settings=settings, user_id=user_id, **u))
        for user_id, u in users
    ]


def base_1_boxes(database: str) -> list[tuple[int, str]]:
    """(id, label) of base 1's boxes in stock, in live locations, by id."""
    return query(
        database,
        "SELECT s.id, s.box_id FROM stock s JOIN locations l ON l.id = s.location_id"
        " WHERE l.camp_id = 1 AND s.box_state_id = 1 AND (s.deleted IS NULL OR NOT s.deleted)"
        " AND l.deleted IS NULL AND l.type = 'Warehouse' ORDER BY s.id",
    )


def target_locations(database: str) -> dict[int, int]:
    """Live warehouse locations of base 1 -> their default box state."""
    return dict(
        query(
            database,
            "SELECT id, box_state_id FROM locations WHERE camp_id = 1 AND deleted IS NULL"
            " AND type = 'Warehouse' ORDER BY id",
        )
    )


def snapshot(database: str, box_ids: list[int]) -> dict[int, dict]:
    marks = ", ".join(["%s"] * len(box_ids))
    rows = query(
        database,
        "SELECT id, location_id, box_state_id, items, comments, deleted FROM stock"
        f" WHERE id IN ({marks})",
        box_ids,
    )
    return {
        box_id: dict(location=location, state=state, items=items, comment=comment, deleted=deleted)
        for box_id, location, state, items, comment, deleted in rows
    }


def test_concurrent_moves_and_updates_of_the_same_boxes_lose_nothing(server, contended_db, users):
    boxes = base_1_boxes(contended_db)[:BOXES]
    assert len(boxes) == BOXES
    box_ids = [box_id for box_id, _ in boxes]
    id_of = {label: box_id for box_id, label in boxes}
    locations = target_locations(contended_db)
    before = snapshot(contended_db, box_ids)
    since = query(contended_db, "SELECT COALESCE(MAX(id), 0) FROM history")[0][0]

    reported = collections.Counter()  # (kind, box id, new value, user id) -> responses
    failures: list = []
    sent = collections.Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + SECONDS

    def client(index: int) -> None:
        rng = random.Random(index)
        user_id, token = users[index % len(users)]
        connection = server.connection()
        sequence = 0
        while time.monotonic() < deadline:
            sequence += 1
            if rng.random() < 0.4:
                chosen = rng.sample(boxes, rng.randint(1, 25))
                location_id = rng.choice(sorted(locations))
                kind = "move"
                body = graphql_body(
                    MOVE, {"labels": [label for _, label in chosen], "locationId": location_id}
                )
            else:
                box_id, label = rng.choice(boxes)
                update = {"labelIdentifier": label}
                what = rng.choice(["items", "comment", "state", "items+comment"])
                # Values no other request uses: each update is a real change.
                if "items" in what:
                    update["numberOfItems"] = index * 100_000 + sequence
                if "comment" in what:
                    update["comment"] = f"client {index}, change {sequence}"
                if what == "state":
                    update["state"] = rng.choice(sorted(STATE_IDS))
                kind = "update"
                body = graphql_body(UPDATE, {"input": update})
            try:
                status, answer = post_graphql(connection, body, token)
            except Exception as error:  # noqa: BLE001 - any transport failure is a failure
                with lock:
                    failures.append((kind, repr(error)))
                connection.close()
                connection = server.connection()
                continue
            with lock:
                sent[kind] += 1
                if status != 200 or answer.get("errors") or not answer.get("data"):
                    failures.append((kind, status, answer))
                    continue
                if kind == "move":
                    result = answer["data"]["moveBoxesToLocation"]
                    assert result["__typename"] == "BoxesResult", result
                    for moved in result["updatedBoxes"]:
                        assert moved["location"]["id"] == str(location_id)
                        reported[
                            "location", id_of[moved["labelIdentifier"]], location_id, user_id
                        ] += 1
                    # Only boxes already there are left out.
                    requested = {label for _, label in chosen}
                    assert set(result["invalidBoxLabelIdentifiers"]) <= requested
                else:
                    if "numberOfItems" in update:
                        reported["items", box_id, update["numberOfItems"], user_id] += 1
                    if "comment" in update:
                        reported["comment", box_id, update["comment"], user_id] += 1
        connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 120)
    assert not any(thread.is_alive() for thread in threads), "a client hung"

    assert failures == [], failures[:5]
    print("requests sent:", dict(sent))
    assert sent["move"] > 20 and sent["update"] > 20, sent

    after = snapshot(contended_db, box_ids)
    marks = ", ".join(["%s"] * len(box_ids))
    history = query(
        contended_db,
        "SELECT id, record_id, changes, user_id, from_int, to_int FROM history"
        f" WHERE tablename = 'stock' AND id > %s AND record_id IN ({marks}) ORDER BY id",
        [since, *box_ids],
    )

    # Every reported change has exactly one history row, and every row was reported.
    logged = collections.Counter()
    chains: dict[tuple[str, int], list[tuple]] = collections.defaultdict(list)
    for _, box_id, changes, user_id, from_int, to_int in history:
        if changes == "location_id":
            logged["location", box_id, to_int, user_id] += 1
            chains["location", box_id].append((from_int, to_int))
        elif changes == "items":
            logged["items", box_id, to_int, user_id] += 1
            chains["items", box_id].append((from_int, to_int))
        elif changes == "box_state_id":
            chains["state", box_id].append((from_int, to_int))
        elif (match := COMMENT_CHANGE.match(changes)) is not None:
            logged["comment", box_id, match.group(2), user_id] += 1
            chains["comment", box_id].append((match.group(1), match.group(2)))
        else:
            pytest.fail(f"unexpected history row {changes!r}")
    assert logged == reported

    # No lost update: per box and kind, each change starts where the last one ended.
    for box_id in box_ids:
        for kind in ("location", "items", "state", "comment"):
            value = before[box_id][kind]
            for step, (old, new) in enumerate(chains[kind, box_id]):
                if kind == "comment" and value is None:
                    value = "None"  # how a NULL comment is written into the history text
                assert str(old) == str(value), (kind, box_id, step, chains[kind, box_id])
                value = new
            assert str(after[box_id][kind]) == str(value), (kind, box_id, after[box_id])

    # Every box ends in one valid place and state.
    for box_id in box_ids:
        box = after[box_id]
        assert box["location"] in locations
        assert box["state"] in WAREHOUSE_STATES
        assert str(box["deleted"]).startswith("0000") or box["deleted"] is None
    assert server.pool()["primary"]["in_use"] == 0


def test_concurrent_tagging_of_the_same_boxes_creates_one_relation_per_box(
    server, contended_db, users
):
    boxes = base_1_boxes(contended_db)[BOXES : BOXES + 60]
    labels = [label for _, label in boxes]
    box_ids = [box_id for box_id, _ in boxes]
    [(tag_id,)] = query(
        contended_db,
        "SELECT id FROM tags WHERE camp_id = 1 AND type = 'All' AND deleted IS NULL"
        " ORDER BY id LIMIT 1",
    )
    _, token = users[0]
    marks = ", ".join(["%s"] * len(box_ids))

    def live_relations() -> list[tuple]:
        return query(
            contended_db,
            "SELECT object_id, COUNT(*) FROM tags_relations WHERE object_type = 'Stock'"
            f" AND tag_id = %s AND deleted_on IS NULL AND object_id IN ({marks})"
            " GROUP BY object_id",
            [tag_id, *box_ids],
        )

    def all_at_once(document: str) -> list[list[str]]:
        """8 clients send the same request at the same moment; updated labels of each."""
        barrier = threading.Barrier(8)
        answers: list = [None] * 8

        def send(index: int) -> None:
            connection = server.connection()
            # Each client lists the boxes in another order.
            order = labels[index:] + labels[:index]
            barrier.wait()
            try:
                answers[index] = post_graphql(
                    connection, graphql_body(document, {"labels": order, "tagIds": [tag_id]}), token
                )
            finally:
                connection.close()

        threads = [threading.Thread(target=send, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        updated = []
        for status, answer in answers:
            assert status == 200 and "errors" not in answer, answer
            result = next(iter(answer["data"].values()))
            assert result["tagErrorInfo"] == []
            updated.append([box["labelIdentifier"] for box in result["updatedBoxes"]])
        return updated

    # Some boxes carry the tag already: start from none.
    status, answer = post_graphql(
        server.connection(), graphql_body(UNASSIGN, {"labels": labels, "tagIds": [tag_id]}), token
    )
    assert status == 200 and "errors" not in answer, answer
    assert live_relations() == []

    for _ in range(3):
        assigned = all_at_once(ASSIGN)
        # Each box was tagged by exactly one of the requests; the others found it tagged.
        assert sorted(label for labels_ in assigned for label in labels_) == sorted(labels)
        assert sorted(live_relations()) == [(box_id, 1) for box_id in sorted(box_ids)]

        unassigned = all_at_once(UNASSIGN)
        assert sorted(label for labels_ in unassigned for label in labels_) == sorted(labels)
        assert live_relations() == []
