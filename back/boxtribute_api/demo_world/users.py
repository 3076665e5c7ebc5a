"""The demo users: predictable ids and e-mails, their usergroups with bases and Auth0
role names shaped like the original's dev seed, and the rows that store them.

The users are the same for every seed.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from .vocabulary import (
    ACTIVE_BASES,
    BASES,
    ORGANISATION_BASES,
    ORGANISATIONS,
    WORLD_START,
    organisation_of,
)
from .world import World, as_datetime

EMAIL_DOMAIN = "demo.boxtribute.org"

# Access levels of cms_usergroups_levels.
LEVEL_ADMIN, LEVEL_COORDINATOR, LEVEL_USER = 1, 2, 3

# Per-base usergroups: key (also in e-mails), label suffix, level, Auth0 role suffixes.
BASE_GROUPS = [
    ("coordinator", "Coordinator", LEVEL_COORDINATOR, ["coordinator"]),
    ("volunteer", "Volunteer", LEVEL_USER, ["warehouse_volunteer", "free_shop_volunteer"]),
    ("warehouse-volunteer", "Volunteer (Warehouse)", LEVEL_USER, ["warehouse_volunteer"]),
    ("free-shop-volunteer", "Volunteer (Free Shop)", LEVEL_USER, ["free_shop_volunteer"]),
    ("library-volunteer", "Volunteer (Library)", LEVEL_USER, ["library_volunteer"]),
    ("label-creation", "Label Creation", LEVEL_USER, ["label_creation"]),
]
FIRST_BASE_USER_ID = 8  # user 8 is the coordinator of base 1, as in the original's seed


def base_user_id(base_id: int, key: str) -> int:
    """Id of the demo user holding the per-base role `key` (see BASE_GROUPS)."""
    index = [g[0] for g in BASE_GROUPS].index(key)
    return FIRST_BASE_USER_ID + (base_id - 1) * len(BASE_GROUPS) + index


def demo_email(key: str, base_id: int | None = None, organisation_id: int | None = None) -> str:
    if base_id is not None:
        return f"{key}.base{base_id}@{EMAIL_DOMAIN}"
    if organisation_id is not None:
        return f"{key}.org{organisation_id}@{EMAIL_DOMAIN}"
    return f"{key}@{EMAIL_DOMAIN}"


GOD_USER_ID = 1
HEAD_OF_OPS_USER_IDS = {1: 2, 2: 3, 3: 7}
MULTI_BASE_COORDINATOR_ID = 4  # coordinator of bases 3 and 4
DELETED_USER_ID = 5
EXPIRED_USER_ID = 6


@dataclass
class DemoUser:
    id: int
    name: str
    email: str
    usergroup_id: int
    organisation_id: int
    base_ids: list[int]
    role_names: list[str]
    deleted: bool = False
    valid_last_day: datetime.date | None = None


def _role_id(role_name: str) -> str:
    # Auth0 role ids look like "rol_" + 16 characters; stable per role name.
    digest = hashlib.sha256(role_name.encode()).hexdigest()
    return "rol_" + digest[:16]


def _demo_users() -> tuple[list[dict], list[DemoUser]]:
    """Usergroups (as rows) and users: the same for every seed."""
    groups: list[dict] = []
    users: list[DemoUser] = []

    def group(label, organisation_id, level, base_ids, role_names, deleted=None) -> dict:
        row = dict(
            id=len(groups) + 1,
            label=label,
            organisation_id=organisation_id,
            level=level,
            base_ids=base_ids,
            role_names=role_names,
            deleted=deleted,
        )
        groups.append(row)
        return row

    god = group("Boxtribute God", 1, LEVEL_ADMIN, [], ["boxtribute_god"])
    users.append(
        DemoUser(GOD_USER_ID, "Demo God", demo_email("god"), god["id"], 1, [], ["boxtribute_god"])
    )
    for organisation_id, name, _deleted in ORGANISATIONS:
        bases = ORGANISATION_BASES[organisation_id]
        hoo = group("Head of Operations", organisation_id, LEVEL_ADMIN, bases, ["administrator"])
        users.append(
            DemoUser(
                HEAD_OF_OPS_USER_IDS[organisation_id],
                f"{name} Head of Operations",
                demo_email("headofops", organisation_id=organisation_id),
                hoo["id"],
                organisation_id,
                bases,
                ["administrator"],
            )
        )
    both = [3, 4]
    multi = group(
        "Coordinator", 2, LEVEL_COORDINATOR, both, [f"base_{b}_coordinator" for b in both]
    )
    users.append(
        DemoUser(
            MULTI_BASE_COORDINATOR_ID,
            "Samos and Athens Coordinator",
            demo_email("coordinator", organisation_id=2),
            multi["id"],
            2,
            both,
            multi["role_names"],
        )
    )
    base_groups: dict[tuple[int, str], dict] = {}
    base_names = {b[0]: b[1] for b in BASES}
    for base_id in ACTIVE_BASES:
        organisation_id = organisation_of(base_id)
        for key, suffix, level, roles in BASE_GROUPS:
            row = group(
                f"Base {base_names[base_id]} - {suffix}",
                organisation_id,
                level,
                [base_id],
                [f"base_{base_id}_{r}" for r in roles],
            )
            base_groups[base_id, key] = row
            users.append(
                DemoUser(
                    base_user_id(base_id, key),
                    f"{base_names[base_id]} {suffix}",
                    demo_email(key, base_id=base_id),
                    row["id"],
                    organisation_id,
                    [base_id],
                    row["role_names"],
                )
            )
    volunteer = base_groups[1, "volunteer"]
    users.append(
        DemoUser(
            DELETED_USER_ID,
            "Deleted Volunteer",
            f"deleted.volunteer.base1@{EMAIL_DOMAIN}.deleted.{DELETED_USER_ID}",
            volunteer["id"],
            1,
            [1],
            volunteer["role_names"],
            deleted=True,
        )
    )
    users.append(
        DemoUser(
            EXPIRED_USER_ID,
            "Expired Volunteer",
            demo_email("expired-volunteer", base_id=1),
            volunteer["id"],
            1,
            [1],
            volunteer["role_names"],
            valid_last_day=datetime.date(2024, 6, 30),
        )
    )
    users.sort(key=lambda u: u.id)
    return groups, users


DEMO_USERGROUPS, DEMO_USERS = _demo_users()


def staff(base_id: int) -> list[int]:
    """Users who handle boxes in a base."""
    return [
        base_user_id(base_id, "coordinator"),
        base_user_id(base_id, "volunteer"),
        base_user_id(base_id, "warehouse-volunteer"),
        HEAD_OF_OPS_USER_IDS[organisation_of(base_id)],
    ]


def build_users(world: World):
    """Access levels, usergroups with their bases and roles, and users."""
    world.add("UsergroupAccessLevel", id=1, level=100, label="Admin user", short_label="Admin")
    world.add("UsergroupAccessLevel", id=2, level=10, label="Coordinator", short_label="Coord")
    world.add("UsergroupAccessLevel", id=3, level=5, label="Volunteer", short_label="User")
    for g in DEMO_USERGROUPS:
        deleted_org = dict((o[0], o[2]) for o in ORGANISATIONS)[g["organisation_id"]]
        world.add(
            "Usergroup",
            id=g["id"],
            label=g["label"],
            created_on=WORLD_START,
            created_by_id=GOD_USER_ID,
            last_modified_on=None,
            last_modified_by_id=None,
            organisation_id=g["organisation_id"],
            level=g["level"],
            allow_laundry_startcycle=False,
            allow_laundry_block=False,
            allow_borrow_adddelete=False,
            deleted_on=as_datetime(deleted_org),
        )
        for base_id in g["base_ids"]:
            world.add("UsergroupBaseAccess", base_id=base_id, usergroup=g["id"])
        for role_name in g["role_names"]:
            world.add(
                "UsergroupRole",
                usergroup=g["id"],
                auth0_role_id=_role_id(role_name),
                auth0_role_name=role_name,
            )
    for u in DEMO_USERS:
        world.add(
            "User",
            id=u.id,
            password=hashlib.md5(f"demo-{u.id}".encode()).hexdigest(),
            name=u.name,
            email=u.email,
            is_admin=u.id == GOD_USER_ID,
            last_login=None,
            last_action=None,
            created_on=WORLD_START,
            created_by=None,
            last_modified_on=None,
            last_modified_by=None,
            reset_password=None,
            language_id=2,
            deleted_on=datetime.datetime(2024, 5, 2, 10, 0) if u.deleted else None,
            usergroup=u.usergroup_id,
            valid_first_day=datetime.date(2024, 1, 1) if u.valid_last_day else None,
            valid_last_day=u.valid_last_day,
        )
