"""Mint access tokens for demo users, signed with a local development key.

The key pair lives in `<repo>/data/dev-keys/` (git-ignored) and is created on first
use. A server running with ENVIRONMENT=development/test and no AUTH0_PUBLIC_KEY
verifies tokens with this key (see auth.verification_key), so a developer can call
the API as any seeded user without Auth0:

    boxtribute dev-token --user-id 8          # organisation, bases, roles from the DB
    boxtribute dev-token --email coordinator.base1@demo.boxtribute.org
    boxtribute dev-token --user-id 8 --organisation-id 1 --base-ids 1 --role coordinator

The claims mirror what the Auth0 post-login action writes. The coordinator's
permission set is the one upstream's coordinator users carry; the other roles'
sets are approximations (upstream keeps them in Auth0, not in its code).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
import peewee
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from ..auth.tokens import (
    ALGORITHM,
    DEV_KEY_ID,
    DEV_PRIVATE_KEY_FILE,
    DEV_PUBLIC_KEY_FILE,
    dev_key_dir,
)
from ..auth.user import CLAIM_PREFIX, GOD_ROLE
from ..config import Settings

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_KEY_DIR = REPO_ROOT / "data" / "dev-keys"  # == auth.DEFAULT_DEV_KEY_DIR
DEFAULT_EXPIRES_IN = 24 * 3600
DEFAULT_BETA_USER = 99
DEFAULT_TIMEZONE = "Europe/London"


# --- roles ----------------------------------------------------------------------------


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


# --- claims and tokens ---------------------------------------------------------------------


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


def key_dir(settings: Settings | None = None) -> Path:
    """`<repo>/data/dev-keys/` unless configured (settings.extra["dev_key_dir"] or
    the BOXTRIBUTE_DEV_KEY_DIR environment variable); the server looks in the same place."""
    return dev_key_dir(settings)


def _temp_copy(path: Path, data: bytes, mode: int) -> str:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.write(fd, data)
        os.fchmod(fd, mode)
    finally:
        os.close(fd)
    return tmp


def _write_once(path: Path, data: bytes, mode: int) -> None:
    """Create `path` with `data` unless it exists; concurrent callers agree on one."""
    tmp = _temp_copy(path, data, mode)
    try:
        os.link(tmp, path)  # atomic, and fails if another process got there first
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)


def ensure_dev_keys(directory: Path | None = None) -> rsa.RSAPrivateKey:
    """The development signing key, generated (with its public half) on first use."""
    directory = directory or key_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    private_path = directory / DEV_PRIVATE_KEY_FILE
    if not private_path.exists():
        generated = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = generated.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        _write_once(private_path, pem, 0o600)
    private_key = serialization.load_pem_private_key(private_path.read_bytes(), password=None)
    if not isinstance(private_key, rsa.RSAPrivateKey):
        raise ValueError(f"{private_path} is not an RSA private key")
    public_pem = private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    public_path = directory / DEV_PUBLIC_KEY_FILE
    if not public_path.exists():
        _write_once(public_path, public_pem, 0o644)
    elif public_path.read_bytes() != public_pem:
        # Left over from an earlier private key: the server must see the current one.
        os.replace(_temp_copy(public_path, public_pem, 0o644), public_path)
    return private_key


def mint_token(
    claims_overrides: Mapping[str, Any] | None = None,
    *,
    user_id: int = 8,
    organisation_id: int | None = 1,
    base_ids: Sequence[int] = (1,),
    role: str = "coordinator",
    roles: Sequence[str] | None = None,
    permissions: Sequence[str] | None = None,
    beta_user: int = DEFAULT_BETA_USER,
    timezone: str | None = DEFAULT_TIMEZONE,
    expires_in: int | None = DEFAULT_EXPIRES_IN,
    settings: Settings | None = None,
    private_key: Any = None,
    key_id: str | None = DEV_KEY_ID,
) -> str:
    """Signed RS256 token for a demo user.

    `roles`/`permissions` replace the role's claims; `claims_overrides` is merged last
    (a value of None removes the claim). `expires_in=None` omits exp. `private_key`
    (PEM or key object) defaults to the development key.
    """
    settings = settings or Settings.from_env()
    payload = claims_for(
        role,
        organisation_id,
        base_ids,
        user_id,
        beta_user=beta_user,
        timezone=timezone,
        settings=settings,
    )
    if roles is not None:
        payload[f"{CLAIM_PREFIX}/roles"] = list(roles)
    if permissions is not None:
        payload[f"{CLAIM_PREFIX}/permissions"] = list(permissions)
    now = int(time.time())
    payload["iat"] = now
    if expires_in is not None:
        payload["exp"] = now + int(expires_in)
    for name, value in (claims_overrides or {}).items():
        if value is None:
            payload.pop(name, None)
        else:
            payload[name] = value

    if private_key is None:
        private_key = ensure_dev_keys(key_dir(settings))
    elif isinstance(private_key, str | bytes):
        raw = private_key.encode() if isinstance(private_key, str) else private_key
        private_key = serialization.load_pem_private_key(raw, password=None)
    headers = {"kid": key_id} if key_id else None
    return jwt.encode(payload, private_key, algorithm=ALGORITHM, headers=headers)


# --- users from the database -------------------------------------------------------------

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
    from ..db.routing import configure_databases, connection_scope
    from ..user.models import User, Usergroup, UsergroupBaseAccess, UsergroupRole

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


# --- command line --------------------------------------------------------------------------


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


if __name__ == "__main__":
    raise SystemExit(main())
