from . import users


def test_smoke(app_as):
    tab = app_as(users.COORDINATOR)
    tab.goto("/bases/1/boxes")
    tab.page.wait_for_timeout(8000)
    tab.page.screenshot(path="/tmp/e2e_shot.png")
    print(tab.operations())
    print(tab.problems())
    print(tab.page.url)
