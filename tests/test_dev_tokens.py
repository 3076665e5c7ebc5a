"""Development tokens (cli/dev_token.py): claims like upstream's, verified like
Auth0's, trusted by the development server."""

from __future__ import annotations

import json

import pytest

from boxtribute_api.auth.tokens import decode_token
from boxtribute_api.auth.user import (
    CurrentUser,
)
from boxtribute_api.cli.dev_token.command import main
from boxtribute_api.cli.dev_token.roles import claims_for, role_permissions
from boxtribute_api.cli.dev_token.signing import mint_token
from support.reference import ABSENT, EXPECTED_SAMPLES
from support.tokens import (
    PRIVATE_KEY,
    PUBLIC_PEM,
    SETTINGS,
    make_settings,
)

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
