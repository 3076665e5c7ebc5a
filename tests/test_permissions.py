"""Authorization: permissions expanded from the token's claims, and the checks
(`authorize`) that hold them against a base, an organisation, a user."""

from __future__ import annotations

import pytest

from boxtribute_api.auth.authorization import (
    authorize,
    authorize_cross_organisation_access,
    authorize_for_reading_box,
    authorized_bases_filter,
    is_authorized,
)
from boxtribute_api.auth.user import (
    GOD_ROLE,
    CurrentUser,
    expand_permissions,
)
from boxtribute_api.errors import (
    Forbidden,
)
from support.tokens import (
    claims_payload,
    user_with,
)

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
