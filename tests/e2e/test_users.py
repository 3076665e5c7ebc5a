"""Three users, three sets of rights: a coordinator, a warehouse volunteer and god.
What the app shows each of them, and what it refuses, matches what the API answers
them (observed the same on the original back-end: E2E_API_URL, README).

The warehouse volunteer's claims are the project's approximation of that Auth0 role
(boxtribute_api.cli.dev_token.roles): stock and QR codes, no tags, no shipments, no
products. The app itself hides the pages their actions do not include; where it asks
the API anyway, the API's FORBIDDEN is what the page reports."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from . import users
from .pages import wait_for_box_page

NOT_PERMITTED = "Access to this page is not permitted for your user group."


def menu(page) -> list[str]:
    navigation = page.get_by_role("navigation")
    expect(navigation.get_by_role("button", name="Aid Inventory")).to_be_visible()
    return navigation.get_by_role("button").all_inner_texts()


def test_the_menu_offers_each_user_their_own_sections(app_as):
    coordinator = app_as(users.COORDINATOR).goto("/bases/1/boxes").page
    volunteer = app_as(users.WAREHOUSE).goto("/bases/1/transfers/shipments").page
    volunteer_tab = app_as.tabs[-1]
    volunteer_tab.errors_expected = True  # the shipments: see the test below

    assert {"Aid Inventory", "Aid Transfers", "Beneficiaries", "Coordinator Admin"} <= set(
        menu(coordinator)
    )
    volunteer_menu = set(menu(volunteer))
    assert {"Aid Inventory", "Aid Transfers"} <= volunteer_menu
    assert not {"Beneficiaries", "Coordinator Admin"} & volunteer_menu


def test_the_base_home_finds_a_box_by_its_number(app_as):
    page = app_as(users.COORDINATOR).goto("/bases/1").page

    expect(page.get_by_role("tab", name="SOLO BOX")).to_be_visible()
    page.get_by_role("textbox", name="Find Box").fill("47849644")
    page.get_by_role("button", name="Find box By label").click()

    page.wait_for_url(re.compile(r"/bases/1/boxes/47849644$"))
    wait_for_box_page(page, "47849644")


@pytest.mark.parametrize(
    "path", ["/bases/1/products", "/bases/1/tags", "/bases/1/transfers/agreements"]
)
def test_a_warehouse_volunteer_may_not_open_coordinator_pages(app_as, path):
    tab = app_as(users.WAREHOUSE).goto(path)
    tab.errors_expected = True

    expect(tab.page.get_by_text(NOT_PERMITTED).first).to_be_visible()
    assert tab.graphql_errors() == []


def test_a_warehouse_volunteer_is_refused_shipments_by_the_api(app_as):
    tab = app_as(users.WAREHOUSE).goto("/bases/1/transfers/shipments")
    tab.errors_expected = True

    answer = tab.wait_for_operation("Shipments")
    assert [(e["path"], e["extensions"]["code"]) for e in answer["errors"]] == [
        (["shipments"], "FORBIDDEN")
    ]
    expect(tab.page.get_by_text("Something went wrong!").first).to_be_visible()
    expect(tab.page.get_by_role("tab", name="Receiving (0)")).to_be_visible()


def test_god_sees_the_boxes_of_any_organisation(app_as):
    page = app_as(users.GOD).goto("/bases/2/boxes").page

    expect(page.get_by_role("heading", name="Manage Boxes")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Select all \d+ boxes$"))).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("^Toggle Row Selected")).first).to_be_visible()

    page.goto(page.url.split("/bases/")[0] + "/bases/1/products")
    expect(page.get_by_role("row", name=re.compile("^pillows "))).to_be_visible()
