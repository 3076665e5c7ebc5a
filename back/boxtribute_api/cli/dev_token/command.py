"""`boxtribute dev-token`: print a token (or its claims) for a user of the database,
or for an organisation, bases and role given on the command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass

import peewee

from ...auth.user import CLAIM_PREFIX
from ...config import Settings
from .database_users import UserNotFound, load_database_user
from .roles import (
    DEFAULT_BETA_USER,
    DEFAULT_TIMEZONE,
    ROLES,
    claims_for,
    permissions_for_role_names,
    role_definition,
    role_names,
    role_permissions,
)
from .signing import DEFAULT_EXPIRES_IN, mint_token


def _base_id_list(text: str) -> list[int]:
    try:
        return [int(part) for part in text.replace(" ", "").split(",") if part]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of ids: {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="boxtribute dev-token",
        description=(
            "Print a development access token. By default the user's organisation, bases "
            "and roles are read from the database (MYSQL_* settings); with "
            "--organisation-id/--base-ids the token is minted without the database."
        ),
    )
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--user-id", type=int, help="cms_users.id (default 8)")
    who.add_argument("--email", help="cms_users.email")
    parser.add_argument("--organisation-id", type=int, help="mint without the database")
    parser.add_argument(
        "--base-ids", type=_base_id_list, help="e.g. 2,3 (mint without the database)"
    )
    parser.add_argument(
        "--role",
        help=f"one of: {', '.join(ROLES)}; default: the user's roles in the database "
        "(coordinator without the database)",
    )
    parser.add_argument(
        "--permission",
        action="append",
        dest="permissions",
        help="replace the role's permissions (repeatable)",
    )
    parser.add_argument("--beta-user", type=int, default=DEFAULT_BETA_USER)
    parser.add_argument("--timezone", default=DEFAULT_TIMEZONE)
    parser.add_argument(
        "--expires-in", type=int, default=DEFAULT_EXPIRES_IN, help="lifetime in seconds"
    )
    parser.add_argument(
        "--claims", action="store_true", help="print the claims as JSON instead of a token"
    )
    return parser


@dataclass
class _Identity:
    user_id: int
    organisation_id: int | None
    base_ids: list[int]
    roles: list[str]
    permissions: list[str]


def _identity_from_arguments(args) -> _Identity:
    role = args.role or "coordinator"
    base_ids = args.base_ids if args.base_ids is not None else [1]
    return _Identity(
        user_id=args.user_id if args.user_id is not None else 8,
        organisation_id=args.organisation_id if args.organisation_id is not None else 1,
        base_ids=base_ids,
        roles=role_names(role, base_ids),
        permissions=role_permissions(role, base_ids),
    )


def _identity_from_database(args, settings: Settings) -> _Identity:
    user_id = args.user_id if args.user_id is not None or args.email else 8
    user = load_database_user(settings, user_id=user_id, email=args.email)
    if user.deleted:
        raise UserNotFound(f"user {user.id} ({user.email}) is deleted")
    base_ids = list(user.base_ids)
    if args.role:
        roles, permissions = role_names(args.role, base_ids), role_permissions(args.role, base_ids)
    else:
        roles = list(user.role_names)
        permissions = permissions_for_role_names(roles, base_ids)
    return _Identity(user.id, user.organisation_id, base_ids, roles, permissions)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings.from_env()
    if args.role is not None:
        try:
            role_definition(args.role)
        except ValueError as e:
            print(e, file=sys.stderr)
            return 2
    if args.organisation_id is not None or args.base_ids is not None:
        if args.email:
            print("--email reads the database: drop --organisation-id/--base-ids", file=sys.stderr)
            return 2
        identity = _identity_from_arguments(args)
    else:
        try:
            identity = _identity_from_database(args, settings)
        except UserNotFound as e:
            print(e, file=sys.stderr)
            return 1
        except (peewee.DatabaseError, OSError) as e:
            print(
                f"cannot read the user from database {settings.database.name!r}: {e}\n"
                "(pass --organisation-id and --base-ids to mint without the database)",
                file=sys.stderr,
            )
            return 1
    if args.permissions is not None:
        identity.permissions = list(args.permissions)
    if args.claims:
        claims = claims_for(
            "coordinator",
            identity.organisation_id,
            identity.base_ids,
            identity.user_id,
            beta_user=args.beta_user,
            timezone=args.timezone,
            settings=settings,
        )
        claims[f"{CLAIM_PREFIX}/roles"] = identity.roles
        claims[f"{CLAIM_PREFIX}/permissions"] = identity.permissions
        print(json.dumps(claims, indent=2))
        return 0
    if not settings.is_development:
        print(
            f"warning: ENVIRONMENT={settings.environment}; the server only trusts the "
            "development key in development/test",
            file=sys.stderr,
        )
    print(
        mint_token(
            user_id=identity.user_id,
            organisation_id=identity.organisation_id,
            base_ids=identity.base_ids,
            roles=identity.roles,
            permissions=identity.permissions,
            beta_user=args.beta_user,
            timezone=args.timezone,
            expires_in=args.expires_in,
            settings=settings,
        )
    )
    return 0
