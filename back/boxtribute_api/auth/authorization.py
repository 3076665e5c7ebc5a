"""Authorization rules, as the original back-end enforces them.

Every check takes the user explicitly or falls back to the request's user
(`auth.get_current_user()`). God users pass every check. A failed check raises
`errors.Forbidden`; resolvers of union results turn it into a union member
with `api.errors.handle_unauthorized`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import Any

from ..errors import Forbidden
from .user import CurrentUser, get_current_user

# Resources not tied to a base: a check may omit the base, and then passes if the
# permission is granted for any base. All other resources need a base to check.
BASE_AGNOSTIC_RESOURCES = frozenset(
    {
        "beneficiary_language",
        "box_state",
        "gender",
        "history",
        "language",
        "organisation",
        "product_category",
        "qr",
        "shipment_detail",
        "size",
        "size_range",
        "standard_product",
        "tag_relation",
        "transaction",
        "unit",
        "user",
    }
)


def _user(user: CurrentUser | None) -> CurrentUser:
    return user if user is not None else get_current_user()


def _as_int(value: Any) -> Any:
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def authorize(
    user: CurrentUser | None = None,
    *,
    permission: str | None = None,
    base_id: Any = None,
    base_ids: Iterable[Any] | None = None,
    organisation_id: Any = None,
    organisation_ids: Iterable[Any] | None = None,
    user_id: Any = None,
    ignore_missing_base_info: bool = False,
) -> bool:
    """Return True if allowed, else raise Forbidden. Exactly one kind of check runs,
    the first given of: permission (optionally in base_id / any of base_ids),
    organisation_id, organisation_ids (user's organisation among them), user_id.

    * permission not granted at all -> Forbidden(permission=...): "You don't have
      access to 'stock:write'".
    * granted, but not in the base(s) -> Forbidden(resource="base", value=base_id)
      ("base=3"), or resource "bases" with the list for base_ids.
    * organisation/user mismatch -> resource "organisation"/"organisations"/"user".
    A base-bound permission checked without base is a programming error (ValueError),
    unless `ignore_missing_base_info` (then: granted for at least one base).
    """
    user = _user(user)
    if user.is_god:
        return True
    base_ids = None if base_ids is None else [_as_int(b) for b in base_ids]
    organisation_ids = None if organisation_ids is None else [_as_int(o) for o in organisation_ids]

    if permission is not None:
        resource = permission.split(":", 1)[0]
        agnostic = resource in BASE_AGNOSTIC_RESOURCES
        if not agnostic and base_id is None and base_ids is None and not ignore_missing_base_info:
            raise ValueError(f"Missing base_id for base-related resource '{resource}'.")
        granted = user.permissions.get(permission)
        if granted is None:
            raise Forbidden(permission=permission)
        allowed = False
        if granted:
            if base_id is not None:
                allowed = _as_int(base_id) in granted
            elif base_ids is not None:
                allowed = any(b in granted for b in base_ids)
            else:
                allowed = agnostic or ignore_missing_base_info
    elif organisation_id is not None:
        allowed = _as_int(organisation_id) == user.organisation_id
    elif organisation_ids is not None:
        allowed = user.organisation_id in organisation_ids
    elif user_id is not None:
        allowed = _as_int(user_id) == user.id
    else:
        raise ValueError("Missing argument.")

    if allowed:
        return True
    # Name the first thing that was checked against (upstream's order). A permission
    # held for no base at all, checked without base, ends up as "user=None".
    for value, resource_name in (
        (base_id, "base"),
        (base_ids, "bases"),
        (organisation_id, "organisation"),
        (organisation_ids, "organisations"),
        (user_id, "user"),
    ):
        if value is not None:
            raise Forbidden(resource=resource_name, value=value)
    raise Forbidden(resource="user", value=None)


def is_authorized(user: CurrentUser | None = None, **kwargs: Any) -> bool:
    """Like `authorize` but answers False instead of raising Forbidden."""
    try:
        return authorize(user, **kwargs)
    except Forbidden:
        return False


def authorized_bases_filter(
    user: CurrentUser | None = None, permission: str = "base:read"
) -> frozenset[int] | None:
    """Bases whose rows the user may see for `permission` (e.g. "beneficiary:read"),
    or None meaning no restriction (god). Raises Forbidden if the permission is not
    granted at all. Upstream derives the permission from the model as
    "<snake_case model name>:read" unless one is given."""
    user = _user(user)
    if user.is_god:
        return None
    authorize(user, permission=permission, ignore_missing_base_info=True)
    return user.permissions[permission]


def permitted_base_ids(
    user: CurrentUser | None = None, permission: str = "base:read"
) -> frozenset[int] | None:
    """Non-raising variant: None for god, empty set if not granted."""
    user = _user(user)
    if user.is_god:
        return None
    return user.permissions.get(permission, frozenset())


def authorize_for_organisation_bases(user: CurrentUser | None = None) -> None:
    """Listing an organisation's bases needs base:read for some base only; the
    per-base fields are guarded separately."""
    authorize(user, permission="base:read", ignore_missing_base_info=True)


def authorize_for_reading_box(
    user: CurrentUser | None = None,
    *,
    location_base_id: Any,
    shipment_base_ids: Collection[Any] | None = None,
) -> None:
    """stock:read on the box's base. For a box in transit (states InTransit,
    Receiving, NotDelivered) the caller passes the source and target base of the
    shipment holding it (unremoved, unreceived detail): either base suffices."""
    if shipment_base_ids is not None:
        authorize(user, permission="stock:read", base_ids=list(shipment_base_ids))
    else:
        authorize(user, permission="stock:read", base_id=location_base_id)


def authorize_cross_organisation_access(
    *resources: str,
    base_id: Any,
    base_organisation_id: Callable[[Any], int | None],
    accepted_agreement_exists: Callable[[frozenset[int], Any], bool],
    user: CurrentUser | None = None,
) -> None:
    """Read access to `resources` (e.g. "product", "location") of a base that may
    belong to another organisation. Returns None or raises Forbidden.

    `base_organisation_id(base_id)`: the base's organisation, None if no such base.
    `accepted_agreement_exists(user_base_ids, base_id)`: whether an Accepted transfer
    agreement has a detail linking one of the user's bases with `base_id`, in either
    direction.
    """
    user = _user(user)
    if user.is_god:
        return
    if not resources:
        raise ValueError("At least one resource to authorize for must be given")
    specific = [r for r in resources if r not in BASE_AGNOSTIC_RESOURCES]
    for resource in resources:
        if resource in BASE_AGNOSTIC_RESOURCES:
            authorize(user, permission=f"{resource}:read")
    if not specific:
        return

    organisation_id = base_organisation_id(base_id)
    if organisation_id is None:
        # Non-existing base: told "not permitted" rather than "does not exist".
        raise Forbidden(resource="base", value=base_id)
    if organisation_id == user.organisation_id:
        for resource in specific:
            authorize(user, permission=f"{resource}:read", base_id=base_id)
        return

    # Another organisation's base: the user's bases are taken from the first
    # base-bound permission, and an accepted agreement must connect them.
    user_base_ids = user.permissions.get(f"{specific[0]}:read")
    if user_base_ids is None or not accepted_agreement_exists(user_base_ids, base_id):
        raise Forbidden(resource="base", value=base_id)
    for resource in specific:
        authorize(user, permission=f"{resource}:read", base_ids=list(user_base_ids))
