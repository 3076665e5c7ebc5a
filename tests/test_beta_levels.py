"""Beta levels: which mutations and statistics a user's beta level opens."""

from __future__ import annotations

from boxtribute_api.auth.beta import (
    DEFAULT_MAX_BETA_LEVEL,
    MUTATIONS_FOR_BETA_LEVEL,
    STATISTICS_QUERIES,
    check_user_beta_level,
)
from boxtribute_api.auth.user import (
    CurrentUser,
)
from support.tokens import (
    beta_user,
)

# --- beta levels -----------------------------------------------------------------------------


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
