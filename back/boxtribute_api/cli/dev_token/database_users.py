"""Users as the database stores them, and tokens that carry what the Auth0 login
action would read about them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...config import Settings
from .roles import permissions_for_role_names, role_names, role_permissions
from .signing import mint_token


@dataclass(frozen=True)
class DatabaseUser:
    """What the Auth0 login action reads about a user: cms_users -> cms_usergroups ->
    cms_usergroups_camps (bases) and cms_usergroups_roles (Auth0 role names)."""

    id: int
    email: str | None
    name: str
    organisation_id: int | None
    base_ids: tuple[int, ...]
    role_names: tuple[str, ...]
    deleted: bool


class UserNotFound(LookupError):
    pass


def load_database_user(
    settings: Settings, *, user_id: int | None = None, email: str | None = None
) -> DatabaseUser:
    """Read a user with their usergroup's organisation, bases and role names."""
    from ...db.routing import configure_databases, connection_scope
    from ...user.models import User, Usergroup, UsergroupBaseAccess, UsergroupRole

    configure_databases(settings)
    with connection_scope():
        query = User.select()
        query = (
            query.where(User.id == user_id) if email is None else query.where(User.email == email)
        )
        user = query.first()
        if user is None:
            wanted = f"e-mail {email!r}" if email is not None else f"id {user_id}"
            raise UserNotFound(f"no user with {wanted} in database {settings.database.name!r}")
        organisation_id = None
        base_ids: list[int] = []
        role_names: list[str] = []
        if user.usergroup_id is not None:
            group = Usergroup.get_or_none(Usergroup.id == user.usergroup_id)
            organisation_id = group.organisation_id if group else None
            base_ids = sorted(
                row.base_id
                for row in UsergroupBaseAccess.select().where(
                    UsergroupBaseAccess.usergroup == user.usergroup_id
                )
            )
            role_names = sorted(
                row.auth0_role_name
                for row in UsergroupRole.select().where(
                    UsergroupRole.usergroup == user.usergroup_id
                )
            )
        return DatabaseUser(
            id=user.id,
            email=user.email,
            name=user.name,
            organisation_id=organisation_id,
            base_ids=tuple(base_ids),
            role_names=tuple(role_names),
            deleted=user.deleted_on is not None,
        )


def mint_token_for_database_user(
    user: DatabaseUser,
    *,
    role: str | None = None,
    settings: Settings | None = None,
    **token_options: Any,
) -> str:
    """A token with the user's organisation, bases and roles as stored, or with `role`
    (e.g. "volunteer") held in the user's bases instead of the stored roles."""
    if role is not None:
        names = role_names(role, user.base_ids)
        permissions = role_permissions(role, user.base_ids)
    else:
        names = list(user.role_names)
        permissions = permissions_for_role_names(names, user.base_ids)
    return mint_token(
        user_id=user.id,
        organisation_id=user.organisation_id,
        base_ids=list(user.base_ids),
        role=role or "coordinator",
        roles=names,
        permissions=permissions,
        settings=settings,
        **token_options,
    )
