import pytest

from . import users

PAGES = [
    "/bases/1",
    "/bases/1/boxes/47849644",
    "/bases/1/boxes/47849644/edit",
    "/bases/1/boxes/create",
    "/bases/1/products",
    "/bases/1/products/enable",
    "/bases/1/products/create",
    "/bases/1/tags",
    "/bases/1/tags/create",
    "/bases/1/transfers/agreements",
    "/bases/1/transfers/shipments",
    "/bases/1/transfers/shipments/1",
    "/bases/1/statviz",
]


@pytest.mark.parametrize("path", PAGES)
def test_smoke(app_as, path):
    tab = app_as(users.COORDINATOR)
    tab.errors_expected = True
    tab.goto(path)
    tab.page.wait_for_timeout(4000)
    name = path.strip("/").replace("/", "_")
    tab.page.screenshot(path=f"/tmp/e2e_explore/{name}.png")
    with open("/tmp/e2e_explore/log.txt", "a") as f:
        print(path, tab.operations(), tab.problems(), tab.failed_elsewhere, file=f)
