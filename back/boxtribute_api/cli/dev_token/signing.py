"""The development key pair and the tokens signed with it.

The key pair lives in `<repo>/data/dev-keys/` (git-ignored) and is created on first
use. A server running with ENVIRONMENT=development/test and no AUTH0_PUBLIC_KEY
verifies tokens with this key (see auth.verification_key).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from ...auth.tokens import (
    ALGORITHM,
    DEV_KEY_ID,
    DEV_PRIVATE_KEY_FILE,
    DEV_PUBLIC_KEY_FILE,
    dev_key_dir,
)
from ...auth.user import CLAIM_PREFIX
from ...config import Settings
from .roles import DEFAULT_BETA_USER, DEFAULT_TIMEZONE, claims_for

DEFAULT_EXPIRES_IN = 24 * 3600


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
