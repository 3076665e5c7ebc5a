"""Box.history: the change log of a box, merged from the history table, the creation
of its QR code, and the assignments and removals of its tags.

Tests on `seed_client` compare with the original's development seed; tests on
`client` run on our demo world and find their rows by querying.
"""

from __future__ import annotations

import pytest

from boxtribute_api.box import history
from boxtribute_api.box.models import Box
from boxtribute_api.history.models import HistoryEntry
from boxtribute_api.tag.models import TagsRelation
from support.errors import FORBIDDEN, error_codes
from support.users import COORDINATOR, GOD

HEAD_OF_OPS_2 = dict(role="head-of-ops", organisation_id=2, base_ids=[2], user_id=8)


HISTORY_QUERY = """query($label: String!) { box(labelIdentifier: $label) {
    history { id changes changeDate user { id } }
} }"""


def history_of(client, label: str, **user) -> list[dict]:
    return client.data(HISTORY_QUERY, {"label": label}, **(user or GOD))["box"]["history"]


# --- comparisons with the original ----------------------------------------------------------


def test_a_boxs_history_is_newest_first_with_creation_as_created_box(seed_client):
    history = history_of(seed_client, "56246086", **COORDINATOR)

    assert history == [
        {
            "id": "36484",
            "changes": 'changed comments from "" to "Miss science.";',
            "changeDate": "2025-10-30T02:02:04+00:00",
            "user": {"id": "6"},
        },
        {
            "id": "35625",
            "changes": "created box",
            "changeDate": "2025-09-27T23:14:55+00:00",
            "user": {"id": "8"},
        },
    ]


def test_changes_of_referenced_rows_are_told_with_their_names(seed_client):
    history = history_of(seed_client, "44120034", **HEAD_OF_OPS_2)

    assert [(h["id"], h["changes"]) for h in history] == [
        ("36952", 'changed comments from "Character." to "Turn and.";'),
        ("36945", 'changed comments from "Choose admit four." to "Character.";'),
        ("36874", "changed weight from 18.00kg to 98.00kg"),
        ("36854", "changed weight from 29.00kg to 18.00kg"),
        ("36832", 'changed weight from "" to 29.00kg'),
        ("36792", "changed the number of items from 149 to 366"),
        ("36776", "changed size from Mixed to 6-7 years"),
        ("36775", "changed product type from Water Storage Containers (10-20L) to Trousers"),
        ("36698", "changed product type from Scarves to Water Storage Containers (10-20L)"),
        # The state's database label, not the enum name (InStock).
        ("36690", "changed box state from Instock to Donated"),
        ("36689", "changed box location from Stockroom to Donated location"),
        ("36522", "created box"),
    ]


def test_tag_assignments_and_removals_are_part_of_the_history(seed_client):
    history = history_of(seed_client, "89205327", **COORDINATOR)

    # Entries of the same moment: history rows first (newest id first), then tag
    # assignments, then removals. The tag assigned at the box's creation is not shown.
    assert history == [
        {
            "id": "ta930",
            "changes": "assigned tag 'west' to box",
            "changeDate": "2025-11-01T01:01:17+00:00",
            "user": {"id": "9"},
        },
        {
            "id": "ta931",
            "changes": "assigned tag 'now' to box",
            "changeDate": "2025-11-01T01:01:17+00:00",
            "user": {"id": "9"},
        },
        {
            "id": "tr399",
            "changes": "removed tag 'five' from box",
            "changeDate": "2025-11-01T01:01:17+00:00",
            "user": {"id": "9"},
        },
        {
            "id": "36159",
            "changes": "changed box state from Instock to Donated",
            "changeDate": "2025-10-19T10:06:20+00:00",
            "user": {"id": "25"},
        },
        {
            "id": "36158",
            "changes": "changed box location from Stockroom to Donated location",
            "changeDate": "2025-10-19T10:06:20+00:00",
            "user": {"id": "25"},
        },
        {
            "id": "35629",
            "changes": "created box",
            "changeDate": "2025-09-28T03:14:51+00:00",
            "user": {"id": "7"},
        },
    ]


# --- formatting of single history rows --------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "labels", "expected"),
    [
        ("Record created", {}, "created box"),
        ("Record deleted", {}, "deleted box"),
        ('comments changed from "a" to "b";', {}, 'changed comments from "a" to "b";'),
        ("items", {"from_int": 3, "to_int": 5}, "changed the number of items from 3 to 5"),
        (
            "display_unit_id",
            {"from_display_unit_id": "kg", "to_display_unit_id": "lb"},
            "changed unit from kg to lb",
        ),
        ("changed weight from 1.00kg to 2.00kg", {}, "changed weight from 1.00kg to 2.00kg"),
    ],
)
def test_history_rows_are_worded_for_people(changes, labels, expected):
    kinds = {"Record": "record", "comments": "comments"}
    kind = next((k for prefix, k in kinds.items() if changes.startswith(prefix)), None)
    if changes in ("items", "display_unit_id"):
        kind = changes
    row = {"kind": kind or "other", "changes": changes, **labels}

    assert history._message(row) == expected


def test_a_change_whose_referenced_row_is_missing_is_left_out():
    row = {"kind": "location_id", "changes": "location_id"}
    row.update({"from_location_id": "WH", "to_location_id": None})

    assert history._message(row) is None


# --- behaviour on the demo world --------------------------------------------------------------


def box_with_history() -> Box:
    from boxtribute_api.db.routing import connection_scope

    with connection_scope():
        box = (
            Box.select()
            .join(HistoryEntry, on=(HistoryEntry.record_id == Box.id))
            # States outside shipments: reading the box needs its own base only.
            .where(HistoryEntry.table_name == "stock", Box.state.in_([1, 2, 5, 6]))
            .order_by(Box.id)
            .first()
        )
    assert box is not None, "the world has boxes with history"
    return box


def test_each_history_entry_comes_from_the_boxs_change_log(client):
    from boxtribute_api.db.routing import connection_scope

    box = box_with_history()
    with connection_scope():
        history_ids = {
            str(h.id)
            for h in HistoryEntry.select().where(
                HistoryEntry.table_name == "stock", HistoryEntry.record_id == box.id
            )
        }
        relations = list(
            TagsRelation.select().where(
                TagsRelation.object_type == "Stock", TagsRelation.object_id == box.id
            )
        )
    assigned = {
        f"ta{r.id}"
        for r in relations
        if r.created_on is not None and r.created_on != box.created_on
    }
    removed = {f"tr{r.id}" for r in relations if r.deleted_on is not None}

    history = history_of(client, box.label_identifier)

    assert sorted(h["id"] for h in history) == sorted(history_ids | assigned | removed)
    dates = [h["changeDate"] for h in history]
    assert dates == sorted(dates, reverse=True)


def test_a_box_without_any_change_has_an_empty_history(client):
    from boxtribute_api.db.routing import connection_scope

    with connection_scope():
        logged = HistoryEntry.select(HistoryEntry.record_id).where(
            HistoryEntry.table_name == "stock"
        )
        tagged = TagsRelation.select(TagsRelation.object_id).where(
            TagsRelation.object_type == "Stock"
        )
        box = (
            Box.select()
            .where(Box.id.not_in(logged), Box.id.not_in(tagged), Box.qr_code.is_null())
            .first()
        )
    assert box is not None, "the demo world has a box from before the history log"

    assert history_of(client, box.label_identifier) == []


def test_reading_the_history_needs_history_read(client):
    box = box_with_history()
    base_id = box_base_id(box)
    permissions = [f"base_{base_id}/stock:read", f"base_{base_id}/location:read"]

    response = client.execute(
        "query($label: String!) { box(labelIdentifier: $label) { id history { id } } }",
        {"label": box.label_identifier},
        permissions=permissions,
        base_ids=[base_id],
    )

    assert response["data"] == {"box": {"id": str(box.id), "history": None}}
    assert error_codes(response) == [(("box", "history"), FORBIDDEN)]


def test_the_authors_of_history_entries_need_user_read(client):
    box = box_with_history()
    base_id = box_base_id(box)
    permissions = [f"base_{base_id}/stock:read", f"base_{base_id}/history:read"]

    response = client.execute(
        "query($label: String!) { box(labelIdentifier: $label) { history { id user { id } } } }",
        {"label": box.label_identifier},
        permissions=permissions,
        base_ids=[base_id],
    )

    history = response["data"]["box"]["history"]
    assert history and all(h["user"] is None for h in history)
    assert {code for _, code in error_codes(response)} == {FORBIDDEN}


def box_base_id(box: Box) -> int:
    from boxtribute_api.db.routing import connection_scope
    from boxtribute_api.location.models import Location

    with connection_scope():
        return Location.get_by_id(box.location_id).base_id
