"""Authentication: which tokens are accepted, the request's user built from one,
and that user following the request into tasks and DB threads.

Pure unit tests: tokens are minted here with keys generated here."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from types import SimpleNamespace

import pytest

from boxtribute_api.auth.authorization import (
    authorize,
)
from boxtribute_api.auth.errors import AuthenticationFailed, auth_error_response
from boxtribute_api.auth.tokens import current_user_from_request, decode_token
from boxtribute_api.auth.user import (
    CLAIM_PREFIX,
    CurrentUser,
    current_user_scope,
    get_current_user,
    get_current_user_or_none,
    reset_current_user,
    set_current_user,
)
from support.tokens import (
    OTHER_PRIVATE_KEY,
    PUBLIC_PEM,
    SETTINGS,
    b64,
    beta_user,
    claims_payload,
    coordinator_claims,
    keypair,
    make_settings,
    rejected,
    sign,
    unsigned_token,
)

# --- decoding tokens ------------------------------------------------------------------


def test_a_valid_token_yields_its_claims():
    claims = coordinator_claims()
    assert decode_token(sign(claims), SETTINGS) == claims


def test_the_public_key_may_be_configured_with_escaped_newlines():
    settings = make_settings(PUBLIC_PEM.strip().replace("\n", "\\n"))
    assert decode_token(sign(coordinator_claims()), settings)["sub"] == "auth0|8"


def test_a_token_without_exp_is_accepted_like_upstream():
    claims = coordinator_claims()
    del claims["exp"]
    assert decode_token(sign(claims), SETTINGS)["sub"] == "auth0|8"


def test_an_expired_token_is_rejected_as_expired():
    error = rejected(sign(coordinator_claims(exp=int(time.time()) - 10)))
    assert auth_error_response(error) == (
        {"code": "token_expired", "description": "token is expired"},
        401,
    )


INVALID_CLAIMS = {
    "code": "invalid_claims",
    "description": "incorrect claims, please check the audience and issuer",
}


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("not-a-token", "Not enough segments"),
        (sign(coordinator_claims(), key=OTHER_PRIVATE_KEY), "Signature verification failed"),
        (sign(coordinator_claims(aud="someone-else")), "Audience doesn't match"),
        (sign(coordinator_claims(iss="https://evil.example/")), "Invalid issuer"),
        (
            unsigned_token(coordinator_claims(), {"alg": "none", "typ": "JWT"}) + ".",
            "The specified alg value is not allowed",
        ),
    ],
    ids=["malformed", "wrong-signature", "wrong-audience", "wrong-issuer", "alg-none"],
)
def test_other_unacceptable_tokens_are_rejected_as_invalid_claims(token, message):
    body, status = auth_error_response(rejected(token))
    assert status == 401
    assert body == {**INVALID_CLAIMS, "message": message}


def test_hs256_signed_with_the_public_key_as_secret_is_rejected():
    signing_input = unsigned_token(coordinator_claims(), {"alg": "HS256", "typ": "JWT"})
    signature = hmac.new(PUBLIC_PEM.encode(), signing_input.encode(), hashlib.sha256).digest()
    body, status = auth_error_response(rejected(f"{signing_input}.{b64(signature)}"))
    assert status == 401
    assert body["code"] == "invalid_claims"


def test_unusable_key_material_is_an_invalid_header():
    error = rejected(sign(coordinator_claims()), make_settings("not a PEM"))
    assert error.status_code == 401
    assert error.error["code"] == "invalid_header"
    assert error.error["description"] == "Unable to parse authentication token."


@pytest.mark.parametrize(
    ("header", "body"),
    [
        (
            None,
            {
                "code": "authorization_header_missing",
                "description": "Authorization header is expected",
            },
        ),
        (
            "",
            {
                "code": "authorization_header_missing",
                "description": "Authorization header is expected",
            },
        ),
        (
            "Basic abc",
            {
                "code": "invalid_header",
                "description": "Authorization header must start with Bearer",
            },
        ),
        ("Bearer", {"code": "invalid_header", "description": "Token not found"}),
        (
            "Bearer a b",
            {"code": "invalid_header", "description": "Authorization header must be Bearer token"},
        ),
    ],
)
def test_authorization_header_problems_are_401_with_a_code(header, body):
    headers = {} if header is None else {"Authorization": header}
    with pytest.raises(AuthenticationFailed) as info:
        current_user_from_request(SimpleNamespace(headers=headers), SETTINGS)
    assert auth_error_response(info.value) == (body, 401)


def test_the_request_user_is_built_from_the_bearer_token():
    request = SimpleNamespace(headers={"Authorization": f"bearer {sign(coordinator_claims())}"})
    user = current_user_from_request(request, SETTINGS)
    assert (user.id, user.organisation_id, user.base_ids) == (8, 1, frozenset({1}))
    assert (user.beta_user, user.timezone, user.is_god) == (99, "Europe/London", False)
    assert user.roles == ("base_1_coordinator",)
    assert user.permissions["stock:write"] == frozenset({1})
    assert user.permissions["shipment:create"] == frozenset({1})


def bearer_request(token: str) -> SimpleNamespace:
    return SimpleNamespace(headers={"Authorization": f"Bearer {token}"})


def test_a_token_sent_again_gives_the_same_user():
    token = sign(coordinator_claims())

    first = current_user_from_request(bearer_request(token), SETTINGS)
    again = current_user_from_request(bearer_request(token), SETTINGS)

    assert again == first


def test_a_token_accepted_before_is_refused_once_it_has_expired():
    token = sign(coordinator_claims(exp=int(time.time()) + 2))
    current_user_from_request(bearer_request(token), SETTINGS)

    time.sleep(2.1)

    with pytest.raises(AuthenticationFailed) as info:
        current_user_from_request(bearer_request(token), SETTINGS)
    assert info.value.error["code"] == "token_expired"


def test_a_token_accepted_before_is_verified_again_under_another_key():
    token = sign(coordinator_claims())
    current_user_from_request(bearer_request(token), SETTINGS)
    _, rotated_pem = keypair()

    with pytest.raises(AuthenticationFailed) as info:
        current_user_from_request(bearer_request(token), make_settings(rotated_pem))
    assert info.value.error["code"] == "invalid_claims"


def test_missing_custom_claims_are_named():
    payload = claims_payload()
    del payload[f"{CLAIM_PREFIX}/roles"]
    del payload[f"{CLAIM_PREFIX}/base_ids"]
    with pytest.raises(AuthenticationFailed) as info:
        CurrentUser.from_claims(payload)
    assert info.value.error == {
        "code": "missing_claims",
        "description": "Missing custom claims in JWT: roles, base_ids. Please check Auth0.",
    }


# --- request-scoped user --------------------------------------------------------------------


def test_current_user_follows_tasks_and_offloaded_threads():
    user = beta_user(3)

    async def scenario():
        token = set_current_user(user)
        try:
            in_task = await asyncio.create_task(asyncio.sleep(0, get_current_user()))
            in_thread = await asyncio.to_thread(get_current_user)
            return in_task, in_thread
        finally:
            reset_current_user(token)

    assert asyncio.run(scenario()) == (user, user)
    assert get_current_user_or_none() is None
    with pytest.raises(RuntimeError):
        get_current_user()
    with current_user_scope(user):
        assert authorize(organisation_id=1)
