"""Authentication: bearer token -> verified claims -> `CurrentUser`.

Tokens are Auth0 access tokens (RS256). The custom claims written by the Auth0
post-login action live under `CLAIM_PREFIX`. Failures raise `AuthenticationFailed`,
which the HTTP layer turns into a 401 (or 500) JSON body via `auth_error_response`.
"""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jwt

from .config import Settings

CLAIM_PREFIX = "https://www.boxtribute.com"
GOD_ROLE = "boxtribute_god"
# Custom claims whose absence means Auth0 is misconfigured for this user.
REQUIRED_CLAIMS = ("roles", "permissions", "base_ids", "organisation_id")
# A grant of any of these methods on a resource also grants reading it.
READ_IMPLYING_METHODS = frozenset({"write", "create", "edit", "delete"})
ALGORITHM = "RS256"
JWKS_REFRESH_INTERVAL = 300.0  # seconds; bounds refetches when a kid is unknown

DEV_KEY_DIR_ENV = "BOXTRIBUTE_DEV_KEY_DIR"
DEFAULT_DEV_KEY_DIR = Path(__file__).resolve().parents[2] / "data" / "dev-keys"
DEV_PRIVATE_KEY_FILE = "private.pem"
DEV_PUBLIC_KEY_FILE = "public.pem"
DEV_KEY_ID = "boxtribute-dev"


class AuthenticationFailed(Exception):
    """The request carries no acceptable token. `error` is the JSON response body."""

    def __init__(
        self, code: str, description: str, *, message: str | None = None, status_code: int = 401
    ) -> None:
        super().__init__(f"{code}: {description}")
        self.error: dict[str, str] = {"code": code, "description": description}
        if message is not None:
            self.error["message"] = message
        self.status_code = status_code


def auth_error_response(exc: AuthenticationFailed) -> tuple[dict[str, str], int]:
    """JSON body and HTTP status for an authentication failure."""
    return dict(exc.error), exc.status_code


# --- token extraction ------------------------------------------------------------


def token_from_authorization_header(header: str | None) -> str:
    parts = (header or "").split()
    if not parts:
        raise AuthenticationFailed(
            "authorization_header_missing", "Authorization header is expected"
        )
    if parts[0].lower() != "bearer":
        raise AuthenticationFailed("invalid_header", "Authorization header must start with Bearer")
    if len(parts) == 1:
        raise AuthenticationFailed("invalid_header", "Token not found")
    if len(parts) > 2:
        raise AuthenticationFailed("invalid_header", "Authorization header must be Bearer token")
    return parts[1]


# --- verification keys -----------------------------------------------------------


def dev_key_dir(settings: Settings | None = None) -> Path:
    """Folder of the local development key pair (git-ignored `data/dev-keys/`)."""
    configured = (settings.extra.get("dev_key_dir") if settings else None) or os.environ.get(
        DEV_KEY_DIR_ENV
    )
    return Path(configured) if configured else DEFAULT_DEV_KEY_DIR


@lru_cache(maxsize=8)
def _load_public_pem(pem: str) -> Any:
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    try:
        return load_pem_public_key(pem.encode())
    except ValueError:
        # Reported like PyJWT reports a key it cannot parse (upstream passes the PEM
        # string to PyJWT): 401 invalid_header.
        raise jwt.exceptions.InvalidKeyError("Could not parse the provided public key.") from None


def _normalise_pem(pem: str) -> str:
    # Deployments often store the PEM in one line with literal "\n" escapes.
    return pem.strip().replace("\\n", "\n") + "\n"


def _dev_public_key(directory: Path) -> Any | None:
    public = directory / DEV_PUBLIC_KEY_FILE
    if public.is_file():
        return _load_public_pem(public.read_text())
    private = directory / DEV_PRIVATE_KEY_FILE
    if private.is_file():
        from cryptography.hazmat.primitives.serialization import load_pem_private_key

        return load_pem_private_key(private.read_bytes(), password=None).public_key()
    return None


class _JwksCache:
    """The Auth0 JSON Web Key Set, fetched once per process and kept."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: dict[str, dict[str, dict]] = {}  # domain -> kid -> JWK
        self._fetched_at: dict[str, float] = {}

    def key_for(self, domain: str, kid: str | None) -> Any:
        with self._lock:
            keys = self._keys.get(domain)
            stale = time.monotonic() - self._fetched_at.get(domain, 0.0) > JWKS_REFRESH_INTERVAL
            if keys is None or (kid not in keys and stale):
                keys = self._fetch(domain)
                self._keys[domain] = keys
                self._fetched_at[domain] = time.monotonic()
        if kid is None and len(keys) == 1:
            jwk = next(iter(keys.values()))
        elif kid in keys:
            jwk = keys[kid]
        else:
            raise jwt.exceptions.InvalidKeyError(f"No signing key with kid {kid!r}")
        return jwt.PyJWK(jwk, algorithm=ALGORITHM).key

    @staticmethod
    def _fetch(domain: str) -> dict[str, dict]:
        url = f"https://{domain}/.well-known/jwks.json"
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (fixed https URL)
            jwks = json.loads(response.read())
        return {
            key.get("kid", ""): key
            for key in jwks.get("keys", [])
            if key.get("kty") == "RSA" and key.get("use", "sig") == "sig"
        }

    def clear(self) -> None:
        with self._lock:
            self._keys.clear()
            self._fetched_at.clear()


_jwks = _JwksCache()


def verification_key(token: str, settings: Settings) -> Any:
    """Public key the token must be signed with, per the deployment's settings."""
    if settings.auth0_public_key:
        return _load_public_pem(_normalise_pem(settings.auth0_public_key))
    if settings.is_development:
        key = _dev_public_key(dev_key_dir(settings))
        if key is not None:
            return key
    kid = jwt.get_unverified_header(token).get("kid")
    return _jwks.key_for(settings.auth0_domain, kid)


# --- decoding --------------------------------------------------------------------


def decode_token(token: str, settings: Settings) -> dict[str, Any]:
    """Verify signature (RS256 only), expiry, issuer and audience; return the claims.

    Error bodies follow the original back-end: expiry -> token_expired; any other
    rejected token (bad signature, algorithm, audience, issuer, garbage) ->
    invalid_claims with the library's message; unusable key material -> invalid_header;
    anything unexpected -> internal_server_error with status 500.
    """
    try:
        key = verification_key(token, settings)
        return jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=settings.auth0_audience,
            issuer=settings.issuer,
            # `exp` is checked when present but not demanded, and `iat` is not
            # checked at all: both as upstream, whose recorded tokens lack them.
            options={"verify_iat": False},
        )
    except jwt.exceptions.ExpiredSignatureError:
        raise AuthenticationFailed("token_expired", "token is expired") from None
    except jwt.exceptions.InvalidTokenError as e:
        raise AuthenticationFailed(
            "invalid_claims",
            "incorrect claims, please check the audience and issuer",
            message=str(e),
        ) from None
    except jwt.exceptions.PyJWTError as e:
        raise AuthenticationFailed(
            "invalid_header", "Unable to parse authentication token.", message=str(e)
        ) from None
    except Exception as e:  # e.g. JWKS endpoint unreachable
        raise AuthenticationFailed(
            "internal_server_error",
            "The server could not process the request.",
            message=str(e),
            status_code=500,
        ) from e


# --- the current user --------------------------------------------------------------


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
    (see authz) and carry no organisation.
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
            roles = tuple(str(r) for r in payload[f"{CLAIM_PREFIX}/roles"] or ())
            claim_base_ids = frozenset(int(b) for b in payload[f"{CLAIM_PREFIX}/base_ids"] or ())
            organisation_id = _as_int(payload[f"{CLAIM_PREFIX}/organisation_id"])
            beta_user = _as_int(payload.get(f"{CLAIM_PREFIX}/beta_user")) or 0
        except (KeyError, TypeError, ValueError) as e:
            raise AuthenticationFailed(
                "invalid_claims",
                "incorrect claims, please check the audience and issuer",
                message=f"Malformed claim: {e}",
            ) from None

        is_god = GOD_ROLE in roles
        permissions = (
            {}
            if is_god
            else expand_permissions(payload[f"{CLAIM_PREFIX}/permissions"] or (), claim_base_ids)
        )
        return cls(
            id=user_id,
            organisation_id=organisation_id,
            base_ids=claim_base_ids,
            is_god=is_god,
            beta_user=beta_user,
            timezone=payload.get(f"{CLAIM_PREFIX}/timezone"),
            roles=roles,
            permissions=permissions,
        )


def current_user_from_request(flask_request: Any, settings: Settings) -> CurrentUser:
    """Authenticate a Flask request from its `Authorization: Bearer <token>` header."""
    token = token_from_authorization_header(flask_request.headers.get("Authorization"))
    return _verified_tokens.user(token, settings)


class _VerifiedTokens:
    """Token -> its user, once verified. A client sends the same token with every
    request for hours; checking its RSA signature and building the user again each
    time cost 0.4 ms of CPU a request. An entry is used until the token expires,
    for at most VERIFIED_TOKEN_TTL seconds, and only with the same verification
    key, audience and issuer (a rotated key verifies afresh)."""

    MAX_ENTRIES = 4096

    def __init__(self) -> None:
        self._entries: dict[tuple, tuple[CurrentUser, float, Any]] = {}

    def user(self, token: str, settings: Settings) -> CurrentUser:
        try:
            key = verification_key(token, settings)
        except Exception:
            return CurrentUser.from_claims(decode_token(token, settings))  # its usual error
        entry_key = (token, settings.auth0_audience, settings.issuer)
        entry = self._entries.get(entry_key)
        if entry is not None and entry[2] is key and time.time() < entry[1]:
            return entry[0]
        claims = decode_token(token, settings)
        user = CurrentUser.from_claims(claims)
        valid_until = time.time() + VERIFIED_TOKEN_TTL
        if isinstance(claims.get("exp"), int | float):
            valid_until = min(valid_until, claims["exp"])
        if len(self._entries) >= self.MAX_ENTRIES:
            self._entries.clear()
        self._entries[entry_key] = (user, valid_until, key)
        return user


VERIFIED_TOKEN_TTL = 300.0
_verified_tokens = _VerifiedTokens()


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
