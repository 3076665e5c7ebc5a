"""The users the browser logs in as: real users of the dev seed, with the claims
Auth0 gives them.

The access token carries what the back-end checks, built like the compat suite's
users (organisation, bases and roles from the seed's usergroups). The id token, which
the app reads to decide which menus and buttons to show, carries the same roles and
bases plus the "actions": the `action_permissions` of the menu functions the user's
usergroup may use (cms_usergroups_functions), as the Auth0 login action collects them.
Three actions have no menu function in the seed; a user gets them with the API
permission they stand for (ACTIONS_OF_PERMISSIONS), as a coordinator does.
"""

from __future__ import annotations

from dataclasses import dataclass

from compat.users import USERS, claims_from_database

from boxtribute_api.auth.user import CLAIM_PREFIX
from boxtribute_api.config import Settings
from support.database import query


@dataclass(frozen=True)
class E2EUser:
    key: str  # the compat suite's name of the user
    user_id: int
    email: str
    name: str


# A coordinator, a warehouse volunteer (fewer permissions), god, and the partner
# organisation's coordinator (bases 2 and 3) who receives shipments.
COORDINATOR = E2EUser("coordinator", 8, "dev_coordinator@boxaid.org", "Dev Coordinator")
WAREHOUSE = E2EUser("warehouse", 23, "warehouse.volunteer@lesvos.org", "Lesvos Warehouse Volunteer")
GOD = E2EUser("god", 1, "some.admin@boxtribute.org", "some admin")
PARTNER = E2EUser("org2", 17, "dev_coordinator@boxcare.org", "Dev Coordinator")
ALL = (COORDINATOR, WAREHOUSE, GOD, PARTNER)


# Action of the app -> API permission (with or without a base prefix) that grants it.
ACTIONS_OF_PERMISSIONS = {
    "create_shipment": "shipment:create",
    "create_transfer_agreement": "transfer_agreement:create",
    "create_shareable_link": "shareable_link:create",
}


def actions_of(database: str, user_id: int, permissions: list[str]) -> list[str]:
    rows = query(
        database,
        "SELECT f.action_permissions FROM cms_users u"
        " JOIN cms_usergroups_functions uf ON uf.cms_usergroups_id = u.cms_usergroups_id"
        " JOIN cms_functions f ON f.id = uf.cms_functions_id"
        " WHERE u.id = %s AND f.action_permissions IS NOT NULL",
        (user_id,),
    )
    actions = {action for (text,) in rows for action in text.split(",") if action}
    held = {permission.rsplit("/", 1)[-1] for permission in permissions}
    actions |= {action for action, needs in ACTIONS_OF_PERMISSIONS.items() if needs in held}
    return sorted(actions)


def token_claims(settings: Settings, database: str) -> dict[str, tuple[dict, dict]]:
    """key -> (id token claims, access token claims) of every e2e user."""
    claims = {}
    for user in ALL:
        access = claims_from_database(settings, USERS[user.key])
        identity = {
            "sub": access["sub"],
            "name": user.name,
            "email": user.email,
            "email_verified": True,
            **{name: value for name, value in access.items() if name.startswith(CLAIM_PREFIX)},
            f"{CLAIM_PREFIX}/actions": actions_of(
                database, user.user_id, access[f"{CLAIM_PREFIX}/permissions"]
            ),
        }
        claims[user.key] = (identity, access)
    return claims
