"""createBeneficiary, updateBeneficiary, deactivateBeneficiary: plain synchronous
functions, each run by its resolver inside one transaction (offload_transaction).
createBeneficiaries is in bulk_import.py.

What they leave behind, as the original does (the `people` table's conventions):
- creating: a people row with created/modified set to now and the user, `seq` 1
  (2 with a family head: `parent_id`), `family_id` 0, `notregistered` the negation
  of `registered`, `approvalsigned` 1 if a signature is given (the signature text
  itself is not stored), the zero date for `deleted` and (unless given)
  `date_of_signature`; its languages (x_people_languages), its tags
  (tags_relations) and a history row 'Record created'. The answer is the
  beneficiary as given (a long name is answered whole, stored cut).
- updating: the given fields, `seq` recomputed (2 if `familyHeadId` is given, else
  1), languages replaced only by a non-empty list, a signature sets
  `approvalsigned`; one history row per changed field (see `_history_rows`), and
  modified/modified_by only if there is one.
- deactivating: `deleted` set to now (also again on an inactive beneficiary) with a
  history row 'Record deleted'; a family head takes its active family members along,
  their rows first.
A missing beneficiary, tag, language or family head is BAD_USER_INPUT (the
database's foreign keys and unique keys refuse them), and nothing is written.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from ..auth.authorization import authorize
from ..errors import ResourceNotFound
from ..history.recorder import (
    RECORD_CREATED,
    RECORD_DELETED,
    history_row,
    record_history,
    utc_now,
)
from ..tag import relations
from .models import Beneficiary, BeneficiaryLanguage

TABLE = "people"

# Columns NOT NULL without a default, which the legacy app fills like this.
LEGACY_DEFAULTS = {"family_id": 0, "bicycle_ban_comment": "", "workshop_ban_comment": ""}


def authorize_changing(base_id: int, action: str) -> None:
    """The checks of createBeneficiary and updateBeneficiary (action "create" or
    "edit"), in the original's order."""
    authorize(permission=f"beneficiary:{action}", base_id=base_id)
    authorize(permission="tag:read", base_id=base_id)
    authorize(permission="beneficiary_language:assign")
    authorize(permission="tag_relation:assign")


def _insert_languages(beneficiary_id: int, language_ids: list[int]) -> None:
    if language_ids:
        BeneficiaryLanguage.insert_many(
            [{"beneficiary": beneficiary_id, "language": i} for i in language_ids]
        ).execute()


def assign_new_tags(
    tag_ids_by_beneficiary: list[tuple[int, Any]], *, user_id: int, now: datetime.datetime
) -> None:
    """Tags of new beneficiaries (no live relation yet), each tag once."""
    relations.assign_tags(
        relations.OBJECT_TYPE_BENEFICIARY,
        [
            (beneficiary_id, tag_id)
            for beneficiary_id, tag_ids in tag_ids_by_beneficiary
            for tag_id in sorted({int(t) for t in tag_ids or ()})
        ],
        user_id=user_id,
        now=now,
        live={},
    )


def create_beneficiary(creation_input: Mapping[str, Any], *, user_id: int) -> Beneficiary:
    """createBeneficiary, after `authorize_changing(base, "create")`."""
    now = utc_now()
    family_head_id = creation_input.get("family_head_id")
    data = {
        "first_name": creation_input["first_name"],
        "last_name": creation_input["last_name"],
        "base": int(creation_input["base_id"]),
        "group_identifier": creation_input["group_identifier"],
        "date_of_birth": creation_input["date_of_birth"],
        "gender": creation_input["gender"],
        "is_volunteer": creation_input["is_volunteer"],
        "not_registered": not creation_input["registered"],
        "signed": creation_input.get("signature") is not None,
        "comment": creation_input.get("comment", ""),
        "family_head": family_head_id,
        "seq": 1 if family_head_id is None else 2,
        "date_of_signature": creation_input.get("date_of_signature"),
        "deleted_on": None,
        "created_on": now,
        "created_by": user_id,
        "last_modified_on": now,
        "last_modified_by": user_id,
        **LEGACY_DEFAULTS,
    }
    beneficiary_id = Beneficiary.insert(**data).execute()
    _insert_languages(beneficiary_id, list(creation_input.get("languages") or ()))
    assign_new_tags([(beneficiary_id, creation_input.get("tag_ids"))], user_id=user_id, now=now)
    record_history(
        [history_row(TABLE, beneficiary_id, RECORD_CREATED, user_id=user_id, change_date=now)]
    )
    return Beneficiary(id=beneficiary_id, **data)


def _locked(beneficiary_id: int) -> Beneficiary:
    beneficiary = Beneficiary.select().where(Beneficiary.id == beneficiary_id).for_update().first()
    if beneficiary is None:
        raise ResourceNotFound()
    return beneficiary


# Fields of updateBeneficiary's input set as given (None included).
_PLAIN_UPDATES = (
    "first_name",
    "last_name",
    "group_identifier",
    "date_of_birth",
    "comment",
    "is_volunteer",
    "date_of_signature",
)

# Compared for history, in the original's order: (attribute, column, kind). "text"
# gives 'column changed from "old" to "new";', "int" the column name with
# from_int/to_int.
_HISTORY_FIELDS = (
    ("first_name", "firstname", "text"),
    ("last_name", "lastname", "text"),
    ("not_registered", "notregistered", "int"),
    ("is_volunteer", "volunteer", "int"),
    ("comment", "comments", "text"),
    ("group_identifier", "container", "text"),
    ("date_of_signature", "date_of_signature", "text"),
    ("date_of_birth", "date_of_birth", "text"),
    ("gender", "gender", "gender"),
    ("signed", "approvalsigned", "int"),
    ("family_head_id", "parent_id", "int"),
    ("phone_number", "phone", "text"),
)


def _same(old: Any, new: Any) -> bool:
    # A date given for a date-time column never equals the stored date-time (the
    # original compares a datetime with a date).
    if isinstance(old, datetime.datetime) != isinstance(new, datetime.datetime):
        if old is not None and new is not None:
            return False
    return old == new


def _as_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _gender_text(value: str | None) -> str:
    # The original writes its enum's values: '' (Diverse) is "D".
    return "D" if not value else value


def _history_rows(
    old: Mapping[str, Any], beneficiary: Beneficiary, *, user_id: int, now: datetime.datetime
) -> list[dict]:
    rows = []
    for attribute, column, kind in _HISTORY_FIELDS:
        before, after = old[attribute], getattr(beneficiary, attribute)
        if _same(before, after):
            continue
        row = {"user_id": user_id, "change_date": now}
        if kind == "int":
            changes = column
            row.update(from_int=_as_int(before), to_int=_as_int(after))
        else:
            if kind == "gender":
                before, after = _gender_text(before), _gender_text(after)
            changes = f'{column} changed from "{before}" to "{after}";'
        rows.append(history_row(TABLE, beneficiary.id, changes, **row))
    return rows


def update_beneficiary(update_input: Mapping[str, Any], *, user_id: int) -> Beneficiary:
    """updateBeneficiary: look-up first (missing: BAD_USER_INPUT), then the checks of
    `authorize_changing` in the beneficiary's base."""
    beneficiary = _locked(int(update_input["id"]))
    authorize_changing(beneficiary.base_id, "edit")
    now = utc_now()
    old = {attribute: getattr(beneficiary, attribute) for attribute, _, _ in _HISTORY_FIELDS}

    changed: dict[str, Any] = {}
    if update_input.get("gender") is not None:
        changed["gender"] = update_input["gender"]
    family_head_id = update_input.get("family_head_id")
    if family_head_id is not None:
        changed["family_head"] = int(family_head_id)
    changed["seq"] = 1 if family_head_id is None else 2
    if update_input.get("registered") is not None:
        changed["not_registered"] = not update_input["registered"]
    if update_input.get("signature") is not None:
        changed["signed"] = True
        changed["signature"] = update_input["signature"]
    for attribute in _PLAIN_UPDATES:
        if attribute in update_input:
            changed[attribute] = update_input[attribute]
    for attribute, value in changed.items():
        setattr(beneficiary, attribute, value)

    language_ids = list(update_input.get("languages") or ())
    if language_ids:
        BeneficiaryLanguage.delete().where(
            BeneficiaryLanguage.beneficiary == beneficiary.id
        ).execute()
        _insert_languages(beneficiary.id, language_ids)

    history = _history_rows(old, beneficiary, user_id=user_id, now=now)
    if history:
        beneficiary.last_modified_on = changed["last_modified_on"] = now
        beneficiary.last_modified_by = changed["last_modified_by"] = user_id
    Beneficiary.update(**changed).where(Beneficiary.id == beneficiary.id).execute()
    record_history(history)
    return beneficiary


def deactivate_beneficiary(beneficiary_id: int, *, user_id: int) -> Beneficiary:
    """deactivateBeneficiary: look-up first, then beneficiary:delete in its base."""
    beneficiary = _locked(beneficiary_id)
    authorize(permission="beneficiary:delete", base_id=beneficiary.base_id)
    now = utc_now()
    ids = [beneficiary.id]
    if beneficiary.family_head_id is None:
        members = (
            Beneficiary.select(Beneficiary.id)
            .where(Beneficiary.family_head == beneficiary.id, Beneficiary.deleted_on.is_unset())
            .order_by(Beneficiary.id)
            .for_update()
            .tuples()
        )
        ids = [member_id for (member_id,) in members] + ids
    Beneficiary.update(deleted_on=now).where(Beneficiary.id.in_(ids)).execute()
    record_history(
        history_row(TABLE, i, RECORD_DELETED, user_id=user_id, change_date=now) for i in ids
    )
    beneficiary.deleted_on = now
    return beneficiary
