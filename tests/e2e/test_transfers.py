"""Aid transfers: the seed's agreements and shipments, and a shipment's whole life
through the UI: the coordinator of Lesvos (BoxAid) starts it, adds boxes on a box's
page and from Manage Boxes, sends it; BoxCare's coordinator receives it and reconciles
every box into Thessaloniki. The database is checked after each step.

Every pair of BoxAid and BoxCare bases is already covered by an agreement in the seed
(a new one would be a duplicate), so the new agreement links BoxAid with
TestOrganisation, and the one accepted is BoxCare's open request to BoxAid."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from support.database import query

from . import users
from .pages import choose, wait_for_box_page


def test_the_agreements_page_lists_the_partners(app_as):
    page = app_as(users.COORDINATOR).goto("/bases/1/transfers/agreements").page

    expect(page.get_by_role("heading", name="My Transfer Network")).to_be_visible()
    accepted = page.get_by_role("row", name=re.compile("we want this to work forever"))
    expect(accepted).to_contain_text("BoxCare")
    expect(accepted).to_contain_text("Thessaloniki")
    expect(page.get_by_role("row", name=re.compile("this is a test agreement"))).to_contain_text(
        "Declined"
    )


def test_the_shipments_page_lists_the_base_shipments(app_as):
    page = app_as(users.COORDINATOR).goto("/bases/1/transfers/shipments").page

    expect(page.get_by_role("tab", name=re.compile(r"^Receiving \(\d+\)$"))).to_be_visible()
    sent = page.get_by_role("row", name=re.compile("^S006-251225-SAxLE"))
    expect(sent).to_contain_text("Samos")
    expect(sent).to_contain_text("Sent")


def test_a_shipment_page_shows_its_content(app_as):
    page = app_as(users.COORDINATOR).goto("/bases/1/transfers/shipments/1").page

    expect(page.get_by_role("heading", name="View Shipment")).to_be_visible()
    expect(page.get_by_text("S001-251223-LExTH")).to_be_visible()
    expect(page.get_by_text("COMPLETED").first).to_be_visible()
    expect(page.get_by_text("Trousers Girl (939x)")).to_be_visible()


def agreement_state(database: str, agreement_id: int) -> str:
    return query(database, "SELECT state FROM transfer_agreement WHERE id = %s", (agreement_id,))[
        0
    ][0]


def test_accepting_a_partner_request(app_as, database):
    tab = app_as(users.COORDINATOR).goto("/bases/1/transfers/agreements")
    page = tab.page

    page.get_by_role("button", name="Request Open").click()
    page.get_by_role("button", name="Accept").click()

    answer = tab.wait_for_operation("AcceptTransferAgreement")
    assert answer["data"]["acceptTransferAgreement"]["state"] == "Accepted"
    expect(page.get_by_role("button", name="Request Open")).to_have_count(0)
    assert agreement_state(database, 5) == "Accepted"


def test_linking_a_new_partner(app_as, database):
    page = app_as(users.COORDINATOR).goto("/bases/1/transfers/agreements/create").page

    choose(page, "Partner organisation", "TestOrganisation")
    page.get_by_role("button", name="Link New Partner").click()

    page.wait_for_url(re.compile(r"/bases/1/transfers/agreements$"))
    expect(page.get_by_role("row", name=re.compile("TestOrganisation"))).to_be_visible()
    rows = query(
        database,
        "SELECT state, source_organisation_id, target_organisation_id FROM transfer_agreement"
        " WHERE 100000000 IN (source_organisation_id, target_organisation_id)"
        " AND 1 IN (source_organisation_id, target_organisation_id)",
    )
    assert [row[0] for row in rows] == ["UnderReview"]


def shipment_state(database: str, shipment_id: str) -> str:
    return query(database, "SELECT state FROM shipment WHERE id = %s", (shipment_id,))[0][0]


def shipment_boxes(database: str, shipment_id: str) -> dict[str, tuple]:
    rows = query(
        database,
        "SELECT s.box_id, bs.label, l.camp_id FROM shipment_detail d"
        " JOIN stock s ON s.id = d.box_id JOIN box_state bs ON bs.id = s.box_state_id"
        " JOIN locations l ON l.id = s.location_id"
        " WHERE d.shipment_id = %s AND d.removed_on IS NULL",
        (shipment_id,),
    )
    return {label: (state, base) for label, state, base in rows}


def start_shipment(page: Page) -> str:
    page.goto(page.url.split("/bases/")[0] + "/bases/1/transfers/shipments/create")
    choose(page, "Organisation", "BoxCare")
    choose(page, "Base", "Thessaloniki")
    page.get_by_role("button", name="Start New Shipment").click()
    page.wait_for_url(re.compile(r"/bases/1/transfers/shipments/\d+$"))
    return page.url.rsplit("/", 1)[1]


def test_a_shipment_from_start_to_reconciliation(app_as, database):
    sender = app_as(users.COORDINATOR).goto("/bases/1/transfers/shipments").page
    shipment_id = start_shipment(sender)
    expect(sender.get_by_text("Lesvos").first).to_be_visible()
    assert shipment_state(database, shipment_id) == "Preparing"
    label = sender.get_by_text(re.compile(r"^S\d+-\d{6}-\w+$")).first.inner_text()

    # A box added on its own page ...
    sender.goto(sender.url.split("/bases/")[0] + "/bases/1/boxes/99101489")
    wait_for_box_page(sender, "99101489")
    sender.get_by_role("tab", name="Transfer").click()
    choose(sender, "", re.compile(f"Thessaloniki.*{label}"), search="Thessaloniki")
    sender.get_by_role("button", name="Assign Box").click()
    expect(sender.get_by_test_id("box-state")).to_have_text("MarkedForShipment")

    # ... and one from Manage Boxes.
    sender.goto(sender.url.split("/bases/")[0] + "/bases/1/boxes")
    sender.get_by_role("textbox", name="Search").fill("23075684")
    rows = sender.get_by_role("row", name=re.compile("^Toggle Row Selected"))
    expect(rows).to_have_count(1)
    rows.first.get_by_role("checkbox").check(force=True)
    sender.get_by_role("button", name="Transfer", exact=True).click()
    sender.get_by_role("menuitem", name=re.compile(label)).click()
    expect(rows.first).to_contain_text("MarkedForShipment")
    assert shipment_boxes(database, shipment_id) == {
        "99101489": ("MarkedForShipment", 1),
        "23075684": ("MarkedForShipment", 1),
    }

    sender.goto(sender.url.split("/bases/")[0] + f"/bases/1/transfers/shipments/{shipment_id}")
    sender.get_by_role("button", name="Finalize & Send").click()
    expect(sender.get_by_text("SENT", exact=True)).to_be_visible()
    assert shipment_state(database, shipment_id) == "Sent"

    receiver = app_as(users.PARTNER).goto(f"/bases/2/transfers/shipments/{shipment_id}").page
    receiver.get_by_role("button", name="Receive Shipment").click()
    expect(receiver.get_by_text("RECEIVING").first).to_be_visible()
    assert shipment_state(database, shipment_id) == "Receiving"

    for box in ("99101489", "23075684"):
        receiver.get_by_role("row", name=re.compile(box)).click()
        dialog = receiver.get_by_role("dialog")
        choose(receiver, dialog.get_by_role("combobox").nth(0))  # product
        choose(receiver, dialog.get_by_role("combobox").nth(1))  # size
        receiver.get_by_role("button", name="Confirm Delivered Items").click()
        choose(receiver, dialog.get_by_role("combobox").last)  # location
        receiver.get_by_role("button", name="Save and Move Instock").click()
        expect(receiver.get_by_role("dialog")).to_have_count(0)

    expect(receiver.get_by_text("COMPLETED", exact=True).first).to_be_visible()
    assert shipment_state(database, shipment_id) == "Completed"
    assert shipment_boxes(database, shipment_id) == {
        "99101489": ("Instock", 2),
        "23075684": ("Instock", 2),
    }
