"""A box's pages: detail, edit and create, and what a coordinator changes on them ends
up in the database. Every flow takes a box of its own from the dev seed (base 1,
Lesvos, InStock)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from . import users
from .pages import box_row, box_tags, choose, wait_for_box_page


def test_the_box_page_shows_the_box_from_the_seed(app_as):
    page = app_as(users.COORDINATOR).goto("/bases/1/boxes/47849644").page

    wait_for_box_page(page, "47849644")
    expect(page.get_by_test_id("boxview-number-items")).to_contain_text("426x Gloves")
    expect(page.get_by_test_id("box-state")).to_have_text("InStock")
    expect(page.get_by_test_id("box-tags")).to_contain_text("floor")
    expect(page.get_by_text("Move this box from")).to_contain_text("WH")
    expect(page.get_by_text("Another Dev Volunteer")).to_be_visible()


def test_the_edit_page_fills_the_form_with_the_box(app_as):
    page = app_as(users.COORDINATOR).goto("/bases/1/boxes/47849644/edit").page

    expect(page.get_by_role("heading", name="Box 47849644")).to_be_visible()
    expect(page.get_by_role("spinbutton").first).to_have_value("426")
    expect(page.get_by_text("Gloves (Boy)")).to_be_visible()
    expect(page.get_by_role("button", name="Remove floor")).to_be_visible()


def test_adding_and_taking_items_changes_the_count(app_as, database):
    page = app_as(users.COORDINATOR).goto("/bases/1/boxes/30393007").page
    wait_for_box_page(page, "30393007")

    page.get_by_test_id("increase-items").click()
    page.get_by_test_id("increase-number-items").locator("input").fill("10")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_test_id("boxview-number-items")).to_contain_text("924x")
    assert box_row(database, "30393007")["items"] == 924

    page.get_by_test_id("decrease-items").click()
    page.get_by_test_id("decrease-number-items").locator("input").fill("24")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_test_id("boxview-number-items")).to_contain_text("900x")
    assert box_row(database, "30393007")["items"] == 900


def test_moving_a_box_to_another_location(app_as, database):
    page = app_as(users.COORDINATOR).goto("/bases/1/boxes/62486570").page
    wait_for_box_page(page, "62486570")

    page.get_by_test_id("location-stockroom-btn").click()

    expect(page.get_by_text("Move this box from")).to_contain_text("Stockroom")
    assert box_row(database, "62486570")["location"] == "Stockroom"


def test_tagging_a_box_on_its_edit_page(app_as, database):
    page = app_as(users.COORDINATOR).goto("/bases/1/boxes/21243702/edit").page

    choose(page, "Tags", "west")
    page.get_by_role("button", name="Update Box").click()

    wait_for_box_page(page, "21243702")
    expect(page.get_by_test_id("box-tags")).to_contain_text("west")
    assert box_tags(database, "21243702") == {"west"}


def test_scrapping_a_box(app_as, database):
    page = app_as(users.COORDINATOR).goto("/bases/1/boxes/25898291").page
    wait_for_box_page(page, "25898291")

    page.get_by_test_id("box-scrap-btn").click()

    expect(page.get_by_test_id("box-state")).to_have_text("Scrap")
    assert box_row(database, "25898291")["state"] == "Scrap"


def test_creating_a_box_by_hand(app_as, database):
    page = app_as(users.COORDINATOR).goto("/bases/1/boxes/create").page
    expect(page.get_by_role("heading", name="Create New Box")).to_be_visible()

    choose(page, "Product *", "Tents")
    choose(page, "Size *")
    page.get_by_role("spinbutton").first.fill("7")
    choose(page, "Location *", "WH2")
    page.get_by_role("button", name="Save", exact=True).click()

    page.wait_for_url(re.compile(r"/bases/1/boxes/\d+$"))
    label = page.url.rsplit("/", 1)[1]
    expect(page.get_by_test_id("boxview-number-items")).to_contain_text("7x Tents")
    row = box_row(database, label)
    assert (row["items"], row["product"], row["location"]) == (7, "Tents", "WH2")


def test_creating_a_box_from_a_new_qr_code(app_as, database):
    from support.database import query

    (code,) = query(
        database,
        "SELECT code FROM qr WHERE id NOT IN (SELECT qr_id FROM stock WHERE qr_id IS NOT NULL)"
        " ORDER BY id LIMIT 1",
    )[0]
    # The address a scanned label opens: the app resolves the code, finds no box and
    # offers to create one.
    page = app_as(users.COORDINATOR).goto(f"/qrreader/{code}").page
    page.wait_for_url(re.compile(rf"/bases/1/boxes/create/{code}$"))
    expect(page.get_by_role("heading", name="Create New Box")).to_be_visible()

    choose(page, "Product *", "Hats (UnisexKid)")
    choose(page, "Size *")
    page.get_by_role("spinbutton").first.fill("3")
    choose(page, "Location *", "WH")
    page.get_by_role("button", name="Save", exact=True).click()

    page.wait_for_url(re.compile(r"/bases/1/boxes/\d+$"))
    label = page.url.rsplit("/", 1)[1]
    rows = query(
        database,
        "SELECT s.box_id, s.items FROM stock s JOIN qr ON qr.id = s.qr_id WHERE qr.code = %s",
        (code,),
    )
    assert rows == [(label, 3)]
