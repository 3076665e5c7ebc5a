"""Shareable-link cases: createShareableLink (the statistics page's "share" button,
CreateShareableLink, and ExtraCreateShareableLink with a chosen expiry and every
answer field) for the users who may and may not create links, and resolveLink on
the public service (/public, no token: user "anonymous") for links that are valid,
expired or unknown.

Every link of the seed has expired; a valid link is created by a set-up step.

The public service's figures for spans given by two of start, end and duration
(seed data lies in 2019 and 2025), by a duration up to now (recorded with the
clock, see statcases.py), and the spans the original refuses.
"""

from __future__ import annotations

from .mutationcases import ref
from .querycases import case, step
from .seedfacts import MISSING_ID, SeedFacts
from .users import ANONYMOUS

# Who may create links for base 1 (shareable_link:create there): god, the head of
# operations and the coordinator; the volunteers may not; org2 is another
# organisation's coordinator.
USERS = ("god", "headofops", "coordinator", "warehouse", "freeshop", "readonly", "org2")

DASHBOARD, STOCK = "StatvizDashboard", "StockOverview"


def created_code(step_index: int = 0) -> dict:
    return ref(step_index, "data", "createShareableLink", "code")


def link_cases(f: SeedFacts) -> dict[str, list[dict]]:
    expired_code = f.one("SELECT code FROM shareable_link ORDER BY id LIMIT 1")
    stock_tag, all_tag = f.tag(1, "Stock"), f.tag(1, "All")
    filters = f"tags={stock_tag},{all_tag}&notags={f.tag(1, 'Stock', nth=1)}"
    cases: dict[str, list[dict]] = {}

    op = "CreateShareableLink"
    cases[op] = [
        *(
            case(f"{user}-base1-dashboard", step(op, user, baseId=1, view=DASHBOARD))
            for user in USERS
        ),
        case(
            "coordinator-base1-stock-overview-filtered",
            step(op, "coordinator", baseId=1, view=STOCK, urlParameters=filters),
        ),
        case("coordinator-base2-same-organisation", step(op, "coordinator", baseId=2, view=STOCK)),
        case("coordinator-base3-other-organisation", step(op, "coordinator", baseId=3, view=STOCK)),
        case("coordinator-missing-base", step(op, "coordinator", baseId=MISSING_ID, view=STOCK)),
        case("god-missing-base", step(op, "god", baseId=MISSING_ID, view=STOCK)),
        case("headofops-base2", step(op, "headofops", baseId=2, view=DASHBOARD)),
        case("org2-base2", step(op, "org2", baseId=2, view=STOCK, urlParameters="notags=1")),
        case("org2-base4-same-organisation", step(op, "org2", baseId=4, view=DASHBOARD)),
        case("coordinator-unknown-view", step(op, "coordinator", baseId=1, view="Dashboard")),
    ]

    op = "ExtraCreateShareableLink"

    def link(**fields) -> dict:
        return {"baseId": 1, "view": STOCK, **fields}

    cases[op] = [
        case("coordinator-defaults", step(op, "coordinator", input=link())),
        case(
            "coordinator-valid-until-with-offset",
            step(
                op,
                "coordinator",
                input=link(validUntil="2031-06-01T12:30:45+02:00", urlParameters="tags=1"),
            ),
        ),
        case(
            "coordinator-valid-until-with-fraction",
            step(op, "coordinator", input=link(validUntil="2031-01-01T00:00:00.250000")),
        ),
        case(
            "coordinator-valid-until-past",
            step(op, "coordinator", input=link(validUntil="2020-01-01T00:00:00")),
        ),
        case(
            "warehouse-valid-until-past",
            step(op, "warehouse", input=link(validUntil="2020-01-01T00:00:00")),
        ),
        case(
            "org2-base1-valid-until-past",
            step(op, "org2", input=link(validUntil="2020-01-01T00:00:00")),
        ),
        case("god-missing-base", step(op, "god", input=link(baseId=MISSING_ID))),
        case("headofops-dashboard", step(op, "headofops", input=link(view=DASHBOARD))),
        # The column holds 2,000 characters.
        case(
            "coordinator-url-parameters-2000",
            step(op, "coordinator", input=link(urlParameters="tags=" + "1" * 1995)),
        ),
        case(
            "coordinator-url-parameters-too-long",
            step(op, "coordinator", input=link(urlParameters="tags=" + "1" * 1996)),
        ),
        case(
            "coordinator-valid-until-not-a-date",
            step(op, "coordinator", input=link(validUntil="next week")),
        ),
    ]

    op = "resolveLink"
    cases[op] = [
        case("anonymous-expired", step(op, ANONYMOUS, code=expired_code)),
        case("anonymous-unknown", step(op, ANONYMOUS, code="no-such-link")),
        case(
            "stock-overview-created-then-resolved",
            step("CreateShareableLink", "coordinator", baseId=1, view=STOCK),
            step(op, ANONYMOUS, code=created_code()),
        ),
        case(
            "stock-overview-filtered-created-then-resolved",
            step("CreateShareableLink", "coordinator", baseId=1, view=STOCK, urlParameters=filters),
            step(op, ANONYMOUS, code=created_code()),
        ),
        case(
            "dashboard-created-then-resolved",
            step("CreateShareableLink", "headofops", baseId=1, view=DASHBOARD),
            step(op, ANONYMOUS, code=created_code()),
        ),
        case(
            "base2-stock-overview-created-then-resolved",
            step("CreateShareableLink", "org2", baseId=2, view=STOCK),
            step(op, ANONYMOUS, code=created_code()),
        ),
    ]

    op = "ExtraResolveLink"
    cases[op] = [
        case("anonymous-expired", step(op, ANONYMOUS, code=expired_code)),
        case("anonymous-unknown", step(op, ANONYMOUS, code="no-such-link")),
        case("anonymous-empty-code", step(op, ANONYMOUS, code="")),
        case(
            "dashboard-created-then-resolved",
            step("ExtraCreateShareableLink", "coordinator", input=link(view=DASHBOARD)),
            step(op, ANONYMOUS, code=created_code()),
        ),
        case(
            "stock-overview-given-expiry-created-then-resolved",
            step(
                "ExtraCreateShareableLink",
                "coordinator",
                input=link(validUntil="2031-06-01T12:30:45+02:00", urlParameters=filters),
            ),
            step(op, ANONYMOUS, code=created_code()),
        ),
    ]
    op = "ExtraPublicFigures"
    spans = {
        "start-end-month": dict(start="2025-08-01T00:00:00", end="2025-09-01T00:00:00"),
        "start-end-with-offsets": dict(
            start="2025-11-01T00:00:00+05:00", end="2025-12-01T00:00:00-03:00"
        ),
        "start-end-fraction": dict(start="2025-07-15T00:59:59.000001", end="2025-11-20T03:08:44"),
        "start-end-2019": dict(start="2019-09-02T00:00:00", end="2019-12-01T00:00:00"),
        "start-end-negative-duration-ignored": dict(
            start="2020-01-01T00:00:00", end="2030-01-01T00:00:00", duration=-3
        ),
        "start-duration": dict(start="2025-10-01T00:00:00", duration=20),
        "end-duration": dict(end="2025-11-13T09:11:26", duration=60),
        "start-after-end": dict(start="2030-01-01T00:00:00", end="2020-01-01T00:00:00"),
        "start-in-the-future": dict(start="2099-01-01T00:00:00"),
        "negative-duration": dict(duration=-1),
        "end-only": dict(end="2025-07-01T00:00:00"),
        "nothing": dict(),
    }
    cases[op] = [case(name, step(op, ANONYMOUS, **span)) for name, span in spans.items()]
    # Up to now: the replay holds its clock at the time of recording.
    cases[op] += [
        {**case(name, step(op, ANONYMOUS, **span)), "clock": True}
        for name, span in {
            "duration-up-to-now": dict(duration=400),
            "start-up-to-now": dict(start="2025-11-01T00:00:00"),
        }.items()
    ]
    return cases
