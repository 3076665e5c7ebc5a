"""Transfer cases: every mutation of agreements and shipments the frontend sends, with
success, each validation error and each denial of the original, for the users who
may and may not do it: god, the head of operations and the coordinator of base 1
(organisation 1), a warehouse volunteer of base 1 (no transfer permissions), and
the coordinator of bases 2 and 3 of organisation 2 ("org2").

The seed's transfers (see SeedFacts): agreement 4 (organisation 1 -> 2, bidirectional,
Accepted, bases 1 -> 2 and 3) and 5 (2 -> 1, UnderReview, bases 2, 3, 4 -> 1);
agreement 2 is Rejected, 3 Canceled, 1 links two test organisations. Shipments
between organisations 1 and 2: 4 (2 -> 1, Receiving), 5 (3 -> 1, Preparing), 6 (3 ->
1, Sent); within organisation 2: 7 (2 -> 3, Preparing), 9 (3 -> 4, Sent), 10 (4 -> 2,
Receiving). A new shipment gets id 11 and its details ids from 68 on.
"""

from __future__ import annotations

from .mutationcases import ref
from .querycases import case, step
from .seedfacts import MISSING_ID, MISSING_LABEL, SeedFacts

NEW_SHIPMENT = 11
FIRST_NEW_DETAIL = 68
TEST_ORGANISATION, TEST_BASE = 100000000, 100000000
ORGANISATION_WITHOUT_BASES = 3


def shipment_details(f: SeedFacts, shipment_id: int) -> list[tuple[int, str, int]]:
    """(detail id, box label, box state id) of the shipment's active details, by id."""
    return [
        tuple(row)
        for row in f.rows(
            "SELECT d.id, s.box_id, s.box_state_id FROM shipment_detail d"
            " JOIN stock s ON s.id = d.box_id"
            " WHERE d.shipment_id = %s AND d.removed_on IS NULL ORDER BY d.id",
            shipment_id,
        )
    ]


def lost_box_ids(f: SeedFacts, shipment_id: int) -> list[str]:
    return [
        str(row[0])
        for row in f.rows(
            "SELECT d.box_id FROM shipment_detail d JOIN stock s ON s.id = d.box_id"
            " WHERE d.shipment_id = %s AND d.lost_on IS NOT NULL AND s.box_state_id = 8"
            " ORDER BY d.id",
            shipment_id,
        )
    ]


def new_shipment(user: str = "coordinator", source: int = 1, target: int = 3, agreement=4):
    return step(
        "CreateShipment",
        user,
        sourceBaseId=source,
        targetBaseId=target,
        transferAgreementId=agreement,
    )


# Taking out or losing boxes by label: the original writes its rows in the order of
# MariaDB's plan for a look-up by label and state, which for one or two labels and
# about 15 to 20 boxes in that state tips between two plans with the index statistics
# of the moment (see docs/decisions.md). Cases here take out one box, or three and
# more, where the plan is not in doubt, or boxes whose labels, ids and details rise
# together, so that every plan gives one order.


def _rising(rows: list[tuple]) -> list[tuple]:
    """The longest run of rows (not necessarily adjacent) in which every column rises."""
    best_from: list[list[tuple]] = []
    for index, row in enumerate(rows):
        before = [
            best_from[j]
            for j in range(index)
            if all(a < b for a, b in zip(rows[j], row, strict=True))
        ]
        best_from.append([*max(before, key=len, default=[]), row])
    return max(best_from, key=len, default=[])


def aligned_labels(f: SeedFacts, count: int) -> list[str]:
    """Labels of InStock boxes of base 1, all in one location, whose labels rise with
    their ids: whichever plan finds them, they come in the same order."""
    rows = f.rows(
        "SELECT s.id, s.box_id FROM stock s JOIN locations l ON l.id = s.location_id"
        " WHERE l.camp_id = 1 AND s.box_state_id = 1 AND s.location_id ="
        " (SELECT MIN(id) FROM locations WHERE camp_id = 1 AND deleted IS NULL"
        "  AND box_state_id = 1) ORDER BY s.id"
    )
    labels = [label for _, label in _rising([tuple(row) for row in rows])]
    assert len(labels) >= count, labels
    return labels[:count]


def aligned_in_shipment(f: SeedFacts, shipment_id: int) -> list[str]:
    """Labels of boxes in a shipment whose detail ids, box ids and labels all rise
    together."""
    rows = f.rows(
        "SELECT d.id, s.id, s.box_id FROM shipment_detail d JOIN stock s ON s.id = d.box_id"
        " WHERE d.shipment_id = %s AND d.removed_on IS NULL ORDER BY d.id",
        shipment_id,
    )
    return [label for *_, label in _rising([tuple(row) for row in rows])]


def shuffled(labels: list[str]) -> list[str]:
    """A fixed order that is neither the labels' nor the boxes' (by their reversed text)."""
    return sorted(labels, key=lambda label: label[::-1])


def packed(labels: list[str], user: str = "coordinator", shipment=NEW_SHIPMENT) -> dict:
    return step("AssignBoxesToShipment", user, id=shipment, labelIdentifiers=labels)


# --- agreements ------------------------------------------------------------------------------


def agreement_cases(f: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}
    op = "CreateTransferAgreement"
    to_test_org = {
        "initiatingOrganisationId": 1,
        "partnerOrganisationId": TEST_ORGANISATION,
        "type": "SendingTo",
        "initiatingOrganisationBaseIds": [1],
    }
    dated = {"validFrom": "2031-03-01", "validUntil": "2031-06-30", "comment": "spring"}
    with_org2 = {
        "initiatingOrganisationId": 1,
        "partnerOrganisationId": 2,
        "type": "Bidirectional",
        "initiatingOrganisationBaseIds": [1],
    }
    cases[op] = [
        case("coordinator-sending-to", step(op, "coordinator", **to_test_org)),
        case(
            "coordinator-receiving-from-dated",
            step(op, "coordinator", **{**to_test_org, "type": "ReceivingFrom"}, **dated),
        ),
        case(
            "coordinator-bidirectional-partner-bases",
            step(
                op,
                "coordinator",
                **{**to_test_org, "type": "Bidirectional"},
                partnerOrganisationBaseIds=[TEST_BASE, TEST_BASE],
            ),
        ),
        case(
            "coordinator-valid-until-only",
            step(op, "coordinator", **to_test_org, validUntil="2040-01-31"),
        ),
        case(
            "coordinator-identical-to-accepted",
            step(op, "coordinator", **with_org2, partnerOrganisationBaseIds=[2, 3]),
        ),
        case(
            "coordinator-identical-to-under-review",
            step(op, "coordinator", **with_org2, partnerOrganisationBaseIds=[4]),
        ),
        case("coordinator-all-partner-bases", step(op, "coordinator", **with_org2)),
        case(
            "coordinator-earlier-than-accepted",
            step(
                op,
                "coordinator",
                **with_org2,
                partnerOrganisationBaseIds=[2],
                validFrom="2025-01-01",
            ),
        ),
        case(
            "coordinator-twice",
            step(op, "coordinator", **to_test_org),
            step(op, "coordinator", **to_test_org),
        ),
        case(
            "coordinator-own-organisation",
            step(op, "coordinator", **{**to_test_org, "partnerOrganisationId": 1}),
        ),
        case(
            "coordinator-until-before-from",
            step(op, "coordinator", **to_test_org, validFrom="2031-03-01", validUntil="2031-02-01"),
        ),
        case(
            "coordinator-until-same-day",
            step(op, "coordinator", **to_test_org, validFrom="2031-03-01", validUntil="2031-03-01"),
        ),
        case(
            "coordinator-until-in-the-past",
            step(op, "coordinator", **to_test_org, validUntil="2024-01-01"),
        ),
        case(
            "coordinator-partner-without-bases",
            step(
                op,
                "coordinator",
                **{**to_test_org, "partnerOrganisationId": ORGANISATION_WITHOUT_BASES},
            ),
        ),
        case(
            "coordinator-partner-missing",
            step(op, "coordinator", **{**to_test_org, "partnerOrganisationId": MISSING_ID}),
        ),
        case(
            "coordinator-partner-base-of-other-organisation",
            step(op, "coordinator", **to_test_org, partnerOrganisationBaseIds=[2]),
        ),
        case(
            "coordinator-receiving-from-partner-base-of-other-organisation",
            step(
                op,
                "coordinator",
                **{**to_test_org, "type": "ReceivingFrom"},
                partnerOrganisationBaseIds=[4, TEST_BASE],
            ),
        ),
        case(
            "coordinator-base-of-other-organisation",
            step(op, "coordinator", **{**to_test_org, "initiatingOrganisationBaseIds": [1, 2]}),
        ),
        case(
            "coordinator-no-initiating-bases",
            step(op, "coordinator", **{**to_test_org, "initiatingOrganisationBaseIds": []}),
        ),
        case(
            "coordinator-invalid-date",
            step(op, "coordinator", **to_test_org, validFrom="2031-13-01"),
        ),
        case(
            "coordinator-invalid-type",
            step(op, "coordinator", **{**to_test_org, "type": "Sideways"}),
        ),
        case("headofops-sending-to", step(op, "headofops", **to_test_org)),
        case("god-sending-to", step(op, "god", **to_test_org)),
        case(
            "god-initiating-base-of-other-organisation",
            step(op, "god", **{**to_test_org, "initiatingOrganisationBaseIds": [1, 3]}),
        ),
        case("warehouse-sending-to", step(op, "warehouse", **to_test_org)),
        case("freeshop-sending-to", step(op, "freeshop", **to_test_org)),
        case("org2-for-organisation1", step(op, "org2", **to_test_org)),
        case(
            "org2-sending-to",
            step(
                op,
                "org2",
                **{
                    **to_test_org,
                    "initiatingOrganisationId": 2,
                    "initiatingOrganisationBaseIds": [2, 3],
                },
            ),
        ),
        case(
            "org2-identical-to-accepted",
            step(
                op,
                "org2",
                initiatingOrganisationId=2,
                partnerOrganisationId=1,
                type="ReceivingFrom",
                initiatingOrganisationBaseIds=[3],
            ),
        ),
    ]

    created = ref(0, "data", "createTransferAgreement", "id")
    for op, verb in (
        ("AcceptTransferAgreement", "accept"),
        ("RejectTransferAgreement", "reject"),
    ):
        cases[op] = [
            case("coordinator-under-review", step(op, "coordinator", id=5)),
            case("headofops-under-review", step(op, "headofops", id=5)),
            case("god-under-review", step(op, "god", id=5)),
            case("warehouse-under-review", step(op, "warehouse", id=5)),
            case("freeshop-under-review", step(op, "freeshop", id=5)),
            case("org2-under-review", step(op, "org2", id=5)),
            case("coordinator-accepted", step(op, "coordinator", id=4)),
            case("org2-accepted", step(op, "org2", id=4)),
            case("org2-rejected", step(op, "org2", id=2)),
            case("god-rejected", step(op, "god", id=2)),
            case("god-canceled", step(op, "god", id=3)),
            case("coordinator-test-organisations", step(op, "coordinator", id=1)),
            case("coordinator-missing", step(op, "coordinator", id=MISSING_ID)),
            case(
                "coordinator-twice",
                step(op, "coordinator", id=5),
                step(op, "coordinator", id=5),
            ),
            case(
                "coordinator-own-request",
                step("CreateTransferAgreement", "coordinator", **to_test_org),
                step(op, "coordinator", id=created),
            ),
            case(
                "god-own-request",
                step("CreateTransferAgreement", "coordinator", **to_test_org),
                step(op, "god", id=created),
            ),
            case(
                "coordinator-receiving-from-request",
                step(
                    "CreateTransferAgreement",
                    "coordinator",
                    **{**to_test_org, "type": "ReceivingFrom"},
                ),
                step(op, "coordinator", id=created),
            ),
            case(
                f"org2-{verb}-receiving-from-request",
                step(
                    "CreateTransferAgreement",
                    "coordinator",
                    **{**with_org2, "type": "ReceivingFrom"},
                    partnerOrganisationBaseIds=[4],
                    validFrom="2025-01-01",
                ),
                step(op, "org2", id=created),
            ),
        ]

    op = "CancelTransferAgreement"
    cases[op] = [
        case("coordinator-under-review-of-partner", step(op, "coordinator", id=5)),
        case("org2-under-review-own", step(op, "org2", id=5)),
        case("coordinator-accepted-own", step(op, "coordinator", id=4)),
        case("org2-accepted-of-partner", step(op, "org2", id=4)),
        case("headofops-accepted", step(op, "headofops", id=4)),
        case("god-accepted", step(op, "god", id=4)),
        case("warehouse-accepted", step(op, "warehouse", id=4)),
        case("freeshop-accepted", step(op, "freeshop", id=4)),
        case("god-rejected", step(op, "god", id=2)),
        case("coordinator-canceled", step(op, "coordinator", id=3)),
        case("coordinator-test-organisations", step(op, "coordinator", id=1)),
        case("coordinator-missing", step(op, "coordinator", id=MISSING_ID)),
        case("coordinator-twice", step(op, "coordinator", id=4), step(op, "coordinator", id=4)),
        case("coordinator-with-new-shipment", new_shipment(), step(op, "coordinator", id=4)),
    ]
    return cases


# --- shipments: creating and preparing ---------------------------------------------------------


def preparing_cases(f: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}
    b1 = f.labels(1, "InStock", 6)
    many = f.labels(1, "InStock", 240)[::8]
    donated, not_delivered = f.label(1, "Donated"), f.label(1, "NotDelivered")
    b2, b3 = f.labels(2, "InStock", 2), f.labels(3, "InStock", 2)
    s5 = [label for _, label, _ in shipment_details(f, 5)]
    s7 = [label for _, label, _ in shipment_details(f, 7)]
    # The deleted box is one of the aligned ones too (the original packs it all the same).
    al = aligned_labels(f, 3)
    deleted_setup = step("DeleteBoxes", "god", labelIdentifiers=[al[1]])

    op = "CreateShipment"
    cases[op] = [
        case("coordinator-to-base3", new_shipment()),
        case("coordinator-to-base2", new_shipment(target=2)),
        case("coordinator-to-base1", new_shipment(target=1)),
        case("coordinator-to-base4", new_shipment(target=4)),
        case("coordinator-from-base2", new_shipment(source=2, target=1)),
        case("coordinator-under-review-agreement", new_shipment(agreement=5)),
        case("coordinator-rejected-agreement", new_shipment(agreement=2)),
        case("coordinator-missing-agreement", new_shipment(agreement=MISSING_ID)),
        case("coordinator-same-base", new_shipment(target=1, agreement=None)),
        case("coordinator-other-organisation", new_shipment(target=2, agreement=None)),
        case("coordinator-missing-base", new_shipment(target=MISSING_ID, agreement=None)),
        case("headofops-to-base3", new_shipment("headofops")),
        case("god-to-base3", new_shipment("god")),
        case("god-missing-bases", new_shipment("god", MISSING_ID, MISSING_ID - 1, None)),
        case(
            "god-test-organisations",
            new_shipment("god", TEST_BASE, TEST_BASE + 1, 1),
        ),
        case("warehouse-to-base3", new_shipment("warehouse")),
        case("freeshop-to-base3", new_shipment("freeshop")),
        case("org2-from-base2", new_shipment("org2", 2, 1)),
        case("org2-from-base3", new_shipment("org2", 3, 1)),
        case("org2-from-base4", new_shipment("org2", 4, 1)),
        case("org2-within-organisation", new_shipment("org2", 2, 3, None)),
        case("org2-within-organisation-to-base4", new_shipment("org2", 3, 4, None)),
        case("org2-from-base1", new_shipment("org2", 1, 2)),
        case(
            "coordinator-canceled-agreement",
            step("CancelTransferAgreement", "coordinator", id=4),
            new_shipment(),
        ),
    ]

    op = "AssignBoxesToShipment"
    cases[op] = [
        case("coordinator-three", new_shipment(), packed(b1[:3])),
        case(
            "coordinator-labels-out-of-order",
            new_shipment(),
            packed([b1[4], b1[1], b1[3], b1[0]]),
        ),
        case(
            "coordinator-mixed",
            new_shipment(),
            deleted_setup,
            # The boxes it packs rise in label, id and location together: any plan
            # lists them in one order (see aligned_labels).
            packed(
                [al[0], al[0], donated, not_delivered, b2[0], s7[0], MISSING_LABEL, al[1], al[2]]
            ),
        ),
        case("coordinator-none", new_shipment(), packed([])),
        case("coordinator-thirty", new_shipment(), packed(shuffled(many))),
        case("coordinator-twice", new_shipment(), packed(b1[:2]), packed(b1[1:3])),
        case(
            "coordinator-box-of-other-shipment",
            new_shipment(),
            new_shipment(),
            packed(b1[:2]),
            packed(b1[1:3], shipment=NEW_SHIPMENT + 1),
        ),
        case("headofops-three", new_shipment(), packed(b1[:3], "headofops")),
        case("god-three", new_shipment(), packed(b1[:3], "god")),
        case("warehouse-three", new_shipment(), packed(b1[:3], "warehouse")),
        case("org2-three", new_shipment(), packed(b1[:3], "org2")),
        case("coordinator-shipment-of-base3", packed(b1[:1], shipment=5)),
        case("org2-shipment-of-base3", packed([*b3, b1[0]], "org2", shipment=5)),
        case("god-shipment-of-base3", packed(b3, "god", shipment=5)),
        case("org2-within-organisation", packed([*b2, b3[0]], "org2", shipment=7)),
        case("org2-sent-shipment", packed(b3, "org2", shipment=6)),
        case("coordinator-canceled-shipment", packed(b1[:1], shipment=2)),
        case("coordinator-missing-shipment", packed(b1[:1], shipment=MISSING_ID)),
    ]

    # Boxes whose rows come in one order whatever plan finds them (see above).
    al = aligned_labels(f, 6)
    s5_aligned, s7_aligned = aligned_in_shipment(f, 5), aligned_in_shipment(f, 7)
    for op in ("UnassignBoxesFromShipment", "RemoveBoxFromShipment"):
        name = (
            "labelIdentifiers"
            if op == "UnassignBoxesFromShipment"
            else ("removedBoxLabelIdentifiers")
        )

        def taken_out(labels, user="coordinator", shipment=NEW_SHIPMENT, _op=op, _name=name):
            return step(_op, user, id=shipment, **{_name: labels})

        cases[op] = [
            case("coordinator-three-of-six", new_shipment(), packed(al), taken_out(al[1:4])),
            case(
                "coordinator-mixed",
                new_shipment(),
                packed(al[:3]),
                taken_out([al[2], al[3], MISSING_LABEL, s7[0], al[2], al[0]]),
            ),
            case(
                "coordinator-twice",
                new_shipment(),
                packed(al),
                taken_out(al[:1]),
                taken_out(al[:4]),
            ),
            case("coordinator-none", new_shipment(), packed(al[:3]), taken_out([])),
            case(
                "coordinator-twenty-of-thirty",
                new_shipment(),
                packed(many),
                taken_out(shuffled(many)[5:25]),
            ),
            case("headofops-one", new_shipment(), packed(al[:3]), taken_out(al[:1], "headofops")),
            case("warehouse-one", new_shipment(), packed(al[:3]), taken_out(al[:1], "warehouse")),
            case("org2-one", new_shipment(), packed(al[:3]), taken_out(al[:1], "org2")),
            case("org2-shipment-of-base3", taken_out(s5_aligned[:1], "org2", 5)),
            case("org2-two-of-shipment-of-base3", taken_out(s5_aligned[::-1], "org2", 5)),
            case("coordinator-shipment-of-base3", taken_out(s5[:1], "coordinator", 5)),
            case(
                "god-within-organisation",
                taken_out(s7_aligned[::-1], "god", 7),
            ),
            case("org2-sent-shipment", taken_out(s5[:1], "org2", 6)),
            case("coordinator-missing-shipment", taken_out(al[:1], "coordinator", MISSING_ID)),
        ]

    op = "UnassignBoxesFromShipments"
    cases[op] = [
        case("org2-shipment-of-base3", step(op, "org2", shipment0=5, labelIdentifiers0=s5_aligned)),
        case("org2-within-organisation", step(op, "org2", shipment0=7, labelIdentifiers0=s7)),
        case(
            "coordinator-shipment-of-base3",
            step(op, "coordinator", shipment0=5, labelIdentifiers0=s5[:2]),
        ),
        case("god-within-organisation", step(op, "god", shipment0=7, labelIdentifiers0=s7[:1])),
        case(
            "warehouse-shipment-of-base3",
            step(op, "warehouse", shipment0=5, labelIdentifiers0=s5[:1]),
        ),
        case(
            "coordinator-new-shipment",
            new_shipment(),
            packed(al),
            step(op, "coordinator", shipment0=NEW_SHIPMENT, labelIdentifiers0=al[1:4]),
        ),
    ]
    op = "ExtraUnassignBoxesFromTwoShipments"
    cases[op] = [
        case(
            "org2-two-shipments",
            step(
                op,
                "org2",
                shipment0="5",
                labelIdentifiers0=s5_aligned,
                shipment1="7",
                labelIdentifiers1=s7_aligned,
            ),
        ),
        case(
            "coordinator-two-shipments",
            step(
                op,
                "coordinator",
                shipment0="5",
                labelIdentifiers0=s5_aligned,
                shipment1="7",
                labelIdentifiers1=s7_aligned,
            ),
        ),
        case(
            "god-two-shipments",
            step(
                op,
                "god",
                shipment0="5",
                labelIdentifiers0=s5[:1],
                shipment1="7",
                labelIdentifiers1=s7[:1],
            ),
        ),
    ]

    op = "ExtraChangeShipmentTargetBase"
    cases[op] = [
        case("org2-within-organisation", step(op, "org2", id="7", targetBaseId=4)),
        case("org2-within-organisation-to-base1", step(op, "org2", id="7", targetBaseId=1)),
        case(
            "org2-within-organisation-missing-base",
            step(op, "org2", id="7", targetBaseId=MISSING_ID),
        ),
        case(
            "org2-missing-base-with-boxes",
            step(op, "org2", id="7", targetBaseId=MISSING_ID, labelIdentifiers=b2),
        ),
        case("org2-agreement-base", step(op, "org2", id="5", targetBaseId=2)),
        case("org2-base-outside-agreement", step(op, "org2", id="5", targetBaseId=4)),
        case(
            "coordinator-new-shipment",
            new_shipment(),
            step(op, "coordinator", id=str(NEW_SHIPMENT), targetBaseId=2),
        ),
        case(
            "coordinator-new-shipment-outside-agreement",
            new_shipment(),
            step(op, "coordinator", id=str(NEW_SHIPMENT), targetBaseId=4, labelIdentifiers=b1[:2]),
        ),
        case("org2-sent-shipment", step(op, "org2", id="9", targetBaseId=2)),
    ]

    op = "UpdateMarkedForShipmentBox"
    cases[op] = [
        case(
            f"{user}-base1-marked-box",
            new_shipment(),
            packed(b1[:1]),
            step(op, user, labelIdentifier=b1[0], weight=12.5, monetaryValue=40.0),
        )
        for user in ("coordinator", "headofops", "warehouse", "freeshop", "org2", "god")
    ]
    return cases


# --- shipments: sending, receiving, canceling --------------------------------------------------


def state_cases(f: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}
    b1 = aligned_labels(f, 3)
    many = f.labels(1, "InStock", 240)[::8]

    op = "SendShipment"
    cases[op] = [
        case(
            "coordinator-new-shipment",
            new_shipment(),
            packed(b1),
            step(op, "coordinator", id=NEW_SHIPMENT),
        ),
        case(
            "coordinator-empty-shipment", new_shipment(), step(op, "coordinator", id=NEW_SHIPMENT)
        ),
        case(
            "coordinator-after-taking-one-out",
            new_shipment(),
            packed(b1),
            step(
                "UnassignBoxesFromShipment",
                "coordinator",
                id=NEW_SHIPMENT,
                labelIdentifiers=b1[1:2],
            ),
            step(op, "coordinator", id=NEW_SHIPMENT),
        ),
        case(
            "headofops-new-shipment",
            new_shipment(),
            packed(b1),
            step(op, "headofops", id=NEW_SHIPMENT),
        ),
        case(
            "warehouse-new-shipment",
            new_shipment(),
            packed(b1),
            step(op, "warehouse", id=NEW_SHIPMENT),
        ),
        case("org2-new-shipment", new_shipment(), packed(b1), step(op, "org2", id=NEW_SHIPMENT)),
        case("org2-shipment-of-base3", step(op, "org2", id=5)),
        case("coordinator-shipment-of-base3", step(op, "coordinator", id=5)),
        case("god-shipment-of-base3", step(op, "god", id=5)),
        case("org2-within-organisation", step(op, "org2", id=7)),
        case("org2-sent-shipment", step(op, "org2", id=6)),
        case(
            "coordinator-twice",
            new_shipment(),
            packed(b1),
            step(op, "coordinator", id=NEW_SHIPMENT),
            step(op, "coordinator", id=NEW_SHIPMENT),
        ),
        case("coordinator-missing", step(op, "coordinator", id=MISSING_ID)),
        case(
            "coordinator-thirty-less-five",
            new_shipment(),
            packed(shuffled(many)),
            step(
                "UnassignBoxesFromShipment",
                "coordinator",
                id=NEW_SHIPMENT,
                labelIdentifiers=many[3:8],
            ),
            step(op, "coordinator", id=NEW_SHIPMENT),
        ),
    ]

    op = "StartReceivingShipment"
    cases[op] = [
        case("coordinator-sent-to-base1", step(op, "coordinator", id=6)),
        case("headofops-sent-to-base1", step(op, "headofops", id=6)),
        case("god-sent-to-base1", step(op, "god", id=6)),
        case("warehouse-sent-to-base1", step(op, "warehouse", id=6)),
        case("org2-sent-to-base1", step(op, "org2", id=6)),
        case("org2-sent-to-base4", step(op, "org2", id=9)),
        case("god-sent-to-base4", step(op, "god", id=9)),
        case("coordinator-preparing", step(op, "coordinator", id=5)),
        case("coordinator-receiving", step(op, "coordinator", id=4)),
        case("coordinator-missing", step(op, "coordinator", id=MISSING_ID)),
        case(
            "org2-new-shipment-from-base1",
            new_shipment(),
            packed(b1),
            step("SendShipment", "coordinator", id=NEW_SHIPMENT),
            step(op, "org2", id=NEW_SHIPMENT),
        ),
        case(
            "org2-thirty-from-base1",
            new_shipment(),
            packed(many),
            step("SendShipment", "coordinator", id=NEW_SHIPMENT),
            step(op, "org2", id=NEW_SHIPMENT),
        ),
    ]

    op = "LostShipment"
    cases[op] = [
        case("coordinator-sent-to-base1", step(op, "coordinator", id=6)),
        case("org2-sent-to-base1", step(op, "org2", id=6)),
        case("headofops-sent-to-base1", step(op, "headofops", id=6)),
        case("warehouse-sent-to-base1", step(op, "warehouse", id=6)),
        case("org2-within-organisation", step(op, "org2", id=9)),
        case("coordinator-within-organisation2", step(op, "coordinator", id=9)),
        case("god-within-organisation", step(op, "god", id=9)),
        case("coordinator-preparing", step(op, "coordinator", id=5)),
        case("coordinator-receiving", step(op, "coordinator", id=4)),
        case("coordinator-missing", step(op, "coordinator", id=MISSING_ID)),
        case(
            "coordinator-new-shipment",
            new_shipment(),
            packed(b1),
            step("SendShipment", "coordinator", id=NEW_SHIPMENT),
            step(op, "coordinator", id=NEW_SHIPMENT),
        ),
        case(
            "org2-thirty-from-base1",
            new_shipment(),
            packed(shuffled(many)),
            step("SendShipment", "coordinator", id=NEW_SHIPMENT),
            step(op, "org2", id=NEW_SHIPMENT),
        ),
    ]

    op = "CancelShipment"
    cases[op] = [
        case("org2-preparing-from-base3", step(op, "org2", id=5)),
        case("coordinator-preparing-to-base1", step(op, "coordinator", id=5)),
        case("headofops-preparing-to-base1", step(op, "headofops", id=5)),
        case("warehouse-preparing-to-base1", step(op, "warehouse", id=5)),
        case("coordinator-within-organisation2", step(op, "coordinator", id=7)),
        case("god-within-organisation", step(op, "god", id=7)),
        case("org2-sent", step(op, "org2", id=6)),
        case("coordinator-canceled", step(op, "coordinator", id=2)),
        case("coordinator-missing", step(op, "coordinator", id=MISSING_ID)),
        case(
            "coordinator-new-shipment",
            new_shipment(),
            packed(b1),
            step(op, "coordinator", id=NEW_SHIPMENT),
        ),
        case(
            "coordinator-after-taking-one-out",
            new_shipment(),
            packed(b1),
            step(
                "UnassignBoxesFromShipment", "coordinator", id=NEW_SHIPMENT, labelIdentifiers=b1[:1]
            ),
            step(op, "coordinator", id=NEW_SHIPMENT),
        ),
        case(
            "coordinator-empty-shipment", new_shipment(), step(op, "coordinator", id=NEW_SHIPMENT)
        ),
    ]
    return cases


def receiving_cases(f: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}
    op = "UpdateShipmentWhenReceiving"
    s4 = shipment_details(f, 4)  # 2 -> 1, Receiving
    s10 = shipment_details(f, 10)  # 4 -> 2, Receiving (organisation 2)
    s6 = shipment_details(f, 6)  # 3 -> 1, Sent
    location1, location1b = f.location(1, "warehouse"), f.location(1, "warehouse2")
    location2 = f.location(2, "warehouse")
    product1 = f.custom_product(1)
    product1b = f.instantiation(1)
    product2 = f.custom_product(2)
    size1 = f.sizes(f.product_size_range(product1))[0]

    def received(detail_id, product=product1, location=location1, size=size1, quantity=10):
        return {
            "id": str(detail_id),
            "targetProductId": product,
            "targetLocationId": location,
            "targetSizeId": size,
            "targetQuantity": quantity,
        }

    def receive(user, shipment, inputs=None, lost=None):
        variables = {"id": shipment}
        if inputs is not None:
            variables["receivedShipmentDetailUpdateInputs"] = inputs
        if lost is not None:
            variables["lostBoxLabelIdentifiers"] = lost
        return step(op, user, **variables)

    (d1, l1, _), (d2, l2, _), (d3, l3, _), (d4, l4, _) = s4[:4]
    cases[op] = [
        case("coordinator-one-received", receive("coordinator", 4, [received(d2)])),
        case(
            "coordinator-two-received-one-lost",
            receive(
                "coordinator",
                4,
                [received(d3, product1b, location1b), received(d1, quantity=0)],
                [l2],
            ),
        ),
        case(
            "coordinator-all-reconciled",
            receive(
                "coordinator",
                4,
                [received(d1), received(d2), received(d4, product1b, location1b, quantity=3)],
                [l3, MISSING_LABEL],
            ),
        ),
        case("coordinator-all-lost", receive("coordinator", 4, [], [l4, l3, l1, l2])),
        case("coordinator-nothing", receive("coordinator", 4)),
        case("coordinator-lost-only", receive("coordinator", 4, None, [l1])),
        case(
            "coordinator-in-two-steps",
            receive("coordinator", 4, [received(d1), received(d2)]),
            receive("coordinator", 4, [received(d3)], [l4]),
        ),
        case(
            "coordinator-received-twice",
            receive("coordinator", 4, [received(d1)]),
            receive("coordinator", 4, [received(d2), received(d1)]),
        ),
        case(
            "coordinator-received-and-lost",
            receive("coordinator", 4, [received(d1)], [l1, l2]),
        ),
        case(
            "coordinator-location-of-source",
            receive("coordinator", 4, [received(d1, location=location2)]),
        ),
        case(
            "coordinator-product-of-source",
            receive("coordinator", 4, [received(d1, product=product2)]),
        ),
        case(
            "coordinator-missing-location",
            receive("coordinator", 4, [received(d1, location=MISSING_ID)]),
        ),
        case(
            "coordinator-missing-product",
            receive("coordinator", 4, [received(d1, product=MISSING_ID)]),
        ),
        case(
            "coordinator-missing-size", receive("coordinator", 4, [received(d1, size=MISSING_ID)])
        ),
        case(
            "coordinator-second-invalid",
            receive("coordinator", 4, [received(d1), received(d2, location=location2)], [l3]),
        ),
        case(
            "coordinator-detail-of-other-shipment",
            receive("coordinator", 4, [received(s6[0][0]), received(d1)]),
        ),
        case(
            "coordinator-negative-quantity", receive("coordinator", 4, [received(d1, quantity=-5)])
        ),
        case("headofops-one-received", receive("headofops", 4, [received(d2)])),
        case("god-one-received", receive("god", 4, [received(d2)])),
        case("warehouse-one-received", receive("warehouse", 4, [received(d2)])),
        case("freeshop-one-received", receive("freeshop", 4, [received(d2)])),
        case("org2-source-side", receive("org2", 4, [received(d2)])),
        case(
            "org2-within-organisation",
            receive(
                "org2",
                10,
                [received(s10[0][0], f.custom_product(2), location2, quantity=1)],
                [s10[1][1]],
            ),
        ),
        case("coordinator-sent", receive("coordinator", 6, [received(s6[0][0])])),
        case("coordinator-missing-shipment", receive("coordinator", MISSING_ID, [received(d1)])),
        case(
            "coordinator-new-shipment",
            new_shipment("org2", 3, 1),
            packed(f.labels(3, "InStock", 3), "org2"),
            step("SendShipment", "org2", id=NEW_SHIPMENT),
            step("StartReceivingShipment", "coordinator", id=NEW_SHIPMENT),
            receive(
                "coordinator",
                NEW_SHIPMENT,
                [received(FIRST_NEW_DETAIL + 2), received(FIRST_NEW_DETAIL)],
                [f.labels(3, "InStock", 3)[1]],
            ),
        ),
    ]

    many = f.labels(1, "InStock", 240)[::8]
    location3, product3 = f.location(3, "warehouse"), f.custom_product(3)
    size3 = f.sizes(f.product_size_range(product3))[0]
    thirty = [FIRST_NEW_DETAIL + n for n in range(len(many))]
    cases[op].append(
        case(
            "org2-twenty-received-five-lost-of-thirty",
            new_shipment(),
            packed(shuffled(many)),
            step("SendShipment", "coordinator", id=NEW_SHIPMENT),
            step("StartReceivingShipment", "org2", id=NEW_SHIPMENT),
            receive(
                "org2",
                NEW_SHIPMENT,
                [
                    received(d, product3, location3, size3, quantity=n)
                    for n, d in enumerate(thirty[29:9:-1])
                ],
                shuffled(many)[:5],
            ),
        )
    )

    op = "ExtraMoveNotDeliveredBoxesInStock"
    lost3 = lost_box_ids(f, 3)  # 2 -> 1, Lost
    lost1 = lost_box_ids(f, 1)  # 1 -> 2, Completed
    cases[op] = [
        case("coordinator-target-side", step(op, "coordinator", boxIds=lost3[:2])),
        case("org2-source-side", step(op, "org2", boxIds=lost3[:1])),
        case("coordinator-source-side-of-completed", step(op, "coordinator", boxIds=lost1[:2])),
        case("org2-target-side-of-completed", step(op, "org2", boxIds=lost1)),
        case("headofops-target-side", step(op, "headofops", boxIds=lost3)),
        case("god-target-side", step(op, "god", boxIds=lost3[:1])),
        case("warehouse-target-side", step(op, "warehouse", boxIds=lost3[:1])),
        case("coordinator-none-lost", step(op, "coordinator", boxIds=[str(MISSING_ID)])),
        case("coordinator-empty", step(op, "coordinator", boxIds=[])),
        case("coordinator-not-a-number", step(op, "coordinator", boxIds=["abc"])),
    ]
    return cases


def transfer_cases(facts: SeedFacts) -> dict[str, list[dict]]:
    cases: dict[str, list[dict]] = {}
    for generator in (agreement_cases, preparing_cases, state_cases, receiving_cases):
        cases.update(generator(facts))
    return cases
