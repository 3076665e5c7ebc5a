"""Auth0 roles as development tokens carry them: the permissions each role grants, per
base or for all the user's bases, and the claims of a token.

The coordinator's permission set is the one upstream's coordinator users carry; the
other roles' sets are approximations (upstream keeps them in Auth0, not in its code).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ...auth.user import CLAIM_PREFIX, GOD_ROLE
from ...config import Settings

DEFAULT_BETA_USER = 99
DEFAULT_TIMEZONE = "Europe/London"


def _grants(spec: Mapping[str, str]) -> frozenset[str]:
    """{"stock": "read write"} -> {"stock:read", "stock:write"}"""
    return frozenset(f"{res}:{m}" for res, methods in spec.items() for m in methods.split())


@dataclass(frozen=True)
class RoleDefinition:
    """Permissions of one Auth0 role. `per_base` ones are written with a `base_<id>/`
    prefix for each of the user's bases; `unprefixed` ones apply to the `base_ids`
    claim as a whole."""

    role_names: tuple[str, ...]  # Auth0 role names; "{base}" is replaced per base
    per_base: frozenset[str]
    unprefixed: frozenset[str]


_COORDINATOR_PER_BASE = _grants(
    {
        "base": "read",
        "beneficiary": "create delete edit read",
        "beneficiary_language": "assign",
        "distro_event": "read write",
        "history": "read",
        "location": "read",
        "organisation": "read",
        "outflow_log": "read write",
        "packing_list_entry": "read write",
        "product": "read write",
        "product_category": "read",
        "qr": "create read",
        "shareable_link": "create",
        "size": "read",
        "size_range": "read",
        "stock": "read write",
        "tag": "write",
        "tag_relation": "assign read",
        "transaction": "read write",
        "unboxed_items_collection": "read write",
        "user": "read",
    }
)
_COORDINATOR_UNPREFIXED = _grants(
    {
        "shipment": "create edit",
        "shipment_detail": "write",
        "standard_product": "read",
        "transfer_agreement": "create edit",
        "transfer_agreement_detail": "read",
        "unit": "read",
    }
)
_VOLUNTEER_COMMON = _grants(
    {
        "base": "read",
        "organisation": "read",
        "user": "read",
        "location": "read",
        "product": "read",
        "product_category": "read",
        "size": "read",
        "size_range": "read",
        "stock": "read",
        "tag_relation": "read",
    }
)
_WAREHOUSE_PER_BASE = _VOLUNTEER_COMMON | _grants(
    {"stock": "write", "qr": "create read", "history": "read", "tag_relation": "assign"}
)
_FREE_SHOP_PER_BASE = _VOLUNTEER_COMMON | _grants(
    {
        "beneficiary": "create edit read",
        "beneficiary_language": "assign",
        "transaction": "read write",
        "tag_relation": "assign",
    }
)
_LIBRARY_PER_BASE = _grants(
    {
        "base": "read",
        "organisation": "read",
        "user": "read",
        "beneficiary": "read",
        "tag_relation": "read",
    }
)
_LABEL_CREATION_PER_BASE = _VOLUNTEER_COMMON | _grants({"qr": "create read"})
_VOLUNTEER_UNPREFIXED = _grants({"standard_product": "read", "unit": "read"})

ROLES: dict[str, RoleDefinition] = {
    "coordinator": RoleDefinition(
        ("base_{base}_coordinator",), _COORDINATOR_PER_BASE, _COORDINATOR_UNPREFIXED
    ),
    # Head of Operations ("administrator" in Auth0): everything unprefixed, so it
    # holds in every base of the base_ids claim.
    "head-of-ops": RoleDefinition(
        ("administrator",), frozenset(), _COORDINATOR_PER_BASE | _COORDINATOR_UNPREFIXED
    ),
    "warehouse-volunteer": RoleDefinition(
        ("base_{base}_warehouse_volunteer",), _WAREHOUSE_PER_BASE, _VOLUNTEER_UNPREFIXED
    ),
    "free-shop-volunteer": RoleDefinition(
        ("base_{base}_free_shop_volunteer",), _FREE_SHOP_PER_BASE, _VOLUNTEER_UNPREFIXED
    ),
    "library-volunteer": RoleDefinition(
        ("base_{base}_library_volunteer",), _LIBRARY_PER_BASE, frozenset()
    ),
    "label-creation": RoleDefinition(
        ("base_{base}_label_creation",), _LABEL_CREATION_PER_BASE, _VOLUNTEER_UNPREFIXED
    ),
    # The seeded "Volunteer" user groups hold both warehouse and free-shop roles.
    "volunteer": RoleDefinition(
        ("base_{base}_warehouse_volunteer", "base_{base}_free_shop_volunteer"),
        _WAREHOUSE_PER_BASE | _FREE_SHOP_PER_BASE,
        _VOLUNTEER_UNPREFIXED,
    ),
    # God is recognised by its role alone and checked for nothing.
    "god": RoleDefinition((GOD_ROLE,), frozenset(), frozenset()),
}
ROLE_ALIASES = {
    "base-coordinator": "coordinator",
    "head-of-operations": "head-of-ops",
    "administrator": "head-of-ops",
    "admin": "head-of-ops",
    "warehouse": "warehouse-volunteer",
    "free-shop": "free-shop-volunteer",
    "library": "library-volunteer",
    "label-creator": "label-creation",
    "boxtribute-god": "god",
}


def role_definition(role: str) -> RoleDefinition:
    key = role.strip().lower().replace("_", "-")
    key = ROLE_ALIASES.get(key, key)
    try:
        return ROLES[key]
    except KeyError:
        raise ValueError(f"Unknown role {role!r}; choose one of {', '.join(ROLES)}") from None


def role_names(role: str, base_ids: Iterable[int]) -> list[str]:
    definition = role_definition(role)
    names: list[str] = []
    for template in definition.role_names:
        if "{base}" in template:
            names.extend(template.format(base=b) for b in base_ids)
        else:
            names.append(template)
    return names


def role_permissions(role: str, base_ids: Iterable[int]) -> list[str]:
    """The permissions claim for a user holding `role` in each of `base_ids`."""
    definition = role_definition(role)
    entries = {f"base_{b}/{p}" for b in base_ids for p in definition.per_base}
    entries |= definition.unprefixed
    return sorted(entries)


def claims_for(
    role: str,
    organisation_id: int | None,
    base_ids: Sequence[int],
    user_id: int,
    *,
    beta_user: int = DEFAULT_BETA_USER,
    timezone: str | None = DEFAULT_TIMEZONE,
    settings: Settings | None = None,
) -> dict[str, Any]:
    """Token payload (without iat/exp) for a demo user, shaped like Auth0's."""
    settings = settings or Settings.from_env()
    base_ids = [int(b) for b in base_ids]
    return {
        "iss": settings.issuer,
        "aud": settings.auth0_audience,
        "sub": f"auth0|{int(user_id)}",
        f"{CLAIM_PREFIX}/roles": role_names(role, base_ids),
        f"{CLAIM_PREFIX}/permissions": role_permissions(role, base_ids),
        f"{CLAIM_PREFIX}/base_ids": base_ids,
        f"{CLAIM_PREFIX}/organisation_id": organisation_id,
        f"{CLAIM_PREFIX}/beta_user": beta_user,
        f"{CLAIM_PREFIX}/timezone": timezone,
    }


# Suffix of a per-base Auth0 role name ("base_<id>_<suffix>") -> role of ROLES.
_ROLE_NAME_SUFFIXES = {
    "coordinator": "coordinator",
    "warehouse_volunteer": "warehouse-volunteer",
    "free_shop_volunteer": "free-shop-volunteer",
    "library_volunteer": "library-volunteer",
    "label_creation": "label-creation",
    # Not modelled separately: the closest role (it checks beneficiaries out in the shop).
    "external_free_shop_checkout": "free-shop-volunteer",
}
_ROLE_NAME_PATTERN = re.compile(r"^base_(\d+)_(\w+)$")


def permissions_for_role_names(role_names: Iterable[str], base_ids: Iterable[int]) -> list[str]:
    """The permissions claim for a user holding these Auth0 roles: per-base roles grant
    their definition's per-base permissions in their own base, "administrator" grants
    its permissions unprefixed (so in every base of the `base_ids` claim)."""
    base_ids = list(base_ids)
    entries: set[str] = set()
    for name in role_names:
        match = _ROLE_NAME_PATTERN.match(name)
        if match and match.group(2) in _ROLE_NAME_SUFFIXES:
            definition = ROLES[_ROLE_NAME_SUFFIXES[match.group(2)]]
            entries |= {f"base_{match.group(1)}/{p}" for p in definition.per_base}
            entries |= definition.unprefixed
        elif name in ("administrator", GOD_ROLE):
            entries.update(role_permissions(name, base_ids))
        else:
            print(f"warning: role {name!r} grants nothing in development tokens", file=sys.stderr)
    return sorted(entries)
