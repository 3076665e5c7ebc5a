"""The app calls the API from another origin, as in the usual local set-up: every
request passes the CORS preflight, trace headers included (the API here runs with
ENVIRONMENT=production, so only the configured headers are allowed)."""

from __future__ import annotations

from urllib.parse import urlsplit

from . import users


def test_the_app_calls_the_api_cross_origin_with_its_trace_headers(app_as):
    tab = app_as(users.COORDINATOR)
    with tab.page.expect_request(
        lambda request: request.url.startswith(tab.graphql_url) and request.method == "POST"
    ) as sent:
        tab.goto("/bases/1/boxes")
    request = sent.value

    assert urlsplit(tab.base_url).netloc != urlsplit(request.url).netloc
    headers = request.all_headers()
    assert headers["authorization"].startswith("Bearer ")
    assert "traceparent" in headers
    response = request.response()
    assert response is not None and response.status == 200
    assert response.header_value("access-control-allow-origin") == tab.base_url
    tab.wait_for_operation("BoxesForBoxesView")
