"""Small steps on the web app's pages that many tests take, and what the database
holds afterwards."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from support.database import query


def choose(
    page: Page,
    label: str | Locator,
    option: str | re.Pattern | None = None,
    search: str | None = None,
) -> None:
    """Pick `option` (its exact text, or a pattern) in the app's searchable select
    (react-select) labelled `label` (or this combobox), after typing `search` (by
    default the option's text without the gender in brackets); without `option`, the
    first one offered."""
    box = page.get_by_role("combobox", name=label) if isinstance(label, str) else label
    box.click()
    if option is None:
        page.get_by_role("option").first.click()
        return
    if search is None and isinstance(option, str):
        search = option.split(" (")[0]  # the search matches names, not the gender shown
    if search:
        box.fill(search)
    page.get_by_role("option", name=option, exact=isinstance(option, str)).first.click()


def box_row(database: str, label_identifier: str) -> dict:
    """The box's row with its product, location and state names."""
    rows = query(
        database,
        "SELECT s.id, s.items, l.label, bs.label, p.name, s.deleted"
        " FROM stock s JOIN locations l ON l.id = s.location_id"
        " JOIN box_state bs ON bs.id = s.box_state_id JOIN products p ON p.id = s.product_id"
        " WHERE s.box_id = %s",
        (label_identifier,),
    )
    assert len(rows) == 1, rows
    stock_id, items, location, state, product, deleted = rows[0]
    return dict(
        id=stock_id, items=items, location=location, state=state, product=product, deleted=deleted
    )


def box_tags(database: str, label_identifier: str) -> set[str]:
    rows = query(
        database,
        "SELECT t.label FROM tags_relations tr JOIN tags t ON t.id = tr.tag_id"
        " JOIN stock s ON s.id = tr.object_id AND tr.object_type = 'Stock'"
        " WHERE s.box_id = %s AND tr.deleted_on IS NULL",
        (label_identifier,),
    )
    return {label for (label,) in rows}


def wait_for_box_page(page: Page, label_identifier: str) -> None:
    expect(page.get_by_test_id("box-header")).to_contain_text(f"Box {label_identifier}")
