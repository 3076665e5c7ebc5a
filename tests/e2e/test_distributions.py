"""Distribution pages: the reference build has none.

The web app at the reference commit routes no distribution page (its router knows
bases, boxes, products, tags, transfers, statviz, qrreader and guides; the
distribution views in its source are unreachable), and the dev seed holds no
distribution spot or event. So there is nothing to test in the browser; this test
notices when a build does route them, so that their tests get written."""

from __future__ import annotations

import re

import pytest

from .frontend import frontend_build_dir


def test_the_reference_build_routes_no_distribution_page():
    scripts = sorted((frontend_build_dir() / "dist" / "assets").glob("index-*.js"))
    if not scripts:
        pytest.skip("the frontend build is absent: end-to-end tests skipped")
    routes = set(re.findall(r'path:"([\w:]+)"', scripts[0].read_text(errors="replace")))

    assert {"boxes", "transfers", "statviz"} <= routes
    assert not {route for route in routes if "distribution" in route.lower()}
