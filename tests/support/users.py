"""The demo world's users as token claims: `client.token(**COORDINATOR)`.

One definition per kind of user, with the user ids the demo world gives them
(`demo_world/users.py`: `base_user_id`, README "Demo users"), so that what a test reads
back (createdBy, history rows) names the user the token stands for. The claims are
read-only; extend one with `dict(COORDINATOR, permissions=[...])`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from boxtribute_api.demo_world.users import (
    GOD_USER_ID,
    HEAD_OF_OPS_USER_IDS,
    MULTI_BASE_COORDINATOR_ID,
    base_user_id,
)
from boxtribute_api.demo_world.vocabulary import ORGANISATION_BASES

Claims = Mapping[str, object]


def organisation_of(base_id: int) -> int:
    return next(o for o, bases in ORGANISATION_BASES.items() if base_id in bases)


def base_user(base_id: int, role: str) -> Claims:
    """The demo user holding `role` in one base (role: a key of demo_world.users.BASE_GROUPS,
    which are also dev-token role names)."""
    return MappingProxyType(
        dict(
            role=role,
            organisation_id=organisation_of(base_id),
            base_ids=[base_id],
            user_id=base_user_id(base_id, role),
        )
    )


def head_of_ops(organisation_id: int) -> Claims:
    return MappingProxyType(
        dict(
            role="head-of-ops",
            organisation_id=organisation_id,
            base_ids=list(ORGANISATION_BASES[organisation_id]),
            user_id=HEAD_OF_OPS_USER_IDS[organisation_id],
        )
    )


GOD = MappingProxyType(dict(role="god", organisation_id=None, base_ids=[], user_id=GOD_USER_ID))
HEAD_OF_OPS = head_of_ops(1)  # BoxAid: bases 1 and 2
HEAD_OF_OPS_ORG_2 = head_of_ops(2)  # BoxCare: bases 3 and 4

# Base 1 (Lesvos, organisation 1).
COORDINATOR = base_user(1, "coordinator")
VOLUNTEER = base_user(1, "volunteer")  # warehouse and free-shop roles
WAREHOUSE_VOLUNTEER = base_user(1, "warehouse-volunteer")
FREE_SHOP_VOLUNTEER = base_user(1, "free-shop-volunteer")
LIBRARY_VOLUNTEER = base_user(1, "library-volunteer")
LABEL_CREATION = base_user(1, "label-creation")

# Other bases.
COORDINATOR_BASE_2 = base_user(2, "coordinator")  # Thessaloniki, organisation 1
COORDINATOR_ORG_2 = base_user(3, "coordinator")  # Samos, organisation 2
COORDINATOR_ORG_2_BOTH_BASES = MappingProxyType(
    dict(
        role="coordinator",
        organisation_id=2,
        base_ids=[3, 4],
        user_id=MULTI_BASE_COORDINATOR_ID,
    )
)


def coordinator_of(base_id: int) -> Claims:
    return base_user(base_id, "coordinator")


def user_id(claims: Claims) -> str:
    """The user id as the API answers it (`createdBy { id }`)."""
    return str(claims["user_id"])
