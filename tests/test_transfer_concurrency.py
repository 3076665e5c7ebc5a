"""Shipments under contention, against real gunicorn (2 gevent workers).

Requests racing on one shipment must end in one valid state, with a clear error for
the loser and never a 500:

* a sender and a canceller on one shipment being prepared: exactly one wins; the
  boxes are all in transit (sent) or all back in stock with their details removed
  (canceled), each with exactly one history row for the change;
* several shipments packed with the same boxes at once: every box ends in exactly
  one shipment;
* several receivers reconciling one shipment at once: every box is received or lost
  exactly once (one detail update, one history row 'Receiving -> ...'), the losers
  are told the box is no longer being received, and the shipment ends completed.
"""

from __future__ import annotations

import collections
import random
import threading

import pytest

from boxtribute_api.cli.dev_token.signing import mint_token
from profiling.harness import graphql_body, post_graphql
from support.client import gunicorn_for, settings_for
from support.database import demo_database, query

WORKERS = 2
AGREEMENT = 1  # the demo world's accepted agreement: bases 1, 2 <-> 3, 4
IN_STOCK, MARKED, RECEIVING, IN_TRANSIT, NOT_DELIVERED = 1, 3, 4, 7, 8
TARGET_LOCATION = 18  # Warehouse A of Samos (base 3)

CREATE = """mutation ($agreement: Int) {
  createShipment(creationInput: {sourceBaseId: 1, targetBaseId: 3,
                 transferAgreementId: $agreement}) { id }
}"""
PACK = """mutation ($id: ID!, $labels: [String!]) {
  updateShipmentWhenPreparing(updateInput: {id: $id, preparedBoxLabelIdentifiers: $labels}) {
    details { id box { labelIdentifier } removedOn }
  }
}"""
SEND = "mutation ($id: ID!) { sendShipment(id: $id) { id state } }"
CANCEL = "mutation ($id: ID!) { cancelShipment(id: $id) { id state } }"
START = "mutation ($id: ID!) { startReceivingShipment(id: $id) { id state } }"
RECEIVE = """mutation ($id: ID!, $received: [ShipmentDetailUpdateInput!], $lost: [String!]) {
  updateShipmentWhenReceiving(updateInput: {id: $id,
      receivedShipmentDetailUpdateInputs: $received, lostBoxLabelIdentifiers: $lost}) {
    id state details { id receivedOn lostOn box { labelIdentifier state } }
  }
}"""


@pytest.fixture(scope="module")
def contended_db() -> str:
    yield from demo_database("shipping", boxes_in_main_base=400)


@pytest.fixture(scope="module")
def server(contended_db, keys):
    # The losers' errors are logged with their traceback (ariadne logs every error).
    with gunicorn_for(contended_db, keys, workers=WORKERS, tracebacks_expected=True) as running:
        yield running


@pytest.fixture(scope="module")
def tokens(contended_db, keys) -> dict[str, str]:
    settings = settings_for(contended_db, keys)
    users = {
        "sender": dict(role="coordinator", organisation_id=1, base_ids=[1], user_id=8),
        "canceller": dict(role="head-of-ops", organisation_id=1, base_ids=[1, 2], user_id=2),
        "receiver": dict(role="coordinator", organisation_id=2, base_ids=[3], user_id=20),
        "receiver2": dict(role="head-of-ops", organisation_id=2, base_ids=[3, 4], user_id=3),
    }
    return {
        name: mint_token(private_key=keys.private_pem, settings=settings, **user)
        for name, user in users.items()
    }


class Boxes:
    """Hands out base 1's boxes in stock, each to one test only."""

    def __init__(self, database: str):
        self.labels = [
            label
            for (label,) in query(
                database,
                "SELECT s.box_id FROM stock s JOIN locations l ON l.id = s.location_id"
                " WHERE l.camp_id = 1 AND s.box_state_id = 1 AND l.deleted IS NULL"
                " AND (s.deleted IS NULL OR NOT s.deleted) ORDER BY s.id",
            )
        ]

    def take(self, count: int) -> list[str]:
        taken, self.labels = self.labels[:count], self.labels[count:]
        assert len(taken) == count, "the demo world has too few boxes in stock"
        return taken


@pytest.fixture(scope="module")
def boxes(contended_db) -> Boxes:
    return Boxes(contended_db)


def call(server, token: str, document: str, variables: dict) -> tuple[int, dict]:
    connection = server.connection()
    try:
        return post_graphql(connection, graphql_body(document, variables), token)
    finally:
        connection.close()


def ok(server, token: str, document: str, variables: dict) -> dict:
    status, answer = call(server, token, document, variables)
    assert status == 200 and not answer.get("errors"), answer
    return answer["data"]


def new_shipment(server, tokens, labels: list[str]) -> str:
    shipment_id = ok(server, tokens["sender"], CREATE, {"agreement": AGREEMENT})["createShipment"][
        "id"
    ]
    if labels:
        ok(server, tokens["sender"], PACK, {"id": shipment_id, "labels": labels})
    return shipment_id


def race(*calls) -> list[tuple[int, dict]]:
    """Run the calls at the same moment, each on its own thread; their answers."""
    barrier = threading.Barrier(len(calls))
    answers: list = [None] * len(calls)

    def run(index: int, call_) -> None:
        barrier.wait()
        try:
            answers[index] = call_()
        except Exception as error:  # noqa: BLE001 - a transport failure is a failure
            answers[index] = (0, {"transport": repr(error)})

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    return answers


def error_descriptions(answer: dict) -> list[str]:
    return [
        f"{e.get('extensions', {}).get('code')}: {e.get('extensions', {}).get('description')}"
        for e in answer.get("errors") or []
    ]


def box_rows(database: str, labels: list[str]) -> dict[str, tuple[int, int]]:
    marks = ", ".join(["%s"] * len(labels))
    rows = query(
        database, f"SELECT box_id, id, box_state_id FROM stock WHERE box_id IN ({marks})", labels
    )
    return {label: (box_id, state) for label, box_id, state in rows}


def state_changes(database: str, box_ids: list[int], since: int) -> collections.Counter:
    marks = ", ".join(["%s"] * len(box_ids))
    rows = query(
        database,
        "SELECT record_id, from_int, to_int FROM history WHERE tablename = 'stock'"
        f" AND changes = 'box_state_id' AND id > %s AND record_id IN ({marks})",
        [since, *box_ids],
    )
    return collections.Counter(rows)


def last_history_id(database: str) -> int:
    return query(database, "SELECT COALESCE(MAX(id), 0) FROM history")[0][0]


def test_a_sender_and_a_canceller_racing_end_in_one_state(server, contended_db, tokens, boxes):
    outcomes = collections.Counter()
    for _ in range(6):
        labels = boxes.take(10)
        shipment_id = new_shipment(server, tokens, labels)
        since = last_history_id(contended_db)

        variables = {"id": shipment_id}
        sent, canceled = race(
            lambda v=variables: call(server, tokens["sender"], SEND, v),
            lambda v=variables: call(server, tokens["canceller"], CANCEL, v),
        )

        assert sent[0] == canceled[0] == 200, (sent, canceled)
        winners = [a for a in (sent, canceled) if not a[1].get("errors")]
        losers = [a for a in (sent, canceled) if a[1].get("errors")]
        assert len(winners) == 1 and len(losers) == 1, (sent, canceled)
        (description,) = error_descriptions(losers[0][1])
        assert description.startswith("BAD_USER_INPUT: The state of the shipment (")
        assert description.endswith("Expecting state: Preparing")

        [(state,)] = query(contended_db, "SELECT state FROM shipment WHERE id = %s", [shipment_id])
        outcomes[state] += 1
        found = box_rows(contended_db, labels)
        box_ids = [box_id for box_id, _ in found.values()]
        removed = query(
            contended_db,
            "SELECT COUNT(*) FROM shipment_detail WHERE shipment_id = %s"
            " AND removed_on IS NOT NULL",
            [shipment_id],
        )[0][0]
        changes = state_changes(contended_db, box_ids, since)
        if state == "Sent":
            assert {s for _, s in found.values()} == {IN_TRANSIT}
            assert removed == 0
            assert changes == collections.Counter({(b, MARKED, IN_TRANSIT): 1 for b in box_ids})
        else:
            assert state == "Canceled"
            assert {s for _, s in found.values()} == {IN_STOCK}
            assert removed == len(labels)
            assert changes == collections.Counter({(b, MARKED, IN_STOCK): 1 for b in box_ids})
    print("race outcomes:", dict(outcomes))
    assert server.pool()["primary"]["in_use"] == 0


def test_shipments_packed_with_the_same_boxes_at_once_share_none(
    server, contended_db, tokens, boxes
):
    labels = boxes.take(40)
    shipments = [new_shipment(server, tokens, []) for _ in range(4)]
    since = last_history_id(contended_db)

    answers = race(
        *[
            (
                lambda s=s, i=i: call(
                    server,
                    tokens["sender" if i % 2 else "canceller"],
                    PACK,
                    {"id": s, "labels": random.Random(i).sample(labels, len(labels))},
                )
            )
            for i, s in enumerate(shipments)
        ]
    )

    assert all(status == 200 and not answer.get("errors") for status, answer in answers), answers
    packed = collections.Counter(
        detail["box"]["labelIdentifier"]
        for _, answer in answers
        for detail in answer["data"]["updateShipmentWhenPreparing"]["details"]
    )
    assert packed == collections.Counter({label: 1 for label in labels})
    found = box_rows(contended_db, labels)
    assert {state for _, state in found.values()} == {MARKED}
    box_ids = [box_id for box_id, _ in found.values()]
    assert state_changes(contended_db, box_ids, since) == collections.Counter(
        {(b, IN_STOCK, MARKED): 1 for b in box_ids}
    )
    marks = ", ".join(["%s"] * len(box_ids))
    active = query(
        contended_db,
        "SELECT box_id, COUNT(*) FROM shipment_detail WHERE removed_on IS NULL"
        f" AND box_id IN ({marks}) GROUP BY box_id",
        box_ids,
    )
    assert sorted(count for _, count in active) == [1] * len(box_ids)


def test_receivers_racing_on_one_shipment_reconcile_each_box_once(
    server, contended_db, tokens, boxes
):
    labels = boxes.take(30)
    shipment_id = new_shipment(server, tokens, labels)
    ok(server, tokens["sender"], SEND, {"id": shipment_id})
    ok(server, tokens["receiver"], START, {"id": shipment_id})
    details = query(
        contended_db,
        "SELECT d.id, s.box_id, d.source_product_id, d.source_size_id FROM shipment_detail d"
        " JOIN stock s ON s.id = d.box_id WHERE d.shipment_id = %s ORDER BY d.id",
        [shipment_id],
    )
    [(product,)] = query(
        contended_db,
        "SELECT id FROM products WHERE camp_id = 3 AND deleted IS NULL ORDER BY id LIMIT 1",
    )
    since = last_history_id(contended_db)

    def receiver(index: int):
        rng = random.Random(index)
        chosen = rng.sample(details, 12)
        received = [
            {
                "id": str(detail_id),
                "targetProductId": product,
                "targetLocationId": TARGET_LOCATION,
                "targetSizeId": size or 1,
                "targetQuantity": index,
            }
            for detail_id, _, _, size in chosen[:9]
        ]
        lost = [label for _, label, _, _ in chosen[9:]]
        token = tokens["receiver" if index % 2 else "receiver2"]
        return lambda: call(
            server, token, RECEIVE, {"id": shipment_id, "received": received, "lost": lost}
        )

    answers = race(*[receiver(i) for i in range(8)])
    # Whatever is left is reconciled by one last request: all lost.
    answers.append(call(server, tokens["receiver"], RECEIVE, {"id": shipment_id, "lost": labels}))

    failures = [a for a in answers if a[0] != 200 or a[1].get("errors")]
    for status, answer in failures:
        assert status == 200, answer
        (description,) = error_descriptions(answer)
        # The box of a detail was received or lost by someone else first, or the
        # shipment was completed before this request got its turn.
        assert description.startswith(
            (
                "BAD_USER_INPUT: Input ModelBase is not valid",
                "BAD_USER_INPUT: The state of the shipment (Completed)",
            )
        ), description
    assert len(failures) < len(answers)
    print(f"receivers: {len(answers) - len(failures)} succeeded, {len(failures)} refused")

    [(state,)] = query(contended_db, "SELECT state FROM shipment WHERE id = %s", [shipment_id])
    assert state == "Completed"
    rows = query(
        contended_db,
        "SELECT d.id, d.received_on IS NOT NULL, d.lost_on IS NOT NULL, s.box_state_id, s.id"
        " FROM shipment_detail d JOIN stock s ON s.id = d.box_id WHERE d.shipment_id = %s",
        [shipment_id],
    )
    for _, received, lost, box_state, _ in rows:
        assert received != lost
        assert box_state == (IN_STOCK if received else NOT_DELIVERED)
    box_ids = [box_id for *_, box_id in rows]
    changes = state_changes(contended_db, box_ids, since)
    expected = collections.Counter(
        {
            (box_id, RECEIVING, IN_STOCK if received else NOT_DELIVERED): 1
            for _, received, _, _, box_id in rows
        }
    )
    assert changes == expected
    assert server.pool()["primary"]["in_use"] == 0
