"""Bulk box changes as a unit of work: one transaction, set-based statements whose
number does not grow with the boxes, rows locked in id order; and the rows they
leave on the original's development seed."""

from __future__ import annotations

import pytest

from support.bulk_boxes import (
    ASSIGN,
    DELETE,
    MOVE,
    UNASSIGN,
    box_row,
    history_of,
    labels,
    last_history_id,
    live_tag_ids,
    location,
    tags_of_base,
)
from support.users import (
    COORDINATOR,
    GOD,
)
from support.world import LOST_LOCATION

# Every test takes boxes no other test has used (fresh_boxes).
WRITABLE_BOXES_IN_MAIN_BASE = 500


# --- one transaction, set-based -------------------------------------------------------


def test_a_failure_after_the_update_leaves_boxes_and_history_unchanged(
    writable_client, fresh_boxes, monkeypatch
):
    from boxtribute_api.box import bulk_writes

    boxes = fresh_boxes(3)
    target = location(1, LOST_LOCATION)
    since = last_history_id()

    def failing_history(rows):
        raise RuntimeError("history insert failed")

    monkeypatch.setattr(bulk_writes, "record_history", failing_history)

    result = writable_client.execute(
        MOVE, {"labels": labels(boxes), "locationId": target.id}, **COORDINATOR
    )

    assert result["data"]["moveBoxesToLocation"] is None
    assert result["errors"]
    for before in boxes:
        after = box_row(before.label_identifier)
        assert (after.location_id, after.state_id, after.last_modified_on) == (
            before.location_id,
            before.state_id,
            before.last_modified_on,
        )
    assert history_of([b.id for b in boxes], since) == []


def test_a_failure_while_tagging_leaves_no_relation_and_no_modification(
    writable_client, fresh_boxes, monkeypatch
):
    from boxtribute_api.tag import relations

    tag = tags_of_base(1, "Stock")[2]
    box = [b for b in fresh_boxes(5) if tag.id not in live_tag_ids(b.id)][0]
    real_assign = relations.assign_tags

    def assign_then_fail(*args, **kwargs):
        real_assign(*args, **kwargs)
        raise RuntimeError("failed after inserting the relations")

    monkeypatch.setattr(relations, "assign_tags", assign_then_fail)

    result = writable_client.execute(
        ASSIGN, {"labels": [box.label_identifier], "tagIds": [tag.id]}, **COORDINATOR
    )

    assert result["errors"]
    assert tag.id not in live_tag_ids(box.id)
    assert box_row(box.label_identifier).last_modified_on == box.last_modified_on


def _write_statements(recorded: list[str]) -> list[str]:
    return [s for s in recorded if s.split(None, 1)[0].upper() in ("UPDATE", "INSERT", "DELETE")]


@pytest.mark.parametrize("mutation", ["move", "assign", "unassign", "delete"])
def test_the_statements_do_not_grow_with_the_number_of_boxes(
    writable_client, fresh_boxes, statements, mutation
):
    tag = tags_of_base(1, "All")[0]
    counts = []
    for size in (2, 20):
        boxes = fresh_boxes(size)
        if mutation == "unassign":
            writable_client.data(ASSIGN, {"labels": labels(boxes), "tagIds": [tag.id]}, **GOD)
        # Into the lost location: every box changes location and state.
        document, variables = {
            "move": (MOVE, {"locationId": location(1, LOST_LOCATION).id}),
            "assign": (ASSIGN, {"tagIds": [tag.id]}),
            "unassign": (UNASSIGN, {"tagIds": [tag.id]}),
            "delete": (DELETE, {}),
        }[mutation]
        statements.clear()
        writable_client.data(document, {"labels": labels(boxes), **variables}, **COORDINATOR)
        counts.append((len(statements), len(_write_statements(statements))))

    assert counts[0] == counts[1], counts
    total, writes = counts[1]
    assert writes <= 3, statements
    # The mutation itself and the loaders of the few fields asked for.
    assert total <= 15, statements


def test_the_boxes_are_locked_in_one_statement_in_id_order(
    writable_client, fresh_boxes, statements
):
    boxes = fresh_boxes(5)
    statements.clear()

    writable_client.data(
        MOVE,
        {"labels": labels(reversed(boxes)), "locationId": location(1, LOST_LOCATION).id},
        **COORDINATOR,
    )

    locking = [s for s in statements if s.rstrip().upper().endswith("FOR UPDATE")]
    assert len(locking) == 1
    assert "ORDER BY" in locking[0] and "`id`" in locking[0].split("ORDER BY")[1]


# --- on the original's development seed -----------------------------------------------

SEED_BOX_HISTORY = """
query ($label: String!) {
  box(labelIdentifier: $label) { history { changes user { id } } tags { id } }
}"""


def test_on_the_seed_a_move_logs_rows_shaped_like_the_seeds_own_and_reads_back(
    writable_seed_client,
):
    # Seed history 36122/36123: a box moved from WH2 into "Donated location" logs
    # ('location_id', from, to) and ('box_state_id', 1, 5), ip and floats NULL.
    labels_ = ["47849644", "56246086"]
    since = last_history_id()

    answer = writable_seed_client.data(
        MOVE, {"labels": labels_, "locationId": 100000040}, **COORDINATOR
    )["moveBoxesToLocation"]

    assert [(b["labelIdentifier"], b["state"]) for b in answer["updatedBoxes"]] == [
        ("47849644", "Donated"),
        ("56246086", "Donated"),
    ]
    rows_ = history_of([100000247, 100000250], since)
    assert [
        (h.record_id, h.changes, h.user_id, h.ip, h.from_int, h.to_int, h.from_float, h.to_float)
        for h in rows_
    ] == [
        (100000247, "location_id", 8, None, 100000037, 100000040, None, None),
        (100000250, "location_id", 8, None, 100000038, 100000040, None, None),
        (100000247, "box_state_id", 8, None, 1, 5, None, None),
        (100000250, "box_state_id", 8, None, 1, 5, None, None),
    ]
    history = writable_seed_client.data(SEED_BOX_HISTORY, {"label": "47849644"}, **COORDINATOR)
    # Same change date: the newer row (the state) comes first.
    assert [h["changes"] for h in history["box"]["history"][:2]] == [
        "changed box state from Instock to Donated",
        "changed box location from WH to Donated location",
    ]


def test_on_the_seed_tagging_shows_in_the_box_history_and_bad_tags_are_reported(
    writable_seed_client,
):
    # Tags of base 1: 45 'west' (Box), 52 (Beneficiary), 61 'side' (deleted).
    answer = writable_seed_client.data(
        ASSIGN, {"labels": ["58168364"], "tagIds": [45, 52, 61]}, **COORDINATOR
    )["assignTagsToBoxes"]
    removed = writable_seed_client.data(
        UNASSIGN, {"labels": ["58168364"], "tagIds": [45]}, **COORDINATOR
    )["unassignTagsFromBoxes"]

    assert [b["labelIdentifier"] for b in answer["updatedBoxes"]] == ["58168364"]
    assert {(i["id"], i["error"]["__typename"]) for i in answer["tagErrorInfo"]} == {
        ("52", "TagTypeMismatchError"),
        ("61", "DeletedTagError"),
    }
    assert [b["labelIdentifier"] for b in removed["updatedBoxes"]] == ["58168364"]
    history = writable_seed_client.data(SEED_BOX_HISTORY, {"label": "58168364"}, **COORDINATOR)
    changes = [h["changes"] for h in history["box"]["history"]]
    assert "assigned tag 'west' to box" in changes
    assert "removed tag 'west' from box" in changes
