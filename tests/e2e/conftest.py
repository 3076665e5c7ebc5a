"""Fixtures of the end-to-end tests: the real web app in headless Chromium, logged in
through a local identity provider, calling this back-end under real gunicorn
cross-origin (the app and the API on different ports: CORS preflights included).

One browser for the session and one browser context per user, logged in once; each
test gets a new tab (`app_as`). A failing test leaves a screenshot and the tab's
GraphQL log in test-artifacts/e2e/<test>/ (README "The frontend end to end").
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from profiling.harness import throwaway_keys
from support.client import gunicorn_for, settings_for
from support.database import RUN_ID, create_database, drop_database, load_sql_file
from support.reference import REFERENCE

from . import users
from .browser import AppPage
from .frontend import AUDIENCE, CLIENT_ID, FrontendServer, frontend_build_dir
from .identity import USER_COOKIE, IdentityProvider

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS") or REPO / "test-artifacts" / "e2e")
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
API_AUTH0_DOMAIN = "boxtribute-e2e.test"
TIMEOUT_MS = 15_000
# The welcome tour opens for a user who has not seen it; the tests' users have.
WALKTHROUGH_SEEN = """
if (location.origin === "%(origin)s") {
  const seen = JSON.stringify({ completedPaths: [], hasSeenWelcome: true });
  const original = Storage.prototype.getItem;
  Storage.prototype.getItem = function (key) {
    if (/^boxtribute_(mobile_)?walkthrough_/.test(key) && original.call(this, key) === null) {
      return seen;
    }
    return original.call(this, key);
  };
}
"""


def _missing() -> str | None:
    build = frontend_build_dir()
    if not (build / "dist" / "index.html").is_file():
        return f"the frontend build is absent ({build}/dist): end-to-end tests skipped"
    if not (REFERENCE / "dropapp-dev-seed.sql").is_file():
        return "../shared/reference is absent (dev seed): end-to-end tests skipped"
    if not Path(CHROMIUM).is_file():
        return f"Chromium is absent ({CHROMIUM}, apt-get install chromium): e2e tests skipped"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (requirements-dev.txt): end-to-end tests skipped"
    return None


# Another back-end instead of ours, e.g. the original as oracle (README "The frontend
# end to end"): its URL, the database it serves (the dev seed, reloaded by hand), the
# private key whose public half it trusts, and the Auth0 domain and audience it checks.
EXTERNAL_API = os.environ.get("E2E_API_URL")


@pytest.fixture(scope="package")
def e2e_database():
    reason = _missing()
    if reason:
        pytest.skip(reason)
    if EXTERNAL_API:
        yield os.environ["E2E_API_DATABASE"]
        return
    name = f"boxtribute_test_e2e_{RUN_ID}"
    create_database(name)
    load_sql_file(name, REFERENCE / "dropapp-dev-seed.sql")
    yield name
    drop_database(name)


@pytest.fixture(scope="package")
def e2e_stack(e2e_database):
    """The identity provider, the served build and the API, wired to each other."""
    if EXTERNAL_API:
        private_pem = Path(os.environ["E2E_API_PRIVATE_KEY"]).read_text()
        keys = None
        api_domain = os.environ.get("E2E_API_AUTH0_DOMAIN", "boxtribute-local.test")
        api_audience = os.environ.get("E2E_API_AUDIENCE", "boxtribute-local-api")
    else:
        keys = throwaway_keys()
        private_pem = keys.private_pem
        api_domain, api_audience = API_AUTH0_DOMAIN, AUDIENCE
    settings = settings_for(e2e_database)
    claims = users.token_claims(settings, e2e_database)
    identity = IdentityProvider(
        private_pem,
        lambda: claims,
        client_id=CLIENT_ID,
        api_issuer=f"https://{api_domain}/",
        api_audience=api_audience,
    )
    frontend = FrontendServer(
        frontend_build_dir() / "dist",
        auth0_domain=identity.url,
        port=int(os.environ.get("E2E_FRONTEND_PORT", "0")),
    )
    if EXTERNAL_API:
        with identity, frontend:
            graphql_url = EXTERNAL_API.rstrip("/") + "/graphql"
            frontend.point_at(graphql_url)
            yield Stack(e2e_database, identity, frontend, None, graphql_url)
        return
    # Not a development environment: CORS allows the configured headers only, by
    # default those the web app sends (traceparent included).
    api_env = dict(
        ENVIRONMENT="production",
        LOG_FORMAT="text",
        AUTH0_DOMAIN=API_AUTH0_DOMAIN,
        AUTH0_AUDIENCE=AUDIENCE,
        AUTH0_PUBLIC_KEY="",
        AUTH0_URL=identity.local_url,
        CORS_ORIGINS=frontend.url,
    )
    with identity, frontend, gunicorn_for(e2e_database, keys, workers=1, **api_env) as api:
        graphql_url = f"http://localhost:{api.port}/graphql"
        frontend.point_at(graphql_url)
        yield Stack(e2e_database, identity, frontend, api, graphql_url)


class Stack:
    def __init__(self, database, identity, frontend, api, graphql_url):
        self.database = database
        self.identity = identity
        self.frontend = frontend
        self.api = api
        self.graphql_url = graphql_url


# Package scope, not session: Playwright's sync API keeps its event loop running in
# the main thread while the browser is open, and the database layer refuses calls
# made on a running loop; the tests after tests/e2e must run without it.
@pytest.fixture(scope="package")
def browser(e2e_stack):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=10_000)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM)
        yield chromium
        chromium.close()


@pytest.fixture(scope="package")
def _contexts(browser, e2e_stack):
    """One browser context per user, logged in at the identity provider (its cookie)."""
    contexts = {}

    def context_for(user: users.E2EUser):
        if user.key not in contexts:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.set_default_timeout(TIMEOUT_MS)
            context.add_cookies(
                [{"name": USER_COOKIE, "value": user.key, "url": e2e_stack.identity.url}]
            )
            context.add_init_script(WALKTHROUGH_SEEN % {"origin": e2e_stack.frontend.url})
            contexts[user.key] = context
        return contexts[user.key]

    yield context_for
    for context in contexts.values():
        context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"_e2e_{report.when}", report)
    return report


@pytest.fixture
def app_as(request, _contexts, e2e_stack):
    """app_as(user) -> a new tab of the app for that user (users.COORDINATOR, ...).
    After the test: the tab must have met no error (AppPage.assert_clean) unless the
    test set `tab.errors_expected`; on failure its screenshot and log are saved."""
    tabs: list[AppPage] = []

    def open_tab(user: users.E2EUser = users.COORDINATOR) -> AppPage:
        tab = AppPage(
            _contexts(user).new_page(),
            user.key,
            e2e_stack.frontend.url,
            e2e_stack.graphql_url,
        )
        tabs.append(tab)
        return tab

    open_tab.tabs = tabs
    yield open_tab
    call = getattr(request.node, "_e2e_call", None)
    failed = call is not None and call.failed
    try:
        if not failed:
            for tab in tabs:
                if not getattr(tab, "errors_expected", False):
                    tab.assert_clean()
    except AssertionError:
        failed = True
        raise
    finally:
        if failed:
            folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.nodeid)
            shutil.rmtree(folder, ignore_errors=True)
            for number, tab in enumerate(tabs):
                tab.save_artifacts(folder / f"tab{number}-{tab.user}")
        for tab in tabs:
            tab.page.close()


@pytest.fixture(scope="package")
def database(e2e_stack) -> str:
    """The name of the database behind the API (for checking what a flow wrote)."""
    return e2e_stack.database
