"""Authentication: bearer token -> verified claims -> `CurrentUser`.

Tokens are Auth0 access tokens (RS256). Failures raise `AuthenticationFailed`,
which the HTTP layer turns into a 401 (or 500) JSON body via `auth_error_response`.
"""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.request
from functools import lru_cache
from pathlib import Path
from typing import Any

import jwt

from ..config import Settings
from .errors import AuthenticationFailed
from .user import CurrentUser

ALGORITHM = "RS256"
JWKS_REFRESH_INTERVAL = 300.0  # seconds; bounds refetches when a kid is unknown

DEV_KEY_DIR_ENV = "BOXTRIBUTE_DEV_KEY_DIR"
DEFAULT_DEV_KEY_DIR = Path(__file__).resolve().parents[3] / "data" / "dev-keys"
DEV_PRIVATE_KEY_FILE = "private.pem"
DEV_PUBLIC_KEY_FILE = "public.pem"
DEV_KEY_ID = "boxtribute-dev"


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
        self._keys: dict[str, dict[str, dict]] = {}  # Auth0 URL -> kid -> JWK
        self._fetched_at: dict[str, float] = {}

    def key_for(self, auth0_url: str, kid: str | None) -> Any:
        with self._lock:
            keys = self._keys.get(auth0_url)
            stale = time.monotonic() - self._fetched_at.get(auth0_url, 0.0) > JWKS_REFRESH_INTERVAL
            if keys is None or (kid not in keys and stale):
                keys = self._fetch(auth0_url)
                self._keys[auth0_url] = keys
                self._fetched_at[auth0_url] = time.monotonic()
        if kid is None and len(keys) == 1:
            jwk = next(iter(keys.values()))
        elif kid in keys:
            jwk = keys[kid]
        else:
            raise jwt.exceptions.InvalidKeyError(f"No signing key with kid {kid!r}")
        return jwt.PyJWK(jwk, algorithm=ALGORITHM).key

    @staticmethod
    def _fetch(auth0_url: str) -> dict[str, dict]:
        url = f"{auth0_url}/.well-known/jwks.json"
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (the configured Auth0 URL)
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
    return _jwks.key_for(settings.auth0_url, kid)


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
