"""The domains the API is made of, lowest first. A new domain: a folder + one line."""

PACKAGE = __package__

DOMAINS = (
    "user",
    "organisation",
    "base",
    "location",
    "product",
    "tag",
    "qr",
    "box",
    "history",
    "beneficiary",
    "distribution",
    "shipment",
    "agreement",
    "statistics",
    "link",
)

DOMAIN_PACKAGES = tuple(f"{PACKAGE}.{name}" for name in DOMAINS)
