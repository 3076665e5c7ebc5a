"""createBeneficiaries: many beneficiaries of one base at once (a spreadsheet import),
in one transaction.

As the original: an empty list creates nothing (whatever the base); a missing base is
ResourceDoesNotExistError, a deleted one DeletedBaseError. The rows are inserted in
one statement, with '' for a missing last name, comment and gender, and `seq` 0;
`familyHeadId` is not stored, and `languages` in the first row fails the whole
import with the original's Python error text (in later rows it is ignored). Each
stored row is then compared with its input: any difference (e.g. a name longer than
its column, stored cut) fails the import with InvalidBeneficiaryImport listing them.
Otherwise each new beneficiary gets a 'Record created' history row and its tags. The
answer lists the stored rows, by id.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..base.errors import DeletedBaseError
from ..base.models import Base
from ..errors import CrashOfTheOriginal, ResourceDoesNotExistError
from ..history.recorder import RECORD_CREATED, history_row, record_history, utc_now
from .errors import InvalidBeneficiaryImport
from .models import Beneficiary
from .writes import LEGACY_DEFAULTS, TABLE, assign_new_tags


@dataclass(frozen=True)
class BeneficiariesResult:
    results: list = field(default_factory=list)
    graphql_type: str = "BeneficiariesResult"


# Compared after the insert: (input key, column), as the original lists them.
_CHECKED = (
    ("first_name", Beneficiary.first_name),
    ("last_name", Beneficiary.last_name),
    ("date_of_birth", Beneficiary.date_of_birth),
    ("gender", Beneficiary.gender),
    ("is_volunteer", Beneficiary.is_volunteer),
    ("not_registered", Beneficiary.not_registered),
    ("phone_number", Beneficiary.phone_number),
    ("group_identifier", Beneficiary.group_identifier),
    ("comment", Beneficiary.comment),
)


def _row(entry: Mapping[str, Any]) -> dict:
    row = {
        "last_name": "",
        "date_of_birth": None,
        "gender": "",
        "comment": "",
        "is_volunteer": False,
        "not_registered": False,
        "phone_number": None,
    }
    for key, value in entry.items():
        if key == "registered":
            row["not_registered"] = not value
        elif key not in ("tag_ids", "family_head_id", "languages"):
            row[key] = value
    if row["gender"] is None:
        row["gender"] = ""
    return row


def _tag_ids(entry: Mapping[str, Any]) -> Any:
    tag_ids = entry.get("tag_ids", ())
    if tag_ids is None:
        raise CrashOfTheOriginal("'NoneType' object is not iterable")
    return tag_ids


def _differences(given: dict, stored: tuple) -> list[dict]:
    found = []
    for (key, _), value in zip(_CHECKED, stored, strict=True):
        wanted = given[key]
        if key == "gender":
            continue  # a given gender is not compared; none is stored as ''
        if wanted != value:
            if key in ("is_volunteer", "not_registered") and value is not None:
                value = int(value)  # the original reads the tinyint as is
            found.append({key: [wanted, value]})
    return found


def create_beneficiaries(creation_input: Mapping[str, Any], *, user_id: int) -> Any:
    """createBeneficiaries, after the resolver's permission checks."""
    entries = list(creation_input["beneficiary_data"])
    if not entries:
        return BeneficiariesResult()
    base_id = int(creation_input["base_id"])
    base = Base.get_or_none(Base.id == base_id)
    if base is None:
        return ResourceDoesNotExistError(name="Base", id=base_id)
    if base.deleted_on is not None:
        return DeletedBaseError(name=base.name)
    if "languages" in entries[0]:
        raise CrashOfTheOriginal("type object 'Beneficiary' has no attribute 'languages'")

    now = utc_now()
    tag_ids = [_tag_ids(entry) for entry in entries]
    rows = [_row(entry) for entry in entries]
    common = {
        "base": base_id,
        "created_on": now,
        "created_by": user_id,
        "seq": 0,
        "deleted_on": None,
        **LEGACY_DEFAULTS,
    }
    first_id = Beneficiary.insert_many([{**row, **common} for row in rows]).execute()
    ids = list(range(first_id, first_id + len(rows)))

    stored = (
        Beneficiary.select(Beneficiary.id, Beneficiary.base, *(column for _, column in _CHECKED))
        .where(Beneficiary.id.in_(ids))
        .order_by(Beneficiary.id)
        .tuples()
    )
    invalid = {}
    for index, (row, (_, stored_base, *values)) in enumerate(zip(rows, stored, strict=True)):
        differences = _differences(row, tuple(values))
        if stored_base != base_id:
            differences.append({"base": [base_id, stored_base]})
        if differences:
            invalid[str(index)] = differences  # JSON object keys
    if invalid:
        raise InvalidBeneficiaryImport(invalid_fields=invalid)

    record_history(
        history_row(TABLE, i, RECORD_CREATED, user_id=user_id, change_date=now) for i in ids
    )
    assign_new_tags(list(zip(ids, tag_ids, strict=True)), user_id=user_id, now=now)
    created = Beneficiary.select().where(Beneficiary.id.in_(ids)).order_by(Beneficiary.id)
    return BeneficiariesResult(results=list(created))
