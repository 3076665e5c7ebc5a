"""The users the cases run as: real users of the dev seed, with the claims Auth0
would issue for them (organisation, bases and roles read from the seed's usergroups,
permissions from the project's role definitions in `boxtribute_api.cli.dev_token`).

The coordinator of base 1 (user 8) carries exactly the claims of the reference's
expected samples; the recorder checks that.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class User:
    key: str
    user_id: int
    description: str
    beta_user: int | None = None  # the token's beta level, if not the default


USERS = {
    user.key: user
    for user in (
        User("god", 1, "boxtribute god (role boxtribute_god)"),
        User("headofops", 2, "head of operations of organisation 1 (BoxAid: base 1)"),
        User("coordinator", 8, "coordinator of base 1 (the samples' user)"),
        User("warehouse", 23, "warehouse volunteer of base 1"),
        User("freeshop", 24, "free shop volunteer of base 1: reads stock, may not write it"),
        User("readonly", 25, "library volunteer of base 1: read permissions only"),
        User("org2", 17, "coordinator of bases 2 and 3 (organisation 2, BoxCare)"),
        # The coordinator of base 1 at lower beta levels (the mutations they open).
        User("beta5", 8, "coordinator of base 1 at beta level 5", beta_user=5),
        User("beta6", 8, "coordinator of base 1 at beta level 6", beta_user=6),
    )
}


# Steps sent to the public service (/public) go without a token: their user is this
# one, whose claims are None.
ANONYMOUS = "anonymous"


def claims_from_database(settings, user: User) -> dict:
    """Token claims for a seed user, as `boxtribute dev-token --claims` builds them."""
    from boxtribute_api.auth.user import CLAIM_PREFIX
    from boxtribute_api.cli.dev_token.database_users import load_database_user
    from boxtribute_api.cli.dev_token.roles import claims_for, permissions_for_role_names

    row = load_database_user(settings, user_id=user.user_id)
    if row.deleted:
        raise ValueError(f"user {user.user_id} is deleted in the seed")
    claims = claims_for(
        "coordinator", row.organisation_id, list(row.base_ids), row.id, settings=settings
    )
    claims[f"{CLAIM_PREFIX}/roles"] = list(row.role_names)
    claims[f"{CLAIM_PREFIX}/permissions"] = permissions_for_role_names(row.role_names, row.base_ids)
    if user.beta_user is not None:
        claims[f"{CLAIM_PREFIX}/beta_user"] = user.beta_user
    return claims
