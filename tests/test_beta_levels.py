"""Beta levels: which mutations a user's beta level opens (the original's table)."""

from __future__ import annotations

from boxtribute_api.auth.beta import (
    DEFAULT_MAX_BETA_LEVEL,
    MUTATIONS_FOR_BETA_LEVEL,
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
    assert not check_user_beta_level("mutation { updateBox { id } createTag { id } }", beta_user(4))
    assert check_user_beta_level("mutation { updateBox { id } createTag { id } }", beta_user(5))
    assert check_user_beta_level("query { base(id: 1) { name } }", beta_user(0))


def test_mutations_hidden_in_fragments_are_seen():
    document = "mutation { ...M } fragment M on Mutation { createShipment { id } }"
    assert not check_user_beta_level(document, beta_user(1))
    assert check_user_beta_level(document, beta_user(2))


def test_queries_are_never_gated():
    query = "query { createdBoxes(baseId: 1) { facts { boxesCount } } }"
    assert check_user_beta_level(query, beta_user(0))


def test_unknown_levels_fall_back_to_the_default_and_gods_pass():
    allowed = MUTATIONS_FOR_BETA_LEVEL[DEFAULT_MAX_BETA_LEVEL]
    assert "createTag" in allowed and "createBoxes" not in allowed
    assert check_user_beta_level("mutation { createTag { id } }", beta_user(50))
    assert not check_user_beta_level("mutation { createBoxes { id } }", beta_user(50))
    assert check_user_beta_level("mutation { createBoxes { id } }", CurrentUser(id=1, is_god=True))


def test_each_level_opens_the_original_s_mutations():
    assert "createShareableLink" in MUTATIONS_FOR_BETA_LEVEL[3]
    assert "createShareableLink" not in MUTATIONS_FOR_BETA_LEVEL[2]
    assert "updateMarkedForShipmentBox" not in MUTATIONS_FOR_BETA_LEVEL[6]
    assert "updateMarkedForShipmentBox" in MUTATIONS_FOR_BETA_LEVEL[7]
    assert "assignTag" not in MUTATIONS_FOR_BETA_LEVEL[7]
    assert "assignTag" in MUTATIONS_FOR_BETA_LEVEL[98]
    assert "createDistributionSpot" not in MUTATIONS_FOR_BETA_LEVEL[98]
    assert "createDistributionSpot" in MUTATIONS_FOR_BETA_LEVEL[99]
