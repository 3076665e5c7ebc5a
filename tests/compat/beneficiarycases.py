"""Beneficiary cases: the queries beneficiary, beneficiaries and Base.beneficiaries
(filters, cursor pagination) and the mutations createBeneficiary,
createBeneficiaries, updateBeneficiary and deactivateBeneficiary, with success,
each validation error and each denial of the original. No frontend operation sends
them; the documents are in extra_operations.py, the query cases in
beneficiaryquerycases.py.

Who may do what (users.py): god and the head of operations everything;
the coordinator of base 1 everything in base 1; the free shop volunteer reads,
creates and edits beneficiaries of base 1 but may not read tags (so every mutation
but deactivate is denied, and Beneficiary.tags is an error); the library volunteer
("readonly") only reads them; the warehouse volunteer has no beneficiary permission;
"org2" is coordinator of bases 2 and 3; "beta5" and "beta6" are the coordinator of
base 1 at beta levels 5 and 6 (createBeneficiaries opens at 6, the others at 98).

The answers leave out `age` (it changes with the calendar).
"""

from __future__ import annotations

from .beneficiaryquerycases import query_cases
from .mutationcases import ref
from .querycases import case, step
from .seedfacts import MISSING_ID, SeedFacts

ACTIVE = "(deleted IS NULL OR deleted = 0)"


def _first(f: SeedFacts, where: str, *args) -> int:
    return f.one(f"SELECT id FROM people WHERE {where} ORDER BY id", *args)


def _known(f: SeedFacts) -> dict[str, int]:
    """Beneficiaries the cases name, by what they are."""
    counts = (
        "(SELECT COUNT(*) FROM transactions t WHERE t.people_id = p.id) > 1"
        " AND (SELECT COUNT(*) FROM x_people_languages x WHERE x.people_id = p.id) > 1"
        " AND (SELECT COUNT(*) FROM tags_relations r WHERE r.object_id = p.id"
        "  AND r.object_type = 'People' AND r.deleted_on IS NULL) > 1"
    )
    head_with_children = (
        f"camp_id = 1 AND {ACTIVE} AND parent_id IS NULL AND EXISTS (SELECT 1 FROM people c"
        " WHERE c.parent_id = people.id AND (c.deleted IS NULL OR c.deleted = 0))"
        " AND EXISTS (SELECT 1 FROM people c WHERE c.parent_id = people.id AND c.deleted > 0)"
    )
    return {
        "base1-full": f.one(
            f"SELECT id FROM people p WHERE camp_id = 1 AND {ACTIVE} AND {counts} ORDER BY id"
        ),
        "base1-plain": _first(
            f,
            f"camp_id = 1 AND {ACTIVE} AND parent_id IS NULL AND NOT EXISTS"
            " (SELECT 1 FROM people c WHERE c.parent_id = people.id)",
        ),
        "base1-child": _first(f, f"camp_id = 1 AND {ACTIVE} AND parent_id IS NOT NULL"),
        "base1-head": _first(f, head_with_children),
        "base1-deleted": _first(f, "camp_id = 1 AND deleted > 0"),
        "base1-no-birth-date": _first(f, "camp_id = 1 AND date_of_birth IS NULL"),
        "base2": _first(f, f"camp_id = 2 AND {ACTIVE}"),
        "base3": _first(f, f"camp_id = 3 AND {ACTIVE}"),
        "base4-deleted": _first(f, "camp_id = 4"),
        "testorg-signed": _first(f, f"camp_id = 100000000 AND {ACTIVE} AND date_of_signature > 0"),
    }


def _creation(**changes) -> dict:
    new = {
        "firstName": "Compat",
        "lastName": "Person",
        "baseId": 1,
        "groupIdentifier": "C-17",
        "dateOfBirth": "1990-04-05",
        "gender": "Female",
        "isVolunteer": False,
        "registered": True,
    }
    return {**new, **changes}


def create_cases(f: SeedFacts, known: dict[str, int]) -> dict[str, list[dict]]:
    people_tag, all_tag, box_tag = f.tag(1, "People"), f.tag(1, "All"), f.tag(1, "Stock")
    deleted_tag = f.tag(1, "People", deleted=True)
    base2_tag = f.tag(2, "People")
    head = known["base1-plain"]
    full = _creation(
        comment="arrived on Tuesday",
        gender="Male",
        languages=["en", "ar"],
        familyHeadId=head,
        isVolunteer=True,
        registered=False,
        signature="C. Person",
        dateOfSignature="2024-02-29",
        tagIds=[people_tag, all_tag],
    )
    cases: dict[str, list[dict]] = {}

    op = "ExtraCreateBeneficiary"

    def one(name: str, user: str, **changes) -> dict:
        return case(name, step(op, user, input=_creation(**changes)))

    cases[op] = [
        case("coordinator-full", step(op, "coordinator", input=full)),
        one("coordinator-minimal", "coordinator"),
        one("coordinator-diverse", "coordinator", gender="Diverse"),
        one(
            "coordinator-empty-strings",
            "coordinator",
            firstName="",
            lastName="",
            groupIdentifier="",
        ),
        one("coordinator-comment-null", "coordinator", comment=None, languages=None, tagIds=None),
        one("coordinator-empty-lists", "coordinator", languages=[], tagIds=[]),
        one("coordinator-duplicate-tags", "coordinator", tagIds=[people_tag, people_tag, all_tag]),
        one("coordinator-duplicate-languages", "coordinator", languages=["fr", "fr"]),
        one("coordinator-box-tag", "coordinator", tagIds=[box_tag]),
        one("coordinator-deleted-tag", "coordinator", tagIds=[deleted_tag]),
        one("coordinator-base2-tag", "coordinator", tagIds=[base2_tag]),
        one("coordinator-missing-tag", "coordinator", tagIds=[MISSING_ID]),
        one("coordinator-missing-family-head", "coordinator", familyHeadId=MISSING_ID),
        one("coordinator-base2-family-head", "coordinator", familyHeadId=known["base2"]),
        one("coordinator-child-as-family-head", "coordinator", familyHeadId=known["base1-child"]),
        one("coordinator-signature-only", "coordinator", signature="S"),
        one("coordinator-signature-date-only", "coordinator", dateOfSignature="2023-01-02"),
        one("coordinator-long-name", "coordinator", firstName="x" * 300),
        one("coordinator-future-birth", "coordinator", dateOfBirth="2999-01-01"),
        one("coordinator-emoji", "coordinator", firstName="Compat \U0001f600"),
        one("coordinator-base2", "coordinator", baseId=2),
        one("god-base2", "god", baseId=2, tagIds=[base2_tag]),
        one("god-missing-base", "god", baseId=MISSING_ID),
        case("headofops-full", step(op, "headofops", input=full)),
        *[one(f"{user}-base1", user) for user in ("warehouse", "freeshop", "readonly", "org2")],
        one("org2-base3", "org2", baseId=3),
        one("beta6-base1", "beta6"),
        case(
            "coordinator-created-then-read",
            step(op, "coordinator", input=full),
            step(
                "ExtraBeneficiary",
                "coordinator",
                id=ref(0, "data", "createBeneficiary", "id"),
            ),
        ),
    ]

    op = "ExtraCreateBeneficiaries"
    minimal = {"firstName": "Bulk", "groupIdentifier": "B-1"}
    complete = {
        "firstName": "Bulk",
        "lastName": "Complete",
        "groupIdentifier": "B-2",
        "dateOfBirth": "2001-12-31",
        "comment": "from a sheet",
        "gender": "Male",
        "phoneNumber": "+30 123",
        "isVolunteer": True,
        "registered": False,
        "tagIds": [people_tag, all_tag, people_tag],
    }

    def bulk(name: str, user: str, data: list[dict], base_id: int = 1) -> dict:
        return case(name, step(op, user, input={"baseId": base_id, "beneficiaryData": data}))

    cases[op] = [
        bulk("coordinator-two", "coordinator", [minimal, complete]),
        bulk("coordinator-one-minimal", "coordinator", [minimal]),
        bulk("coordinator-empty", "coordinator", []),
        bulk(
            "coordinator-thirty",
            "coordinator",
            [{**complete, "firstName": f"Bulk {n}", "tagIds": [all_tag]} for n in range(30)],
        ),
        bulk(
            "coordinator-genders",
            "coordinator",
            [{**minimal, "gender": g} for g in ("Female", "Diverse")],
        ),
        bulk("coordinator-family-head", "coordinator", [{**minimal, "familyHeadId": head}]),
        bulk("coordinator-languages", "coordinator", [{**minimal, "languages": ["en"]}]),
        bulk("coordinator-missing-tag", "coordinator", [{**minimal, "tagIds": [MISSING_ID]}]),
        bulk("coordinator-long-name", "coordinator", [{**minimal, "firstName": "y" * 300}]),
        bulk("coordinator-trailing-space", "coordinator", [{**minimal, "firstName": "Bulk "}]),
        bulk("coordinator-nulls", "coordinator", [{**minimal, "lastName": None, "comment": None}]),
        bulk(
            "coordinator-null-last-name-of-two",
            "coordinator",
            [{**minimal, "lastName": None}, minimal],
        ),
        bulk("coordinator-volunteer-null", "coordinator", [{**minimal, "isVolunteer": None}]),
        bulk(
            "coordinator-volunteer-null-of-two",
            "coordinator",
            [minimal, {**minimal, "isVolunteer": None}],
        ),
        bulk("coordinator-registered-null", "coordinator", [{**minimal, "registered": None}]),
        bulk("coordinator-gender-null", "coordinator", [{**minimal, "gender": None}]),
        bulk("coordinator-tags-null", "coordinator", [{**minimal, "tagIds": None}]),
        bulk(
            "coordinator-languages-in-second-row",
            "coordinator",
            [minimal, {**minimal, "languages": ["en"]}],
        ),
        bulk("coordinator-emoji", "coordinator", [{**minimal, "firstName": "Bulk \U0001f600"}]),
        bulk("coordinator-base2", "coordinator", [minimal], base_id=2),
        bulk("god-base2", "god", [minimal], base_id=2),
        bulk("god-missing-base", "god", [minimal], base_id=MISSING_ID),
        bulk("god-missing-base-empty", "god", [], base_id=MISSING_ID),
        bulk("headofops-two", "headofops", [minimal, complete]),
        *[
            bulk(f"{user}-base1", user, [minimal])
            for user in ("warehouse", "freeshop", "readonly", "org2")
        ],
        bulk("org2-base3", "org2", [minimal], base_id=3),
        bulk("beta6-one-minimal", "beta6", [minimal]),
        bulk("beta5-one-minimal", "beta5", [minimal]),
    ]
    return cases


def update_cases(f: SeedFacts, known: dict[str, int]) -> dict[str, list[dict]]:
    op = "ExtraUpdateBeneficiary"
    plain, child, full = known["base1-plain"], known["base1-child"], known["base1-full"]
    plain_row = f.one(
        "SELECT firstname, lastname, container, date_of_birth, comments, gender, volunteer,"
        " notregistered FROM people WHERE id = %s",
        plain,
    )
    first, last, container, birth, comment, gender, volunteer, not_registered = plain_row
    genders = {"M": "Male", "F": "Female", "": "Diverse"}
    other_gender = "Female" if gender == "M" else "Male"

    def update(name: str, user: str, beneficiary_id: int = plain, **changes) -> dict:
        return case(name, step(op, user, input={"id": str(beneficiary_id), **changes}))

    everything = {
        "firstName": "New first",
        "lastName": "New last",
        "groupIdentifier": "N-1",
        "dateOfBirth": "2000-01-31",
        "comment": "new comment",
        "gender": other_gender,
        "languages": ["de", "ckb"],
        "familyHeadId": known["base1-head"],
        "isVolunteer": not volunteer,
        "registered": bool(not_registered),
        "signature": "N. Last",
        "dateOfSignature": "2024-06-01",
    }
    same = {
        "firstName": first,
        "lastName": last,
        "groupIdentifier": container,
        "dateOfBirth": birth.isoformat() if birth else None,
        "comment": comment,
        "gender": genders[gender],
        "isVolunteer": bool(volunteer),
        "registered": not not_registered,
    }
    cases: dict[str, list[dict]] = {op: []}
    cases[op] = [
        update("coordinator-everything", "coordinator", **everything),
        update("coordinator-nothing", "coordinator"),
        update("coordinator-same-values", "coordinator", **same),
        *[
            update(f"coordinator-{key}", "coordinator", **{key: value})
            for key, value in everything.items()
        ],
        update("coordinator-gender-diverse", "coordinator", gender="Diverse"),
        update("coordinator-birth-null", "coordinator", dateOfBirth=None),
        update("coordinator-comment-null", "coordinator", comment=None),
        update("coordinator-first-name-null", "coordinator", firstName=None),
        update("coordinator-languages-empty", "coordinator", beneficiary_id=full, languages=[]),
        update("coordinator-languages-same", "coordinator", beneficiary_id=full, languages=["en"]),
        update("coordinator-child", "coordinator", beneficiary_id=child, comment="a child"),
        update(
            "coordinator-child-family-head-null",
            "coordinator",
            beneficiary_id=child,
            familyHeadId=None,
        ),
        update(
            "coordinator-child-new-head", "coordinator", beneficiary_id=child, familyHeadId=plain
        ),
        update("coordinator-full", "coordinator", beneficiary_id=full, lastName="Tagged"),
        update(
            "coordinator-deleted", "coordinator", beneficiary_id=known["base1-deleted"], comment="x"
        ),
        update(
            "coordinator-no-birth-date",
            "coordinator",
            beneficiary_id=known["base1-no-birth-date"],
            firstName="y",
        ),
        update("coordinator-missing-family-head", "coordinator", familyHeadId=MISSING_ID),
        update("coordinator-base2-family-head", "coordinator", familyHeadId=known["base2"]),
        update("coordinator-volunteer-null", "coordinator", isVolunteer=None),
        update("coordinator-registered-null", "coordinator", registered=None),
        update("coordinator-gender-null", "coordinator", gender=None),
        update("coordinator-languages-null", "coordinator", languages=None),
        update("coordinator-signature-null", "coordinator", signature=None),
        update("coordinator-signature-date-null", "coordinator", dateOfSignature=None),
        update(
            "god-signed-same-date",
            "god",
            beneficiary_id=known["testorg-signed"],
            dateOfSignature="2019-09-02",
        ),
        update(
            "god-signed-date-null",
            "god",
            beneficiary_id=known["testorg-signed"],
            dateOfSignature=None,
        ),
        update(
            "god-signed-signature",
            "god",
            beneficiary_id=known["testorg-signed"],
            signature="again",
        ),
        case(
            "coordinator-created-with-family-head-then-updated",
            step("ExtraCreateBeneficiary", "coordinator", input=_creation(familyHeadId=plain)),
            step(
                op,
                "coordinator",
                input={"id": ref(0, "data", "createBeneficiary", "id"), "firstName": "Child"},
            ),
        ),
        update("coordinator-self-family-head", "coordinator", familyHeadId=plain),
        update("coordinator-duplicate-languages", "coordinator", languages=["fr", "fr"]),
        update("coordinator-long-name", "coordinator", lastName="z" * 300),
        update("coordinator-missing", "coordinator", beneficiary_id=MISSING_ID, comment="x"),
        update("coordinator-base2", "coordinator", beneficiary_id=known["base2"], comment="x"),
        update("god-base2", "god", beneficiary_id=known["base2"], comment="by god"),
        update("god-signed", "god", beneficiary_id=known["testorg-signed"], comment="signed"),
        update("headofops-everything", "headofops", **everything),
        *[
            update(f"{user}-base1", user, comment="x")
            for user in ("warehouse", "freeshop", "readonly", "org2")
        ],
        update("org2-base2", "org2", beneficiary_id=known["base2"], firstName="Org2"),
        update("beta6-base1", "beta6", comment="x"),
        case(
            "coordinator-twice",
            step(op, "coordinator", input={"id": str(plain), "comment": "first"}),
            step(op, "coordinator", input={"id": str(plain), "comment": "second"}),
        ),
    ]

    op = "ExtraDeactivateBeneficiary"

    def deactivate(name: str, user: str, beneficiary_id: int) -> dict:
        return case(name, step(op, user, id=str(beneficiary_id)))

    cases[op] = [
        deactivate("coordinator-plain", "coordinator", plain),
        deactivate("coordinator-head-with-children", "coordinator", known["base1-head"]),
        deactivate("coordinator-child", "coordinator", child),
        deactivate("coordinator-deleted", "coordinator", known["base1-deleted"]),
        deactivate("coordinator-full", "coordinator", full),
        deactivate("coordinator-missing", "coordinator", MISSING_ID),
        deactivate("coordinator-base2", "coordinator", known["base2"]),
        deactivate("god-base2", "god", known["base2"]),
        deactivate("god-base4-deleted", "god", known["base4-deleted"]),
        deactivate("headofops-plain", "headofops", plain),
        *[
            deactivate(f"{user}-base1", user, plain)
            for user in ("warehouse", "freeshop", "readonly", "org2")
        ],
        deactivate("org2-base3", "org2", known["base3"]),
        deactivate("beta6-plain", "beta6", plain),
        case(
            "coordinator-created-then-deactivated",
            step("ExtraCreateBeneficiary", "coordinator", input=_creation()),
            step(op, "coordinator", id=ref(0, "data", "createBeneficiary", "id")),
        ),
    ]
    return cases


def beneficiary_cases(f: SeedFacts) -> dict[str, list[dict]]:
    known = _known(f)
    return {
        **query_cases(f, known),
        **create_cases(f, known),
        **update_cases(f, known),
    }
