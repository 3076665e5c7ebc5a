"""Manage Boxes: the base's boxes from the seed, searched, filtered, with other
columns, and moved in bulk."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from . import users
from .pages import box_row


def open_manage_boxes(app_as) -> Page:
    page = app_as(users.COORDINATOR).goto("/bases/1/boxes").page
    expect(page.get_by_role("heading", name="Manage Boxes")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("47849644"))).to_be_visible()
    return page


def data_rows(page: Page):
    return page.get_by_role("row", name=re.compile("^Toggle Row Selected"))


def test_the_table_lists_the_base_boxes_with_their_totals(app_as):
    page = open_manage_boxes(app_as)

    row = page.get_by_role("row", name=re.compile("47849644"))
    expect(row).to_contain_text("Gloves")
    expect(row).to_contain_text("WH")
    expect(page.get_by_text(re.compile(r"^Select all \d+ boxes$"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"^\d+ boxes$")).first).to_be_visible()


def test_searching_and_filtering_by_location(app_as):
    page = open_manage_boxes(app_as)

    page.get_by_role("textbox", name="Search").fill("47849644")
    expect(data_rows(page)).to_have_count(1)
    page.get_by_role("textbox", name="Search").fill("")

    page.get_by_role("button", name="Open Filters").click()
    location = page.get_by_role("combobox", name="Location")
    location.click()
    location.fill("Stockroom")
    page.get_by_role("option", name="Stockroom", exact=True).click()
    page.get_by_test_id("boxes-filter-apply").click()

    expect(data_rows(page).first).to_be_visible()
    locations = data_rows(page).locator("td:nth-child(6)").all_inner_texts()
    assert locations and set(locations) == {"Stockroom"}, locations


def test_showing_another_column(app_as):
    page = open_manage_boxes(app_as)
    headers = page.get_by_role("columnheader")
    expect(headers.filter(has_text=re.compile("^Size$"))).to_have_count(0)

    page.get_by_role("button", name="Columns Shown").click()
    size = page.get_by_role("checkbox", name="Size", exact=True)
    page.locator("label").filter(has=size).click()

    expect(headers.filter(has_text=re.compile("^Size$"))).to_have_count(1)
    expect(page.get_by_role("button", name="Columns Shown")).to_have_text("7")


def test_moving_boxes_in_bulk(app_as, database):
    page = open_manage_boxes(app_as)
    for label in ("74035113", "26398019"):  # in WH2, on the first page
        row = page.get_by_role("row", name=re.compile(label))
        row.get_by_role("checkbox").check(force=True)
    expect(page.get_by_text("2 Boxes selected")).to_be_visible()

    page.get_by_role("button", name="Move").click()
    page.get_by_role("menuitem", name="Stockroom").click()

    expect(page.get_by_role("row", name=re.compile("74035113"))).to_contain_text("Stockroom")
    assert box_row(database, "74035113")["location"] == "Stockroom"
    assert box_row(database, "26398019")["location"] == "Stockroom"
