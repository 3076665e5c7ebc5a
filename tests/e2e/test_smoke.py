import os

import pytest

from . import users

PAGES = os.environ.get("E2E_EXPLORE", "").split(",")


@pytest.mark.parametrize("path", PAGES)
def test_smoke(app_as, path):
    tab = app_as(users.COORDINATOR)
    tab.errors_expected = True
    tab.goto(path)
    tab.page.wait_for_timeout(3500)
    name = path.strip("/").replace("/", "_")
    tab.page.screenshot(path=f"/tmp/e2e_explore/{name}.png")
    with open(f"/tmp/e2e_explore/{name}.aria", "w") as f:
        print(tab.page.locator("body").aria_snapshot(), file=f)
        print(tab.problems(), file=f)
