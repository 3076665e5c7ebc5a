"""The Statistics dashboard with its charts, and a shareable link to it.

Its back-end (the statistics queries, shareable links) is built on other branches:
while a field these tests need is unbuilt here (boxtribute_api.api.schema), they are
skipped, and they run as soon as the fields land. On the original they pass
(E2E_API_URL, README)."""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import expect

from boxtribute_api.api.schema import build_schema, unbuilt_fields
from boxtribute_api.domains import DOMAIN_PACKAGES
from support.database import query

from . import users

UNBUILT = set(unbuilt_fields(build_schema(DOMAIN_PACKAGES)))
CHART_FIELDS = {
    "Query.stockOverview",
    "Query.createdBoxes",
    "Query.movedBoxes",
    "Query.beneficiaryFigures",
    "Query.beneficiaryDemographics",
    "Query.beneficiaryReach",
}
LINK_FIELDS = CHART_FIELDS | {"Mutation.createShareableLink"}
# The charts draw bars narrower than their labels in a small window: the browser
# complains about the negative widths, as it does on the original back-end.
CHART_DRAWING = re.compile(r"<rect> attribute width: A negative value is not valid")


def needs(fields: set[str]):
    missing = sorted(fields & UNBUILT)
    return pytest.mark.skipif(
        bool(missing) and not os.environ.get("E2E_API_URL"),
        reason=f"statistics back-end not built yet: {', '.join(missing)}",
    )


SECTIONS = {
    "Stock Overview": ["stockOverview", "createdBoxes"],
    "Movement History": ["movedBoxes"],
    "Beneficiary Overview": ["BeneficiaryFigures", "BeneficiaryDemographics", "BeneficiaryReach"],
}


def open_dashboard(app_as):
    tab = app_as(users.COORDINATOR).goto("/bases/1/statviz")
    tab.expected_console = CHART_DRAWING
    page = tab.page
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Your current stock in Lesvos base"))).to_be_visible()
    return tab


def test_the_dashboard_summarises_the_base_stock(app_as):
    tab = open_dashboard(app_as)

    expect(tab.page.get_by_role("button", name="Stock Overview")).to_be_visible()
    tab.wait_for_operation("dashboardInfo")
    tab.wait_for_operation("DashboardFilterData")


@needs(CHART_FIELDS)
def test_the_dashboard_draws_its_charts(app_as):
    tab = open_dashboard(app_as)
    page = tab.page

    for section, operations in SECTIONS.items():
        page.get_by_role("button", name=section).click()
        for operation in operations:
            tab.wait_for_operation(operation)
        region = page.get_by_role("region", name=section)
        expect(region.locator("svg").first).to_be_visible()


@needs(LINK_FIELDS)
def test_creating_a_shareable_link_to_the_stock_overview(app_as, database):
    tab = open_dashboard(app_as)
    page = tab.page
    page.get_by_role("button", name="Stock Overview").click()
    tab.wait_for_operation("stockOverview")

    page.get_by_role("button", name="Link sharing options").first.click()
    page.get_by_role("button", name="Create Link").first.click()

    expect(page.get_by_text("Shareable Link Created")).to_be_visible()
    link = page.get_by_role("button", name=re.compile(r"\?code=[0-9a-f]+$"))
    code = link.inner_text().rsplit("=", 1)[1]
    rows = query(
        database,
        "SELECT view, base_id, created_by_id FROM shareable_link WHERE code = %s",
        (code,),
    )
    assert rows == [("StockOverview", 1, users.COORDINATOR.user_id)]
