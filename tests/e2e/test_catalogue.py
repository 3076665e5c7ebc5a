"""Products and tags: the seed's lists, and what a coordinator adds or changes there
ends up in the database."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from support.database import query

from . import users
from .pages import choose


def test_the_products_page_lists_the_base_products(app_as):
    page = app_as(users.COORDINATOR).goto("/bases/1/products").page

    expect(page.get_by_role("heading", name="Manage Products")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("^pillows "))
    expect(row).to_contain_text("2994")
    expect(page.get_by_role("row", name=re.compile(r"^Accessories \(\d+\)"))).to_be_visible()


def test_enabling_a_standard_product(app_as, database):
    page = app_as(users.COORDINATOR).goto("/bases/1/products/assort").page
    baby_bibs = page.get_by_role("row", name=re.compile("Baby Bibs"))
    baby_bibs.get_by_role("button", name="Enable").click()

    page.wait_for_url(re.compile(r"/products/enable/1$"))
    expect(page.get_by_role("heading", name="Enable New Product")).to_be_visible()
    page.get_by_role("button", name="Enable Product").click()

    page.wait_for_url(re.compile(r"/bases/1/products/assort$"))
    expect(
        page.get_by_role("row", name=re.compile("Baby Bibs")).get_by_role("button", name="Disable")
    ).to_be_visible()
    enabled = query(
        database,
        "SELECT COUNT(*) FROM products"
        " WHERE camp_id = 1 AND standard_product_id = 1 AND deleted IS NULL",
    )
    assert enabled == [(1,)]


def test_creating_and_editing_a_custom_product(app_as, database):
    page = app_as(users.COORDINATOR).goto("/bases/1/products/create").page

    page.get_by_role("textbox", name="Please enter a product name.").fill("E2E Blankets")
    choose(page, "Category *")
    choose(page, "Gender *")
    choose(page, "Size Range *")
    page.get_by_role("spinbutton").fill("5")
    page.get_by_role("button", name="Add Product").click()

    page.wait_for_url(re.compile(r"/bases/1/products$"))
    expect(page.get_by_role("row", name=re.compile("^E2E Blankets "))).to_be_visible()
    ((product_id, price),) = query(
        database, "SELECT id, value FROM products WHERE camp_id = 1 AND name = 'E2E Blankets'"
    )
    assert price == 5

    page.goto(f"{page.url}/edit/{product_id}")
    name = page.get_by_role("textbox", name="Please enter a product name.")
    expect(name).to_have_value("E2E Blankets")
    name.fill("E2E Wool Blankets")
    page.get_by_role("button", name="Edit Product").click()

    page.wait_for_url(re.compile(r"/bases/1/products$"))
    expect(page.get_by_role("row", name=re.compile("^E2E Wool Blankets "))).to_be_visible()
    assert query(database, "SELECT name FROM products WHERE id = %s", (product_id,)) == [
        ("E2E Wool Blankets",)
    ]


def test_the_tags_page_lists_the_base_tags(app_as):
    page = app_as(users.COORDINATOR).goto("/bases/1/tags").page

    for tag in ("floor", "Congress", "particular"):
        expect(page.get_by_role("row", name=re.compile(rf"\b{tag}\b")).first).to_be_visible()


def test_creating_and_editing_a_tag(app_as, database):
    page = app_as(users.COORDINATOR).goto("/bases/1/tags/create").page

    page.get_by_role("textbox", name="Please enter a tag name.").fill("e2e-urgent")
    choose(page, "Apply To *", "Boxes")
    page.get_by_role("button", name="Save Tag").click()

    page.wait_for_url(re.compile(r"/bases/1/tags$"))
    expect(page.get_by_role("row", name=re.compile("e2e-urgent"))).to_be_visible()
    ((tag_id,),) = query(database, "SELECT id FROM tags WHERE camp_id = 1 AND label = 'e2e-urgent'")

    page.get_by_role("row", name=re.compile("e2e-urgent")).get_by_text("e2e-urgent").click()
    page.wait_for_url(re.compile(rf"/bases/1/tags/{tag_id}$"))
    name = page.get_by_role("textbox", name="Please enter a tag name.")
    expect(name).to_have_value("e2e-urgent")
    name.fill("e2e-very-urgent")
    page.get_by_role("button", name="Save Tag").click()

    page.wait_for_url(re.compile(r"/bases/1/tags$"))
    expect(page.get_by_role("row", name=re.compile("e2e-very-urgent"))).to_be_visible()
    assert query(database, "SELECT label FROM tags WHERE id = %s", (tag_id,)) == [
        ("e2e-very-urgent",)
    ]
