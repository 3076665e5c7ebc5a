"""Authentication and authorization, as specified by the original back-end's behaviour.

Pure unit tests: tokens are minted here with keys generated here; no HTTP, no database.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import time
from types import SimpleNamespace

import jwt
import peewee
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from graphql import GraphQLError

from boxtribute_api.agreement.errors import InvalidTransferAgreementBase
from boxtribute_api.api.errors import (
    format_error,
    handle_unauthorized,
    resolve_user_error_type,
    union_error_from_forbidden,
)
from boxtribute_api.auth.authorization import (
    authorize,
    authorize_cross_organisation_access,
    authorize_for_reading_box,
    authorized_bases_filter,
    is_authorized,
)
from boxtribute_api.auth.beta import (
    DEFAULT_MAX_BETA_LEVEL,
    MUTATIONS_FOR_BETA_LEVEL,
    STATISTICS_QUERIES,
    check_user_beta_level,
)
from boxtribute_api.auth.errors import AuthenticationFailed, auth_error_response
from boxtribute_api.auth.tokens import current_user_from_request, decode_token
from boxtribute_api.auth.user import (
    CLAIM_PREFIX,
    GOD_ROLE,
    CurrentUser,
    current_user_scope,
    expand_permissions,
    get_current_user,
    get_current_user_or_none,
    reset_current_user,
    set_current_user,
)
from boxtribute_api.cli.dev_token import claims_for, main, mint_token, role_permissions
from boxtribute_api.config import DatabaseSettings, Settings
from boxtribute_api.errors import (
    BadUserInput,
    Forbidden,
    InsufficientPermissionError,
    ResourceDoesNotExistError,
    UnauthorizedForBaseError,
)
from boxtribute_api.runtime.eventloop import run_coroutine
from support.reference import ABSENT, EXPECTED_SAMPLES

ISSUER = "https://boxtribute-local.test/"
AUDIENCE = "boxtribute-local-api"


def _keypair() -> tuple[rsa.RSAPrivateKey, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return key, pem.decode()


PRIVATE_KEY, PUBLIC_PEM = _keypair()
OTHER_PRIVATE_KEY, _ = _keypair()


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
    claims["exp"] = int(time.time()) + 600
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


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unsigned_token(claims: dict, header: dict) -> str:
    return f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"


def rejected(token: str, settings: Settings = SETTINGS) -> AuthenticationFailed:
    with pytest.raises(AuthenticationFailed) as info:
        decode_token(token, settings)
    return info.value


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
    body, status = auth_error_response(rejected(f"{signing_input}.{_b64(signature)}"))
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
    _, rotated_pem = _keypair()

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


# --- permissions --------------------------------------------------------------------------


def test_base_prefix_lists_bases_separated_by_dashes():
    assert expand_permissions(["base_2-4/stock:read"], []) == {"stock:read": frozenset({2, 4})}


def test_unprefixed_permissions_hold_in_the_base_ids_claim():
    assert expand_permissions(["beneficiary:read"], [3, 4]) == {
        "beneficiary:read": frozenset({3, 4})
    }


@pytest.mark.parametrize("method", ["write", "create", "edit", "delete"])
def test_changing_methods_imply_read(method):
    assert expand_permissions([f"base_1/tag:{method}"], []) == {
        f"tag:{method}": frozenset({1}),
        "tag:read": frozenset({1}),
    }


def test_assign_does_not_imply_read():
    assert expand_permissions(["base_1/tag_relation:assign"], []) == {
        "tag_relation:assign": frozenset({1})
    }


def test_grants_from_several_roles_accumulate_and_ids_are_cast():
    user = CurrentUser.from_claims(
        claims_payload(
            permissions=["stock:write", "base_1/stock:write", "base_3/stock:read", "junk"],
            base_ids=["2"],
            organisation_id="1",
            beta_user="4",
        )
    )
    assert user.organisation_id == 1
    assert user.max_beta_level == 4
    assert user.authorized_base_ids("stock:write") == frozenset({1, 2})
    assert user.authorized_base_ids("stock:read") == frozenset({1, 2, 3})
    assert "junk" not in user.permissions


def test_the_god_role_makes_a_god_without_organisation_or_permissions():
    user = CurrentUser.from_claims(
        claims_payload(roles=[GOD_ROLE], permissions=["base_1/stock:read"], organisation_id=1)
    )
    assert user.is_god
    assert user.organisation_id is None
    assert dict(user.permissions) == {}


# --- authorize ---------------------------------------------------------------------------------


def user_with(**permissions) -> CurrentUser:
    return CurrentUser(
        id=3,
        organisation_id=2,
        permissions={name.replace("__", ":"): set(ids) for name, ids in permissions.items()},
    )


def forbidden(**kwargs) -> Forbidden:
    with pytest.raises(Forbidden) as info:
        authorize(**kwargs)
    return info.value


def test_god_passes_every_check():
    god = CurrentUser(id=1, is_god=True)
    assert authorize(god, permission="stock:write", base_id=99)
    assert authorize(god, organisation_id=5)
    assert authorize(god, user_id=2)
    assert authorized_bases_filter(god, "beneficiary:read") is None


def test_permission_granted_for_the_base():
    user = user_with(stock__write=[2], location__write=[4, 5])
    assert authorize(user, permission="stock:write", base_id=2)
    assert authorize(user, permission="stock:write", base_id="2")
    assert authorize(user, permission="location:write", base_ids=[5, 6])


def test_permission_granted_for_another_base_is_forbidden_for_that_base():
    error = forbidden(user=user_with(stock__write=[2]), permission="stock:write", base_id=1)
    assert (error.permission, error.resource, error.value) == (None, "base", 1)
    assert error.extensions == {
        "code": "FORBIDDEN",
        "description": "You don't have access to 'base=1'",
    }
    assert str(error) == ""

    error = forbidden(user=user_with(stock__write=[2]), permission="stock:write", base_ids=[3, 4])
    assert error.extensions["description"] == "You don't have access to 'bases=[3, 4]'"


def test_missing_permission_is_forbidden_naming_the_permission():
    error = forbidden(user=user_with(), permission="product:read", base_id=1)
    assert (error.permission, error.resource, error.value) == ("product:read", None, None)
    assert error.extensions["description"] == "You don't have access to 'product:read'"


def test_base_agnostic_permissions_need_no_base():
    user = user_with(qr__create=[1, 3])
    assert authorize(user, permission="qr:create")
    assert authorize(user, permission="qr:create", base_id=3)
    with pytest.raises(Forbidden):
        authorize(user, permission="qr:create", base_id=2)


def test_base_bound_permission_without_base_is_a_programming_error():
    with pytest.raises(ValueError):
        authorize(user_with(stock__read=[1]), permission="stock:read")
    with pytest.raises(ValueError):
        authorize(user_with())


def test_organisation_and_user_membership():
    user = user_with()
    assert authorize(user, organisation_id=2)
    assert authorize(user, organisation_ids=[1, 2])
    assert authorize(user, user_id=3)
    assert forbidden(user=user, organisation_id=1).extensions["description"] == (
        "You don't have access to 'organisation=1'"
    )
    assert forbidden(user=user, user_id=4).resource == "user"
    assert not is_authorized(user, organisation_ids=[5])


def test_authorized_bases_filter_lists_permitted_bases():
    user = user_with(beneficiary__read=[1, 2])
    assert authorized_bases_filter(user, "beneficiary:read") == frozenset({1, 2})
    with pytest.raises(Forbidden) as info:
        authorized_bases_filter(user, "product:read")
    assert info.value.permission == "product:read"


def test_a_box_in_transit_is_readable_from_either_shipment_base():
    user = user_with(stock__read=[2])
    authorize_for_reading_box(user, location_base_id=1, shipment_base_ids=[1, 2])
    with pytest.raises(Forbidden):
        authorize_for_reading_box(user, location_base_id=1)


def test_cross_organisation_reading_needs_an_accepted_agreement():
    user = user_with(product__read=[1], box_state__read=[1])
    own = {1: 2, 5: 7, 6: 7}  # base -> organisation

    def check(base_id, agreement):
        authorize_cross_organisation_access(
            "product",
            "box_state",
            base_id=base_id,
            user=user,
            base_organisation_id=own.get,
            accepted_agreement_exists=lambda mine, other: agreement,
        )

    check(1, agreement=False)
    check(5, agreement=True)
    with pytest.raises(Forbidden) as info:
        check(6, agreement=False)
    assert (info.value.resource, info.value.value) == ("base", 6)
    with pytest.raises(Forbidden):
        check(404, agreement=True)  # unknown base reads as "not permitted"


# --- union results and error formatting ---------------------------------------------------------


def test_forbidden_converts_to_the_union_member_upstream_returns():
    assert union_error_from_forbidden(Forbidden(permission="tag:write")) == (
        InsufficientPermissionError(name="tag:write")
    )
    lookup = {3: ("Samos", "BoxCare")}.get
    assert union_error_from_forbidden(Forbidden(resource="base", value=3), lookup) == (
        UnauthorizedForBaseError(id=3, name="Samos", organisation_name="BoxCare")
    )
    assert union_error_from_forbidden(Forbidden(resource="base", value=9), lookup) == (
        UnauthorizedForBaseError(id=9, name="", organisation_name="")
    )
    with pytest.raises(Forbidden):
        union_error_from_forbidden(Forbidden(resource="organisation", value=2))


def test_handle_unauthorized_turns_a_forbidden_into_the_union_member(client):
    user = user_with(tag__write=[1])

    @handle_unauthorized(base_info=lambda base_id: ("Lesvos", "BoxAid"))
    async def delete_tag(base_id):
        authorize(user, permission="tag:write", base_id=base_id)
        return "tag"

    @handle_unauthorized
    async def read_stock():
        authorize(user, permission="stock:read", base_id=1)

    # The base-name lookup is offloaded like any DB call: run on our own loop.
    assert run_coroutine(delete_tag(1)) == "tag"
    assert run_coroutine(delete_tag(2)) == UnauthorizedForBaseError(
        id=2, name="Lesvos", organisation_name="BoxAid"
    )
    assert run_coroutine(read_stock()) == InsufficientPermissionError(name="stock:read")
    missing = ResourceDoesNotExistError(name="Tag", id=5)
    assert resolve_user_error_type(missing) == "ResourceDoesNotExistError"
    assert resolve_user_error_type("a Tag") is None


def test_handle_unauthorized_refuses_sync_resolvers():
    with pytest.raises(TypeError):

        @handle_unauthorized
        def update_tag(base_id):
            return "tag"


def located(exc: Exception) -> GraphQLError:
    return GraphQLError(str(exc), path=["box"], original_error=exc)


def test_raised_api_errors_carry_code_and_description_but_no_message():
    formatted = format_error(located(Forbidden(permission="stock:read")))
    assert formatted["message"] == "An unknown error occurred."  # graphql-core, for ""
    assert formatted["path"] == ["box"]
    assert formatted["extensions"] == {
        "code": "FORBIDDEN",
        "description": "You don't have access to 'stock:read'",
    }
    error = InvalidTransferAgreementBase(base_id=3, expected_base_ids=[1, 2])
    assert format_error(located(error))["extensions"] == {
        "code": "BAD_USER_INPUT",
        "description": "The specified base (ID: 3) is not part of the current transfer "
        "agreement (included base IDs: 1, 2).",
    }
    assert BadUserInput("x").extensions == {"code": "BAD_USER_INPUT", "description": "x"}


def test_database_errors_do_not_leak_sql():
    not_found = format_error(located(peewee.DoesNotExist("SELECT secret")))
    assert not_found["message"] == "An unknown error occurred."
    assert not_found["extensions"] == {
        "code": "BAD_USER_INPUT",
        "description": "The requested resource does not exist in the database.",
    }
    failure = format_error(located(peewee.OperationalError("SELECT secret")))
    assert failure["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "secret" not in json.dumps(failure)


def test_unexpected_errors_are_generic_in_production_and_detailed_in_debug():
    try:
        {}["secret"]
    except KeyError as e:
        error = located(e)
    production = format_error(error)
    assert production["message"] == "Internal server error"
    assert "extensions" not in production
    debug = format_error(error, debug=True)
    assert "secret" in debug["message"]
    assert debug["extensions"]["exception"]["stacktrace"]


def test_graphql_own_errors_pass_through():
    assert format_error(GraphQLError("Cannot query field 'x'."))["message"] == (
        "Cannot query field 'x'."
    )


# --- beta levels -----------------------------------------------------------------------------


def beta_user(level: int) -> CurrentUser:
    return CurrentUser(id=1, organisation_id=1, beta_user=level)


def test_beta_level_gates_mutations():
    assert check_user_beta_level("mutation { updateBox { id } }", beta_user(0))
    assert not check_user_beta_level("mutation { createBox { id } }", beta_user(0))
    assert check_user_beta_level("mutation { createBox { id } }", beta_user(1))
    assert not check_user_beta_level("mutation { updateBox { id } createTag { id } }", beta_user(5))
    assert check_user_beta_level("query { base(id: 1) { name } }", beta_user(0))


def test_mutations_hidden_in_fragments_are_seen():
    document = "mutation { ...M } fragment M on Mutation { createShipment { id } }"
    assert not check_user_beta_level(document, beta_user(1))
    assert check_user_beta_level(document, beta_user(2))


def test_statistics_need_level_three():
    query = f"query {{ {sorted(STATISTICS_QUERIES)[0]}(baseId: 1) {{ facts }} }}"
    assert not check_user_beta_level(query, beta_user(2))
    assert check_user_beta_level(query, beta_user(3))


def test_unknown_levels_fall_back_to_the_default_and_gods_pass():
    allowed = MUTATIONS_FOR_BETA_LEVEL[DEFAULT_MAX_BETA_LEVEL]
    assert "createShareableLink" in allowed and "createTag" not in allowed
    assert check_user_beta_level("mutation { createShareableLink { id } }", beta_user(50))
    assert not check_user_beta_level("mutation { createTag { id } }", beta_user(50))
    assert check_user_beta_level("mutation { createTag { id } }", CurrentUser(id=1, is_god=True))


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


# --- development tokens ---------------------------------------------------------------------


@pytest.mark.skipif(not EXPECTED_SAMPLES.is_dir(), reason=ABSENT)
def test_coordinator_claims_equal_those_upstream_recorded():
    sample = json.loads((EXPECTED_SAMPLES / "Box__1__coordinator.json").read_text())
    assert claims_for("coordinator", 1, [1], 8, settings=SETTINGS) == sample["claims"]


def test_minted_tokens_verify_and_expand_like_auth0_ones():
    settings = make_settings(PUBLIC_PEM)
    token = mint_token(
        user_id=17,
        organisation_id=2,
        base_ids=[2, 3],
        role="volunteer",
        settings=settings,
        private_key=PRIVATE_KEY,
    )
    user = CurrentUser.from_claims(decode_token(token, settings))
    assert user.id == 17
    assert user.permissions["stock:write"] == frozenset({2, 3})
    assert "shipment:create" not in user.permissions
    assert role_permissions("head-of-ops", [1]) == sorted(
        p.split("/", 1)[-1] for p in role_permissions("coordinator", [1])
    )


def test_development_server_trusts_the_generated_dev_key(tmp_path, capsys):
    settings = make_settings(None, dev_key_dir=str(tmp_path / "keys"))
    token = mint_token(role="god", settings=settings, expires_in=60)
    assert (tmp_path / "keys" / "public.pem").is_file()
    assert CurrentUser.from_claims(decode_token(token, settings)).is_god


def test_cli_prints_a_token(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BOXTRIBUTE_DEV_KEY_DIR", str(tmp_path))
    monkeypatch.setenv("ENVIRONMENT", "development")
    assert (
        main(
            ["--user-id", "8", "--organisation-id", "1", "--base-ids", "1", "--role", "coordinator"]
        )
        == 0
    )
    token = capsys.readouterr().out.strip()
    settings = make_settings(None, dev_key_dir=str(tmp_path))
    assert decode_token(token, settings)["sub"] == "auth0|8"
    assert main(["--role", "nobody"]) == 2
