"""Tokens and users for the authentication and authorization unit tests: keys and
settings made here, claims shaped like Auth0's. No HTTP, no database."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from boxtribute_api.auth.errors import AuthenticationFailed
from boxtribute_api.auth.tokens import decode_token
from boxtribute_api.auth.user import (
    CLAIM_PREFIX,
    CurrentUser,
)
from boxtribute_api.cli.dev_token.roles import claims_for
from boxtribute_api.config import DatabaseSettings, Settings

ISSUER = "https://boxtribute-local.test/"
AUDIENCE = "boxtribute-local-api"


def keypair() -> tuple[rsa.RSAPrivateKey, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return key, pem.decode()


PRIVATE_KEY, PUBLIC_PEM = keypair()  # the key the settings trust
OTHER_PRIVATE_KEY = keypair()[0]


def make_settings(public_key: str | None = PUBLIC_PEM, **extra) -> Settings:
    return Settings(
        environment="test",
        database=DatabaseSettings(name="unused"),
        replica=None,
        auth0_domain="boxtribute-local.test",
        auth0_audience=AUDIENCE,
        auth0_public_key=public_key,
        extra=extra,
    )


SETTINGS = make_settings()


def coordinator_claims(**overrides) -> dict:
    claims = claims_for("coordinator", 1, [1], 8, settings=SETTINGS)
    # Some tokens are signed when the tests are collected: valid for longer than a run.
    claims["exp"] = int(time.time()) + 24 * 3600
    claims.update(overrides)
    return claims


def sign(claims: dict, key=PRIVATE_KEY, algorithm: str = "RS256") -> str:
    return jwt.encode(claims, key, algorithm=algorithm)


def claims_payload(**custom) -> dict:
    """Minimal decoded payload with the given custom claims (prefix added)."""
    payload = {"sub": "auth0|42"}
    defaults = {"roles": [], "permissions": [], "base_ids": [], "organisation_id": 1}
    for name, value in {**defaults, **custom}.items():
        payload[f"{CLAIM_PREFIX}/{name}"] = value
    return payload


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned_token(claims: dict, header: dict) -> str:
    return f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"


def rejected(token: str, settings: Settings = SETTINGS) -> AuthenticationFailed:
    with pytest.raises(AuthenticationFailed) as info:
        decode_token(token, settings)
    return info.value


def beta_user(level: int) -> CurrentUser:
    return CurrentUser(id=1, organisation_id=1, beta_user=level)


def user_with(**permissions) -> CurrentUser:
    return CurrentUser(
        id=3,
        organisation_id=2,
        permissions={name.replace("__", ":"): set(ids) for name, ids in permissions.items()},
    )
