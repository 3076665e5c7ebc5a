"""The domains the API is made of, lowest first.

A domain imports only the domains listed before it (and the machinery below all of
them: api, auth, db, runtime); `.importlinter` checks exactly this order, and the
test command runs it. A new domain: a folder and one line here (and in
`.importlinter`).
"""

import importlib

PACKAGE = __package__

DOMAINS = (
    "user",
    "organisation",
    "base",
    "history",  # the change log: its model and the recorder every write uses
    "location",
    "product",
    "tag",
    "qr",
    "distribution",
    "box",
    "beneficiary",
    "tagging",  # tags on boxes and beneficiaries alike
    "agreement",
    "shipment",
    "statistics",
    "link",
)

DOMAIN_PACKAGES = tuple(f"{PACKAGE}.{name}" for name in DOMAINS)


def import_domains() -> None:
    """Import every domain's modules, so that each port a domain provides to a lower
    one (ports.py) is in place, also where no schema is built (CLI, scripts)."""
    for package in DOMAIN_PACKAGES:
        for module in ("store", "resolvers", "mutations"):
            try:
                importlib.import_module(f"{package}.{module}")
            except ModuleNotFoundError as error:
                if error.name != f"{package}.{module}":
                    raise
