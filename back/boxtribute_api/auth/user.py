"""The user a request acts for: claims -> `CurrentUser`, and the request-scoped user.

The custom claims written by the Auth0 post-login action live under `CLAIM_PREFIX`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .errors import AuthenticationFailed

CLAIM_PREFIX = "https://www.boxtribute.com"
GOD_ROLE = "boxtribute_god"
# Custom claims whose absence means Auth0 is misconfigured for this user.
REQUIRED_CLAIMS = ("roles", "permissions", "base_ids", "organisation_id")
# A grant of any of these methods on a resource also grants reading it.
READ_IMPLYING_METHODS = frozenset({"write", "create", "edit", "delete"})


def _as_int(value: Any) -> int | None:
    return None if value is None or value == "" else int(value)


def expand_permissions(
    raw_permissions: Iterable[str], claim_base_ids: Iterable[int]
) -> dict[str, frozenset[int]]:
    """Map each granted permission to the bases it holds in.

    Entries look like `[base_X[-Y...]/]resource:method`. The prefix lists base ids
    separated by dashes (`base_2-3` = bases 2 and 3, not a range). An entry without
    prefix holds in every base of the `base_ids` claim (Head-of-Ops style). Grants
    from several roles accumulate. write/create/edit/delete also grant read.
    """
    claim_ids = frozenset(claim_base_ids)
    grants: dict[str, set[int]] = {}
    for raw in raw_permissions:
        if not isinstance(raw, str):
            continue
        prefix, slash, permission = raw.partition("/")
        if slash and "/" not in permission and prefix.startswith("base_"):
            try:
                ids: Iterable[int] = [int(b) for b in prefix[len("base_") :].split("-")]
            except ValueError:
                continue
        elif not slash:
            permission, ids = raw, claim_ids
        else:
            continue
        resource, colon, method = permission.partition(":")
        if not colon or not resource or ":" in method:
            continue  # malformed entry: grants nothing
        grants.setdefault(permission, set()).update(ids)
        if method in READ_IMPLYING_METHODS:
            grants.setdefault(f"{resource}:read", set()).update(ids)
    return {name: frozenset(ids) for name, ids in grants.items()}


def _empty_permissions() -> Mapping[str, frozenset[int]]:
    return MappingProxyType({})


@dataclass(frozen=True)
class CurrentUser:
    """Who makes the request, and where they may do what.

    `permissions` maps a permission name ("stock:read") to the ids of the bases it
    is granted for. A missing name means not granted. God users bypass every check
    (see auth/authorization.py) and carry no organisation.
    """

    id: int
    organisation_id: int | None = None
    base_ids: frozenset[int] = frozenset()
    is_god: bool = False
    beta_user: int = 0
    timezone: str | None = None
    roles: tuple[str, ...] = ()
    permissions: Mapping[str, frozenset[int]] = field(
        default_factory=_empty_permissions, hash=False
    )

    def __post_init__(self) -> None:
        if self.is_god and self.organisation_id is not None:
            object.__setattr__(self, "organisation_id", None)
        if not isinstance(self.permissions, MappingProxyType):
            frozen = {k: frozenset(v) for k, v in dict(self.permissions).items()}
            object.__setattr__(self, "permissions", MappingProxyType(frozen))
        object.__setattr__(self, "base_ids", frozenset(self.base_ids))

    @property
    def max_beta_level(self) -> int:
        return self.beta_user

    def authorized_base_ids(self, permission: str) -> frozenset[int]:
        """Bases the permission holds in; KeyError if it is not granted at all."""
        return self.permissions[permission]

    def has_permission(self, permission: str) -> bool:
        return self.is_god or permission in self.permissions

    @classmethod
    def from_claims(cls, payload: Mapping[str, Any]) -> CurrentUser:
        missing = [c for c in REQUIRED_CLAIMS if f"{CLAIM_PREFIX}/{c}" not in payload]
        if missing:
            raise AuthenticationFailed(
                "missing_claims",
                f"Missing custom claims in JWT: {', '.join(missing)}. Please check Auth0.",
            )
        try:
            user_id = int(str(payload["sub"]).removeprefix("auth0|"))
            roles = tuple(str(r) for r in _claim_list(payload, "roles"))
            claim_base_ids = frozenset(int(b) for b in _claim_list(payload, "base_ids"))
            organisation_id = _as_int(payload[f"{CLAIM_PREFIX}/organisation_id"])
            beta_user = _as_int(payload.get(f"{CLAIM_PREFIX}/beta_user")) or 0
            raw_permissions = _claim_list(payload, "permissions")
            timezone = payload.get(f"{CLAIM_PREFIX}/timezone")
            if timezone is not None and not isinstance(timezone, str):
                raise TypeError("timezone must be a string")
        except (KeyError, TypeError, ValueError) as e:
            # A token signed by the issuer but with claims of the wrong types (a
            # number where a list belongs): the client's problem, 401, never a 500.
            raise AuthenticationFailed(
                "invalid_claims",
                "incorrect claims, please check the audience and issuer",
                message=f"Malformed claim: {e}",
            ) from None

        is_god = GOD_ROLE in roles
        permissions = {} if is_god else expand_permissions(raw_permissions, claim_base_ids)
        return cls(
            id=user_id,
            organisation_id=organisation_id,
            base_ids=claim_base_ids,
            is_god=is_god,
            beta_user=beta_user,
            timezone=timezone,
            roles=roles,
            permissions=permissions,
        )


def _claim_list(payload: Mapping[str, Any], name: str) -> list | tuple:
    """A custom claim that must be a list (null: empty); TypeError otherwise."""
    value = payload.get(f"{CLAIM_PREFIX}/{name}")
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise TypeError(f"{name} must be a list, not {type(value).__name__}")
    return value


# --- request-scoped user ---------------------------------------------------------------

# A ContextVar (not flask.g) so the user follows asyncio tasks and threads started
# with a copied context (asyncio.to_thread does this).
_current_user: ContextVar[CurrentUser | None] = ContextVar("boxtribute_current_user", default=None)


def set_current_user(user: CurrentUser | None) -> Token:
    return _current_user.set(user)


def reset_current_user(token: Token) -> None:
    _current_user.reset(token)


def get_current_user() -> CurrentUser:
    user = _current_user.get()
    if user is None:
        raise RuntimeError("No authenticated user in this context")
    return user


def get_current_user_or_none() -> CurrentUser | None:
    return _current_user.get()


@contextmanager
def current_user_scope(user: CurrentUser | None) -> Iterator[CurrentUser | None]:
    token = _current_user.set(user)
    try:
        yield user
    finally:
        _current_user.reset(token)
